//! Invites: `CreateInvite`, `JoinForum`, and `Register` with an invite code.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;

async fn create_invite(app: &TestApp, token: Option<&str>, input: Value) -> Value {
    app.op(token, "CreateInvite", json!({ "input": input })).await
}

async fn join(app: &TestApp, who: &Session, code: &str) -> Value {
    app.op(Some(&who.access_token), "JoinForum", json!({ "code": code }))
        .await
}

/// Their forums as (slug, role) pairs, from `Me`.
async fn memberships(app: &TestApp, who: &Session) -> Vec<(String, String)> {
    let me = app.ok(Some(&who.access_token), "Me", json!({})).await;
    me["me"]["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let slug = m["forum"]["slug"].as_str().unwrap().to_owned();
            (slug, m["role"].as_str().unwrap().to_owned())
        })
        .collect()
}

async fn member_count(app: &TestApp, slug: &str) -> Value {
    let forums = app.forums().await;
    forums.iter().find(|f| f["slug"] == slug).unwrap()["memberCount"].clone()
}

fn pair(slug: &str, role: &str) -> Vec<(String, String)> {
    vec![(slug.to_owned(), role.to_owned())]
}

#[tokio::test]
async fn a_facilitator_creates_invites_valid_for_a_week_unless_told_otherwise() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let fran = app.member(&admin, &forum, "FACILITATOR").await;

    let body = create_invite(
        &app,
        Some(&fran.access_token),
        json!({ "forumId": forum, "role": "MEMBER" }),
    )
    .await;
    let invite = &body["data"]["createInvite"];
    assert!(invite["code"].as_str().is_some_and(|c| !c.is_empty()), "{body}");
    assert_eq!(invite["role"], "MEMBER");
    assert_about_from_now(&invite["expiresAt"], chrono::Duration::hours(168));

    let input = json!({ "forumId": forum, "role": "FACILITATOR", "expiresInHours": 2, "maxUses": 3 });
    let body = create_invite(&app, Some(&fran.access_token), input).await;
    let invite = &body["data"]["createInvite"];
    assert_eq!(invite["role"], "FACILITATOR", "{body}");
    assert_about_from_now(&invite["expiresAt"], chrono::Duration::hours(2));
}

#[tokio::test]
async fn an_admin_invites_to_any_forum() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let input = json!({ "forumId": forum, "role": "FACILITATOR", "maxUses": 10000, "expiresInHours": 2160 });
    let body = create_invite(&app, Some(&admin.access_token), input).await;
    assert_eq!(body["data"]["createInvite"]["role"], "FACILITATOR", "{body}");
    assert_about_from_now(
        &body["data"]["createInvite"]["expiresAt"],
        chrono::Duration::hours(2160),
    );
}

#[tokio::test]
async fn only_the_forums_facilitators_and_admins_invite() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let other = app.forum(&admin, "other").await;
    let sam = app.member(&admin, &forum, "MEMBER").await;
    let elsewhere = app.member(&admin, &other, "FACILITATOR").await;
    let officer = app.officer(&admin).await;
    let input = json!({ "forumId": forum, "role": "MEMBER" });

    for caller in [&sam, &elsewhere, &officer] {
        let body = create_invite(&app, Some(&caller.access_token), input.clone()).await;
        assert_code(&body, "FORBIDDEN");
        assert!(body["data"].is_null(), "no code may leak: {body}");
    }
    assert_code(&create_invite(&app, None, input).await, "UNAUTHENTICATED");
    // The member who asked is still only a member.
    assert_eq!(memberships(&app, &sam).await, pair("inspire", "MEMBER"));
}

#[tokio::test]
async fn an_invite_for_an_unknown_or_malformed_forum_id_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let unknown = json!({ "forumId": uuid::Uuid::new_v4().to_string(), "role": "MEMBER" });
    assert_code(
        &create_invite(&app, Some(&admin.access_token), unknown).await,
        "NOT_FOUND",
    );
    let malformed = json!({ "forumId": "abc", "role": "MEMBER" });
    assert_bad_input(
        &create_invite(&app, Some(&admin.access_token), malformed).await,
        "forumId",
    );
}

