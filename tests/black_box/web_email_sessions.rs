//! The account page's email change and sessions, without JavaScript: forms
//! with CSRF tokens, the emailed link's page with one button, "End" and
//! "Sign out everywhere".
#![allow(clippy::unwrap_used)]

use serde_json::json;

use crate::common::mail::{PUBLIC_URL, SmtpSink, delivering_to, link_in};
use crate::common::*;
use crate::web_csrf::{Browser, Page};

/// The paths the page's "End" buttons post to.
fn end_actions(page: &Page) -> Vec<String> {
    page.body
        .split(r#"action="/account/sessions/"#)
        .skip(1)
        .map(|rest| format!("/account/sessions/{}", rest.split('"').next().unwrap()))
        .collect()
}

async fn email_of(app: &TestApp, who: &Session) -> serde_json::Value {
    app.ok(Some(&who.access_token), "Me", json!({})).await["me"]["email"].clone()
}

#[tokio::test]
async fn the_email_form_sends_a_link_whose_page_changes_the_email_with_one_button() {
    let sink = SmtpSink::start();
    let app = spawn_app_with(|c| {
        c.mail = delivering_to(&sink);
        c.public_url = PUBLIC_URL.parse().unwrap();
    })
    .await;
    let sam = app.register("sam@example.org", "Sam").await;
    app.register("kim@example.org", "Kim").await;
    let mut browser = Browser::signed_in(&app, &sam);
    let page = browser.get("/account").await;
    assert!(page.body.contains("Change your email address"), "{}", page.body);
    let csrf = page.csrf();
    let mut form = browser.clone();
    let mut send = async |new_email: &str, password: &str| {
        form.post(
            "/account/email",
            &[("csrf", &csrf), ("new_email", new_email), ("password", password)],
        )
        .await
    };

    let empty = send("", "").await;
    assert_eq!(empty.status, 422);
    assert!(
        empty.body.contains("Enter your new email address"),
        "{}",
        empty.body
    );
    assert!(
        empty.body.contains(r##"href="#email-password""##),
        "{}",
        empty.body
    );
    let wrong = send("new@example.org", "not my password").await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("Your password is wrong"), "{}", wrong.body);
    assert!(
        wrong.body.contains(r#"value="new@example.org""#),
        "kept: {}",
        wrong.body
    );
    let taken = send("KIM@example.org", PASSWORD).await;
    assert_eq!(taken.status, 422);
    assert!(
        taken.body.contains("Another account uses this email address"),
        "{}",
        taken.body
    );
    let malformed = send("not an email", PASSWORD).await;
    assert!(
        malformed
            .body
            .contains("New email address must be an email address"),
        "{}",
        malformed.body
    );
    let forged = browser
        .post(
            "/account/email",
            &[
                ("csrf", "forged"),
                ("new_email", "new@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(forged.status, 403);

    let sent = send("new@example.org", PASSWORD).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert!(
        sent.body
            .contains("We sent a link to new@example.org. Your email changes when you follow it."),
        "{}",
        sent.body
    );
    assert!(
        sent.body.contains("sam@example.org"),
        "still the email: {}",
        sent.body
    );
    sink.wait_for("sam@example.org", 1).await;
    let link = link_in(&sink.wait_for("new@example.org", 1).await[0], "confirm-email/").unwrap();
    let path = link
        .strip_prefix(PUBLIC_URL.trim_end_matches('/'))
        .unwrap()
        .to_owned();

    // Opened anywhere (a mail program, a scanner): only a button.
    let mut elsewhere = Browser::new(&app);
    let confirm = elsewhere.get(&path).await;
    assert_eq!(confirm.status, 200);
    assert!(
        confirm.body.contains("Confirm my new email address"),
        "{}",
        confirm.body
    );
    assert_eq!(email_of(&app, &sam).await, "sam@example.org");
    let forged = elsewhere.post(&path, &[("csrf", "forged")]).await;
    assert_eq!(forged.status, 403);
    assert_eq!(email_of(&app, &sam).await, "sam@example.org");

    let done = elsewhere.post(&path, &[("csrf", &confirm.csrf())]).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("Your email address is now"), "{}", done.body);
    assert!(done.body.contains("new@example.org"), "{}", done.body);
    assert_eq!(email_of(&app, &sam).await, "new@example.org");
    let account = browser.get("/account").await;
    assert!(account.body.contains("new@example.org"), "{}", account.body);

    let again = elsewhere.post(&path, &[("csrf", &confirm.csrf())]).await;
    assert_eq!(again.status, 410);
    assert!(again.body.contains("This link does not work"), "{}", again.body);
}

#[tokio::test]
async fn the_page_lists_sessions_ends_one_and_signs_out_everywhere() {
    let app = spawn_app().await;
    let laptop = app.register("sam@example.org", "Sam").await;
    let phone = session(
        &app.login("sam@example.org", PASSWORD).await["data"]["login"],
        "sam@example.org",
    );
    let mut browser = Browser::signed_in(&app, &laptop);
    let page = browser.get("/account").await;
    assert!(page.body.contains("Where you are signed in"), "{}", page.body);
    assert!(page.body.contains("This browser"), "{}", page.body);
    assert!(page.body.contains("Another browser or app"), "{}", page.body);
    // An "End" button for the phone's session, none for this one.
    let ends = end_actions(&page);
    assert_eq!(ends.len(), 1, "{ends:?}");
    assert!(ends[0].ends_with("/end"), "{ends:?}");

    let ended = browser.post(&ends[0], &[("csrf", &page.csrf())]).await;
    assert_eq!(ended.status, 303, "{}", ended.body);
    assert_eq!(ended.location.as_deref(), Some("/account?done=session"));
    let page = browser.get("/account?done=session").await;
    assert!(page.body.contains("That session has ended"), "{}", page.body);
    assert!(end_actions(&page).is_empty(), "{}", page.body);
    assert_code(&app.me(&phone.access_token).await, "UNAUTHENTICATED");
    assert!(app.me(&laptop.access_token).await.get("errors").is_none());

    // Someone else's session: not found, and it goes on.
    let kim = app.register("kim@example.org", "Kim").await;
    let kims = app.ok(Some(&kim.access_token), "MySessions", json!({})).await;
    let kims = kims["mySessions"][0]["id"].as_str().unwrap().to_owned();
    let other = browser
        .post(
            &format!("/account/sessions/{kims}/end"),
            &[("csrf", &page.csrf())],
        )
        .await;
    assert_eq!(other.status, 404);
    assert!(app.me(&kim.access_token).await.get("errors").is_none());

    let phone = session(
        &app.login("sam@example.org", PASSWORD).await["data"]["login"],
        "sam@example.org",
    );
    let out = browser
        .post("/account/sign-out-everywhere", &[("csrf", &page.csrf())])
        .await;
    assert_eq!(out.status, 303, "{}", out.body);
    assert_eq!(out.location.as_deref(), Some("/sign-in?signed_out=everywhere"));
    assert!(
        !browser.cookies.contains_key("cf_access"),
        "this browser is signed out"
    );
    assert!(!browser.cookies.contains_key("cf_refresh"));
    let sign_in = browser.get("/sign-in?signed_out=everywhere").await;
    assert!(
        sign_in.body.contains("You have signed out everywhere"),
        "{}",
        sign_in.body
    );
    for token in [&laptop.access_token, &phone.access_token] {
        assert_code(&app.me(token).await, "UNAUTHENTICATED");
    }
    let account = browser.get("/account").await;
    assert_eq!(account.status, 303);
}
