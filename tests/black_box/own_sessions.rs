//! One's own sessions (issue 15): `mySessions` with this one flagged,
//! `endSession` for one of them, `signOutEverywhere` for all; each ended
//! session's refresh and access tokens stop working at once.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;

async fn my_sessions(app: &TestApp, who: &Session) -> Vec<Value> {
    let data = app.ok(Some(&who.access_token), "MySessions", json!({})).await;
    data["mySessions"].as_array().unwrap().clone()
}

/// The id of `who`'s own session, as `mySessions` flags it.
async fn current_id(app: &TestApp, who: &Session) -> String {
    let sessions = my_sessions(app, who).await;
    let current: Vec<&Value> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1, "one session is this one: {sessions:?}");
    current[0]["id"].as_str().unwrap().to_owned()
}

async fn sign_in(app: &TestApp, email: &str) -> Session {
    session(&app.login(email, PASSWORD).await["data"]["login"], email)
}

async fn refresh(app: &TestApp, who: &Session) -> Value {
    app.op(
        None,
        "RefreshSession",
        json!({ "refreshToken": who.refresh_token }),
    )
    .await
}

async fn end(app: &TestApp, who: &Session, id: &str) -> Value {
    app.op(Some(&who.access_token), "EndSession", json!({ "id": id }))
        .await
}

fn time(value: &Value) -> chrono::DateTime<chrono::Utc> {
    let text = value.as_str().unwrap_or_else(|| panic!("not a time: {value}"));
    chrono::DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

#[track_caller]
fn assert_works(body: &Value) {
    assert!(body.get("errors").is_none(), "{body}");
}

#[tokio::test]
async fn my_sessions_lists_the_live_ones_this_one_flagged_the_latest_used_first() {
    let app = spawn_app().await;
    let first = app.register("sam@example.org", "Sam").await;
    let second = sign_in(&app, "sam@example.org").await;
    let third = sign_in(&app, "sam@example.org").await;
    app.register("kim@example.org", "Kim").await;

    let ids = [
        current_id(&app, &first).await,
        current_id(&app, &second).await,
        current_id(&app, &third).await,
    ];
    assert!(
        ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2],
        "{ids:?}"
    );
    let listed = my_sessions(&app, &third).await;
    let listed_ids: Vec<&str> = listed.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(listed_ids, [&ids[2], &ids[1], &ids[0]], "Kim's are not Sam's");
    for s in &listed {
        assert_about_from_now(&s["createdAt"], chrono::Duration::zero());
        assert!(time(&s["lastUsedAt"]) >= time(&s["createdAt"]), "{s}");
    }

    // Renewing the first session makes it the latest used.
    let renewed = refresh(&app, &first).await;
    let renewed = session(&renewed["data"]["refreshSession"], "sam@example.org");
    let listed = my_sessions(&app, &renewed).await;
    assert_eq!(listed[0]["id"], ids[0].as_str());
    assert_eq!(listed[0]["current"], true);
    assert!(time(&listed[0]["lastUsedAt"]) > time(&listed[0]["createdAt"]));

    // Signed out and expired sessions are not listed.
    app.ok(None, "Logout", json!({ "refreshToken": second.refresh_token }))
        .await;
    // Every refresh token but the newest (the renewed one's) runs out.
    app.execute_sql(
        "UPDATE refresh_tokens SET expires_at = created_at \
         WHERE created_at < (SELECT MAX(created_at) FROM refresh_tokens)",
    )
    .await;
    let listed = my_sessions(&app, &renewed).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["id"], ids[0].as_str());
}

#[tokio::test]
async fn ending_a_session_stops_its_refresh_and_access_tokens_at_once() {
    let app = spawn_app().await;
    let laptop = app.register("sam@example.org", "Sam").await;
    let phone = sign_in(&app, "sam@example.org").await;
    let phone_id = current_id(&app, &phone).await;

    let ended = end(&app, &laptop, &phone_id).await;
    assert_eq!(ended["data"]["endSession"], true, "{ended}");
    assert_code(&app.me(&phone.access_token).await, "UNAUTHENTICATED");
    assert_code(&refresh(&app, &phone).await, "UNAUTHENTICATED");
    assert_works(&app.me(&laptop.access_token).await);
    assert_works(&refresh(&app, &laptop).await);

    // Already ended: false.
    let laptop = sign_in(&app, "sam@example.org").await;
    assert_eq!(end(&app, &laptop, &phone_id).await["data"]["endSession"], false);
}

#[tokio::test]
async fn only_ones_own_sessions_can_be_ended() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let kim = app.register("kim@example.org", "Kim").await;
    let admin = app.admin().await;
    let kims = current_id(&app, &kim).await;

    assert_code(&end(&app, &sam, &kims).await, "NOT_FOUND");
    assert_code(&end(&app, &admin, &kims).await, "NOT_FOUND");
    assert_code(
        &end(&app, &sam, &uuid::Uuid::now_v7().to_string()).await,
        "NOT_FOUND",
    );
    assert_bad_input(&end(&app, &sam, "not-an-id").await, "id");
    assert_works(&app.me(&kim.access_token).await);
    assert_works(&refresh(&app, &kim).await);
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_this_one_included() {
    let app = spawn_app().await;
    let sessions = [
        app.register("sam@example.org", "Sam").await,
        sign_in(&app, "sam@example.org").await,
        sign_in(&app, "sam@example.org").await,
    ];
    let kim = app.register("kim@example.org", "Kim").await;

    let body = app
        .op(Some(&sessions[1].access_token), "SignOutEverywhere", json!({}))
        .await;
    assert_eq!(body["data"]["signOutEverywhere"], true, "{body}");
    for s in &sessions {
        assert_code(&app.me(&s.access_token).await, "UNAUTHENTICATED");
        assert_code(&refresh(&app, s).await, "UNAUTHENTICATED");
    }
    assert_works(&app.me(&kim.access_token).await);
    // Signing in again works, with a session of its own.
    let again = sign_in(&app, "sam@example.org").await;
    assert_eq!(my_sessions(&app, &again).await.len(), 1);
}

#[tokio::test]
async fn an_api_token_has_no_sessions() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let data = app
        .ok(
            Some(&officer.access_token),
            "CreateApiToken",
            json!({ "name": "Reports" }),
        )
        .await;
    let token = data["createApiToken"]["token"].as_str().unwrap();
    assert_code(&app.op(Some(token), "MySessions", json!({})).await, "FORBIDDEN");
    assert_code(
        &app.op(Some(token), "SignOutEverywhere", json!({})).await,
        "FORBIDDEN",
    );
    assert_works(&app.me(&officer.access_token).await);
}
