//! "Tell us": anyone, signed in or not, tells the council a complaint, a
//! compliment, a suggestion or a request, and leaves with a reference and
//! what happens next. No CAPTCHA (it shuts out disabled people): the API
//! limits submissions per address, and a hidden field catches robots.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::Datelike;
use coforum_app::ErrorCode;
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::codes::FeedbackKind;
use crate::layout::{Chrome, FieldError, Fields, form_errors, ok, render, urlencode};
use crate::page::error;
use crate::visitor::Visitor;
use crate::{WebState, gql};

/// `SubmitFeedback`: anyone tells the council something.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/submit_feedback.graphql",
    extern_enums("FeedbackKind"),
    response_derives = "Debug"
)]
pub struct SubmitFeedback;

/// The hidden field people never see: a robot that fills it is thanked
/// and nothing is stored.
pub const HONEYPOT: &str = "website";
/// The longest summary and details the API takes.
pub const SUMMARY_MAX: usize = 300;
pub const DETAILS_MAX: usize = 20_000;

/// What the form holds, kept as typed on any refusal.
#[derive(Clone, Debug, Default)]
pub struct Told {
    pub kind: String,
    pub summary: String,
    pub details: String,
    pub name: String,
    pub contact: String,
    pub adjustments: String,
}

impl Told {
    fn from(form: &Fields) -> Self {
        Self {
            kind: form.get("kind").to_owned(),
            summary: form.get("summary").to_owned(),
            details: form.get("details").to_owned(),
            name: form.get("personName").to_owned(),
            contact: form.get("contact").to_owned(),
            adjustments: form.get("adjustments").to_owned(),
        }
    }

    /// The page's own checks, before the API's.
    fn errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if crate::codes::from_form::<FeedbackKind>(&self.kind).is_none() {
            errors.push(error(
                "kind",
                "Choose what you want to tell us: a complaint, a compliment, a suggestion or a request",
            ));
        }
        let summary = self.summary.trim().chars().count();
        if summary == 0 {
            errors.push(error("summary", "Say in a few words what it is about"));
        } else if summary < 3 {
            errors.push(error(
                "summary",
                "Say a little more about what it is about: 3 characters or more",
            ));
        } else if summary > SUMMARY_MAX {
            errors.push(error(
                "summary",
                "Say what it is about in 300 characters or fewer. You can say more in the next box",
            ));
        }
        if self.details.chars().count() > DETAILS_MAX {
            errors.push(error("details", "Tell us more in 20,000 characters or fewer"));
        }
        errors
    }
}

/// Blank is none: the API keeps only what was given.
fn given(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

#[derive(Template)]
#[template(path = "feedback_tell_us.html")]
struct TellUsPage {
    c: Chrome,
    f: Told,
    kinds: [FeedbackKind; 4],
    /// The API's answer when the address sent too many in a minute.
    waiting: Option<String>,
}

impl TellUsPage {
    fn chosen(&self, kind: &FeedbackKind) -> bool {
        self.f.kind == kind.code()
    }
}

fn form_page(v: &Visitor, f: Told, errors: Vec<FieldError>, waiting: Option<String>) -> TellUsPage {
    let title = if waiting.is_some() {
        "Please wait a minute, then send it again"
    } else {
        "Tell us"
    };
    TellUsPage {
        c: Chrome::new(v, title).section("tell-us").errors(errors),
        f,
        kinds: FeedbackKind::ALL,
        waiting,
    }
}

/// `GET /tell-us`.
pub async fn page(Extension(v): Extension<Visitor>) -> Response {
    ok(&form_page(&v, Told::default(), Vec::new(), None))
}

/// `POST /tell-us`: the contract's `SubmitFeedback`, as the visitor (the
/// API counts submissions by their address).
pub async fn send(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields(form);
    let f = Told::from(&form);
    let errors = f.errors();
    if !errors.is_empty() {
        return render(&form_page(&v, f, errors, None), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let kind = crate::codes::from_form::<FeedbackKind>(&f.kind).unwrap_or(FeedbackKind::Suggestion);
    let reply = if given(&f.contact).is_some() { "yes" } else { "no" };
    if !form.get(HONEYPOT).is_empty() {
        // The same thanks a person gets, so a robot learns nothing; nothing is stored.
        let reference = format!("FB-{}-{:04}", super::today().year(), rand_reference());
        return thanked(&reference, kind, reply);
    }
    let variables = submit_feedback::Variables {
        input: submit_feedback::SubmitFeedbackInput {
            kind,
            summary: f.summary.clone(),
            details: given(&f.details),
            person_name: given(&f.name),
            contact: given(&f.contact),
            adjustments: given(&f.adjustments),
        },
    };
    match gql::query_from::<SubmitFeedback>(&web, v.caller, &v.client, variables).await {
        Ok((data, _)) => thanked(&data.submit_feedback.reference, kind, reply),
        Err(refusal) if refusal.code() == ErrorCode::RateLimited => {
            let message = refusal.0.first().map(|e| e.message.clone()).unwrap_or_default();
            render(
                &form_page(&v, f, Vec::new(), Some(message)),
                StatusCode::TOO_MANY_REQUESTS,
            )
        }
        Err(refusal) => {
            let fields = [
                ("kind", "kind", "What you want to tell us"),
                ("summary", "summary", "What it is about"),
                ("details", "details", "What you told us"),
                ("personName", "person-name", "Your name"),
                ("contact", "contact", "How to reach you"),
                ("adjustments", "adjustments", "What you need"),
            ];
            let errors = super::sentences(form_errors(&refusal, &fields));
            render(&form_page(&v, f, errors, None), StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

/// A number that looks like a reference, for the robot's thanks.
fn rand_reference() -> u32 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    nanos % 9_000 + 1_000
}

/// Sent: to the thank-you page (so a reload sends nothing again).
fn thanked(reference: &str, kind: FeedbackKind, reply: &str) -> Response {
    let to = format!(
        "/tell-us/thank-you?reference={}&kind={}&reply={reply}",
        urlencode(reference),
        kind.code()
    );
    Redirect::to(&to).into_response()
}

#[derive(Deserialize)]
pub struct Sent {
    reference: Option<String>,
    kind: Option<String>,
    reply: Option<String>,
}

#[derive(Template)]
#[template(path = "feedback_thank_you.html")]
struct ThankYouPage {
    c: Chrome,
    reference: String,
    kind: FeedbackKind,
    /// They told us how to reach them.
    reply: bool,
}

/// `GET /tell-us/thank-you`: the reference and what happens next.
pub async fn thank_you(Extension(v): Extension<Visitor>, Query(sent): Query<Sent>) -> Response {
    let reference: String = sent
        .reference
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(20)
        .collect();
    if reference.is_empty() {
        return Redirect::to("/tell-us").into_response();
    }
    let kind = sent
        .kind
        .as_deref()
        .and_then(crate::codes::from_form::<FeedbackKind>)
        .unwrap_or(FeedbackKind::Suggestion);
    ok(&ThankYouPage {
        c: Chrome::new(&v, "Thank you for telling us").section("tell-us"),
        reference,
        kind,
        reply: sent.reply.as_deref() != Some("no"),
    })
}
