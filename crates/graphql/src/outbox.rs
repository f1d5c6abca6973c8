use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::context::{caller, state};
use coforum_app::reads::outbox::{self, OutboxEntry};
use coforum_domain::priorities::page_size;

type Result<T> = async_graphql::Result<T>;

/// An email in the outbox: sent, waiting to be tried again, or given up.
#[derive(SimpleObject)]
pub struct OutboxMessage {
    id: ID,
    to: String,
    subject: String,
    /// The plain-text part, as sent.
    text: String,
    created_at: DateTime<Utc>,
    attempts: u32,
    sent_at: Option<DateTime<Utc>>,
    /// Given up after the mail server refused it for good, or for 48 hours.
    failed_at: Option<DateTime<Utc>>,
    last_error: Option<String>,
}

impl From<OutboxEntry> for OutboxMessage {
    fn from(entry: OutboxEntry) -> Self {
        Self {
            id: ID(entry.id.to_string()),
            to: entry.email.to.as_str().to_owned(),
            subject: entry.email.subject,
            text: entry.email.text,
            created_at: entry.created_at,
            attempts: entry.attempts,
            sent_at: entry.sent_at,
            failed_at: entry.failed_at,
            last_error: entry.last_error,
        }
    }
}

#[derive(Default)]
pub struct OutboxQuery;

#[Object]
impl OutboxQuery {
    /// Admins only: the newest emails, sent or not. `first` 1 to 200 (50).
    #[graphql(complexity = "super::list_cost(first, 50, child_complexity)")]
    async fn outbox(&self, ctx: &Context<'_>, first: Option<i64>) -> Result<Vec<OutboxMessage>> {
        let first = page_size("first", first, 50, 200)?;
        let messages = outbox::newest(state(ctx), caller(ctx), first as u64).await?;
        Ok(messages.into_iter().map(OutboxMessage::from).collect())
    }
}
