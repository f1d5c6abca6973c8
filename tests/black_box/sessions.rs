//! Sessions: `RefreshSession`, `Logout`, and access tokens that must be refused.
#![allow(clippy::unwrap_used)]

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Value, json};

use crate::common::*;

async fn refresh(app: &TestApp, refresh_token: &str) -> Value {
    app.op(None, "RefreshSession", json!({ "refreshToken": refresh_token }))
        .await
}

#[track_caller]
fn assert_signed_out(body: &Value) {
    assert_code(body, "UNAUTHENTICATED");
}

#[tokio::test]
async fn refreshing_returns_a_new_pair_for_the_same_person() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let body = refresh(&app, &sam.refresh_token).await;
    let renewed = session(&body["data"]["refreshSession"], &sam.email);
    assert_eq!(renewed.user_id, sam.user_id);
    assert_ne!(renewed.refresh_token, sam.refresh_token);
    assert_about_from_now(
        &body["data"]["refreshSession"]["expiresAt"],
        chrono::Duration::minutes(15),
    );
    let me = app.ok(Some(&renewed.access_token), "Me", json!({})).await;
    assert_eq!(me["me"]["id"], sam.user_id.as_str());
    // The new refresh token renews in turn.
    let again = refresh(&app, &renewed.refresh_token).await;
    assert!(again.get("errors").is_none(), "{again}");
}

#[tokio::test]
async fn a_reused_refresh_token_ends_the_whole_session() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let other = session(
        &app.login(&sam.email, PASSWORD).await["data"]["login"],
        &sam.email,
    );
    let body = refresh(&app, &sam.refresh_token).await;
    let renewed = session(&body["data"]["refreshSession"], &sam.email);

    // Someone presents the used token: whoever holds the new pair is signed out too.
    assert_signed_out(&refresh(&app, &sam.refresh_token).await);
    assert_signed_out(&refresh(&app, &renewed.refresh_token).await);
    assert_signed_out(&app.me(&renewed.access_token).await);
    assert_signed_out(&app.me(&sam.access_token).await);
    // Sam's other session is untouched.
    assert!(app.me(&other.access_token).await.get("errors").is_none());
}

#[tokio::test]
async fn logout_ends_that_session_only() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let other = session(
        &app.login(&sam.email, PASSWORD).await["data"]["login"],
        &sam.email,
    );

    let body = app
        .ok(None, "Logout", json!({ "refreshToken": sam.refresh_token }))
        .await;
    assert_eq!(body["logout"], true);
    assert_signed_out(&refresh(&app, &sam.refresh_token).await);
    assert_signed_out(&app.me(&sam.access_token).await);

    let me = app.ok(Some(&other.access_token), "Me", json!({})).await;
    assert_eq!(me["me"]["id"], sam.user_id.as_str());
    let renewed = refresh(&app, &other.refresh_token).await;
    assert!(renewed.get("errors").is_none(), "{renewed}");
}

#[tokio::test]
async fn an_unknown_refresh_token_is_refused() {
    let app = spawn_app().await;
    assert_signed_out(&refresh(&app, "cfrt_not-a-real-token").await);
    let body = app
        .op(None, "Logout", json!({ "refreshToken": "cfrt_not-a-real-token" }))
        .await;
    assert_signed_out(&body);
}

/// The claims of a genuine access token.
fn claims_of(access_token: &str) -> Value {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_audience(&["coforum-api"]);
    let key = DecodingKey::from_secret(JWT_SECRET);
    jsonwebtoken::decode::<Value>(access_token, &key, &validation)
        .unwrap()
        .claims
}

fn sign(claims: &Value, algorithm: Algorithm, secret: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(algorithm), claims, &EncodingKey::from_secret(secret)).unwrap()
}

/// Sends `Forums` (public) and `Me` with `authorization` as the header.
async fn with_header(app: &TestApp, authorization: &str) -> [Value; 2] {
    let mut bodies = Vec::new();
    for name in ["Forums", "Me"] {
        let response = app
            .client
            .post(app.url("/graphql"))
            .header("authorization", authorization)
            .json(&json!({ "query": operation(name) }))
            .send()
            .await
            .unwrap();
        bodies.push(response.json::<Value>().await.unwrap());
    }
    bodies.try_into().unwrap()
}

