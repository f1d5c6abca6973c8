//! Counting: open a round, cast ballots from distinct members, close it and
//! read `result.ranking`; closing rules and what closing changes.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

/// A forum whose facilitator and `members` members are the voters, with
/// `n` findings received an hour apart (oldest first).
async fn voters_and_findings(app: &TestApp, members: usize, n: usize) -> (Scene, Vec<Session>, Vec<String>) {
    let s = scene(app, "carers", members).await;
    let ids = findings(app, &s.facilitator.access_token, &s.forum_id, n).await;
    let mut voters = vec![s.facilitator.clone()];
    voters.extend(s.members.iter().cloned());
    (s, voters, ids)
}

/// Opens a round, casts `ballots` (ballot i by voter i), closes it and
/// returns what `CloseRound` answered.
async fn count(
    app: &TestApp,
    s: &Scene,
    voters: &[Session],
    ids: &[String],
    method: &str,
    extra: Value,
    ballots: &[Vec<(&str, i64)>],
) -> Value {
    let round_id = open_id(app, &s.facilitator.access_token, &s.forum_id, ids, method, extra).await;
    for (voter, marks) in voters.iter().zip(ballots) {
        vote(app, voter, &round_id, marks).await;
    }
    let closed = close(app, &s.facilitator.access_token, &round_id).await;
    assert_eq!(closed["state"], "CLOSED", "{closed}");
    assert_eq!(closed["result"]["ballotCount"], ballots.len(), "{closed}");
    // A member reads the same stored result through `Round`.
    let read = round(app, &voters[voters.len() - 1].access_token, &round_id).await;
    assert_eq!(read["result"], closed["result"]);
    closed
}

#[tokio::test]
async fn dot_scores_are_the_dots_given() {
    let app = spawn_app().await;
    let (s, voters, ids) = voters_and_findings(&app, 2, 3).await;
    let (a, b, c) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str());
    let ballots = [vec![(a, 6), (b, 4)], vec![(b, 5), (c, 5)], vec![(a, 2), (c, 1)]];
    let extra = json!({ "budget": 10, "maxPerItem": 6 });
    let closed = count(&app, &s, &voters, &ids, "DOT", extra, &ballots).await;
    assert_eq!(
        ranking(&closed),
        vec![
            place(b, 1, 9.0, false),
            place(a, 2, 8.0, false),
            place(c, 3, 6.0, false)
        ]
    );
}

#[tokio::test]
async fn approval_scores_count_approvals_and_ties_share_a_rank() {
    let app = spawn_app().await;
    let (s, voters, ids) = voters_and_findings(&app, 2, 4).await;
    let (a, b, c, d) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str(), ids[3].as_str());
    let ballots = [vec![(a, 1), (b, 1)], vec![(b, 1)], vec![(b, 1), (c, 1)]];
    let closed = count(&app, &s, &voters, &ids, "APPROVAL", json!({}), &ballots).await;
    assert_eq!(
        ranking(&closed),
        vec![
            place(b, 1, 3.0, false),
            place(a, 2, 1.0, true),
            place(c, 2, 1.0, true),
            place(d, 4, 0.0, false),
        ]
    );
}

#[tokio::test]
async fn within_a_tie_the_older_finding_comes_first() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let token = &s.facilitator.access_token;
    // Added in an order unlike their age: the tie is broken by receivedAt.
    let march = finding_at(&app, token, &s.forum_id, "March", "2025-03-01T00:00:00Z").await;
    let january = finding_at(&app, token, &s.forum_id, "January", "2025-01-01T00:00:00Z").await;
    let top = finding_at(&app, token, &s.forum_id, "Top", "2025-04-01T00:00:00Z").await;
    let february = finding_at(&app, token, &s.forum_id, "February", "2025-02-01T00:00:00Z").await;
    let voters = [s.facilitator.clone(), s.members[0].clone()];
    let ids = [march.clone(), january.clone(), top.clone(), february.clone()];
    let ballots = [
        vec![
            (top.as_str(), 4),
            (march.as_str(), 2),
            (january.as_str(), 2),
            (february.as_str(), 2),
        ],
        vec![
            (top.as_str(), 4),
            (february.as_str(), 2),
            (march.as_str(), 2),
            (january.as_str(), 2),
        ],
    ];
    let closed = count(&app, &s, &voters, &ids, "DOT", json!({}), &ballots).await;
    assert_eq!(
        ranking(&closed),
        vec![
            place(&top, 1, 8.0, false),
            place(&january, 2, 4.0, true),
            place(&february, 2, 4.0, true),
            place(&march, 2, 4.0, true),
        ]
    );
}

