//! Assisted participation (contract, "Assisted participation"): a
//! facilitator records a member's ballot or decision vote given by phone,
//! on paper, in person or through an advocate. It is the member's own,
//! counted like any other; the member sees who recorded it and is told;
//! the audit log says who, for whom and how, never the marks.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::co_design::{draft, new_finding, opened, stage};
use crate::common::*;
use crate::notifications::notifications_of;
use crate::support::{ballot, open_id, round_result, vote};

fn for_voter(round: &str, voter: &Session, marks: &[(&str, i64)], how: &str) -> Value {
    let mut input = ballot(round, marks);
    input["input"]["voterId"] = json!(voter.user_id);
    input["input"]["assistance"] = json!(how);
    input
}

async fn my_ballot(app: &TestApp, who: &Session, round: &str) -> Value {
    let data = app
        .ok(Some(&who.access_token), "MyBallotDetail", json!({ "id": round }))
        .await;
    data["round"]["myBallot"].clone()
}

#[tokio::test]
async fn a_recorded_ballot_is_the_members_own_counted_like_any_other() {
    let app = spawn_app().await;
    let st = stage(&app, "assisted", 2).await;
    let (fac, alice, bob) = (&st.s.facilitator, &st.s.members[0], &st.s.members[1]);
    let second = new_finding(&app, fac, &st.s.forum_id, "Second").await;
    let findings = vec![st.finding.clone(), second.clone()];
    let round = open_id(
        &app,
        &fac.access_token,
        &st.s.forum_id,
        &findings,
        "APPROVAL",
        json!({ "secret": true }),
    )
    .await;

    let input = for_voter(&round, alice, &[(&second, 1)], "PHONE");
    let recorded = app.ok(Some(&fac.access_token), "CastBallotFor", input).await;
    assert_eq!(recorded["castBallotFor"]["ballotCount"], 1);
    vote(&app, bob, &round, &[(&second, 1)]).await;

    // Alice sees it is hers, who recorded it and how.
    let mine = my_ballot(&app, alice, &round).await;
    assert_eq!(mine["assistance"], "PHONE");
    assert_eq!(mine["assistedBy"]["id"], fac.user_id.as_str());
    assert_eq!(mine["marks"][0]["finding"]["id"], second.as_str());
    // Nobody else reads it back: the facilitator has no ballot of their own.
    assert!(my_ballot(&app, fac, &round).await.is_null());
    // She is told.
    let told = notifications_of(&app, alice).await;
    assert_eq!(told[0]["kind"], "BALLOT_RECORDED_FOR_YOU", "{told:?}");
    assert!(
        !notifications_of(&app, fac)
            .await
            .iter()
            .any(|n| n["kind"] == "BALLOT_RECORDED_FOR_YOU")
    );

    // She replaces it herself: it is hers, no longer a recorded one.
    vote(&app, alice, &round, &[(&st.finding, 1)]).await;
    let mine = my_ballot(&app, alice, &round).await;
    assert!(
        mine["assistance"].is_null() && mine["assistedBy"].is_null(),
        "{mine}"
    );

    crate::support::close(&app, &fac.access_token, &round).await;
    let result = round_result(&app, &fac.access_token, &round).await;
    assert_eq!(result["result"]["ballotCount"], 2, "{result}");
    assert_eq!(result["result"]["turnout"], json!(2.0 / 3.0), "{result}");
}

#[tokio::test]
async fn only_facilitators_and_admins_record_and_only_for_members() {
    let app = spawn_app().await;
    let st = stage(&app, "who-records", 1).await;
    let (fac, alice) = (&st.s.facilitator, &st.s.members[0]);
    let second = new_finding(&app, fac, &st.s.forum_id, "Second").await;
    let findings = vec![st.finding.clone(), second];
    let round = open_id(
        &app,
        &fac.access_token,
        &st.s.forum_id,
        &findings,
        "APPROVAL",
        json!({}),
    )
    .await;
    let outsider = app.register("outsider@example.org", "Outsider").await;

    let input = for_voter(&round, alice, &[(&st.finding, 1)], "PAPER");
    assert_code(
        &app.op(Some(&alice.access_token), "CastBallotFor", input.clone())
            .await,
        "FORBIDDEN",
    );
    assert_code(
        &app.op(Some(&outsider.access_token), "CastBallotFor", input.clone())
            .await,
        "NOT_FOUND",
    );
    let officer = app.officer(&st.s.admin).await;
    assert_code(
        &app.op(Some(&officer.access_token), "CastBallotFor", input).await,
        "FORBIDDEN",
    );

    let not_member = for_voter(&round, &outsider, &[(&st.finding, 1)], "PAPER");
    assert_bad_input(
        &app.op(Some(&fac.access_token), "CastBallotFor", not_member).await,
        "voterId",
    );
    let bad_marks = for_voter(&round, alice, &[(&st.finding, 7)], "PAPER");
    assert_bad_input(
        &app.op(Some(&fac.access_token), "CastBallotFor", bad_marks).await,
        "marks",
    );
    let mut long_note = for_voter(&round, alice, &[(&st.finding, 1)], "ADVOCATE");
    long_note["input"]["note"] = json!("x".repeat(501));
    assert_bad_input(
        &app.op(Some(&fac.access_token), "CastBallotFor", long_note).await,
        "note",
    );
    // Nothing of it was counted.
    assert!(my_ballot(&app, alice, &round).await.is_null());

    let by_admin = for_voter(&round, alice, &[(&st.finding, 1)], "IN_PERSON");
    app.ok(Some(&st.s.admin.access_token), "CastBallotFor", by_admin)
        .await;
    assert_eq!(my_ballot(&app, alice, &round).await["assistance"], "IN_PERSON");
}

