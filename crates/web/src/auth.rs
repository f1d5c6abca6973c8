//! Signing in and out, creating an account, and joining a forum with an
//! invite link. Each runs the contract's mutation in-process; the tokens go
//! into HttpOnly cookies.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use coforum_app::ErrorCode;
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::csrf::{PRE_SESSION_COOKIE, new_pre_session};
use super::layout::{Chrome, FieldError, Fields, form_errors, ok, render, safe_next};
use super::session::{self, ACCESS_COOKIE, REFRESH_COOKIE, clear_cookie, set_cookie};
use super::visitor::Visitor;
use super::{WebState, gql};
use coforum_app::auth::principal::Caller;

/// Signing in: the sign-in page's one mutation.
#[derive(GraphQLQuery)]
#[graphql(schema_path = "../../schema.graphql", query_path = "graphql/login.graphql")]
pub struct Login;

/// Making an account: the register page's one mutation.
#[derive(GraphQLQuery)]
#[graphql(schema_path = "../../schema.graphql", query_path = "graphql/register.graphql")]
pub struct Register;

/// Signing out.
#[derive(GraphQLQuery)]
#[graphql(schema_path = "../../schema.graphql", query_path = "graphql/logout.graphql")]
pub struct Logout;

/// The tokens of a new session: (access, refresh).
type Session = (String, String);

/// A redirect that also sets the session cookies, a new pre-session (the
/// forms' CSRF tokens from before sign-in stop working), and the device
/// cookie the sign-in gave (`set`: the headers its resolver set).
pub(crate) fn signed_in(
    visitor: &Visitor,
    ((access, refresh), set): (Session, HeaderMap),
    to: &str,
) -> Response {
    let mut response = Redirect::to(to).into_response();
    session::append(
        response.headers_mut(),
        [
            set_cookie(ACCESS_COOKIE, &access, visitor.secure),
            set_cookie(REFRESH_COOKIE, &refresh, visitor.secure),
            set_cookie(PRE_SESSION_COOKIE, &new_pre_session(), visitor.secure),
        ],
    );
    for device_cookie in set.get_all(header::SET_COOKIE) {
        response
            .headers_mut()
            .append(header::SET_COOKIE, device_cookie.clone());
    }
    response
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    c: Chrome,
    email: String,
    next: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    signed_out: Option<String>,
}

/// `GET /sign-in`.
pub async fn sign_in_page(Extension(v): Extension<Visitor>, Query(q): Query<NextQuery>) -> Response {
    let next = safe_next(q.next.as_deref().unwrap_or("/")).to_owned();
    if v.me.is_some() {
        return Redirect::to(&next).into_response();
    }
    ok(&SignInPage {
        c: Chrome::new(&v, "Sign in")
            .section("sign-in")
            .notice(q.signed_out.map(|how| match how.as_str() {
                "everywhere" => "You have signed out everywhere, on this browser too.".to_owned(),
                _ => "You have signed out.".to_owned(),
            })),
        email: String::new(),
        next,
    })
}

