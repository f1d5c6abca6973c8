//! The pages of officers in the conversation and of moderation (issue 16):
//! an officer comments and is marked "Council officer"; a facilitator hides
//! a comment on a page that asks why and to confirm, and shows it again;
//! a member reports one and the facilitator keeps or hides it; closing a
//! vote or a decision asks to confirm without script; an admin lets
//! facilitators record progress.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use crate::co_design::*;
use crate::common::*;
use crate::support::*;
use crate::web_csrf::Browser;

#[tokio::test]
async fn officers_comment_on_the_page_and_are_marked_as_council_officers() {
    let app = spawn_app().await;
    let st = stage(&app, "web-officers", 1).await;
    let officer = app.officer(&st.s.admin).await;
    let mut browser = Browser::signed_in(&app, &officer);
    let path = format!("/findings/{}", st.finding);
    let page = browser.get(&path).await;
    assert!(page.body.contains("Add a comment"), "{}", page.body);
    // Officers comment, but propose nothing: that is for members.
    assert!(!page.body.contains("Suggest an improvement for this finding"));
    let sent = browser
        .post(
            &format!("{path}/comments"),
            &[("csrf", &page.csrf()), ("body", "We are fixing the lift.")],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);

    let mut member = Browser::signed_in(&app, &st.s.members[0]);
    let seen = member.get(&path).await;
    let meta = seen
        .body
        .split("<li class=\"comment")
        .nth(1)
        .unwrap_or_else(|| panic!("{}", seen.body));
    assert!(meta.contains("Council officer"), "{meta}");
    assert!(meta.contains("We are fixing the lift."), "{meta}");
}

