//! Abuse limits not covered elsewhere: directives, and sign-in guesses
//! hidden in a batch.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn a_document_with_more_directives_than_the_limit_is_refused_before_it_runs() {
    let app = spawn_app_with(|c| c.limits.max_directives = 2).await;
    let within = "{ forums { id @include(if: true) slug @skip(if: false) } }";
    let body = app.graphql(None, within, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    let over = "{ forums { id @include(if: true) @skip(if: false) @include(if: true) slug } }";
    let body = app.graphql(None, over, json!({})).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert!(body["data"].is_null(), "nothing ran: {body}");
}

#[tokio::test]
async fn sign_in_guesses_inside_a_batch_count_toward_the_limit() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    let guess = |password: &str| {
        json!({
            "query": operation("Login"),
            "variables": { "input": { "email": "sam@example.org", "password": password } }
        })
    };
    let batch: Vec<Value> = (0..6).map(|i| guess(&format!("wrong guess {i}"))).collect();
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&batch)
        .send()
        .await
        .unwrap();
    let answers: Vec<Value> = response.json().await.unwrap();
    let codes: Vec<&str> = answers.iter().filter_map(error_code).collect();
    assert_eq!(codes.len(), 6, "{answers:?}");
    assert!(
        codes.contains(&"RATE_LIMITED"),
        "six guesses in one batch: {codes:?}"
    );
    // The right password is refused too, now.
    assert_code(&app.login("sam@example.org", PASSWORD).await, "RATE_LIMITED");
}
