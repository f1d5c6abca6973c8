//! Decisions on improvements: `OpenDecision`, `CastDecisionVote`,
//! `CloseDecision`, the outcome rules and closing at `closesAt`.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use serde_json::{Value, json};

use crate::co_design::*;
use crate::common::*;
use crate::support::*;

const NOBODY: &str = "00000000-0000-7000-8000-000000000000";

#[tokio::test]
async fn facilitators_and_admins_open_a_decision_on_a_draft() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let closes_at = from_now(3600);
    for who in [&st.s.facilitator, &st.s.admin] {
        let id = draft(&app, &st).await;
        let input = with(
            decision_terms(&id, "CONSENT", 0.5),
            json!({ "closesAt": closes_at }),
        );
        let body = open_decision(&app, Some(&who.access_token), input).await;
        let opened = &body["data"]["openDecision"];
        assert_eq!(opened["id"], id.as_str(), "{body}");
        assert_eq!(opened["status"], "IN_DECISION");
        assert_eq!(opened["decision"]["rule"], "CONSENT");
        assert_eq!(opened["decision"]["quorum"], 0.5);
        assert_eq!(opened["decision"]["state"], "OPEN");
        let off = time(&opened["decision"]["closesAt"]) - time(&json!(closes_at));
        assert!(off.num_microseconds().unwrap().abs() < 1, "{body}");
        let read = full(&app, &st.s.members[0], &id).await;
        assert_eq!(read["status"], "IN_DECISION");
        assert_eq!(read["decision"]["voteCount"], 0);
        assert_eq!(read["decision"]["outcome"], Value::Null);
        assert_eq!(read["decision"]["votes"], json!([]));
        assert_eq!(read["myVote"], Value::Null);
    }
    let id = draft(&app, &st).await;
    let opened = opened(&app, &st.s.facilitator, &id, "MAJORITY", 0.0).await;
    assert_eq!(opened["decision"]["closesAt"], Value::Null);
}

#[tokio::test]
async fn only_facilitators_open_decisions_on_valid_terms() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let officer = app.officer(&st.s.admin).await;
    let terms = decision_terms(&id, "MAJORITY", 0.5);
    for (who, code) in [
        (Some(st.s.members[0].access_token.as_str()), "FORBIDDEN"),
        (Some(officer.access_token.as_str()), "FORBIDDEN"),
        (Some(outsider.access_token.as_str()), "NOT_FOUND"),
        (None, "UNAUTHENTICATED"),
    ] {
        assert_code(&open_decision(&app, who, terms.clone()).await, code);
    }
    let facilitator = Some(st.s.facilitator.access_token.as_str());
    for (extra, field) in [
        (json!({ "quorum": 1.5 }), "quorum"),
        (json!({ "quorum": -0.1 }), "quorum"),
        (json!({ "closesAt": from_now(-60) }), "closesAt"),
    ] {
        let body = open_decision(&app, facilitator, with(terms.clone(), extra)).await;
        assert_bad_input(&body, field);
    }
    let unknown = decision_terms(NOBODY, "MAJORITY", 0.5);
    assert_code(&open_decision(&app, facilitator, unknown).await, "NOT_FOUND");
    let read = full(&app, &st.s.facilitator, &id).await;
    assert_eq!(read["status"], "DRAFT");
    assert_eq!(read["decision"], Value::Null);
    assert_eq!(read["decisions"], json!([]));
}

#[tokio::test]
async fn a_second_decision_cannot_open_while_one_is_open() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    opened(&app, &st.s.facilitator, &id, "CONSENT", 0.5).await;
    voted(&app, &st.s.members[0], &id, "AGREE").await;
    let again = decision_terms(&id, "MAJORITY", 0.1);
    let body = open_decision(&app, Some(&st.s.facilitator.access_token), again).await;
    assert_code(&body, "CONFLICT");
    let read = full(&app, &st.s.facilitator, &id).await;
    assert_eq!(read["decisions"].as_array().unwrap().len(), 1);
    assert_eq!(read["decision"]["rule"], "CONSENT");
    assert_eq!(read["decision"]["quorum"], 0.5);
    assert_eq!(read["decision"]["voteCount"], 1);
}

