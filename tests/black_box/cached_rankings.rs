//! Closed rounds' rankings are kept in memory by each server. Which round
//! is a forum's latest closed one is still read per request, so a round
//! closed since, here or on another server sharing the database, shows at
//! once, and an earlier round's ranking stays its own.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

/// Opens a SCHULZE round over `order`, has `voter` rank it in that order,
/// and closes it on `app`; returns its id.
async fn closed_ranking(app: &TestApp, s: &Scene, voter: &Session, order: &[String]) -> String {
    let token = &s.facilitator.access_token;
    let round_id = open_id(app, token, &s.forum_id, order, "RANKED", json!({})).await;
    let marks: Vec<(&str, i64)> = order.iter().map(String::as_str).zip(1..).collect();
    vote(app, voter, &round_id, &marks).await;
    close(app, token, &round_id).await;
    round_id
}

/// (round id, finding ids in rank order) of the forum's priorities.
async fn priorities(app: &TestApp, token: &str, forum_id: &str) -> (String, Vec<String>) {
    let data = app
        .ok(Some(token), "Priorities", json!({ "forumId": forum_id }))
        .await;
    let entries = data["priorities"].as_array().unwrap();
    let round = entries[0]["round"]["id"].as_str().unwrap().to_owned();
    assert!(
        entries.iter().all(|e| e["round"]["id"] == round.as_str()),
        "{data}"
    );
    (round, entries.iter().map(|e| finding_id(&e["finding"])).collect())
}

fn finding_id(finding: &Value) -> String {
    finding["id"].as_str().unwrap().to_owned()
}

/// The finding ids of a round's stored ranking, in rank order.
async fn ranking(app: &TestApp, token: &str, round_id: &str) -> Vec<String> {
    let read = round(app, token, round_id).await;
    assert_eq!(read["state"], "CLOSED");
    read["result"]["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| finding_id(&r["finding"]))
        .collect()
}

#[tokio::test]
async fn a_round_closed_after_a_read_replaces_the_forums_priorities() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let token = s.admin.access_token.clone();
    let f = findings(&app, &s.facilitator.access_token, &s.forum_id, 3).await;
    let first_order = vec![f[0].clone(), f[1].clone(), f[2].clone()];
    let first = closed_ranking(&app, &s, &s.members[0], &first_order).await;
    // Read twice: the second answer comes from what the server kept.
    for _ in 0..2 {
        assert_eq!(
            priorities(&app, &token, &s.forum_id).await,
            (first.clone(), first_order.clone())
        );
        assert_eq!(ranking(&app, &token, &first).await, first_order);
    }

    let second_order = vec![f[2].clone(), f[0].clone(), f[1].clone()];
    let second = closed_ranking(&app, &s, &s.members[0], &second_order).await;
    assert_eq!(
        priorities(&app, &token, &s.forum_id).await,
        (second.clone(), second_order.clone())
    );
    assert_eq!(ranking(&app, &token, &second).await, second_order);
    assert_eq!(ranking(&app, &token, &first).await, first_order);
}

#[tokio::test]
async fn a_round_closed_on_another_server_shows_at_once() {
    let first = spawn_app().await;
    let second = spawn_app_on(&first.database_url).await;
    let s = scene(&first, "two-servers", 1).await;
    let token = s.admin.access_token.clone();
    let f = findings(&first, &s.facilitator.access_token, &s.forum_id, 3).await;
    let old_order = vec![f[1].clone(), f[2].clone(), f[0].clone()];
    let old = closed_ranking(&first, &s, &s.members[0], &old_order).await;
    assert_eq!(
        priorities(&first, &token, &s.forum_id).await,
        (old.clone(), old_order.clone())
    );

    // Counted while open on the first server, closed by the second.
    let new_order = vec![f[0].clone(), f[2].clone(), f[1].clone()];
    let fac = &s.facilitator.access_token;
    let new = open_id(&first, fac, &s.forum_id, &new_order, "RANKED", json!({})).await;
    let marks: Vec<(&str, i64)> = new_order.iter().map(String::as_str).zip(1..).collect();
    vote(&first, &s.members[0], &new, &marks).await;
    let running = round(&first, &token, &new).await;
    assert_eq!(running["state"], "OPEN");
    close(&second, fac, &new).await;

    assert_eq!(
        priorities(&first, &token, &s.forum_id).await,
        (new.clone(), new_order.clone())
    );
    assert_eq!(ranking(&first, &token, &new).await, new_order);
    assert_eq!(ranking(&first, &token, &old).await, old_order);
}
