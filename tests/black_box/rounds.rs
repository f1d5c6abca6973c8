//! Opening prioritisation rounds: `OpenRound`, and a forum's `rounds`.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

#[tokio::test]
async fn a_facilitator_opens_a_dot_round_with_the_defaults() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let token = &s.facilitator.access_token;
    // Added newest first: the round lists them oldest received first.
    let newer = finding_at(&app, token, &s.forum_id, "Newer", "2025-03-01T00:00:00Z").await;
    let older = finding_at(&app, token, &s.forum_id, "Older", "2025-01-01T00:00:00Z").await;
    let middle = finding_at(&app, token, &s.forum_id, "Middle", "2025-02-01T00:00:00Z").await;
    let ids = [newer.clone(), older.clone(), middle.clone()];
    let round = open(&app, token, &s.forum_id, &ids, "DOT", json!({})).await;
    assert!(round["id"].is_string(), "{round}");
    assert_eq!(round["title"], "Spring priorities");
    assert_eq!(round["state"], "OPEN");
    assert_eq!(round["method"], "DOT");
    assert_eq!(round["tally"], Value::Null);
    assert_eq!(round["budget"], 10);
    assert_eq!(round["maxPerItem"], 10);
    assert_eq!(round["secret"], true);
    assert_eq!(round["hideResultsUntilClosed"], true);
    assert_eq!(round["closesAt"], Value::Null);
    assert_eq!(
        round["findings"],
        json!([{ "id": older }, { "id": middle }, { "id": newer }])
    );
}

#[tokio::test]
async fn options_given_are_kept() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let token = &s.facilitator.access_token;
    let ids = findings(&app, token, &s.forum_id, 2).await;
    let closes_at = Utc::now() + Duration::days(7);
    let extra = json!({
        "budget": 25, "maxPerItem": 5, "secret": false, "hideResultsUntilClosed": false,
        "closesAt": closes_at.to_rfc3339(),
    });
    let round = open(&app, token, &s.forum_id, &ids, "DOT", extra).await;
    assert_eq!(round["budget"], 25);
    assert_eq!(round["maxPerItem"], 5);
    assert_eq!(round["secret"], false);
    assert_eq!(round["hideResultsUntilClosed"], false);
    assert!(
        (time(&round["closesAt"]) - closes_at).num_seconds().abs() < 1,
        "{round}"
    );
    let round = open(&app, token, &s.forum_id, &ids, "DOT", json!({ "budget": 1000 })).await;
    assert_eq!(
        (round["budget"].clone(), round["maxPerItem"].clone()),
        (json!(1000), json!(1000))
    );
}

#[tokio::test]
async fn ranked_rounds_default_to_schulze_and_other_methods_have_no_tally() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let token = &s.facilitator.access_token;
    let ids = findings(&app, token, &s.forum_id, 2).await;
    let ranked = open(&app, token, &s.forum_id, &ids, "RANKED", json!({})).await;
    assert_eq!(ranked["tally"], "SCHULZE");
    let borda = open(
        &app,
        token,
        &s.forum_id,
        &ids,
        "RANKED",
        json!({ "tally": "BORDA" }),
    )
    .await;
    assert_eq!(borda["tally"], "BORDA");
    for method in ["APPROVAL", "SCORE"] {
        let round = open(&app, token, &s.forum_id, &ids, method, json!({})).await;
        assert_eq!(round["method"], method);
        assert_eq!(round["tally"], Value::Null, "{round}");
        assert_eq!(round["budget"], Value::Null, "{round}");
        assert_eq!(round["maxPerItem"], Value::Null, "{round}");
    }
    for round in [&ranked, &borda] {
        assert_eq!(round["budget"], Value::Null, "{round}");
    }
}

#[tokio::test]
async fn an_admin_who_is_not_a_member_opens_a_round() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let ids = findings(&app, &s.admin.access_token, &s.forum_id, 2).await;
    let round = open(
        &app,
        &s.admin.access_token,
        &s.forum_id,
        &ids,
        "APPROVAL",
        json!({}),
    )
    .await;
    assert_eq!(round["state"], "OPEN");
    assert_eq!(
        rounds_of(&app, &s.admin.access_token, "carers").await[0]["id"],
        round["id"]
    );
}

