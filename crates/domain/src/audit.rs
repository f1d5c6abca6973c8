//! The audit log of privileged actions: who did what, when. It never holds
//! the content of a ballot.

use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::account::UnknownVariant;
use crate::ids::{ForumId, UserId};

/// A privileged action worth a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    /// A facilitator recorded a member's ballot for them: who, for whom, how.
    BallotRecordedFor,
    DecisionVoteRecordedFor,
    PrioritiesPublished,
    InviteWithdrawn,
    /// An admin changed a forum's settings (who records progress).
    ForumSettingsChanged,
    /// A facilitator showed a hidden comment again.
    CommentUnhidden,
    /// A facilitator dismissed the reports of a comment they keep showing.
    CommentReportsDismissed,
}

impl AuditAction {
    pub const ALL: [Self; 22] = [
        Self::PlatformRoleGranted,
        Self::ForumCreated,
        Self::InviteCreated,
        Self::RoundOpened,
        Self::RoundClosed,
        Self::DecisionOpened,
        Self::DecisionClosed,
        Self::ProgressRecorded,
        Self::CommentHidden,
        Self::ApiTokenCreated,
        Self::ApiTokenRevoked,
        Self::AccountDeleted,
        Self::ForumRoleChanged,
        Self::MemberRemoved,
        Self::EmailChanged,
        Self::BallotRecordedFor,
        Self::DecisionVoteRecordedFor,
        Self::PrioritiesPublished,
        Self::InviteWithdrawn,
        Self::ForumSettingsChanged,
        Self::CommentUnhidden,
        Self::CommentReportsDismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PlatformRoleGranted => "PLATFORM_ROLE_GRANTED",
            Self::ForumCreated => "FORUM_CREATED",
            Self::InviteCreated => "INVITE_CREATED",
            Self::RoundOpened => "ROUND_OPENED",
            Self::RoundClosed => "ROUND_CLOSED",
            Self::DecisionOpened => "DECISION_OPENED",
            Self::DecisionClosed => "DECISION_CLOSED",
            Self::ProgressRecorded => "PROGRESS_RECORDED",
            Self::CommentHidden => "COMMENT_HIDDEN",
            Self::ApiTokenCreated => "API_TOKEN_CREATED",
            Self::ApiTokenRevoked => "API_TOKEN_REVOKED",
            Self::AccountDeleted => "ACCOUNT_DELETED",
            Self::ForumRoleChanged => "FORUM_ROLE_CHANGED",
            Self::MemberRemoved => "MEMBER_REMOVED",
            Self::EmailChanged => "EMAIL_CHANGED",
            Self::BallotRecordedFor => "BALLOT_RECORDED_FOR",
            Self::DecisionVoteRecordedFor => "DECISION_VOTE_RECORDED_FOR",
            Self::PrioritiesPublished => "PRIORITIES_PUBLISHED",
            Self::InviteWithdrawn => "INVITE_WITHDRAWN",
            Self::ForumSettingsChanged => "FORUM_SETTINGS_CHANGED",
            Self::CommentUnhidden => "COMMENT_UNHIDDEN",
            Self::CommentReportsDismissed => "COMMENT_REPORTS_DISMISSED",
        }
    }
}

impl FromStr for AuditAction {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownVariant(s.to_owned()))
    }
}

/// One record to write: `actor` is None when the system acted (a round
/// closing at its time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRecord {
    pub actor: Option<UserId>,
    pub action: AuditAction,
    pub forum_id: Option<ForumId>,
    /// The id of what was acted on (a user, a round, an improvement...).
    pub subject: Option<String>,
    /// A short description for people: never the content of a ballot.
    pub detail: String,
}

/// A stored record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: uuid::Uuid,
    pub at: DateTime<Utc>,
    pub record: AuditRecord,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_through_their_names() {
        for action in AuditAction::ALL {
            assert_eq!(action.as_str().parse::<AuditAction>(), Ok(action));
        }
    }
}
