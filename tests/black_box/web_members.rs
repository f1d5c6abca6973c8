//! The members page (`/forums/{slug}/members`): facilitators change roles
//! and remove people after confirming; members see a plain list; forms
//! need the session's CSRF token.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use crate::common::*;
use crate::support::*;
use crate::web_csrf::Browser;

#[tokio::test]
async fn facilitators_change_roles_and_remove_members_from_the_page() {
    let app = spawn_app().await;
    let s = scene(&app, "web-members", 2).await;
    let (sam, kim) = (&s.members[0], &s.members[1]);
    let mut browser = Browser::signed_in(&app, &s.facilitator);

    // The forum home links to the page for facilitators.
    let home = browser.get("/forums/web-members").await;
    assert!(
        home.body.contains(r#"href="/forums/web-members/members""#),
        "{}",
        home.body
    );

    let page = browser.get("/forums/web-members/members").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<h1>Members</h1>"));
    let role_form = format!(r#"action="/forums/web-members/members/{}/role""#, sam.user_id);
    assert!(page.body.contains(&role_form), "{}", page.body);
    assert!(
        page.body
            .contains(&format!(r#"<label class="label" for="role-{}">"#, sam.user_id))
    );
    let csrf = page.csrf();

    // Without the token, nothing changes.
    let path = format!("/forums/web-members/members/{}/role", sam.user_id);
    let refused = browser.post(&path, &[("role", "FACILITATOR")]).await;
    assert_ne!(refused.status, 303, "{}", refused.body);
    let role = app.me(&sam.access_token).await["data"]["me"]["memberships"][0]["role"].clone();
    assert_eq!(role, "MEMBER");

    let done = browser
        .post(&path, &[("csrf", &csrf), ("role", "FACILITATOR")])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        done.location.as_deref(),
        Some("/forums/web-members/members?done=role")
    );
    let role = app.me(&sam.access_token).await["data"]["me"]["memberships"][0]["role"].clone();
    assert_eq!(role, "FACILITATOR");
    let page = browser.get("/forums/web-members/members?done=role").await;
    assert!(page.body.contains("Their role is changed."), "{}", page.body);

    // A value the schema does not know is the page's own error.
    let bad = browser.post(&path, &[("csrf", &csrf), ("role", "OWNER")]).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("There is a problem"), "{}", bad.body);
    assert!(
        bad.body.contains(&format!(r##"href="#role-{}""##, sam.user_id)),
        "{}",
        bad.body
    );

    // Removing asks first, then removes.
    let remove = format!("/forums/web-members/members/{}/remove", kim.user_id);
    let confirm = browser.get(&remove).await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert!(confirm.body.contains("Yes, remove them"), "{}", confirm.body);
    let gone = browser.post(&remove, &[("csrf", &confirm.csrf())]).await;
    assert_eq!(gone.status, 303, "{}", gone.body);
    assert_eq!(
        gone.location.as_deref(),
        Some("/forums/web-members/members?done=removed")
    );
    let body = read_forum(&app, Some(&kim.access_token), "web-members", json!({})).await;
    assert_code(&body, "FORBIDDEN");
    let page = browser.get("/forums/web-members/members?done=removed").await;
    assert!(!page.body.contains(&kim.user_id), "{}", page.body);
}

#[tokio::test]
async fn the_last_facilitator_is_told_why_they_cannot_leave() {
    let app = spawn_app().await;
    let s = scene(&app, "web-members-last", 1).await;
    let fac = &s.facilitator;
    let mut browser = Browser::signed_in(&app, fac);
    let remove = format!("/forums/web-members-last/members/{}/remove", fac.user_id);
    let confirm = browser.get(&remove).await;
    let refused = browser.post(&remove, &[("csrf", &confirm.csrf())]).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.contains("There is a problem"), "{}", refused.body);
    assert!(
        refused.body.contains("at least one facilitator"),
        "{}",
        refused.body
    );

    let page = browser.get("/forums/web-members-last/members").await;
    let path = format!("/forums/web-members-last/members/{}/role", fac.user_id);
    let refused = browser
        .post(&path, &[("csrf", &page.csrf()), ("role", "MEMBER")])
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body.contains("at least one facilitator"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains(&format!(r##"href="#role-{}""##, fac.user_id))
    );
}

#[tokio::test]
async fn members_see_a_plain_list_without_controls() {
    let app = spawn_app().await;
    let s = scene(&app, "web-members-plain", 2).await;
    let sam = &s.members[0];
    let mut browser = Browser::signed_in(&app, sam);
    let home = browser.get("/forums/web-members-plain").await;
    assert!(!home.body.contains("/members\""), "{}", home.body);
    let page = browser.get("/forums/web-members-plain/members").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Facilitator"), "{}", page.body);
    assert!(!page.body.contains("Change role"), "{}", page.body);
    assert!(!page.body.contains("/remove"), "{}", page.body);
    let remove = format!(
        "/forums/web-members-plain/members/{}/remove",
        s.members[1].user_id
    );
    assert_eq!(browser.get(&remove).await.status, 403);
    // Posting anyway is refused with the same plain page: nothing changes.
    let path = format!("/forums/web-members-plain/members/{}/role", sam.user_id);
    let refused = browser
        .post(&path, &[("csrf", &page.csrf()), ("role", "FACILITATOR")])
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("Only the forum&#39;s facilitators can change roles or remove people."),
        "{}",
        refused.body
    );
    let role = app.me(&sam.access_token).await["data"]["me"]["memberships"][0]["role"].clone();
    assert_eq!(role, "MEMBER");

    // Someone outside the forum is refused the page.
    let other = app.register("outsider@example.org", "Outsider").await;
    let mut outsider = Browser::signed_in(&app, &other);
    assert_eq!(
        outsider.get("/forums/web-members-plain/members").await.status,
        403
    );
}
