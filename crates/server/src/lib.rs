//! The HTTP server: `/graphql`, `/health`, whatever pages it is given
//! (the web client at `/`), and the middleware around them (request ids,
//! tracing, body limit, timeout, the client's address), on our own accept
//! loop.

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

use coforum_app::AppState;
use coforum_graphql::CoforumSchema;

use crate::answers::Answers;

/// Answers to forum reads kept in memory while the forums' revisions hold.
mod answers;
/// Who is at the other end: address, HTTPS, device cookie.
mod client;
/// GraphQL over HTTP: POST and GET, content negotiation, batches.
mod graphql;
/// `GET /health`: 200 while the database answers, 503 otherwise.
mod health;
/// GraphQL responses written as JSON in one pass, keys sorted.
mod json;
/// The accept loop: header and idle timeouts, a bound on connections.
mod transport;

/// What every handler receives.
#[derive(Clone)]
struct HttpState {
    app: AppState,
    schema: CoforumSchema,
    answers: Arc<Answers>,
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// `/graphql` and `/health` for `schema`, with `pages` (the web client)
/// for every other path, all behind the middleware.
pub fn router(state: AppState, schema: CoforumSchema, pages: Router) -> Router {
    let limits = state.config.limits.clone();
    let cors = cors(&state.config.cors_origins);
    let trusted_proxies: Arc<[IpNet]> = state.config.trusted_proxies.clone().into();
    let http_state = HttpState {
        schema,
        app: state,
        answers: Arc::new(Answers::default()),
    };
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
        .merge(pages)
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

/// Works out the request's [`coforum_app::client::Client`] once, for the handlers.
async fn identify_client(
    State(trusted_proxies): State<Arc<[IpNet]>>,
    mut request: axum::extract::Request,
    next: Next,
) -> Response {
    let client = client::client_of(&trusted_proxies, request.extensions(), request.headers());
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

/// Serves `router` on `listener` until `shutdown` resolves, then finishes
/// the requests in flight.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: &coforum_app::Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    transport::run(listener, router, limits, shutdown).await
}
