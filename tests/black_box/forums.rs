//! Forums: `CreateForum`, `Forums`, and reading one forum by slug.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;

/// `ForumBySlug` without the parts built later (findings, rounds, improvements).
const FORUM_WITH_MEMBERS: &str = "query ForumMembers($slug: String!) {
  forum(slug: $slug) {
    id slug name description memberCount myRole
    members { role user { id displayName } }
  }
}";
/// The fields anyone may read.
const FORUM_PUBLIC: &str = "query ForumPublic($slug: String!) {
  forum(slug: $slug) { id slug name description memberCount myRole }
}";

async fn create(app: &TestApp, token: Option<&str>, slug: &str, name: &str) -> Value {
    let input = json!({ "slug": slug, "name": name, "description": "What we do" });
    app.op(token, "CreateForum", json!({ "input": input })).await
}

async fn read(app: &TestApp, token: Option<&str>, query: &str, slug: &str) -> Value {
    app.graphql(token, query, json!({ "slug": slug })).await
}

#[tokio::test]
async fn an_admin_creates_a_forum_that_anyone_can_list() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = create(&app, Some(&admin.access_token), "inspire", "  Inspire forum ").await;
    let forum = &body["data"]["createForum"];
    assert!(forum["id"].as_str().is_some_and(|id| !id.is_empty()), "{body}");
    assert_eq!(forum["slug"], "inspire");
    assert_eq!(forum["name"], "Inspire forum");
    assert_eq!(forum["description"], "What we do");

    let forums = app.forums().await;
    let expected = json!({ "id": forum["id"], "slug": "inspire", "name": "Inspire forum", "description": "What we do", "memberCount": 0 });
    assert_eq!(forums, vec![expected]);
}

#[tokio::test]
async fn forums_are_listed_by_name() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for (slug, name) in [
        ("zeta", "Zeta group"),
        ("alpha", "Alpha group"),
        ("mid", "Middle group"),
    ] {
        create(&app, Some(&admin.access_token), slug, name).await;
    }
    let names: Vec<Value> = app.forums().await.iter().map(|f| f["name"].clone()).collect();
    assert_eq!(
        names,
        vec![json!("Alpha group"), json!("Middle group"), json!("Zeta group")]
    );
}

#[tokio::test]
async fn slugs_are_3_to_40_of_lowercase_letters_digits_and_hyphens() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let too_long = "a".repeat(41);
    for slug in [
        "ab",
        too_long.as_str(),
        "Has-Caps",
        "under_score",
        "with space",
        "",
    ] {
        let body = create(&app, Some(&admin.access_token), slug, "A forum").await;
        assert_bad_input(&body, "slug");
    }
    assert!(app.forums().await.is_empty());

    let longest = format!("{}-9", "a".repeat(38));
    for slug in ["abc", "a-1", longest.as_str()] {
        let body = create(&app, Some(&admin.access_token), slug, "A forum").await;
        assert_eq!(body["data"]["createForum"]["slug"], slug, "{body}");
    }
    assert_eq!(app.forums().await.len(), 3);
}

#[tokio::test]
async fn a_forum_name_needs_3_characters() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for name in ["ab", "  ab  ", ""] {
        let body = create(&app, Some(&admin.access_token), "inspire", name).await;
        assert_bad_input(&body, "name");
    }
    assert!(app.forums().await.is_empty());
}

#[tokio::test]
async fn a_taken_slug_is_a_conflict() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    create(&app, Some(&admin.access_token), "inspire", "First forum").await;
    let body = create(&app, Some(&admin.access_token), "inspire", "Second forum").await;
    assert_code(&body, "CONFLICT");
    let forums = app.forums().await;
    assert_eq!(forums.len(), 1);
    assert_eq!(forums[0]["name"], "First forum");
}

