//! Helpers for the findings, rounds, ballots and reports tests, built on the
//! contract's operations (`AddFinding`, `OpenRound`, `CastBallot`,
//! `CloseRound`, `Round`) and on a few documents of our own where the
//! contract's select parts that are built later.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{Value, json};

use crate::common::*;

/// The contract's `Finding` without `comments` and `improvements`; the
/// contract document is used once improvements exist.
pub const FINDING: &str = "query Finding($id: ID!) {
  finding(id: $id) {
    id title body source themes reference receivedAt status
    forum { slug }
  }
}";

/// The contract's `ForumBySlug` without `improvements`; the contract
/// document is used once improvements exist.
pub const FORUM_BY_SLUG: &str =
    "query ForumBySlug($slug: String!, $first: Int, $after: String, $theme: String) {
  forum(slug: $slug) {
    id slug name description memberCount myRole
    members { role user { id displayName } }
    findings(first: $first, after: $after, theme: $theme) {
      totalCount
      edges { cursor node { id title source themes } }
      pageInfo { hasNextPage endCursor }
    }
    rounds { id title state method }
  }
}";

/// The contract's `Priorities` without `improvements`; the contract
/// document is used once improvements exist.
pub const PRIORITIES: &str = "query Priorities($forumId: ID, $theme: String, $first: Int) {
  priorities(forumId: $forumId, theme: $theme, first: $first) {
    rank score normalizedScore tied
    finding { id title source themes forum { slug name } }
    round { id title method closedAt result { turnout } }
  }
}";

/// A round with its whole result, `final` and `eligibleCount` included.
pub const ROUND_RESULT: &str = "query RoundResult($id: ID!) {
  round(id: $id) {
    id state closedAt ballotCount eligibleCount
    findings { id status }
    myBallot { marks { value finding { id } } }
    result { ballotCount eligibleCount turnout final ranking { rank score tied finding { id } } }
  }
}";

/// A forum with a facilitator, some members, and the admin who made it.
pub struct Scene {
    pub admin: Session,
    pub forum_id: String,
    pub slug: String,
    pub facilitator: Session,
    pub members: Vec<Session>,
}

/// A forum `slug` with one facilitator and `members` members.
pub async fn scene(app: &TestApp, slug: &str, members: usize) -> Scene {
    let admin = app.admin().await;
    let forum_id = app.forum(&admin, slug).await;
    let facilitator = app.member(&admin, &forum_id, "FACILITATOR").await;
    let mut people = Vec::new();
    for _ in 0..members {
        people.push(app.member(&admin, &forum_id, "MEMBER").await);
    }
    Scene {
        admin,
        forum_id,
        slug: slug.to_owned(),
        facilitator,
        members: people,
    }
}

/// Someone who joined `forum_id` with `role` under a display name of our choosing.
pub async fn named_member(app: &TestApp, admin: &Session, forum_id: &str, role: &str, name: &str) -> Session {
    let code = app.invite(admin, forum_id, role).await;
    let email = format!(
        "{}-{}@example.org",
        name.to_lowercase().replace(' ', "."),
        short_id()
    );
    app.register_with(&email, name, Some(&code)).await
}

/// An officer's read-only API token.
pub async fn api_token(app: &TestApp, officer: &Session) -> String {
    let data = app
        .ok(
            Some(&officer.access_token),
            "CreateApiToken",
            json!({ "name": "Reports" }),
        )
        .await;
    data["createApiToken"]["token"].as_str().unwrap().to_owned()
}

/// Parses an RFC 3339 time from a response.
#[track_caller]
pub fn time(value: &Value) -> DateTime<Utc> {
    let text = value.as_str().unwrap_or_else(|| panic!("not a time: {value}"));
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&Utc)
}

/// The `i`th of a run of past times, an hour apart, oldest first.
pub fn received(i: usize) -> String {
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    (start + Duration::hours(i64::try_from(i).unwrap())).to_rfc3339()
}

/// `AddFinding` input with harmless defaults.
pub fn finding_input(forum_id: &str, title: &str) -> Value {
    json!({
        "forumId": forum_id,
        "title": title,
        "body": "What we heard.",
        "source": "COMPLAINT",
        "themes": [],
    })
}

