//! Wires coforum's rooms into one service: the application (`coforum-app`)
//! behind the GraphQL schema (`coforum-graphql`), the members' web client
//! (`coforum-web`) beside it, both served by `coforum-server`, with the
//! background closer of rounds. The `coforum` command and the black-box
//! tests start the service through here, so they run the same thing.

use std::future::Future;

use axum::Router;
use coforum_app::AppState;
use tokio::net::TcpListener;

/// The whole service as one router: `/graphql`, `/health` and the pages.
pub fn router(state: AppState) -> Router {
    let schema = coforum_graphql::build_schema(state.clone());
    let pages = coforum_web::router(state.clone(), schema.clone());
    coforum_server::router(state, schema, pages)
}

/// Serves until `shutdown` resolves, then finishes the requests in flight;
/// meanwhile closes rounds and decisions whose time has come.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let closer = tokio::spawn(coforum_app::ops::schedule::close_when_due(state.clone()));
    let limits = state.config.limits.clone();
    let served = coforum_server::serve(listener, router(state), &limits, shutdown).await;
    closer.abort();
    served
}
