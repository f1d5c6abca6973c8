//! Casting ballots: `CastBallot`, and who sees which ballot through `myBallot`.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

/// A forum with a facilitator and two members, `n` findings and an open round.
async fn round_with(app: &TestApp, n: usize, method: &str, extra: Value) -> (Scene, Vec<String>, String) {
    let s = scene(app, "carers", 2).await;
    let ids = findings(app, &s.facilitator.access_token, &s.forum_id, n).await;
    let round = open_id(app, &s.facilitator.access_token, &s.forum_id, &ids, method, extra).await;
    (s, ids, round)
}

/// `myBallot` and `ballotCount` as `who` sees them.
async fn ballot_state(app: &TestApp, who: &Session, round_id: &str) -> (Option<Vec<(String, i64)>>, Value) {
    let round = round(app, &who.access_token, round_id).await;
    (my_marks(&round), round["ballotCount"].clone())
}

#[tokio::test]
async fn a_member_casts_one_ballot_and_casting_again_replaces_it() {
    let app = spawn_app().await;
    let (s, ids, round_id) = round_with(&app, 3, "DOT", json!({})).await;
    let member = &s.members[0];
    assert_eq!(ballot_state(&app, member, &round_id).await, (None, json!(0)));

    let first = [(ids[0].as_str(), 6), (ids[1].as_str(), 4)];
    let returned = vote(&app, member, &round_id, &first).await;
    assert_eq!(returned, json!({ "id": round_id, "ballotCount": 1 }));
    assert_eq!(
        ballot_state(&app, member, &round_id).await,
        (Some(marks_of(&first)), json!(1))
    );

    let second = [(ids[2].as_str(), 10)];
    let returned = vote(&app, member, &round_id, &second).await;
    assert_eq!(returned["ballotCount"], 1);
    assert_eq!(
        ballot_state(&app, member, &round_id).await,
        (Some(marks_of(&second)), json!(1))
    );
}

#[tokio::test]
async fn facilitators_vote_too_and_each_member_counts_once() {
    let app = spawn_app().await;
    let (s, ids, round_id) = round_with(&app, 2, "APPROVAL", json!({})).await;
    let marks = [(ids[0].as_str(), 1)];
    vote(&app, &s.facilitator, &round_id, &marks).await;
    vote(&app, &s.members[0], &round_id, &marks).await;
    let returned = vote(&app, &s.members[1], &round_id, &marks).await;
    assert_eq!(returned["ballotCount"], 3);
    vote(&app, &s.members[1], &round_id, &[(ids[1].as_str(), 1)]).await;
    let state = ballot_state(&app, &s.facilitator, &round_id).await;
    assert_eq!(state, (Some(marks_of(&marks)), json!(3)));
}

#[tokio::test]
async fn a_ballot_marks_findings_of_the_round_once_each() {
    let app = spawn_app().await;
    let (s, ids, round_id) = round_with(&app, 3, "SCORE", json!({})).await;
    let outside = finding_at(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        "Not in it",
        &received(9),
    )
    .await;
    let member = &s.members[0];
    let kept = [(ids[0].as_str(), 4)];
    vote(&app, member, &round_id, &kept).await;
    let unknown = uuid::Uuid::new_v4().to_string();
    let refused: [&[(&str, i64)]; 5] = [
        &[],
        &[(outside.as_str(), 3)],
        &[(ids[1].as_str(), 3), (ids[1].as_str(), 2)],
        &[(ids[1].as_str(), 3), ("not-an-id", 2)],
        &[(ids[1].as_str(), 3), (unknown.as_str(), 2)],
    ];
    for marks in refused {
        let body = cast(&app, Some(&member.access_token), &round_id, marks).await;
        assert_bad_input(&body, "marks");
        assert_eq!(
            ballot_state(&app, member, &round_id).await,
            (Some(marks_of(&kept)), json!(1))
        );
    }
}

type Marks<'a> = Vec<(&'a str, i64)>;

#[tokio::test]
async fn mark_values_must_fit_the_method() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let token = &s.facilitator.access_token;
    let ids = findings(&app, token, &s.forum_id, 3).await;
    let (a, b, c) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str());
    let member = &s.members[0];
    let dot = json!({ "budget": 7, "maxPerItem": 4 });
    // (method, options, refused ballots, the most a ballot may hold)
    let cases: [(&str, Value, Vec<Marks>, Marks); 4] = [
        (
            "DOT",
            dot,
            vec![
                vec![(a, 0)],
                vec![(a, 5)],
                vec![(a, -1)],
                vec![(a, 4), (b, 3), (c, 1)],
            ],
            vec![(a, 4), (b, 3)],
        ),
        (
            "APPROVAL",
            json!({}),
            vec![vec![(a, 2)], vec![(a, 0)], vec![(a, 1), (b, -1)]],
            vec![(a, 1), (b, 1), (c, 1)],
        ),
        (
            "SCORE",
            json!({}),
            vec![vec![(a, 6)], vec![(a, -1)]],
            vec![(a, 5), (b, 0)],
        ),
        (
            "RANKED",
            json!({}),
            vec![vec![(a, 0)], vec![(a, 4)], vec![(a, 1), (b, -2)]],
            vec![(a, 3), (b, 1), (c, 3)],
        ),
    ];
    for (method, extra, refused, allowed) in cases {
        let round_id = open_id(&app, token, &s.forum_id, &ids, method, extra).await;
        for marks in &refused {
            let body = cast(&app, Some(&member.access_token), &round_id, marks).await;
            assert_eq!(
                body["errors"][0]["extensions"]["field"], "marks",
                "{method} {marks:?}: {body}"
            );
            assert_code(&body, "BAD_USER_INPUT");
            assert_eq!(
                ballot_state(&app, member, &round_id).await,
                (None, json!(0)),
                "{method}"
            );
        }
        vote(&app, member, &round_id, &allowed).await;
        let after = ballot_state(&app, member, &round_id).await;
        assert_eq!(after, (Some(marks_of(&allowed)), json!(1)), "{method}");
    }
}

