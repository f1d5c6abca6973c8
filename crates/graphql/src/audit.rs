use async_graphql::{Context, Enum, ID, Object};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use coforum_domain::audit;
use coforum_domain::priorities::page_size;

use super::accounts::{User, load_user};
use super::context::{caller, state};
use super::forums::{Forum, load_forum};
use coforum_app::error::{AppError, AppResult};

type Result<T> = async_graphql::Result<T>;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::audit::AuditAction")]
pub enum AuditAction {
    PlatformRoleGranted,
    ForumCreated,
    InviteCreated,
    RoundOpened,
    RoundClosed,
    DecisionOpened,
    DecisionClosed,
    ProgressRecorded,
    CommentHidden,
    ApiTokenCreated,
    ApiTokenRevoked,
    AccountDeleted,
    ForumRoleChanged,
    MemberRemoved,
    EmailChanged,
    BallotRecordedFor,
    DecisionVoteRecordedFor,
    PrioritiesPublished,
    InviteWithdrawn,
    ForumSettingsChanged,
    CommentUnhidden,
    CommentReportsDismissed,
}

/// A privileged action: who, what, when. Never the content of a ballot.
pub struct AuditEvent(audit::AuditEvent);

#[Object]
impl AuditEvent {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    async fn action(&self) -> AuditAction {
        self.0.record.action.into()
    }
    /// Null when the system acted (a round closing at its time).
    async fn actor(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        match self.0.record.actor {
            Some(id) => Ok(Some(load_user(ctx, id).await?)),
            None => Ok(None),
        }
    }
    async fn forum(&self, ctx: &Context<'_>) -> Result<Option<Forum>> {
        match self.0.record.forum_id {
            Some(id) => Ok(Some(load_forum(ctx, id).await?)),
            None => Ok(None),
        }
    }
    /// The id of what was acted on.
    async fn subject(&self) -> Option<&str> {
        self.0.record.subject.as_deref()
    }
    async fn detail(&self) -> &str {
        &self.0.record.detail
    }
    /// Pass as `after` for the next (older) page.
    async fn cursor(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}|{}", self.0.at.to_rfc3339(), self.0.id))
    }
}

fn decode_cursor(cursor: &str) -> AppResult<(DateTime<Utc>, uuid::Uuid)> {
    let bad = || AppError::invalid("after", "is not a cursor this list gave out");
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?).map_err(|_| bad())?;
    let (at, id) = text.split_once('|').ok_or_else(bad)?;
    let at = DateTime::parse_from_rfc3339(at)
        .map_err(|_| bad())?
        .with_timezone(&Utc);
    Ok((at, id.parse().map_err(|_| bad())?))
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Admins only: privileged actions, newest first. `first` 1 to 200 (50).
    #[graphql(complexity = "super::list_cost(first, 50, child_complexity)")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        first: Option<i64>,
        after: Option<String>,
    ) -> Result<Vec<AuditEvent>> {
        let first = page_size("first", first, 50, 200)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let events =
            coforum_app::reads::accounts::audit_log(state(ctx), caller(ctx), after, first as u64).await?;
        Ok(events.into_iter().map(AuditEvent).collect())
    }
}
