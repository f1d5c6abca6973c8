use chrono::{DateTime, Utc};
use coforum_domain::ids::{RoundId, UserId};
use coforum_domain::round::RoundState;
use coforum_domain::tally::{Mark, Totals};
use sea_orm::sea_query::{Expr, Query, QueryStatementBuilder, ReturningClause, UpdateStatement};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbBackend, QueryResult};

use super::{ballots, round_totals};
use crate::StoreError;
use crate::entities::round;

/// An open round whose row lock the caller now holds.
#[derive(Debug)]
pub struct Locked {
    /// Its running totals, if it keeps them (None also for a round opened
    /// before totals were kept: count its ballots instead).
    pub totals: Option<Totals>,
}

/// Takes the round's row lock if it is open (and, with `accepting_at`,
/// before its closing time); None otherwise. Holding the lock until commit
/// means a ballot and a close of the same round never interleave: a close
/// waits for the ballot, and a ballot never lands in a closed round.
pub async fn lock_if_open(
    conn: &impl ConnectionTrait,
    id: RoundId,
    accepting_at: Option<DateTime<Utc>>,
) -> Result<Option<Locked>, StoreError> {
    let returning = Query::returning().column(round::Column::Totals);
    let locked = take_lock(conn, id, accepting_at, returning).await?;
    Ok(locked.map(|(totals, _)| Locked { totals }))
}

/// An open round locked for `voter`'s ballot.
#[derive(Debug)]
pub struct BallotLock {
    /// As [`Locked::totals`].
    pub totals: Option<Totals>,
    /// The voter's standing ballot in the round, which theirs will replace.
    pub standing: Option<Vec<Mark>>,
}

/// [`lock_if_open`] for `voter` about to cast a ballot, with their standing
/// ballot read under the lock. On SQLite it comes back in the same
/// statement, so a ballot's transaction makes one trip fewer while it holds
/// the write lock. Not on PostgreSQL: there a subquery reads from the
/// snapshot taken before the statement waited for the lock, and would miss
/// a ballot the same voter committed meanwhile.
pub async fn lock_for_ballot(
    conn: &impl ConnectionTrait,
    id: RoundId,
    accepting_at: Option<DateTime<Utc>>,
    voter: UserId,
) -> Result<Option<BallotLock>, StoreError> {
    if conn.get_database_backend() != DbBackend::Sqlite {
        let Some(locked) = lock_if_open(conn, id, accepting_at).await? else {
            return Ok(None);
        };
        return Ok(Some(BallotLock {
            totals: locked.totals,
            standing: ballots::marks_of_voter(conn, id, voter).await?,
        }));
    }
    let standing = Expr::SubQuery(
        None,
        Box::new(ballots::marks_query(id, voter).into_sub_query_statement()),
    );
    let returning = Query::returning().exprs([Expr::col(round::Column::Totals), standing]);
    let Some((totals, row)) = take_lock(conn, id, accepting_at, returning).await? else {
        return Ok(None);
    };
    let standing: Option<Vec<u8>> = row.try_get_by_index(1)?;
    Ok(Some(BallotLock {
        totals,
        standing: standing.as_deref().map(ballots::decode).transpose()?,
    }))
}

/// Takes an open round's lock with [`lock_statement`]: the round's totals
/// (`returning` starts with them), and the row for whatever else it asked.
async fn take_lock(
    conn: &impl ConnectionTrait,
    id: RoundId,
    accepting_at: Option<DateTime<Utc>>,
    returning: ReturningClause,
) -> Result<Option<(Option<Totals>, QueryResult)>, StoreError> {
    let Some(row) = conn
        .query_one(&lock_statement(id, accepting_at, returning))
        .await?
    else {
        return Ok(None);
    };
    let totals: Option<Vec<u8>> = row.try_get_by_index(0)?;
    let totals = totals.as_deref().map(round_totals::decode).transpose()?;
    Ok(Some((totals, row)))
}

/// A no-op write that takes an open round's row lock, and `returning` read
/// under it.
fn lock_statement(
    id: RoundId,
    accepting_at: Option<DateTime<Utc>>,
    returning: ReturningClause,
) -> UpdateStatement {
    let mut condition = Condition::all()
        .add(round::Column::Id.eq(id.0))
        .add(round::Column::State.eq(RoundState::Open.as_str()));
    if let Some(at) = accepting_at {
        condition = condition.add(
            Condition::any()
                .add(round::Column::ClosesAt.is_null())
                .add(round::Column::ClosesAt.gt(at)),
        );
    }
    Query::update()
        .table(round::Entity)
        .value(round::Column::State, RoundState::Open.as_str())
        .cond_where(condition)
        .returning(returning)
        .to_owned()
}
