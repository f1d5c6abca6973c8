//! Changing the email address: the account page's form asks for a link to
//! the new address (`POST /account/email`); the link's page
//! (`/confirm-email/{token}`) has one button that makes the change, so a
//! mail scanner that opens the link changes nothing.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use coforum_app::ErrorCode;
use coforum_app::auth::principal::Caller;
use graphql_client::GraphQLQuery;

use super::account::{Shown, show_page};
use super::layout::{Chrome, Fields, form_errors, ok, render};
use super::page::error;
use super::visitor::Visitor;
use super::{WebState, gql};

/// Asking for the link: the form's one mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/request_email_change.graphql"
)]
pub struct RequestEmailChange;

/// Following the link: the confirmation page's one mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/confirm_email_change.graphql"
)]
pub struct ConfirmEmailChange;

/// Where the confirmation page stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// The button, not pressed yet.
    Ask,
    /// Pressed: the email is changed.
    Done,
    /// Used, expired or unknown.
    Dead,
    /// Another account took the address meanwhile.
    Taken,
    /// Something else went wrong: nothing changed.
    Broken,
}

#[derive(Template)]
#[template(path = "confirm_email.html")]
struct ConfirmPage {
    c: Chrome,
    token: String,
    stage: Stage,
    email: String,
}

/// `POST /account/email`: the `RequestEmailChange` mutation; the account
/// page then says where the link went.
pub async fn request(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    if v.me.is_none() {
        return Ok(Redirect::to("/sign-in?next=/account").into_response());
    }
    let form = Fields(form);
    let new_email = form.get("new_email").trim().to_owned();
    let password = form.get("password").to_owned();
    let mut errors = Vec::new();
    if new_email.is_empty() {
        errors.push(error("new-email", "Enter your new email address"));
    }
    if password.is_empty() {
        errors.push(error("email-password", "Enter your password"));
    }
    if errors.is_empty() {
        let variables = request_email_change::Variables {
            new_email: new_email.clone(),
            password,
        };
        match gql::query::<RequestEmailChange>(&web, v.caller, variables).await {
            Ok(_) => {
                let notice = format!("We sent a link to {new_email}. Your email changes when you follow it.");
                let shown = Shown {
                    notice: Some(notice),
                    ..Shown::default()
                };
                return show_page(&web, &v, shown).await;
            }
            Err(refusal) => {
                errors = match refusal.code() {
                    ErrorCode::Unauthenticated => vec![error(
                        "email-password",
                        "Your password is wrong. Check it and try again",
                    )],
                    ErrorCode::RateLimited => vec![error(
                        "email-password",
                        "You have tried too many times. Wait 1 hour, then try again",
                    )],
                    ErrorCode::Conflict => vec![error(
                        "new-email",
                        "Another account uses this email address. Use a different one",
                    )],
                    _ => form_errors(
                        &refusal,
                        &[
                            ("newEmail", "new-email", "New email address"),
                            ("password", "email-password", "Password"),
                        ],
                    ),
                }
            }
        }
    }
    let shown = Shown {
        errors,
        notice: None,
        new_email,
    };
    show_page(&web, &v, shown).await
}

/// `GET /confirm-email/{token}`. Whether the link still works shows when
/// the button is pressed: looking it up here would tell a guesser which
/// tokens exist.
pub async fn confirm_page(Extension(v): Extension<Visitor>, Path(token): Path<String>) -> Response {
    ok(&ConfirmPage {
        c: Chrome::new(&v, "Confirm your new email address"),
        token,
        stage: Stage::Ask,
        email: String::new(),
    })
}

/// `POST /confirm-email/{token}`: the `ConfirmEmailChange` mutation. No
/// sign-in: the emailed token is the proof.
pub async fn confirm(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(token): Path<String>,
) -> Response {
    let variables = confirm_email_change::Variables { token: token.clone() };
    let (title, stage, email, status) =
        match gql::query::<ConfirmEmailChange>(&web, Caller(None), variables).await {
            Ok(data) => (
                "Your email address is changed",
                Stage::Done,
                data.confirm_email_change,
                StatusCode::OK,
            ),
            Err(refusal) if refusal.code() == ErrorCode::Unauthenticated => (
                "This link does not work",
                Stage::Dead,
                String::new(),
                StatusCode::GONE,
            ),
            Err(refusal) if refusal.code() == ErrorCode::Conflict => (
                "This email address is taken",
                Stage::Taken,
                String::new(),
                StatusCode::CONFLICT,
            ),
            Err(_) => (
                "Sorry, there is a problem with the service",
                Stage::Broken,
                String::new(),
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
        };
    let page = ConfirmPage {
        c: Chrome::new(&v, title),
        token,
        stage,
        email,
    };
    render(&page, status)
}
