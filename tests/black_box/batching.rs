//! Loads are batched: a long report costs the database no more statements
//! than a short one.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::Duration;

use serde_json::json;

use crate::common::*;
use crate::support::*;

/// A forum `slug` with a closed APPROVAL round over `n` findings; returns its id.
async fn forum_with_closed_round(app: &TestApp, admin: &Session, slug: &str, n: usize) -> String {
    let forum_id = app.forum(admin, slug).await;
    let voter = app.member(admin, &forum_id, "MEMBER").await;
    let ids = findings(app, &admin.access_token, &forum_id, n).await;
    let round_id = open_id(app, &admin.access_token, &forum_id, &ids, "APPROVAL", json!({})).await;
    let marks: Vec<(&str, i64)> = ids.iter().step_by(3).map(|id| (id.as_str(), 1)).collect();
    vote(app, &voter, &round_id, &marks).await;
    close(app, &admin.access_token, &round_id).await;
    forum_id
}

/// Statements the server runs for one `Priorities` request for `forum_id`
/// of at most `first` entries, and how many entries it answered with.
async fn statements_for(app: &TestApp, token: &str, forum_id: &str, first: u64) -> (u64, usize) {
    let before = app.state.db.statement_count();
    let body = app
        .graphql(
            Some(token),
            PRIORITIES,
            json!({ "forumId": forum_id, "first": first }),
        )
        .await;
    let after = app.state.db.statement_count();
    assert!(body.get("errors").is_none(), "{body}");
    (
        after - before,
        body["data"]["priorities"].as_array().unwrap().len(),
    )
}

#[tokio::test]
async fn priorities_for_200_findings_run_as_many_statements_as_for_2() {
    // The background closer looks only at start, so it adds no statements.
    let app = spawn_app_with(|config| config.round_close_interval = Duration::from_secs(3600)).await;
    let admin = app.admin().await;
    let big = forum_with_closed_round(&app, &admin, "big", 200).await;
    let small = forum_with_closed_round(&app, &admin, "small", 2).await;
    let officer = app.officer(&admin).await;
    let token = &officer.access_token;

    // Once each first, so that nothing measured is a first-time cost; then
    // as a request not seen before, so that no answer kept in memory serves it.
    statements_for(&app, token, &small, 500).await;
    statements_for(&app, token, &big, 500).await;
    let (for_small, small_entries) = statements_for(&app, token, &small, 499).await;
    let (for_big, big_entries) = statements_for(&app, token, &big, 499).await;
    println!("Priorities statements: {for_small} for 2 entries, {for_big} for 200 entries");
    assert_eq!((small_entries, big_entries), (2, 200));
    assert!(for_small > 0, "the counter counts nothing");
    assert_eq!(
        for_big, for_small,
        "200 entries cost {for_big} statements, 2 cost {for_small}"
    );
}