#[tokio::test]
async fn people_who_are_not_members_cast_no_ballots() {
    let app = spawn_app().await;
    let (s, ids, round_id) = round_with(&app, 2, "APPROVAL", json!({})).await;
    let officer = app.officer(&s.admin).await;
    let token = api_token(&app, &officer).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let marks = [(ids[0].as_str(), 1)];
    vote(&app, &s.members[0], &round_id, &marks).await;

    for (caller, code) in [
        (Some(officer.access_token.as_str()), "FORBIDDEN"),
        (Some(s.admin.access_token.as_str()), "FORBIDDEN"),
        (Some(token.as_str()), "FORBIDDEN"),
        (Some(outsider.access_token.as_str()), "NOT_FOUND"),
        (None, "UNAUTHENTICATED"),
    ] {
        assert_code(&cast(&app, caller, &round_id, &marks).await, code);
    }
    let body = cast(&app, Some(&s.members[0].access_token), "not-a-round", &marks).await;
    assert_bad_input(&body, "roundId");
    let unknown = uuid::Uuid::new_v4().to_string();
    assert_code(
        &cast(&app, Some(&s.members[0].access_token), &unknown, &marks).await,
        "NOT_FOUND",
    );

    assert_eq!(
        round(&app, &s.admin.access_token, &round_id).await["ballotCount"],
        1
    );
    assert_eq!(
        round(&app, &officer.access_token, &round_id).await["myBallot"],
        Value::Null
    );
}

#[tokio::test]
async fn a_closed_round_takes_no_ballots() {
    let app = spawn_app().await;
    let (s, ids, round_id) = round_with(&app, 2, "SCORE", json!({})).await;
    let member = &s.members[0];
    let kept = [(ids[0].as_str(), 2)];
    vote(&app, member, &round_id, &kept).await;
    close(&app, &s.facilitator.access_token, &round_id).await;

    for marks in [[(ids[1].as_str(), 5)], [(ids[0].as_str(), 5)]] {
        assert_code(
            &cast(&app, Some(&member.access_token), &round_id, &marks).await,
            "CONFLICT",
        );
    }
    let marks = [(ids[1].as_str(), 3)];
    assert_code(
        &cast(&app, Some(&s.members[1].access_token), &round_id, &marks).await,
        "CONFLICT",
    );
    assert_eq!(
        ballot_state(&app, member, &round_id).await,
        (Some(marks_of(&kept)), json!(1))
    );
    assert_eq!(
        ballot_state(&app, &s.members[1], &round_id).await,
        (None, json!(1))
    );
}

#[tokio::test]
async fn someone_who_joins_while_the_round_is_open_may_vote() {
    let app = spawn_app().await;
    let (s, ids, round_id) = round_with(&app, 2, "APPROVAL", json!({})).await;
    let newcomer = app.member(&s.admin, &s.forum_id, "MEMBER").await;
    let returned = vote(&app, &newcomer, &round_id, &[(ids[1].as_str(), 1)]).await;
    assert_eq!(returned["ballotCount"], 1);
    assert_eq!(
        round(&app, &newcomer.access_token, &round_id).await["eligibleCount"],
        4
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ballots_cast_at_once_by_one_member_leave_one_ballot() {
    let app = spawn_app().await;
    let (s, ids, round_id) = round_with(&app, 3, "DOT", json!({})).await;
    let member = &s.members[0];
    let requests = (0..8)
        .map(|i| {
            let marks = [(ids[i % 3].as_str(), 1 + i as i64)];
            (
                Some(member.access_token.clone()),
                "CastBallot",
                ballot(&round_id, &marks),
            )
        })
        .collect();
    for body in all_at_once(&app, requests).await {
        assert!(body.get("errors").is_none(), "{body}");
    }
    let seen = round(&app, &member.access_token, &round_id).await;
    assert_eq!(seen["ballotCount"], 1, "{seen}");
    let marks = my_marks(&seen).unwrap();
    assert_eq!(marks.len(), 1, "one ballot's marks, not a mix: {marks:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_ballot_racing_the_close_is_either_counted_or_refused() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 6).await;
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
    let marks = [(ids[1].as_str(), 1)];
    let mut requests: Vec<(Option<String>, &str, serde_json::Value)> = s
        .members
        .iter()
        .map(|m| {
            (
                Some(m.access_token.clone()),
                "CastBallot",
                ballot(&round_id, &marks),
            )
        })
        .collect();
    requests.insert(
        3,
        (
            Some(s.facilitator.access_token.clone()),
            "CloseRound",
            json!({ "id": round_id }),
        ),
    );
    let bodies = all_at_once(&app, requests).await;
    let closed = &bodies[3];
    assert_eq!(closed["data"]["closeRound"]["state"], "CLOSED", "{closed}");
    let mut counted = 0;
    for body in bodies.iter().take(3).chain(bodies.iter().skip(4)) {
        match error_code(body) {
            None => counted += 1,
            Some(code) => assert_eq!(code, "CONFLICT", "{body}"),
        }
    }
    let seen = round_result(&app, &s.facilitator.access_token, &round_id).await;
    assert_eq!(seen["ballotCount"], counted, "{seen}");
    assert_eq!(seen["result"]["ballotCount"], counted);
    let approved = ranking(&seen).into_iter().find(|p| p.0 == ids[1]).unwrap();
    assert_eq!(approved.2, f64::from(counted), "{seen}");
    assert_eq!(closed["data"]["closeRound"]["result"]["ballotCount"], counted);
}