#[tokio::test]
async fn invite_terms_out_of_range_name_the_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let cases = [
        (json!({ "maxUses": 0 }), "maxUses"),
        (json!({ "maxUses": -1 }), "maxUses"),
        (json!({ "maxUses": 10001 }), "maxUses"),
        (json!({ "expiresInHours": 0 }), "expiresInHours"),
        (json!({ "expiresInHours": 2161 }), "expiresInHours"),
    ];
    for (mut input, field) in cases {
        input["forumId"] = json!(forum);
        input["role"] = json!("MEMBER");
        assert_bad_input(
            &create_invite(&app, Some(&admin.access_token), input).await,
            field,
        );
    }
}

#[tokio::test]
async fn joining_with_a_code_makes_a_member() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let code = app.invite(&admin, &forum, "MEMBER").await;
    let sam = app.register("sam@example.org", "Sam").await;
    assert_eq!(member_count(&app, "inspire").await, 0);

    let body = join(&app, &sam, &code).await;
    let membership = &body["data"]["joinForum"];
    assert_eq!(membership["role"], "MEMBER", "{body}");
    assert_eq!(membership["forum"], json!({ "id": forum, "slug": "inspire" }));
    assert_eq!(memberships(&app, &sam).await, pair("inspire", "MEMBER"));
    assert_eq!(member_count(&app, "inspire").await, 1);
}

#[tokio::test]
async fn registering_with_an_invite_joins_with_the_invites_role() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let code = app.invite(&admin, &forum, "FACILITATOR").await;
    let fran = app.register_with("fran@example.org", "Fran", Some(&code)).await;
    assert_eq!(memberships(&app, &fran).await, pair("inspire", "FACILITATOR"));
}

async fn invite_with(app: &TestApp, admin: &Session, forum: &str, role: &str, max_uses: u32) -> String {
    let input = json!({ "forumId": forum, "role": role, "maxUses": max_uses });
    let body = create_invite(app, Some(&admin.access_token), input).await;
    body["data"]["createInvite"]["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_used_up_invite_is_a_conflict_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let code = invite_with(&app, &admin, &forum, "MEMBER", 1).await;
    let sam = app.register("sam@example.org", "Sam").await;
    let priya = app.register("priya@example.org", "Priya").await;
    join(&app, &sam, &code).await;

    assert_code(&join(&app, &priya, &code).await, "CONFLICT");
    assert!(memberships(&app, &priya).await.is_empty());
    assert_eq!(member_count(&app, "inspire").await, 1);

    // Registering with it is refused as a whole: no account is left behind.
    let input =
        json!({ "email": "jo@example.org", "password": PASSWORD, "displayName": "Jo", "inviteCode": code });
    assert_code(
        &app.op(None, "Register", json!({ "input": input })).await,
        "CONFLICT",
    );
    assert_code(&app.login("jo@example.org", PASSWORD).await, "UNAUTHENTICATED");
    assert_eq!(member_count(&app, "inspire").await, 1);
}

#[tokio::test]
async fn two_people_racing_for_the_last_use_of_an_invite_one_wins() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let code = invite_with(&app, &admin, &forum, "MEMBER", 1).await;
    let sam = app.register("sam@example.org", "Sam").await;
    let priya = app.register("priya@example.org", "Priya").await;
    let calls = [&sam, &priya]
        .map(|who| {
            (
                Some(who.access_token.as_str()),
                "JoinForum",
                json!({ "code": code }),
            )
        })
        .to_vec();
    let bodies = app.op_all(calls).await;
    let joined = bodies.iter().filter(|b| b.get("errors").is_none()).count();
    assert_eq!(joined, 1, "{bodies:?}");
    assert!(
        bodies.iter().any(|b| error_code(b) == Some("CONFLICT")),
        "{bodies:?}"
    );
    assert_eq!(member_count(&app, "inspire").await, 1);
}

