//! The HTTP surface: `/graphql`, `/health`, the web client at `/`, and the middleware around
//! them (request ids, tracing, body limit, timeout, the client's address).

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, Request, StatusCode};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use ipnet::IpNet;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::graphql::{CoforumSchema, build_schema};
use crate::state::AppState;

/// Who is at the other end: address, HTTPS, device cookie.
pub mod client;
/// GraphQL over HTTP: POST and GET, content negotiation, batches.
mod graphql;
/// `GET /health`: 200 while the database answers, 503 otherwise.
mod health;
/// GraphQL responses written as JSON in one pass, keys sorted.
mod json;
/// The accept loop: header and idle timeouts, a bound on connections.
mod transport;

pub use transport::SHUTDOWN_GRACE;

/// What every handler receives.
#[derive(Clone)]
pub struct HttpState {
    pub app: AppState,
    pub schema: CoforumSchema,
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application as an axum router.
pub fn router(state: AppState) -> Router {
    let limits = state.config.limits.clone();
    let schema = build_schema(state.clone());
    let web = crate::web::router(state.clone(), schema.clone());
    let cors = cors(&state.config.cors_origins);
    let trusted_proxies: Arc<[IpNet]> = state.config.trusted_proxies.clone().into();
    let http_state = HttpState { schema, app: state };
    let trace = TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
        let request_id = request
            .headers()
            .get(REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id)
    });
    Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/health", get(health::health))
        .with_state(http_state)
        // Everything else is the members' web client.
        .merge(web)
        .layer(middleware::from_fn_with_state(trusted_proxies, identify_client))
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(CatchPanicLayer::new())
        .layer(cors)
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(trace)
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// Works out the request's [`client::Client`] once, for the handlers.
async fn identify_client(
    State(trusted_proxies): State<Arc<[IpNet]>>,
    mut request: axum::extract::Request,
    next: Next,
) -> Response {
    let client = client::Client::of(&trusted_proxies, request.extensions(), request.headers());
    request.extensions_mut().insert(client);
    next.run(request).await
}

/// CORS for the configured origins only; with none, no CORS headers at all,
/// so browsers refuse other sites' reads.
fn cors(origins: &[String]) -> CorsLayer {
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    if allowed.is_empty() {
        return CorsLayer::new();
    }
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
/// Also runs the background closer of rounds whose time has come.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let closer = tokio::spawn(close_rounds_when_due(state.clone()));
    let limits = state.config.limits.clone();
    let served = transport::run(listener, router(state), &limits, shutdown).await;
    closer.abort();
    served
}

/// Closes rounds and decisions at their closing time with no request needed. Every server
/// runs one; the close itself is conditional, so each round closes once.
async fn close_rounds_when_due(state: AppState) {
    let mut ticks = tokio::time::interval(state.config.round_close_interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if let Err(err) = crate::ops::rounds::close_due_rounds(&state).await {
            tracing::warn!(error = %err, detail = ?err, "closing due rounds failed; will retry");
        }
        if let Err(err) = crate::ops::improvements::close_due_decisions(&state).await {
            tracing::warn!(error = %err, detail = ?err, "closing due decisions failed; will retry");
        }
    }
}
