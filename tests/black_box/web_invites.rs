//! The invites page's "Invite people by email" form
//! (`/forums/{slug}/invites`): it sends through `InviteByEmail`, says who
//! was sent an invite and who is a member already, and shows refusals on
//! the form.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use crate::common::mail::{PUBLIC_URL, SmtpSink, delivering_to};
use crate::common::*;
use crate::support::*;
use crate::web_csrf::Browser;

#[tokio::test]
async fn facilitators_invite_people_by_email_from_the_page() {
    let sink = SmtpSink::start();
    let app = spawn_app_with(|c| {
        c.mail = delivering_to(&sink);
        c.public_url = PUBLIC_URL.parse().unwrap();
    })
    .await;
    let s = scene(&app, "web-by-email", 1).await;
    let member = &s.members[0];
    let mut browser = Browser::signed_in(&app, &s.facilitator);

    let page = browser.get("/forums/web-by-email/invites").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Invite people by email"), "{}", page.body);
    assert!(
        page.body
            .contains(r#"action="/forums/web-by-email/invites/email""#)
    );
    assert!(page.body.contains(r#"<label class="label" for="emails">"#));
    assert!(
        page.body
            .contains(r#"<textarea class="textarea" id="emails" name="emails""#)
    );
    let csrf = page.csrf();

    // One bad address: the form says which, and nothing is sent.
    let list = format!("ann@example.org\nnot an address\n{}", member.email);
    let bad = browser
        .post(
            "/forums/web-by-email/invites/email",
            &[
                ("csrf", &csrf),
                ("emails", &list),
                ("role", "MEMBER"),
                ("message", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("There is a problem"), "{}", bad.body);
    assert!(bad.body.contains(r##"<a href="#emails">"##), "{}", bad.body);
    assert!(
        bad.body
            .contains("&#34;not an address&#34; is not an email address")
            || bad
                .body
                .contains("&quot;not an address&quot; is not an email address"),
        "{}",
        bad.body
    );
    assert!(
        bad.body
            .contains(r#"aria-describedby="emails-hint emails-error""#),
        "{}",
        bad.body
    );
    assert!(bad.body.contains(r#"id="emails-error""#));
    assert!(bad.body.contains("ann@example.org"), "what was typed is kept");

    // Empty: the form's own words.
    let empty = browser
        .post(
            "/forums/web-by-email/invites/email",
            &[("csrf", &csrf), ("emails", " \n "), ("role", "MEMBER")],
        )
        .await;
    assert_eq!(empty.status, 422, "{}", empty.body);
    assert!(
        empty
            .body
            .contains("Enter 1 to 100 email addresses, one on each line"),
        "{}",
        empty.body
    );

    // Sent: who got an invite, who was left out.
    let list = format!(
        "ann@example.org, bo@example.org\n\n{}\n",
        member.email.to_uppercase()
    );
    let sent = browser
        .post(
            "/forums/web-by-email/invites/email",
            &[
                ("csrf", &csrf),
                ("emails", &list),
                ("role", "FACILITATOR"),
                ("message", "Come and help us run the forum."),
            ],
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert!(sent.body.contains("We sent 2 invites by email."), "{}", sent.body);
    let (_, after_sent) = sent.body.split_once(r#"id="sent-list""#).unwrap();
    let (sent_list, members) = after_sent.split_once(r#"id="members-list""#).unwrap();
    assert!(sent_list.contains("ann@example.org") && sent_list.contains("bo@example.org"));
    assert!(!sent_list.contains(&member.email.to_uppercase()));
    assert!(members.contains(&member.email.to_uppercase()), "{}", sent.body);
    assert!(sent.body.contains("Already members"));

    let ann = sink.wait_for("ann@example.org", 1).await;
    assert!(ann[0].contains("Come and help us run the forum."), "{}", ann[0]);
    assert!(ann[0].contains("as a facilitator"), "{}", ann[0]);
    sink.wait_for("bo@example.org", 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.received().len(), 2);
}

#[tokio::test]
async fn members_cannot_send_invites_by_email_from_the_page() {
    let app = spawn_app().await;
    let s = scene(&app, "web-by-email-no", 1).await;
    let mut browser = Browser::signed_in(&app, &s.members[0]);
    // The page is refused before its form is shown.
    let page = browser.get("/forums/web-by-email-no/invites").await;
    assert_eq!(page.status, 403, "{}", page.body);
    assert!(!page.body.contains("invites/email"), "{}", page.body);
    let csrf = page.csrf();
    let refused = browser
        .post(
            "/forums/web-by-email-no/invites/email",
            &[("csrf", &csrf), ("emails", "ann@example.org"), ("role", "MEMBER")],
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("Only the forum&#39;s facilitators can invite people."),
        "{}",
        refused.body
    );
    let kept = coforum_persistence::repos::outbox::newest(app.state.db.conn(), 10)
        .await
        .unwrap();
    assert!(kept.is_empty(), "{kept:?}");
}
