//! `Forum.priorities` and `Forum.youSaidWeDid`: the root fields of one
//! forum, read by its slug in the same document as the rest of it.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::co_design::*;
use crate::common::*;
use crate::support::*;

const PRIORITY: &str = "rank score normalizedScore tied
    finding { id title source themes forum { slug name } }
    round { id title method closedAt result { turnout } }
    improvements { id title status }";

const AGREED: &str = "agreedAt
    improvement { id title status forum { slug } }
    findings { id title source }
    latestProgress { note percentComplete status createdAt }";

/// `forum(slug) { priorities(...) }` as `token`; the whole body.
async fn forum_priorities(
    app: &TestApp,
    token: Option<&str>,
    slug: &str,
    theme: Option<&str>,
    first: Option<i64>,
) -> Value {
    let query = format!(
        "query($slug: String!, $theme: String, $first: Int) {{ forum(slug: $slug) {{ priorities(theme: $theme, first: $first) {{ {PRIORITY} }} }} }}"
    );
    app.graphql(
        token,
        &query,
        json!({ "slug": slug, "theme": theme, "first": first }),
    )
    .await
}

/// Root `priorities(forumId)` as `token`; the whole body.
async fn root_priorities(
    app: &TestApp,
    token: &str,
    forum_id: &str,
    theme: Option<&str>,
    first: Option<i64>,
) -> Value {
    let query = format!(
        "query($forumId: ID, $theme: String, $first: Int) {{ priorities(forumId: $forumId, theme: $theme, first: $first) {{ {PRIORITY} }} }}"
    );
    let variables = json!({ "forumId": forum_id, "theme": theme, "first": first });
    app.graphql(Some(token), &query, variables).await
}

async fn forum_agreed(app: &TestApp, token: Option<&str>, slug: &str) -> Value {
    let query = format!("query($slug: String!) {{ forum(slug: $slug) {{ youSaidWeDid {{ {AGREED} }} }} }}");
    app.graphql(token, &query, json!({ "slug": slug })).await
}

async fn root_agreed(app: &TestApp, token: &str, forum_id: &str) -> Value {
    let query = format!("query($forumId: ID) {{ youSaidWeDid(forumId: $forumId) {{ {AGREED} }} }}");
    app.graphql(Some(token), &query, json!({ "forumId": forum_id }))
        .await
}

fn ok(body: &Value) {
    assert!(body.get("errors").is_none(), "{body}");
}

/// The first error's code, or none.
fn code(body: &Value) -> Value {
    body["errors"][0]["extensions"]["code"].clone()
}

/// A closed ranked round over `ids` in `forum`, voted by its first member.
async fn ranked_and_closed(app: &TestApp, s: &Scene, ids: &[String]) -> String {
    let token = &s.facilitator.access_token;
    let round_id = open_id(app, token, &s.forum_id, ids, "RANKED", json!({})).await;
    let marks: Vec<(&str, i64)> = ids.iter().map(String::as_str).zip(1..).collect();
    vote(app, &s.members[0], &round_id, &marks).await;
    close(app, token, &round_id).await;
    round_id
}

#[tokio::test]
async fn a_forums_priorities_are_the_root_priorities_of_that_forum() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 2).await;
    let other = scene(&app, "parents", 1).await;
    let token = s.facilitator.access_token.clone();
    let ids = findings(&app, &token, &s.forum_id, 4).await;
    let themed = with(
        finding_input(&s.forum_id, "Buses are late"),
        json!({ "themes": ["transport"] }),
    );
    let themed = added(&app, &token, themed).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut ranked = ids.clone();
    ranked.push(themed);
    ranked_and_closed(&app, &s, &ranked).await;
    let other_ids = findings(&app, &other.facilitator.access_token, &other.forum_id, 2).await;
    ranked_and_closed(&app, &other, &other_ids).await;

    for who in [&s.members[1], &s.admin] {
        for (theme, first) in [
            (None, None),
            (None, Some(2)),
            (Some("transport"), None),
            (Some("none"), Some(500)),
        ] {
            let by_slug = forum_priorities(&app, Some(&who.access_token), "carers", theme, first).await;
            let by_id = root_priorities(&app, &who.access_token, &s.forum_id, theme, first).await;
            ok(&by_slug);
            ok(&by_id);
            assert_eq!(
                by_slug["data"]["forum"]["priorities"],
                by_id["data"]["priorities"]
            );
        }
    }
    let all = forum_priorities(&app, Some(&token), "carers", None, None).await;
    assert_eq!(all["data"]["forum"]["priorities"].as_array().unwrap().len(), 5);
    let themed = forum_priorities(&app, Some(&token), "carers", Some("transport"), None).await;
    assert_eq!(themed["data"]["forum"]["priorities"].as_array().unwrap().len(), 1);
    // The same limits as the root field.
    for first in [0, 501] {
        let by_slug = forum_priorities(&app, Some(&token), "carers", None, Some(first)).await;
        let by_id = root_priorities(&app, &token, &s.forum_id, None, Some(first)).await;
        assert_eq!(code(&by_slug), code(&by_id), "{by_slug}");
        assert_eq!(code(&by_slug), "BAD_USER_INPUT", "{by_slug}");
    }
}