#[tokio::test]
async fn members_vote_once_each_and_may_change_their_vote() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 2).await;
    let id = draft(&app, &st).await;
    opened(&app, &st.s.facilitator, &id, "MAJORITY", 0.5).await;
    let (a, b) = (&st.s.members[0], &st.s.members[1]);
    assert_eq!(voted(&app, a, &id, "AGREE").await["decision"]["voteCount"], 1);
    assert_eq!(
        voted(&app, &st.s.facilitator, &id, "ABSTAIN").await["decision"]["voteCount"],
        2
    );
    let body = vote_why(&app, a, &id, "DISAGREE", "Costs too much").await;
    assert_eq!(vote_count(&body), 2, "{body}");
    let read = full(&app, a, &id).await;
    assert_eq!(
        read["myVote"],
        json!({ "position": "DISAGREE", "reason": "Costs too much" })
    );
    assert_eq!(read["decision"]["agree"], 0);
    assert_eq!(read["decision"]["disagree"], 1);
    assert_eq!(read["decision"]["abstain"], 1);
    assert_eq!(full(&app, b, &id).await["myVote"], Value::Null);
    let body = cast_vote(&app, Some(&a.access_token), &id, "AGREE", None).await;
    assert_eq!(vote_count(&body), 2, "{body}");
    let read = full(&app, a, &id).await;
    assert_eq!(read["myVote"], json!({ "position": "AGREE", "reason": null }));
    assert_eq!(read["decision"]["votes"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_block_needs_a_reason() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    opened(&app, &st.s.facilitator, &id, "CONSENT", 0.5).await;
    let member = &st.s.members[0];
    for reason in [None, Some(""), Some("   ")] {
        let body = cast_vote(&app, Some(&member.access_token), &id, "BLOCK", reason).await;
        assert_bad_input(&body, "reason");
    }
    let read = full(&app, member, &id).await;
    assert_eq!(read["decision"]["voteCount"], 0);
    assert_eq!(read["myVote"], Value::Null);
    let body = vote_why(&app, member, &id, "BLOCK", "Not for deaf members").await;
    assert_eq!(vote_count(&body), 1, "{body}");
}

#[tokio::test]
async fn only_members_vote_and_only_while_a_decision_is_open() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let member = &st.s.members[0];
    assert_code(
        &cast_vote(&app, Some(&member.access_token), &id, "AGREE", None).await,
        "CONFLICT",
    );
    opened(&app, &st.s.facilitator, &id, "MAJORITY", 0.0).await;
    voted(&app, member, &id, "AGREE").await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let officer = app.officer(&st.s.admin).await;
    for (who, code) in [
        (Some(officer.access_token.as_str()), "FORBIDDEN"),
        (Some(st.s.admin.access_token.as_str()), "FORBIDDEN"),
        (Some(outsider.access_token.as_str()), "NOT_FOUND"),
        (None, "UNAUTHENTICATED"),
    ] {
        assert_code(&cast_vote(&app, who, &id, "DISAGREE", None).await, code);
    }
    assert_eq!(full(&app, member, &id).await["decision"]["voteCount"], 1);
    let outcome = closed(&app, &st.s.facilitator, &id).await;
    assert_eq!(outcome["status"], "AGREED");
    let body = cast_vote(&app, Some(&st.s.facilitator.access_token), &id, "DISAGREE", None).await;
    assert_code(&body, "CONFLICT");
    let read = full(&app, member, &id).await;
    assert_eq!(read["decision"]["voteCount"], 1);
    assert_eq!(read["decision"]["disagree"], 0);
}

