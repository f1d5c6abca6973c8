//! The caller's own account beyond the contract (issue 15): changing its
//! email with a link to the new address, and its sign-in sessions.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::accounts::refuse_api_tokens;
use super::context::{caller, state};
use super::ids::parse_id;
use coforum_app::ops::{email_changes, sessions};
use coforum_app::reads::sessions::{self as my_sessions, MySession};

type Result<T> = async_graphql::Result<T>;

/// One of the caller's sign-ins that is still live: a browser or app
/// holding a refresh token. API tokens are not sessions.
#[derive(SimpleObject)]
pub struct Session {
    id: ID,
    /// When it signed in.
    created_at: DateTime<Utc>,
    /// When it last renewed its access token (or signed in): as access
    /// tokens last 15 minutes, a session in use shows within that.
    last_used_at: DateTime<Utc>,
    /// The session of the access token that asks.
    current: bool,
}

impl From<MySession> for Session {
    fn from(session: MySession) -> Self {
        Self {
            id: ID(session.id.to_string()),
            created_at: session.created_at,
            last_used_at: session.last_used_at,
            current: session.current,
        }
    }
}

#[derive(Default)]
pub struct OwnAccountQuery;

#[Object]
impl OwnAccountQuery {
    /// The caller's live sessions, the most recently used first. Not to
    /// API tokens (`FORBIDDEN`).
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::SESSIONS, child_complexity)")]
    async fn my_sessions(&self, ctx: &Context<'_>) -> Result<Vec<Session>> {
        let mine = my_sessions::mine(state(ctx), caller(ctx)).await?;
        Ok(mine.into_iter().map(Session::from).collect())
    }
}

#[derive(Default)]
pub struct OwnAccountMutation;

#[Object]
impl OwnAccountMutation {
    /// Asks to change the caller's email, given their password (a wrong one
    /// counts as a failed sign-in). Emails the new address a link (good
    /// once, for 24 hours) and the old one a notice; the email changes only
    /// when the link is followed. An address another account has:
    /// `CONFLICT`. At most 3 requests an hour.
    async fn request_email_change(
        &self,
        ctx: &Context<'_>,
        new_email: String,
        password: String,
    ) -> Result<bool> {
        Ok(email_changes::request(state(ctx), caller(ctx), &new_email, password.into()).await?)
    }

    /// Follows the link sent to the new address (no sign-in: the token is
    /// the proof) and answers the account's new email. A used, expired or
    /// unknown token: `UNAUTHENTICATED`; an address taken since: `CONFLICT`.
    async fn confirm_email_change(&self, ctx: &Context<'_>, token: String) -> Result<String> {
        refuse_api_tokens(ctx)?;
        let email = email_changes::confirm(state(ctx), &token).await?;
        Ok(email.as_str().to_owned())
    }

    /// Ends one of the caller's own sessions: its tokens stop working at
    /// once. True when it was live; another's: `NOT_FOUND`.
    async fn end_session(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let id = parse_id("id", &id)?;
        Ok(sessions::end(state(ctx), caller(ctx), id).await?)
    }

    /// Ends every session of the caller, this one included: every access
    /// and refresh token of the account stops working at once.
    async fn sign_out_everywhere(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(sessions::sign_out_everywhere(state(ctx), caller(ctx)).await?)
    }
}
