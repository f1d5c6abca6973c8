//! "Raise as a finding": items ticked on the queue become one finding of
//! a forum, in words that name nobody (the contract's `RaiseFinding`; the
//! API refuses a title or body holding an item's name or contact). Each
//! item's page then links to the finding.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;

use super::item::{Item, WebFeedbackItem, web_feedback_item};
use super::refused_page;
use crate::codes::FindingSource;
use crate::layout::{Chrome, FieldError, Fields, problem, render};
use crate::page::{self, error};
use crate::visitor::Visitor;
use crate::{WebState, gql};

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/feedback_raise.graphql",
    response_derives = "Clone, Debug"
)]
pub struct WebFeedbackRaise;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/raise_finding.graphql",
    extern_enums("FindingSource"),
    response_derives = "Debug"
)]
pub struct RaiseFinding;

type Forum = web_feedback_raise::WebFeedbackRaiseForums;

/// At most this many items in one finding: a page's worth.
const MAX_ITEMS: usize = 50;

/// What the form holds.
#[derive(Clone, Debug, Default)]
struct Draft {
    forum: String,
    title: String,
    body: String,
}

#[derive(Template)]
#[template(path = "feedback_raise.html")]
struct RaisePage {
    c: Chrome,
    items: Vec<Item>,
    forums: Vec<Forum>,
    f: Draft,
}

/// The items ticked, each as the caller may see it, and the forums.
async fn load(web: &WebState, v: &Visitor, ids: &[String]) -> Result<(Vec<Item>, Vec<Forum>), Response> {
    match &v.me {
        None => return Err(Redirect::to("/sign-in?next=/feedback").into_response()),
        Some(me) if !me.is_complaints_team() => {
            return Err(problem(
                v,
                StatusCode::FORBIDDEN,
                "You cannot see this page",
                "Only the council's complaints team raises feedback as a finding.",
            ));
        }
        Some(_) => {}
    }
    if ids.is_empty() {
        return Err(problem(
            v,
            StatusCode::BAD_REQUEST,
            "Choose the items first",
            "Go back to the work queue and tick the items that show the same problem. Then choose \"Raise the ticked items as a finding\".",
        ));
    }
    let mut items = Vec::new();
    for id in ids.iter().take(MAX_ITEMS) {
        let variables = web_feedback_item::Variables { id: id.clone() };
        let item = gql::query::<WebFeedbackItem>(web, v.caller, variables)
            .await
            .map_err(|r| refused_page(v, &r, "/feedback"))?
            .feedback_item;
        items.push(item);
    }
    let forums = gql::query::<WebFeedbackRaise>(web, v.caller, web_feedback_raise::Variables {})
        .await
        .map_err(|r| refused_page(v, &r, "/feedback"))?
        .forums;
    Ok((items, forums))
}

fn form_page(
    v: &Visitor,
    items: Vec<Item>,
    forums: Vec<Forum>,
    f: Draft,
    errors: Vec<FieldError>,
) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = RaisePage {
        c: Chrome::new(v, "Raise as a finding")
            .section("feedback")
            .errors(errors),
        items,
        forums,
        f,
    };
    render(&page, status)
}

/// `GET /feedback/raise?item=…&item=…`: the items ticked on the queue.
pub async fn page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    RawQuery(query): RawQuery,
) -> Result<Response, Response> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let ticked = Fields(pairs).all("item");
    let (items, forums) = load(&web, &v, &ticked).await?;
    Ok(form_page(&v, items, forums, Draft::default(), Vec::new()))
}

/// `POST /feedback/raise`: the contract's `RaiseFinding`.
pub async fn raise(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let ids = form.all("item");
    let (items, forums) = load(&web, &v, &ids).await?;
    let f = Draft {
        forum: form.get("forumId").to_owned(),
        title: form.get("title").to_owned(),
        body: form.get("body").to_owned(),
    };
    let mut errors = Vec::new();
    if f.forum.is_empty() {
        errors.push(error("raise-forum", "Choose the forum"));
    }
    if f.title.trim().is_empty() {
        errors.push(error("raise-title", "Give the finding a short title"));
    }
    if f.body.trim().is_empty() {
        errors.push(error(
            "raise-body",
            "Say what the feedback shows, without naming anyone",
        ));
    }
    let variables = || raise_finding::Variables {
        input: raise_finding::RaiseFindingInput {
            forum_id: f.forum.clone(),
            feedback_ids: items.iter().map(|i| i.id.clone()).collect(),
            title: f.title.clone(),
            body: f.body.clone(),
        },
    };
    let fields = [
        ("forumId", "raise-forum", "The forum"),
        ("title", "raise-title", "The title"),
        ("body", "raise-body", "The finding"),
        ("feedbackIds", "raise-forum", "The items"),
    ];
    match page::send::<RaiseFinding>(&web, &v, errors, variables, &fields).await {
        Ok(_) => {
            let first = items.first().map(|i| i.id.clone()).unwrap_or_default();
            Ok(Redirect::to(&format!("/feedback/{first}?done=raised")).into_response())
        }
        Err(errors) => Ok(form_page(&v, items, forums, f, super::sentences(errors))),
    }
}