#[tokio::test]
async fn decision_votes_are_listed_with_their_reasons() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 0).await;
    let ada = named_member(&app, &st.s.admin, &st.s.forum_id, "MEMBER", "Ada").await;
    let bo = named_member(&app, &st.s.admin, &st.s.forum_id, "MEMBER", "Bo").await;
    let id = proposed(&app, &ada, &st.s.forum_id, "Easy read", &[&st.finding]).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    opened(&app, &st.s.facilitator, &id, "CONSENT", 0.5).await;
    vote_why(&app, &ada, &id, "AGREE", "Long overdue").await;
    vote_why(&app, &bo, &id, "BLOCK", "Leaves out Braille").await;
    let read = full(&app, &st.s.facilitator, &id).await;
    let mut votes: Vec<Value> = read["decision"]["votes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| json!([v["voter"]["displayName"], v["position"], v["reason"]]))
        .collect();
    votes.sort_by_key(Value::to_string);
    assert_eq!(
        votes,
        vec![
            json!(["Ada", "AGREE", "Long overdue"]),
            json!(["Bo", "BLOCK", "Leaves out Braille"]),
        ]
    );
}

#[tokio::test]
async fn closing_applies_the_rule_and_the_quorum_to_the_votes() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 4).await;
    let admin = Some(st.s.admin.access_token.as_str());
    let data = app.ok(admin, "ForumBySlug", json!({ "slug": "carers" })).await;
    assert_eq!(data["forum"]["memberCount"], 5, "facilitators count as members");
    let people: Vec<&Session> = std::iter::once(&st.s.facilitator).chain(&st.s.members).collect();
    // (rule, quorum, votes: A agree, D disagree, N abstain, B block; outcome)
    let cases = [
        ("MAJORITY", 0.5, "AAADB", "AGREED"),
        ("MAJORITY", 0.5, "AADB", "NOT_AGREED"),
        ("MAJORITY", 0.5, "AADD", "NOT_AGREED"),
        ("MAJORITY", 0.0, "ANNN", "AGREED"),
        ("MAJORITY", 0.0, "", "NOT_AGREED"),
        ("CONSENT", 0.5, "AAAB", "NOT_AGREED"),
        ("CONSENT", 0.5, "AAN", "AGREED"),
        ("CONSENT", 0.0, "AD", "NOT_AGREED"),
        ("CONSENT", 0.0, "AADNN", "AGREED"),
        ("MAJORITY", 0.9, "AA", "NO_QUORUM"),
        ("CONSENT", 0.4, "AA", "AGREED"),
    ];
    for (i, (rule, quorum, votes, outcome)) in cases.into_iter().enumerate() {
        let title = format!("Case {i}");
        let proposal = proposed(&app, &st.s.facilitator, &st.s.forum_id, &title, &[&st.finding]).await;
        let id = proposal["id"].as_str().unwrap().to_owned();
        opened(&app, &st.s.facilitator, &id, rule, quorum).await;
        let position = |c: char| match c {
            'A' => "AGREE",
            'D' => "DISAGREE",
            'N' => "ABSTAIN",
            _ => "BLOCK",
        };
        for (who, c) in people.iter().zip(votes.chars()) {
            voted(&app, who, &id, position(c)).await;
        }
        let count = |c: char| votes.chars().filter(|v| *v == c).count();
        let voters = u32::try_from(votes.len()).unwrap();
        let status = if outcome == "AGREED" { "AGREED" } else { "DRAFT" };
        let expected = json!({
            "id": id,
            "status": status,
            "decision": {
                "state": "CLOSED", "outcome": outcome,
                "agree": count('A'), "disagree": count('D'), "abstain": count('N'), "block": count('B'),
                "turnout": f64::from(voters) / 5.0,
                "quorumMet": outcome != "NO_QUORUM",
            },
        });
        let result = closed(&app, &st.s.facilitator, &id).await;
        assert_eq!(result, expected, "case {i}: {rule} {quorum} {votes}");
        let read = full(&app, &st.s.members[0], &id).await;
        assert_eq!(read["status"], status, "case {i}");
        assert_eq!(read["agreedAt"].is_null(), status != "AGREED", "case {i}: {read}");
        assert_eq!(read["decision"]["outcome"], outcome, "case {i}");
    }
}

