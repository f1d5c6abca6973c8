//! `ChangePassword` (contract, "Your account"): the current password first;
//! every other session ends; a wrong one counts toward the sign-in limit.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;
use crate::web_csrf::Browser;

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn change(app: &TestApp, token: &str, current: &str, new: &str) -> Value {
    app.op(
        Some(token),
        "ChangePassword",
        json!({ "currentPassword": current, "newPassword": new }),
    )
    .await
}

#[tokio::test]
async fn the_new_password_works_and_every_other_session_ends() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let other = session(
        &app.login(&sam.email, PASSWORD).await["data"]["login"],
        &sam.email,
    );

    let body = change(&app, &sam.access_token, PASSWORD, NEW_PASSWORD).await;
    let renewed = session(&body["data"]["changePassword"], &sam.email);
    assert_eq!(renewed.user_id, sam.user_id);
    assert!(app.me(&renewed.access_token).await.get("errors").is_none());
    for ended in [&sam, &other] {
        assert_code(&app.me(&ended.access_token).await, "UNAUTHENTICATED");
        let refresh = app
            .op(
                None,
                "RefreshSession",
                json!({ "refreshToken": ended.refresh_token }),
            )
            .await;
        assert_code(&refresh, "UNAUTHENTICATED");
    }
    assert_code(&app.login(&sam.email, PASSWORD).await, "UNAUTHENTICATED");
    assert!(app.login(&sam.email, NEW_PASSWORD).await.get("errors").is_none());
}

#[tokio::test]
async fn a_wrong_current_password_changes_nothing_and_counts_as_a_failed_sign_in() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    for _ in 0..5 {
        assert_code(
            &change(&app, &sam.access_token, "not my password", NEW_PASSWORD).await,
            "UNAUTHENTICATED",
        );
    }
    // Five failures lock the email, the right password included.
    assert_code(
        &change(&app, &sam.access_token, PASSWORD, NEW_PASSWORD).await,
        "RATE_LIMITED",
    );
    assert!(
        app.me(&sam.access_token).await.get("errors").is_none(),
        "the session still works"
    );
}

#[tokio::test]
async fn a_weak_new_password_is_refused_before_the_current_one_is_tried() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    for _ in 0..6 {
        assert_bad_input(
            &change(&app, &sam.access_token, "wrong", "short").await,
            "newPassword",
        );
    }
    assert!(
        change(&app, &sam.access_token, PASSWORD, NEW_PASSWORD)
            .await
            .get("errors")
            .is_none()
    );
}

#[tokio::test]
async fn the_account_page_changes_the_password_and_keeps_this_browser_signed_in() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let mut browser = Browser::signed_in(&app, &sam);
    let page = browser.get("/account").await;
    assert!(page.body.contains("Change your password"));

    let wrong = browser
        .post(
            "/account/password",
            &[
                ("csrf", &page.csrf()),
                ("current_password", "nope nope nope"),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(
        wrong.body.contains("Your password now is wrong"),
        "{}",
        wrong.body
    );

    let done = browser
        .post(
            "/account/password",
            &[
                ("csrf", &wrong.csrf()),
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some("/account?done=password"));
    let shown = browser.get("/account?done=password").await;
    assert!(
        shown.body.contains("Your new password is saved"),
        "{}",
        shown.body
    );
    assert_code(&app.me(&sam.access_token).await, "UNAUTHENTICATED");
}
