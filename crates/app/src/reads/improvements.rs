use coforum_domain::ids::ImprovementId;
use coforum_domain::improvement::{Improvement, ImprovementStatus, Revision};
use coforum_persistence::now;
use coforum_persistence::repos::{decisions, improvements};

use crate::error::{AppError, AppResult};
use crate::ops;
use crate::state::AppState;

/// An improvement's revisions, first to latest.
pub async fn revisions(state: &AppState, id: ImprovementId) -> AppResult<Vec<Revision>> {
    Ok(improvements::revisions(state.db.conn(), id).await?)
}

/// An improvement whose open decision has reached its closing time is read
/// after that decision closes, as a round is: nobody sees a stale OPEN.
pub async fn closed_if_due(state: &AppState, improvement: Improvement) -> AppResult<Improvement> {
    if improvement.status != ImprovementStatus::InDecision {
        return Ok(improvement);
    }
    let latest = decisions::latest(state.db.conn(), improvement.id).await?;
    if !latest.is_some_and(|d| d.is_due(now())) {
        return Ok(improvement);
    }
    ops::improvements::close_decision_if_due(state, improvement.id).await?;
    improvements::find(state.db.conn(), improvement.id)
        .await?
        .ok_or(AppError::NotFound("improvement"))
}
