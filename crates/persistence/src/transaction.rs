use std::sync::Arc;
use std::time::Duration;

use sea_orm::entity::prelude::async_trait;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, Statement};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// How long a write waits for SQLite's write gate before it gives up, as
/// SQLite's own busy timeout would.
const GATE_TIMEOUT: Duration = Duration::from_secs(10);

/// SQLite takes one writer at a time. Left to itself, a writer that finds
/// the lock taken sleeps in growing steps (1, 2, 5, … 100 ms) and retries,
/// so under a burst of ballots the lock sits idle while writers sleep: a
/// p99 of a third of a second. Queueing the process's writers here, in
/// arrival order, hands the lock over at once. SQLite's busy timeout still
/// covers any other process writing to the file. PostgreSQL locks rows, not
/// the database, and needs no gate.
#[derive(Clone, Debug, Default)]
pub(crate) struct WriteGate(Arc<Mutex<()>>);

impl WriteGate {
    async fn enter(&self) -> Result<OwnedMutexGuard<()>, DbErr> {
        tokio::time::timeout(GATE_TIMEOUT, Arc::clone(&self.0).lock_owned())
            .await
            .map_err(|_| DbErr::Custom("timed out waiting for the SQLite write lock".to_owned()))
    }
}

/// One unit of work: commit it, or drop it to roll everything back. On
/// SQLite it holds the write gate until then.
#[derive(Debug)]
pub struct Transaction {
    inner: DatabaseTransaction,
    _gate: Option<OwnedMutexGuard<()>>,
}

impl Transaction {
    /// Begins `begin` (a transaction on the pool), inside `gate` if there is one.
    pub(crate) async fn start<F>(gate: Option<&WriteGate>, begin: F) -> Result<Self, DbErr>
    where
        F: Future<Output = Result<DatabaseTransaction, DbErr>>,
    {
        // The gate comes first: a writer waiting for it holds no connection.
        let gate = match gate {
            Some(gate) => Some(gate.enter().await?),
            None => None,
        };
        Ok(Self {
            inner: begin.await?,
            _gate: gate,
        })
    }

    pub async fn commit(self) -> Result<(), DbErr> {
        self.inner.commit().await
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Transaction {
    fn get_database_backend(&self) -> DbBackend {
        self.inner.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.inner.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.inner.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.inner.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.inner.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.inner.support_returning()
    }
}
