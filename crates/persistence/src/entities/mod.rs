//! sea-orm entities: one module per table, rows exactly as stored.

pub mod api_token;
pub mod forum;
pub mod invite;
pub mod login_failure;
pub mod membership;
pub mod refresh_token;
pub mod session;
pub mod user;
