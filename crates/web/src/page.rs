//! What the improvement, decision and revision pages do alike: read their
//! one document, and send a form's one mutation once the page's own checks
//! pass, giving back the errors to show the form again with.

use axum::response::Response;
use graphql_client::GraphQLQuery;

use super::allowed::{self, Back, Task};
use super::layout::{FieldError, form_errors, refused};
use super::visitor::Visitor;
use super::{WebState, gql};
use coforum_app::ErrorCode;

/// Runs the page's document `Q`; a refusal is the page that says why
/// (`path` is where to come back after signing in).
pub async fn read<Q: GraphQLQuery>(
    web: &WebState,
    v: &Visitor,
    variables: Q::Variables,
    path: &str,
) -> Result<Q::ResponseData, Response> {
    gql::query::<Q>(web, v.caller, variables)
        .await
        .map_err(|r| refused(v, &r, path))
}

/// Runs the mutation `Q` unless the page's own checks found `errors`; a
/// refusal becomes the errors of the form's `fields` (the API's input name,
/// the field's id on the page, and its label), as `form_errors` reads them.
pub async fn send<Q: GraphQLQuery>(
    web: &WebState,
    v: &Visitor,
    errors: Vec<FieldError>,
    variables: impl FnOnce() -> Q::Variables,
    fields: &[(&str, &str, &str)],
) -> Result<Q::ResponseData, Vec<FieldError>> {
    if !errors.is_empty() {
        return Err(errors);
    }
    gql::query::<Q>(web, v.caller, variables())
        .await
        .map_err(|refusal| form_errors(&refusal, fields))
}

/// Like [`send`], for a form only some may use: the API's FORBIDDEN is
/// the "can't" page for `task` (the outer error), not a form error.
pub async fn send_as<Q: GraphQLQuery>(
    web: &WebState,
    v: &Visitor,
    errors: Vec<FieldError>,
    variables: impl FnOnce() -> Q::Variables,
    fields: &[(&str, &str, &str)],
    (task, back): (Task, Back),
) -> Result<Result<Q::ResponseData, Vec<FieldError>>, Response> {
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    match gql::query::<Q>(web, v.caller, variables()).await {
        Ok(data) => Ok(Ok(data)),
        Err(refusal) if refusal.code() == ErrorCode::Forbidden => Err(allowed::cannot(v, task, back)),
        Err(refusal) => Ok(Err(form_errors(&refusal, fields))),
    }
}

/// The page's own error for the field `id`.
pub fn error(id: &str, text: &str) -> FieldError {
    FieldError {
        id: id.to_owned(),
        text: text.to_owned(),
    }
}
