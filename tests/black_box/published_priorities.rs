//! Priorities that mean something: only published rounds are a forum's
//! priorities; `publishPriorities`, `priorityHistory`, and a secret round's
//! running result held back under 3 ballots.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

/// `closeRound` with what says whether the round was published.
const CLOSE: &str = "mutation Close($id: ID!) {
  closeRound(id: $id) {
    id state closedAt publishedAt publishAsPriorities minTurnout
    result { turnout ranking { finding { id } } }
  }
}";

/// The round `forum_id`'s priorities come from, as `token` reads them; None
/// when it has none.
async fn priorities_round(app: &TestApp, token: &str, forum_id: &str) -> Option<String> {
    let body = app
        .graphql(Some(token), PRIORITIES, json!({ "forumId": forum_id }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let entries = body["data"]["priorities"].as_array().unwrap();
    let rounds: Vec<&str> = entries
        .iter()
        .map(|e| e["round"]["id"].as_str().unwrap())
        .collect();
    assert!(rounds.windows(2).all(|w| w[0] == w[1]), "one round: {rounds:?}");
    rounds.first().map(|id| (*id).to_owned())
}

/// `priorityHistory` as `token` reads it (which must succeed).
async fn history(app: &TestApp, token: &str, forum_id: &str) -> Vec<Value> {
    let data = app
        .ok(Some(token), "PriorityHistory", json!({ "forumId": forum_id }))
        .await;
    data["priorityHistory"].as_array().unwrap().clone()
}

fn ids_of(rounds: &[Value]) -> Vec<&str> {
    rounds.iter().map(|r| r["id"].as_str().unwrap()).collect()
}

/// A round over `ids` opened with `extra`, voted on by the first `voters`
/// members, then closed; returns its `closeRound` answer.
async fn closed_round(app: &TestApp, s: &Scene, ids: &[String], voters: usize, extra: Value) -> Value {
    let fac = &s.facilitator.access_token;
    let round_id = open_id(app, fac, &s.forum_id, ids, "APPROVAL", extra).await;
    for member in s.members.iter().take(voters) {
        vote(app, member, &round_id, &[(ids[0].as_str(), 1)]).await;
    }
    let body = app.graphql(Some(fac), CLOSE, json!({ "id": round_id })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["closeRound"].clone()
}

#[tokio::test]
async fn with_the_defaults_every_closed_round_is_published_as_it_closes() {
    let app = spawn_app().await;
    let s = scene(&app, "defaults", 1).await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 2).await;
    let first = closed_round(&app, &s, &ids, 1, json!({})).await;
    assert_eq!(first["publishAsPriorities"], true);
    assert_eq!(first["minTurnout"], 0.0);
    assert_eq!(first["publishedAt"], first["closedAt"], "published in the close");
    let member = &s.members[0].access_token;
    assert_eq!(
        priorities_round(&app, member, &s.forum_id).await.as_deref(),
        first["id"].as_str()
    );

    let second = closed_round(&app, &s, &ids, 0, json!({})).await;
    assert_eq!(
        priorities_round(&app, member, &s.forum_id).await.as_deref(),
        second["id"].as_str()
    );
    let listed = history(&app, member, &s.forum_id).await;
    assert_eq!(
        ids_of(&listed),
        [second["id"].as_str().unwrap(), first["id"].as_str().unwrap()]
    );
    assert_eq!(listed[1]["result"]["turnout"], 0.5);
    assert_eq!(
        listed[1]["result"]["ranking"][0]["finding"]["id"],
        ids[0].as_str()
    );
}

#[tokio::test]
async fn a_round_not_published_as_priorities_never_becomes_them() {
    let app = spawn_app().await;
    let s = scene(&app, "practice", 1).await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 2).await;
    let real = closed_round(&app, &s, &ids, 1, json!({})).await;
    let practice = closed_round(&app, &s, &ids, 1, json!({ "publishAsPriorities": false })).await;
    assert_eq!(practice["publishAsPriorities"], false);
    assert_eq!(practice["state"], "CLOSED");
    assert!(practice["publishedAt"].is_null(), "{practice}");
    let member = &s.members[0].access_token;
    assert_eq!(
        priorities_round(&app, member, &s.forum_id).await.as_deref(),
        real["id"].as_str()
    );
    assert_eq!(
        ids_of(&history(&app, member, &s.forum_id).await),
        [real["id"].as_str().unwrap()]
    );
}

#[tokio::test]
async fn a_round_under_its_least_turnout_is_not_published() {
    let app = spawn_app().await;
    // Four eligible: the facilitator and three members.
    let s = scene(&app, "turnout", 3).await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 2).await;
    let real = closed_round(&app, &s, &ids, 3, json!({})).await;
    let thin = closed_round(&app, &s, &ids, 1, json!({ "minTurnout": 0.5 })).await;
    assert_eq!(thin["minTurnout"], 0.5);
    assert_eq!(thin["result"]["turnout"], 0.25);
    assert!(thin["publishedAt"].is_null(), "{thin}");
    let member = &s.members[0].access_token;
    assert_eq!(
        priorities_round(&app, member, &s.forum_id).await.as_deref(),
        real["id"].as_str()
    );

    // Exactly the least turnout is enough.
    let enough = closed_round(&app, &s, &ids, 2, json!({ "minTurnout": 0.5 })).await;
    assert_eq!(enough["publishedAt"], enough["closedAt"]);
    assert_eq!(
        priorities_round(&app, member, &s.forum_id).await.as_deref(),
        enough["id"].as_str()
    );
}

