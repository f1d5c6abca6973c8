//! Accounts: `Register`, `Login`, `Me`, failed-login limits, private fields.
#![allow(clippy::unwrap_used)]

use coforum_domain::account::RegistrationPolicy;
use serde_json::{Value, json};

use crate::common::*;

/// Members with their private fields, which only the owner or an admin sees.
const MEMBER_EMAILS: &str =
    "query($slug: String!) { forum(slug: $slug) { members { user { id displayName email } } } }";
const MEMBER_MEMBERSHIPS: &str = "query($slug: String!) { forum(slug: $slug) { members { user { id memberships { role forum { slug } } } } } }";

async fn register_raw(app: &TestApp, email: &str, password: &str, name: &str, invite: Option<&str>) -> Value {
    let input = json!({ "email": email, "password": password, "displayName": name, "inviteCode": invite });
    app.op(None, "Register", json!({ "input": input })).await
}

#[tokio::test]
async fn register_signs_in_with_a_token_valid_for_about_15_minutes() {
    let app = spawn_app().await;
    let body = register_raw(&app, "Sam.Jones@Example.org", PASSWORD, "  Sam ", None).await;
    let payload = &body["data"]["register"];
    assert!(body.get("errors").is_none(), "{body}");
    let access = payload["accessToken"].as_str().unwrap();
    let refresh = payload["refreshToken"].as_str().unwrap();
    assert!(!access.is_empty() && !refresh.is_empty() && access != refresh);
    assert_about_from_now(&payload["expiresAt"], chrono::Duration::minutes(15));
    assert_eq!(payload["user"]["displayName"], "Sam", "display names are trimmed");

    let me = app.me(access).await;
    assert_eq!(me["data"]["me"]["id"], payload["user"]["id"]);
    assert_eq!(me["data"]["me"]["email"], "Sam.Jones@Example.org");
    assert_eq!(me["data"]["me"]["displayName"], "Sam");
    assert_eq!(me["data"]["me"]["platformRole"], "NONE");
    assert_eq!(me["data"]["me"]["memberships"], json!([]));
}

#[tokio::test]
async fn an_email_taken_in_another_case_is_a_conflict_and_the_first_password_stays() {
    let app = spawn_app().await;
    let first = app.register("sam@example.org", "Sam").await;
    let body = register_raw(&app, "SAM@Example.ORG", "another password!", "Impostor", None).await;
    assert_code(&body, "CONFLICT");
    assert!(body["data"].is_null() || body["data"]["register"].is_null());

    let login = app.login("sam@example.org", PASSWORD).await;
    assert_eq!(login["data"]["login"]["user"]["id"], first.user_id.as_str());
    assert_eq!(login["data"]["login"]["user"]["displayName"], "Sam");
    assert_code(
        &app.login("sam@example.org", "another password!").await,
        "UNAUTHENTICATED",
    );
}

