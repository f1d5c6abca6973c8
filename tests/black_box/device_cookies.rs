//! Device cookies (issue 13, item 14): five wrong passwords from anyone
//! still lock an email against unknown clients, as the contract says, but a
//! browser or client that signed in to the account before carries a signed
//! cookie that lets it sign in with the right password all the same.
#![allow(clippy::unwrap_used)]

use crate::common::sign_ins::Via;
use crate::common::*;

const WRONG: &str = "not the password";

/// Five wrong passwords from an unknown client: the contract's lockout.
async fn lock_out(app: &TestApp, via: Via<'_>, email: &str) {
    for _ in 0..5 {
        let attempt = app.login_via(via, email, WRONG).await;
        assert_eq!(attempt.code(), Some("UNAUTHENTICATED"), "{attempt:?}");
    }
    let locked = app.login_via(via, email, PASSWORD).await;
    assert_eq!(locked.code(), Some("RATE_LIMITED"), "{locked:?}");
}

/// Signs in as `email` from `via` and returns the device cookie it was given.
async fn device_of(app: &TestApp, via: Via<'_>, email: &str) -> String {
    let attempt = app.login_via(via, email, PASSWORD).await;
    assert!(attempt.signed_in(), "{attempt:?}");
    attempt.device_cookie().expect("a device cookie")
}

#[tokio::test]
async fn signing_in_or_registering_gives_a_long_lived_http_only_strict_device_cookie() {
    let app = spawn_app().await;
    let register = app
        .client
        .post(app.url("/graphql"))
        .json(&serde_json::json!({
            "query": operation("Register"),
            "variables": { "input": { "email": "sam@example.org", "password": PASSWORD, "displayName": "Sam" } }
        }))
        .send()
        .await
        .unwrap();
    let registered = register.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(registered.starts_with("cf_device="), "{registered}");

    let attempt = app.login_via(Via::default(), "sam@example.org", PASSWORD).await;
    let cookie = attempt.set_cookie("cf_device").unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=31536000"] {
        assert!(cookie.contains(part), "{part} missing from {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");

    let failed = app.login_via(Via::default(), "sam@example.org", WRONG).await;
    assert_eq!(
        failed.device_cookie(),
        None,
        "a failed sign-in vouches for nothing"
    );
}

#[tokio::test]
async fn a_client_that_signed_in_before_still_signs_in_while_the_account_is_locked() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    let device = device_of(&app, Via::default(), "sam@example.org").await;
    lock_out(&app, Via::default(), "sam@example.org").await;

    let trusted = app
        .login_via(Via::device(&device), "sam@example.org", PASSWORD)
        .await;
    assert!(trusted.signed_in(), "{trusted:?}");
    // Each sign-in renews the cookie; the new one works too.
    let renewed = trusted.device_cookie().unwrap();
    assert_ne!(renewed, device);
    let again = app
        .login_via(Via::device(&renewed), "SAM@example.org", PASSWORD)
        .await;
    assert!(again.signed_in(), "{again:?}");
    // Unknown clients are still held back: the success cleared the
    // email's failures, so lock it again and check.
    lock_out(&app, Via::default(), "sam@example.org").await;
}

#[tokio::test]
async fn a_device_cookie_vouches_for_its_own_account_only_and_cannot_be_forged() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    app.register("priya@example.org", "Priya").await;
    let priyas = device_of(&app, Via::default(), "priya@example.org").await;
    let sams = device_of(&app, Via::default(), "sam@example.org").await;
    lock_out(&app, Via::default(), "sam@example.org").await;

    let forged = format!("{}.{}", "A".repeat(22), "B".repeat(43));
    let mut altered = sams.clone();
    let last = altered.pop().unwrap();
    altered.push(if last == 'A' { 'B' } else { 'A' });
    for cookie in [priyas.as_str(), forged.as_str(), altered.as_str(), "junk"] {
        let attempt = app
            .login_via(Via::device(cookie), "sam@example.org", PASSWORD)
            .await;
        assert_eq!(attempt.code(), Some("RATE_LIMITED"), "{cookie}: {attempt:?}");
    }
}

#[tokio::test]
async fn a_device_cookie_that_fails_ten_times_is_trusted_no_more() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    let device = device_of(&app, Via::default(), "sam@example.org").await;
    lock_out(&app, Via::default(), "sam@example.org").await;
    // While trusted, its guesses are checked, in spite of the lockout.
    for i in 0..10 {
        let attempt = app
            .login_via(Via::device(&device), "sam@example.org", WRONG)
            .await;
        assert_eq!(attempt.code(), Some("UNAUTHENTICATED"), "guess {i}: {attempt:?}");
    }
    let after = app
        .login_via(Via::device(&device), "sam@example.org", PASSWORD)
        .await;
    assert_eq!(after.code(), Some("RATE_LIMITED"), "{after:?}");
}

#[tokio::test]
async fn a_trusted_device_is_not_held_by_its_address_but_its_wrong_passwords_count_there() {
    let app = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await;
    app.register("sam@example.org", "Sam").await;
    let home = Via::address("198.51.100.1");
    let device = device_of(&app, home, "sam@example.org").await;
    for i in 0..20 {
        let attempt = app
            .login_via(home, &format!("target{i}@example.org"), WRONG)
            .await;
        assert_eq!(attempt.code(), Some("UNAUTHENTICATED"), "{attempt:?}");
    }
    let untrusted = app.login_via(home, "sam@example.org", PASSWORD).await;
    assert_eq!(untrusted.code(), Some("RATE_LIMITED"), "{untrusted:?}");
    let trusted = app
        .login_via(home.with_device(&device), "sam@example.org", PASSWORD)
        .await;
    assert!(trusted.signed_in(), "{trusted:?}");

    let cafe = Via::address("198.51.100.2");
    for i in 0..19 {
        let attempt = app
            .login_via(cafe, &format!("target{i}@example.org"), WRONG)
            .await;
        assert_eq!(attempt.code(), Some("UNAUTHENTICATED"), "{attempt:?}");
    }
    let device = trusted.device_cookie().unwrap();
    let wrong = app
        .login_via(cafe.with_device(&device), "sam@example.org", WRONG)
        .await;
    assert_eq!(wrong.code(), Some("UNAUTHENTICATED"), "{wrong:?}");
    let untrusted = app.login_via(cafe, "sam@example.org", PASSWORD).await;
    assert_eq!(untrusted.code(), Some("RATE_LIMITED"), "{untrusted:?}");
}

#[tokio::test]
async fn the_web_sign_in_form_gives_and_honours_the_device_cookie() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    let first = app
        .web_sign_in_via(Via::default(), "sam@example.org", PASSWORD)
        .await;
    assert_eq!(first.status, 303, "{}", first.html);
    assert!(first.set_cookie("cf_access").is_some());
    let device = first
        .device_cookie()
        .expect("a device cookie from the web client");
    lock_out(&app, Via::default(), "sam@example.org").await;

    let stranger = app
        .web_sign_in_via(Via::default(), "sam@example.org", PASSWORD)
        .await;
    assert_eq!(stranger.status, 422);
    assert!(stranger.html.contains("too many times"), "{}", stranger.html);
    let returning = app
        .web_sign_in_via(Via::device(&device), "sam@example.org", PASSWORD)
        .await;
    assert_eq!(returning.status, 303, "{}", returning.html);
    // The browser's cookie serves `/graphql` as well: one cookie, one device.
    let renewed = returning.device_cookie().unwrap();
    let api = app
        .login_via(Via::device(&renewed), "sam@example.org", PASSWORD)
        .await;
    assert!(api.signed_in(), "{api:?}");
}
