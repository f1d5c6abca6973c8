//! Rounds: a round's page with its result (ties marked "Tied"), and
//! closing one.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use coforum_app::ErrorCode;
use serde::Deserialize;
use serde_json::json;

use super::layout::{Chrome, FieldError, form_errors, refused, render};
use super::visitor::Visitor;
use super::{WebState, contract, gql, queries};

/// The contract's `Round`, read.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Round {
    pub id: String,
    pub title: String,
    pub state: String,
    pub method: String,
    pub tally: Option<String>,
    pub ballot_count: i64,
    pub eligible_count: i64,
    pub closes_at: Option<String>,
    pub my_ballot: Option<MyBallot>,
    pub result: Option<RoundResult>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct MyBallot {
    pub marks: Vec<Mark>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Mark {
    pub value: i64,
    pub finding: IdOnly,
}

#[derive(Clone, Debug, Deserialize)]
pub struct IdOnly {
    pub id: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoundResult {
    pub ballot_count: i64,
    pub turnout: f64,
    pub ranking: Vec<Ranked>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Ranked {
    pub rank: i64,
    pub score: f64,
    pub tied: bool,
    pub finding: Titled,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Titled {
    pub id: String,
    pub title: String,
}

/// Our own `WebRoundExtras`, read.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoundExtras {
    pub budget: Option<i64>,
    pub max_per_item: Option<i64>,
    pub secret: bool,
    pub hide_results_until_closed: bool,
    pub forum: RoundForum,
    pub findings: Vec<Titled>,
    pub result: Option<ResultExtras>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoundForum {
    pub slug: String,
    pub name: String,
    pub my_role: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultExtras {
    pub eligible_count: i64,
}

impl Round {
    pub fn is_open(&self) -> bool {
        self.state == "OPEN"
    }

    /// What a score means for this method, as a column heading.
    pub fn score_heading(&self) -> &'static str {
        match self.method.as_str() {
            "DOT" => "Dots",
            "APPROVAL" => "Ticks",
            "SCORE" => "Average score (0 to 5)",
            _ => "Points",
        }
    }

    /// The mark the caller gave `finding`, if any.
    pub fn my_mark(&self, finding: &str) -> Option<i64> {
        self.my_ballot
            .as_ref()
            .and_then(|b| b.marks.iter().find(|m| m.finding.id == finding))
            .map(|m| m.value)
    }
}

/// Reads both documents for round `id`.
pub async fn load(
    web: &WebState,
    v: &Visitor,
    id: &str,
    path: &str,
) -> Result<(Round, RoundExtras), Response> {
    let round: Round = gql::fetch(web, v.caller, contract::ROUND, "round", json!({ "id": id }))
        .await
        .map_err(|r| refused(v, &r, path))?;
    let extras: RoundExtras = gql::fetch(web, v.caller, queries::ROUND_EXTRAS, "round", json!({ "id": id }))
        .await
        .map_err(|r| refused(v, &r, path))?;
    Ok((round, extras))
}

#[derive(Template)]
#[template(path = "round.html")]
struct RoundPage {
    c: Chrome,
    round: Round,
    x: RoundExtras,
    can_vote: bool,
    can_close: bool,
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// `GET /rounds/{id}`.
pub async fn show(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    show_round(&web, &v, &id, q.done.as_deref(), Vec::new()).await
}

async fn show_round(
    web: &WebState,
    v: &Visitor,
    id: &str,
    done: Option<&str>,
    errors: Vec<FieldError>,
) -> Result<Response, Response> {
    let (round, x) = load(web, v, id, &format!("/rounds/{id}")).await?;
    let notice = done.map(|d| {
        match d {
            "voted" => "Your vote is saved. You can change it until the vote closes.",
            "opened" => "The vote is open. Members can vote now.",
            "closed" => "The vote is closed. The results are below.",
            _ => "Your changes are saved.",
        }
        .to_owned()
    });
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CONFLICT
    };
    let page = RoundPage {
        c: Chrome::new(v, round.title.clone()).notice(notice).errors(errors),
        can_vote: round.is_open() && x.forum.my_role.is_some(),
        can_close: round.is_open() && v.me.as_ref().is_some_and(|m| m.facilitates(&x.forum.slug)),
        round,
        x,
    };
    Ok(render(&page, status))
}

/// `POST /rounds/{id}/close`: the contract's `CloseRound`.
pub async fn close(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    match gql::run(&web, v.caller, contract::CLOSE_ROUND, json!({ "id": id })).await {
        Ok(_) => Ok(Redirect::to(&format!("/rounds/{id}?done=closed")).into_response()),
        Err(refusal) if matches!(refusal.code(), ErrorCode::Conflict | ErrorCode::Forbidden) => {
            let errors = form_errors(&refusal, &[("id", "close-button", "The vote")]);
            show_round(&web, &v, &id, None, errors).await
        }
        Err(refusal) => Err(refused(&v, &refusal, &format!("/rounds/{id}"))),
    }
}
