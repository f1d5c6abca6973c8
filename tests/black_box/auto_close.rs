//! Rounds close by themselves at `closesAt`, once, however many servers run.
#![allow(clippy::unwrap_used)]

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::common::*;
use crate::support::*;

/// Sleeps until `at` plus `margin`.
async fn sleep_past(at: DateTime<Utc>, margin: StdDuration) {
    let wait = (at - Utc::now()).to_std().unwrap_or_default() + margin;
    tokio::time::sleep(wait).await;
}

#[tokio::test]
async fn a_round_closes_by_itself_at_its_closing_time() {
    let app = spawn_app_with(|config| config.round_close_interval = StdDuration::from_millis(200)).await;
    let s = scene(&app, "carers", 2).await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 3).await;
    let closes_at = Utc::now() + Duration::seconds(2);
    let extra = json!({ "closesAt": closes_at.to_rfc3339() });
    let round_id = open_id(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        &ids,
        "APPROVAL",
        extra,
    )
    .await;
    vote(&app, &s.members[0], &round_id, &[(ids[2].as_str(), 1)]).await;
    vote(
        &app,
        &s.members[1],
        &round_id,
        &[(ids[2].as_str(), 1), (ids[1].as_str(), 1)],
    )
    .await;
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) AS n FROM round_results").await,
        0
    );

    sleep_past(closes_at, StdDuration::from_millis(1500)).await;
    // Before any request touches the round, the closer has stored its result.
    let closed_rows = "SELECT COUNT(*) AS n FROM rounds WHERE state = 'CLOSED'";
    assert_eq!(count_rows(&app, closed_rows).await, 1);
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) AS n FROM round_results").await,
        3
    );

    let seen = round_result(&app, &s.members[0].access_token, &round_id).await;
    assert_eq!(seen["state"], "CLOSED", "{seen}");
    let closed_at = time(&seen["closedAt"]);
    assert!(closed_at >= closes_at - Duration::milliseconds(1), "{seen}");
    assert!(closed_at < closes_at + Duration::seconds(2), "{seen}");
    assert_eq!(seen["result"]["final"], true);
    assert_eq!(seen["result"]["ballotCount"], 2);
    assert_eq!(
        ranking(&seen),
        vec![
            place(&ids[2], 1, 2.0, false),
            place(&ids[1], 2, 1.0, false),
            place(&ids[0], 3, 0.0, false),
        ]
    );
}

#[tokio::test]
async fn a_ballot_after_the_closing_time_is_a_conflict() {
    // The background closer looks only once an hour: the ballot itself
    // meets the closing time.
    let app = spawn_app_with(|config| config.round_close_interval = StdDuration::from_secs(3600)).await;
    let s = scene(&app, "carers", 2).await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 2).await;
    let closes_at = Utc::now() + Duration::seconds(1);
    let extra = json!({ "closesAt": closes_at.to_rfc3339() });
    let round_id = open_id(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        &ids,
        "SCORE",
        extra,
    )
    .await;
    let kept = [(ids[0].as_str(), 4)];
    vote(&app, &s.members[0], &round_id, &kept).await;

    sleep_past(closes_at, StdDuration::from_millis(300)).await;
    let late = [(ids[1].as_str(), 5)];
    for member in &s.members {
        assert_code(
            &cast(&app, Some(&member.access_token), &round_id, &late).await,
            "CONFLICT",
        );
    }
    let seen = round_result(&app, &s.members[0].access_token, &round_id).await;
    assert_eq!(seen["state"], "CLOSED", "{seen}");
    assert_eq!(my_marks(&seen), Some(marks_of(&kept)));
    assert_eq!(seen["result"]["ballotCount"], 1);
    assert_eq!(ranking(&seen)[0], place(&ids[0], 1, 4.0, false));
}

