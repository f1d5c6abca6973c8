//! Notifications (contract, "Your account"): each kind reaches the people
//! it concerns and never the one who caused it; "What's new" lists them;
//! settings choose the email; and the settings' rules.
#![allow(clippy::unwrap_used)]

use coforum_domain::ids::UserId;
use coforum_persistence::repos::notifications;
use serde_json::{Value, json};

use crate::co_design::{agreed, closed, commented, draft, opened, recorded, report, stage, voted};
use crate::common::mail::PUBLIC_URL;
use crate::common::*;
use crate::support::{close, open_id, vote};

/// The caller's notifications, newest first (which must succeed).
pub async fn notifications_of(app: &TestApp, who: &Session) -> Vec<Value> {
    let data = app
        .ok(
            Some(&who.access_token),
            "MyNotifications",
            json!({ "first": 100 }),
        )
        .await;
    data["notifications"].as_array().unwrap().clone()
}

/// The kinds of the caller's notifications, oldest first.
pub async fn kinds_of(app: &TestApp, who: &Session) -> Vec<String> {
    let mut kinds: Vec<String> = notifications_of(app, who)
        .await
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect();
    kinds.reverse();
    kinds
}

pub async fn choose(app: &TestApp, who: &Session, kind: &str, delivery: &str) -> Value {
    app.op(
        Some(&who.access_token),
        "UpdateNotificationSettings",
        json!({ "settings": [{ "kind": kind, "delivery": delivery }] }),
    )
    .await
}

async fn public_app() -> TestApp {
    spawn_app_with(|c| c.public_url = PUBLIC_URL.parse().unwrap()).await
}

#[tokio::test]
async fn each_event_reaches_the_forums_members_and_never_the_one_who_caused_it() {
    let app = public_app().await;
    let st = stage(&app, "told", 2).await;
    let (fac, alice, bob) = (&st.s.facilitator, &st.s.members[0], &st.s.members[1]);
    let findings = vec![
        st.finding.clone(),
        crate::co_design::new_finding(&app, fac, &st.s.forum_id, "Second").await,
    ];

    let round = open_id(
        &app,
        &fac.access_token,
        &st.s.forum_id,
        &findings,
        "APPROVAL",
        json!({}),
    )
    .await;
    vote(&app, alice, &round, &[(&findings[0], 1)]).await;
    close(&app, &fac.access_token, &round).await;

    let improvement = draft(&app, &st).await;
    opened(&app, fac, &improvement, "MAJORITY", 0.0).await;
    voted(&app, fac, &improvement, "AGREE").await;
    closed(&app, fac, &improvement).await;
    recorded(
        &app,
        &st.s.admin,
        report(&improvement, "Letters redrafted", 50, "IN_PROGRESS"),
    )
    .await;

    let each = [
        "ROUND_OPENED",
        "ROUND_RESULT",
        "DECISION_OPENED",
        "DECISION_RESULT",
        "PROGRESS",
    ];
    assert_eq!(kinds_of(&app, alice).await, each);
    assert_eq!(kinds_of(&app, bob).await, each);
    // The facilitator opened and closed everything: only the progress,
    // recorded by an admin, is news to them.
    assert_eq!(kinds_of(&app, fac).await, ["PROGRESS"]);
    // The admin is in no forum.
    assert!(kinds_of(&app, &st.s.admin).await.is_empty());

    let newest = notifications_of(&app, bob).await;
    assert_eq!(
        newest[0]["url"],
        format!("{PUBLIC_URL}improvements/{improvement}")
    );
    assert_eq!(newest[4]["url"], format!("{PUBLIC_URL}rounds/{round}"));
    assert_eq!(newest[4]["title"], "Voting is open: Spring priorities");
    assert!(newest.iter().all(|n| n["readAt"].is_null()));
}

#[tokio::test]
async fn a_reply_tells_the_author_of_the_comment_replied_to_and_nobody_else() {
    let app = public_app().await;
    let st = stage(&app, "replies", 2).await;
    let (alice, bob) = (&st.s.members[0], &st.s.members[1]);
    let first = commented(&app, alice, &st.finding, "The letters are too long.", None).await;
    let first = first["id"].as_str().unwrap();
    // Her own reply tells her nothing.
    commented(&app, alice, &st.finding, "And too small.", Some(first)).await;
    assert!(kinds_of(&app, alice).await.is_empty());

    commented(
        &app,
        bob,
        &st.finding,
        "Agreed, and the print is grey.",
        Some(first),
    )
    .await;
    let told = notifications_of(&app, alice).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["kind"], "COMMENT_REPLY");
    assert_eq!(told[0]["url"], format!("{PUBLIC_URL}findings/{}", st.finding));
    assert!(kinds_of(&app, bob).await.is_empty());
    assert!(kinds_of(&app, &st.s.facilitator).await.is_empty());
}

