//! Inviting people by email (contract, "Your account"): each address gets
//! its own single-use link through a real SMTP server; members get
//! nothing; one bad address refuses the lot.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use coforum_persistence::repos::outbox;
use serde_json::{Value, json};

use crate::common::mail::{PUBLIC_URL, SmtpSink, delivering_to, link_in};
use crate::common::*;
use crate::support::*;

async fn mailing_app(sink: &SmtpSink) -> TestApp {
    spawn_app_with(|c| {
        c.mail = delivering_to(sink);
        c.public_url = PUBLIC_URL.parse().unwrap();
    })
    .await
}

async fn invite_by_email(app: &TestApp, token: Option<&str>, input: Value) -> Value {
    app.op(token, "InviteByEmail", json!({ "input": input })).await
}

/// The code in the one invite email to `to`.
async fn code_sent_to(sink: &SmtpSink, to: &str) -> (String, String) {
    let mail = sink.wait_for(to, 1).await.remove(0);
    let link = link_in(&mail, "join/").unwrap_or_else(|| panic!("no link in {mail}"));
    assert!(
        link.starts_with(&format!("{PUBLIC_URL}join/")),
        "a whole address on the public URL: {link}"
    );
    (link.rsplit('/').next().unwrap().to_owned(), mail)
}

async fn role_in(app: &TestApp, who: &Session, slug: &str) -> Option<String> {
    let me = app.ok(Some(&who.access_token), "Me", json!({})).await;
    me["me"]["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["forum"]["slug"] == slug)
        .map(|m| m["role"].as_str().unwrap().to_owned())
}

/// The details of the audit log's invites sent by email, newest first.
async fn emailed_invites_logged(app: &TestApp, admin: &Session) -> Vec<String> {
    let body = app
        .graphql(
            Some(&admin.access_token),
            "query { auditLog(first: 200) { action detail } }",
            json!({}),
        )
        .await;
    body["data"]["auditLog"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .filter(|e| e["action"] == "INVITE_CREATED" && e["detail"].as_str().unwrap().contains("by email"))
        .map(|e| e["detail"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn each_address_gets_its_own_link_that_works_once_and_members_get_nothing() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    let s = scene(&app, "by-email", 1).await;
    let member = &s.members[0];
    let lee = app.register("lee@example.org", "Lee").await;

    let emails = [
        "new@example.org",
        "Lee@Example.org",
        &member.email.to_uppercase(),
        "NEW@example.org",
    ];
    let body = invite_by_email(
        &app,
        Some(&s.facilitator.access_token),
        json!({ "forumId": s.forum_id, "role": "MEMBER", "emails": emails,
                "message": "Hello from the forum.\nWe meet on Tuesdays." }),
    )
    .await;
    let answer = body["data"]["inviteByEmail"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"));
    let answered: Vec<&str> = answer.iter().map(|i| i["email"].as_str().unwrap()).collect();
    assert_eq!(
        answered,
        ["new@example.org", "Lee@Example.org"],
        "the member is left out, the repeat counts once"
    );
    for invite in answer {
        assert_about_from_now(&invite["expiresAt"], chrono::Duration::days(7));
    }

    let (new_code, mail) = code_sent_to(&sink, "new@example.org").await;
    assert!(
        mail.contains("Subject: You are invited to join Forum by-email on coforum"),
        "{mail}"
    );
    assert!(mail.contains("Hello from the forum.") && mail.contains("We meet on Tuesdays."));
    assert!(mail.contains("text/plain") && mail.contains("text/html"));
    let (lee_code, _) = code_sent_to(&sink, "lee@example.org").await;
    assert_ne!(new_code, lee_code, "each address has its own invite");

    // A newcomer makes an account with the link; Lee, who has one, joins.
    let newcomer = app
        .register_with("new@example.org", "Newcomer", Some(&new_code))
        .await;
    assert_eq!(
        role_in(&app, &newcomer, "by-email").await.as_deref(),
        Some("MEMBER")
    );
    app.ok(Some(&lee.access_token), "JoinForum", json!({ "code": lee_code }))
        .await;
    assert_eq!(role_in(&app, &lee, "by-email").await.as_deref(), Some("MEMBER"));

    // Once only: someone else with the same link is turned away.
    let zed = app.register("zed@example.org", "Zed").await;
    let again = app
        .op(Some(&zed.access_token), "JoinForum", json!({ "code": new_code }))
        .await;
    assert_code(&again, "CONFLICT");
    assert_eq!(role_in(&app, &zed, "by-email").await, None);

    // Nothing more went out: nothing to the member, nothing twice.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(sink.to(&member.email).is_empty());
    assert_eq!(sink.received().len(), 2, "{:?}", sink.received());

    // The audit log has one entry per invite, and no address.
    let logged = emailed_invites_logged(&app, &s.admin).await;
    assert_eq!(logged.len(), 2, "{logged:?}");
    assert!(
        logged
            .iter()
            .all(|d| d.contains("role MEMBER, 1 use") && !d.contains('@'))
    );
}

#[tokio::test]
async fn a_facilitator_invite_makes_a_facilitator_and_an_admin_may_send_one() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    let s = scene(&app, "by-email-fac", 0).await;
    let body = invite_by_email(
        &app,
        Some(&s.admin.access_token),
        json!({ "forumId": s.forum_id, "role": "FACILITATOR", "emails": ["kim@example.org"] }),
    )
    .await;
    assert_eq!(
        body["data"]["inviteByEmail"][0]["email"], "kim@example.org",
        "{body}"
    );
    let (code, mail) = code_sent_to(&sink, "kim@example.org").await;
    assert!(mail.contains("as a facilitator"), "{mail}");
    assert!(!mail.contains("A message from"), "no message, no quote: {mail}");
    let kim = app.register_with("kim@example.org", "Kim", Some(&code)).await;
    assert_eq!(
        role_in(&app, &kim, "by-email-fac").await.as_deref(),
        Some("FACILITATOR")
    );
}

#[tokio::test]
async fn a_bad_address_or_list_refuses_the_whole_call_and_writes_nothing() {
    let sink = SmtpSink::start();
    let app = mailing_app(&sink).await;
    let s = scene(&app, "by-email-bad", 0).await;
    let fac = Some(s.facilitator.access_token.as_str());
    let input = |emails: Value, message: Option<String>| json!({ "forumId": s.forum_id, "role": "MEMBER", "emails": emails, "message": message });

    let bad = invite_by_email(
        &app,
        fac,
        input(json!(["fine@example.org", "kim at example.org"]), None),
    )
    .await;
    assert_bad_input(&bad, "emails");
    let message = bad["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("\"kim at example.org\""),
        "names the bad one: {message}"
    );

    assert_bad_input(
        &invite_by_email(&app, fac, input(json!([]), None)).await,
        "emails",
    );
    let too_many: Vec<String> = (0..101).map(|n| format!("p{n}@example.org")).collect();
    assert_bad_input(
        &invite_by_email(&app, fac, input(json!(too_many), None)).await,
        "emails",
    );
    assert_bad_input(
        &invite_by_email(
            &app,
            fac,
            input(json!(["fine@example.org"]), Some("a".repeat(1001))),
        )
        .await,
        "message",
    );

    // Nothing written, nothing sent.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(sink.received().is_empty(), "{:?}", sink.received());
    let kept = outbox::newest(app.state.db.conn(), 10).await.unwrap();
    assert!(kept.is_empty(), "{kept:?}");
    assert!(emailed_invites_logged(&app, &s.admin).await.is_empty());
}

#[tokio::test]
async fn a_hundred_addresses_are_taken_in_one_go() {
    // No SMTP server: the mail stays in the outbox, which is what is checked.
    let app = spawn_app().await;
    let s = scene(&app, "by-email-100", 0).await;
    let emails: Vec<String> = (0..100).map(|n| format!("p{n}@example.org")).collect();
    let body = invite_by_email(
        &app,
        Some(&s.facilitator.access_token),
        json!({ "forumId": s.forum_id, "role": "MEMBER", "emails": emails }),
    )
    .await;
    assert_eq!(
        body["data"]["inviteByEmail"].as_array().map(Vec::len),
        Some(100),
        "{body}"
    );
    let kept = outbox::newest(app.state.db.conn(), 200).await.unwrap();
    assert_eq!(kept.len(), 100);
    let mut links: Vec<String> = kept
        .iter()
        .map(|m| link_in(&m.email.text, "join/").unwrap())
        .collect();
    links.sort();
    links.dedup();
    assert_eq!(links.len(), 100, "a link of its own for each");
}

#[tokio::test]
async fn only_the_forums_facilitators_and_admins_invite_by_email() {
    let app = spawn_app().await;
    let s = scene(&app, "by-email-who", 1).await;
    let other_forum = app.forum(&s.admin, "by-email-other").await;
    let outsider = app.member(&s.admin, &other_forum, "FACILITATOR").await;
    let input =
        |forum_id: &str, emails: Value| json!({ "forumId": forum_id, "role": "MEMBER", "emails": emails });
    let fine = json!(["someone@example.org"]);

    let member = Some(s.members[0].access_token.as_str());
    assert_code(
        &invite_by_email(&app, member, input(&s.forum_id, fine.clone())).await,
        "FORBIDDEN",
    );
    // Who may not invite learns nothing about the input.
    assert_code(
        &invite_by_email(&app, member, input(&s.forum_id, json!(["bad"]))).await,
        "FORBIDDEN",
    );
    assert_code(
        &invite_by_email(
            &app,
            Some(&outsider.access_token),
            input(&s.forum_id, fine.clone()),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &invite_by_email(&app, None, input(&s.forum_id, fine.clone())).await,
        "UNAUTHENTICATED",
    );
    let nowhere = uuid::Uuid::new_v4().to_string();
    assert_code(
        &invite_by_email(
            &app,
            Some(&s.facilitator.access_token),
            input(&nowhere, fine.clone()),
        )
        .await,
        "NOT_FOUND",
    );
    let kept = outbox::newest(app.state.db.conn(), 10).await.unwrap();
    assert!(kept.is_empty(), "{kept:?}");
}
