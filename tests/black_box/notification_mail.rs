//! Notification emails through a real SMTP server: at once for the kinds
//! people want at once, one digest a day for the rest, a day's warning of a
//! round closing to those who have not voted, and one-click unsubscribe
//! (RFC 8058) that stops that kind.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use chrono::Utc;
use coforum_app::notices::{closing, mailer};
use serde_json::json;

use crate::co_design::{agreed, recorded, report, stage};
use crate::common::mail::{PUBLIC_URL, SmtpSink, delivering_to, link_in};
use crate::common::*;
use crate::notifications::{choose, kinds_of};
use crate::support::{close, open_id, vote};

async fn mailing_app(sink: &SmtpSink) -> TestApp {
    spawn_app_with(|c| {
        c.mail = delivering_to(sink);
        c.public_url = PUBLIC_URL.parse().unwrap();
        c.notice_interval = Duration::from_millis(100);
    })
    .await
}

/// The path of the one-click unsubscribe address in a message's headers.
fn unsubscribe_path(message: &str) -> String {
    let header = message
        .lines()
        .find(|l| l.to_lowercase().starts_with("list-unsubscribe:"))
        .unwrap_or_else(|| panic!("no List-Unsubscribe in {message}"));
    let url = header.split_once('<').unwrap().1.trim_end_matches('>');
    url.strip_prefix(PUBLIC_URL.trim_end_matches('/'))
        .unwrap()
        .to_owned()
}

/// Text a mail program would show: the plain part of the message.
fn text_part(message: &str) -> &str {
    let start = message.find("Hello").unwrap_or(0);
    &message[start..]
}

