//! Forgotten passwords (contract, "Your account"): a link by email, through
//! a real SMTP server, that works once and within the hour.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::mail::{PUBLIC_URL, SmtpSink, delivering_to, link_in};
use crate::common::*;

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn mailing_app(sink: &SmtpSink) -> TestApp {
    spawn_app_with(|c| {
        c.mail = delivering_to(sink);
        c.public_url = PUBLIC_URL.parse().unwrap();
    })
    .await
}

async fn request(app: &TestApp, email: &str) -> Value {
    app.op(None, "RequestPasswordReset", json!({ "email": email }))
        .await
}

async fn reset(app: &TestApp, token: &str, password: &str) -> Value {
    app.op(
        None,
        "ResetPassword",
        json!({ "token": token, "newPassword": password }),
    )
    .await
}

fn token_of(message: &str) -> String {
    let link = link_in(message, "reset-password/").unwrap_or_else(|| panic!("no link in {message}"));
    link.rsplit('/').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_emailed_link_sets_a_new_password_once_and_ends_the_other_sessions() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    let sam = app.register("sam@example.org", "Sam").await;

    let asked = Instant::now();
    assert_eq!(
        request(&app, "SAM@example.org").await["data"]["requestPasswordReset"],
        true
    );
    let mail = sink.wait_for("sam@example.org", 1).await;
    println!("reset email delivered {:?} after asking", asked.elapsed());
    assert!(
        mail[0].contains("Subject: Reset your coforum password"),
        "{}",
        mail[0]
    );
    assert!(mail[0].contains("text/plain") && mail[0].contains("text/html"));
    let token = token_of(&mail[0]);

    let body = reset(&app, &token, NEW_PASSWORD).await;
    let renewed = session(&body["data"]["resetPassword"], &sam.email);
    assert_eq!(renewed.user_id, sam.user_id);
    assert!(app.me(&renewed.access_token).await.get("errors").is_none());

    // The sessions from before, access tokens included, ended at once.
    assert_code(&app.me(&sam.access_token).await, "UNAUTHENTICATED");
    let refresh = app
        .op(
            None,
            "RefreshSession",
            json!({ "refreshToken": sam.refresh_token }),
        )
        .await;
    assert_code(&refresh, "UNAUTHENTICATED");
    assert_code(&app.login(&sam.email, PASSWORD).await, "UNAUTHENTICATED");
    assert!(app.login(&sam.email, NEW_PASSWORD).await.get("errors").is_none());

    // Once only.
    assert_code(
        &reset(&app, &token, "yet another passphrase").await,
        "UNAUTHENTICATED",
    );
}

#[tokio::test]
async fn an_expired_or_unknown_token_is_refused_and_a_weak_password_keeps_the_link() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    app.register("sam@example.org", "Sam").await;
    request(&app, "sam@example.org").await;
    let token = token_of(&sink.wait_for("sam@example.org", 1).await[0]);

    assert_bad_input(&reset(&app, &token, "short").await, "newPassword");
    assert_code(
        &reset(&app, "cfpr_not-a-token", NEW_PASSWORD).await,
        "UNAUTHENTICATED",
    );

    // An hour passes.
    app.execute_sql("UPDATE password_resets SET expires_at = created_at")
        .await;
    assert_code(&reset(&app, &token, NEW_PASSWORD).await, "UNAUTHENTICATED");
    assert!(
        app.login("sam@example.org", PASSWORD)
            .await
            .get("errors")
            .is_none()
    );
}

#[tokio::test]
async fn an_unknown_email_answers_the_same_in_the_same_time_and_sends_nothing() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    app.register("sam@example.org", "Sam").await;

    for email in ["nobody@example.org", "not an email", "sam@example.org"] {
        let started = Instant::now();
        let body = request(&app, email).await;
        assert_eq!(body["data"]["requestPasswordReset"], true, "{body}");
        // A floor, not a race: neither answer can come sooner than the other.
        assert!(
            started.elapsed() >= Duration::from_millis(400),
            "{email}: {:?}",
            started.elapsed()
        );
    }
    sink.wait_for("sam@example.org", 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.received().len(), 1, "only Sam's account was sent a link");
}

#[tokio::test]
async fn at_most_three_reset_emails_an_hour_go_to_one_account() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    app.register("sam@example.org", "Sam").await;
    let asks: Vec<_> = (0..5)
        .map(|_| {
            (
                None,
                "RequestPasswordReset",
                json!({ "email": "sam@example.org" }),
            )
        })
        .collect();
    for body in app.op_all(asks).await {
        assert_eq!(body["data"]["requestPasswordReset"], true, "{body}");
    }
    sink.wait_for("sam@example.org", 3).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.to("sam@example.org").len(), 3);
}

#[tokio::test]
async fn the_web_pages_send_the_link_and_sign_in_with_the_new_password() {
    use crate::web_csrf::Browser;

    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    app.register("sam@example.org", "Sam").await;
    let mut browser = Browser::new(&app);

    let sign_in = browser.get("/sign-in").await;
    assert!(sign_in.body.contains(r#"href="/forgot-password""#));
    let form = browser.get("/forgot-password").await;
    let sent = browser
        .post(
            "/forgot-password",
            &[("csrf", &form.csrf()), ("email", "sam@example.org")],
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert!(sent.body.contains("Check your email"));
    // An unknown address gets the very same page.
    let form = browser.get("/forgot-password").await;
    let unknown = browser
        .post(
            "/forgot-password",
            &[("csrf", &form.csrf()), ("email", "nobody@example.org")],
        )
        .await;
    assert_eq!(
        unknown.body.replace(&form.csrf(), ""),
        sent.body.replace(&form.csrf(), "")
    );

    let link = link_in(&sink.wait_for("sam@example.org", 1).await[0], "reset-password/").unwrap();
    let path = link
        .strip_prefix(PUBLIC_URL.trim_end_matches('/'))
        .unwrap()
        .to_owned();
    let page = browser.get(&path).await;
    assert!(page.body.contains("Choose a new password"));
    let weak = browser
        .post(&path, &[("csrf", &page.csrf()), ("new_password", "short")])
        .await;
    assert_eq!(weak.status, 422);
    assert!(weak.body.contains("New password"), "{}", weak.body);

    let done = browser
        .post(&path, &[("csrf", &weak.csrf()), ("new_password", NEW_PASSWORD)])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some("/?done=password"));
    let home = browser.get("/?done=password").await;
    assert!(home.body.contains("Your new password is saved"), "{}", home.body);
    assert!(
        app.login("sam@example.org", NEW_PASSWORD)
            .await
            .get("errors")
            .is_none()
    );

    // The same link again: it has been used.
    let page = browser.get(&path).await;
    let again = browser
        .post(
            &path,
            &[("csrf", &page.csrf()), ("new_password", "yet another passphrase")],
        )
        .await;
    assert_eq!(again.status, 410);
    assert!(again.body.contains("This link does not work"));
}

#[tokio::test]
async fn a_link_sent_before_the_account_was_deleted_does_not_bring_it_back() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let token = app.reset_token("sam@example.org").await;
    let deleted = app
        .op(
            Some(&sam.access_token),
            "DeleteMyAccount",
            json!({ "password": PASSWORD }),
        )
        .await;
    assert_eq!(deleted["data"]["deleteMyAccount"], true, "{deleted}");
    assert_code(&reset(&app, &token, NEW_PASSWORD).await, "UNAUTHENTICATED");
}
