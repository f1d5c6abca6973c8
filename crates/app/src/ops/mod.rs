//! The operations behind the mutations. Each one checks permissions with the
//! domain's rules, validates with the domain's types, and writes in one
//! transaction: a refused operation changes nothing.

/// Checks shared by operations inside a forum.
pub(crate) mod access;
/// register, login, refreshSession, logout, grantPlatformRole, create-admin.
pub mod accounts;
/// createApiToken, revokeApiToken.
pub mod api_tokens;
/// castBallotFor and castDecisionVoteFor: ballots recorded for a member.
pub mod assisted;
/// Writing the audit log of privileged actions.
pub mod audit;
/// addComment, and moderation: hideComment, unhideComment, reportComment,
/// dismissCommentReports.
pub mod comments;
/// requestEmailChange and confirmEmailChange.
pub mod email_changes;
/// inviteByEmail: an invite for each address, by email.
pub mod email_invites;
/// addFinding.
pub mod findings;
/// createForum, createInvite, joinForum, setForumSettings.
pub mod forums;
/// Improvements, decisions and progress.
pub mod improvements;
/// setForumRole, removeMember.
pub mod members;
/// requestPasswordReset, resetPassword and changePassword.
pub mod passwords;
/// priorities and themeTrends: what officers pull.
pub mod reports;
/// openRound, castBallot, closeRound, and closing rounds when their time comes.
pub mod rounds;
/// Closing rounds and decisions when their time comes, with no request.
pub mod schedule;
/// Starting, rotating and ending sign-in sessions: endSession,
/// signOutEverywhere.
pub mod sessions;