#[tokio::test]
async fn a_forums_you_said_we_did_is_the_root_one_of_that_forum() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let other = stage(&app, "parents", 1).await;
    for (stage, title) in [(&st, "Easy read letters"), (&other, "Ramps")] {
        let improvement = proposed(
            &app,
            &stage.s.members[0],
            &stage.s.forum_id,
            title,
            &[&stage.finding],
        )
        .await;
        agree(&app, stage, improvement["id"].as_str().unwrap()).await;
    }
    let member = &st.s.members[0];
    let by_slug = forum_agreed(&app, Some(&member.access_token), "carers").await;
    let by_id = root_agreed(&app, &member.access_token, &st.s.forum_id).await;
    ok(&by_slug);
    ok(&by_id);
    let entries = &by_slug["data"]["forum"]["youSaidWeDid"];
    assert_eq!(entries.as_array().unwrap().len(), 1, "{entries}");
    assert_eq!(entries, &by_id["data"]["youSaidWeDid"]);
    assert_eq!(entries[0]["improvement"]["title"], "Easy read letters");
}

#[tokio::test]
async fn outsiders_cannot_read_them_any_more_than_the_rest_of_a_forums_insides() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let other = scene(&app, "parents", 1).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 2).await;
    ranked_and_closed(&app, &s, &ids).await;
    let rounds = "query($slug: String!) { forum(slug: $slug) { rounds { id } } }";
    let tokens = [
        None,
        Some(outsider.access_token.as_str()),
        Some(other.members[0].access_token.as_str()),
        Some(other.facilitator.access_token.as_str()),
    ];
    for token in tokens {
        let insides = app.graphql(token, rounds, json!({ "slug": "carers" })).await;
        let expected = code(&insides);
        assert!(expected.is_string(), "{insides}");
        for body in [
            forum_priorities(&app, token, "carers", None, None).await,
            forum_agreed(&app, token, "carers").await,
        ] {
            assert_eq!(code(&body), expected, "{body}");
            assert_eq!(
                body["errors"][0]["message"], insides["errors"][0]["message"],
                "{body}"
            );
            assert!(body["data"]["forum"].is_null(), "{body}");
        }
    }
}

#[tokio::test]
async fn kept_forum_answers_show_new_priorities_and_agreed_improvements() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let token = st.s.admin.access_token.clone();
    let ids = findings(&app, &st.s.facilitator.access_token, &st.s.forum_id, 2).await;
    let empty = forum_priorities(&app, Some(&token), "carers", None, None).await;
    assert_eq!(empty["data"]["forum"]["priorities"], json!([]), "{empty}");
    assert_eq!(
        forum_priorities(&app, Some(&token), "carers", None, None).await,
        empty
    );
    ranked_and_closed(&app, &st.s, &ids).await;
    let after = forum_priorities(&app, Some(&token), "carers", None, None).await;
    assert_eq!(
        after["data"]["forum"]["priorities"].as_array().unwrap().len(),
        2,
        "{after}"
    );

    let none = forum_agreed(&app, Some(&token), "carers").await;
    assert_eq!(none["data"]["forum"]["youSaidWeDid"], json!([]), "{none}");
    assert_eq!(forum_agreed(&app, Some(&token), "carers").await, none);
    let improvement = proposed(
        &app,
        &st.s.members[0],
        &st.s.forum_id,
        "Easy read",
        &[&st.finding],
    )
    .await;
    agree(&app, &st, improvement["id"].as_str().unwrap()).await;
    let after = forum_agreed(&app, Some(&token), "carers").await;
    assert_eq!(
        after["data"]["forum"]["youSaidWeDid"].as_array().unwrap().len(),
        1,
        "{after}"
    );
}
