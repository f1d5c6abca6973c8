//! "You said, we did": what members asked for and what the council did.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use graphql_client::GraphQLQuery;

use super::codes::{FindingSource, ImprovementStatus};
use super::layout::{Chrome, not_found, ok, refused};
use super::visitor::Visitor;
use super::{WebState, gql};

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// The page's one document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/you_said_we_did.graphql",
    extern_enums("FindingSource", "ImprovementStatus"),
    response_derives = "Clone, Debug"
)]
pub struct WebYouSaidWeDid;

#[derive(Template)]
#[template(path = "you_said.html")]
struct Page {
    c: Chrome,
    forum: web_you_said_we_did::WebYouSaidWeDidForum,
}

/// `GET /forums/{slug}/you-said-we-did`.
pub async fn page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
) -> Result<Response, Response> {
    let variables = web_you_said_we_did::Variables { slug };
    let forum = gql::query::<WebYouSaidWeDid>(&web, v.caller, variables)
        .await
        .map_err(|r| refused(&v, &r, uri.path()))?
        .forum
        .ok_or_else(|| not_found(&v))?;
    Ok(ok(&Page {
        c: Chrome::new(&v, "You said, we did"),
        forum,
    }))
}
