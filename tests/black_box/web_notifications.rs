//! The web client's news: "What's new" with its count in the header, the
//! choice of emails, and the unsubscribe page, all without JavaScript.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use crate::co_design::{agreed, stage};
use crate::common::*;
use crate::notifications::notifications_of;
use crate::web_csrf::Browser;

#[tokio::test]
async fn whats_new_lists_the_news_and_seeing_it_clears_the_count() {
    let app = spawn_app().await;
    let st = stage(&app, "news", 1).await;
    let alice = &st.s.members[0];
    agreed(&app, &st).await;

    let mut browser = Browser::signed_in(&app, alice);
    let home = browser.get("/").await;
    assert!(home.body.contains("(2 new)"), "{}", home.body);
    let news = browser.get("/whats-new").await;
    assert_eq!(news.status, 200, "{}", news.body);
    assert!(
        news.body
            .contains("Have your say on a decision: Easy read letters"),
        "{}",
        news.body
    );
    assert!(news.body.contains("A decision was made: Easy read letters"));
    assert!(news.body.contains("href=\"/improvements/"), "{}", news.body);
    assert!(news.body.contains(">New</strong>"));
    // Seen: the header's count is gone, here and on the next page.
    assert!(!news.body.contains("new)</span>"));
    assert!(
        notifications_of(&app, alice)
            .await
            .iter()
            .all(|n| n["readAt"].is_string())
    );
    let again = browser.get("/whats-new").await;
    assert!(!again.body.contains(">New</strong>"), "{}", again.body);
    assert!(!browser.get("/").await.body.contains("new)</span>"));

    let mut anonymous = Browser::new(&app);
    let page = anonymous.get("/whats-new").await;
    assert_eq!(page.status, 303);
}

#[tokio::test]
async fn the_settings_form_saves_every_choice() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let mut browser = Browser::signed_in(&app, &sam);
    let page = browser.get("/account/notifications").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("<legend>A vote opens</legend>"),
        "{}",
        page.body
    );
    // Someone recording your vote for you can never be silenced.
    assert!(!page.body.contains("id=\"BALLOT_RECORDED_FOR_YOU-OFF\""));
    assert!(
        page.body.contains("id=\"ROUND_RESULT-DAILY_DIGEST\" checked"),
        "{}",
        page.body
    );

    let csrf = page.csrf();
    let saved = browser
        .post(
            "/account/notifications",
            &[
                ("csrf", &csrf),
                ("ROUND_OPENED", "OFF"),
                ("PROGRESS", "IMMEDIATELY"),
                ("COMMENT_REPLY", "DAILY_DIGEST"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = browser.get(saved.location.as_deref().unwrap()).await;
    assert!(page.body.contains("Your choices are saved."));
    assert!(
        page.body.contains("id=\"ROUND_OPENED-OFF\" checked"),
        "{}",
        page.body
    );
    let data = app
        .ok(Some(&sam.access_token), "MyNotificationSettings", json!({}))
        .await;
    let settings = &data["me"]["notificationSettings"];
    assert_eq!(settings[0]["delivery"], "OFF");
    assert_eq!(settings[5]["delivery"], "IMMEDIATELY");
    assert_eq!(settings[6]["delivery"], "DAILY_DIGEST");
    assert_eq!(settings[1]["delivery"], "IMMEDIATELY");
}

#[tokio::test]
async fn the_unsubscribe_page_asks_first_and_a_broken_link_says_so() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let user = coforum_domain::ids::UserId(sam.user_id.parse().unwrap());
    let token = app
        .state
        .unsubscribe
        .token(user, &[coforum_domain::notification::NotificationKind::Progress]);
    let mut browser = Browser::new(&app);
    let page = browser.get(&format!("/unsubscribe/{token}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Stop these emails"));
    let data = app
        .ok(Some(&sam.access_token), "MyNotificationSettings", json!({}))
        .await;
    assert_eq!(
        data["me"]["notificationSettings"][5]["delivery"], "DAILY_DIGEST",
        "a GET changes nothing"
    );

    let done = browser
        .post(
            &format!("/unsubscribe/{token}"),
            &[("List-Unsubscribe", "One-Click")],
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("You will not get these emails any more"));
    let data = app
        .ok(Some(&sam.access_token), "MyNotificationSettings", json!({}))
        .await;
    assert_eq!(data["me"]["notificationSettings"][5]["delivery"], "OFF");

    let broken = browser
        .post("/unsubscribe/not-a-link", &[("List-Unsubscribe", "One-Click")])
        .await;
    assert_eq!(broken.status, 400);
    assert!(broken.body.contains("This link does not work"));
}
