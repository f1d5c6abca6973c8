//! Repositories: plain async functions over any connection or transaction,
//! so a mutation can run several of them in one transaction.

/// Officers' read-only API tokens.
pub mod api_tokens;
/// Forums and their memberships.
pub mod forums;
/// Invites to join a forum.
pub mod invites;
/// Failed sign-ins, counted per email for the rate limit.
pub mod login_failures;
/// Sign-in sessions and their refresh tokens.
pub mod sessions;
/// Accounts and platform roles.
pub mod users;
