use coforum_domain::ids::ForumId;
use coforum_domain::permissions::{Actor, ForumAction, authorize_in_forum};
use coforum_persistence::ConnectionTrait;
use coforum_persistence::repos::forums;

use crate::error::{AppError, AppResult};

/// Checks that `forum_id` exists and that `actor` may do `action` there.
/// Forums are public, so an unknown one is NOT_FOUND and a refusal is
/// FORBIDDEN.
pub async fn in_forum(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    forum_id: ForumId,
    action: ForumAction,
) -> AppResult<()> {
    forums::find(conn, forum_id)
        .await?
        .ok_or(AppError::NotFound("forum"))?;
    let role = forums::role_of(conn, actor.user_id, forum_id).await?;
    authorize_in_forum(Some(actor), role, action).map_err(|r| AppError::refused(r, "forum"))
}