#[tokio::test]
async fn the_forums_round_list_shows_a_round_past_its_time_as_closed() {
    let app = spawn_app_with(|config| config.round_close_interval = StdDuration::from_secs(3600)).await;
    let s = scene(&app, "carers", 1).await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 2).await;
    let closes_at = Utc::now() + Duration::seconds(1);
    let extra = json!({ "closesAt": closes_at.to_rfc3339() });
    let round_id = open_id(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        &ids,
        "APPROVAL",
        extra,
    )
    .await;
    sleep_past(closes_at, StdDuration::from_millis(300)).await;
    let rounds = rounds_of(&app, &s.members[0].access_token, "carers").await;
    assert_eq!(rounds[0]["id"], round_id.as_str());
    assert_eq!(rounds[0]["state"], "CLOSED", "{rounds}");
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) AS n FROM round_results").await,
        2
    );
}

#[tokio::test]
async fn two_servers_on_one_database_close_each_round_once() {
    let fast = |config: &mut coforum_app::Config| config.round_close_interval = StdDuration::from_millis(100);
    let one = spawn_app_with(fast).await;
    let two = spawn_app_on_with(&one.database_url, fast).await;
    let s = scene(&one, "carers", 2).await;
    let ids = findings(&one, &s.facilitator.access_token, &s.forum_id, 3).await;
    let closes_at = Utc::now() + Duration::seconds(3);
    let extra = json!({ "closesAt": closes_at.to_rfc3339() });
    let mut rounds = Vec::new();
    for method in ["DOT", "APPROVAL", "RANKED"] {
        rounds.push(
            open_id(
                &one,
                &s.facilitator.access_token,
                &s.forum_id,
                &ids,
                method,
                extra.clone(),
            )
            .await,
        );
    }
    for round_id in &rounds {
        vote(&one, &s.members[0], round_id, &[(ids[1].as_str(), 1)]).await;
        vote(
            &two,
            &s.members[1],
            round_id,
            &[(ids[1].as_str(), 1), (ids[2].as_str(), 1)],
        )
        .await;
    }

    sleep_past(closes_at, StdDuration::from_millis(2000)).await;
    let closed_rows = "SELECT COUNT(*) AS n FROM rounds WHERE state = 'CLOSED'";
    assert_eq!(count_rows(&one, closed_rows).await, 3);
    assert_eq!(
        count_rows(&one, "SELECT COUNT(*) AS n FROM round_results").await,
        9
    );

    for round_id in &rounds {
        let through_one = round_result(&one, &s.members[0].access_token, round_id).await;
        let through_two = round_result(&two, &s.members[0].access_token, round_id).await;
        assert_eq!(through_one["state"], "CLOSED", "{through_one}");
        assert_eq!(through_one["result"]["ballotCount"], 2);
        assert_eq!(ranking(&through_one)[0].0, ids[1]);
        assert_eq!(through_one, through_two);
    }
    assert_eq!(
        count_rows(&two, "SELECT COUNT(*) AS n FROM round_results").await,
        9
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn closes_at_the_same_moment_store_one_result() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 4).await;
    let round_id = open_id(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        &ids,
        "DOT",
        json!({}),
    )
    .await;
    vote(&app, &s.members[0], &round_id, &[(ids[3].as_str(), 10)]).await;
    let requests = [&s.facilitator, &s.admin, &s.facilitator, &s.admin]
        .iter()
        .map(|who| {
            (
                Some(who.access_token.clone()),
                "CloseRound",
                json!({ "id": round_id }),
            )
        })
        .collect();
    let bodies = all_at_once(&app, requests).await;
    let codes: Vec<Option<&str>> = bodies.iter().map(error_code).collect();
    assert_eq!(codes.iter().filter(|c| c.is_none()).count(), 1, "{bodies:?}");
    assert_eq!(
        codes.iter().filter(|c| **c == Some("CONFLICT")).count(),
        3,
        "{bodies:?}"
    );
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) AS n FROM round_results").await,
        4
    );
    let seen = round_result(&app, &s.members[0].access_token, &round_id).await;
    assert_eq!(ranking(&seen)[0], place(&ids[3], 1, 10.0, false));
}