#[tokio::test]
async fn the_audit_log_says_who_for_whom_and_how_never_the_marks() {
    let app = spawn_app().await;
    let st = stage(&app, "audited", 1).await;
    let (fac, alice) = (&st.s.facilitator, &st.s.members[0]);
    let second = new_finding(&app, fac, &st.s.forum_id, "Second finding").await;
    let findings = vec![st.finding.clone(), second.clone()];
    let round = open_id(
        &app,
        &fac.access_token,
        &st.s.forum_id,
        &findings,
        "APPROVAL",
        json!({}),
    )
    .await;
    let mut input = for_voter(&round, alice, &[(&second, 1)], "PHONE");
    input["input"]["note"] = json!("She called on Tuesday");
    app.ok(Some(&fac.access_token), "CastBallotFor", input).await;

    let log = app
        .graphql(
            Some(&st.s.admin.access_token),
            "{ auditLog(first: 50) { action detail actor { id } } }",
            json!({}),
        )
        .await;
    let entries = log["data"]["auditLog"].as_array().unwrap();
    let entry = entries
        .iter()
        .find(|e| e["action"] == "BALLOT_RECORDED_FOR")
        .unwrap();
    assert_eq!(entry["actor"]["id"], fac.user_id.as_str());
    let detail = entry["detail"].as_str().unwrap();
    assert!(
        detail.contains(&alice.user_id) && detail.contains("by phone"),
        "{detail}"
    );
    assert!(!detail.contains(&second), "no marks in {detail}");
}

#[tokio::test]
async fn a_decision_vote_recorded_for_a_member_counts_and_tells_them() {
    let app = spawn_app().await;
    let st = stage(&app, "assisted-decision", 2).await;
    let (fac, alice) = (&st.s.facilitator, &st.s.members[0]);
    let improvement = draft(&app, &st).await;
    opened(&app, fac, &improvement, "MAJORITY", 0.0).await;
    let input = json!({ "input": {
        "improvementId": improvement,
        "voterId": alice.user_id,
        "position": "AGREE",
        "assistance": "ADVOCATE",
    } });
    let body = app
        .ok(Some(&fac.access_token), "CastDecisionVoteFor", input.clone())
        .await;
    assert_eq!(body["castDecisionVoteFor"]["decision"]["voteCount"], 1);
    let told = notifications_of(&app, alice).await;
    assert_eq!(told[0]["kind"], "BALLOT_RECORDED_FOR_YOU", "{told:?}");
    assert_code(
        &app.op(Some(&alice.access_token), "CastDecisionVoteFor", input)
            .await,
        "FORBIDDEN",
    );
}

#[tokio::test]
async fn the_member_reads_on_their_round_page_who_recorded_their_vote() {
    let app = spawn_app().await;
    let st = stage(&app, "told-on-page", 1).await;
    let (fac, alice) = (&st.s.facilitator, &st.s.members[0]);
    let second = new_finding(&app, fac, &st.s.forum_id, "Second").await;
    let findings = vec![st.finding.clone(), second];
    let round = open_id(
        &app,
        &fac.access_token,
        &st.s.forum_id,
        &findings,
        "APPROVAL",
        json!({}),
    )
    .await;
    let input = for_voter(&round, alice, &[(&st.finding, 1)], "PHONE");
    app.ok(Some(&fac.access_token), "CastBallotFor", input).await;

    let mut browser = crate::web_csrf::Browser::signed_in(&app, alice);
    let page = browser.get(&format!("/rounds/{round}")).await;
    assert!(
        page.body
            .contains("FACILITATOR recorded this vote for you by phone."),
        "{}",
        page.body
    );
    let ballot = browser.get(&format!("/rounds/{round}/vote")).await;
    assert!(
        ballot.body.contains("recorded this vote for you by phone."),
        "{}",
        ballot.body
    );
}