#[tokio::test]
async fn only_facilitators_close_and_only_an_open_decision() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let facilitator = Some(st.s.facilitator.access_token.as_str());
    assert_code(&close_decision(&app, facilitator, &id).await, "CONFLICT");
    assert_eq!(full(&app, &st.s.facilitator, &id).await["status"], "DRAFT");
    opened(&app, &st.s.facilitator, &id, "MAJORITY", 0.0).await;
    voted(&app, &st.s.members[0], &id, "AGREE").await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let officer = app.officer(&st.s.admin).await;
    for (who, code) in [
        (Some(st.s.members[0].access_token.as_str()), "FORBIDDEN"),
        (Some(officer.access_token.as_str()), "FORBIDDEN"),
        (Some(outsider.access_token.as_str()), "NOT_FOUND"),
        (None, "UNAUTHENTICATED"),
    ] {
        assert_code(&close_decision(&app, who, &id).await, code);
    }
    let read = full(&app, &st.s.facilitator, &id).await;
    assert_eq!(read["status"], "IN_DECISION");
    assert_eq!(read["decision"]["state"], "OPEN");
    let admin_closed = closed(&app, &st.s.admin, &id).await;
    assert_eq!(admin_closed["status"], "AGREED");
    assert_code(&close_decision(&app, facilitator, &id).await, "CONFLICT");
    assert_eq!(full(&app, &st.s.facilitator, &id).await["status"], "AGREED");
}

#[tokio::test]
async fn after_a_failed_decision_a_new_one_starts_with_no_votes() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 2).await;
    let id = draft(&app, &st).await;
    let (a, b) = (&st.s.members[0], &st.s.members[1]);
    opened(&app, &st.s.facilitator, &id, "CONSENT", 0.5).await;
    voted(&app, a, &id, "AGREE").await;
    voted(&app, b, &id, "BLOCK").await;
    let first = closed(&app, &st.s.facilitator, &id).await;
    assert_eq!(first["status"], "DRAFT");
    assert_eq!(first["decision"]["outcome"], "NOT_AGREED");
    let input = json!({ "id": id, "summary": "Braille too.", "note": "Answering the block" });
    let body = revise(&app, Some(&a.access_token), input).await;
    assert_eq!(body["data"]["reviseImprovement"]["revision"], 2, "{body}");

    // Someone joins: the closed decision keeps the turnout it had.
    app.member(&st.s.admin, &st.s.forum_id, "MEMBER").await;
    opened(&app, &st.s.facilitator, &id, "MAJORITY", 0.25).await;
    let read = full(&app, a, &id).await;
    assert_eq!(read["decision"]["rule"], "MAJORITY");
    assert_eq!(read["decision"]["state"], "OPEN");
    assert_eq!(read["decision"]["voteCount"], 0);
    assert_eq!(read["decision"]["votes"], json!([]));
    assert_eq!(read["myVote"], Value::Null);
    let decisions = read["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 2, "{read}");
    assert_eq!(decisions[0]["rule"], "CONSENT");
    assert_eq!(decisions[0]["state"], "CLOSED");
    assert_eq!(decisions[0]["voteCount"], 2);
    assert_eq!(decisions[0]["turnout"], 2.0 / 3.0);
    assert_eq!(decisions[1], read["decision"]);

    voted(&app, b, &id, "AGREE").await;
    let second = closed(&app, &st.s.facilitator, &id).await;
    assert_eq!(second["status"], "AGREED");
    // Only this decision's vote counts: not the earlier AGREE and BLOCK.
    assert_eq!(second["decision"]["agree"], 1);
    assert_eq!(second["decision"]["block"], 0);
    assert_eq!(second["decision"]["turnout"], 0.25);
}

