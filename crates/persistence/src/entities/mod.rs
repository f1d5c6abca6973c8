//! sea-orm entities: one module per table, rows exactly as stored.

pub mod api_token;
pub mod audit_event;
pub mod ballot;
pub mod client_failure;
pub mod co_author;
pub mod comment;
pub mod decision;
pub mod decision_vote;
pub mod finding;
pub mod finding_theme;
pub mod forum;
pub mod improvement;
pub mod improvement_finding;
pub mod invite;
pub mod login_failure;
pub mod membership;
pub mod named_lock;
pub mod outbox_message;
pub mod progress_update;
pub mod refresh_token;
pub mod revision;
pub mod round;
pub mod round_finding;
pub mod round_result;
pub mod session;
pub mod user;
