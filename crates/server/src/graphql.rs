use async_graphql::http::GraphiQLSource;
use async_graphql::{BatchRequest, BatchResponse, Request, Response, ServerError, Value};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse};

use super::HttpState;
use coforum_app::auth::principal::{self, Caller};
use coforum_app::client::Client;
use coforum_app::error::AppError;
use coforum_graphql::context::{for_caller, is_mutation};

use crate::answers::Plan;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// The media type to answer with, from the request's `Accept` header.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    GraphqlResponse,
    Json,
}

fn negotiate(headers: &HeaderMap) -> Option<Answer> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(Answer::Json);
    };
    let accepts = |media: &str| {
        accept.split(',').any(|part| {
            part.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case(media))
        })
    };
    if accepts(GRAPHQL_RESPONSE) {
        Some(Answer::GraphqlResponse)
    } else if accepts(JSON) || accepts("application/*") || accepts("*/*") {
        Some(Answer::Json)
    } else {
        None
    }
}

pub async fn post(
    State(state): State<HttpState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    let Some(answer) = negotiate(&headers) else {
        return StatusCode::NOT_ACCEPTABLE.into_response();
    };
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case(JSON));
    if !is_json {
        return request_error(
            answer,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the request as application/json",
        );
    }
    let batch = match parse_body(&body) {
        Ok(batch) => batch,
        Err(message) => return request_error(answer, StatusCode::BAD_REQUEST, &message),
    };
    let max_batch = state.app.config.limits.max_batch;
    if let BatchRequest::Batch(requests) = &batch
        && requests.len() > max_batch
    {
        let message = format!("a batch may hold at most {max_batch} operations");
        return request_error(answer, StatusCode::BAD_REQUEST, &message);
    }
    execute(&state, &headers, client, batch, body, answer).await
}

