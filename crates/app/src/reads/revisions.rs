//! Kept answers (in the server) stay while these hold: the database bumps
//! a forum's revision in the transaction of every write the forum shows.

use chrono::{DateTime, Utc};
use coforum_domain::ids::ForumId;
use coforum_persistence::repos::forums::{self, AllRevisions};

use crate::error::AppResult;
use crate::state::AppState;

/// The clock the closing times are read against.
pub fn now() -> DateTime<Utc> {
    coforum_persistence::now()
}

/// The id and revision of the forum named `slug`.
pub async fn of_slug(state: &AppState, slug: &str) -> AppResult<Option<(ForumId, i64)>> {
    Ok(forums::revision_by_slug(state.db.conn(), slug).await?)
}

pub async fn of_forum(state: &AppState, id: ForumId) -> AppResult<Option<i64>> {
    Ok(forums::revision_of(state.db.conn(), id).await?)
}

/// All forums' revisions summed, with their count: one row however many.
pub async fn of_all(state: &AppState) -> AppResult<AllRevisions> {
    Ok(forums::all_revisions(state.db.conn()).await?)
}

/// Every forum's id and revision.
pub async fn each(state: &AppState) -> AppResult<Vec<(ForumId, i64)>> {
    Ok(forums::revisions(state.db.conn()).await?)
}

/// The next closing time (a round's or a decision's) in `forums`.
pub async fn next_deadline(state: &AppState, forums: &[ForumId]) -> AppResult<Option<DateTime<Utc>>> {
    Ok(forums::next_deadline(state.db.conn(), forums).await?)
}
