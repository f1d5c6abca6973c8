//! Officers' read-only API tokens: `CreateApiToken`, `RevokeApiToken`, `apiTokens`.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;

const API_TOKENS: &str = "{ apiTokens { id name revokedAt } }";
const MEMBERS: &str = "query($slug: String!) { forum(slug: $slug) { members { user { id } } } }";

/// A new token for `owner`: (secret, id).
async fn new_token(app: &TestApp, owner: &Session, name: &str) -> (String, String) {
    let data = app
        .ok(
            Some(&owner.access_token),
            "CreateApiToken",
            json!({ "name": name }),
        )
        .await;
    let created = &data["createApiToken"];
    let id = created["apiToken"]["id"].as_str().unwrap().to_owned();
    (created["token"].as_str().unwrap().to_owned(), id)
}

async fn revoke(app: &TestApp, token: Option<&str>, id: &str) -> Value {
    app.op(token, "RevokeApiToken", json!({ "id": id })).await
}

async fn tokens_of(app: &TestApp, owner: &Session) -> Vec<Value> {
    let body = app
        .graphql(Some(&owner.access_token), API_TOKENS, json!({}))
        .await;
    body["data"]["apiTokens"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .clone()
}

#[tokio::test]
async fn an_officer_creates_a_token_that_reads_what_the_officer_reads() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let forum = app.forum(&admin, "inspire").await;
    let sam = app.member(&admin, &forum, "MEMBER").await;

    let data = app
        .ok(
            Some(&officer.access_token),
            "CreateApiToken",
            json!({ "name": "Reports" }),
        )
        .await;
    let created = &data["createApiToken"];
    let token = created["token"].as_str().unwrap();
    assert!(token.starts_with("cfat_"), "{token}");
    assert_eq!(created["apiToken"]["name"], "Reports");
    assert!(created["apiToken"]["id"].is_string());
    assert_about_from_now(&created["apiToken"]["createdAt"], chrono::Duration::zero());

    let forums = app.ok(Some(token), "Forums", json!({})).await;
    assert_eq!(forums["forums"][0]["slug"], "inspire");
    let members = app
        .graphql(Some(token), MEMBERS, json!({ "slug": "inspire" }))
        .await;
    assert_eq!(
        members["data"]["forum"]["members"][0]["user"]["id"],
        sam.user_id.as_str(),
        "{members}"
    );
    let me = app.ok(Some(token), "Me", json!({})).await;
    assert_eq!(me["me"]["id"], officer.user_id.as_str());
    assert_eq!(me["me"]["platformRole"], "OFFICER");
}

#[tokio::test]
async fn an_officers_token_runs_no_mutation() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let forum = app.forum(&admin, "inspire").await;
    let (token, id) = new_token(&app, &officer, "Reports").await;
    let code = app.invite(&admin, &forum, "MEMBER").await;
    let t = Some(token.as_str());

    assert_code(
        &app.op(t, "CreateApiToken", json!({ "name": "More" })).await,
        "FORBIDDEN",
    );
    assert_code(
        &app.op(t, "JoinForum", json!({ "code": code })).await,
        "FORBIDDEN",
    );
    let grant = json!({ "userId": officer.user_id, "role": "ADMIN" });
    assert_code(&app.op(t, "GrantPlatformRole", grant).await, "FORBIDDEN");
    assert_code(&revoke(&app, t, &id).await, "FORBIDDEN");

    // Nothing changed: one live token, no membership, still an officer.
    let tokens = tokens_of(&app, &officer).await;
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0]["revokedAt"], Value::Null);
    let me = app.ok(t, "Me", json!({})).await;
    assert_eq!(me["me"]["memberships"], json!([]));
    assert_eq!(me["me"]["platformRole"], "OFFICER");
    assert_eq!(app.forums().await[0]["memberCount"], 0);
}

#[tokio::test]
async fn an_admins_token_runs_no_mutation_either() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let sam = app.register("sam@example.org", "Sam").await;
    let (token, _) = new_token(&app, &admin, "Admin reports").await;
    let t = Some(token.as_str());

    let input = json!({ "slug": "another", "name": "Another forum", "description": "" });
    assert_code(
        &app.op(t, "CreateForum", json!({ "input": input })).await,
        "FORBIDDEN",
    );
    assert_eq!(app.forums().await.len(), 1);
    let grant = json!({ "userId": sam.user_id, "role": "OFFICER" });
    assert_code(&app.op(t, "GrantPlatformRole", grant).await, "FORBIDDEN");
    assert_eq!(
        app.ok(Some(&sam.access_token), "Me", json!({})).await["me"]["platformRole"],
        "NONE"
    );
    let invite = json!({ "input": { "forumId": forum, "role": "MEMBER" } });
    assert_code(&app.op(t, "CreateInvite", invite).await, "FORBIDDEN");
}

