use async_graphql::dataloader::{DataLoader, HashMapCache};
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{Context, Request};
use coforum_app::reads::access;
use coforum_domain::forum;
use coforum_domain::ids::ForumId;
use coforum_domain::permissions::ForumAction;

use super::loaders::{CallerRoleIn, Loaders};
use coforum_app::auth::principal::Caller;
use coforum_app::client::Client;
use coforum_app::error::AppResult;
use coforum_app::state::AppState;

/// The loaders of one request.
pub(crate) type RequestLoader = DataLoader<Loaders, HashMapCache>;

/// Attaches what resolvers need for one request: who is calling and a fresh
/// set of loaders. A query's loaders cache what they load for the length of
/// the request; a mutation's do not, so it never reads what it just changed
/// from before the change.
///
/// The document is parsed here, if it was not already, and execution uses
/// that parse.
pub fn for_caller(mut request: Request, state: &AppState, caller: Caller) -> Request {
    let mutation = is_mutation(&mut request);
    let loaders = Loaders::new(state, caller.actor().map(|a| a.user_id));
    let loader = DataLoader::with_cache(loaders, tokio::spawn, HashMapCache::default());
    loader.enable_all_cache(!mutation);
    request.data(caller).data(loader)
}

/// True when the operation the request would run is a mutation. Parses the
/// document into the request, if it was not already: execution uses that.
pub fn is_mutation(request: &mut Request) -> bool {
    let operation_name = request.operation_name.clone();
    request
        .parsed_query()
        .is_ok_and(|document| runs_a_mutation(document, operation_name.as_deref()))
}

/// True when the operation `operation_name` picks in `document` is a mutation.
pub fn runs_a_mutation(document: &ExecutableDocument, operation_name: Option<&str>) -> bool {
    document.operations.iter().any(|(name, op)| {
        let selected = match (operation_name, name) {
            (Some(wanted), Some(name)) => wanted == name.as_str(),
            (None, _) => true,
            (Some(_), None) => false,
        };
        selected && op.node.ty == OperationType::Mutation
    })
}

pub(crate) fn state<'a>(ctx: &Context<'a>) -> &'a AppState {
    ctx.data_unchecked::<AppState>()
}

pub(crate) fn caller<'a>(ctx: &Context<'a>) -> &'a Caller {
    static NOBODY: Caller = Caller(None);
    ctx.data_opt::<Caller>().unwrap_or(&NOBODY)
}

/// Where the request comes from. In-process callers that do not say are
/// all the unknown client.
pub(crate) fn client<'a>(ctx: &Context<'a>) -> &'a Client {
    static UNKNOWN: Client = Client::unknown();
    ctx.data_opt::<Client>().unwrap_or(&UNKNOWN)
}

pub(crate) fn loader<'a>(ctx: &Context<'a>) -> &'a RequestLoader {
    ctx.data_unchecked::<RequestLoader>()
}

/// The caller's role in `forum_id`, batched across the request.
pub(crate) async fn caller_role(ctx: &Context<'_>, forum_id: ForumId) -> AppResult<Option<forum::ForumRole>> {
    if caller(ctx).actor().is_none() {
        return Ok(None);
    }
    Ok(loader(ctx).load_one(CallerRoleIn(forum_id)).await?.flatten())
}

/// Inside a forum whose existence is public: refusal is FORBIDDEN. The
/// application decides, from the caller's role batched here.
pub(crate) async fn require_in_forum(
    ctx: &Context<'_>,
    forum_id: ForumId,
    action: ForumAction,
) -> AppResult<()> {
    let role = caller_role(ctx, forum_id).await?;
    access::in_forum(caller(ctx), role, action)
}

/// For an object addressed by id inside a forum: a caller who may not read
/// the forum is told `what` does not exist.
pub(crate) async fn require_inside_forum(
    ctx: &Context<'_>,
    forum_id: ForumId,
    action: ForumAction,
    what: &'static str,
) -> AppResult<()> {
    let role = caller_role(ctx, forum_id).await?;
    access::inside_forum(caller(ctx), role, action, what)
}