/// `input` with `extra`'s keys set over it.
pub fn with(mut input: Value, extra: Value) -> Value {
    for (key, value) in extra.as_object().unwrap() {
        input[key] = value.clone();
    }
    input
}

/// Runs `AddFinding`; returns the whole body.
pub async fn add_finding(app: &TestApp, token: Option<&str>, input: Value) -> Value {
    app.op(token, "AddFinding", json!({ "input": input })).await
}

/// Adds a finding (which must succeed); returns `addFinding`.
pub async fn added(app: &TestApp, token: &str, input: Value) -> Value {
    let data = app.ok(Some(token), "AddFinding", json!({ "input": input })).await;
    data["addFinding"].clone()
}

/// Adds a finding received at `received_at`; returns its id.
pub async fn finding_at(
    app: &TestApp,
    token: &str,
    forum_id: &str,
    title: &str,
    received_at: &str,
) -> String {
    let input = with(
        finding_input(forum_id, title),
        json!({ "receivedAt": received_at }),
    );
    added(app, token, input).await["id"].as_str().unwrap().to_owned()
}

/// Adds `n` findings received an hour apart; returns their ids, oldest first.
pub async fn findings(app: &TestApp, token: &str, forum_id: &str, n: usize) -> Vec<String> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        ids.push(finding_at(app, token, forum_id, &format!("Finding {i:03}"), &received(i)).await);
    }
    ids
}

/// Reads a forum with our `ForumBySlug`; returns the whole body.
pub async fn read_forum(app: &TestApp, token: Option<&str>, slug: &str, variables: Value) -> Value {
    let variables = with(json!({ "slug": slug }), variables);
    app.graphql(token, FORUM_BY_SLUG, variables).await
}

/// How many findings the forum lists (read by `token`).
pub async fn finding_count(app: &TestApp, token: &str, slug: &str) -> u64 {
    let body = read_forum(app, Some(token), slug, json!({})).await;
    body["data"]["forum"]["findings"]["totalCount"]
        .as_u64()
        .unwrap_or_else(|| panic!("no totalCount: {body}"))
}

