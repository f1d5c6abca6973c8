//! Forum reads are answered from memory while nothing they show has
//! changed: every write, on any server sharing the database, and every
//! closing time shows in the next answer.
#![allow(clippy::unwrap_used)]

use std::time::Duration as StdDuration;

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::co_design::proposed;
use crate::common::*;
use crate::support::*;

/// `ForumBySlug` for `slug` as `token`, which must succeed: its `forum`.
async fn forum(app: &TestApp, token: &str, slug: &str) -> Value {
    let body = read_forum(app, Some(token), slug, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["forum"].clone()
}

fn names(forum: &Value) -> Vec<String> {
    let members = forum["members"].as_array().unwrap();
    members
        .iter()
        .map(|m| m["user"]["displayName"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_forum_read_again_shows_every_change_made_since_on_another_server() {
    let first = spawn_app().await;
    let second = spawn_app_on(&first.database_url).await;
    let s = scene(&first, "carers", 1).await;
    let token = s.admin.access_token.clone();
    let before = forum(&first, &token, "carers").await;
    assert_eq!(forum(&first, &token, "carers").await, before);

    let input = finding_input(&s.forum_id, "No ramp at the day centre");
    added(&second, &s.facilitator.access_token, input).await;
    let after = forum(&first, &token, "carers").await;
    assert_eq!(after["findings"]["totalCount"], 1, "{after}");

    named_member(&second, &s.admin, &s.forum_id, "MEMBER", "Newcomer").await;
    let after = forum(&first, &token, "carers").await;
    assert_eq!(after["memberCount"], before["memberCount"].as_u64().unwrap() + 1);
    assert!(names(&after).contains(&"Newcomer".to_owned()), "{after}");

    // A person's name changed outside the API (a fix made in the database)
    // shows too: their forums are told by the database itself.
    second
        .execute_sql("UPDATE users SET display_name = 'Renamed' WHERE display_name = 'Newcomer'")
        .await;
    let after = forum(&first, &token, "carers").await;
    assert!(names(&after).contains(&"Renamed".to_owned()), "{after}");
    assert!(!names(&after).contains(&"Newcomer".to_owned()), "{after}");
}

#[tokio::test]
async fn priorities_read_again_show_an_improvement_proposed_on_another_server() {
    let first = spawn_app().await;
    let second = spawn_app_on(&first.database_url).await;
    let s = scene(&first, "carers", 1).await;
    let token = s.facilitator.access_token.clone();
    let ids = findings(&first, &token, &s.forum_id, 2).await;
    let round_id = open_id(&first, &token, &s.forum_id, &ids, "APPROVAL", json!({})).await;
    vote(&first, &s.members[0], &round_id, &[(ids[1].as_str(), 1)]).await;
    close(&first, &token, &round_id).await;
    let priorities = || first.ok(Some(&token), "Priorities", json!({ "forumId": s.forum_id }));
    let before = priorities().await;
    assert_eq!(priorities().await, before);
    assert_eq!(before["priorities"][0]["improvements"], json!([]));

    proposed(
        &second,
        &s.members[0],
        &s.forum_id,
        "Easy read letters",
        &[&ids[1]],
    )
    .await;
    let after = priorities().await;
    assert_eq!(after["priorities"][0]["finding"]["id"], ids[1].as_str());
    assert_eq!(
        after["priorities"][0]["improvements"][0]["title"],
        "Easy read letters"
    );
}

#[tokio::test]
async fn a_kept_forum_answer_ends_at_a_rounds_closing_time() {
    // No background closer: only the clock can end the kept answer.
    let app = spawn_app_with(|config| config.round_close_interval = StdDuration::from_secs(3600)).await;
    let s = scene(&app, "carers", 1).await;
    let token = s.facilitator.access_token.clone();
    let ids = findings(&app, &token, &s.forum_id, 2).await;
    let closes_at = Utc::now() + Duration::seconds(2);
    let extra = json!({ "closesAt": closes_at.to_rfc3339() });
    open_id(&app, &token, &s.forum_id, &ids, "APPROVAL", extra).await;
    for _ in 0..2 {
        assert_eq!(rounds_of(&app, &token, "carers").await[0]["state"], "OPEN");
    }
    let wait = (closes_at - Utc::now()).to_std().unwrap_or_default() + StdDuration::from_millis(300);
    tokio::time::sleep(wait).await;
    assert_eq!(rounds_of(&app, &token, "carers").await[0]["state"], "CLOSED");
}

#[tokio::test]
async fn each_caller_has_their_own_kept_answers() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    for _ in 0..2 {
        let facilitator = forum(&app, &s.facilitator.access_token, "carers").await;
        assert_eq!(facilitator["myRole"], "FACILITATOR");
        let member = forum(&app, &s.members[0].access_token, "carers").await;
        assert_eq!(member["myRole"], "MEMBER");
    }
    // Nobody signed in is refused each time, never given a kept answer.
    for _ in 0..2 {
        let body = read_forum(&app, None, "carers", json!({})).await;
        assert!(body.get("errors").is_some(), "{body}");
    }
}

#[tokio::test]
async fn an_unchanged_forum_read_again_costs_two_statements() {
    let app = spawn_app_with(|config| config.round_close_interval = StdDuration::from_secs(3600)).await;
    let s = scene(&app, "carers", 3).await;
    let token = s.admin.access_token.clone();
    findings(&app, &s.facilitator.access_token, &s.forum_id, 3).await;
    let first = forum(&app, &token, "carers").await;
    let before = app.state.db.statement_count();
    let again = forum(&app, &token, "carers").await;
    let statements = app.state.db.statement_count() - before;
    assert_eq!(again, first);
    // One checks the caller's session, one reads the forum's revision.
    assert_eq!(statements, 2);
}

/// A forum `slug` with a closed APPROVAL round over two findings.
async fn forum_with_closed_round(app: &TestApp, admin: &Session, slug: &str) {
    let token = &admin.access_token;
    let forum_id = app.forum(admin, slug).await;
    let voter = app.member(admin, &forum_id, "MEMBER").await;
    let ids = findings(app, token, &forum_id, 2).await;
    let round_id = open_id(app, token, &forum_id, &ids, "APPROVAL", json!({})).await;
    vote(app, &voter, &round_id, &[(ids[0].as_str(), 1)]).await;
    close(app, token, &round_id).await;
}

#[tokio::test]
async fn priorities_of_every_forum_read_again_show_a_forum_ranked_since_on_another_server() {
    let first = spawn_app().await;
    let second = spawn_app_on(&first.database_url).await;
    let admin = first.admin().await;
    let officer = first.officer(&admin).await;
    forum_with_closed_round(&first, &admin, "carers").await;
    let slugs = || async {
        let data = first
            .ok(Some(&officer.access_token), "Priorities", json!({}))
            .await;
        let mut slugs: Vec<String> = data["priorities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["finding"]["forum"]["slug"].as_str().unwrap().to_owned())
            .collect();
        slugs.sort();
        slugs.dedup();
        slugs
    };
    assert_eq!(slugs().await, ["carers"]);
    assert_eq!(slugs().await, ["carers"]);

    forum_with_closed_round(&second, &admin, "autism").await;
    assert_eq!(slugs().await, ["autism", "carers"]);
}

/// One document holding a keepable query and a mutation, sent as the same
/// bytes each time.
async fn send_raw(app: &TestApp, token: &str, body: &Value) -> Value {
    app.client
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_mutation_beside_a_kept_query_in_one_document_is_never_answered_from_memory() {
    let app = spawn_app().await;
    let victim = app.register("victim@example.org", "Victim").await;
    let document = format!("{}\n{}", operation("Priorities"), operation("RefreshSession"));
    // Prime the kept answers with the document run as its query.
    let priorities = json!({ "query": document, "operationName": "Priorities", "variables": {} });
    let primed = send_raw(&app, &victim.access_token, &priorities).await;
    assert!(primed.get("errors").is_none(), "{primed}");

    // The same document run as its mutation, replayed byte for byte: the
    // replay is a reused refresh token, refused, and ends the session.
    let refresh = json!({
        "query": document,
        "operationName": "RefreshSession",
        "variables": { "refreshToken": victim.refresh_token },
    });
    let first = send_raw(&app, &victim.access_token, &refresh).await;
    assert!(first.get("errors").is_none(), "{first}");
    let new_refresh = first["data"]["refreshSession"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let replay = send_raw(&app, &victim.access_token, &refresh).await;
    assert_code(&replay, "UNAUTHENTICATED");
    assert!(
        replay["data"].is_null() || replay["data"]["refreshSession"].is_null(),
        "{replay}"
    );
    // Reuse was detected: the pair the first refresh gave is dead too.
    let after = app
        .op(None, "RefreshSession", json!({ "refreshToken": new_refresh }))
        .await;
    assert_code(&after, "UNAUTHENTICATED");
}
