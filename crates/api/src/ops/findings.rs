use coforum_domain::finding::{Finding, FindingDraft, NewFinding};
use coforum_domain::ids::ForumId;
use coforum_domain::permissions::{ForumAction, authorize_in_forum};
use coforum_persistence::now;
use coforum_persistence::repos::{findings, forums};

use crate::auth::principal::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Members, facilitators, officers and admins add findings.
pub async fn add_finding(
    state: &AppState,
    caller: &Caller,
    forum_id: ForumId,
    draft: FindingDraft<'_>,
) -> ApiResult<Finding> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    forums::find(&txn, forum_id)
        .await?
        .ok_or(ApiError::NotFound("forum"))?;
    let role = forums::role_of(&txn, actor.user_id, forum_id).await?;
    authorize_in_forum(Some(actor), role, ForumAction::AddFinding)
        .map_err(|r| ApiError::refused(r, "forum"))?;
    let new = NewFinding::parse(draft, now())?;
    let finding = findings::insert(&txn, forum_id, &new, actor.user_id).await?;
    txn.commit().await?;
    Ok(finding)
}
