//! coforum's application layer: every use case, reads and writes. Each
//! takes the caller, asks the domain's rules who may do it, and reads or
//! writes through `coforum-persistence`; the GraphQL schema and the web
//! client only map what it returns.

/// Passwords, access and refresh tokens, API tokens, and who is calling.
pub mod auth;
/// Where a request comes from: address, HTTPS, device cookie.
pub mod client;
/// Settings: limits, secrets and policies, with their defaults.
pub mod config;
/// The demo forums and accounts that `coforum serve --demo` loads.
pub mod demo;
/// The one error type of the application and its contract codes.
pub mod error;
/// The feedback log: logging, working and reporting complaints, requests,
/// compliments and suggestions, and raising findings from them.
pub mod feedback;
/// Learning plans: improvements' actions and safeguarding answers.
pub mod learning;
/// Notifications: who hears of what, "What's new", and their emails.
pub mod notices;
/// The use cases behind each mutation: one transaction each.
pub mod ops;
/// Closed rounds' rankings, kept in memory (they never change).
pub mod rankings;
/// The reads behind the queries, with who may see what.
pub mod reads;
/// What every use case shares: the database, settings and keys.
pub mod state;

pub use config::{Config, Limits};
pub use error::{AppError, AppResult, ErrorCode};
pub use state::AppState;