#[tokio::test]
async fn a_least_turnout_outside_0_to_1_is_refused_naming_it() {
    let app = spawn_app().await;
    let s = scene(&app, "bad-turnout", 0).await;
    let fac = &s.facilitator.access_token;
    let ids = findings(&app, fac, &s.forum_id, 2).await;
    for bad in [-0.01, 1.5] {
        let input = with(
            round_input(&s.forum_id, &ids, "APPROVAL"),
            json!({ "minTurnout": bad }),
        );
        assert_bad_input(&open_round(&app, Some(fac), input).await, "minTurnout");
    }
    assert_eq!(rounds_of(&app, fac, &s.slug).await.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn publishing_an_older_round_makes_it_the_priorities_and_lists_it_first() {
    let app = spawn_app().await;
    let s = scene(&app, "republish", 1).await;
    let fac = &s.facilitator.access_token;
    let ids = findings(&app, fac, &s.forum_id, 2).await;
    let older = closed_round(&app, &s, &ids, 1, json!({})).await;
    let newer = closed_round(&app, &s, &ids, 1, json!({})).await;
    let practice = closed_round(&app, &s, &ids, 1, json!({ "publishAsPriorities": false })).await;
    let member = &s.members[0].access_token;
    // Read twice, so a kept answer would be in memory if publishing left it.
    for _ in 0..2 {
        assert_eq!(
            priorities_round(&app, member, &s.forum_id).await.as_deref(),
            newer["id"].as_str()
        );
    }

    let published = app
        .ok(Some(fac), "PublishPriorities", json!({ "roundId": older["id"] }))
        .await["publishPriorities"]
        .clone();
    assert_eq!(published["id"], older["id"]);
    assert_eq!(published["state"], "CLOSED");
    assert!(time(&published["publishedAt"]) > time(&newer["publishedAt"]));
    assert_eq!(
        priorities_round(&app, member, &s.forum_id).await.as_deref(),
        older["id"].as_str()
    );
    let listed = history(&app, member, &s.forum_id).await;
    assert_eq!(
        ids_of(&listed),
        [older["id"].as_str().unwrap(), newer["id"].as_str().unwrap()]
    );

    // A practice round may be published too, by an admin as well.
    app.ok(
        Some(&s.admin.access_token),
        "PublishPriorities",
        json!({ "roundId": practice["id"] }),
    )
    .await;
    assert_eq!(
        priorities_round(&app, member, &s.forum_id).await.as_deref(),
        practice["id"].as_str()
    );
    assert_eq!(history(&app, member, &s.forum_id).await.len(), 3);
    let audited = count_rows(
        &app,
        "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'PRIORITIES_PUBLISHED'",
    )
    .await;
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn an_open_round_cannot_be_published() {
    let app = spawn_app().await;
    let s = scene(&app, "still-open", 1).await;
    let fac = &s.facilitator.access_token;
    let ids = findings(&app, fac, &s.forum_id, 2).await;
    let real = closed_round(&app, &s, &ids, 1, json!({})).await;
    let open = open_id(&app, fac, &s.forum_id, &ids, "APPROVAL", json!({})).await;
    let body = app
        .op(Some(fac), "PublishPriorities", json!({ "roundId": open }))
        .await;
    assert_code(&body, "CONFLICT");
    let member = &s.members[0].access_token;
    assert_eq!(
        priorities_round(&app, member, &s.forum_id).await.as_deref(),
        real["id"].as_str()
    );
    assert_eq!(round(&app, fac, &open).await["state"], "OPEN");
}

#[tokio::test]
async fn a_secret_running_result_shows_to_nobody_under_three_ballots() {
    let app = spawn_app().await;
    let s = scene(&app, "secret", 3).await;
    let fac = &s.facilitator.access_token;
    let officer = app.officer(&s.admin).await;
    let ids = findings(&app, fac, &s.forum_id, 2).await;
    // Shown to members while open; hidden from members but running for
    // facilitators and officers.
    let shown = open_id(
        &app,
        fac,
        &s.forum_id,
        &ids,
        "APPROVAL",
        json!({ "hideResultsUntilClosed": false }),
    )
    .await;
    let hidden = open_id(&app, fac, &s.forum_id, &ids, "APPROVAL", json!({})).await;
    let readers = [
        s.members[0].access_token.as_str(),
        fac,
        officer.access_token.as_str(),
        s.admin.access_token.as_str(),
    ];
    for (n, voter) in s.members.iter().enumerate() {
        for reader in readers {
            for round_id in [&shown, &hidden] {
                let result = &round(&app, reader, round_id).await["result"];
                assert!(result.is_null(), "{n} ballots: {result}");
            }
        }
        vote(&app, voter, &shown, &[(ids[0].as_str(), 1)]).await;
        vote(&app, voter, &hidden, &[(ids[0].as_str(), 1)]).await;
    }
    for reader in readers {
        let result = &round(&app, reader, &shown).await["result"];
        assert_eq!(result["ballotCount"], 3, "{result}");
    }
    assert!(
        round(&app, readers[0], &hidden).await["result"].is_null(),
        "hidden from members"
    );
    for reader in &readers[1..] {
        assert_eq!(round(&app, reader, &hidden).await["result"]["ballotCount"], 3);
    }

    // A round that is not secret shows its running result from the first ballot.
    let open_ballots = open_id(
        &app,
        fac,
        &s.forum_id,
        &ids,
        "APPROVAL",
        json!({ "secret": false, "hideResultsUntilClosed": false }),
    )
    .await;
    vote(&app, &s.members[0], &open_ballots, &[(ids[0].as_str(), 1)]).await;
    assert_eq!(
        round(&app, readers[0], &open_ballots).await["result"]["ballotCount"],
        1
    );
}
