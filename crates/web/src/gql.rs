//! Running a named GraphQL operation in-process, as the signed-in person,
//! against the same schema `/graphql` serves: the web client can do nothing
//! the API cannot.

use async_graphql::{Request, Variables};
use axum::http::HeaderMap;
use graphql_client::GraphQLQuery;
use serde_json::Value;

use super::WebState;
use coforum_app::ErrorCode;
use coforum_app::auth::principal::Caller;
use coforum_app::client::Client;
use coforum_graphql::context::for_caller;

/// One error of a response, as a client of the API sees it.
#[derive(Clone, Debug)]
pub struct GqlError {
    /// The contract's `extensions.code`.
    pub code: ErrorCode,
    /// `extensions.field` for BAD_USER_INPUT: the input the rule is about.
    pub field: Option<String>,
    pub message: String,
}

impl GqlError {
    /// An error of our own making (the answer could not be read).
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::Internal,
            field: None,
            message: message.into(),
        }
    }

    /// The rule alone, without the `field: ` the API puts in front.
    pub fn rule(&self) -> &str {
        match &self.field {
            Some(field) => self
                .message
                .strip_prefix(field.as_str())
                .and_then(|m| m.strip_prefix(": "))
                .unwrap_or(&self.message),
            None => &self.message,
        }
    }
}

/// The errors of a refused operation; never empty.
#[derive(Clone, Debug)]
pub struct Refused(pub Vec<GqlError>);

impl Refused {
    /// The first error's code.
    pub fn code(&self) -> ErrorCode {
        self.0.first().map_or(ErrorCode::Internal, |e| e.code)
    }
}

/// Runs the typed document `Q` (checked against `schema.graphql` when the
/// crate builds) as `caller` and reads its `data` as `Q`'s answer.
pub async fn query<Q: GraphQLQuery>(
    web: &WebState,
    caller: Caller,
    variables: Q::Variables,
) -> Result<Q::ResponseData, Refused> {
    Ok(typed::<Q>(web, caller, None, variables).await?.0)
}

/// Like [`query`], for an operation that needs to know the client (a
/// sign-in); also gives back the headers its resolvers set (the device
/// cookie), for the page's answer.
pub async fn query_from<Q: GraphQLQuery>(
    web: &WebState,
    caller: Caller,
    client: &Client,
    variables: Q::Variables,
) -> Result<(Q::ResponseData, HeaderMap), Refused> {
    typed::<Q>(web, caller, Some(client), variables).await
}

async fn typed<Q: GraphQLQuery>(
    web: &WebState,
    caller: Caller,
    client: Option<&Client>,
    variables: Q::Variables,
) -> Result<(Q::ResponseData, HeaderMap), Refused> {
    let body = Q::build_query(variables);
    let variables =
        serde_json::to_value(body.variables).map_err(|err| unreadable(&err, body.operation_name))?;
    let mut request = Request::new(body.query)
        .operation_name(body.operation_name)
        .variables(Variables::from_json(variables));
    if let Some(client) = client {
        request = request.data(client.clone());
    }
    let (data, headers) = execute(web, for_caller(request, &web.app, caller)).await;
    let data = serde_json::from_value(data?).map_err(|err| unreadable(&err, body.operation_name))?;
    Ok((data, headers))
}

fn unreadable(err: &serde_json::Error, operation: &str) -> Refused {
    tracing::error!(error = %err, operation, "the web client could not read an answer");
    Refused(vec![GqlError::internal("the answer could not be read")])
}

async fn execute(web: &WebState, request: Request) -> (Result<Value, Refused>, HeaderMap) {
    let mut response = web.schema.execute(request).await;
    let headers = std::mem::take(&mut response.http_headers);
    (data_of(response), headers)
}

fn data_of(response: async_graphql::Response) -> Result<Value, Refused> {
    if !response.errors.is_empty() {
        let errors = response
            .errors
            .into_iter()
            .map(|error| {
                let extension = |name: &str| {
                    error
                        .extensions
                        .as_ref()
                        .and_then(|e| e.get(name))
                        .and_then(|v| match v {
                            async_graphql::Value::String(s) => Some(s.clone()),
                            _ => None,
                        })
                };
                GqlError {
                    code: extension("code")
                        .and_then(|code| ErrorCode::parse(&code))
                        .unwrap_or(ErrorCode::Internal),
                    field: extension("field"),
                    message: error.message.clone(),
                }
            })
            .collect();
        return Err(Refused(errors));
    }
    response
        .data
        .into_json()
        .map_err(|err| Refused(vec![GqlError::internal(err.to_string())]))
}
