//! sea-orm entities: one module per table, rows exactly as stored.

pub mod api_token;
pub mod ballot;
pub mod ballot_mark;
pub mod finding;
pub mod finding_theme;
pub mod forum;
pub mod invite;
pub mod login_failure;
pub mod membership;
pub mod refresh_token;
pub mod round;
pub mod round_finding;
pub mod round_result;
pub mod session;
pub mod user;
