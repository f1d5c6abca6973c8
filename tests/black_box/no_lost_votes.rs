//! Ballots under load: many voters casting and replacing at once end with
//! exactly one ballot each and the exact count.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use crate::common::*;
use crate::support::*;

const VOTERS: usize = 64;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_voters_casting_and_replacing_at_once_leave_one_ballot_each_and_the_exact_tally() {
    let app = spawn_app().await;
    let scene = scene(&app, "storm", VOTERS).await;
    let token = scene.facilitator.access_token.clone();
    let ids = findings(&app, &token, &scene.forum_id, 3).await;
    let round_id = open_id(&app, &token, &scene.forum_id, &ids, "APPROVAL", json!({})).await;

    // First ballots: everyone approves finding 0. Replacements: voter i
    // approves finding i % 3 only. Both waves are sent at the same time.
    let ballot = |finding: &str| json!({ "input": { "roundId": round_id, "marks": [{ "findingId": finding, "value": 1 }] } });
    let mut requests = Vec::new();
    for (i, voter) in scene.members.iter().enumerate() {
        requests.push((Some(voter.access_token.clone()), "CastBallot", ballot(&ids[0])));
        requests.push((
            Some(voter.access_token.clone()),
            "CastBallot",
            ballot(&ids[i % 3]),
        ));
    }
    let bodies = all_at_once(&app, requests).await;
    for body in &bodies {
        assert!(body.get("errors").is_none(), "a ballot was refused: {body}");
    }
    // Each voter's two ballots raced, so which one stands is whichever
    // committed last; to know the exact tally, replace once more, in order.
    let mut last_wave = Vec::new();
    for (i, voter) in scene.members.iter().enumerate() {
        last_wave.push((
            Some(voter.access_token.clone()),
            "CastBallot",
            ballot(&ids[i % 3]),
        ));
    }
    for body in all_at_once(&app, last_wave).await {
        assert!(body.get("errors").is_none(), "{body}");
    }

    let ballots = count_rows(&app, "SELECT COUNT(*) AS n FROM ballots").await;
    assert_eq!(
        ballots, VOTERS as i64,
        "one ballot per voter, held by the database"
    );
    // Each voter's one ballot holds exactly their last single mark: no
    // replacement was half-applied or merged with the ballot it replaced.
    let single_marks = count_rows(&app, "SELECT COUNT(*) AS n FROM ballots WHERE length(marks) = 4").await;
    assert_eq!(
        single_marks, VOTERS as i64,
        "no half-replaced ballot left marks behind"
    );

    let closed = close(&app, &token, &round_id).await;
    let result = &closed["result"];
    assert_eq!(result["ballotCount"], VOTERS);
    let mut scores: Vec<(String, f64)> = result["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["finding"]["id"].as_str().unwrap().to_owned(),
                entry["score"].as_f64().unwrap(),
            )
        })
        .collect();
    scores.sort_by(|a, b| a.0.cmp(&b.0));
    let mut expected: Vec<(String, f64)> = (0..3)
        .map(|k| (ids[k].clone(), (0..VOTERS).filter(|i| i % 3 == k).count() as f64))
        .collect();
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(scores, expected);
}
