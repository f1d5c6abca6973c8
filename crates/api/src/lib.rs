//! coforum's API: the GraphQL schema, the HTTP router around it, and
//! authentication. Rules come from `coforum-domain`, data from
//! `coforum-persistence`; this crate wires them to the wire.

/// Answers to forum reads kept in memory while the forums' revisions hold.
pub mod answers;
/// Passwords, access and refresh tokens, API tokens, and who is calling.
pub mod auth;
/// Settings: limits, secrets and policies, with their defaults.
pub mod config;
/// The demo forums and accounts that `coforum serve --demo` loads.
pub mod demo;
/// The one error type of the API and its mapping to `extensions.code`.
pub mod error;
/// The GraphQL schema: types, queries, mutations, limits, loaders.
pub mod graphql;
/// The HTTP surface: routes, transport, health, middleware.
pub mod http;
/// The operations behind each mutation: one transaction each.
pub mod ops;
/// Closed rounds' rankings, kept in memory (they never change).
pub mod rankings;
/// What every request shares: the database, settings and keys.
pub mod state;
/// The members' web client: server-rendered pages built on the GraphQL contract.
pub mod web;

pub use config::{Config, Limits};
pub use error::ApiError;
pub use graphql::{CoforumSchema, build_schema, export_sdl};
pub use http::{router, serve};
pub use state::AppState;
