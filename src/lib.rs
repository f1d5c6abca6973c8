//! Wires coforum's rooms into one service: the application (`coforum-app`)
//! behind the GraphQL schema (`coforum-graphql`), the members' web client
//! (`coforum-web`) beside it, both served by `coforum-server`, with the
//! background closer of rounds. The `coforum` command and the black-box
//! tests start the service through here, so they run the same thing.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use coforum_app::AppState;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The whole service as one router: `/graphql`, `/health` and the pages.
pub fn router(state: AppState) -> Router {
    let schema = coforum_graphql::build_schema(state.clone());
    let pages = coforum_web::router(state.clone(), schema.clone());
    coforum_server::router(state, schema, pages)
}

/// How long a stopping server gives its mail sender to finish the message
/// in hand (one SMTP conversation times out after 30 s).
const MAIL_GRACE: Duration = Duration::from_secs(35);

/// Serves until `shutdown` resolves, then finishes the requests in flight;
/// meanwhile closes rounds and decisions whose time has come and delivers
/// the outbox.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let closer = tokio::spawn(coforum_app::ops::schedule::close_when_due(state.clone()));
    // Its steps each commit whole, so stopping it anywhere loses nothing.
    let notices = tokio::spawn(coforum_app::notices::background::run(state.clone()));
    // The sender stops between messages, never between sending one and
    // marking it sent, so a restart does not send it twice.
    let (stop_mail, mail_stopped) = oneshot::channel::<()>();
    let sender = tokio::spawn(state.mail.clone().run(async {
        let _ = mail_stopped.await;
    }));
    let limits = state.config.limits.clone();
    let served = coforum_server::serve(listener, router(state), &limits, shutdown).await;
    closer.abort();
    notices.abort();
    let _ = stop_mail.send(());
    if tokio::time::timeout(MAIL_GRACE, sender).await.is_err() {
        tracing::warn!("the mail sender did not stop in time");
    }
    served
}
