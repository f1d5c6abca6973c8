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

use super::allowed::{self, Task};
use super::codes::{DecisionRule, ImprovementStatus, Position, from_form};
use super::comments::CommentForm;
use super::improvements::{self, Improvement, Panels};
use super::layout::{Chrome, Fields, form_errors, ok, refused, render};
use super::page::{self, error};
use super::visitor::Visitor;
use super::{WebState, gql};

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// `OpenDecision`: a facilitator asks members to decide.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/open_decision.graphql",
    extern_enums("DecisionRule"),
    skip_serializing_none,
    response_derives = "Debug"
)]
pub struct OpenDecision;

/// `CastDecisionVote`: a member says what they think.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/cast_decision_vote.graphql",
    extern_enums("Position"),
    skip_serializing_none,
    response_derives = "Debug"
)]
pub struct CastDecisionVote;

/// Closing a decision: counting the votes.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/close_decision.graphql"
)]
pub struct CloseDecision;

/// `RecordProgress`: an officer says what the council did.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/record_progress.graphql",
    extern_enums("ImprovementStatus"),
    response_derives = "Debug"
)]
pub struct RecordProgress;

#[derive(Template)]
#[template(path = "decision_open.html")]
struct OpenPage {
    c: Chrome,
    i: Improvement,
    rule: Option<DecisionRule>,
    quorum: String,
    days: String,
}

impl OpenPage {
    fn rule_is(&self, rule: DecisionRule) -> bool {
        self.rule == Some(rule)
    }
}

/// `GET /improvements/{id}/decision`.
pub async fn open_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let i = improvements::load_for(
        &web,
        &v,
        &id,
        &format!("/improvements/{id}/decision"),
        Task::OpenDecision,
    )
    .await?;
    Ok(ok(&OpenPage {
        c: Chrome::new(&v, "Ask members to decide"),
        i,
        rule: Some(DecisionRule::Consent),
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
    let i = improvements::load_for(
        &web,
        &v,
        &id,
        &format!("/improvements/{id}/decision"),
        Task::OpenDecision,
    )
    .await?;
    let form = Fields(form);
    let rule = from_form::<DecisionRule>(form.get("rule"));
    let quorum = form.get("quorum").trim().to_owned();
    let days = form.get("days").trim().to_owned();
    let mut errors = Vec::new();
    if rule.is_none() {
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
    let variables = || open_decision::Variables {
        input: open_decision::OpenDecisionInput {
            improvement_id: id.clone(),
            rule: rule.unwrap_or(DecisionRule::Consent),
            quorum: share.unwrap_or(0.0),
            closes_at: closes.map(|at| at.to_rfc3339()),
        },
    };
    let fields = [
        ("rule", "rule", "How it is decided"),
        ("quorum", "quorum", "How many must vote"),
        ("closesAt", "days", "The closing time"),
    ];
    match page::send::<OpenDecision>(&web, &v, errors, variables, &fields).await {
        Ok(_) => Ok(Redirect::to(&format!("/improvements/{id}?done=decision-opened")).into_response()),
        Err(errors) => {
            let page = OpenPage {
                c: Chrome::new(&v, "Ask members to decide").errors(errors),
                i,
                rule,
                quorum,
                days,
            };
            Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
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
    let position = from_form::<Position>(form.get("position"));
    let reason = form.get("reason").to_owned();
    let errors = match position {
        None => vec![error("position", "Choose what you think")],
        Some(Position::Block) if reason.trim().is_empty() => vec![error(
            "reason",
            "Say why you block it, so the plan can be changed",
        )],
        Some(_) => Vec::new(),
    };
    let variables = || cast_decision_vote::Variables {
        input: cast_decision_vote::CastDecisionVoteInput {
            improvement_id: id.clone(),
            position: position.unwrap_or(Position::Abstain),
            reason: Some(reason.clone()).filter(|r| !r.trim().is_empty()),
        },
    };
    let fields = [
        ("position", "position", "Your choice"),
        ("reason", "reason", "Your reason"),
    ];
    let task = (Task::Vote, improvements::back(&id));
    match page::send_as::<CastDecisionVote>(&web, &v, errors, variables, &fields, task).await? {
        Ok(_) => Ok(Redirect::to(&format!("/improvements/{id}?done=voted#decision")).into_response()),
        Err(errors) => {
            let panels = Panels {
                position,
                reason,
                errors,
                confirm_close: false,
            };
            improvements::show_improvement(&web, &v, &id, CommentForm::default(), panels).await
        }
    }
}

/// `POST /improvements/{id}/decision/close`: first the step that asks to
/// confirm, then (with `confirm=yes`) the contract's `CloseDecision`.
pub async fn close(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    if Fields(form).get("confirm") != "yes" {
        let confirm = format!("/improvements/{id}?confirm=close#confirm-close");
        return Ok(Redirect::to(&confirm).into_response());
    }
    let variables = close_decision::Variables {
        improvement_id: id.clone(),
    };
    match gql::query::<CloseDecision>(&web, v.caller, variables).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/improvements/{id}?done=decision-closed#decision")).into_response())
        }
        Err(refusal) if refusal.code() == ErrorCode::Forbidden => {
            Err(allowed::cannot(&v, Task::CloseDecision, improvements::back(&id)))
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
    status: Option<ImprovementStatus>,
}

impl ProgressPage {
    fn status_is(&self, status: ImprovementStatus) -> bool {
        self.status == Some(status)
    }
}

/// The improvement, if the visitor may record its progress: officers, and
/// its forum's facilitators where the forum's settings allow.
async fn load_for_progress(
    web: &WebState,
    v: &Visitor,
    id: &str,
) -> Result<improvements::Improvement, Response> {
    let path = format!("/improvements/{id}/progress");
    let i = improvements::load(web, v, id, &path).await?;
    let task = Task::RecordProgress {
        facilitators: i.forum.facilitators_record_progress,
    };
    allowed::refusal(v, i.forum.my_role, task, &path, improvements::back(id)).map_or(Ok(()), Err)?;
    Ok(i)
}

/// `GET /improvements/{id}/progress`.
pub async fn progress_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let i = load_for_progress(&web, &v, &id).await?;
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
        status: Some(ImprovementStatus::InProgress),
    }))
}

/// `POST /improvements/{id}/progress`: the contract's `RecordProgress`.
pub async fn record_progress(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let i = load_for_progress(&web, &v, &id).await?;
    let form = Fields(form);
    let note = form.get("note").to_owned();
    let percent = form.get("percent").trim().trim_end_matches('%').to_owned();
    let status = from_form::<ImprovementStatus>(form.get("status"));
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
    if status.is_none() {
        errors.push(error("status", "Choose if it is being done or done"));
    }
    let variables = || record_progress::Variables {
        input: record_progress::RecordProgressInput {
            improvement_id: id.clone(),
            note: note.clone(),
            percent_complete: number.unwrap_or(0),
            status: status.unwrap_or(ImprovementStatus::InProgress),
        },
    };
    let fields = [
        ("note", "note", "What was done"),
        ("percentComplete", "percent", "How much is done"),
        ("status", "status", "The status"),
    ];
    match page::send::<RecordProgress>(&web, &v, errors, variables, &fields).await {
        Ok(_) => Ok(Redirect::to(&format!("/improvements/{id}?done=progress#progress")).into_response()),
        Err(errors) => {
            let page = ProgressPage {
                c: Chrome::new(&v, "Record progress").errors(errors),
                i,
                note,
                percent,
                status,
            };
            Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}
