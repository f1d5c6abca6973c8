use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use coforum_migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, DatabaseBackend, DatabaseConnection, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

pub use crate::transaction::Transaction;
use crate::transaction::WriteGate;

/// The current time at the precision both databases store (microseconds),
/// so a value read back equals the value written.
pub fn now() -> DateTime<Utc> {
    stored_precision(Utc::now())
}

/// A time as both databases keep it: to the microsecond. Times that came
/// from outside are cut to it before they are stored, so SQLite (which
/// would keep nanoseconds) and PostgreSQL give back the same value.
pub fn stored_precision(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// A pool of connections to SQLite or PostgreSQL.
#[derive(Clone, Debug)]
pub struct Database {
    conn: DatabaseConnection,
    /// Statements run since start: how tests see that loads are batched.
    statements: Arc<AtomicU64>,
    /// SQLite only: the process's writers queue here (see [`WriteGate`]).
    write_gate: Option<WriteGate>,
}

impl Database {
    /// Connects to `url` (`sqlite://…` or `postgres://…`). A SQLite file is
    /// created when missing (readable by its owner only) and opened in WAL
    /// mode with foreign keys on and a busy timeout, so concurrent writers
    /// wait instead of failing.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, DbErr> {
        if url.starts_with("sqlite") {
            crate::sqlite_file::create_private(url)?;
        }
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(max_connections)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(5))
            .connect_timeout(Duration::from_secs(5))
            // A PostgreSQL connection that died with its server is noticed
            // before use. A SQLite connection is a file handle in this
            // process: there is no server to lose, and the ping would cost a
            // trip to its worker thread on every read.
            .test_before_acquire(!url.starts_with("sqlite"))
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(|opts| {
                opts.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // In WAL mode NORMAL survives a crash of the process; only
                    // a power cut can lose the last commits.
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
            });
        let mut conn = sea_orm::Database::connect(options).await?;
        let statements = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&statements);
        conn.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        let write_gate = (conn.get_database_backend() == DatabaseBackend::Sqlite).then(WriteGate::default);
        Ok(Self {
            conn,
            statements,
            write_gate,
        })
    }

    /// Applies pending migrations; already applied ones are skipped.
    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.conn, None).await
    }

    /// Starts a transaction for a mutation. On SQLite it takes the write lock
    /// at once (`BEGIN IMMEDIATE`): a deferred transaction that reads, then
    /// writes, could fail with "database is locked" instead of waiting.
    pub async fn begin(&self) -> Result<Transaction, DbErr> {
        let begin = self.conn.begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        });
        Transaction::start(self.write_gate.as_ref(), begin).await
    }

    /// The pool, for reads outside a transaction.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// How many SQL statements this pool has run.
    pub fn statement_count(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    pub fn is_sqlite(&self) -> bool {
        self.conn.get_database_backend() == DatabaseBackend::Sqlite
    }

    /// True while the database answers.
    pub async fn is_healthy(&self) -> bool {
        self.conn.ping().await.is_ok()
    }

    pub async fn close(self) -> Result<(), DbErr> {
        self.conn.close().await
    }
}
