//! Changing the email (issue 15): a link to the new address and a notice to
//! the old one, through a real SMTP server; the address changes only when
//! the link is followed, once.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::mail::{PUBLIC_URL, SmtpSink, delivering_to, link_in};
use crate::common::*;

const AUDIT_LOG: &str = "query { auditLog(first: 50) { action subject detail actor { id } } }";

async fn mailing_app(sink: &SmtpSink) -> TestApp {
    spawn_app_with(|c| {
        c.mail = delivering_to(sink);
        c.public_url = PUBLIC_URL.parse().unwrap();
    })
    .await
}

async fn request(app: &TestApp, who: &Session, new_email: &str, password: &str) -> Value {
    app.op(
        Some(&who.access_token),
        "RequestEmailChange",
        json!({ "newEmail": new_email, "password": password }),
    )
    .await
}

async fn confirm(app: &TestApp, token: &str) -> Value {
    app.op(None, "ConfirmEmailChange", json!({ "token": token }))
        .await
}

fn token_of(message: &str) -> String {
    let link = link_in(message, "confirm-email/").unwrap_or_else(|| panic!("no link in {message}"));
    assert!(link.starts_with(PUBLIC_URL), "{link}");
    link.rsplit('/').next().unwrap().to_owned()
}

async fn email_of(app: &TestApp, who: &Session) -> Value {
    app.ok(Some(&who.access_token), "Me", json!({})).await["me"]["email"].clone()
}

fn signs_in(body: &Value) -> bool {
    body.get("errors").is_none() && body["data"]["login"]["accessToken"].is_string()
}

/// Waits a moment for mail that should not come, then says how much came.
async fn settled(sink: &SmtpSink) -> usize {
    tokio::time::sleep(Duration::from_millis(600)).await;
    sink.received().len()
}

#[tokio::test]
async fn the_link_goes_to_the_new_address_the_notice_to_the_old_and_works_once() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    let sam = app.register("sam@example.org", "Sam").await;

    let asked = request(&app, &sam, "Sam.New@Example.org", PASSWORD).await;
    assert_eq!(asked["data"]["requestEmailChange"], true, "{asked}");
    let to_new = sink.wait_for("Sam.New@Example.org", 1).await;
    assert!(
        to_new[0].contains("Subject: Confirm your new coforum email address"),
        "{}",
        to_new[0]
    );
    assert!(to_new[0].contains("text/plain") && to_new[0].contains("text/html"));
    assert!(
        !to_new[0].contains("Sam,"),
        "the new address is not told whose account"
    );
    let token = token_of(&to_new[0]);

    let to_old = sink.wait_for("sam@example.org", 1).await;
    let notice = &to_old[0];
    assert!(notice.contains("Hello Sam,"), "{notice}");
    assert!(notice.contains("S***@Example.org"), "{notice}");
    assert!(!notice.to_lowercase().contains("sam.new@"), "{notice}");
    assert!(
        !notice.contains("confirm-email"),
        "no link that changes anything: {notice}"
    );
    assert!(
        notice.contains(&format!("{PUBLIC_URL}forgot-password")),
        "{notice}"
    );

    // Nothing changes before the link is followed.
    assert_eq!(email_of(&app, &sam).await, "sam@example.org");
    assert!(!signs_in(&app.login("sam.new@example.org", PASSWORD).await));
    assert!(signs_in(&app.login("sam@example.org", PASSWORD).await));

    let confirmed = confirm(&app, &token).await;
    assert_eq!(
        confirmed["data"]["confirmEmailChange"], "Sam.New@Example.org",
        "{confirmed}"
    );
    assert_eq!(email_of(&app, &sam).await, "Sam.New@Example.org");
    assert_code(&app.login("sam@example.org", PASSWORD).await, "UNAUTHENTICATED");
    assert!(signs_in(&app.login("sam.new@EXAMPLE.org", PASSWORD).await));
    // The old address is free again.
    app.register("sam@example.org", "Someone else").await;

    // Once only.
    assert_code(&confirm(&app, &token).await, "UNAUTHENTICATED");
    assert_eq!(email_of(&app, &sam).await, "Sam.New@Example.org");

    // Recorded for admins, with no address in it.
    let admin = app.admin().await;
    let log = app.graphql(Some(&admin.access_token), AUDIT_LOG, json!({})).await;
    let events = log["data"]["auditLog"].as_array().unwrap();
    let changed = events.iter().find(|e| e["action"] == "EMAIL_CHANGED").unwrap();
    assert_eq!(changed["actor"]["id"], sam.user_id.as_str());
    assert_eq!(changed["subject"], sam.user_id.as_str());
    assert!(!changed["detail"].as_str().unwrap().contains('@'), "{changed}");
}

