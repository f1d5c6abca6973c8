//! Logging by hand (`/feedback/new`): something received by phone,
//! letter, email or in person, in one short form (the contract's
//! `LogFeedback`). The team and officers may log.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::{NaiveDate, TimeZone as _, Utc};
use chrono_tz::Europe::London;
use graphql_client::GraphQLQuery;

use super::codes::{Channel, ComplaintRoute, FeedbackKind, FeedbackStatus};
use super::item::DateParts;
use super::{Date, DateTime, today};
use crate::WebState;
use crate::layout::{Chrome, Fields, ok, problem, render};
use crate::page::{self, error};
use crate::visitor::Visitor;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/log_feedback.graphql",
    extern_enums("FeedbackKind", "ComplaintRoute", "Channel", "FeedbackStatus"),
    response_derives = "Debug"
)]
pub struct LogFeedback;

/// What the form holds.
#[derive(Clone, Debug, Default)]
struct Logged {
    kind: String,
    route: String,
    channel: String,
    received: DateParts,
    summary: String,
    details: String,
    themes: String,
    service: String,
    name: String,
    contact: String,
    adjustments: String,
}

#[derive(Template)]
#[template(path = "feedback_new.html")]
struct NewPage {
    c: Chrome,
    f: Logged,
}

impl NewPage {
    fn kinds(&self) -> [FeedbackKind; 4] {
        FeedbackKind::ALL
    }

    fn routes(&self) -> [ComplaintRoute; 2] {
        ComplaintRoute::ALL
    }

    fn channels(&self) -> [Channel; 6] {
        Channel::LOGGED
    }
}

/// Blank is none.
fn given(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// When it was received: now if today (or not given), else midday of
/// that day in England.
fn received_at(date: NaiveDate) -> Option<String> {
    if date >= today() {
        return None;
    }
    date.and_hms_opt(12, 0, 0)
        .and_then(|at| London.from_local_datetime(&at).earliest())
        .map(|at| at.with_timezone(&Utc).to_rfc3339())
}

/// Only those who may log see the form (the API says so again): the
/// answer for anyone else.
fn refusal(v: &Visitor) -> Option<Response> {
    match &v.me {
        None => Some(Redirect::to("/sign-in?next=/feedback/new").into_response()),
        Some(me) if me.sees_feedback() => None,
        Some(_) => Some(problem(
            v,
            StatusCode::FORBIDDEN,
            "You cannot see this page",
            "Only the council's complaints team and officers log feedback. If you want to tell the council something, use the Tell us page.",
        )),
    }
}

/// `GET /feedback/new`.
pub async fn page(Extension(v): Extension<Visitor>) -> Result<Response, Response> {
    if let Some(refused) = refusal(&v) {
        return Err(refused);
    }
    Ok(ok(&NewPage {
        c: Chrome::new(&v, "Log feedback").section("feedback"),
        f: Logged::default(),
    }))
}

/// `POST /feedback/new`: the contract's `LogFeedback`.
pub async fn log(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    if let Some(refused) = refusal(&v) {
        return Err(refused);
    }
    let form = Fields(form);
    let f = Logged {
        kind: form.get("kind").to_owned(),
        route: form.get("route").to_owned(),
        channel: form.get("channel").to_owned(),
        received: DateParts::from(&form, "received"),
        summary: form.get("summary").to_owned(),
        details: form.get("details").to_owned(),
        themes: form.get("themes").to_owned(),
        service: form.get("service").to_owned(),
        name: form.get("personName").to_owned(),
        contact: form.get("contact").to_owned(),
        adjustments: form.get("adjustments").to_owned(),
    };
    let mut errors = Vec::new();
    let kind = crate::codes::from_form::<FeedbackKind>(&f.kind);
    let route = crate::codes::from_form::<ComplaintRoute>(&f.route);
    let channel = crate::codes::from_form::<Channel>(&f.channel);
    if kind.is_none() {
        errors.push(error("kind", "Choose what it is"));
    }
    if kind == Some(FeedbackKind::Complaint) && route.is_none() {
        errors.push(error("route", "Choose which rules the complaint comes under"));
    }
    if channel.is_none() {
        errors.push(error("channel", "Choose how it came"));
    }
    let no_date = f.received.day.is_empty() && f.received.month.is_empty() && f.received.year.is_empty();
    let date = f.received.date();
    if !no_date && date.is_none() {
        errors.push(error(
            "received-day",
            "Enter the date as day, month and year, for example 27 3 2026, or leave it empty for today",
        ));
    }
    if f.summary.trim().is_empty() {
        errors.push(error("summary", "Say in a few words what it is about"));
    }
    let variables = || log_feedback::Variables {
        input: log_feedback::LogFeedbackInput {
            kind: kind.unwrap_or(FeedbackKind::Suggestion),
            route: route.filter(|_| kind == Some(FeedbackKind::Complaint)),
            channel: channel.unwrap_or(Channel::Phone),
            received_at: date.and_then(received_at),
            summary: f.summary.clone(),
            details: given(&f.details),
            themes: f.themes.split(',').filter_map(given).collect(),
            service: given(&f.service),
            person_name: given(&f.name),
            contact: given(&f.contact),
            adjustments: given(&f.adjustments),
            forum_id: None,
        },
    };
    let fields = [
        ("kind", "kind", "What it is"),
        ("route", "route", "The rules"),
        ("channel", "channel", "How it came"),
        ("receivedAt", "received-day", "The date"),
        ("summary", "summary", "What it is about"),
        ("details", "details", "What they said"),
        ("themes", "themes", "Each theme"),
        ("service", "service", "The service"),
        ("personName", "person-name", "Their name"),
        ("contact", "contact", "How to reach them"),
        ("adjustments", "adjustments", "What they need"),
    ];
    match page::send::<LogFeedback>(&web, &v, errors, variables, &fields).await {
        Ok(made) => {
            let id = made.log_feedback.id;
            Ok(Redirect::to(&format!("/feedback/{id}?done=logged")).into_response())
        }
        Err(errors) => {
            let page = NewPage {
                c: Chrome::new(&v, "Log feedback")
                    .section("feedback")
                    .errors(super::sentences(errors)),
                f,
            };
            Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}
