//! The reads behind the queries: what the schema's resolvers ask for, each
//! with who may see it decided here and anything whose closing time has
//! come closed first, so nobody reads a stale OPEN.

/// Who may read inside a forum, from the caller's role there.
pub mod access;
/// Accounts: memberships, API tokens, the audit log.
pub mod accounts;
/// Batched loads by id, one statement per kind per batch.
pub mod batch;
/// Reported comments, for a forum's facilitators.
pub mod comments;
/// Findings: a forum's findings, a page at a time.
pub mod findings;
/// Forums and what they list: rounds, improvements, members.
pub mod forums;
/// Improvements: revisions, and closing a due decision before a read.
pub mod improvements;
/// A forum's invites, and one invite by its code.
pub mod invites;
/// `myData`: everything held about the caller, as one document.
pub mod my_data;
/// The mail outbox, for admins.
pub mod outbox;
/// The forums' revisions, which kept answers are checked against.
pub mod revisions;
/// Rounds: the caller's ballot, the running count, closing a due round.
pub mod rounds;
/// The caller's own sign-in sessions.
pub mod sessions;

pub use coforum_persistence::repos::api_tokens::ApiToken;
pub use coforum_persistence::repos::findings::FindingCursor;
pub use coforum_persistence::repos::forums::AllRevisions;
