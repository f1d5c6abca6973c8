//! When the database stops answering: health says so, and clients get a
//! clean INTERNAL error that tells them nothing of the internals.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn without_a_database_health_is_503_and_errors_are_internal_without_detail() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let healthy = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(healthy.status(), 200);

    // Closing the pool is what a database that went away looks like here.
    app.state.db.clone().close().await.unwrap();

    let health = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), 503);
    let body: Value = health.json().await.unwrap();
    assert_ne!(body["status"], "ok");

    let forums = app.op(None, "Forums", json!({})).await;
    let error = assert_code(&forums, "INTERNAL");
    assert_eq!(error["message"], "internal error");
    let text = forums.to_string().to_lowercase();
    for leak in ["sqlite", "postgres", "pool", "sqlx", "closed", "select"] {
        assert!(!text.contains(leak), "the error leaks `{leak}`: {forums}");
    }

    // A signed-in request fails the same way, not as UNAUTHENTICATED.
    let me = app.op(Some(&sam.access_token), "Me", json!({})).await;
    assert_code(&me, "INTERNAL");
}