pub async fn get(
    State(state): State<HttpState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> axum::response::Response {
    let query = query.unwrap_or_default();
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if query.is_empty() && wants_html {
        return Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response();
    }
    let Some(answer) = negotiate(&headers) else {
        return StatusCode::NOT_ACCEPTABLE.into_response();
    };
    let mut request = match async_graphql::http::parse_query_string(&query) {
        Ok(request) => request,
        Err(err) => return request_error(answer, StatusCode::BAD_REQUEST, &err.to_string()),
    };
    if is_mutation(&mut request) {
        let mut response = request_error(
            answer,
            StatusCode::METHOD_NOT_ALLOWED,
            "mutations must be sent with POST",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
        return response;
    }
    let request_bytes = Bytes::from(query);
    execute(
        &state,
        &headers,
        client,
        BatchRequest::Single(request),
        request_bytes,
        answer,
    )
    .await
}

/// Runs `batch` for the caller its `Authorization` names, from `client`.
/// `request_bytes` (the POST body or the GET query string) identify it for
/// kept answers.
async fn execute(
    state: &HttpState,
    headers: &HeaderMap,
    client: Client,
    batch: BatchRequest,
    request_bytes: Bytes,
    answer: Answer,
) -> axum::response::Response {
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let caller = match principal::resolve(&state.app, authorization).await {
        Ok(caller) => caller,
        Err(err) => {
            if let AppError::Internal(detail) = &err {
                tracing::error!(error = ?detail, "resolving the caller failed");
            }
            let status = if answer == Answer::GraphqlResponse {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::OK
            };
            let response = match &batch {
                BatchRequest::Single(_) => BatchResponse::Single(coded_error(&err)),
                BatchRequest::Batch(requests) => {
                    BatchResponse::Batch(requests.iter().map(|_| coded_error(&err)).collect())
                }
            };
            return respond(answer, status, response);
        }
    };
    let app = &state.app;
    let requests = match batch {
        BatchRequest::Single(request) => {
            return execute_one(state, caller, request.data(client), request_bytes, answer).await;
        }
        BatchRequest::Batch(requests) => requests,
    };
    let mut requests = requests;
    let ran_a_mutation = requests.iter_mut().any(is_mutation);
    let count = requests.len();
    let batch = BatchRequest::Batch(
        requests
            .into_iter()
            .map(|r| for_caller(r.data(client.clone()), app, caller))
            .collect(),
    );
    let response = state.schema.execute_batch(batch).await;
    let set_by_resolvers = match &response {
        BatchResponse::Single(single) => vec![single.http_headers.clone()],
        BatchResponse::Batch(all) => all.iter().map(|r| r.http_headers.clone()).collect(),
    };
    let body = Bytes::from(body_of(answer, &response));
    let limit = app.config.limits.max_response_bytes;
    if body.len() > limit && !ran_a_mutation {
        return too_large(answer, limit, Some(count));
    }
    with_headers(reply(answer, StatusCode::OK, body), set_by_resolvers)
}

/// Adds the headers resolvers set (a sign-in's device cookie) to the answer.
fn with_headers(
    mut response: axum::response::Response,
    sets: impl IntoIterator<Item = HeaderMap>,
) -> axum::response::Response {
    for set in sets {
        for (name, value) in &set {
            response.headers_mut().append(name, value.clone());
        }
    }
    response
}

/// Runs one request, or gives back its kept answer (`crate::answers`) when
/// nothing it depends on has changed since.
async fn execute_one(
    state: &HttpState,
    caller: Caller,
    request: Request,
    request_bytes: Bytes,
    answer: Answer,
) -> axum::response::Response {
    let app = &state.app;
    let limit = app.config.limits.max_response_bytes;
    // At most one parse: a document seen before is not parsed to find its
    // kept answer; otherwise it is parsed here or for execution, once.
    let mut request = request;
    let Plan { shape, mutation } = state.answers.plan(&mut request);
    let watched = match shape {
        Some(shape) => {
            state
                .answers
                .watch(app, &caller, shape, &request, request_bytes)
                .await
        }
        None => None,
    };
    if let Some(body) = watched.as_ref().and_then(|watched| state.answers.kept(watched)) {
        return reply(answer, StatusCode::OK, body);
    }
    let mut response = state.schema.execute(for_caller(request, app, caller)).await;
    let status = if answer == Answer::GraphqlResponse && never_ran(&response) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let succeeded = response.is_ok();
    let set_by_resolvers = std::mem::take(&mut response.http_headers);
    let body = Bytes::from(body_of(answer, &BatchResponse::Single(response)));
    // A mutation has run by now: its answer is given whatever its size, so
    // the caller is not led to run it again.
    if body.len() > limit && !mutation {
        return too_large(answer, limit, None);
    }
    if let Some(watched) = watched
        && succeeded
    {
        state.answers.keep(app, watched, body.clone()).await;
    }
    with_headers(reply(answer, status, body), [set_by_resolvers])
}

/// A request that failed before execution (parse or validation): no data,
/// and no error raised at a field path. With graphql-response+json it is a
/// client error; an executed request is 200 even when its data is null.
fn never_ran(response: &Response) -> bool {
    response.data == Value::Null && response.is_err() && response.errors.iter().all(|e| e.path.is_empty())
}

/// The answer to a query larger than the limit: a clear error instead,
/// before it reaches the network. `batch` is how many requests a batch
/// held; each gets the error.
fn too_large(answer: Answer, limit: usize, batch: Option<usize>) -> axum::response::Response {
    let what = if batch.is_some() {
        "the answers to this batch are"
    } else {
        "the answer is"
    };
    let error = || {
        let mut error = ServerError::new(
            format!(
                "{what} larger than the limit of {limit} bytes: ask for fewer fields, or a smaller page with `first`"
            ),
            None,
        );
        error
            .extensions
            .get_or_insert_with(Default::default)
            .set("code", Value::from("BAD_USER_INPUT"));
        Response::from_errors(vec![error])
    };
    match batch {
        None => {
            let status = if answer == Answer::GraphqlResponse {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            respond(answer, status, BatchResponse::Single(error()))
        }
        Some(count) => respond(
            answer,
            StatusCode::OK,
            BatchResponse::Batch((0..count).map(|_| error()).collect()),
        ),
    }
}

fn coded_error(err: &AppError) -> Response {
    let mut error = ServerError::new(err.to_string(), None);
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", Value::from(err.code().as_str()));
    Response::from_errors(vec![error])
}

fn request_error(answer: Answer, status: StatusCode, message: &str) -> axum::response::Response {
    let mut error = ServerError::new(message, None);
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", Value::from("BAD_USER_INPUT"));
    respond(
        answer,
        status,
        BatchResponse::Single(Response::from_errors(vec![error])),
    )
}

/// Parses a POST body: one request object or a non-empty array of them,
/// each with `query` a string. A request without one (a misspelt key, say)
/// is refused rather than run as an empty document.
fn parse_body(body: &[u8]) -> Result<BatchRequest, String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|err| format!("the body is not JSON: {err}"))?;
    let has_query =
        |request: &serde_json::Value| request.get("query").is_some_and(serde_json::Value::is_string);
    let well_formed = match &value {
        serde_json::Value::Array(requests) => !requests.is_empty() && requests.iter().all(has_query),
        request => has_query(request),
    };
    if !well_formed {
        return Err("a GraphQL request needs a `query` string".to_owned());
    }
    serde_json::from_value(value).map_err(|err| format!("the body is not a GraphQL request: {err}"))
}

fn respond(answer: Answer, status: StatusCode, response: BatchResponse) -> axum::response::Response {
    reply(answer, status, Bytes::from(body_of(answer, &response)))
}

fn body_of(answer: Answer, response: &BatchResponse) -> Vec<u8> {
    // graphql-response+json: a request that never ran has no `data` entry.
    let body = match (answer, &response) {
        (Answer::GraphqlResponse, BatchResponse::Single(single)) if never_ran(single) => {
            let mut body = serde_json::to_value(response).unwrap_or_default();
            if let Some(object) = body.as_object_mut() {
                object.remove("data");
            }
            serde_json::to_vec(&body)
        }
        _ => serde_json::to_vec(&super::json::Sorted(response)),
    };
    body.unwrap_or_else(|_| br#"{"errors":[{"message":"internal error"}]}"#.to_vec())
}

fn reply(answer: Answer, status: StatusCode, body: Bytes) -> axum::response::Response {
    let content_type = match answer {
        Answer::GraphqlResponse => GRAPHQL_RESPONSE,
        Answer::Json => JSON,
    };
    (
        status,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}
