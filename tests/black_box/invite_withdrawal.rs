//! Beyond the contract (issue 16): a forum's invites for its facilitators
//! (`Forum.invites`), one invite by its code for the join page
//! (`invitation`), and withdrawing one (`withdrawInvite`). A withdrawn
//! invite is refused as an expired one is.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

const INVITES: &str = "query ForumInvites($slug: String!) {
  forum(slug: $slug) {
    invites { id role uses maxUses usesLeft expiresAt createdAt withdrawnAt state }
  }
}";

const INVITATION: &str = "query Invitation($code: String!) {
  invitation(code: $code) { role state expiresAt forum { slug name myRole } }
}";

const WITHDRAW: &str = "mutation WithdrawInvite($id: ID!) { withdrawInvite(id: $id) }";

const CREATE: &str = "mutation Create($input: CreateInviteInput!) {
  createInvite(input: $input) { id code }
}";

/// A new invite to `forum_id` for `uses` people: its id and code.
async fn invite(app: &TestApp, who: &Session, forum_id: &str, uses: i64) -> (String, String) {
    let body = app
        .graphql(
            Some(&who.access_token),
            CREATE,
            json!({ "input": { "forumId": forum_id, "role": "MEMBER", "maxUses": uses } }),
        )
        .await;
    let made = &body["data"]["createInvite"];
    (
        made["id"].as_str().unwrap().to_owned(),
        made["code"].as_str().unwrap().to_owned(),
    )
}

async fn withdraw(app: &TestApp, token: Option<&str>, id: &str) -> Value {
    app.graphql(token, WITHDRAW, json!({ "id": id })).await
}

async fn listed(app: &TestApp, token: &str, slug: &str) -> Value {
    app.graphql(Some(token), INVITES, json!({ "slug": slug })).await
}

async fn join(app: &TestApp, who: &Session, code: &str) -> Value {
    app.op(Some(&who.access_token), "JoinForum", json!({ "code": code }))
        .await
}

#[tokio::test]
async fn facilitators_and_admins_list_the_forums_invites_without_their_codes() {
    let app = spawn_app().await;
    let s = scene(&app, "invite-list", 1).await;
    let (id, code) = invite(&app, &s.facilitator, &s.forum_id, 3).await;
    let newcomer = app.register("newcomer@example.org", "Newcomer").await;
    app.ok(Some(&newcomer.access_token), "JoinForum", json!({ "code": code }))
        .await;

    for who in [&s.facilitator, &s.admin] {
        let body = listed(&app, &who.access_token, "invite-list").await;
        assert!(body.get("errors").is_none(), "{body}");
        let invites = body["data"]["forum"]["invites"].as_array().unwrap();
        let mine = invites.iter().find(|i| i["id"] == id.as_str()).unwrap();
        assert_eq!(mine["uses"], 1);
        assert_eq!(mine["maxUses"], 3);
        assert_eq!(mine["usesLeft"], 2);
        assert_eq!(mine["state"], "OPEN");
        assert_eq!(mine["withdrawnAt"], Value::Null);
        assert!(!body.to_string().contains(&code), "{body}");
    }
    // Members and officers may not see them.
    let officer = app.officer(&s.admin).await;
    for who in [&s.members[0], &newcomer, &officer] {
        assert_code(&listed(&app, &who.access_token, "invite-list").await, "FORBIDDEN");
    }
    let outsider = app.register("outsider@example.org", "Outsider").await;
    assert_code(
        &listed(&app, &outsider.access_token, "invite-list").await,
        "FORBIDDEN",
    );
}