#[tokio::test]
async fn score_is_the_mean_over_all_ballots_with_unmarked_counting_zero() {
    let app = spawn_app().await;
    let (s, voters, ids) = voters_and_findings(&app, 1, 3).await;
    let (a, b, c) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str());
    let ballots = [vec![(a, 5), (b, 3)], vec![(b, 4), (c, 1)]];
    let closed = count(&app, &s, &voters, &ids, "SCORE", json!({}), &ballots).await;
    assert_eq!(
        ranking(&closed),
        vec![
            place(b, 1, 3.5, false),
            place(a, 2, 2.5, false),
            place(c, 3, 0.5, false)
        ]
    );
}

#[tokio::test]
async fn borda_counts_the_findings_each_ballot_puts_strictly_below() {
    let app = spawn_app().await;
    let (s, voters, ids) = voters_and_findings(&app, 1, 4).await;
    let (a, b, c, d) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str(), ids[3].as_str());
    // Equal positions do not count against each other; unranked are below
    // every ranked finding.
    let ballots = [vec![(a, 1), (b, 1), (c, 2)], vec![(d, 1)]];
    let closed = count(
        &app,
        &s,
        &voters,
        &ids,
        "RANKED",
        json!({ "tally": "BORDA" }),
        &ballots,
    )
    .await;
    assert_eq!(
        ranking(&closed),
        vec![
            place(d, 1, 3.0, false),
            place(a, 2, 2.0, true),
            place(b, 2, 2.0, true),
            place(c, 4, 1.0, false),
        ]
    );
}

/// Five full rankings over A, B, C, D: A beats each other finding 3 to 2;
/// B, C and D beat each other in a cycle (B>C 3:2, C>D 4:1, D>B 3:2).
fn cycle_ballots<'a>(a: &'a str, b: &'a str, c: &'a str, d: &'a str) -> Vec<Vec<(&'a str, i64)>> {
    [
        [a, b, c, d],
        [a, c, d, b],
        [a, d, b, c],
        [b, c, d, a],
        [c, d, b, a],
    ]
    .iter()
    .map(|order| order.iter().zip(1..).map(|(f, p)| (*f, p)).collect())
    .collect()
}

#[tokio::test]
async fn schulze_ranks_the_condorcet_winner_first_and_scores_paths_won() {
    let app = spawn_app().await;
    let (s, voters, ids) = voters_and_findings(&app, 4, 4).await;
    let (a, b, c, d) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str(), ids[3].as_str());
    let ballots = cycle_ballots(a, b, c, d);
    // SCHULZE is the default tally.
    let closed = count(&app, &s, &voters, &ids, "RANKED", json!({}), &ballots).await;
    // Strongest paths: A beats all three; C beats D (4 against D>B>C's 3);
    // B-C and B-D are level (3 each way).
    assert_eq!(
        ranking(&closed),
        vec![
            place(a, 1, 3.0, false),
            place(c, 2, 1.0, false),
            place(b, 3, 0.0, true),
            place(d, 3, 0.0, true),
        ]
    );
}

#[tokio::test]
async fn borda_counts_the_same_ballots_differently() {
    let app = spawn_app().await;
    let (s, voters, ids) = voters_and_findings(&app, 4, 4).await;
    let (a, b, c, d) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str(), ids[3].as_str());
    let ballots = cycle_ballots(a, b, c, d);
    let closed = count(
        &app,
        &s,
        &voters,
        &ids,
        "RANKED",
        json!({ "tally": "BORDA" }),
        &ballots,
    )
    .await;
    assert_eq!(
        ranking(&closed),
        vec![
            place(a, 1, 9.0, false),
            place(c, 2, 8.0, false),
            place(b, 3, 7.0, false),
            place(d, 4, 6.0, false),
        ]
    );
}