#[tokio::test]
async fn marking_read_marks_only_the_callers_own_and_the_rest_stay_unread() {
    let app = public_app().await;
    let st = stage(&app, "reading", 2).await;
    let (alice, bob) = (&st.s.members[0], &st.s.members[1]);
    agreed(&app, &st).await;
    let alices = notifications_of(&app, alice).await;
    let bobs = notifications_of(&app, bob).await;
    assert_eq!(alices.len(), 2, "{alices:?}");

    // Bob marks one of his own and one of Alice's: only his changes.
    let ids = json!([alices[0]["id"], bobs[0]["id"]]);
    let marked = app
        .ok(
            Some(&bob.access_token),
            "MarkNotificationsRead",
            json!({ "ids": ids }),
        )
        .await;
    assert_eq!(marked["markNotificationsRead"], true);
    let bobs = notifications_of(&app, bob).await;
    assert!(
        bobs[0]["readAt"].is_string() && bobs[1]["readAt"].is_null(),
        "{bobs:?}"
    );
    assert!(
        notifications_of(&app, alice)
            .await
            .iter()
            .all(|n| n["readAt"].is_null())
    );

    let bad = app
        .op(
            Some(&bob.access_token),
            "MarkNotificationsRead",
            json!({ "ids": ["nope"] }),
        )
        .await;
    assert_bad_input(&bad, "ids");
}

#[tokio::test]
async fn settings_start_at_the_contracts_defaults_and_keep_what_is_chosen() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let data = app
        .ok(Some(&sam.access_token), "MyNotificationSettings", json!({}))
        .await;
    let settings = data["me"]["notificationSettings"].as_array().unwrap().clone();
    let defaults: Vec<(&str, &str)> = settings
        .iter()
        .map(|s| (s["kind"].as_str().unwrap(), s["delivery"].as_str().unwrap()))
        .collect();
    assert_eq!(
        defaults,
        [
            ("ROUND_OPENED", "IMMEDIATELY"),
            ("ROUND_CLOSING", "IMMEDIATELY"),
            ("ROUND_RESULT", "DAILY_DIGEST"),
            ("DECISION_OPENED", "IMMEDIATELY"),
            ("DECISION_RESULT", "DAILY_DIGEST"),
            ("PROGRESS", "DAILY_DIGEST"),
            ("COMMENT_REPLY", "IMMEDIATELY"),
            ("BALLOT_RECORDED_FOR_YOU", "IMMEDIATELY"),
            ("FEEDBACK_DUE", "IMMEDIATELY"),
            ("ACTION_DUE", "IMMEDIATELY"),
        ]
    );

    let changed = choose(&app, &sam, "ROUND_OPENED", "OFF").await;
    let all = changed["data"]["updateNotificationSettings"].as_array().unwrap();
    assert_eq!(all.len(), 10);
    assert!(all.contains(&json!({ "kind": "ROUND_OPENED", "delivery": "OFF" })));
    let again = app
        .ok(Some(&sam.access_token), "MyNotificationSettings", json!({}))
        .await;
    assert_eq!(again["me"]["notificationSettings"][0]["delivery"], "OFF");

    // Nobody can stop hearing that someone voted for them; each kind once.
    assert_bad_input(
        &choose(&app, &sam, "BALLOT_RECORDED_FOR_YOU", "OFF").await,
        "settings",
    );
    let twice = app
        .op(
            Some(&sam.access_token),
            "UpdateNotificationSettings",
            json!({ "settings": [
                { "kind": "PROGRESS", "delivery": "OFF" },
                { "kind": "PROGRESS", "delivery": "IMMEDIATELY" },
            ] }),
        )
        .await;
    assert_bad_input(&twice, "settings");
    let unchanged = app
        .ok(Some(&sam.access_token), "MyNotificationSettings", json!({}))
        .await;
    assert_eq!(
        unchanged["me"]["notificationSettings"][5]["delivery"],
        "DAILY_DIGEST"
    );

    for first in [0, 101] {
        let body = app
            .op(
                Some(&sam.access_token),
                "MyNotifications",
                json!({ "first": first }),
            )
            .await;
        assert_bad_input(&body, "first");
    }
}

#[tokio::test]
async fn nobody_reads_another_persons_settings() {
    let app = spawn_app().await;
    let st = stage(&app, "private", 1).await;
    let query = "query Them($slug: String!) {
      forum(slug: $slug) { members { user { id notificationSettings { kind } } } }
    }";
    let body = app
        .graphql(
            Some(&st.s.members[0].access_token),
            query,
            json!({ "slug": st.s.slug }),
        )
        .await;
    assert_code(&body, "FORBIDDEN");
}

#[tokio::test]
async fn a_deleted_account_is_told_nothing_more() {
    let app = public_app().await;
    let st = stage(&app, "gone", 2).await;
    let (alice, bob) = (&st.s.members[0], &st.s.members[1]);
    let deleted = app
        .op(
            Some(&bob.access_token),
            "DeleteMyAccount",
            json!({ "password": PASSWORD }),
        )
        .await;
    assert_eq!(deleted["data"]["deleteMyAccount"], true, "{deleted}");
    let improvement = draft(&app, &st).await;
    opened(&app, &st.s.facilitator, &improvement, "MAJORITY", 0.0).await;
    let bobs = notifications::all_of(app.state.db.conn(), UserId(bob.user_id.parse().unwrap()))
        .await
        .unwrap();
    assert!(bobs.is_empty(), "{bobs:?}");
    assert_eq!(kinds_of(&app, alice).await, ["DECISION_OPENED"]);
}
