//! The account page's sessions: ending one (`POST
//! /account/sessions/{id}/end`) and signing out everywhere (`POST
//! /account/sign-out-everywhere`), which signs this browser out too.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Redirect, Response};
use graphql_client::GraphQLQuery;

use super::account::PATH;
use super::csrf::{PRE_SESSION_COOKIE, new_pre_session};
use super::layout::refused;
use super::session::{self, ACCESS_COOKIE, REFRESH_COOKIE, clear_cookie, set_cookie};
use super::visitor::Visitor;
use super::{WebState, gql};

/// Ending one session: the "End" button's one mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/end_session.graphql"
)]
pub struct EndSession;

/// Ending them all: the "Sign out everywhere" button's one mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/sign_out_everywhere.graphql"
)]
pub struct SignOutEverywhere;

/// `POST /account/sessions/{id}/end`: the `EndSession` mutation, then
/// back to the account page. Someone else's session: not found.
pub async fn end(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
) -> Response {
    match gql::query::<EndSession>(&web, v.caller, end_session::Variables { id }).await {
        Ok(_) => Redirect::to("/account?done=session").into_response(),
        Err(refusal) => refused(&v, &refusal, PATH),
    }
}

/// `POST /account/sign-out-everywhere`: the `SignOutEverywhere` mutation;
/// this browser's cookies go too, and the sign-in page says what happened.
pub async fn everywhere(State(web): State<WebState>, Extension(v): Extension<Visitor>) -> Response {
    if let Err(refusal) =
        gql::query::<SignOutEverywhere>(&web, v.caller, sign_out_everywhere::Variables).await
    {
        return refused(&v, &refusal, PATH);
    }
    let mut response = Redirect::to("/sign-in?signed_out=everywhere").into_response();
    // As signing out does: a shared computer forgets the pages it kept.
    response
        .headers_mut()
        .insert("clear-site-data", HeaderValue::from_static("\"cache\""));
    session::append(
        response.headers_mut(),
        [
            clear_cookie(ACCESS_COOKIE, v.secure),
            clear_cookie(REFRESH_COOKIE, v.secure),
            set_cookie(PRE_SESSION_COOKIE, &new_pre_session(), v.secure),
        ],
    );
    response
}