#[tokio::test]
async fn turnout_is_ballots_over_members_frozen_at_close() {
    let app = spawn_app().await;
    // A facilitator and three members: four eligible; the admin is not one.
    let (s, voters, ids) = voters_and_findings(&app, 3, 2).await;
    let round_id = open_id(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        &ids,
        "APPROVAL",
        json!({}),
    )
    .await;
    for voter in &voters[..3] {
        vote(&app, voter, &round_id, &[(ids[0].as_str(), 1)]).await;
    }
    let open = round_result(&app, &s.admin.access_token, &round_id).await;
    assert_eq!(
        (open["ballotCount"].clone(), open["eligibleCount"].clone()),
        (json!(3), json!(4))
    );
    close(&app, &s.facilitator.access_token, &round_id).await;

    app.member(&s.admin, &s.forum_id, "MEMBER").await;
    let closed = round_result(&app, &s.facilitator.access_token, &round_id).await;
    assert_eq!(closed["eligibleCount"], 4, "{closed}");
    assert_eq!(closed["ballotCount"], 3);
    assert_eq!(closed["result"]["ballotCount"], 3);
    assert_eq!(closed["result"]["eligibleCount"], 4);
    assert_eq!(closed["result"]["turnout"], 0.75);
    let forum = read_forum(&app, Some(&s.admin.access_token), "carers", json!({})).await;
    assert_eq!(forum["data"]["forum"]["memberCount"], 5, "{forum}");
}

#[tokio::test]
async fn closing_prioritises_the_findings_and_the_result_stands() {
    let app = spawn_app().await;
    let (s, voters, ids) = voters_and_findings(&app, 2, 3).await;
    let left_out = finding_at(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        "Left out",
        &received(5),
    )
    .await;
    let round_id = open_id(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        &ids,
        "SCORE",
        json!({}),
    )
    .await;
    vote(
        &app,
        &voters[1],
        &round_id,
        &[(ids[2].as_str(), 5), (ids[0].as_str(), 1)],
    )
    .await;
    let open = round_result(&app, &s.facilitator.access_token, &round_id).await;
    assert!(
        open["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["status"] == "OPEN"),
        "{open}"
    );

    close(&app, &s.facilitator.access_token, &round_id).await;
    let closed = round_result(&app, &s.facilitator.access_token, &round_id).await;
    assert_eq!(closed["state"], "CLOSED");
    assert!(closed["closedAt"].is_string(), "{closed}");
    let statuses: Vec<&Value> = closed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["status"])
        .collect();
    assert_eq!(statuses, vec!["PRIORITISED"; 3]);
    let other = app
        .graphql(Some(&s.admin.access_token), FINDING, json!({ "id": left_out }))
        .await;
    assert_eq!(other["data"]["finding"]["status"], "OPEN", "{other}");

    let late = [(ids[1].as_str(), 5)];
    for voter in &voters[1..] {
        assert_code(
            &cast(&app, Some(&voter.access_token), &round_id, &late).await,
            "CONFLICT",
        );
    }
    let later = round_result(&app, &s.facilitator.access_token, &round_id).await;
    assert_eq!(later["result"], closed["result"]);
    assert_eq!(
        ranking(&later),
        vec![
            place(&ids[2], 1, 5.0, false),
            place(&ids[0], 2, 1.0, false),
            place(&ids[1], 3, 0.0, false),
        ]
    );
}

#[tokio::test]
async fn ranked_ballots_put_unranked_findings_below_ranked_ones() {
    let app = spawn_app().await;
    let (s, voters, ids) = voters_and_findings(&app, 1, 3).await;
    let (a, b, c) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str());
    // A over B and C on one ballot; B over C over A on the other. Head to
    // head A-B and A-C are level; only B beats C.
    let ballots = [vec![(a, 1)], vec![(b, 1), (c, 2)]];
    let schulze = count(
        &app,
        &s,
        &voters,
        &ids,
        "RANKED",
        json!({ "tally": "SCHULZE" }),
        &ballots,
    )
    .await;
    assert_eq!(
        ranking(&schulze),
        vec![
            place(b, 1, 1.0, false),
            place(a, 2, 0.0, true),
            place(c, 2, 0.0, true)
        ]
    );
    let borda = count(
        &app,
        &s,
        &voters,
        &ids,
        "RANKED",
        json!({ "tally": "BORDA" }),
        &ballots,
    )
    .await;
    assert_eq!(
        ranking(&borda),
        vec![
            place(a, 1, 2.0, true),
            place(b, 1, 2.0, true),
            place(c, 3, 1.0, false)
        ]
    );
}
