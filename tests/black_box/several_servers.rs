//! Several stateless servers on one database, as a council scales out:
//! sessions, the login limit and ballots hold across them.
#![allow(clippy::unwrap_used)]

use serde_json::json;

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
