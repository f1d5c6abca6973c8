//! Who sees a round's result, and when; secrecy of ballots.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

/// A round over three findings with one member's ballot in it. A round
/// shown running should not be secret (a secret one shows nothing under 3
/// ballots: see published_priorities.rs).
async fn voted_round(app: &TestApp, extra: Value) -> (Scene, Vec<String>, String) {
    let s = scene(app, "carers", 2).await;
    let ids = findings(app, &s.facilitator.access_token, &s.forum_id, 3).await;
    let round_id = open_id(app, &s.facilitator.access_token, &s.forum_id, &ids, "DOT", extra).await;
    vote(
        app,
        &s.members[0],
        &round_id,
        &[(ids[1].as_str(), 7), (ids[2].as_str(), 3)],
    )
    .await;
    (s, ids, round_id)
}

fn expected_ranking(ids: &[String]) -> Vec<Place> {
    vec![
        place(&ids[1], 1, 7.0, false),
        place(&ids[2], 2, 3.0, false),
        place(&ids[0], 3, 0.0, false),
    ]
}

#[tokio::test]
async fn members_see_no_result_until_a_hiding_round_closes() {
    let app = spawn_app().await;
    let (s, ids, round_id) = voted_round(&app, json!({ "secret": false })).await;
    let officer = app.officer(&s.admin).await;
    let token = api_token(&app, &officer).await;

    for member in &s.members {
        let seen = round_result(&app, &member.access_token, &round_id).await;
        assert_eq!(seen["result"], Value::Null, "{seen}");
        assert_eq!(seen["ballotCount"], 1);
    }
    for reader in [
        &s.facilitator.access_token,
        &officer.access_token,
        &s.admin.access_token,
        &token,
    ] {
        let seen = round_result(&app, reader, &round_id).await;
        assert_eq!(seen["result"]["final"], false, "{seen}");
        assert_eq!(seen["result"]["ballotCount"], 1);
        assert_eq!(ranking(&seen), expected_ranking(&ids));
    }

    close(&app, &s.facilitator.access_token, &round_id).await;
    for reader in [
        &s.members[0].access_token,
        &s.members[1].access_token,
        &officer.access_token,
        &token,
    ] {
        let seen = round_result(&app, reader, &round_id).await;
        assert_eq!(seen["result"]["final"], true, "{seen}");
        assert_eq!(ranking(&seen), expected_ranking(&ids));
    }
}

#[tokio::test]
async fn with_results_shown_members_follow_the_running_result() {
    let app = spawn_app().await;
    let (s, ids, round_id) =
        voted_round(&app, json!({ "hideResultsUntilClosed": false, "secret": false })).await;
    let seen = round_result(&app, &s.members[1].access_token, &round_id).await;
    assert_eq!(seen["result"]["final"], false, "{seen}");
    assert_eq!(ranking(&seen), expected_ranking(&ids));

    vote(&app, &s.members[1], &round_id, &[(ids[0].as_str(), 10)]).await;
    let seen = round_result(&app, &s.members[0].access_token, &round_id).await;
    assert_eq!(seen["result"]["ballotCount"], 2);
    assert_eq!(
        ranking(&seen),
        vec![
            place(&ids[0], 1, 10.0, false),
            place(&ids[1], 2, 7.0, false),
            place(&ids[2], 3, 3.0, false),
        ]
    );
}

#[tokio::test]
async fn a_voter_sees_only_their_own_ballot() {
    let app = spawn_app().await;
    let (s, ids, round_id) = voted_round(&app, json!({})).await;
    let second = [(ids[0].as_str(), 1)];
    vote(&app, &s.members[1], &round_id, &second).await;
    let first = [(ids[1].as_str(), 7), (ids[2].as_str(), 3)];

    let mine = round(&app, &s.members[0].access_token, &round_id).await;
    assert_eq!(my_marks(&mine), Some(marks_of(&first)));
    let theirs = round(&app, &s.members[1].access_token, &round_id).await;
    assert_eq!(my_marks(&theirs), Some(marks_of(&second)));
    let officer = app.officer(&s.admin).await;
    // Those who have not voted see no ballot at all, not even facilitators and admins.
    for reader in [&s.facilitator, &s.admin, &officer] {
        let seen = round(&app, &reader.access_token, &round_id).await;
        assert_eq!(seen["myBallot"], Value::Null, "{seen}");
    }
    close(&app, &s.facilitator.access_token, &round_id).await;
    let seen = round(&app, &s.facilitator.access_token, &round_id).await;
    assert_eq!(seen["myBallot"], Value::Null, "{seen}");
    assert_eq!(
        my_marks(&round(&app, &s.members[1].access_token, &round_id).await),
        Some(marks_of(&second))
    );
}