#[tokio::test]
async fn malformed_registrations_name_the_field_and_create_no_account() {
    let app = spawn_app().await;
    let nine_wide = "é".repeat(9); // 18 bytes, but 9 characters
    let too_long = "a".repeat(257);
    let cases = [
        ("not-an-email", PASSWORD, "Sam", "email"),
        ("short@example.org", "123456789", "Sam", "password"),
        ("wide@example.org", nine_wide.as_str(), "Sam", "password"),
        ("long@example.org", too_long.as_str(), "Sam", "password"),
        ("empty@example.org", PASSWORD, "", "displayName"),
        ("blank@example.org", PASSWORD, "   ", "displayName"),
    ];
    for (email, password, name, field) in cases {
        let body = register_raw(&app, email, password, name, None).await;
        assert_bad_input(&body, field);
        assert_code(&app.login(email, password).await, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn a_common_password_is_refused_in_any_case_and_creates_no_account() {
    let app = spawn_app().await;
    for (email, password) in [
        ("sam@example.org", "password12"),
        ("ada@example.org", "QwertyUiop"),
    ] {
        let body = register_raw(&app, email, password, "Sam", None).await;
        assert_bad_input(&body, "password");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("most common passwords"), "{message}");
        assert_code(&app.login(email, password).await, "UNAUTHENTICATED");
        // The address is still free.
        app.register(email, "Sam").await;
    }
}

#[tokio::test]
async fn an_invisible_display_name_is_blank_and_bidi_controls_are_dropped() {
    let app = spawn_app().await;
    let body = register_raw(&app, "zw@example.org", PASSWORD, "\u{200B}\u{200B}", None).await;
    assert_bad_input(&body, "displayName");
    assert_code(&app.login("zw@example.org", PASSWORD).await, "UNAUTHENTICATED");

    // "Sam" + RIGHT-TO-LEFT OVERRIDE + "nimda" would show as "Samadmin".
    let body = register_raw(&app, "rlo@example.org", PASSWORD, "Sam\u{202E}nimda", None).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["register"]["user"]["displayName"], "Samnimda");
    let token = body["data"]["register"]["accessToken"].as_str().unwrap();
    assert_eq!(app.me(token).await["data"]["me"]["displayName"], "Samnimda");
}

#[tokio::test]
async fn passwords_of_exactly_10_and_256_characters_are_accepted() {
    let app = spawn_app().await;
    let longest = "é".repeat(256); // counted in characters, not bytes
    for (email, password) in [
        ("ten@example.org", "h7-kq2-mw9"),
        ("max@example.org", longest.as_str()),
    ] {
        let body = register_raw(&app, email, password, "Sam", None).await;
        assert!(body.get("errors").is_none(), "{body}");
        let login = app.login(email, password).await;
        assert!(login.get("errors").is_none(), "{login}");
    }
}

#[tokio::test]
async fn invite_only_registration_needs_a_valid_invite() {
    let app = spawn_app_with(|c| c.registration = RegistrationPolicy::InviteOnly).await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;

    for invite in [None, Some("   ")] {
        let body = register_raw(&app, "sam@example.org", PASSWORD, "Sam", invite).await;
        assert_code(&body, "FORBIDDEN");
        assert_code(&app.login("sam@example.org", PASSWORD).await, "UNAUTHENTICATED");
    }

    let code = app.invite(&admin, &forum, "MEMBER").await;
    let sam = app.register_with("sam@example.org", "Sam", Some(&code)).await;
    let me = app.ok(Some(&sam.access_token), "Me", json!({})).await;
    let memberships = me["me"]["memberships"].as_array().unwrap();
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0]["role"], "MEMBER");
    assert_eq!(memberships[0]["forum"]["id"], forum.as_str());
}

#[tokio::test]
async fn an_unknown_invite_code_refuses_registration_and_creates_no_account() {
    let app = spawn_app().await;
    let body = register_raw(&app, "sam@example.org", PASSWORD, "Sam", Some("no-such-code")).await;
    assert_code(&body, "NOT_FOUND");
    assert_code(&app.login("sam@example.org", PASSWORD).await, "UNAUTHENTICATED");
    // The email is still free.
    app.register("sam@example.org", "Sam").await;
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_are_refused_alike() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    let wrong = app.login("sam@example.org", "not the password").await;
    let unknown = app.login("nobody@example.org", PASSWORD).await;
    let wrong = assert_code(&wrong, "UNAUTHENTICATED");
    let unknown = assert_code(&unknown, "UNAUTHENTICATED");
    assert_eq!(
        wrong["message"], unknown["message"],
        "the message must not tell which emails exist"
    );
}

#[tokio::test]
async fn login_ignores_the_case_of_the_email() {
    let app = spawn_app().await;
    let sam = app.register("Sam@Example.org", "Sam").await;
    let login = app.login("sAM@example.ORG", PASSWORD).await;
    assert_eq!(
        login["data"]["login"]["user"]["id"],
        sam.user_id.as_str(),
        "{login}"
    );
}

async fn fail_logins(app: &TestApp, email: &str, times: usize) {
    for _ in 0..times {
        assert_code(&app.login(email, "not the password").await, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn five_failed_logins_lock_the_email_even_for_the_right_password() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    app.register("priya@example.org", "Priya").await;
    fail_logins(&app, "sam@example.org", 5).await;
    assert_code(&app.login("sam@example.org", PASSWORD).await, "RATE_LIMITED");
    assert_code(&app.login("SAM@example.org", PASSWORD).await, "RATE_LIMITED");
    let other = app.login("priya@example.org", PASSWORD).await;
    assert!(
        other.get("errors").is_none(),
        "another email is not limited: {other}"
    );
}

#[tokio::test]
async fn a_successful_login_starts_the_failure_count_again() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    fail_logins(&app, "sam@example.org", 4).await;
    assert!(
        app.login("sam@example.org", PASSWORD)
            .await
            .get("errors")
            .is_none()
    );
    fail_logins(&app, "sam@example.org", 4).await;
    let body = app.login("sam@example.org", PASSWORD).await;
    assert!(
        body.get("errors").is_none(),
        "8 failures with a success between: {body}"
    );
    fail_logins(&app, "sam@example.org", 5).await;
    assert_code(&app.login("sam@example.org", PASSWORD).await, "RATE_LIMITED");
}

#[tokio::test]
async fn the_failed_login_count_survives_a_restart() {
    let mut first = spawn_app().await;
    first.register("sam@example.org", "Sam").await;
    fail_logins(&first, "sam@example.org", 5).await;
    first.stop();
    let second = spawn_app_on(&first.database_url).await;
    assert_code(&second.login("sam@example.org", PASSWORD).await, "RATE_LIMITED");
}

// The limit must hold for guesses sent at once, or it stops no one.
#[tokio::test]
async fn concurrent_wrong_passwords_get_no_more_than_five_tries() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    let input = json!({ "input": { "email": "sam@example.org", "password": "not the password" } });
    let bodies = app.op_all(vec![(None, "Login", input); 12]).await;
    let checked = bodies
        .iter()
        .filter(|b| error_code(b) == Some("UNAUTHENTICATED"))
        .count();
    assert!(
        checked <= 5,
        "{checked} of 12 parallel wrong passwords were checked"
    );
}

