//! Browser safety: CORS is off unless configured, and the web client's pages
//! carry a strict Content-Security-Policy and frame protection, and send
//! no one to another site after signing in.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use crate::web_csrf::Browser;

const REPORTS: &str = "https://reports.example.org";

async fn preflight(app: &TestApp, origin: &str) -> reqwest::Response {
    app.client
        .request(reqwest::Method::OPTIONS, app.url("/graphql"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization, content-type")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn without_configuration_no_site_is_allowed() {
    let app = spawn_app().await;
    let response = preflight(&app, REPORTS).await;
    assert!(response.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn a_configured_origin_is_allowed_and_others_are_not() {
    let app = spawn_app_with(|c| c.cors_origins = vec![REPORTS.to_owned()]).await;
    let allowed = preflight(&app, REPORTS).await;
    assert_eq!(allowed.headers()["access-control-allow-origin"], REPORTS);
    let other = preflight(&app, "https://elsewhere.example.com").await;
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn web_pages_carry_a_strict_content_security_policy_and_frame_protection() {
    let app = spawn_app().await;
    let page = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let headers = page.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    for rule in [
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(rule), "{rule} missing from {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    // Pages can show a signed-in person's forums: never kept in a cache.
    assert_eq!(headers["cache-control"], "no-store");
}

#[tokio::test]
async fn signed_in_the_sign_in_page_never_sends_anyone_to_another_site() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let mut browser = Browser::signed_in(&app, &sam);
    // Browsers drop the tab and would go to `//evil.example`.
    for next in [
        "/%09/evil.example",
        "//evil.example",
        "/%5Cevil.example",
        "https://evil.example",
    ] {
        let page = browser.get(&format!("/sign-in?next={next}")).await;
        assert_eq!(page.status, 303, "{next}");
        assert_eq!(page.location.as_deref(), Some("/"), "{next}");
    }
    let page = browser.get("/sign-in?next=/forums/inspire").await;
    assert_eq!(page.location.as_deref(), Some("/forums/inspire"));
}
