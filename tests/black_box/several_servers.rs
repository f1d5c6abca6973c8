//! Several stateless servers on one database, as a council scales out:
//! sessions, the login limit, ballots and the mail outbox hold across them.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use coforum_mail::{MailSettings, SmtpUrl};
use coforum_persistence::repos::outbox;
use serde_json::json;

use crate::common::mail::SmtpSink;
use crate::common::*;
use crate::support::*;

#[tokio::test]
async fn a_session_from_one_server_is_good_on_another() {
    let first = spawn_app().await;
    let second = spawn_app_on(&first.database_url).await;
    let sam = first.register("sam@example.org", "Sam").await;
    let me = second.ok(Some(&sam.access_token), "Me", json!({})).await;
    assert_eq!(me["me"]["id"], sam.user_id.as_str());
    // A refresh on the second server rotates the session made on the first.
    let refreshed = second
        .ok(
            None,
            "RefreshSession",
            json!({ "refreshToken": sam.refresh_token }),
        )
        .await;
    assert!(refreshed["refreshSession"]["accessToken"].is_string());
    let reused = first
        .op(
            None,
            "RefreshSession",
            json!({ "refreshToken": sam.refresh_token }),
        )
        .await;
    assert_code(&reused, "UNAUTHENTICATED");
}

#[tokio::test]
async fn the_login_limit_counts_failures_on_every_server() {
    let first = spawn_app().await;
    let second = spawn_app_on(&first.database_url).await;
    first.register("sam@example.org", "Sam").await;
    for attempt in 0..5 {
        let server = if attempt % 2 == 0 { &first } else { &second };
        let body = server.login("sam@example.org", "not the password").await;
        assert_code(&body, "UNAUTHENTICATED");
    }
    for server in [&first, &second] {
        let body = server.login("sam@example.org", PASSWORD).await;
        assert_code(&body, "RATE_LIMITED");
    }
}

#[tokio::test]
async fn ballots_cast_through_both_servers_all_count_when_either_closes_the_round() {
    let first = spawn_app().await;
    let second = spawn_app_on(&first.database_url).await;
    let scene = scene(&first, "two-servers", 6).await;
    let token = scene.facilitator.access_token.clone();
    let ids = findings(&first, &token, &scene.forum_id, 2).await;
    let round_id = open_id(&first, &token, &scene.forum_id, &ids, "APPROVAL", json!({})).await;
    for (i, voter) in scene.members.iter().enumerate() {
        let server = if i % 2 == 0 { &first } else { &second };
        vote(server, voter, &round_id, &[(ids[i % 2].as_str(), 1)]).await;
    }
    let closed = close(&second, &token, &round_id).await;
    assert_eq!(closed["result"]["ballotCount"], 6);
    let seen_by_first = round(&first, &token, &round_id).await;
    assert_eq!(seen_by_first["state"], "CLOSED");
    assert_eq!(seen_by_first["result"]["ballotCount"], 6);
    let again = close_round(&first, Some(&token), &round_id).await;
    assert_code(&again, "CONFLICT");
}

/// Mail settings for one of several servers delivering to `sink`: its own
/// sender address, so the test can tell which server sent what.
fn delivering_as(sink: &SmtpSink, from: &str) -> MailSettings {
    let smtp = SmtpUrl::parse(&sink.url()).unwrap();
    let mut settings = MailSettings::new(Some(smtp), Some(from), "forum.test").unwrap();
    settings.poll_interval = Duration::from_millis(200);
    settings
}

/// Several servers claim from one outbox (`FOR UPDATE SKIP LOCKED` on
/// PostgreSQL, one writer on SQLite): each message goes out once.
#[tokio::test]
async fn two_servers_with_one_mail_server_send_each_message_once() {
    const EACH: usize = 15;
    let sink = SmtpSink::start();
    let first = spawn_app_with(|c| c.mail = delivering_as(&sink, "First <first@forum.test>")).await;
    let second = spawn_app_on_with(&first.database_url, |c| {
        c.mail = delivering_as(&sink, "Second <second@forum.test>");
    })
    .await;
    let scene = scene(&first, "two-senders", 0).await;
    let invite = |server: &'static str| {
        let emails: Vec<String> = (0..EACH).map(|n| format!("{server}-{n}@example.org")).collect();
        json!({ "input": { "forumId": scene.forum_id, "role": "MEMBER", "emails": emails } })
    };
    // Each server writes half in one transaction and wakes its own sender,
    // so both senders claim at once.
    let token = Some(scene.facilitator.access_token.as_str());
    let (a, b) = tokio::join!(
        first.op(token, "InviteByEmail", invite("a")),
        second.op(token, "InviteByEmail", invite("b")),
    );
    for body in [&a, &b] {
        assert_eq!(
            body["data"]["inviteByEmail"].as_array().map(Vec::len),
            Some(EACH),
            "{body}"
        );
    }

    let started = Instant::now();
    while sink.received().len() < 2 * EACH {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{} of {} arrived",
            sink.received().len(),
            2 * EACH
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Both senders keep looking; nothing may come twice.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let received = sink.received();
    let mut per_address: HashMap<String, usize> = HashMap::new();
    let mut per_server: HashMap<&str, usize> = HashMap::new();
    for message in &received {
        let to = message
            .lines()
            .find_map(|l| l.strip_prefix("To: "))
            .unwrap()
            .to_owned();
        *per_address.entry(to).or_default() += 1;
        let server = if message.contains("first@forum.test") {
            "first"
        } else {
            "second"
        };
        *per_server.entry(server).or_default() += 1;
    }
    assert_eq!(per_address.len(), 2 * EACH, "{per_address:?}");
    assert!(per_address.values().all(|&n| n == 1), "{per_address:?}");
    println!("sent by each server: {per_server:?}");
    // A sender claims 10 at a time and each was woken by its own commit,
    // so both take part: the claims really did meet.
    assert_eq!(per_server.len(), 2, "one server sent everything: {per_server:?}");
    let kept = outbox::newest(first.state.db.conn(), 100).await.unwrap();
    assert!(
        kept.iter().all(|m| m.sent_at.is_some() && m.attempts == 1),
        "{kept:?}"
    );
}
