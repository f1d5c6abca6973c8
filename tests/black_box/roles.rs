//! Platform roles: `GrantPlatformRole`.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;

async fn grant(app: &TestApp, token: Option<&str>, user_id: &str, role: &str) -> Value {
    app.op(
        token,
        "GrantPlatformRole",
        json!({ "userId": user_id, "role": role }),
    )
    .await
}

async fn role_of(app: &TestApp, who: &Session) -> Value {
    app.ok(Some(&who.access_token), "Me", json!({})).await["me"]["platformRole"].clone()
}

#[tokio::test]
async fn an_admin_makes_someone_an_officer_and_back() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let sam = app.register("sam@example.org", "Sam").await;

    let body = grant(&app, Some(&admin.access_token), &sam.user_id, "OFFICER").await;
    assert_eq!(
        body["data"]["grantPlatformRole"]["id"],
        sam.user_id.as_str(),
        "{body}"
    );
    assert_eq!(body["data"]["grantPlatformRole"]["platformRole"], "OFFICER");
    // The role holds at once, for the token Sam already has.
    assert_eq!(role_of(&app, &sam).await, "OFFICER");

    let body = grant(&app, Some(&admin.access_token), &sam.user_id, "NONE").await;
    assert_eq!(
        body["data"]["grantPlatformRole"]["platformRole"], "NONE",
        "{body}"
    );
    assert_eq!(role_of(&app, &sam).await, "NONE");
}

#[tokio::test]
async fn only_admins_grant_roles() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let sam = app.register("sam@example.org", "Sam").await;

    for caller in [&sam, &officer] {
        for (target, role) in [(&sam, "ADMIN"), (&officer, "ADMIN"), (&admin, "NONE")] {
            let body = grant(&app, Some(&caller.access_token), &target.user_id, role).await;
            assert_code(&body, "FORBIDDEN");
        }
    }
    assert_code(&grant(&app, None, &sam.user_id, "ADMIN").await, "UNAUTHENTICATED");

    assert_eq!(role_of(&app, &sam).await, "NONE");
    assert_eq!(role_of(&app, &officer).await, "OFFICER");
    assert_eq!(role_of(&app, &admin).await, "ADMIN");
}

#[tokio::test]
async fn granting_to_an_unknown_or_malformed_id_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let unknown = uuid::Uuid::new_v4().to_string();
    let body = grant(&app, Some(&admin.access_token), &unknown, "OFFICER").await;
    assert_code(&body, "NOT_FOUND");
    let body = grant(&app, Some(&admin.access_token), "abc", "OFFICER").await;
    assert_bad_input(&body, "userId");
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for role in ["OFFICER", "NONE"] {
        let body = grant(&app, Some(&admin.access_token), &admin.user_id, role).await;
        assert_code(&body, "CONFLICT");
        assert_eq!(role_of(&app, &admin).await, "ADMIN");
    }
    // Still an admin in deed, not only in name.
    app.forum(&admin, "still-admin").await;
}

#[tokio::test]
async fn with_two_admins_one_can_demote_the_other() {
    let app = spawn_app().await;
    let first = app.admin().await;
    let second = app.register("second@example.org", "Second").await;
    grant(&app, Some(&first.access_token), &second.user_id, "ADMIN").await;
    assert_eq!(role_of(&app, &second).await, "ADMIN");

    let body = grant(&app, Some(&second.access_token), &first.user_id, "NONE").await;
    assert_eq!(
        body["data"]["grantPlatformRole"]["platformRole"], "NONE",
        "{body}"
    );
    assert_eq!(role_of(&app, &first).await, "NONE");
    // The demoted admin's token no longer carries admin rights.
    let body = grant(&app, Some(&first.access_token), &first.user_id, "ADMIN").await;
    assert_code(&body, "FORBIDDEN");
    // And now the second is the last one.
    let body = grant(&app, Some(&second.access_token), &second.user_id, "NONE").await;
    assert_code(&body, "CONFLICT");
    assert_eq!(role_of(&app, &second).await, "ADMIN");
}

#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_an_admin() {
    // Several rounds, each on a platform with exactly two admins: the race
    // is between two transactions that each count the admins, then write.
    for round in 0..10 {
        let app = spawn_app().await;
        let first = app.admin().await;
        let second = app.register("second@example.org", "Second").await;
        grant(&app, Some(&first.access_token), &second.user_id, "ADMIN").await;
        let demote = |by: &Session, whom: &Session| {
            let variables = json!({ "userId": whom.user_id, "role": "NONE" });
            (Some(by.access_token.clone()), variables)
        };
        let calls = [demote(&first, &second), demote(&second, &first)];
        let calls = calls
            .iter()
            .map(|(token, variables)| (token.as_deref(), "GrantPlatformRole", variables.clone()))
            .collect();
        let bodies = app.op_all(calls).await;
        let mut left = 0;
        for admin in [&first, &second] {
            if role_of(&app, admin).await == "ADMIN" {
                left += 1;
            }
        }
        assert!(left >= 1, "round {round}: no admin is left: {bodies:?}");
    }
}

#[tokio::test]
async fn granting_admin_to_an_admin_is_harmless() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = grant(&app, Some(&admin.access_token), &admin.user_id, "ADMIN").await;
    assert_eq!(
        body["data"]["grantPlatformRole"]["platformRole"], "ADMIN",
        "{body}"
    );
    assert_eq!(role_of(&app, &admin).await, "ADMIN");
}
