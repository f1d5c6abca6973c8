//! A forgotten password: ask for a link by email (`/forgot-password`), then
//! choose a new password with it (`/reset-password/{token}`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use coforum_app::ErrorCode;
use coforum_app::auth::principal::Caller;
use graphql_client::GraphQLQuery;

use super::auth::signed_in;
use super::layout::{Chrome, FieldError, Fields, form_errors, ok, render};
use super::visitor::Visitor;
use super::{WebState, gql};

/// Asking for the link: the forgotten-password page's one mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/request_password_reset.graphql"
)]
pub struct RequestPasswordReset;

/// Choosing the new password: the reset page's one mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/reset_password.graphql"
)]
pub struct ResetPassword;

#[derive(Template)]
#[template(path = "forgot_password.html")]
struct ForgotPage {
    c: Chrome,
    email: String,
    sent: bool,
}

#[derive(Template)]
#[template(path = "reset_password.html")]
struct ResetPage {
    c: Chrome,
    token: String,
    dead: bool,
}

/// `GET /forgot-password`.
pub async fn forgot_page(Extension(v): Extension<Visitor>) -> Response {
    ok(&ForgotPage {
        c: Chrome::new(&v, "Forgotten your password?").section("sign-in"),
        email: String::new(),
        sent: false,
    })
}

/// `POST /forgot-password`: the contract's `RequestPasswordReset`. The
/// answer is the same whether or not the address has an account.
pub async fn forgot(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let email = Fields(form).get("email").trim().to_owned();
    if email.is_empty() {
        let error = FieldError {
            id: "email".to_owned(),
            text: "Enter your email address".to_owned(),
        };
        let page = ForgotPage {
            c: Chrome::new(&v, "Forgotten your password?")
                .section("sign-in")
                .errors(vec![error]),
            email,
            sent: false,
        };
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let variables = request_password_reset::Variables { email: email.clone() };
    if let Err(refusal) = gql::query::<RequestPasswordReset>(&web, Caller(None), variables).await {
        let page = ForgotPage {
            c: Chrome::new(&v, "Forgotten your password?")
                .section("sign-in")
                .errors(form_errors(&refusal, &[("email", "email", "Email address")])),
            email,
            sent: false,
        };
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    ok(&ForgotPage {
        c: Chrome::new(&v, "Check your email").section("sign-in"),
        email: String::new(),
        sent: true,
    })
}

/// `GET /reset-password/{token}`. Whether the link still works shows when
/// it is used: looking it up here would tell a guesser which tokens exist.
pub async fn reset_page(Extension(v): Extension<Visitor>, Path(token): Path<String>) -> Response {
    ok(&ResetPage {
        c: Chrome::new(&v, "Choose a new password").section("sign-in"),
        token,
        dead: false,
    })
}

/// `POST /reset-password/{token}`: the contract's `ResetPassword`; signed
/// in with the new password on success.
pub async fn reset(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(token): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let new_password = Fields(form).get("new_password").to_owned();
    let errors = if new_password.is_empty() {
        vec![FieldError {
            id: "new-password".to_owned(),
            text: "Enter a new password".to_owned(),
        }]
    } else {
        let variables = reset_password::Variables {
            token: token.clone(),
            new_password,
        };
        match gql::query_from::<ResetPassword>(&web, Caller(None), &v.client, variables).await {
            Ok((data, set)) => {
                let session = (
                    data.reset_password.access_token,
                    data.reset_password.refresh_token,
                );
                return signed_in(&v, (session, set), "/?done=password");
            }
            Err(refusal) if refusal.code() == ErrorCode::Unauthenticated => {
                let page = ResetPage {
                    c: Chrome::new(&v, "This link does not work").section("sign-in"),
                    token,
                    dead: true,
                };
                return render(&page, StatusCode::GONE);
            }
            Err(refusal) => form_errors(&refusal, &[("newPassword", "new-password", "New password")]),
        }
    };
    let page = ResetPage {
        c: Chrome::new(&v, "Choose a new password")
            .section("sign-in")
            .errors(errors),
        token,
        dead: false,
    };
    render(&page, StatusCode::UNPROCESSABLE_ENTITY)
}
