//! Helpers for the co-design tests (improvements, revisions, comments,
//! decisions, progress and "you said, we did"), built on the contract's
//! operations, with a few documents of our own for fields the contract does
//! not select (`revisions`, `decisions`, `votes`, `hidden`, `hideComment`).
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

/// An improvement with everything the tests look at.
pub const IMPROVEMENT: &str = "query ImprovementFull($id: ID!) {
  improvement(id: $id) {
    id title summary status revision createdAt agreedAt
    forum { id slug }
    coAuthors { id }
    findings { id }
    revisions { number title summary note createdAt author { id } }
    decision { ...DecisionFull }
    decisions { ...DecisionFull }
    myVote { position reason }
    comments { id body hidden parentId createdAt author { id displayName } }
    progress { note percentComplete status createdAt author { id } }
  }
}
fragment DecisionFull on Decision {
  id rule quorum closesAt state outcome agree disagree abstain block voteCount turnout quorumMet
  votes { position reason voter { id displayName } }
}";

/// A finding's comments, `hidden` included.
pub const FINDING_THREAD: &str = "query FindingThread($id: ID!) {
  finding(id: $id) { id comments { id body hidden parentId createdAt author { id displayName } } }
}";

/// Not in the contract: facilitators hide a comment, saying why.
pub const HIDE_COMMENT: &str = "mutation HideComment($id: ID!, $reason: String!) {
  hideComment(id: $id, reason: $reason) { id body hidden parentId }
}";

/// A forum with a facilitator and members, and one finding the facilitator added.
pub struct Stage {
    pub s: Scene,
    pub finding: String,
}

/// A forum `slug` with a facilitator, `members` members and one finding.
pub async fn stage(app: &TestApp, slug: &str, members: usize) -> Stage {
    let s = scene(app, slug, members).await;
    let finding = new_finding(app, &s.facilitator, &s.forum_id, "Letters are hard to read").await;
    Stage { s, finding }
}

/// Adds a finding (which must succeed); returns its id.
pub async fn new_finding(app: &TestApp, who: &Session, forum_id: &str, title: &str) -> String {
    let finding = added(app, &who.access_token, finding_input(forum_id, title)).await;
    finding["id"].as_str().unwrap().to_owned()
}

/// `ProposeImprovement` input.
pub fn proposal(forum_id: &str, title: &str, finding_ids: &[&str]) -> Value {
    json!({
        "forumId": forum_id,
        "title": title,
        "summary": "Send every letter in easy read as well.",
        "findingIds": finding_ids,
    })
}

/// Runs `ProposeImprovement`; returns the whole body.
pub async fn propose(app: &TestApp, token: Option<&str>, input: Value) -> Value {
    app.op(token, "ProposeImprovement", json!({ "input": input }))
        .await
}

/// Proposes an improvement (which must succeed); returns `proposeImprovement`.
pub async fn proposed(app: &TestApp, who: &Session, forum_id: &str, title: &str, findings: &[&str]) -> Value {
    let data = app
        .ok(
            Some(&who.access_token),
            "ProposeImprovement",
            json!({ "input": proposal(forum_id, title, findings) }),
        )
        .await;
    data["proposeImprovement"].clone()
}

/// A draft proposed by the stage's first member (or the facilitator when
/// there are no members) over the stage's finding; returns its id.
pub async fn draft(app: &TestApp, st: &Stage) -> String {
    let who = st.s.members.first().unwrap_or(&st.s.facilitator);
    let improvement = proposed(app, who, &st.s.forum_id, "Easy read letters", &[&st.finding]).await;
    improvement["id"].as_str().unwrap().to_owned()
}

