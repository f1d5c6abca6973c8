use coforum_domain::audit::AuditEvent;
use coforum_domain::forum::Membership;
use coforum_domain::ids::UserId;
use coforum_domain::permissions::{PlatformAction, authorize};
use coforum_persistence::repos::api_tokens::{self, ApiToken};
use coforum_persistence::repos::{audit, forums};

use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The forums `user_id` belongs to: for themselves and admins only.
pub async fn memberships_of(
    state: &AppState,
    caller: &Caller,
    user_id: UserId,
) -> AppResult<Vec<Membership>> {
    authorize(caller.actor(), PlatformAction::SeeAccount { owner: user_id })
        .map_err(|r| AppError::refused(r, "user"))?;
    Ok(forums::memberships_of(state.db.conn(), user_id).await?)
}

/// The caller's own API tokens, newest first.
pub async fn api_tokens(state: &AppState, caller: &Caller) -> AppResult<Vec<ApiToken>> {
    let actor = caller.signed_in()?;
    Ok(api_tokens::list_for(state.db.conn(), actor.user_id).await?)
}

/// Admins only: privileged actions, newest first, after `before`.
pub async fn audit_log(
    state: &AppState,
    caller: &Caller,
    before: Option<(chrono::DateTime<chrono::Utc>, uuid::Uuid)>,
    limit: u64,
) -> AppResult<Vec<AuditEvent>> {
    authorize(caller.actor(), PlatformAction::ReadAuditLog).map_err(|r| AppError::refused(r, "audit log"))?;
    Ok(audit::page(state.db.conn(), before, limit).await?)
}
