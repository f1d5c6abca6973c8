//! "You said, we did": what members asked for and what the council did.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::forum::{self, Forum};
use super::layout::{Chrome, ok, refused};
use super::visitor::Visitor;
use super::{WebState, contract, gql};

/// The contract's `YouSaidWeDid`, read.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub agreed_at: Option<String>,
    pub improvement: Done,
    pub findings: Vec<Said>,
    pub latest_progress: Option<Progress>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Done {
    pub id: String,
    pub title: String,
    pub status: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Said {
    pub id: String,
    pub title: String,
    pub source: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub note: String,
    pub percent_complete: i64,
    pub created_at: String,
}

#[derive(Template)]
#[template(path = "you_said.html")]
struct Page {
    c: Chrome,
    forum: Forum,
    entries: Vec<Entry>,
}

/// `GET /forums/{slug}/you-said-we-did`.
pub async fn page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
) -> Result<Response, Response> {
    let forum = forum::load(&web, &v, &slug, json!({ "first": 1 }), uri.path()).await?;
    let entries: Vec<Entry> = gql::fetch(
        &web,
        v.caller,
        contract::YOU_SAID_WE_DID,
        "youSaidWeDid",
        json!({ "forumId": forum.id }),
    )
    .await
    .map_err(|r| refused(&v, &r, uri.path()))?;
    Ok(ok(&Page {
        c: Chrome::new(&v, "You said, we did"),
        forum,
        entries,
    }))
}
