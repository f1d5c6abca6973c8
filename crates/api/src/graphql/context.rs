use async_graphql::dataloader::{DataLoader, HashMapCache};
use async_graphql::parser::types::OperationType;
use async_graphql::{Context, Request};
use coforum_domain::forum::ForumRole;
use coforum_domain::ids::ForumId;
use coforum_domain::permissions::{ForumAction, authorize_in_forum, authorize_inside_forum};

use super::loaders::{CallerRoleIn, Loaders};
use crate::auth::principal::Caller;
use crate::error::{ApiError, ApiResult};
use crate::http::client::Client;
use crate::state::AppState;

/// The loaders of one request.
pub type RequestLoader = DataLoader<Loaders, HashMapCache>;

/// Attaches what resolvers need for one request: who is calling and a fresh
/// set of loaders. A query's loaders cache what they load for the length of
/// the request; a mutation's do not, so it never reads what it just changed
/// from before the change.
pub fn for_caller(request: Request, state: &AppState, caller: Caller) -> Request {
    let loaders = Loaders::new(
        state.db.clone(),
        caller.actor().map(|a| a.user_id),
        state.rankings.clone(),
    );
    let loader = DataLoader::with_cache(loaders, tokio::spawn, HashMapCache::default());
    loader.enable_all_cache(!runs_a_mutation(&request));
    request.data(caller).data(loader)
}

/// True when the operation the request would run is a mutation.
pub fn runs_a_mutation(request: &Request) -> bool {
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
        return false;
    };
    document.operations.iter().any(|(name, op)| {
        let selected = match (&request.operation_name, name) {
            (Some(wanted), Some(name)) => wanted == name.as_str(),
            (None, _) => true,
            (Some(_), None) => false,
        };
        selected && op.node.ty == OperationType::Mutation
    })
}

pub fn state<'a>(ctx: &Context<'a>) -> &'a AppState {
    ctx.data_unchecked::<AppState>()
}

pub fn caller<'a>(ctx: &Context<'a>) -> &'a Caller {
    static NOBODY: Caller = Caller(None);
    ctx.data_opt::<Caller>().unwrap_or(&NOBODY)
}

/// Where the request comes from. In-process callers that do not say are
/// all the unknown client.
pub fn client<'a>(ctx: &Context<'a>) -> &'a Client {
    static UNKNOWN: Client = Client::unknown();
    ctx.data_opt::<Client>().unwrap_or(&UNKNOWN)
}

pub fn loader<'a>(ctx: &Context<'a>) -> &'a RequestLoader {
    ctx.data_unchecked::<RequestLoader>()
}

/// The caller's role in `forum_id`, batched across the request.
pub async fn caller_role(ctx: &Context<'_>, forum_id: ForumId) -> ApiResult<Option<ForumRole>> {
    if caller(ctx).actor().is_none() {
        return Ok(None);
    }
    Ok(loader(ctx).load_one(CallerRoleIn(forum_id)).await?.flatten())
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