#[tokio::test]
async fn a_wrong_password_changes_nothing_sends_nothing_and_counts_as_a_failed_sign_in() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    let sam = app.register("sam@example.org", "Sam").await;

    assert_code(
        &request(&app, &sam, "new@example.org", "not my password").await,
        "UNAUTHENTICATED",
    );
    assert_eq!(settled(&sink).await, 0);
    assert_eq!(email_of(&app, &sam).await, "sam@example.org");

    for _ in 0..4 {
        request(&app, &sam, "new@example.org", "not my password").await;
    }
    // Five wrong guesses lock the email, as five failed sign-ins would.
    assert_code(
        &request(&app, &sam, "new@example.org", PASSWORD).await,
        "RATE_LIMITED",
    );
    assert_eq!(settled(&sink).await, 0);
}

#[tokio::test]
async fn a_bad_or_unchanged_address_is_bad_input_and_sends_nothing() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    let sam = app.register("sam@example.org", "Sam").await;
    for bad in ["not an email", "", "SAM@example.org "] {
        assert_bad_input(&request(&app, &sam, bad, PASSWORD).await, "newEmail");
    }
    assert_eq!(settled(&sink).await, 0);
    assert_eq!(email_of(&app, &sam).await, "sam@example.org");
}

#[tokio::test]
async fn an_address_with_an_account_is_a_conflict_only_for_the_right_password() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    let sam = app.register("sam@example.org", "Sam").await;
    app.register("kim@example.org", "Kim").await;

    // Without the password nothing is learned about the address.
    assert_code(
        &request(&app, &sam, "KIM@example.org", "not my password").await,
        "UNAUTHENTICATED",
    );
    // With it, the answer register gives for the same address.
    let taken = assert_code(
        &request(&app, &sam, "KIM@example.org", PASSWORD).await,
        "CONFLICT",
    );
    let registered = app
        .op(
            None,
            "Register",
            json!({ "input": { "email": "KIM@example.org", "password": PASSWORD, "displayName": "K" } }),
        )
        .await;
    assert_eq!(assert_code(&registered, "CONFLICT")["message"], taken["message"]);
    assert_eq!(settled(&sink).await, 0, "nobody is emailed");
    assert_eq!(email_of(&app, &sam).await, "sam@example.org");
}

#[tokio::test]
async fn an_address_taken_before_the_link_is_followed_is_a_conflict_and_nothing_changes() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let token = app.email_change_token(&sam, "wanted@example.org").await;
    app.register("Wanted@example.org", "Quicker").await;

    assert_code(&confirm(&app, &token).await, "CONFLICT");
    assert_eq!(email_of(&app, &sam).await, "sam@example.org");
    assert!(signs_in(&app.login("sam@example.org", PASSWORD).await));
}

#[tokio::test]
async fn unknown_expired_and_superseded_links_are_refused() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    assert_code(&confirm(&app, "cfec_not-a-token").await, "UNAUTHENTICATED");

    let first = app.email_change_token(&sam, "first@example.org").await;
    let second = app.email_change_token(&sam, "second@example.org").await;
    // Only the newest link works: a mistyped address's link is gone.
    assert_code(&confirm(&app, &first).await, "UNAUTHENTICATED");

    // A day passes.
    app.execute_sql("UPDATE email_changes SET expires_at = created_at")
        .await;
    assert_code(&confirm(&app, &second).await, "UNAUTHENTICATED");
    assert_eq!(email_of(&app, &sam).await, "sam@example.org");
}

#[tokio::test]
async fn changing_the_password_or_deleting_the_account_stops_a_waiting_change() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let token = app.email_change_token(&sam, "thief@example.org").await;
    // What the notice to the old address advises.
    let changed = app
        .op(
            Some(&sam.access_token),
            "ChangePassword",
            json!({ "currentPassword": PASSWORD, "newPassword": "a brand new passphrase" }),
        )
        .await;
    assert!(changed.get("errors").is_none(), "{changed}");
    assert_code(&confirm(&app, &token).await, "UNAUTHENTICATED");

    let kim = app.register("kim@example.org", "Kim").await;
    let token = app.email_change_token(&kim, "kim.new@example.org").await;
    app.ok(
        Some(&kim.access_token),
        "DeleteMyAccount",
        json!({ "password": PASSWORD }),
    )
    .await;
    assert_code(&confirm(&app, &token).await, "UNAUTHENTICATED");
    // The address it named is free.
    app.register("kim.new@example.org", "Kim again").await;
}

#[tokio::test]
async fn at_most_three_requests_an_hour() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    for n in 0..3 {
        let body = request(&app, &sam, &format!("new{n}@example.org"), PASSWORD).await;
        assert_eq!(body["data"]["requestEmailChange"], true, "{body}");
    }
    assert_code(
        &request(&app, &sam, "new3@example.org", PASSWORD).await,
        "RATE_LIMITED",
    );
}