/// `POST /sign-in`: the contract's `Login`.
pub async fn sign_in(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields(form);
    let email = form.get("email").trim().to_owned();
    let password = form.get("password");
    let next = safe_next(form.get("next")).to_owned();
    let mut errors = Vec::new();
    if email.is_empty() {
        errors.push(error("email", "Enter your email address"));
    }
    if password.is_empty() {
        errors.push(error("password", "Enter your password"));
    }
    if errors.is_empty() {
        let input = login::LoginInput {
            email: email.clone(),
            password: password.to_owned(),
        };
        let login = gql::query_from::<Login>(&web, Caller(None), &v.client, login::Variables { input });
        match login.await {
            Ok((data, set)) => {
                let session = (data.login.access_token, data.login.refresh_token);
                return signed_in(&v, (session, set), &next);
            }
            Err(refusal) => {
                errors = match refusal.code() {
                    ErrorCode::Unauthenticated => vec![error(
                        "email",
                        "Your email address or password is wrong. Check them and try again",
                    )],
                    ErrorCode::RateLimited if refusal.0.iter().any(|e| e.message.contains("network")) => {
                        vec![error(
                            "email",
                            "Too many sign-ins have failed from your network. Wait a minute, then try again",
                        )]
                    }
                    ErrorCode::RateLimited => vec![error(
                        "email",
                        "You tried to sign in too many times. Wait 15 minutes, then try again. \
                         On a computer or phone you have signed in with before, you can sign in now",
                    )],
                    _ => form_errors(
                        &refusal,
                        &[
                            ("email", "email", "Email address"),
                            ("password", "password", "Password"),
                        ],
                    ),
                }
            }
        }
    }
    let page = SignInPage {
        c: Chrome::new(&v, "Sign in").section("sign-in").errors(errors),
        email,
        next,
    };
    render(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

fn error(id: &str, text: &str) -> FieldError {
    FieldError {
        id: id.to_owned(),
        text: text.to_owned(),
    }
}

/// `POST /sign-out`: the contract's `Logout`, then the cookies go.
pub async fn sign_out(State(web): State<WebState>, Extension(v): Extension<Visitor>) -> Response {
    if let Some(refresh) = &v.refresh_token {
        // A session that already ended is fine: we are signing out anyway.
        let variables = logout::Variables {
            refresh_token: refresh.clone(),
        };
        let _ = gql::query::<Logout>(&web, v.caller, variables).await;
    }
    let mut response = Redirect::to("/sign-in?signed_out=1").into_response();
    // Drops the steps of half-filled forms the browser kept for its Back
    // button (see `steps::history_safe`): a shared computer forgets them.
    response
        .headers_mut()
        .insert("clear-site-data", HeaderValue::from_static("\"cache\""));
    // A new pre-session: the signed-out forms' tokens start afresh.
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

#[derive(Template)]
#[template(path = "register.html")]
pub(crate) struct RegisterPage {
    pub c: Chrome,
    pub display_name: String,
    pub email: String,
    pub invite: String,
    /// The forum the invite is for, when the page came from its link.
    pub forum_name: String,
}

#[derive(Deserialize)]
pub struct InviteQuery {
    invite: Option<String>,
}

/// `GET /register`.
pub async fn register_page(Extension(v): Extension<Visitor>, Query(q): Query<InviteQuery>) -> Response {
    ok(&RegisterPage {
        c: Chrome::new(&v, "Create an account").section("register"),
        display_name: String::new(),
        email: String::new(),
        invite: q.invite.unwrap_or_default(),
        forum_name: String::new(),
    })
}

/// `POST /register`: the contract's `Register` (with the invite, it joins
/// the forum too).
pub async fn register(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields(form);
    let name = form.get("displayName").trim().to_owned();
    let email = form.get("email").trim().to_owned();
    let password = form.get("password");
    let invite = form.get("invite").trim().to_owned();
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(error("display-name", "Enter the name people will see"));
    }
    if email.is_empty() {
        errors.push(error("email", "Enter your email address"));
    }
    if password.chars().count() < 10 {
        errors.push(error(
            "password",
            "Your password must be at least 10 letters, numbers or spaces long",
        ));
    }
    if errors.is_empty() {
        let input = register::RegisterInput {
            email: email.clone(),
            password: password.to_owned(),
            display_name: name.clone(),
            invite_code: Some(invite.clone()).filter(|i| !i.is_empty()),
        };
        match gql::query_from::<Register>(&web, Caller(None), &v.client, register::Variables { input }).await
        {
            Ok((data, set)) => {
                let session = (data.register.access_token, data.register.refresh_token);
                return signed_in(&v, (session, set), "/?done=registered");
            }
            Err(refusal) => {
                errors = match refusal.code() {
                    ErrorCode::NotFound => vec![error(
                        "display-name",
                        "Your invite link is not right. Ask for a new one",
                    )],
                    ErrorCode::Conflict if refusal.0.iter().any(|e| e.message.contains("invite")) => {
                        vec![error(
                            "display-name",
                            "Your invite link has run out. Ask for a new one",
                        )]
                    }
                    ErrorCode::Conflict => vec![error(
                        "email",
                        "There is already an account with this email address. Sign in instead",
                    )],
                    ErrorCode::Forbidden => vec![error(
                        "display-name",
                        "You need an invite link to make an account. Ask a forum's facilitator for one",
                    )],
                    _ => form_errors(
                        &refusal,
                        &[
                            ("displayName", "display-name", "Your name"),
                            ("email", "email", "Email address"),
                            ("password", "password", "Password"),
                        ],
                    ),
                }
            }
        }
    }
    let page = RegisterPage {
        c: Chrome::new(&v, "Create an account")
            .section("register")
            .errors(errors),
        display_name: name,
        email,
        invite,
        forum_name: String::new(),
    };
    render(&page, StatusCode::UNPROCESSABLE_ENTITY)
}
