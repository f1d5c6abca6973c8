//! The mail outbox for admins: over GraphQL (`outbox`) and at
//! `/admin/outbox`, where mail kept without an SMTP server can be read.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use crate::common::*;
use crate::web_csrf::Browser;

const OUTBOX: &str = "query { outbox(first: 10) { to subject text sentAt failedAt } }";

#[tokio::test]
async fn admins_read_kept_mail_and_nobody_else_does() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let body = app
        .op(
            None,
            "RequestPasswordReset",
            json!({ "email": "sam@example.org" }),
        )
        .await;
    assert_eq!(body["data"]["requestPasswordReset"], true);

    let kept = app.graphql(Some(&admin.access_token), OUTBOX, json!({})).await;
    let mail = &kept["data"]["outbox"][0];
    assert_eq!(mail["to"], "sam@example.org", "{kept}");
    assert_eq!(mail["subject"], "Reset your coforum password");
    assert!(mail["text"].as_str().unwrap().contains("/reset-password/cfpr_"));
    assert!(
        mail["sentAt"].is_null() && mail["failedAt"].is_null(),
        "no SMTP server: kept"
    );

    assert_code(
        &app.graphql(Some(&sam.access_token), OUTBOX, json!({})).await,
        "FORBIDDEN",
    );
    assert_code(&app.graphql(None, OUTBOX, json!({})).await, "UNAUTHENTICATED");

    let mut browser = Browser::signed_in(&app, &admin);
    let page = browser.get("/admin/outbox").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Reset your coforum password"));
    assert!(page.body.contains("sam@example.org"));
    let mut member = Browser::signed_in(&app, &sam);
    let refused = member.get("/admin/outbox").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
}