#[tokio::test]
async fn a_decision_closes_by_itself_at_its_closing_time() {
    let app = spawn_app_with(|c| c.round_close_interval = Duration::from_millis(200)).await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let input = with(
        decision_terms(&id, "MAJORITY", 0.5),
        json!({ "closesAt": from_now(2) }),
    );
    let body = open_decision(&app, Some(&st.s.facilitator.access_token), input).await;
    assert_eq!(
        body["data"]["openDecision"]["decision"]["state"], "OPEN",
        "{body}"
    );
    voted(&app, &st.s.members[0], &id, "AGREE").await;
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let read = full(&app, &st.s.members[0], &id).await;
    assert_eq!(read["decision"]["state"], "CLOSED", "{read}");
    assert_eq!(read["decision"]["outcome"], "AGREED");
    assert_eq!(read["decision"]["turnout"], 0.5);
    assert_eq!(read["status"], "AGREED");
    assert!(!read["agreedAt"].is_null());
    let late = cast_vote(&app, Some(&st.s.facilitator.access_token), &id, "DISAGREE", None).await;
    assert_code(&late, "CONFLICT");
}

#[tokio::test]
async fn votes_cast_at_once_count_each_member_once() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 5).await;
    let id = draft(&app, &st).await;
    opened(&app, &st.s.facilitator, &id, "MAJORITY", 0.5).await;
    let input = json!({ "input": { "improvementId": id, "position": "AGREE" } });
    let mut calls: Vec<(Option<&str>, &str, Value)> =
        st.s.members
            .iter()
            .map(|m| (Some(m.access_token.as_str()), "CastDecisionVote", input.clone()))
            .collect();
    // The first member votes three times at once.
    calls.extend(vec![calls[0].clone(); 2]);
    for body in app.op_all(calls).await {
        assert!(body.get("errors").is_none(), "{body}");
    }
    let read = full(&app, &st.s.facilitator, &id).await;
    assert_eq!(read["decision"]["voteCount"], 5, "{read}");
    assert_eq!(read["decision"]["votes"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn a_decision_opened_or_closed_twice_at_once_happens_once() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let token = Some(st.s.facilitator.access_token.as_str());
    let terms = json!({ "input": decision_terms(&id, "MAJORITY", 0.0) });
    let bodies = app.op_all(vec![(token, "OpenDecision", terms); 2]).await;
    let refused: Vec<_> = bodies.iter().filter_map(error_code).collect();
    assert_eq!(refused, ["CONFLICT"], "{bodies:?}");
    let read = full(&app, &st.s.facilitator, &id).await;
    assert_eq!(read["decisions"].as_array().unwrap().len(), 1);

    voted(&app, &st.s.members[0], &id, "AGREE").await;
    let close = json!({ "improvementId": id });
    let bodies = app.op_all(vec![(token, "CloseDecision", close); 2]).await;
    let refused: Vec<_> = bodies.iter().filter_map(error_code).collect();
    assert_eq!(refused, ["CONFLICT"], "{bodies:?}");
    let read = full(&app, &st.s.facilitator, &id).await;
    assert_eq!(read["status"], "AGREED");
    assert_eq!(read["decision"]["state"], "CLOSED");
    assert_eq!(read["decision"]["agree"], 1);
}

#[tokio::test]
async fn a_decision_past_its_closing_time_reads_as_closed_before_the_closer_runs() {
    let app = spawn_app_with(|c| c.round_close_interval = Duration::from_secs(3600)).await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let terms = with(
        decision_terms(&id, "MAJORITY", 0.5),
        json!({ "closesAt": from_now(1) }),
    );
    open_decision(&app, Some(&st.s.facilitator.access_token), terms).await;
    voted(&app, &st.s.members[0], &id, "AGREE").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // Lists first: they must not show it as still in decision either.
    let member = Some(st.s.members[0].access_token.as_str());
    let forum = app.ok(member, "ForumBySlug", json!({ "slug": "carers" })).await;
    assert_eq!(forum["forum"]["improvements"][0]["status"], "AGREED", "{forum}");
    let said = app.ok(member, "YouSaidWeDid", json!({})).await;
    assert_eq!(
        said["youSaidWeDid"][0]["improvement"]["id"],
        id.as_str(),
        "{said}"
    );
    let read = full(&app, &st.s.members[0], &id).await;
    assert_eq!(read["decision"]["state"], "CLOSED", "{read}");
    assert_eq!(read["decision"]["outcome"], "AGREED", "{read}");
    assert_eq!(read["status"], "AGREED", "{read}");
}
