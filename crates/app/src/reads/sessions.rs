use chrono::{DateTime, Utc};
use coforum_domain::ids::SessionId;
use coforum_persistence::now;
use coforum_persistence::repos::sessions;

use crate::auth::principal::Caller;
use crate::error::AppResult;
use crate::ops::sessions::session_owner;
use crate::state::AppState;

/// One of the caller's live sessions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MySession {
    pub id: SessionId,
    pub created_at: DateTime<Utc>,
    /// Its sign-in or latest renewal: an access token lasts 15 minutes,
    /// so a session in use was used at most that long before.
    pub last_used_at: DateTime<Utc>,
    /// The session the caller's own access token belongs to.
    pub current: bool,
}

/// The caller's live sessions, the most recently used first. Not to API
/// tokens, which are no session.
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<Vec<MySession>> {
    let actor = session_owner(caller)?;
    let current = actor.credential.session();
    let live = sessions::live_of(state.db.conn(), actor.user_id, now()).await?;
    Ok(live
        .into_iter()
        .map(|s| MySession {
            id: s.id,
            created_at: s.created_at,
            last_used_at: s.last_used_at,
            current: Some(s.id) == current,
        })
        .collect())
}