#[tokio::test]
async fn only_officers_and_admins_create_tokens() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let fran = app.member(&admin, &forum, "FACILITATOR").await;
    let sam = app.register("sam@example.org", "Sam").await;
    for person in [&sam, &fran] {
        let body = app
            .op(
                Some(&person.access_token),
                "CreateApiToken",
                json!({ "name": "Mine" }),
            )
            .await;
        assert_code(&body, "FORBIDDEN");
        assert!(tokens_of(&app, person).await.is_empty());
    }
    let body = app.op(None, "CreateApiToken", json!({ "name": "Mine" })).await;
    assert_code(&body, "UNAUTHENTICATED");
    let (token, _) = new_token(&app, &admin, "Admin's").await;
    assert!(token.starts_with("cfat_"));
}

#[tokio::test]
async fn a_token_needs_a_name() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    for name in ["", "   "] {
        let body = app
            .op(
                Some(&officer.access_token),
                "CreateApiToken",
                json!({ "name": name }),
            )
            .await;
        assert_bad_input(&body, "name");
    }
    assert!(tokens_of(&app, &officer).await.is_empty());
}

#[tokio::test]
async fn a_revoked_token_stops_working_at_once() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let (token, id) = new_token(&app, &officer, "Reports").await;
    let (kept, _) = new_token(&app, &officer, "Kept").await;

    let body = revoke(&app, Some(&officer.access_token), &id).await;
    assert_eq!(body["data"]["revokeApiToken"], true, "{body}");
    assert_code(
        &app.op(Some(&token), "Forums", json!({})).await,
        "UNAUTHENTICATED",
    );
    assert_code(&app.op(Some(&token), "Me", json!({})).await, "UNAUTHENTICATED");
    // Revoking again reports that nothing was live.
    let body = revoke(&app, Some(&officer.access_token), &id).await;
    assert_eq!(body["data"]["revokeApiToken"], false, "{body}");

    let tokens = tokens_of(&app, &officer).await;
    let revoked = tokens.iter().find(|t| t["id"] == id.as_str()).unwrap();
    assert!(revoked["revokedAt"].is_string());
    // The officer's other token lives on.
    assert!(
        app.op(Some(&kept), "Forums", json!({}))
            .await
            .get("errors")
            .is_none()
    );
}

#[tokio::test]
async fn only_the_owner_or_an_admin_revokes_a_token() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let owner = app.officer(&admin).await;
    let other = app.officer(&admin).await;
    let sam = app.register("sam@example.org", "Sam").await;
    let (token, id) = new_token(&app, &owner, "Reports").await;

    // Someone else's token is not theirs to know of.
    for caller in [&other, &sam] {
        assert_code(&revoke(&app, Some(&caller.access_token), &id).await, "NOT_FOUND");
    }
    assert_code(&revoke(&app, None, &id).await, "UNAUTHENTICATED");
    assert!(
        app.op(Some(&token), "Forums", json!({}))
            .await
            .get("errors")
            .is_none()
    );

    let body = revoke(&app, Some(&admin.access_token), &id).await;
    assert_eq!(body["data"]["revokeApiToken"], true, "{body}");
    assert_code(
        &app.op(Some(&token), "Forums", json!({})).await,
        "UNAUTHENTICATED",
    );
}

#[tokio::test]
async fn revoking_an_unknown_or_malformed_id_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let unknown = uuid::Uuid::new_v4().to_string();
    assert_code(
        &revoke(&app, Some(&admin.access_token), &unknown).await,
        "NOT_FOUND",
    );
    assert_bad_input(&revoke(&app, Some(&admin.access_token), "abc").await, "id");
}

#[tokio::test]
async fn api_tokens_lists_the_callers_own_tokens_newest_first() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let other = app.officer(&admin).await;
    let (_, first) = new_token(&app, &officer, "First").await;
    let (_, second) = new_token(&app, &officer, "Second").await;
    new_token(&app, &other, "Not yours").await;

    let tokens = tokens_of(&app, &officer).await;
    let expected = json!([
        { "id": second, "name": "Second", "revokedAt": null },
        { "id": first, "name": "First", "revokedAt": null },
    ]);
    assert_eq!(Value::Array(tokens), expected);
    assert!(tokens_of(&app, &admin).await.is_empty());
}
