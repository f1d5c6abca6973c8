//! Invites as people see them: a forum's invites for its facilitators, and
//! one invite by its code for the join page.

use coforum_domain::forum::{Forum, Invite};
use coforum_domain::ids::ForumId;
use coforum_persistence::repos::{forums, invites};

use crate::auth::secrets::hash_secret;
use crate::error::AppResult;
use crate::state::AppState;

/// The most invites the facilitators' list shows, newest first.
pub const LISTED: u64 = 100;

/// A forum's invites, newest first. The caller has been allowed to
/// facilitate the forum.
pub async fn of_forum(state: &AppState, forum_id: ForumId) -> AppResult<Vec<Invite>> {
    Ok(invites::of_forum(state.db.conn(), forum_id, LISTED).await?)
}

/// The invite with `code` and its forum; none for a code that is not one.
/// Public: the code is the secret, and it could be used to join anyway.
pub async fn by_code(state: &AppState, code: &str) -> AppResult<Option<(Invite, Forum)>> {
    let conn = state.db.conn();
    let Some(invite) = invites::find_by_code_hash(conn, &hash_secret(code.trim())).await? else {
        return Ok(None);
    };
    let forum = forums::find(conn, invite.forum_id).await?;
    Ok(forum.map(|forum| (invite, forum)))
}