#[tokio::test]
async fn simultaneous_registrations_of_one_email_make_one_account() {
    let app = spawn_app().await;
    let input = |name: &str| json!({ "input": { "email": "sam@example.org", "password": PASSWORD, "displayName": name } });
    let bodies = app
        .op_all(vec![
            (None, "Register", input("One")),
            (None, "Register", input("Two")),
        ])
        .await;
    let won: Vec<&Value> = bodies.iter().filter(|b| b.get("errors").is_none()).collect();
    assert_eq!(won.len(), 1, "{bodies:?}");
    assert!(
        bodies.iter().any(|b| error_code(b) == Some("CONFLICT")),
        "{bodies:?}"
    );
    let login = app.login("sam@example.org", PASSWORD).await;
    assert_eq!(login["data"]["login"]["user"], won[0]["data"]["register"]["user"]);
}

#[tokio::test]
async fn me_needs_a_token() {
    let app = spawn_app().await;
    assert_code(&app.op(None, "Me", json!({})).await, "UNAUTHENTICATED");
}

#[tokio::test]
async fn another_persons_email_is_shown_only_to_admins() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let sam = app.member(&admin, &forum, "MEMBER").await;
    let priya = app.member(&admin, &forum, "MEMBER").await;
    let officer = app.officer(&admin).await;

    let email_of = |body: &Value, user: &Session| {
        let members = body["data"]["forum"]["members"].as_array().unwrap().clone();
        let found = members
            .iter()
            .find(|m| m["user"]["id"] == user.user_id.as_str())
            .unwrap();
        found["user"]["email"].clone()
    };
    let vars = json!({ "slug": "inspire" });
    let as_sam = app
        .graphql(Some(&sam.access_token), MEMBER_EMAILS, vars.clone())
        .await;
    assert_eq!(email_of(&as_sam, &sam), sam.email.as_str(), "{as_sam}");
    assert_eq!(email_of(&as_sam, &priya), Value::Null, "{as_sam}");
    assert!(as_sam["data"]["forum"]["members"][0]["user"]["displayName"].is_string());

    let as_officer = app
        .graphql(Some(&officer.access_token), MEMBER_EMAILS, vars.clone())
        .await;
    assert_eq!(email_of(&as_officer, &sam), Value::Null, "{as_officer}");

    let as_admin = app.graphql(Some(&admin.access_token), MEMBER_EMAILS, vars).await;
    assert_eq!(email_of(&as_admin, &sam), sam.email.as_str());
    assert_eq!(email_of(&as_admin, &priya), priya.email.as_str());
}

#[tokio::test]
async fn another_persons_memberships_are_forbidden_to_all_but_admins() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let sam = app.member(&admin, &forum, "MEMBER").await;
    app.member(&admin, &forum, "FACILITATOR").await;
    let officer = app.officer(&admin).await;
    let vars = json!({ "slug": "inspire" });

    for viewer in [&sam, &officer] {
        let body = app
            .graphql(Some(&viewer.access_token), MEMBER_MEMBERSHIPS, vars.clone())
            .await;
        assert_code(&body, "FORBIDDEN");
    }
    let body = app
        .graphql(Some(&admin.access_token), MEMBER_MEMBERSHIPS, vars)
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let members = body["data"]["forum"]["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    for member in members {
        assert_eq!(member["user"]["memberships"][0]["forum"]["slug"], "inspire");
    }
}
