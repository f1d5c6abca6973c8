//! The web client's browser session when its access token has expired: two
//! tabs loading pages at the same instant both send the same single-use
//! refresh token. On one server they share one refresh and stay signed in;
//! across two servers the contract's reuse rule still ends the session.
#![allow(clippy::unwrap_used)]

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Value, json};

use crate::common::*;

/// `access_token` with its expiry an hour ago, signed with the server key.
pub fn expired(access_token: &str) -> String {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_audience(&["coforum-api"]);
    let key = DecodingKey::from_secret(JWT_SECRET);
    let mut claims = jsonwebtoken::decode::<Value>(access_token, &key, &validation)
        .unwrap()
        .claims;
    let now = chrono::Utc::now().timestamp();
    claims["iat"] = json!(now - 2 * 3600);
    claims["exp"] = json!(now - 3600);
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(JWT_SECRET),
    )
    .unwrap()
}

/// A page as a browser tab with these two cookies would load it.
struct Tab {
    /// The `cf_access` and `cf_refresh` values the answer set, if any.
    access: Option<String>,
    refresh: Option<String>,
    signed_in_as: Option<String>,
}

async fn load(app: &TestApp, access: &str, refresh: &str) -> Tab {
    let response = app
        .client
        .get(app.url("/"))
        .header("cookie", format!("cf_access={access}; cf_refresh={refresh}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = |name: &str| {
        response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix(&format!("{name}=")))
            .map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
    };
    let (access, refresh) = (cookie("cf_access"), cookie("cf_refresh"));
    let html = response.text().await.unwrap();
    let signed_in_as = html
        .split_once("Signed in as ")
        .map(|(_, rest)| rest.split('<').next().unwrap_or_default().to_owned());
    Tab {
        access,
        refresh,
        signed_in_as,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_tabs_refreshing_at_once_on_one_server_both_stay_signed_in() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let stale = expired(&sam.access_token);

    let (first, second) = tokio::join!(
        load(&app, &stale, &sam.refresh_token),
        load(&app, &stale, &sam.refresh_token)
    );
    for tab in [&first, &second] {
        assert_eq!(tab.signed_in_as.as_deref(), Some("Sam"));
    }
    // Both tabs were given the one new pair.
    let renewed = first.refresh.clone().unwrap();
    assert!(!renewed.is_empty());
    assert_ne!(renewed, sam.refresh_token);
    assert_eq!(second.refresh.as_deref(), Some(renewed.as_str()));
    assert_eq!(second.access, first.access);

    // The session survives: its new tokens work on the next page and renew in turn.
    let access = first.access.unwrap();
    let next = load(&app, &access, &renewed).await;
    assert_eq!(next.signed_in_as.as_deref(), Some("Sam"));
    assert!(next.refresh.is_none(), "a live access token needs no refresh");
    let again = app
        .op(None, "RefreshSession", json!({ "refreshToken": renewed }))
        .await;
    assert!(again.get("errors").is_none(), "{again}");
}

#[tokio::test]
async fn on_another_server_the_same_old_token_still_ends_the_session() {
    // Documented limit: the shared refresh lives in one process. A second
    // server that sees the used token counts it as reuse, as the contract
    // says, and both tabs are asked to sign in again.
    let app = spawn_app().await;
    let other = spawn_app_on(&app.database_url).await;
    let sam = app.register("sam@example.org", "Sam").await;
    let stale = expired(&sam.access_token);

    let first = load(&app, &stale, &sam.refresh_token).await;
    assert_eq!(first.signed_in_as.as_deref(), Some("Sam"));
    let second = load(&other, &stale, &sam.refresh_token).await;
    assert_eq!(second.signed_in_as, None);
    assert_eq!(
        second.refresh.as_deref(),
        Some(""),
        "the refresh cookie is cleared"
    );

    let after = load(&app, &first.access.unwrap(), &first.refresh.unwrap()).await;
    assert_eq!(after.signed_in_as, None);
}