/// The improvement with our whole document, read by `who` (which must succeed).
pub async fn full(app: &TestApp, who: &Session, id: &str) -> Value {
    let body = app
        .graphql(Some(&who.access_token), IMPROVEMENT, json!({ "id": id }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["improvement"].clone()
}

/// Runs `ReviseImprovement`; returns the whole body.
pub async fn revise(app: &TestApp, token: Option<&str>, input: Value) -> Value {
    app.op(token, "ReviseImprovement", json!({ "input": input }))
        .await
}

/// Runs `AddCoAuthor`; returns the whole body.
pub async fn add_co_author(app: &TestApp, token: Option<&str>, id: &str, user_id: &str) -> Value {
    app.op(
        token,
        "AddCoAuthor",
        json!({ "improvementId": id, "userId": user_id }),
    )
    .await
}

/// Runs `AddComment`; returns the whole body.
pub async fn comment(
    app: &TestApp,
    token: Option<&str>,
    subject: &str,
    body: &str,
    parent: Option<&str>,
) -> Value {
    app.op(
        token,
        "AddComment",
        json!({ "input": { "subjectId": subject, "body": body, "parentId": parent } }),
    )
    .await
}

/// Adds a comment (which must succeed); returns `addComment`.
pub async fn commented(
    app: &TestApp,
    who: &Session,
    subject: &str,
    body: &str,
    parent: Option<&str>,
) -> Value {
    let reply = comment(app, Some(&who.access_token), subject, body, parent).await;
    assert!(reply.get("errors").is_none(), "AddComment failed: {reply}");
    reply["data"]["addComment"].clone()
}

/// A finding's comments (with `hidden`) as `who` reads them.
pub async fn finding_comments(app: &TestApp, who: &Session, finding: &str) -> Value {
    let body = app
        .graphql(Some(&who.access_token), FINDING_THREAD, json!({ "id": finding }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["finding"]["comments"].clone()
}

/// Runs our `HideComment`; returns the whole body.
pub async fn hide(app: &TestApp, token: Option<&str>, id: &str) -> Value {
    let reason = "It shares someone's personal details.";
    app.graphql(token, HIDE_COMMENT, json!({ "id": id, "reason": reason }))
        .await
}

/// `OpenDecision` input.
pub fn decision_terms(id: &str, rule: &str, quorum: f64) -> Value {
    json!({ "improvementId": id, "rule": rule, "quorum": quorum })
}

/// Runs `OpenDecision`; returns the whole body.
pub async fn open_decision(app: &TestApp, token: Option<&str>, input: Value) -> Value {
    app.op(token, "OpenDecision", json!({ "input": input })).await
}

/// Opens a decision (which must succeed); returns `openDecision`.
pub async fn opened(app: &TestApp, who: &Session, id: &str, rule: &str, quorum: f64) -> Value {
    let body = open_decision(app, Some(&who.access_token), decision_terms(id, rule, quorum)).await;
    assert!(body.get("errors").is_none(), "OpenDecision failed: {body}");
    body["data"]["openDecision"].clone()
}

/// Runs `CastDecisionVote`; returns the whole body.
pub async fn cast_vote(
    app: &TestApp,
    token: Option<&str>,
    id: &str,
    position: &str,
    reason: Option<&str>,
) -> Value {
    app.op(
        token,
        "CastDecisionVote",
        json!({ "input": { "improvementId": id, "position": position, "reason": reason } }),
    )
    .await
}

/// Casts a vote (which must succeed); returns `castDecisionVote`.
pub async fn voted(app: &TestApp, who: &Session, id: &str, position: &str) -> Value {
    let reason = (position == "BLOCK").then_some("It leaves out people who cannot read");
    let body = cast_vote(app, Some(&who.access_token), id, position, reason).await;
    assert!(body.get("errors").is_none(), "CastDecisionVote failed: {body}");
    body["data"]["castDecisionVote"].clone()
}

/// `who` votes `position` giving `reason`; returns the whole body.
pub async fn vote_why(app: &TestApp, who: &Session, id: &str, position: &str, reason: &str) -> Value {
    cast_vote(app, Some(&who.access_token), id, position, Some(reason)).await
}

/// The `voteCount` a `CastDecisionVote` body answers.
pub fn vote_count(body: &Value) -> &Value {
    &body["data"]["castDecisionVote"]["decision"]["voteCount"]
}

/// Runs `CloseDecision`; returns the whole body.
pub async fn close_decision(app: &TestApp, token: Option<&str>, id: &str) -> Value {
    app.op(token, "CloseDecision", json!({ "improvementId": id }))
        .await
}

/// Closes a decision (which must succeed); returns `closeDecision`.
pub async fn closed(app: &TestApp, who: &Session, id: &str) -> Value {
    let body = close_decision(app, Some(&who.access_token), id).await;
    assert!(body.get("errors").is_none(), "CloseDecision failed: {body}");
    body["data"]["closeDecision"].clone()
}

/// Takes a draft through a decision its facilitator agrees alone (quorum 0).
pub async fn agree(app: &TestApp, st: &Stage, id: &str) {
    opened(app, &st.s.facilitator, id, "MAJORITY", 0.0).await;
    voted(app, &st.s.facilitator, id, "AGREE").await;
    let result = closed(app, &st.s.facilitator, id).await;
    assert_eq!(result["status"], "AGREED", "{result}");
}

/// A draft taken through a decision that agrees it; returns its id.
pub async fn agreed(app: &TestApp, st: &Stage) -> String {
    let id = draft(app, st).await;
    agree(app, st, &id).await;
    id
}

/// `RecordProgress` input.
pub fn report(id: &str, note: &str, percent: i64, status: &str) -> Value {
    json!({ "improvementId": id, "note": note, "percentComplete": percent, "status": status })
}

/// Runs `RecordProgress`; returns the whole body.
pub async fn record(app: &TestApp, token: Option<&str>, input: Value) -> Value {
    app.op(token, "RecordProgress", json!({ "input": input })).await
}

/// Records progress (which must succeed); returns `recordProgress`.
pub async fn recorded(app: &TestApp, who: &Session, input: Value) -> Value {
    let body = record(app, Some(&who.access_token), input).await;
    assert!(body.get("errors").is_none(), "RecordProgress failed: {body}");
    body["data"]["recordProgress"].clone()
}

/// An RFC 3339 time `seconds` from now (negative: in the past).
pub fn from_now(seconds: i64) -> String {
    (Utc::now() + Duration::seconds(seconds)).to_rfc3339()
}

/// The ids of a list of objects, in order.
#[track_caller]
pub fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}