const TYPE_FIELDS: &str = "query($name: String!) {
  __type(name: $name) { fields { name type { name kind ofType { name kind ofType { name kind ofType { name } } } } } }
}";

/// The fields of an object type: (name, the named type it holds).
async fn fields_of(app: &TestApp, name: &str) -> Vec<(String, String)> {
    let body = app.graphql(None, TYPE_FIELDS, json!({ "name": name })).await;
    let fields = body["data"]["__type"]["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no type {name}: {body}"));
    fields
        .iter()
        .map(|f| {
            let mut ty = &f["type"];
            while ty["name"].is_null() && !ty["ofType"].is_null() {
                ty = &ty["ofType"];
            }
            (
                f["name"].as_str().unwrap().to_owned(),
                ty["name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn no_field_lists_ballots_or_voters() {
    let app = spawn_app().await;
    let round = fields_of(&app, "Round").await;
    let ballot_fields: Vec<&str> = round
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| {
            let name = name.to_lowercase();
            name.contains("ballot") || name.contains("vote")
        })
        .collect();
    assert_eq!(ballot_fields, vec!["ballotCount", "myBallot"], "{round:?}");
    for (type_name, fields) in [
        ("Round", round),
        ("RoundResult", fields_of(&app, "RoundResult").await),
        ("RankedFinding", fields_of(&app, "RankedFinding").await),
        ("MyBallot", fields_of(&app, "MyBallot").await),
        ("BallotMark", fields_of(&app, "BallotMark").await),
    ] {
        for (name, held) in &fields {
            assert!(
                !matches!(held.as_str(), "User" | "Membership" | "MyBallot" | "BallotMark")
                    || (type_name, name.as_str()) == ("Round", "myBallot")
                    || (type_name, name.as_str()) == ("MyBallot", "marks")
                    // The facilitator who recorded the caller's own ballot
                    // (contract, "Assisted participation"), never a voter.
                    || (type_name, name.as_str()) == ("MyBallot", "assistedBy"),
                "{type_name}.{name} holds {held}"
            );
        }
    }
    let mark: Vec<String> = fields_of(&app, "BallotMark")
        .await
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(mark, vec!["value", "finding"]);
}

#[tokio::test]
async fn a_refused_ballot_says_nothing_of_other_voters() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let beatrice = named_member(&app, &s.admin, &s.forum_id, "MEMBER", "Beatrice Quillfeather").await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 3).await;
    let round_id = open_id(
        &app,
        &s.facilitator.access_token,
        &s.forum_id,
        &ids,
        "DOT",
        json!({ "maxPerItem": 5 }),
    )
    .await;
    let hers = [(ids[0].as_str(), 5), (ids[1].as_str(), 5)];
    vote(&app, &beatrice, &round_id, &hers).await;
    let outside = finding_at(&app, &s.admin.access_token, &s.forum_id, "Outside", &received(8)).await;

    let member = &s.members[0];
    let bad: [&[(&str, i64)]; 5] = [
        &[],
        &[(ids[0].as_str(), 6)],
        &[(ids[0].as_str(), 5), (ids[1].as_str(), 5), (ids[2].as_str(), 1)],
        &[(ids[0].as_str(), 1), (ids[0].as_str(), 1)],
        &[(outside.as_str(), 1)],
    ];
    let mut refusals = Vec::new();
    for marks in bad {
        refusals.push(cast(&app, Some(&member.access_token), &round_id, marks).await);
    }
    close(&app, &s.facilitator.access_token, &round_id).await;
    refusals.push(
        cast(
            &app,
            Some(&member.access_token),
            &round_id,
            &[(ids[2].as_str(), 1)],
        )
        .await,
    );

    for body in &refusals {
        let error = &body["errors"][0];
        assert!(error["message"].is_string(), "{body}");
        let text = body["errors"].to_string().to_lowercase();
        for secret in [
            "beatrice",
            "quillfeather",
            &beatrice.email.to_lowercase(),
            &beatrice.user_id,
        ] {
            assert!(!text.contains(secret), "{secret} shows in {body}");
        }
        assert!(
            body["data"].is_null() || body["data"]["castBallot"].is_null(),
            "{body}"
        );
    }
    assert_eq!(
        my_marks(&round(&app, &member.access_token, &round_id).await),
        None
    );
}