#[tokio::test]
async fn hiding_asks_why_and_to_confirm_shows_the_reason_and_can_be_undone() {
    let app = spawn_app().await;
    let st = stage(&app, "web-hide", 1).await;
    let said = commented(
        &app,
        &st.s.members[0],
        &st.finding,
        "Ring Sam on 07700 900123",
        None,
    )
    .await;
    let id = said["id"].as_str().unwrap().to_owned();
    let path = format!("/findings/{}", st.finding);
    let mut fac = Browser::signed_in(&app, &st.s.facilitator);

    // The thread links to a page of its own, not a button that hides at once.
    let thread = fac.get(&path).await;
    let link = format!("/comments/{id}/hide?back=/findings/{}", st.finding);
    assert!(thread.body.contains(&link), "{}", thread.body);
    let confirm = fac.get(&link).await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert!(
        confirm.body.contains("<h1>Hide this comment?</h1>"),
        "{}",
        confirm.body
    );
    assert!(confirm.body.contains("Ring Sam on 07700 900123"));
    assert!(confirm.body.contains("Yes, hide the comment"));
    assert!(confirm.body.contains("No, go back"));
    let csrf = confirm.csrf();

    // No reason: the page says so, and nothing is hidden.
    let action = format!("/comments/{id}/hide");
    let blank = fac
        .post(&action, &[("csrf", &csrf), ("back", &path), ("reason", " ")])
        .await;
    assert_eq!(blank.status, 422, "{}", blank.body);
    assert!(
        blank.body.contains("Say why you are hiding the comment"),
        "{}",
        blank.body
    );
    let listed = finding_comments(&app, &st.s.members[0], &st.finding).await;
    assert_eq!(listed[0]["hidden"], false);
    // Somewhere else to go back to is not followed.
    let elsewhere = fac
        .post(
            &action,
            &[
                ("csrf", &csrf),
                ("back", "https://evil.example/"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(elsewhere.status, 404, "{}", elsewhere.body);

    let done = fac
        .post(
            &action,
            &[
                ("csrf", &csrf),
                ("back", &path),
                ("reason", "It shares a phone number"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        done.location.as_deref(),
        Some(format!("{path}?done=hidden#comment-{id}").as_str())
    );
    let mut member = Browser::signed_in(&app, &st.s.members[0]);
    let seen = member.get(&path).await;
    assert!(
        seen.body
            .contains("Hidden by a facilitator: <span data-user-content>It shares a phone number</span>"),
        "{}",
        seen.body
    );
    assert!(!seen.body.contains("07700 900123"));
    assert!(!seen.body.contains("Show it again"), "members do not undo");

    // The facilitator shows it again.
    let page = fac.get(&path).await;
    assert!(page.body.contains("Show it again"), "{}", page.body);
    let shown = fac
        .post(
            &format!("/comments/{id}/unhide"),
            &[("csrf", &page.csrf()), ("back", &path)],
        )
        .await;
    assert_eq!(shown.status, 303, "{}", shown.body);
    assert!(member.get(&path).await.body.contains("Ring Sam on 07700 900123"));

    // A member addressing the hide page is told plainly, before any form.
    let refused = member.get(&link).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("Only the forum&#39;s facilitators can hide comments."),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn members_report_a_comment_and_facilitators_keep_or_hide_it() {
    let app = spawn_app().await;
    let st = stage(&app, "web-report", 1).await;
    let said = commented(&app, &st.s.members[0], &st.finding, "You are all useless", None).await;
    let id = said["id"].as_str().unwrap().to_owned();
    let path = format!("/findings/{}", st.finding);
    let reporter = named_member(&app, &st.s.admin, &st.s.forum_id, "MEMBER", "Bobby Reporter").await;
    let mut bob = Browser::signed_in(&app, &reporter);
    let thread = bob.get(&path).await;
    let link = format!("/comments/{id}/report?back=/findings/{}", st.finding);
    assert!(thread.body.contains(&link), "{}", thread.body);
    let form = bob.get(&link).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.body.contains("<h1>Report this comment</h1>"),
        "{}",
        form.body
    );
    let action = format!("/comments/{id}/report");
    let blank = bob
        .post(
            &action,
            &[("csrf", &form.csrf()), ("back", &path), ("reason", "")],
        )
        .await;
    assert_eq!(blank.status, 422);
    assert!(
        blank.body.contains("Say what is wrong with the comment"),
        "{}",
        blank.body
    );
    let sent = bob
        .post(
            &action,
            &[
                ("csrf", &form.csrf()),
                ("back", &path),
                ("reason", "It is rude to everyone"),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let thanks = bob.get(&format!("{path}?done=reported")).await;
    assert!(
        thanks
            .body
            .contains("The forum&#39;s facilitators will look at the comment."),
        "{}",
        thanks.body
    );

    // The facilitator finds it from the forum's home.
    let mut fac = Browser::signed_in(&app, &st.s.facilitator);
    let home = fac.get("/forums/web-report").await;
    assert!(
        home.body.contains(r#"href="/forums/web-report/reported""#),
        "{}",
        home.body
    );
    let list = fac.get("/forums/web-report/reported").await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.body.contains("You are all useless"), "{}", list.body);
    assert!(list.body.contains("It is rude to everyone"));
    assert!(!list.body.contains("Bobby Reporter"), "the reporter is not named");
    let keep = fac
        .post(
            &format!("/forums/web-report/reported/{id}/keep"),
            &[("csrf", &list.csrf())],
        )
        .await;
    assert_eq!(keep.status, 303, "{}", keep.body);
    let empty = fac.get("/forums/web-report/reported?done=kept").await;
    assert!(
        empty
            .body
            .contains("No one has reported a comment that is still showing."),
        "{}",
        empty.body
    );

    // Members do not see the list, nor the link to it.
    let member_home = bob.get("/forums/web-report").await;
    assert!(!member_home.body.contains("/forums/web-report/reported"));
    let refused = bob.get("/forums/web-report/reported").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
}

#[tokio::test]
async fn closing_a_vote_or_a_decision_asks_to_confirm_first() {
    let app = spawn_app().await;
    let st = stage(&app, "web-close", 1).await;
    let fac = st.s.facilitator.access_token.clone();
    let findings = findings(&app, &fac, &st.s.forum_id, 2).await;
    let round = open_id(&app, &fac, &st.s.forum_id, &findings, "APPROVAL", json!({})).await;
    let mut browser = Browser::signed_in(&app, &st.s.facilitator);
    let page = browser.get(&format!("/rounds/{round}")).await;
    let close = format!("/rounds/{round}/close");
    let first = browser.post(&close, &[("csrf", &page.csrf())]).await;
    assert_eq!(first.status, 303, "{}", first.body);
    assert_eq!(
        first.location.as_deref(),
        Some(format!("/rounds/{round}?confirm=close#confirm-close").as_str())
    );
    assert_eq!(
        round_state(&app, &fac, &round).await,
        "OPEN",
        "nothing closed yet"
    );
    let confirm = browser.get(&format!("/rounds/{round}?confirm=close")).await;
    assert!(
        confirm.body.contains("Are you sure you want to close the vote?"),
        "{}",
        confirm.body
    );
    assert!(
        confirm
            .body
            .contains(r#"<input type="hidden" name="confirm" value="yes">"#)
    );
    let done = browser
        .post(&close, &[("csrf", &confirm.csrf()), ("confirm", "yes")])
        .await;
    assert_eq!(
        done.location.as_deref(),
        Some(format!("/rounds/{round}?done=closed").as_str())
    );
    assert_eq!(round_state(&app, &fac, &round).await, "CLOSED");

    let id = draft(&app, &st).await;
    opened(&app, &st.s.facilitator, &id, "MAJORITY", 0.0).await;
    let page = browser.get(&format!("/improvements/{id}")).await;
    let close = format!("/improvements/{id}/decision/close");
    let first = browser.post(&close, &[("csrf", &page.csrf())]).await;
    assert_eq!(
        first.location.as_deref(),
        Some(format!("/improvements/{id}?confirm=close#confirm-close").as_str())
    );
    assert_eq!(full(&app, &st.s.facilitator, &id).await["status"], "IN_DECISION");
    let confirm = browser.get(&format!("/improvements/{id}?confirm=close")).await;
    assert!(
        confirm
            .body
            .contains("Are you sure you want to close the decision?"),
        "{}",
        confirm.body
    );
    let done = browser
        .post(&close, &[("csrf", &confirm.csrf()), ("confirm", "yes")])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_ne!(full(&app, &st.s.facilitator, &id).await["status"], "IN_DECISION");
}

async fn round_state(app: &TestApp, token: &str, id: &str) -> String {
    round(app, token, id).await["state"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_admin_lets_facilitators_record_progress_from_the_settings_page() {
    let app = spawn_app().await;
    let st = stage(&app, "web-settings", 1).await;
    let id = agreed(&app, &st).await;
    let mut fac = Browser::signed_in(&app, &st.s.facilitator);
    let improvement = format!("/improvements/{id}");
    assert!(!fac.get(&improvement).await.body.contains("Record progress"));
    // The settings page is for admins: others are told so before any form.
    let refused = fac.get("/forums/web-settings/settings").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        !refused
            .body
            .contains("<form method=\"post\" action=\"/forums/web-settings/settings\"")
    );

    let mut admin = Browser::signed_in(&app, &st.s.admin);
    let home = admin.get("/forums/web-settings").await;
    assert!(
        home.body.contains(r#"href="/forums/web-settings/settings""#),
        "{}",
        home.body
    );
    let page = admin.get("/forums/web-settings/settings").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Facilitators can record progress"));
    let saved = admin
        .post(
            "/forums/web-settings/settings",
            &[
                ("csrf", &page.csrf()),
                ("facilitatorsRecordProgress", "no"),
                ("facilitatorsRecordProgress", "yes"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let again = admin.get("/forums/web-settings/settings?done=saved").await;
    assert!(again.body.contains("The settings are saved."));
    assert!(again.body.contains(r#"value="yes" checked"#), "{}", again.body);

    let page = fac.get(&improvement).await;
    assert!(
        page.body
            .contains(&format!(r#"href="/improvements/{id}/progress""#)),
        "{}",
        page.body
    );
    let form = fac.get(&format!("{improvement}/progress")).await;
    let sent = fac
        .post(
            &format!("{improvement}/progress"),
            &[
                ("csrf", &form.csrf()),
                ("note", "Letters drafted"),
                ("percent", "20"),
                ("status", "IN_PROGRESS"),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert_eq!(full(&app, &st.s.members[0], &id).await["status"], "IN_PROGRESS");
}
