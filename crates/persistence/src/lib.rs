//! coforum's storage: sea-orm entities and repositories that work the same
//! on SQLite and PostgreSQL. Rows come out as domain types; no rule is
//! decided here.

/// Connecting, migrating and starting transactions.
mod database;
/// sea-orm entities, one per table.
pub mod entities;
/// Storage failures, with unique-constraint violations told apart.
mod error;
/// Queries grouped by what they are about.
pub mod repos;
/// The SQLite file, made readable by its owner only.
mod sqlite_file;
/// A transaction, queued behind SQLite's one writer.
mod transaction;

pub use database::{Database, Transaction, now};
pub use error::StoreError;
pub use sea_orm::{ConnectionTrait, DbErr, TransactionTrait};
