//! Pages that fit the person: each page a role may not use answers "You
//! can't do this here" (403, who can, and a way back) before any form is
//! shown, and refuses again when its form is posted anyway; signed-out
//! people are sent to sign in; links and buttons show only to those who
//! may use them.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use crate::co_design::{draft, stage};
use crate::common::*;
use crate::support::*;
use crate::web_csrf::{Browser, Page};

/// A form's fields, as name and value.
type Form<'a> = Vec<(&'a str, &'a str)>;

const CANNOT: &str = "<h1>You can't do this here</h1>";

/// The page's HTML as askama writes it: apostrophes escaped.
fn html(text: &str) -> String {
    text.replace('\'', "&#39;")
}

/// Asserts `page` is the "can't" page saying `who`, with no form but
/// signing out.
fn assert_cannot(page: &Page, path: &str, who: &str) {
    assert_eq!(page.status, 403, "{path}: {}", page.body);
    assert!(page.body.contains(CANNOT), "{path}: {}", page.body);
    assert!(page.body.contains(&html(who)), "{path}: {}", page.body);
    assert_eq!(page.body.matches("<form").count(), 1, "{path}: {}", page.body);
    assert!(page.body.contains(r#"action="/sign-out""#), "{path}");
}

#[tokio::test]
async fn each_page_answers_each_role_with_the_page_or_a_plain_refusal() {
    let app = spawn_app().await;
    let st = stage(&app, "web-roles", 2).await;
    let s = &st.s;
    let (author, other) = (&s.members[0], &s.members[1]);
    let officer = app.officer(&s.admin).await;
    let second = crate::co_design::new_finding(&app, &s.facilitator, &s.forum_id, "Waiting times").await;
    let round = open_id(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        &[st.finding.clone(), second],
        "APPROVAL",
        json!({}),
    )
    .await;
    let improvement = draft(&app, &st).await;

    // (path, who may use it as [member, officer, facilitator, admin], who can).
    let pages: Vec<(String, [bool; 4], &str)> = vec![
        (
            "/forums/web-roles/invites".into(),
            [false, false, true, true],
            "Only the forum's facilitators can invite people.",
        ),
        (
            "/forums/web-roles/rounds/new".into(),
            [false, false, true, true],
            "Only the forum's facilitators can start a vote.",
        ),
        (
            format!("/forums/web-roles/members/{}/remove", other.user_id),
            [false, false, true, true],
            "Only the forum's facilitators can change roles or remove people.",
        ),
        (
            format!("/improvements/{improvement}/decision"),
            [false, false, true, true],
            "Only the forum's facilitators can ask members to decide.",
        ),
        (
            "/forums/web-roles/findings/new".into(),
            [true, true, true, true],
            "",
        ),
        (
            "/forums/web-roles/improvements/new".into(),
            [true, false, true, false],
            "Only the forum's members can suggest an improvement.",
        ),
        (
            format!("/rounds/{round}/vote"),
            [true, false, true, false],
            "Only the forum's members can vote.",
        ),
        (
            format!("/improvements/{improvement}/revise"),
            [true, false, false, false],
            "Only the people who wrote this improvement can change it, while it is a draft.",
        ),
        (
            format!("/improvements/{improvement}/progress"),
            [false, true, false, true],
            "Only council officers can record what the council did.",
        ),
        (
            "/officers".into(),
            [false, true, false, true],
            "Only council officers can see the officers' dashboard.",
        ),
        (
            "/admin/outbox".into(),
            [false, false, false, true],
            "Only the site's admins can read the emails it sends.",
        ),
    ];
    let people = [
        ("member", author),
        ("officer", &officer),
        ("facilitator", &s.facilitator),
        ("admin", &s.admin),
    ];
    for (path, may, who) in &pages {
        for ((name, person), allowed) in people.iter().zip(may) {
            let page = Browser::signed_in(&app, person).get(path).await;
            if *allowed {
                assert_eq!(page.status, 200, "{name} {path}: {}", page.body);
                assert!(!page.body.contains(CANNOT), "{name} {path}");
            } else {
                assert_cannot(&page, path, who);
            }
        }
        // Signed out: the sign-in page, coming back here.
        let page = Browser::new(&app).get(path).await;
        assert_eq!(page.status, 303, "signed out {path}: {}", page.body);
        let location = page.location.unwrap();
        assert!(location.starts_with("/sign-in?next="), "{path}: {location}");
    }

    // Another member may not change someone else's improvement.
    let path = format!("/improvements/{improvement}/revise");
    let page = Browser::signed_in(&app, other).get(&path).await;
    assert_cannot(&page, &path, "Only the people who wrote this improvement");
    // The way back goes where it came from.
    assert!(
        page.body
            .contains(&format!(r#"href="/improvements/{improvement}""#)),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn forms_posted_anyway_are_refused_with_the_same_page_and_change_nothing() {
    let app = spawn_app().await;
    let st = stage(&app, "web-roles-post", 1).await;
    let s = &st.s;
    let sam = &s.members[0];
    let officer = app.officer(&s.admin).await;
    let second = crate::co_design::new_finding(&app, &s.facilitator, &s.forum_id, "Waiting times").await;
    let round = open_id(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        &[st.finding.clone(), second.clone()],
        "APPROVAL",
        json!({}),
    )
    .await;
    let improvement = draft(&app, &st).await;

    let mut member = Browser::signed_in(&app, sam);
    let csrf = member.get("/forums/web-roles-post").await.csrf();
    let posts: Vec<(String, Form, &str)> = vec![
        (
            "/forums/web-roles-post/invites".into(),
            vec![("role", "FACILITATOR"), ("days", "7")],
            "Only the forum's facilitators can invite people.",
        ),
        (
            "/forums/web-roles-post/invites/email".into(),
            vec![("emails", "ann@example.org"), ("role", "MEMBER")],
            "Only the forum's facilitators can invite people.",
        ),
        (
            "/forums/web-roles-post/rounds/new".into(),
            vec![("step", "1"), ("title", "Ours"), ("method", "DOT")],
            "Only the forum's facilitators can start a vote.",
        ),
        (
            // The confirmed step: the form that would close it.
            format!("/rounds/{round}/close"),
            vec![("confirm", "yes")],
            "Only the forum's facilitators can close a vote.",
        ),
        (
            format!("/improvements/{improvement}/decision"),
            vec![("rule", "CONSENT"), ("quorum", "50")],
            "Only the forum's facilitators can ask members to decide.",
        ),
        (
            format!("/improvements/{improvement}/progress"),
            vec![("note", "Done"), ("percent", "100"), ("status", "DELIVERED")],
            "Only council officers can record what the council did.",
        ),
        (
            format!("/forums/web-roles-post/members/{}/role", sam.user_id),
            vec![("role", "FACILITATOR")],
            "Only the forum's facilitators can change roles or remove people.",
        ),
    ];
    for (path, fields, who) in &posts {
        let mut form = fields.clone();
        form.push(("csrf", &csrf));
        let page = member.post(path, &form).await;
        assert_cannot(&page, path, who);
    }
    // Nothing changed: the round is open, no invite was sent, Sam is a member.
    let open = round_state(&app, &s.facilitator.access_token, &round).await;
    assert_eq!(open, "OPEN");
    let role = app.me(&sam.access_token).await["data"]["me"]["memberships"][0]["role"].clone();
    assert_eq!(role, "MEMBER");
    let kept = coforum_persistence::repos::outbox::newest(app.state.db.conn(), 10)
        .await
        .unwrap();
    assert!(!format!("{kept:?}").contains("ann@example.org"), "{kept:?}");

    // An officer may not vote, even by posting the ballot.
    let mut council = Browser::signed_in(&app, &officer);
    let csrf = council.get("/officers").await.csrf();
    let path = format!("/rounds/{round}/vote");
    let page = council
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("method", "APPROVAL"),
                ("order", &st.finding),
                (&format!("mark-{}", st.finding), "on"),
            ],
        )
        .await;
    assert_cannot(&page, &path, "Only the forum's members can vote.");
}

/// The round's state as `token` reads it.
async fn round_state(app: &TestApp, token: &str, id: &str) -> String {
    let body = round(app, token, id).await;
    body["state"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn links_and_buttons_show_only_to_those_who_may_use_them() {
    let app = spawn_app().await;
    let st = stage(&app, "web-roles-links", 1).await;
    let s = &st.s;
    let officer = app.officer(&s.admin).await;
    let home = "/forums/web-roles-links";

    let member = Browser::signed_in(&app, &s.members[0]).get(home).await;
    for link in [
        "/rounds/new\"",
        "/invites\"",
        "/members\"",
        "href=\"/officers\"",
        "/admin/outbox",
    ] {
        assert!(!member.body.contains(link), "member sees {link}: {}", member.body);
    }
    assert!(member.body.contains("/improvements/new\""), "{}", member.body);

    let facilitator = Browser::signed_in(&app, &s.facilitator).get(home).await;
    for link in ["/rounds/new\"", "/invites\"", "/members\""] {
        assert!(facilitator.body.contains(link), "{link}: {}", facilitator.body);
    }

    let council = Browser::signed_in(&app, &officer).get(home).await;
    assert!(council.body.contains("href=\"/officers\""), "{}", council.body);
    assert!(!council.body.contains("/improvements/new\""), "{}", council.body);
    assert!(!council.body.contains("/rounds/new\""), "{}", council.body);
    assert!(!council.body.contains("/admin/outbox"), "{}", council.body);

    let admin = Browser::signed_in(&app, &s.admin).get("/").await;
    assert!(admin.body.contains(r#"href="/admin/outbox""#), "{}", admin.body);
}
