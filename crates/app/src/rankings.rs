//! Closed rounds' stored rankings, kept in memory by round id.
//!
//! A round's ranking is stored once, in the transaction that closes it, and
//! never changes after, so a ranking read for a round seen CLOSED is true
//! for good, on every server sharing the database. Only rankings are kept
//! here: which round is a forum's latest closed one, and the findings,
//! forums and people a ranking names, are still read per request.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};

use coforum_domain::ids::RoundId;
use coforum_persistence::ConnectionTrait;
use coforum_persistence::StoreError;
use coforum_persistence::repos::rounds::{self, ResultRow};
use lru::LruCache;

/// A closed round's ranking: in rank order, older findings first in ties.
pub type Ranking = Arc<[ResultRow]>;

/// Rankings kept: at most 500 rows of 32 bytes each, so under 16 MB in all.
const ROUNDS_KEPT: usize = 1024;

/// Shared by every request of one server; cheap to clone.
#[derive(Clone)]
pub struct ClosedRankings(Arc<Mutex<LruCache<RoundId, Ranking>>>);

impl Default for ClosedRankings {
    fn default() -> Self {
        Self::with_capacity(NonZeroUsize::new(ROUNDS_KEPT).unwrap_or(NonZeroUsize::MIN))
    }
}

impl ClosedRankings {
    pub fn with_capacity(rounds: NonZeroUsize) -> Self {
        Self(Arc::new(Mutex::new(LruCache::new(rounds))))
    }

    /// The rankings of `closed`, rounds the caller has read as CLOSED (an
    /// open round's running count must never be passed here): kept ones
    /// from memory, the others in one read, then kept.
    pub async fn of_closed(
        &self,
        conn: &impl ConnectionTrait,
        closed: &[RoundId],
    ) -> Result<HashMap<RoundId, Ranking>, StoreError> {
        let mut found = HashMap::with_capacity(closed.len());
        let mut missing = Vec::new();
        {
            let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            for id in closed {
                match kept.get(id) {
                    Some(ranking) => {
                        found.insert(*id, Arc::clone(ranking));
                    }
                    None => missing.push(*id),
                }
            }
        }
        if missing.is_empty() {
            return Ok(found);
        }
        let read = rounds::results_of(conn, &missing).await?;
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        for (id, rows) in read {
            let ranking: Ranking = rows.into();
            // A closed round has at least two ranked findings; keep
            // nothing that looks otherwise.
            if !ranking.is_empty() {
                kept.put(id, Arc::clone(&ranking));
            }
            found.insert(id, ranking);
        }
        Ok(found)
    }
}