#[tokio::test]
async fn members_officers_outsiders_and_api_tokens_open_no_rounds() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let officer = app.officer(&s.admin).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let token = api_token(&app, &officer).await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 2).await;
    let input = round_input(&s.forum_id, &ids, "APPROVAL");
    for caller in [
        s.members[0].access_token.as_str(),
        &officer.access_token,
        &outsider.access_token,
        &token,
    ] {
        assert_code(&open_round(&app, Some(caller), input.clone()).await, "FORBIDDEN");
    }
    assert_code(&open_round(&app, None, input).await, "UNAUTHENTICATED");
    assert_eq!(rounds_of(&app, &s.admin.access_token, "carers").await, json!([]));
}

#[tokio::test]
async fn a_round_in_an_unknown_forum_is_not_found() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let ids = findings(&app, &s.admin.access_token, &s.forum_id, 2).await;
    let unknown = uuid::Uuid::new_v4().to_string();
    let body = open_round(
        &app,
        Some(&s.admin.access_token),
        round_input(&unknown, &ids, "DOT"),
    )
    .await;
    assert_code(&body, "NOT_FOUND");
    let body = open_round(
        &app,
        Some(&s.admin.access_token),
        round_input("nope", &ids, "DOT"),
    )
    .await;
    assert_bad_input(&body, "forumId");
    assert_eq!(rounds_of(&app, &s.admin.access_token, "carers").await, json!([]));
}

#[tokio::test]
async fn a_round_holds_2_to_500_distinct_findings_of_its_own_forum() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let token = &s.facilitator.access_token;
    let ids = findings(&app, token, &s.forum_id, 501).await;
    let other_forum = app.forum(&s.admin, "elsewhere").await;
    let foreign = finding_at(
        &app,
        &s.admin.access_token,
        &other_forum,
        "Elsewhere",
        &received(0),
    )
    .await;

    let refused = [
        vec![ids[0].clone()],
        ids.clone(),
        vec![ids[0].clone(), ids[1].clone(), ids[0].clone()],
        vec![ids[0].clone(), foreign],
        vec![ids[0].clone(), "not-an-id".to_owned()],
        vec![ids[0].clone(), uuid::Uuid::new_v4().to_string()],
    ];
    for finding_ids in refused {
        let body = open_round(
            &app,
            Some(token),
            round_input(&s.forum_id, &finding_ids, "APPROVAL"),
        )
        .await;
        assert_bad_input(&body, "findingIds");
    }
    assert_eq!(rounds_of(&app, token, "carers").await, json!([]));

    for n in [2, 500] {
        let round = open(&app, token, &s.forum_id, &ids[..n], "APPROVAL", json!({})).await;
        assert_eq!(round["findings"].as_array().unwrap().len(), n);
    }
    assert_eq!(
        rounds_of(&app, token, "carers").await.as_array().unwrap().len(),
        2
    );
}

#[tokio::test]
async fn method_options_must_fit_the_method() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let token = &s.facilitator.access_token;
    let ids = findings(&app, token, &s.forum_id, 3).await;
    let past = (Utc::now() - Duration::minutes(1)).to_rfc3339();
    let refused = [
        ("APPROVAL", json!({ "budget": 5 }), "budget"),
        ("SCORE", json!({ "maxPerItem": 2 }), "budget"),
        ("RANKED", json!({ "budget": 5 }), "budget"),
        ("DOT", json!({ "tally": "BORDA" }), "tally"),
        ("APPROVAL", json!({ "tally": "SCHULZE" }), "tally"),
        ("DOT", json!({ "budget": 0 }), "budget"),
        ("DOT", json!({ "budget": 1001 }), "budget"),
        ("DOT", json!({ "budget": -3 }), "budget"),
        ("DOT", json!({ "budget": 5, "maxPerItem": 6 }), "maxPerItem"),
        ("DOT", json!({ "maxPerItem": 11 }), "maxPerItem"),
        ("DOT", json!({ "maxPerItem": 0 }), "maxPerItem"),
        ("APPROVAL", json!({ "closesAt": past }), "closesAt"),
    ];
    for (method, extra, field) in refused {
        let input = with(round_input(&s.forum_id, &ids, method), extra.clone());
        let body = open_round(&app, Some(token), input).await;
        assert_eq!(
            body["errors"][0]["extensions"]["field"], field,
            "{method} {extra}: {body}"
        );
        assert_code(&body, "BAD_USER_INPUT");
    }
    assert_eq!(rounds_of(&app, token, "carers").await, json!([]));
}

#[tokio::test]
async fn a_round_needs_a_title_of_3_to_200_characters() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let token = &s.facilitator.access_token;
    let ids = findings(&app, token, &s.forum_id, 2).await;
    for title in ["ab".to_owned(), "x".repeat(201)] {
        let input = with(round_input(&s.forum_id, &ids, "SCORE"), json!({ "title": title }));
        assert_bad_input(&open_round(&app, Some(token), input).await, "title");
    }
    assert_eq!(rounds_of(&app, token, "carers").await, json!([]));
}

