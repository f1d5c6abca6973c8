//! Deciding on an improvement: facilitators open and close a decision,
//! members vote (with a reason, which a block needs); officers record
//! progress once it is agreed.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use coforum_app::ErrorCode;
use graphql_client::GraphQLQuery;
use serde_json::json;

use super::comments::CommentForm;
use super::improvements::{self, Improvement, Panels};
use super::layout::{Chrome, FieldError, Fields, form_errors, ok, refused, render};
use super::visitor::Visitor;
use super::{WebState, contract, gql};

#[derive(Template)]
#[template(path = "decision_open.html")]
struct OpenPage {
    c: Chrome,
    i: Improvement,
    rule: String,
    quorum: String,
    days: String,
}

/// `GET /improvements/{id}/decision`.
pub async fn open_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let (i, _) = improvements::load(&web, &v, &id, &format!("/improvements/{id}/decision")).await?;
    Ok(ok(&OpenPage {
        c: Chrome::new(&v, "Ask members to decide"),
        i,
        rule: "CONSENT".to_owned(),
        quorum: "50".to_owned(),
        days: String::new(),
    }))
}

/// `POST /improvements/{id}/decision`: the contract's `OpenDecision`.
pub async fn open(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let (i, _) = improvements::load(&web, &v, &id, &format!("/improvements/{id}/decision")).await?;
    let form = Fields(form);
    let rule = form.get("rule").to_owned();
    let quorum = form.get("quorum").trim().to_owned();
    let days = form.get("days").trim().to_owned();
    let mut errors = Vec::new();
    if rule.is_empty() {
        errors.push(error("rule", "Choose how the decision is made"));
    }
    let share = match quorum.trim_end_matches('%').parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Some(p / 100.0),
        _ => {
            errors.push(error("quorum", "Enter a number from 0 to 100"));
            None
        }
    };
    let closes = if days.is_empty() {
        None
    } else {
        match days.parse::<i64>() {
            Ok(d) if (1..=365).contains(&d) => Some(chrono::Utc::now() + chrono::Duration::days(d)),
            _ => {
                errors.push(error(
                    "days",
                    "Enter a number of days from 1 to 365, or leave it empty",
                ));
                None
            }
        }
    };
    if errors.is_empty() {
        let mut input = json!({ "improvementId": id, "rule": rule, "quorum": share.unwrap_or(0.0) });
        if let Some(closes) = closes {
            input["closesAt"] = json!(closes.to_rfc3339());
        }
        match gql::run(&web, v.caller, contract::OPEN_DECISION, json!({ "input": input })).await {
            Ok(_) => {
                return Ok(Redirect::to(&format!("/improvements/{id}?done=decision-opened")).into_response());
            }
            Err(refusal) => {
                errors = form_errors(
                    &refusal,
                    &[
                        ("rule", "rule", "How it is decided"),
                        ("quorum", "quorum", "How many must vote"),
                        ("closesAt", "days", "The closing time"),
                    ],
                )
            }
        }
    }
    let page = OpenPage {
        c: Chrome::new(&v, "Ask members to decide").errors(errors),
        i,
        rule,
        quorum,
        days,
    };
    Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
}

fn error(id: &str, text: &str) -> FieldError {
    FieldError {
        id: id.to_owned(),
        text: text.to_owned(),
    }
}

/// `POST /improvements/{id}/vote`: the contract's `CastDecisionVote`.
pub async fn vote(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let position = form.get("position").to_owned();
    let reason = form.get("reason").to_owned();
    let errors = if position.is_empty() {
        vec![error("position", "Choose what you think")]
    } else if position == "BLOCK" && reason.trim().is_empty() {
        vec![error(
            "reason",
            "Say why you block it, so the plan can be changed",
        )]
    } else {
        let mut input = json!({ "improvementId": id, "position": position });
        if !reason.trim().is_empty() {
            input["reason"] = json!(reason);
        }
        match gql::run(
            &web,
            v.caller,
            contract::CAST_DECISION_VOTE,
            json!({ "input": input }),
        )
        .await
        {
            Ok(_) => {
                return Ok(Redirect::to(&format!("/improvements/{id}?done=voted#decision")).into_response());
            }
            Err(refusal) => form_errors(
                &refusal,
                &[
                    ("position", "position", "Your choice"),
                    ("reason", "reason", "Your reason"),
                ],
            ),
        }
    };
    let panels = Panels {
        position,
        reason,
        errors,
    };
    improvements::show_improvement(&web, &v, &id, CommentForm::default(), panels).await
}

/// Closing a decision: counting the votes.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/close_decision.graphql"
)]
pub struct CloseDecision;

/// `POST /improvements/{id}/decision/close`: the contract's `CloseDecision`.
pub async fn close(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let variables = close_decision::Variables {
        improvement_id: id.clone(),
    };
    match gql::query::<CloseDecision>(&web, v.caller, variables).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/improvements/{id}?done=decision-closed#decision")).into_response())
        }
        Err(refusal) if refusal.code() == ErrorCode::Conflict => {
            let panels = Panels {
                errors: form_errors(&refusal, &[("improvementId", "close-decision", "The decision")]),
                ..Panels::default()
            };
            improvements::show_improvement(&web, &v, &id, CommentForm::default(), panels).await
        }
        Err(refusal) => Err(refused(&v, &refusal, &format!("/improvements/{id}"))),
    }
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    c: Chrome,
    i: Improvement,
    note: String,
    percent: String,
    status: String,
}

/// `GET /improvements/{id}/progress`.
pub async fn progress_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let (i, _) = improvements::load(&web, &v, &id, &format!("/improvements/{id}/progress")).await?;
    let percent = i
        .progress
        .last()
        .map(|p| p.percent_complete.to_string())
        .unwrap_or_default();
    Ok(ok(&ProgressPage {
        c: Chrome::new(&v, "Record progress"),
        i,
        note: String::new(),
        percent,
        status: "IN_PROGRESS".to_owned(),
    }))
}

/// `POST /improvements/{id}/progress`: the contract's `RecordProgress`.
pub async fn record_progress(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let (i, _) = improvements::load(&web, &v, &id, &format!("/improvements/{id}/progress")).await?;
    let form = Fields(form);
    let note = form.get("note").to_owned();
    let percent = form.get("percent").trim().trim_end_matches('%').to_owned();
    let status = form.get("status").to_owned();
    let mut errors = Vec::new();
    if note.trim().is_empty() {
        errors.push(error("note", "Say what the council did"));
    }
    let number = percent.parse::<i64>().ok();
    if number.is_none() {
        errors.push(error(
            "percent",
            "Enter how much is done, as a number from 0 to 100",
        ));
    }
    if status.is_empty() {
        errors.push(error("status", "Choose if it is being done or done"));
    }
    if errors.is_empty() {
        let input = json!({ "improvementId": id, "note": note, "percentComplete": number, "status": status });
        match gql::run(
            &web,
            v.caller,
            contract::RECORD_PROGRESS,
            json!({ "input": input }),
        )
        .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/improvements/{id}?done=progress#progress")).into_response(),
                );
            }
            Err(refusal) => {
                errors = form_errors(
                    &refusal,
                    &[
                        ("note", "note", "What was done"),
                        ("percentComplete", "percent", "How much is done"),
                        ("status", "status", "The status"),
                    ],
                )
            }
        }
    }
    let page = ProgressPage {
        c: Chrome::new(&v, "Record progress").errors(errors),
        i,
        note,
        percent,
        status,
    };
    Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
}
