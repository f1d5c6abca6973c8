//! A reverse proxy's `X-Forwarded-Proto` is believed from a configured
//! trusted proxy only: from anyone else, a client could have its cookies
//! marked `Secure` or not at will. (Its `X-Forwarded-For` is in `spraying`.)
#![allow(clippy::unwrap_used)]

use crate::common::sign_ins::Via;
use crate::common::*;

const HTTPS: Via<'static> = Via {
    forwarded_for: None,
    forwarded_proto: Some("https"),
    device: None,
};

#[tokio::test]
async fn cookies_are_secure_when_a_trusted_proxy_says_https() {
    let app = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()]).await;
    app.register("sam@example.org", "Sam").await;
    let page = app.page_via(HTTPS, "/sign-in").await;
    let pre_session = page.set_cookie("cf_presession").unwrap();
    // Attributes may come in any order.
    assert!(pre_session.split("; ").any(|a| a == "Secure"), "{pre_session}");
    let signed_in = app.login_via(HTTPS, "sam@example.org", PASSWORD).await;
    let device = signed_in.set_cookie("cf_device").unwrap();
    assert!(device.contains("Secure"), "{device}");
    let web = app.web_sign_in_via(HTTPS, "sam@example.org", PASSWORD).await;
    for name in ["cf_access", "cf_refresh", "cf_device"] {
        let cookie = web.set_cookie(name).unwrap();
        assert!(cookie.contains("Secure"), "{cookie}");
    }
}

#[tokio::test]
async fn x_forwarded_proto_from_a_client_that_is_not_a_trusted_proxy_is_ignored() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    let page = app.page_via(HTTPS, "/sign-in").await;
    let pre_session = page.set_cookie("cf_presession").unwrap();
    assert!(!pre_session.contains("Secure"), "{pre_session}");
    let signed_in = app.login_via(HTTPS, "sam@example.org", PASSWORD).await;
    let device = signed_in.set_cookie("cf_device").unwrap();
    assert!(!device.contains("Secure"), "{device}");
}