#[tokio::test]
async fn joining_again_changes_nothing_and_does_not_use_the_invite() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let code = invite_with(&app, &admin, &forum, "MEMBER", 2).await;
    let [sam, priya, jo] = [
        app.register("sam@example.org", "Sam").await,
        app.register("priya@example.org", "Priya").await,
        app.register("jo@example.org", "Jo").await,
    ];
    let first = join(&app, &sam, &code).await;
    let again = join(&app, &sam, &code).await;
    assert_eq!(again["data"]["joinForum"], first["data"]["joinForum"], "{again}");
    assert_eq!(member_count(&app, "inspire").await, 1);

    // Sam used one of two: Priya takes the other, and then it is used up.
    assert_eq!(
        join(&app, &priya, &code).await["data"]["joinForum"]["role"],
        "MEMBER"
    );
    assert_code(&join(&app, &jo, &code).await, "CONFLICT");
    assert_eq!(member_count(&app, "inspire").await, 2);
}

#[tokio::test]
async fn a_facilitator_invite_promotes_a_member() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let sam = app.member(&admin, &forum, "MEMBER").await;
    let code = app.invite(&admin, &forum, "FACILITATOR").await;

    let body = join(&app, &sam, &code).await;
    assert_eq!(body["data"]["joinForum"]["role"], "FACILITATOR", "{body}");
    assert_eq!(memberships(&app, &sam).await, pair("inspire", "FACILITATOR"));
    assert_eq!(member_count(&app, "inspire").await, 1);
    // A facilitator in deed: Sam can now invite.
    app.invite(&sam, &forum, "MEMBER").await;
}

#[tokio::test]
async fn a_member_invite_never_demotes_a_facilitator_nor_is_used_by_one() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let fran = app.member(&admin, &forum, "FACILITATOR").await;
    let code = invite_with(&app, &admin, &forum, "MEMBER", 1).await;

    let body = join(&app, &fran, &code).await;
    assert_eq!(body["data"]["joinForum"]["role"], "FACILITATOR", "{body}");
    assert_eq!(memberships(&app, &fran).await, pair("inspire", "FACILITATOR"));
    // The single use is still there for a newcomer.
    let sam = app.register("sam@example.org", "Sam").await;
    assert_eq!(
        join(&app, &sam, &code).await["data"]["joinForum"]["role"],
        "MEMBER"
    );
}

#[tokio::test]
async fn an_expired_invite_is_a_conflict_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let code = app.invite(&admin, &forum, "MEMBER").await;
    // No operation can age an invite: move its expiry back to its creation.
    app.execute_sql("UPDATE invites SET expires_at = created_at")
        .await;

    let sam = app.register("sam@example.org", "Sam").await;
    assert_code(&join(&app, &sam, &code).await, "CONFLICT");
    assert!(memberships(&app, &sam).await.is_empty());

    let input =
        json!({ "email": "jo@example.org", "password": PASSWORD, "displayName": "Jo", "inviteCode": code });
    assert_code(
        &app.op(None, "Register", json!({ "input": input })).await,
        "CONFLICT",
    );
    assert_code(&app.login("jo@example.org", PASSWORD).await, "UNAUTHENTICATED");
    assert_eq!(member_count(&app, "inspire").await, 0);
}

#[tokio::test]
async fn an_unknown_code_is_not_found_and_joining_needs_a_sign_in() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let sam = app.register("sam@example.org", "Sam").await;
    assert_code(&join(&app, &sam, "no-such-code").await, "NOT_FOUND");
    assert!(memberships(&app, &sam).await.is_empty());

    let code = app.invite(&admin, &forum, "MEMBER").await;
    let body = app.op(None, "JoinForum", json!({ "code": code })).await;
    assert_code(&body, "UNAUTHENTICATED");
    assert_eq!(member_count(&app, "inspire").await, 0);
}
