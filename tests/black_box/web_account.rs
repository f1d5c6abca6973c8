//! The web client's account page: downloading your data and deleting your
//! account, without JavaScript.
#![allow(clippy::unwrap_used)]

use serde_json::Value;

use crate::common::*;
use crate::web_csrf::Browser;

#[tokio::test]
async fn the_account_page_needs_a_sign_in_and_links_from_the_header() {
    let app = spawn_app().await;
    let mut anonymous = Browser::new(&app);
    let page = anonymous.get("/account").await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some("/sign-in?next=/account"));
    let download = anonymous.get("/account/my-data.json").await;
    assert_eq!(download.status, 303);

    let sam = app.register("sam@example.org", "Sam").await;
    let mut browser = Browser::signed_in(&app, &sam);
    let home = browser.get("/").await;
    assert!(home.body.contains(r#"href="/account""#), "{}", home.body);
    let page = browser.get("/account").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("sam@example.org"));
    assert!(page.body.contains("Download my data"));
    assert!(page.body.contains("Delete my account"));
    assert!(page.body.contains(r#"aria-current="page""#));
}

#[tokio::test]
async fn my_data_downloads_as_an_attachment_that_is_not_kept() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let response = reqwest::Client::new()
        .get(app.url("/account/my-data.json"))
        .header(
            "cookie",
            format!("cf_access={}; cf_refresh={}", sam.access_token, sam.refresh_token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(headers["cache-control"].to_str().unwrap().contains("no-store"));
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let data: Value = response.json().await.unwrap();
    assert_eq!(data["account"]["email"], "sam@example.org");
    assert_eq!(data["account"]["id"], sam.user_id.as_str());
}

#[tokio::test]
async fn deleting_through_the_form_checks_the_password_then_signs_out() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let mut browser = Browser::signed_in(&app, &sam);
    let page = browser.get("/account").await;
    let csrf = page.csrf();

    // Without the page's token: refused, nothing deleted.
    let forged = browser
        .post("/account/delete", &[("csrf", "forged"), ("password", PASSWORD)])
        .await;
    assert_eq!(forged.status, 403);
    assert!(app.me(&sam.access_token).await.get("errors").is_none());

    let wrong = browser
        .post(
            "/account/delete",
            &[("csrf", &csrf), ("password", "not my password")],
        )
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(wrong.body.contains("Your password is wrong"), "{}", wrong.body);
    assert!(app.me(&sam.access_token).await.get("errors").is_none());

    let empty = browser
        .post("/account/delete", &[("csrf", &csrf), ("password", "")])
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Enter your password"));

    let done = browser
        .post("/account/delete", &[("csrf", &csrf), ("password", PASSWORD)])
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("Your account is deleted"), "{}", done.body);
    assert!(!done.body.contains("Signed in as"), "{}", done.body);
    assert!(!browser.cookies.contains_key("cf_access"), "signed out");
    assert_code(&app.me(&sam.access_token).await, "UNAUTHENTICATED");
    assert_code(&app.login("sam@example.org", PASSWORD).await, "UNAUTHENTICATED");
}
