use coforum_domain::account::User;
use coforum_domain::forum::{Forum, Membership};
use coforum_domain::ids::ForumId;
use coforum_domain::improvement::Improvement;
use coforum_domain::round::Round;
use coforum_persistence::now;
use coforum_persistence::repos::{forums, improvements, rounds};

use crate::error::AppResult;
use crate::ops;
use crate::state::AppState;

/// Every forum, by name. Public.
pub async fn all(state: &AppState) -> AppResult<Vec<Forum>> {
    Ok(forums::list(state.db.conn()).await?)
}

/// One forum by its slug. Public.
pub async fn by_slug(state: &AppState, slug: &str) -> AppResult<Option<Forum>> {
    Ok(forums::find_by_slug(state.db.conn(), slug).await?)
}

/// A forum's rounds, newest first, any whose time has come closed first.
/// The caller has been allowed to read the forum.
pub async fn rounds(state: &AppState, forum_id: ForumId) -> AppResult<Vec<Round>> {
    let found = rounds::for_forum(state.db.conn(), forum_id).await?;
    let now = now();
    if !found.iter().any(|r| r.is_due(now)) {
        return Ok(found);
    }
    for round in found.iter().filter(|r| r.is_due(now)) {
        ops::rounds::close_if_due(state, round.id).await?;
    }
    Ok(rounds::for_forum(state.db.conn(), forum_id).await?)
}

/// A forum's improvements, newest first, any whose decision is due read
/// after it closes.
pub async fn improvements(state: &AppState, forum_id: ForumId) -> AppResult<Vec<Improvement>> {
    let found = improvements::for_forum(state.db.conn(), forum_id).await?;
    let mut current = Vec::with_capacity(found.len());
    for improvement in found {
        current.push(super::improvements::closed_if_due(state, improvement).await?);
    }
    Ok(current)
}

/// A forum's members, longest-standing first.
pub async fn members(state: &AppState, forum_id: ForumId) -> AppResult<Vec<Membership>> {
    Ok(forums::members(state.db.conn(), forum_id).await?)
}

/// A forum's members with their accounts, in one statement.
pub async fn members_with_users(state: &AppState, forum_id: ForumId) -> AppResult<Vec<(Membership, User)>> {
    Ok(forums::members_with_users(state.db.conn(), forum_id).await?)
}