/// The forum's rounds (read by `token`), newest first.
pub async fn rounds_of(app: &TestApp, token: &str, slug: &str) -> Value {
    let body = read_forum(app, Some(token), slug, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["forum"]["rounds"].clone()
}

/// `OpenRound` input over `finding_ids`.
pub fn round_input(forum_id: &str, finding_ids: &[String], method: &str) -> Value {
    json!({
        "forumId": forum_id,
        "title": "Spring priorities",
        "findingIds": finding_ids,
        "method": method,
    })
}

/// Runs `OpenRound`; returns the whole body.
pub async fn open_round(app: &TestApp, token: Option<&str>, input: Value) -> Value {
    app.op(token, "OpenRound", json!({ "input": input })).await
}

/// Opens a round (which must succeed) with `extra` options; returns `openRound`.
pub async fn open(
    app: &TestApp,
    token: &str,
    forum_id: &str,
    finding_ids: &[String],
    method: &str,
    extra: Value,
) -> Value {
    let input = with(round_input(forum_id, finding_ids, method), extra);
    let data = app.ok(Some(token), "OpenRound", json!({ "input": input })).await;
    data["openRound"].clone()
}

/// Opens a round (which must succeed); returns its id.
pub async fn open_id(
    app: &TestApp,
    token: &str,
    forum_id: &str,
    finding_ids: &[String],
    method: &str,
    extra: Value,
) -> String {
    open(app, token, forum_id, finding_ids, method, extra).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Runs `CastBallot`; returns the whole body.
pub async fn cast(app: &TestApp, token: Option<&str>, round_id: &str, marks: &[(&str, i64)]) -> Value {
    app.op(token, "CastBallot", ballot(round_id, marks)).await
}

/// Casts a ballot that must be accepted; returns `castBallot`.
pub async fn vote(app: &TestApp, who: &Session, round_id: &str, marks: &[(&str, i64)]) -> Value {
    let body = cast(app, Some(&who.access_token), round_id, marks).await;
    assert!(body.get("errors").is_none(), "CastBallot failed: {body}");
    body["data"]["castBallot"].clone()
}

/// Runs `CloseRound`; returns the whole body.
pub async fn close_round(app: &TestApp, token: Option<&str>, round_id: &str) -> Value {
    app.op(token, "CloseRound", json!({ "id": round_id })).await
}

/// Closes a round (which must succeed); returns `closeRound`.
pub async fn close(app: &TestApp, token: &str, round_id: &str) -> Value {
    app.ok(Some(token), "CloseRound", json!({ "id": round_id })).await["closeRound"].clone()
}

/// The contract's `Round` as `token` sees it (which must succeed).
pub async fn round(app: &TestApp, token: &str, round_id: &str) -> Value {
    app.ok(Some(token), "Round", json!({ "id": round_id })).await["round"].clone()
}

/// Our `RoundResult` document as `token` sees it (which must succeed).
pub async fn round_result(app: &TestApp, token: &str, round_id: &str) -> Value {
    let body = app
        .graphql(Some(token), ROUND_RESULT, json!({ "id": round_id }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["round"].clone()
}

/// One place in a ranking: finding id, rank, score, tied.
pub type Place = (String, u64, f64, bool);

/// `result.ranking` of a round as (finding id, rank, score, tied).
#[track_caller]
pub fn ranking(round: &Value) -> Vec<Place> {
    round["result"]["ranking"]
        .as_array()
        .unwrap_or_else(|| panic!("no ranking: {round}"))
        .iter()
        .map(|entry| {
            (
                entry["finding"]["id"].as_str().unwrap().to_owned(),
                entry["rank"].as_u64().unwrap(),
                entry["score"].as_f64().unwrap(),
                entry["tied"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// An expected place.
pub fn place(finding: &str, rank: u64, score: f64, tied: bool) -> Place {
    (finding.to_owned(), rank, score, tied)
}

/// `myBallot` of a round as (finding id, value), sorted; None when null.
#[track_caller]
pub fn my_marks(round: &Value) -> Option<Vec<(String, i64)>> {
    let ballot = &round["myBallot"];
    if ballot.is_null() {
        return None;
    }
    let mut marks: Vec<(String, i64)> = ballot["marks"]
        .as_array()
        .unwrap_or_else(|| panic!("no marks: {round}"))
        .iter()
        .map(|m| {
            (
                m["finding"]["id"].as_str().unwrap().to_owned(),
                m["value"].as_i64().unwrap(),
            )
        })
        .collect();
    marks.sort();
    Some(marks)
}

/// Marks as `my_marks` gives them back.
pub fn marks_of(marks: &[(&str, i64)]) -> Vec<(String, i64)> {
    let mut owned: Vec<(String, i64)> = marks.iter().map(|(f, v)| ((*f).to_owned(), *v)).collect();
    owned.sort();
    owned
}

/// Counts rows with raw SQL on the test database (`sql` selects `COUNT(*) AS n`).
pub async fn count_rows(app: &TestApp, sql: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = app.state.db.conn();
    let row = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .expect("count query")
        .expect("a row");
    row.try_get::<i64>("", "n").expect("n")
}

/// Sends the contract's operations all at once, each from its own task;
/// returns the bodies in the order given.
pub async fn all_at_once(app: &TestApp, requests: Vec<(Option<String>, &str, Value)>) -> Vec<Value> {
    let mut tasks = Vec::new();
    for (token, name, variables) in requests {
        let client = app.client.clone();
        let url = app.url("/graphql");
        let query = operation(name);
        tasks.push(tokio::spawn(async move {
            let mut request = client
                .post(url)
                .json(&json!({ "query": query, "variables": variables }));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            request.send().await.unwrap().json::<Value>().await.unwrap()
        }));
    }
    let mut bodies = Vec::new();
    for task in tasks {
        bodies.push(task.await.unwrap());
    }
    bodies
}

/// `CastBallot` variables.
pub fn ballot(round_id: &str, marks: &[(&str, i64)]) -> Value {
    let marks: Vec<Value> = marks
        .iter()
        .map(|(finding, value)| json!({ "findingId": finding, "value": value }))
        .collect();
    json!({ "input": { "roundId": round_id, "marks": marks } })
}
