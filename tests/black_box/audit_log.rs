//! The audit log: privileged actions, who and when, readable by admins,
//! never holding a ballot's content.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

const AUDIT_LOG: &str = "query AuditLog($first: Int, $after: String) {
  auditLog(first: $first, after: $after) { id at action subject detail cursor actor { id } forum { slug } }
}";

async fn audit_log(app: &TestApp, token: &str) -> Vec<Value> {
    let body = app.graphql(Some(token), AUDIT_LOG, json!({ "first": 200 })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["auditLog"].as_array().unwrap().clone()
}

fn actions(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["action"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn privileged_actions_are_recorded_newest_first_with_who_and_what() {
    let app = spawn_app().await;
    let scene = scene(&app, "audited", 2).await;
    let admin = &scene.admin;
    let officer = app.officer(admin).await;
    let token = scene.facilitator.access_token.clone();
    let ids = findings(&app, &token, &scene.forum_id, 2).await;
    let round_id = open_id(&app, &token, &scene.forum_id, &ids, "DOT", json!({})).await;
    vote(
        &app,
        &scene.members[0],
        &round_id,
        &[(ids[0].as_str(), 7), (ids[1].as_str(), 3)],
    )
    .await;
    close(&app, &token, &round_id).await;

    let events = audit_log(&app, &admin.access_token).await;
    let seen = actions(&events);
    for expected in [
        "FORUM_CREATED",
        "INVITE_CREATED",
        "PLATFORM_ROLE_GRANTED",
        "ROUND_OPENED",
        "ROUND_CLOSED",
    ] {
        assert!(seen.contains(&expected), "{expected} missing from {seen:?}");
    }
    assert_eq!(seen[0], "ROUND_CLOSED", "newest first: {seen:?}");
    let closed = &events[0];
    assert_eq!(closed["actor"]["id"], scene.facilitator.user_id.as_str());
    assert_eq!(closed["forum"]["slug"], "audited");
    assert_eq!(closed["subject"], round_id.as_str());
    let grant = events
        .iter()
        .find(|e| e["action"] == "PLATFORM_ROLE_GRANTED")
        .unwrap();
    assert_eq!(grant["subject"], officer.user_id.as_str());
    assert_eq!(grant["detail"], "NONE -> OFFICER");

    // Nothing in the log says how anyone voted.
    let text = serde_json::to_string(&events).unwrap();
    assert!(
        !text.contains(&scene.members[0].user_id),
        "a voter appears in the log"
    );
    assert!(
        !text.contains("\"7\"") && !text.contains(" 7 "),
        "a ballot's marks appear in the log: {text}"
    );

    // Pages follow the cursor.
    let first = app
        .graphql(Some(&admin.access_token), AUDIT_LOG, json!({ "first": 2 }))
        .await;
    let page = first["data"]["auditLog"].as_array().unwrap();
    let after = page[1]["cursor"].as_str().unwrap();
    let next = app
        .graphql(
            Some(&admin.access_token),
            AUDIT_LOG,
            json!({ "first": 2, "after": after }),
        )
        .await;
    assert_eq!(next["data"]["auditLog"][0]["id"], events[2]["id"]);
}

#[tokio::test]
async fn api_tokens_made_and_revoked_are_recorded() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let created = app
        .ok(
            Some(&officer.access_token),
            "CreateApiToken",
            json!({ "name": "reports" }),
        )
        .await;
    let token_id = created["createApiToken"]["apiToken"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.ok(
        Some(&officer.access_token),
        "RevokeApiToken",
        json!({ "id": token_id }),
    )
    .await;
    let seen: Vec<String> = audit_log(&app, &admin.access_token)
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert!(seen.contains(&"API_TOKEN_CREATED".to_owned()), "{seen:?}");
    assert!(seen.contains(&"API_TOKEN_REVOKED".to_owned()), "{seen:?}");
}

#[tokio::test]
async fn only_admins_read_the_audit_log() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let body = app
        .graphql(Some(&officer.access_token), AUDIT_LOG, json!({}))
        .await;
    assert_code(&body, "FORBIDDEN");
    let body = app.graphql(None, AUDIT_LOG, json!({})).await;
    assert_code(&body, "UNAUTHENTICATED");
    let body = app
        .graphql(Some(&admin.access_token), AUDIT_LOG, json!({ "first": 0 }))
        .await;
    assert_code(&body, "BAD_USER_INPUT");
}
