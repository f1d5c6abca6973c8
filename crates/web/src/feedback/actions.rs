//! The team's forms on an item: acknowledge, assign, extend, respond,
//! escalate. Each runs its contract mutation; done, it goes back to the
//! item with a notice; refused, the item's page comes back with the API's
//! reason beside the form and what was typed.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;

use super::codes::{FeedbackOutcome, FeedbackStatus};
use super::item::{DateParts, Drafts, show_with};
use super::{Date, DateTime};
use crate::WebState;
use crate::layout::{FieldError, Fields};
use crate::page::{self, error};
use crate::visitor::Visitor;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/acknowledge_feedback.graphql",
    extern_enums("FeedbackStatus"),
    response_derives = "Debug"
)]
pub struct AcknowledgeFeedback;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/assign_feedback.graphql",
    response_derives = "Debug"
)]
pub struct AssignFeedback;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/extend_feedback.graphql",
    response_derives = "Debug"
)]
pub struct ExtendFeedback;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/respond_to_feedback.graphql",
    extern_enums("FeedbackStatus", "FeedbackOutcome"),
    response_derives = "Debug"
)]
pub struct RespondToFeedback;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/escalate_feedback.graphql",
    extern_enums("FeedbackStatus"),
    response_derives = "Debug"
)]
pub struct EscalateFeedback;

/// A form sent on item `id`: the page's own errors, the API's fields it
/// maps refusals to (as `form_errors` reads them), what was typed, and the
/// word for the notice once done.
pub struct Sent<'a> {
    pub id: &'a str,
    pub errors: Vec<FieldError>,
    pub fields: &'a [(&'a str, &'a str, &'a str)],
    pub drafts: Drafts,
    pub done: &'a str,
}

/// Runs `Q` unless the page's checks found errors: done, back to the
/// item with a notice; refused, the item with the errors and the drafts.
pub async fn act<Q: GraphQLQuery>(
    web: &WebState,
    v: &Visitor,
    sent: Sent<'_>,
    variables: impl FnOnce() -> Q::Variables,
) -> Result<Response, Response> {
    let Sent {
        id,
        errors,
        fields,
        drafts,
        done,
    } = sent;
    match page::send::<Q>(web, v, errors, variables, fields).await {
        Ok(_) => Ok(Redirect::to(&format!("/feedback/{id}?done={done}")).into_response()),
        Err(errors) => show_with(web, v, id, super::sentences(errors), drafts, None).await,
    }
}

/// `POST /feedback/{id}/acknowledge`.
pub async fn acknowledge(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let variables = || acknowledge_feedback::Variables { id: id.clone() };
    let fields = [("id", "acknowledge", "It")];
    let sent = Sent {
        id: &id,
        errors: Vec::new(),
        fields: &fields,
        drafts: Drafts::default(),
        done: "acknowledged",
    };
    act::<AcknowledgeFeedback>(&web, &v, sent, variables).await
}

/// `POST /feedback/{id}/assign`.
pub async fn assign(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let d = Drafts {
        handler: form.get("handlerId").to_owned(),
        ..Drafts::default()
    };
    let mut errors = Vec::new();
    if d.handler.is_empty() {
        errors.push(error("assign-handler", "Choose who handles it"));
    }
    let variables = || assign_feedback::Variables {
        id: id.clone(),
        handler_id: d.handler.clone(),
    };
    let fields = [("handlerId", "assign-handler", "The person")];
    let sent = Sent {
        id: &id,
        errors,
        fields: &fields,
        drafts: d.clone(),
        done: "assigned",
    };
    act::<AssignFeedback>(&web, &v, sent, variables).await
}

/// `POST /feedback/{id}/extend`.
pub async fn extend(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let d = Drafts {
        extend: DateParts::from(&form, "extend"),
        extend_reason: form.get("reason").to_owned(),
        ..Drafts::default()
    };
    let mut errors = Vec::new();
    let date = d.extend.date();
    if date.is_none() {
        errors.push(error(
            "extend-day",
            "Enter the new date as day, month and year, for example 27 3 2027",
        ));
    }
    if d.extend_reason.trim().is_empty() {
        errors.push(error("extend-reason", "Say why the date moves"));
    }
    let variables = || extend_feedback::Variables {
        input: extend_feedback::ExtendFeedbackInput {
            id: id.clone(),
            respond_by: date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            reason: d.extend_reason.clone(),
        },
    };
    let fields = [
        ("respondBy", "extend-day", "The new date"),
        ("reason", "extend-reason", "The reason"),
    ];
    let sent = Sent {
        id: &id,
        errors,
        fields: &fields,
        drafts: d.clone(),
        done: "extended",
    };
    act::<ExtendFeedback>(&web, &v, sent, variables).await
}

/// `POST /feedback/{id}/respond`.
pub async fn respond(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let d = Drafts {
        outcome: form.get("outcome").to_owned(),
        response: form.get("response").to_owned(),
        learning: form.get("learning").to_owned(),
        ..Drafts::default()
    };
    let mut errors = Vec::new();
    let outcome = crate::codes::from_form::<FeedbackOutcome>(&d.outcome);
    if outcome.is_none() {
        errors.push(error("respond-outcome", "Choose the outcome"));
    }
    if d.response.trim().is_empty() {
        errors.push(error(
            "respond-response",
            "Write the response, or a summary of it",
        ));
    }
    let variables = || respond_to_feedback::Variables {
        input: respond_to_feedback::RespondToFeedbackInput {
            id: id.clone(),
            outcome: outcome.unwrap_or(FeedbackOutcome::Withdrawn),
            response: d.response.clone(),
            learning: Some(d.learning.trim().to_owned()).filter(|l| !l.is_empty()),
        },
    };
    let fields = [
        ("outcome", "respond-outcome", "The outcome"),
        ("response", "respond-response", "The response"),
        ("learning", "respond-learning", "What we learned"),
        ("id", "respond-outcome", "It"),
    ];
    let sent = Sent {
        id: &id,
        errors,
        fields: &fields,
        drafts: d.clone(),
        done: "responded",
    };
    act::<RespondToFeedback>(&web, &v, sent, variables).await
}

/// `POST /feedback/{id}/escalate`.
pub async fn escalate(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let d = Drafts {
        escalate_reason: form.get("reason").to_owned(),
        ..Drafts::default()
    };
    let mut errors = Vec::new();
    if d.escalate_reason.trim().is_empty() {
        errors.push(error(
            "escalate-reason",
            "Say why the person is not happy with the answer",
        ));
    }
    let variables = || escalate_feedback::Variables {
        id: id.clone(),
        reason: d.escalate_reason.clone(),
    };
    let fields = [("reason", "escalate-reason", "The reason")];
    let sent = Sent {
        id: &id,
        errors,
        fields: &fields,
        drafts: d.clone(),
        done: "escalated",
    };
    act::<EscalateFeedback>(&web, &v, sent, variables).await
}
