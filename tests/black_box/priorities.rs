//! `priorities`: each readable forum's latest closed ranking, comparable across forums.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

/// Runs our `Priorities` document; returns the whole body.
async fn priorities(app: &TestApp, token: Option<&str>, variables: Value) -> Value {
    app.graphql(token, PRIORITIES, variables).await
}

/// The entries `token` gets (which must succeed).
async fn entries(app: &TestApp, token: &str, variables: Value) -> Vec<Value> {
    let body = priorities(app, Some(token), variables).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["priorities"].as_array().unwrap().clone()
}

/// (forum slug, finding id, rank, normalizedScore) of each entry.
fn summary(entries: &[Value]) -> Vec<(String, String, u64, f64)> {
    entries
        .iter()
        .map(|e| {
            (
                e["finding"]["forum"]["slug"].as_str().unwrap().to_owned(),
                e["finding"]["id"].as_str().unwrap().to_owned(),
                e["rank"].as_u64().unwrap(),
                e["normalizedScore"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn row(slug: &str, finding: &str, rank: u64, normalized: f64) -> (String, String, u64, f64) {
    (slug.to_owned(), finding.to_owned(), rank, normalized)
}

/// Opens a SCHULZE round over `order` and has `voter` rank them in that
/// order (so the ranking is `order`); returns the round id, still open.
async fn ranked_round(app: &TestApp, s: &Scene, voter: &Session, order: &[String]) -> String {
    let round_id = open_id(
        app,
        &s.facilitator.access_token,
        &s.forum_id,
        order,
        "RANKED",
        json!({}),
    )
    .await;
    let marks: Vec<(&str, i64)> = order.iter().map(String::as_str).zip(1..).collect();
    vote(app, voter, &round_id, &marks).await;
    round_id
}

/// A forum `slug` with `n` findings and a closed round ranking them oldest first.
async fn ranked_forum(app: &TestApp, slug: &str, n: usize) -> (Scene, Vec<String>) {
    let s = scene(app, slug, 1).await;
    let ids = findings(app, &s.facilitator.access_token, &s.forum_id, n).await;
    let round_id = ranked_round(app, &s, &s.members[0], &ids).await;
    close(app, &s.facilitator.access_token, &round_id).await;
    (s, ids)
}

#[tokio::test]
async fn priorities_follow_each_forums_most_recently_closed_round() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let f = findings(&app, &s.facilitator.access_token, &s.forum_id, 4).await;
    let voter = &s.members[0];
    // Opened first, closed last: it is the most recently closed.
    let latest = ranked_round(&app, &s, voter, &[f[3].clone(), f[2].clone(), f[1].clone()]).await;
    let earlier = ranked_round(&app, &s, voter, &[f[0].clone(), f[1].clone(), f[2].clone()]).await;
    close(&app, &s.facilitator.access_token, &earlier).await;
    close(&app, &s.facilitator.access_token, &latest).await;
    ranked_round(&app, &s, voter, &[f[0].clone(), f[3].clone()]).await;

    let got = entries(&app, &s.admin.access_token, json!({ "forumId": s.forum_id })).await;
    assert_eq!(
        summary(&got),
        vec![
            row("carers", &f[3], 1, 1.0),
            row("carers", &f[2], 2, 0.5),
            row("carers", &f[1], 3, 0.0),
        ]
    );
    assert!(got.iter().all(|e| e["round"]["id"] == latest.as_str()), "{got:?}");
    assert_eq!(
        got.iter()
            .map(|e| e["score"].as_f64().unwrap())
            .collect::<Vec<_>>(),
        vec![2.0, 1.0, 0.0]
    );
    assert!(got.iter().all(|e| e["tied"] == false));
}

#[tokio::test]
async fn each_entry_names_its_finding_forum_and_round() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 3).await;
    let token = &s.facilitator.access_token;
    let input = with(
        finding_input(&s.forum_id, "Discharge delays"),
        json!({ "source": "SURVEY", "themes": ["Discharge", "carers"], "receivedAt": received(0) }),
    );
    let first = added(&app, token, input).await["id"].as_str().unwrap().to_owned();
    let second = finding_at(&app, token, &s.forum_id, "Parking", &received(1)).await;
    let ids = [first.clone(), second.clone()];
    let round_id = ranked_round(&app, &s, &s.members[0], &ids).await;
    vote(&app, &s.members[1], &round_id, &[(first.as_str(), 1)]).await;
    let closed = close(&app, token, &round_id).await;
    assert_eq!(closed["state"], "CLOSED");

    let got = entries(&app, &s.members[2].access_token, json!({})).await;
    assert_eq!(got.len(), 2, "{got:?}");
    let top = &got[0];
    assert_eq!(top["rank"], 1);
    assert_eq!(top["score"], 1.0);
    assert_eq!(top["normalizedScore"], 1.0);
    assert_eq!(top["tied"], false);
    assert_eq!(
        top["finding"],
        json!({
            "id": first, "title": "Discharge delays", "source": "SURVEY", "themes": ["carers", "discharge"],
            "forum": { "slug": "carers", "name": "Forum carers" },
        })
    );
    assert_eq!(top["round"]["id"], round_id.as_str());
    assert_eq!(top["round"]["title"], "Spring priorities");
    assert_eq!(top["round"]["method"], "RANKED");
    assert!(top["round"]["closedAt"].is_string(), "{top}");
    // Two ballots from a facilitator and three members.
    assert_eq!(top["round"]["result"]["turnout"], 0.5);
    assert_eq!(got[1]["finding"]["id"], second.as_str());
    assert_eq!(got[1]["normalizedScore"], 0.0);
}

#[tokio::test]
async fn forums_merge_by_normalized_score_then_slug_then_rank() {
    let app = spawn_app().await;
    let (beta, b) = ranked_forum(&app, "beta", 3).await;
    let (alpha, a) = ranked_forum(&app, "alpha", 5).await;
    let officer = app.officer(&alpha.admin).await;
    let expected = vec![
        row("alpha", &a[0], 1, 1.0),
        row("beta", &b[0], 1, 1.0),
        row("alpha", &a[1], 2, 0.75),
        row("alpha", &a[2], 3, 0.5),
        row("beta", &b[1], 2, 0.5),
        row("alpha", &a[3], 4, 0.25),
        row("alpha", &a[4], 5, 0.0),
        row("beta", &b[2], 3, 0.0),
    ];
    assert_eq!(
        summary(&entries(&app, &officer.access_token, json!({})).await),
        expected
    );

    let only_beta = entries(&app, &officer.access_token, json!({ "forumId": beta.forum_id })).await;
    assert_eq!(
        summary(&only_beta),
        vec![
            row("beta", &b[0], 1, 1.0),
            row("beta", &b[1], 2, 0.5),
            row("beta", &b[2], 3, 0.0)
        ]
    );
}

#[tokio::test]
async fn the_theme_filter_keeps_the_ranks_of_the_round() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let token = &s.facilitator.access_token;
    let mut ids = Vec::new();
    for (i, themes) in [
        json!(["transport"]),
        json!(["Housing"]),
        json!([]),
        json!(["housing", "access"]),
    ]
    .into_iter()
    .enumerate()
    {
        let input = with(
            finding_input(&s.forum_id, &format!("Finding {i}")),
            json!({ "themes": themes, "receivedAt": received(i) }),
        );
        ids.push(added(&app, token, input).await["id"].as_str().unwrap().to_owned());
    }
    let round_id = ranked_round(&app, &s, &s.members[0], &ids).await;
    close(&app, token, &round_id).await;

    let housing = entries(&app, token, json!({ "theme": "HOUSING" })).await;
    assert_eq!(
        summary(&housing),
        vec![
            row("carers", &ids[1], 2, 2.0 / 3.0),
            row("carers", &ids[3], 4, 0.0)
        ]
    );
    let scoped = entries(&app, token, json!({ "theme": "access", "forumId": s.forum_id })).await;
    assert_eq!(summary(&scoped), vec![row("carers", &ids[3], 4, 0.0)]);
    assert!(
        entries(&app, token, json!({ "theme": "parking" }))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn first_defaults_to_50_and_may_be_1_to_500() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 60).await;
    let round_id = open_id(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        &ids,
        "APPROVAL",
        json!({}),
    )
    .await;
    close(&app, &s.facilitator.access_token, &round_id).await;
    let token = &s.admin.access_token;

    let all = entries(&app, token, json!({})).await;
    assert_eq!(all.len(), 50);
    // Nobody voted: all 60 share the first rank, oldest first.
    assert!(
        all.iter()
            .all(|e| e["rank"] == 1 && e["tied"] == true && e["normalizedScore"] == 1.0)
    );
    let in_order: Vec<&str> = all.iter().map(|e| e["finding"]["id"].as_str().unwrap()).collect();
    assert_eq!(in_order, ids[..50].iter().map(String::as_str).collect::<Vec<_>>());
    for (first, len) in [(1, 1), (60, 60), (500, 60)] {
        assert_eq!(entries(&app, token, json!({ "first": first })).await.len(), len);
    }
    for first in [0, 501, -1] {
        assert_bad_input(
            &priorities(&app, Some(token), json!({ "first": first })).await,
            "first",
        );
    }
}

#[tokio::test]
async fn members_see_their_forums_and_officers_see_every_forum() {
    let app = spawn_app().await;
    let (alpha, a) = ranked_forum(&app, "alpha", 2).await;
    let (beta, b) = ranked_forum(&app, "beta", 2).await;
    let officer = app.officer(&alpha.admin).await;
    let token = api_token(&app, &officer).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;

    let every = vec![a[0].clone(), b[0].clone(), a[1].clone(), b[1].clone()];
    for reader in [&officer.access_token, &token, &alpha.admin.access_token] {
        let got = entries(&app, reader, json!({})).await;
        let ids: Vec<String> = summary(&got).into_iter().map(|r| r.1).collect();
        assert_eq!(ids, every);
    }
    let mine = entries(&app, &alpha.members[0].access_token, json!({})).await;
    assert_eq!(
        summary(&mine),
        vec![row("alpha", &a[0], 1, 1.0), row("alpha", &a[1], 2, 0.0)]
    );
    assert!(entries(&app, &outsider.access_token, json!({})).await.is_empty());

    let beta_only = json!({ "forumId": beta.forum_id });
    let body = priorities(&app, Some(&alpha.members[0].access_token), beta_only.clone()).await;
    assert_code(&body, "FORBIDDEN");
    assert_code(
        &priorities(&app, Some(&outsider.access_token), beta_only).await,
        "FORBIDDEN",
    );
    assert_code(&priorities(&app, None, json!({})).await, "UNAUTHENTICATED");
    let unknown = json!({ "forumId": uuid::Uuid::new_v4().to_string() });
    assert_code(
        &priorities(&app, Some(&officer.access_token), unknown).await,
        "NOT_FOUND",
    );
    let malformed = json!({ "forumId": "alpha" });
    assert_bad_input(
        &priorities(&app, Some(&officer.access_token), malformed).await,
        "forumId",
    );
}

#[tokio::test]
async fn a_forum_without_a_closed_round_has_no_priorities() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 2).await;
    ranked_round(&app, &s, &s.members[0], &ids).await;
    assert!(entries(&app, &s.admin.access_token, json!({})).await.is_empty());
    let scoped = entries(&app, &s.members[0].access_token, json!({ "forumId": s.forum_id })).await;
    assert!(scoped.is_empty());
}
