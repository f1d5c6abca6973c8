use coforum_domain::ids::{FindingId, RoundId, UserId};
use coforum_domain::round::Round;
use coforum_persistence::now;
use coforum_persistence::repos::rounds;

use crate::error::{AppError, AppResult};
use crate::ops;
use crate::state::AppState;

pub use crate::ops::rounds::Outcome;

/// `round` as it is now: closed first if its time has come.
pub async fn current(state: &AppState, round: Round) -> AppResult<Round> {
    if !round.is_due(now()) {
        return Ok(round);
    }
    ops::rounds::close_if_due(state, round.id).await?;
    rounds::find(state.db.conn(), round.id)
        .await?
        .ok_or(AppError::NotFound("round"))
}

/// `voter`'s own marks in a round, if they have voted.
pub async fn my_ballot(
    state: &AppState,
    round_id: RoundId,
    voter: UserId,
) -> AppResult<Option<Vec<(FindingId, i64)>>> {
    ops::rounds::my_ballot(state.db.conn(), round_id, voter).await
}

/// Who recorded `voter`'s ballot in a round for them, and how; `None`
/// when they cast it (or have none). Only ever asked for the caller's own.
pub async fn my_ballot_assistance(
    state: &AppState,
    round_id: RoundId,
    voter: UserId,
) -> AppResult<Option<coforum_domain::assistance::Assisted>> {
    Ok(coforum_persistence::repos::ballots::assistance_of(state.db.conn(), round_id, voter).await?)
}

/// The running count of an open round.
pub async fn count_now(state: &AppState, round: &Round) -> AppResult<Outcome> {
    ops::rounds::count_now(state.db.conn(), round).await
}