#[tokio::test]
async fn a_round_opening_is_emailed_at_once_to_members_and_one_click_stops_it() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    let st = stage(&app, "inspire", 2).await;
    let (fac, alice, bob) = (&st.s.facilitator, &st.s.members[0], &st.s.members[1]);
    let findings = vec![
        st.finding.clone(),
        crate::co_design::new_finding(&app, fac, &st.s.forum_id, "Second").await,
    ];
    // Bob wants his news once a day.
    choose(&app, bob, "ROUND_OPENED", "DAILY_DIGEST").await;

    let opened_at = Instant::now();
    let round = open_id(
        &app,
        &fac.access_token,
        &st.s.forum_id,
        &findings,
        "APPROVAL",
        json!({}),
    )
    .await;
    let mail = sink.wait_for(&alice.email, 1).await;
    println!(
        "ROUND_OPENED email delivered {:?} after the round opened",
        opened_at.elapsed()
    );
    let message = &mail[0];
    assert!(
        message.contains("Subject: Forum inspire: Voting is open: Spring priorities"),
        "{message}"
    );
    assert!(
        message.contains(&format!("{PUBLIC_URL}rounds/{round}")),
        "{message}"
    );
    assert!(
        message.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{message}"
    );
    println!("--- ROUND_OPENED, text part ---\n{}", text_part(message));

    // Nobody else was emailed: not the facilitator who opened it, and not
    // Bob, whose copy waits for the digest.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(sink.to(&fac.email).is_empty());
    assert!(sink.to(&bob.email).is_empty());
    assert_eq!(kinds_of(&app, bob).await, ["ROUND_OPENED"]);

    // One click, from a mail program: no cookies, no sign-in.
    let path = unsubscribe_path(message);
    let clicked = app
        .client
        .post(app.url(&path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(clicked.status(), 200);
    let settings = app
        .ok(Some(&alice.access_token), "MyNotificationSettings", json!({}))
        .await;
    assert_eq!(settings["me"]["notificationSettings"][0]["delivery"], "OFF");

    // The next round reaches her in What's new, and by email no more.
    open_id(
        &app,
        &fac.access_token,
        &st.s.forum_id,
        &findings,
        "DOT",
        json!({ "budget": 2 }),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(sink.to(&alice.email).len(), 1);
    assert_eq!(kinds_of(&app, alice).await, ["ROUND_OPENED", "ROUND_OPENED"]);

    // A link that was tampered with changes nothing.
    let forged = format!("{}x", path);
    let refused = app
        .client
        .post(app.url(&forged))
        .body("List-Unsubscribe=One-Click")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
}

#[tokio::test]
async fn the_daily_digest_lists_the_days_news_in_one_email_once() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    let st = stage(&app, "digest", 2).await;
    let (fac, alice) = (&st.s.facilitator, &st.s.members[0]);
    let findings = vec![
        st.finding.clone(),
        crate::co_design::new_finding(&app, fac, &st.s.forum_id, "Second").await,
    ];
    let round = open_id(
        &app,
        &fac.access_token,
        &st.s.forum_id,
        &findings,
        "APPROVAL",
        json!({}),
    )
    .await;
    vote(&app, alice, &round, &[(&findings[0], 1)]).await;
    close(&app, &fac.access_token, &round).await;
    let improvement = agreed(&app, &st).await;
    recorded(
        &app,
        &st.s.admin,
        report(&improvement, "Letters redrafted", 50, "IN_PROGRESS"),
    )
    .await;
    sink.wait_for(&alice.email, 2).await; // ROUND_OPENED and DECISION_OPENED, at once.

    // Nothing for the digest before 08:00 comes round.
    assert_eq!(mailer::mail_digests(&app.state, Utc::now()).await.unwrap(), 0);
    let tomorrow = Utc::now() + chrono::Duration::days(1);
    let written = mailer::mail_digests(&app.state, tomorrow).await.unwrap();
    // Alice, Bob and the facilitator (who hears of the progress only).
    assert_eq!(written, 3);
    let mail = sink.wait_for(&alice.email, 3).await;
    let digest = mail
        .iter()
        .find(|m| m.contains("Subject: Your daily news"))
        .unwrap();
    assert!(
        digest.contains("Subject: Your daily news from Forum digest"),
        "{digest}"
    );
    for title in [
        "Voting has closed. See the result: Spring priorities",
        "A decision was made: Easy read letters",
        "News of what the council did: Easy read letters",
    ] {
        assert!(digest.contains(title), "{title} missing from {digest}");
    }
    assert!(digest.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    println!("--- DAILY_DIGEST, text part ---\n{}", text_part(digest));

    // Once: the same digest time again writes nothing.
    assert_eq!(mailer::mail_digests(&app.state, tomorrow).await.unwrap(), 0);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(sink.to(&alice.email).len(), 3);
    assert_eq!(sink.to(&fac.email).len(), 1, "{:?}", sink.to(&fac.email));
}

#[tokio::test]
async fn a_day_before_a_round_closes_those_who_have_not_voted_are_told_once() {
    let sink = SmtpSink::start();
    // The background job is left asleep: the test runs its steps itself.
    let app = spawn_app_with(|c| {
        c.mail = delivering_to(&sink);
        c.public_url = PUBLIC_URL.parse().unwrap();
        c.notice_interval = Duration::from_secs(3600);
    })
    .await;
    let st = stage(&app, "closing", 2).await;
    let (fac, alice, bob) = (&st.s.facilitator, &st.s.members[0], &st.s.members[1]);
    let findings = vec![
        st.finding.clone(),
        crate::co_design::new_finding(&app, fac, &st.s.forum_id, "Second").await,
    ];
    let later = (Utc::now() + chrono::Duration::hours(30)).to_rfc3339();
    open_id(
        &app,
        &fac.access_token,
        &st.s.forum_id,
        &findings,
        "APPROVAL",
        json!({ "closesAt": later }),
    )
    .await;
    let soon = (Utc::now() + chrono::Duration::hours(3)).to_rfc3339();
    let round = open_id(
        &app,
        &fac.access_token,
        &st.s.forum_id,
        &findings,
        "APPROVAL",
        json!({ "closesAt": soon }),
    )
    .await;
    vote(&app, alice, &round, &[(&findings[0], 1)]).await;

    // Only the round closing within a day is told of.
    assert_eq!(closing::send_closing_notices(&app.state).await.unwrap(), 1);
    assert_eq!(
        kinds_of(&app, bob).await,
        ["ROUND_OPENED", "ROUND_OPENED", "ROUND_CLOSING"]
    );
    assert_eq!(kinds_of(&app, fac).await, ["ROUND_CLOSING"]);
    assert_eq!(kinds_of(&app, alice).await, ["ROUND_OPENED", "ROUND_OPENED"]);

    // Once, however often any server looks.
    assert_eq!(closing::send_closing_notices(&app.state).await.unwrap(), 0);
    assert_eq!(kinds_of(&app, bob).await.len(), 3);

    // Bob's email says so and links to the round and to unsubscribe.
    assert!(mailer::mail_waiting(&app.state).await.unwrap() >= 3);
    let mail = sink.wait_for(&bob.email, 3).await;
    let warning = mail
        .iter()
        .find(|m| m.contains("Voting closes in a day"))
        .unwrap();
    assert!(warning.contains(&format!("rounds/{round}")), "{warning}");
    assert!(link_in(text_part(warning), "unsubscribe/").is_some(), "{warning}");
    assert_eq!(mailer::mail_waiting(&app.state).await.unwrap(), 0);
}