#[tokio::test]
async fn the_forum_lists_its_rounds_newest_first() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let token = &s.facilitator.access_token;
    let ids = findings(&app, token, &s.forum_id, 2).await;
    let mut opened = Vec::new();
    for (i, method) in ["DOT", "APPROVAL", "SCORE", "RANKED"].into_iter().enumerate() {
        let input = with(
            round_input(&s.forum_id, &ids, method),
            json!({ "title": format!("Round {i}") }),
        );
        let data = app.ok(Some(token), "OpenRound", json!({ "input": input })).await;
        opened.push(json!({
            "id": data["openRound"]["id"], "title": format!("Round {i}"), "state": "OPEN", "method": method,
        }));
    }
    opened.reverse();
    let rounds = rounds_of(&app, &s.members[0].access_token, "carers").await;
    assert_eq!(rounds, json!(opened));
}

#[tokio::test]
async fn members_and_officers_read_a_round_others_are_told_it_does_not_exist() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let officer = app.officer(&s.admin).await;
    let token = api_token(&app, &officer).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 2).await;
    let round_id = open_id(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        &ids,
        "RANKED",
        json!({}),
    )
    .await;

    for reader in [
        &s.members[0].access_token,
        &officer.access_token,
        &token,
        &s.admin.access_token,
    ] {
        let seen = app.ok(Some(reader), "Round", json!({ "id": round_id })).await;
        assert_eq!(seen["round"]["id"], round_id.as_str());
        assert_eq!(seen["round"]["state"], "OPEN");
        assert_eq!(seen["round"]["method"], "RANKED");
        assert_eq!(seen["round"]["tally"], "SCHULZE");
        assert_eq!(seen["round"]["ballotCount"], 0);
        assert_eq!(seen["round"]["eligibleCount"], 2);
    }
    let body = app
        .op(Some(&outsider.access_token), "Round", json!({ "id": round_id }))
        .await;
    assert_code(&body, "NOT_FOUND");
    assert_code(
        &app.op(None, "Round", json!({ "id": round_id })).await,
        "UNAUTHENTICATED",
    );
    let unknown = uuid::Uuid::new_v4().to_string();
    assert_code(
        &app.op(Some(&s.admin.access_token), "Round", json!({ "id": unknown }))
            .await,
        "NOT_FOUND",
    );
    assert_bad_input(
        &app.op(Some(&s.admin.access_token), "Round", json!({ "id": "r1" }))
            .await,
        "id",
    );
    let query = "query($slug: String!) { forum(slug: $slug) { rounds { id } } }";
    let body = app
        .graphql(Some(&outsider.access_token), query, json!({ "slug": "carers" }))
        .await;
    assert_code(&body, "FORBIDDEN");
}

#[tokio::test]
async fn only_facilitators_and_admins_close_a_round_and_only_once() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let officer = app.officer(&s.admin).await;
    let token = api_token(&app, &officer).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 2).await;
    let round_id = open_id(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        &ids,
        "APPROVAL",
        json!({}),
    )
    .await;
    vote(&app, &s.members[0], &round_id, &[(ids[1].as_str(), 1)]).await;

    for (caller, code) in [
        (Some(s.members[0].access_token.as_str()), "FORBIDDEN"),
        (Some(officer.access_token.as_str()), "FORBIDDEN"),
        (Some(token.as_str()), "FORBIDDEN"),
        (Some(outsider.access_token.as_str()), "NOT_FOUND"),
        (None, "UNAUTHENTICATED"),
    ] {
        assert_code(&close_round(&app, caller, &round_id).await, code);
        let state = round_result(&app, &s.admin.access_token, &round_id).await;
        assert_eq!(state["state"], "OPEN", "after a refused close by {code}");
        assert_eq!(state["closedAt"], Value::Null);
    }
    assert_bad_input(
        &close_round(&app, Some(&s.admin.access_token), "nope").await,
        "id",
    );

    let closed = close(&app, &s.admin.access_token, &round_id).await;
    assert_eq!(closed["state"], "CLOSED");
    let before = round_result(&app, &s.facilitator.access_token, &round_id).await;
    for closer in [&s.facilitator, &s.admin] {
        let body = close_round(&app, Some(&closer.access_token), &round_id).await;
        assert_code(&body, "CONFLICT");
    }
    let after = round_result(&app, &s.facilitator.access_token, &round_id).await;
    assert_eq!(after, before);
}
