use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Request};
use coforum_domain::forum::ForumRole;
use coforum_domain::ids::ForumId;
use coforum_domain::permissions::{ForumAction, authorize_in_forum, authorize_inside_forum};

use super::loaders::{CallerRoleIn, Loaders};
use crate::auth::principal::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Attaches what resolvers need for one request: who is calling and a fresh
/// set of loaders (their cache lives as long as the request).
pub fn for_caller(request: Request, state: &AppState, caller: Caller) -> Request {
    let loaders = Loaders::new(state.db.clone(), caller.actor().map(|a| a.user_id));
    request.data(caller).data(DataLoader::new(loaders, tokio::spawn))
}

pub fn state<'a>(ctx: &Context<'a>) -> &'a AppState {
    ctx.data_unchecked::<AppState>()
}

pub fn caller<'a>(ctx: &Context<'a>) -> &'a Caller {
    static NOBODY: Caller = Caller(None);
    ctx.data_opt::<Caller>().unwrap_or(&NOBODY)
}

pub fn loader<'a>(ctx: &Context<'a>) -> &'a DataLoader<Loaders> {
    ctx.data_unchecked::<DataLoader<Loaders>>()
}

/// The caller's role in `forum_id`, batched across the request.
pub async fn caller_role(ctx: &Context<'_>, forum_id: ForumId) -> ApiResult<Option<ForumRole>> {
    if caller(ctx).actor().is_none() {
        return Ok(None);
    }
    Ok(loader(ctx).load_one(CallerRoleIn(forum_id)).await?)
}

/// Inside a forum whose existence is public: refusal is FORBIDDEN.
pub async fn require_in_forum(ctx: &Context<'_>, forum_id: ForumId, action: ForumAction) -> ApiResult<()> {
    let role = caller_role(ctx, forum_id).await?;
    authorize_in_forum(caller(ctx).actor(), role, action).map_err(|r| ApiError::refused(r, "forum"))
}

/// For an object addressed by id inside a forum: a caller who may not read
/// the forum is told `what` does not exist.
pub async fn require_inside_forum(
    ctx: &Context<'_>,
    forum_id: ForumId,
    action: ForumAction,
    what: &'static str,
) -> ApiResult<()> {
    let role = caller_role(ctx, forum_id).await?;
    authorize_inside_forum(caller(ctx).actor(), role, action).map_err(|r| ApiError::refused(r, what))
}