#[tokio::test]
async fn only_admins_create_forums() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "existing").await;
    let facilitator = app.member(&admin, &forum, "FACILITATOR").await;
    let officer = app.officer(&admin).await;
    let sam = app.register("sam@example.org", "Sam").await;

    for caller in [&sam, &officer, &facilitator] {
        let body = create(&app, Some(&caller.access_token), "newone", "New forum").await;
        assert_code(&body, "FORBIDDEN");
        assert_eq!(app.forums().await.len(), 1);
    }
    assert_code(
        &create(&app, None, "newone", "New forum").await,
        "UNAUTHENTICATED",
    );
    assert_eq!(app.forums().await.len(), 1);
}

#[tokio::test]
async fn an_unknown_slug_reads_as_null() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = read(&app, Some(&admin.access_token), FORUM_WITH_MEMBERS, "nowhere").await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["forum"], Value::Null);
}

#[tokio::test]
async fn outsiders_read_a_forums_public_fields_but_not_its_members() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    app.member(&admin, &forum, "MEMBER").await;
    let outsider = app.register("out@example.org", "Outsider").await;

    for token in [Some(outsider.access_token.as_str()), None] {
        let body = read(&app, token, FORUM_PUBLIC, "inspire").await;
        assert!(body.get("errors").is_none(), "{body}");
        let public = &body["data"]["forum"];
        assert_eq!(public["id"], forum.as_str());
        assert_eq!(public["memberCount"], 1);
        assert_eq!(public["myRole"], Value::Null);
    }
    let body = read(&app, Some(&outsider.access_token), FORUM_WITH_MEMBERS, "inspire").await;
    assert_code(&body, "FORBIDDEN");
    let body = read(&app, None, FORUM_WITH_MEMBERS, "inspire").await;
    assert_code(&body, "UNAUTHENTICATED");
}

#[tokio::test]
async fn members_and_facilitators_read_the_members_longest_standing_first() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let fran = app.member(&admin, &forum, "FACILITATOR").await;
    let sam = app.member(&admin, &forum, "MEMBER").await;

    for (viewer, my_role) in [(&fran, "FACILITATOR"), (&sam, "MEMBER")] {
        let body = read(&app, Some(&viewer.access_token), FORUM_WITH_MEMBERS, "inspire").await;
        assert!(body.get("errors").is_none(), "{body}");
        let read = &body["data"]["forum"];
        assert_eq!(read["myRole"], my_role);
        assert_eq!(read["memberCount"], 2);
        let members = json!([
            { "role": "FACILITATOR", "user": { "id": fran.user_id, "displayName": "FACILITATOR" } },
            { "role": "MEMBER", "user": { "id": sam.user_id, "displayName": "MEMBER" } },
        ]);
        assert_eq!(read["members"], members);
    }
}

#[tokio::test]
async fn officers_and_admins_read_members_without_belonging() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let forum = app.forum(&admin, "inspire").await;
    let sam = app.member(&admin, &forum, "MEMBER").await;

    for viewer in [&officer, &admin] {
        let body = read(&app, Some(&viewer.access_token), FORUM_WITH_MEMBERS, "inspire").await;
        assert!(body.get("errors").is_none(), "{body}");
        let read = &body["data"]["forum"];
        assert_eq!(read["myRole"], Value::Null);
        assert_eq!(read["memberCount"], 1, "officers and admins are not counted");
        assert_eq!(read["members"][0]["user"]["id"], sam.user_id.as_str());
        assert_eq!(read["members"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn member_count_counts_each_forums_own_members() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let big = app.forum(&admin, "big").await;
    let small = app.forum(&admin, "small").await;
    for _ in 0..3 {
        app.member(&admin, &big, "MEMBER").await;
    }
    let both = app.member(&admin, &small, "FACILITATOR").await;
    let code = app.invite(&admin, &big, "MEMBER").await;
    app.ok(Some(&both.access_token), "JoinForum", json!({ "code": code }))
        .await;

    let counts: Vec<(Value, Value)> = app
        .forums()
        .await
        .iter()
        .map(|f| (f["slug"].clone(), f["memberCount"].clone()))
        .collect();
    assert_eq!(counts, vec![(json!("big"), json!(4)), (json!("small"), json!(1))]);
}
