use coforum_domain::finding::{Finding, FindingDraft, NewFinding};
use coforum_domain::ids::ForumId;
use coforum_domain::permissions::ForumAction;
use coforum_persistence::now;
use coforum_persistence::repos::findings;

use super::access;
use crate::auth::principal::Caller;
use crate::error::AppResult;
use crate::state::AppState;

/// Members, facilitators, officers and admins add findings.
pub async fn add_finding(
    state: &AppState,
    caller: &Caller,
    forum_id: ForumId,
    draft: FindingDraft<'_>,
) -> AppResult<Finding> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    access::in_forum(&txn, actor, forum_id, ForumAction::AddFinding).await?;
    let new = NewFinding::parse(draft, now())?;
    let finding = findings::insert(&txn, forum_id, &new, actor.user_id).await?;
    txn.commit().await?;
    Ok(finding)
}
