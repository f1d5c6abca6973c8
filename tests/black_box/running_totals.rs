//! DOT, APPROVAL and SCORE rounds count from running totals kept with each
//! ballot: replacing ballots, and rounds opened before totals were kept,
//! must give exactly what counting every ballot gives.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use crate::common::*;
use crate::support::*;

/// A forum of `members` members and an open `method` round over `n`
/// findings whose running result members may read (not secret, so it
/// shows however few ballots stand).
async fn round_showing_results(
    app: &TestApp,
    members: usize,
    n: usize,
    method: &str,
) -> (Scene, Vec<String>, String) {
    let s = scene(app, "carers", members).await;
    let token = s.facilitator.access_token.clone();
    let ids = findings(app, &token, &s.forum_id, n).await;
    let extra = json!({ "hideResultsUntilClosed": false, "secret": false });
    let round_id = open_id(app, &token, &s.forum_id, &ids, method, extra).await;
    (s, ids, round_id)
}

#[tokio::test]
async fn replaced_score_ballots_leave_the_running_and_final_results_exact() {
    let app = spawn_app().await;
    let (s, ids, round_id) = round_showing_results(&app, 3, 3, "SCORE").await;
    let token = s.facilitator.access_token.clone();
    let (a, b, c) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str());

    vote(&app, &s.members[0], &round_id, &[(a, 5), (b, 1)]).await;
    vote(&app, &s.members[1], &round_id, &[(c, 4)]).await;
    // Member 0 changes their mind twice: only the last ballot counts.
    vote(&app, &s.members[0], &round_id, &[(b, 2)]).await;
    vote(&app, &s.members[0], &round_id, &[(b, 3), (c, 2)]).await;

    // Sums a 0, b 3, c 6 over 2 ballots: means 0, 1.5, 3.
    let expected = vec![
        place(c, 1, 3.0, false),
        place(b, 2, 1.5, false),
        place(a, 3, 0.0, false),
    ];
    let running = round_result(&app, &s.members[2].access_token, &round_id).await;
    assert_eq!(running["result"]["ballotCount"], 2, "{running}");
    assert_eq!(ranking(&running), expected);

    let closed = close(&app, &token, &round_id).await;
    assert_eq!(closed["result"]["ballotCount"], 2, "{closed}");
    assert_eq!(ranking(&closed), expected);
}

#[tokio::test]
async fn a_round_opened_before_totals_were_kept_counts_every_ballot() {
    let app = spawn_app().await;
    let (s, ids, round_id) = round_showing_results(&app, 2, 3, "DOT").await;
    let token = s.facilitator.access_token.clone();
    let (a, b, c) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str());
    vote(&app, &s.members[0], &round_id, &[(a, 4), (b, 1)]).await;
    vote(&app, &s.members[1], &round_id, &[(b, 2)]).await;

    // As a round opened before migration 7 looks: ballots, no totals.
    app.execute_sql("UPDATE rounds SET totals = NULL").await;
    let running = round_result(&app, &s.members[0].access_token, &round_id).await;
    assert_eq!(
        ranking(&running),
        vec![
            place(a, 1, 4.0, false),
            place(b, 2, 3.0, false),
            place(c, 3, 0.0, false)
        ]
    );

    // The next ballot counts the totals from every ballot; from then on they are kept.
    vote(&app, &s.members[0], &round_id, &[(c, 5)]).await;
    let kept = count_rows(&app, "SELECT COUNT(*) AS n FROM rounds WHERE totals IS NOT NULL").await;
    assert_eq!(kept, 1, "the round keeps totals again");
    vote(&app, &s.members[1], &round_id, &[(b, 2), (a, 1)]).await;

    let closed = close(&app, &token, &round_id).await;
    assert_eq!(closed["result"]["ballotCount"], 2, "{closed}");
    assert_eq!(
        ranking(&closed),
        vec![
            place(c, 1, 5.0, false),
            place(b, 2, 2.0, false),
            place(a, 3, 1.0, false)
        ]
    );
}

#[tokio::test]
async fn ranked_rounds_keep_no_totals() {
    let app = spawn_app().await;
    let (s, ids, round_id) = round_showing_results(&app, 1, 2, "RANKED").await;
    let token = s.facilitator.access_token.clone();
    vote(&app, &s.members[0], &round_id, &[(ids[1].as_str(), 1)]).await;
    let kept = count_rows(&app, "SELECT COUNT(*) AS n FROM rounds WHERE totals IS NOT NULL").await;
    assert_eq!(kept, 0, "Schulze and Borda need every ballot, not sums");
    let closed = close(&app, &token, &round_id).await;
    assert_eq!(closed["result"]["ballotCount"], 1, "{closed}");
    assert_eq!(ranking(&closed)[0].0, ids[1]);
}