#[tokio::test]
async fn anyone_with_the_code_learns_the_forum_and_whether_it_still_works() {
    let app = spawn_app().await;
    let s = scene(&app, "invite-peek", 0).await;
    let (_, code) = invite(&app, &s.facilitator, &s.forum_id, 1).await;

    let body = app.graphql(None, INVITATION, json!({ "code": code })).await;
    let found = &body["data"]["invitation"];
    assert_eq!(found["forum"]["slug"], "invite-peek", "{body}");
    assert_eq!(found["forum"]["name"], "Forum invite-peek");
    assert_eq!(found["forum"]["myRole"], Value::Null);
    assert_eq!(found["state"], "OPEN");
    assert_eq!(found["role"], "MEMBER");

    // Someone in the forum sees their role there.
    let body = app
        .graphql(
            Some(&s.facilitator.access_token),
            INVITATION,
            json!({ "code": code }),
        )
        .await;
    assert_eq!(body["data"]["invitation"]["forum"]["myRole"], "FACILITATOR");

    // Used up.
    let sam = app.register("sam@example.org", "Sam").await;
    assert!(join(&app, &sam, &code).await.get("errors").is_none());
    let body = app.graphql(None, INVITATION, json!({ "code": code })).await;
    assert_eq!(body["data"]["invitation"]["state"], "USED_UP", "{body}");

    // No such code: null, not an error.
    let body = app
        .graphql(None, INVITATION, json!({ "code": "cfi_nothing" }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["invitation"], Value::Null);
}

#[tokio::test]
async fn a_withdrawn_invite_no_longer_works_and_is_refused_as_an_expired_one() {
    let app = spawn_app().await;
    let s = scene(&app, "invite-withdraw", 1).await;
    let (id, code) = invite(&app, &s.facilitator, &s.forum_id, 5).await;

    // Only the forum's facilitators and admins withdraw it.
    let officer = app.officer(&s.admin).await;
    assert_code(
        &withdraw(&app, Some(&s.members[0].access_token), &id).await,
        "FORBIDDEN",
    );
    assert_code(
        &withdraw(&app, Some(&officer.access_token), &id).await,
        "FORBIDDEN",
    );
    let outsider = app.register("outsider@example.org", "Outsider").await;
    assert_code(
        &withdraw(&app, Some(&outsider.access_token), &id).await,
        "NOT_FOUND",
    );
    assert_code(&withdraw(&app, None, &id).await, "UNAUTHENTICATED");
    let token = api_token(&app, &officer).await;
    assert_code(&withdraw(&app, Some(&token), &id).await, "FORBIDDEN");
    assert_bad_input(
        &withdraw(&app, Some(&s.facilitator.access_token), "nope").await,
        "id",
    );
    let unknown = "00000000-0000-4000-8000-000000000000";
    assert_code(
        &withdraw(&app, Some(&s.facilitator.access_token), unknown).await,
        "NOT_FOUND",
    );
    // Nothing changed: it still works.
    let body = app.graphql(None, INVITATION, json!({ "code": code })).await;
    assert_eq!(body["data"]["invitation"]["state"], "OPEN");

    let body = withdraw(&app, Some(&s.facilitator.access_token), &id).await;
    assert_eq!(body["data"]["withdrawInvite"], true, "{body}");
    assert_code(
        &withdraw(&app, Some(&s.facilitator.access_token), &id).await,
        "CONFLICT",
    );

    let listed = listed(&app, &s.facilitator.access_token, "invite-withdraw").await;
    let gone = &listed["data"]["forum"]["invites"][0];
    assert_eq!(gone["state"], "WITHDRAWN", "{listed}");
    assert!(gone["withdrawnAt"].is_string(), "{listed}");
    let body = app.graphql(None, INVITATION, json!({ "code": code })).await;
    assert_eq!(body["data"]["invitation"]["state"], "EXPIRED");

    // Joining with it is refused with the words an expired invite gets.
    let sam = app.register("sam@example.org", "Sam").await;
    let withdrawn = assert_code(&join(&app, &sam, &code).await, "CONFLICT");
    let (_, old) = invite(&app, &s.admin, &s.forum_id, 5).await;
    app.execute_sql("UPDATE invites SET expires_at = created_at WHERE withdrawn_at IS NULL")
        .await;
    let expired = assert_code(&join(&app, &sam, &old).await, "CONFLICT");
    assert_eq!(withdrawn["message"], expired["message"]);
    assert_eq!(member_count(&app, &sam).await, 0);
    // An expired invite has nothing to withdraw.
    let expired_id = old_id(&app, &s.admin, "invite-withdraw", &id).await;
    assert_code(
        &withdraw(&app, Some(&s.admin.access_token), &expired_id).await,
        "CONFLICT",
    );
}

/// How many forums `who` is in.
async fn member_count(app: &TestApp, who: &Session) -> usize {
    app.me(&who.access_token).await["data"]["me"]["memberships"]
        .as_array()
        .map_or(0, Vec::len)
}

/// The id of the forum's invite that is not `but`.
async fn old_id(app: &TestApp, admin: &Session, slug: &str, but: &str) -> String {
    let body = listed(app, &admin.access_token, slug).await;
    body["data"]["forum"]["invites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .find(|i| i != but)
        .unwrap()
}

#[tokio::test]
async fn admins_withdraw_any_forums_invite_and_a_used_up_one_has_nothing_to_withdraw() {
    let app = spawn_app().await;
    let s = scene(&app, "invite-admin", 0).await;
    let (id, _) = invite(&app, &s.facilitator, &s.forum_id, 2).await;
    let body = withdraw(&app, Some(&s.admin.access_token), &id).await;
    assert_eq!(body["data"]["withdrawInvite"], true, "{body}");

    let (used, code) = invite(&app, &s.facilitator, &s.forum_id, 1).await;
    let sam = app.register("sam@example.org", "Sam").await;
    assert!(join(&app, &sam, &code).await.get("errors").is_none());
    assert_code(
        &withdraw(&app, Some(&s.facilitator.access_token), &used).await,
        "CONFLICT",
    );
}
