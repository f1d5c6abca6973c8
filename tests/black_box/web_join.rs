//! The invite link's page (`/join/{code}`) names the forum, tells someone
//! already in it so, and says a bad, used-up or withdrawn link is one
//! before any form; facilitators see their invites on the invites page and
//! withdraw one.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use crate::common::*;
use crate::support::*;
use crate::web_csrf::Browser;

/// A new member invite to `forum_id` for `uses` people: its code.
async fn code_for(app: &TestApp, who: &Session, forum_id: &str, uses: i64) -> String {
    let data = app
        .ok(
            Some(&who.access_token),
            "CreateInvite",
            json!({ "input": { "forumId": forum_id, "role": "MEMBER", "maxUses": uses } }),
        )
        .await;
    data["createInvite"]["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_join_page_names_the_forum_and_says_when_a_link_will_not_work() {
    let app = spawn_app().await;
    let s = scene(&app, "web-join", 1).await;
    let code = code_for(&app, &s.facilitator, &s.forum_id, 1).await;
    let path = format!("/join/{code}");
    let name = "Forum web-join";

    // Someone not yet in it: the forum's name and the form.
    let newcomer = app.register("newcomer@example.org", "Newcomer").await;
    let page = Browser::signed_in(&app, &newcomer).get(&path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains(&format!("<h1>Join <span data-user-content>{name}</span></h1>")),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(&format!(r#"action="{path}""#)),
        "{}",
        page.body
    );

    // Signed out: make an account, which joins that forum.
    let page = Browser::new(&app).get(&path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains(&format!(
            "You have an invite to join <span data-user-content>{name}</span>."
        )),
        "{}",
        page.body
    );

    // Someone already in it is told so, with no form.
    let page = Browser::signed_in(&app, &s.members[0]).get(&path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("You are already in"), "{}", page.body);
    assert!(page.body.contains(r#"href="/forums/web-join""#), "{}", page.body);
    assert!(
        !page.body.contains(&format!(r#"action="{path}""#)),
        "{}",
        page.body
    );

    // A link that is not an invite.
    let page = Browser::signed_in(&app, &newcomer)
        .get("/join/cfi_not-a-code")
        .await;
    assert_eq!(page.status, 404, "{}", page.body);
    assert!(
        page.body.contains("This invite link does not work"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(r#"action="/join"#), "{}", page.body);

    // Used up: said before any form, to people signed in or not.
    let mut browser = Browser::signed_in(&app, &newcomer);
    let form = browser.get(&path).await;
    let joined = browser.post(&path, &[("csrf", &form.csrf())]).await;
    assert_eq!(joined.status, 303, "{}", joined.body);
    let other = app.register("other@example.org", "Other").await;
    for mut visitor in [Browser::signed_in(&app, &other), Browser::new(&app)] {
        let page = visitor.get(&path).await;
        assert_eq!(page.status, 410, "{}", page.body);
        assert!(
            page.body.contains("This invite link has been used up"),
            "{}",
            page.body
        );
        assert!(
            page.body
                .contains(&format!("Ask the facilitator of {name} for a new one.")),
            "{}",
            page.body
        );
        assert!(
            !page.body.contains(&format!(r#"action="{path}""#)),
            "{}",
            page.body
        );
        assert!(!page.body.contains(r#"action="/register""#), "{}", page.body);
    }
}

#[tokio::test]
async fn facilitators_see_their_invites_and_withdraw_one() {
    let app = spawn_app().await;
    let s = scene(&app, "web-withdraw", 1).await;
    let code = code_for(&app, &s.facilitator, &s.forum_id, 5).await;
    let mut browser = Browser::signed_in(&app, &s.facilitator);
    let page = browser.get("/forums/web-withdraw/invites").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("For members. No one has joined with it yet. 5 more people can join. It works until"),
        "{}",
        page.body
    );
    let (before, _) = page.body.split_once("/withdraw\"").unwrap();
    let id = before.rsplit('/').next().unwrap().to_owned();
    let action = format!("/forums/web-withdraw/invites/{id}/withdraw");
    assert!(
        page.body.contains(&format!(r#"action="{action}""#)),
        "{}",
        page.body
    );

    // A member may not, even by posting the form.
    let mut member = Browser::signed_in(&app, &s.members[0]);
    let csrf = member.get("/forums/web-withdraw").await.csrf();
    let refused = member.post(&action, &[("csrf", &csrf)]).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("Only the forum&#39;s facilitators can invite people."),
        "{}",
        refused.body
    );

    let done = browser.post(&action, &[("csrf", &page.csrf())]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        done.location.as_deref(),
        Some("/forums/web-withdraw/invites?done=withdrawn")
    );
    let page = browser.get("/forums/web-withdraw/invites?done=withdrawn").await;
    assert!(
        page.body
            .contains("The invite link is withdrawn. No one can join with it now."),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Invite links that no longer work (1)"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Withdrawn on "), "{}", page.body);
    assert!(
        !page.body.contains(&format!(r#"action="{action}""#)),
        "{}",
        page.body
    );

    // Withdrawing it again says there is nothing to withdraw.
    let again = browser.post(&action, &[("csrf", &page.csrf())]).await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.contains("nothing to withdraw"), "{}", again.body);

    // Its link now says it has expired, before any form.
    let newcomer = app.register("newcomer@example.org", "Newcomer").await;
    let page = Browser::signed_in(&app, &newcomer)
        .get(&format!("/join/{code}"))
        .await;
    assert_eq!(page.status, 410, "{}", page.body);
    assert!(
        page.body.contains("This invite link has expired"),
        "{}",
        page.body
    );
}
