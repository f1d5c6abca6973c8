//! What a document may cost: fragments that multiply are measured before
//! anything walks them, every list weighs what it may hold, and no answer
//! to a query is larger than the response limit.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

/// Each fragment spreads the next twice: 2^levels fields once expanded.
fn fragment_bomb(levels: usize) -> String {
    let mut query = String::from("{ forums { ...F0 } } ");
    for i in 0..levels {
        query.push_str(&format!(
            "fragment F{i} on Forum {{ ...F{n} ...F{n} }} ",
            n = i + 1
        ));
    }
    query.push_str(&format!("fragment F{levels} on Forum {{ id }}"));
    query
}

#[tokio::test]
async fn fragments_that_double_at_each_level_are_refused_within_a_second() {
    let app = spawn_app().await;
    let started = Instant::now();
    let bomb = fragment_bomb(28);
    let health = async {
        let started = Instant::now();
        let response = app.client.get(app.url("/health")).send().await.unwrap();
        (response.status(), started.elapsed())
    };
    let (first, second, (status, health_took)) = tokio::join!(
        app.graphql(None, &bomb, json!({})),
        app.graphql(None, &bomb, json!({})),
        health
    );
    let took = started.elapsed();
    for body in [&first, &second] {
        let error = assert_code(body, "BAD_USER_INPUT");
        assert!(error["message"].as_str().unwrap().contains("fields"), "{body}");
        assert!(body["data"].is_null(), "nothing ran: {body}");
    }
    assert!(took < Duration::from_secs(1), "two bombs took {took:?}");
    assert_eq!(status, 200);
    assert!(
        health_took < Duration::from_secs(1),
        "/health took {health_took:?}"
    );
}

#[tokio::test]
async fn a_document_within_the_field_limit_still_runs_and_one_past_it_does_not() {
    let app = spawn_app_with(|c| c.limits.max_fields = 9).await;
    // forums + 2^3 ids = 9 fields.
    let body = app.graphql(None, &fragment_bomb(3), json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    let body = app.graphql(None, &fragment_bomb(4), json!({})).await;
    assert_code(&body, "BAD_USER_INPUT");
}

#[tokio::test]
async fn fragments_that_spread_each_other_in_a_cycle_are_refused() {
    let app = spawn_app().await;
    let query = "{ forums { ...A } }
        fragment A on Forum { id ...B }
        fragment B on Forum { slug ...A }";
    let body = app.graphql(None, query, json!({})).await;
    let error = assert_code(&body, "BAD_USER_INPUT");
    assert!(
        error["message"].as_str().unwrap().contains("spreads itself"),
        "{body}"
    );
    // The server is still there.
    let health = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

/// A forum with a round over `findings` findings.
async fn forum_with_a_round(app: &TestApp, findings: usize) -> (Scene, String) {
    let s = scene(app, "inspire", 0).await;
    let ids = crate::support::findings(app, &s.facilitator.access_token, &s.forum_id, findings).await;
    let round = open_id(
        app,
        &s.facilitator.access_token,
        &s.forum_id,
        &ids,
        "APPROVAL",
        json!({}),
    )
    .await;
    (s, round)
}

#[tokio::test]
async fn a_forum_s_rounds_with_all_their_findings_weigh_what_rounds_may_hold() {
    let app = spawn_app().await;
    let (s, _) = forum_with_a_round(&app, 3).await;
    // Small today, but a forum may hold a hundred rounds of 500 findings each.
    let query = r#"{ forum(slug: "inspire") { rounds { findings { id title body } } } }"#;
    let body = app
        .graphql(Some(&s.facilitator.access_token), query, json!({}))
        .await;
    let error = assert_code(&body, "BAD_USER_INPUT");
    assert!(error["message"].as_str().unwrap().contains("complex"), "{body}");
    // One round's findings, addressed by the round, are fine.
    let rounds = rounds_of(&app, &s.facilitator.access_token, "inspire").await;
    let round_id = rounds[0]["id"].as_str().unwrap();
    let query = "query($id: ID!) { round(id: $id) { findings { id title body } } }";
    let body = app
        .graphql(
            Some(&s.facilitator.access_token),
            query,
            json!({ "id": round_id }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["round"]["findings"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_contract_s_largest_reads_fit_the_complexity_limit() {
    let app = spawn_app().await;
    let (s, round) = forum_with_a_round(&app, 2).await;
    let token = s.facilitator.access_token.clone();
    close(&app, &token, &round).await;
    let reads = [
        ("ForumBySlug", json!({ "slug": "inspire", "first": 100 })),
        ("Priorities", json!({ "first": 500 })),
        (
            "ThemeTrends",
            json!({ "from": "2016-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z" }),
        ),
        ("YouSaidWeDid", json!({})),
        ("Me", json!({})),
        ("Forums", json!({})),
        ("Round", json!({ "id": round })),
    ];
    for (name, variables) in reads {
        app.ok(Some(&s.admin.access_token), name, variables).await;
    }
}

#[tokio::test]
async fn an_answer_larger_than_the_response_limit_is_refused_and_a_mutation_s_is_not() {
    let app = spawn_app_with(|c| c.limits.max_response_bytes = 4_000).await;
    let s = scene(&app, "inspire", 0).await;
    let token = s.facilitator.access_token.clone();
    let long_body = "A ramp is needed at the day centre. ".repeat(150);
    let input = with(
        finding_input(&s.forum_id, "No ramp at the day centre"),
        json!({ "body": long_body }),
    );
    // The mutation has run by the time its answer is made: it answers whole.
    let added = add_finding(&app, Some(&token), input).await;
    assert!(added.get("errors").is_none(), "{added}");
    let id = added["data"]["addFinding"]["id"].as_str().unwrap().to_owned();

    let body = app.op(Some(&token), "Finding", json!({ "id": id })).await;
    let error = assert_code(&body, "BAD_USER_INPUT");
    assert!(
        error["message"].as_str().unwrap().contains("4000 bytes"),
        "{body}"
    );
    assert!(body["data"].is_null(), "{body}");

    // Under the limit, the same read answers.
    let query = "query($id: ID!) { finding(id: $id) { id title } }";
    let body = app.graphql(Some(&token), query, json!({ "id": id })).await;
    assert!(body.get("errors").is_none(), "{body}");

    // A batch is refused as a whole, one error for each of its requests.
    let one = json!({ "query": operation("Finding"), "variables": { "id": id } });
    let answers: Vec<Value> = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&token)
        .json(&json!([one, one]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answers.len(), 2);
    for answer in &answers {
        assert_code(answer, "BAD_USER_INPUT");
    }
}

#[tokio::test]
async fn with_introspection_off_errors_suggest_no_field_names() {
    let misspelt = "{ forumz { id } }";
    let open = spawn_app().await;
    let body = open.graphql(None, misspelt, json!({})).await;
    let message = assert_code(&body, "BAD_USER_INPUT")["message"].to_string();
    assert!(
        message.contains("Did you mean"),
        "suggestions are on by default: {body}"
    );

    let closed = spawn_app_with(|c| c.limits.introspection = false).await;
    let body = closed.graphql(None, misspelt, json!({})).await;
    let message = assert_code(&body, "BAD_USER_INPUT")["message"].to_string();
    assert!(!message.contains("Did you mean"), "{body}");
    assert!(!message.contains("forums"), "{body}");
}
