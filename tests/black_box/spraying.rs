//! Password spraying (issue 13, item 6): one password tried on many emails
//! from one client. Twenty failed sign-ins a minute from one address answer
//! `RATE_LIMITED`, whatever the emails, over `/graphql` and the web client.
#![allow(clippy::unwrap_used)]

use coforum_persistence::entities::client_failure;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::common::sign_ins::{Attempt, Via};
use crate::common::*;

const WRONG: &str = "Spring2026!";

/// `times` wrong sign-ins from `via`, each for a different unknown email.
async fn spray(app: &TestApp, via: Via<'_>, times: usize) {
    for i in 0..times {
        let attempt = app.login_via(via, &format!("target{i}@example.org"), WRONG).await;
        assert_eq!(attempt.code(), Some("UNAUTHENTICATED"), "guess {i}: {attempt:?}");
    }
}

fn limited_by_address(attempt: &Attempt) {
    assert_eq!(attempt.code(), Some("RATE_LIMITED"), "{attempt:?}");
    let message = attempt.body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("network"), "{message}");
}

fn behind_a_proxy(config: &mut coforum_app::Config) {
    config.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
}

#[tokio::test]
async fn twenty_failed_sign_ins_from_one_address_hold_it_back_whatever_the_emails() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    spray(&app, Via::default(), 20).await;
    // Even the right password, for an email no one guessed, is held back now.
    limited_by_address(&app.login_via(Via::default(), "sam@example.org", PASSWORD).await);
    limited_by_address(&app.login_via(Via::default(), "someone@example.org", WRONG).await);

    // A minute later the address may try again.
    let a_minute_ago = chrono::Utc::now() - chrono::Duration::seconds(61);
    client_failure::Entity::update_many()
        .col_expr(client_failure::Column::FailedAt, Expr::value(a_minute_ago))
        .filter(client_failure::Column::Kind.eq("address"))
        .exec(app.state.db.conn())
        .await
        .unwrap();
    assert!(
        app.login_via(Via::default(), "sam@example.org", PASSWORD)
            .await
            .signed_in()
    );
}

#[tokio::test]
async fn a_right_password_neither_counts_nor_wipes_the_addresses_failures() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    spray(&app, Via::default(), 19).await;
    assert!(
        app.login_via(Via::default(), "sam@example.org", PASSWORD)
            .await
            .signed_in()
    );
    let twentieth = app.login_via(Via::default(), "target19@example.org", WRONG).await;
    assert_eq!(twentieth.code(), Some("UNAUTHENTICATED"), "{twentieth:?}");
    limited_by_address(&app.login_via(Via::default(), "sam@example.org", PASSWORD).await);
}

// The limit must hold for guesses sent at once, or it stops no one.
#[tokio::test]
async fn guesses_sent_at_once_from_one_address_get_no_more_than_twenty_checks() {
    let app = spawn_app().await;
    let calls: Vec<_> = (0..40)
        .map(|i| {
            let input = json!({ "input": { "email": format!("target{i}@example.org"), "password": WRONG } });
            (None, "Login", input)
        })
        .collect();
    let bodies = app.op_all(calls).await;
    let checked = bodies
        .iter()
        .filter(|b| error_code(b) == Some("UNAUTHENTICATED"))
        .count();
    let limited = bodies
        .iter()
        .filter(|b| error_code(b) == Some("RATE_LIMITED"))
        .count();
    assert!(checked <= 20, "{checked} of 40 guesses at once were checked");
    assert_eq!(checked + limited, 40, "{bodies:?}");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_address_has_its_own_allowance() {
    let app = spawn_app_with(behind_a_proxy).await;
    app.register("sam@example.org", "Sam").await;
    spray(&app, Via::address("203.0.113.7"), 20).await;
    limited_by_address(
        &app.login_via(Via::address("203.0.113.7"), "sam@example.org", PASSWORD)
            .await,
    );
    // The client wrote the left address itself; the proxy appended the real one.
    let spoofed = Via::address("198.51.100.99, 203.0.113.7");
    limited_by_address(&app.login_via(spoofed, "sam@example.org", PASSWORD).await);
    let elsewhere = app
        .login_via(Via::address("203.0.113.8"), "sam@example.org", PASSWORD)
        .await;
    assert!(elsewhere.signed_in(), "{elsewhere:?}");
}

#[tokio::test]
async fn x_forwarded_for_from_a_client_that_is_not_a_trusted_proxy_is_ignored() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    for i in 0..20 {
        let address = format!("203.0.113.{i}");
        let attempt = app
            .login_via(Via::address(&address), &format!("target{i}@example.org"), WRONG)
            .await;
        assert_eq!(attempt.code(), Some("UNAUTHENTICATED"), "{attempt:?}");
    }
    let fresh = Via::address("198.51.100.1");
    limited_by_address(&app.login_via(fresh, "sam@example.org", PASSWORD).await);
}

#[tokio::test]
async fn the_web_sign_in_form_counts_toward_and_is_held_by_the_address_limit() {
    let app = spawn_app_with(behind_a_proxy).await;
    app.register("sam@example.org", "Sam").await;
    let via = Via::address("198.51.100.20");
    for i in 0..20 {
        let page = app
            .web_sign_in_via(via, &format!("target{i}@example.org"), WRONG)
            .await;
        assert_eq!(page.status, 422, "guess {i}");
        assert!(page.html.contains("is wrong"), "guess {i}: {}", page.html);
    }
    let page = app.web_sign_in_via(via, "sam@example.org", PASSWORD).await;
    assert_eq!(page.status, 422, "the right password got through");
    assert!(page.html.contains("from your network"), "{}", page.html);
    limited_by_address(&app.login_via(via, "sam@example.org", PASSWORD).await);
    let other = app
        .web_sign_in_via(Via::address("198.51.100.21"), "sam@example.org", PASSWORD)
        .await;
    assert_eq!(other.status, 303, "{}", other.html);
}