#[track_caller]
fn assert_refused(bodies: &[Value; 2], what: &str) {
    for body in bodies {
        assert_eq!(error_code(body), Some("UNAUTHENTICATED"), "{what}: {body}");
        assert!(body["data"].is_null(), "{what}: {body}");
    }
}

#[tokio::test]
async fn a_token_signed_with_the_server_key_for_a_live_session_is_accepted() {
    // Shows the forging below is faithful: only the flaw under test differs.
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let token = sign(&claims_of(&sam.access_token), Algorithm::HS256, JWT_SECRET);
    let [forums, me] = with_header(&app, &format!("Bearer {token}")).await;
    assert!(forums.get("errors").is_none(), "{forums}");
    assert_eq!(me["data"]["me"]["id"], sam.user_id.as_str(), "{me}");
}

#[tokio::test]
async fn tokens_signed_with_another_key_or_algorithm_are_refused_even_on_public_queries() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let claims = claims_of(&sam.access_token);
    let other_key = sign(
        &claims,
        Algorithm::HS256,
        b"another-secret-another-secret-another!",
    );
    let hs512 = sign(&claims, Algorithm::HS512, JWT_SECRET);
    // {"alg":"none","typ":"JWT"}, the genuine payload, and no signature.
    let payload = sam.access_token.split('.').nth(1).unwrap();
    let unsigned = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
    for (what, token) in [("other key", other_key), ("HS512", hs512), ("alg none", unsigned)] {
        assert_refused(&with_header(&app, &format!("Bearer {token}")).await, what);
    }
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let mut claims = claims_of(&sam.access_token);
    let now = chrono::Utc::now().timestamp();
    claims["iat"] = json!(now - 2 * 3600);
    claims["exp"] = json!(now - 3600);
    let token = sign(&claims, Algorithm::HS256, JWT_SECRET);
    assert_refused(&with_header(&app, &format!("Bearer {token}")).await, "expired");
}

/// One flaw put into genuine claims.
type ClaimChange = fn(&mut Value);

#[tokio::test]
async fn a_token_for_another_audience_or_issuer_is_refused() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let genuine = claims_of(&sam.access_token);
    let variants: [(&str, ClaimChange); 5] = [
        ("no aud", |c| {
            c.as_object_mut().unwrap().remove("aud");
        }),
        ("other aud", |c| c["aud"] = json!("another-api")),
        ("no iss", |c| {
            c.as_object_mut().unwrap().remove("iss");
        }),
        ("other iss", |c| c["iss"] = json!("someone-else")),
        ("no exp", |c| {
            c.as_object_mut().unwrap().remove("exp");
        }),
    ];
    for (what, change) in variants {
        let mut claims = genuine.clone();
        change(&mut claims);
        let token = sign(&claims, Algorithm::HS256, JWT_SECRET);
        assert_refused(&with_header(&app, &format!("Bearer {token}")).await, what);
    }
}

#[tokio::test]
async fn a_well_signed_token_needs_a_live_session_of_its_user() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let priya = app.register("priya@example.org", "Priya").await;
    let mut no_session = claims_of(&sam.access_token);
    no_session["sid"] = json!(uuid::Uuid::new_v4());
    let token = sign(&no_session, Algorithm::HS256, JWT_SECRET);
    assert_refused(
        &with_header(&app, &format!("Bearer {token}")).await,
        "unknown sid",
    );

    // Sam's live session does not speak for Priya.
    let mut borrowed = claims_of(&sam.access_token);
    borrowed["sub"] = json!(priya.user_id);
    let token = sign(&borrowed, Algorithm::HS256, JWT_SECRET);
    assert_refused(
        &with_header(&app, &format!("Bearer {token}")).await,
        "another sub",
    );
}

#[tokio::test]
async fn malformed_authorization_is_refused() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let headers = [
        "Bearer garbage".to_owned(),
        "garbage".to_owned(),
        format!("Basic {}", sam.access_token),
        // A refresh token is not an access token.
        format!("Bearer {}", sam.refresh_token),
        "Bearer cfat_not-a-real-api-token".to_owned(),
    ];
    for header in headers {
        assert_refused(&with_header(&app, &header).await, &header);
    }
}
