//! The admins' view of the mail outbox (`/admin/outbox`): with no mail
//! server set, as in `serve --demo`, this is where every email can be read.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use graphql_client::GraphQLQuery;

use super::allowed::{self, Back, Task};
use super::layout::{Chrome, ok};
use super::page;
use super::visitor::Visitor;
use super::{WebState, words};

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// The outbox page's one document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/outbox.graphql",
    response_derives = "Debug"
)]
pub struct WebOutbox;

type Message = web_outbox::WebOutboxOutbox;

const PATH: &str = "/admin/outbox";

#[derive(Template)]
#[template(path = "admin_outbox.html")]
struct OutboxPage {
    c: Chrome,
    messages: Vec<Message>,
}

impl OutboxPage {
    fn when(&self, at: &str) -> String {
        words::date_time(at)
    }
}

/// `GET /admin/outbox`: admins only (anyone else gets the "can't" page;
/// the API refuses them too).
pub async fn page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
) -> Result<Response, Response> {
    allowed::refusal(
        &v,
        None,
        Task::ReadEmails,
        PATH,
        Back::new("/", "Go to your forums"),
    )
    .map_or(Ok(()), Err)?;
    let messages = page::read::<WebOutbox>(&web, &v, web_outbox::Variables, PATH)
        .await?
        .outbox;
    Ok(ok(&OutboxPage {
        c: Chrome::new(&v, "Emails"),
        messages,
    }))
}
