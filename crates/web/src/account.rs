//! The account page (`/account`): who you are, changing your email
//! (`account_email.rs`) and password, your sessions (`account_sessions.rs`),
//! your data to download, and deleting your account. Each part is a
//! section of its own template (`account_*.html`), so more (notification
//! settings) can be added beside them.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use coforum_app::ErrorCode;
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::auth::signed_in;
use super::csrf::{PRE_SESSION_COOKIE, new_pre_session};
use super::layout::{Chrome, FieldError, Fields, form_errors, ok, render};
use super::page::{self, error};
use super::session::{self, ACCESS_COOKIE, REFRESH_COOKIE, clear_cookie, set_cookie};
use super::visitor::Visitor;
use super::{WebState, gql, words};

/// The schema's `JSON` scalar.
#[allow(clippy::upper_case_acronyms)]
type JSON = serde_json::Value;

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// The account page's one document.
#[derive(GraphQLQuery)]
#[graphql(schema_path = "../../schema.graphql", query_path = "graphql/account.graphql")]
pub struct WebAccount;

/// "Download my data": the contract's document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/export_my_data.graphql"
)]
pub struct ExportMyData;

/// "Change your password": the contract's mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/change_password.graphql"
)]
pub struct ChangePassword;

/// "Delete my account": the contract's mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/delete_my_account.graphql"
)]
pub struct DeleteMyAccount;

pub(crate) const PATH: &str = "/account";

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    name: String,
    email: String,
    /// What was typed in "Change your email address", to show it again.
    new_email: String,
    sessions: Vec<SessionRow>,
}

/// One live session, in words.
struct SessionRow {
    id: String,
    started: String,
    last_used: String,
    current: bool,
}

/// What the account page shows besides the account: the errors of a form
/// sent, a notice, and the new email typed.
#[derive(Default)]
pub(crate) struct Shown {
    pub errors: Vec<FieldError>,
    pub notice: Option<String>,
    pub new_email: String,
}

#[derive(Template)]
#[template(path = "account_deleted.html")]
struct DeletedPage {
    c: Chrome,
}

async fn show(web: &WebState, v: &Visitor, errors: Vec<FieldError>) -> Result<Response, Response> {
    show_page(
        web,
        v,
        Shown {
            errors,
            ..Shown::default()
        },
    )
    .await
}

/// The account page, with what a form sent left to show.
pub(crate) async fn show_page(web: &WebState, v: &Visitor, shown: Shown) -> Result<Response, Response> {
    let data = page::read::<WebAccount>(web, v, web_account::Variables, PATH).await?;
    let status = if shown.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut sessions: Vec<SessionRow> = data
        .my_sessions
        .into_iter()
        .map(|s| SessionRow {
            id: s.id,
            started: words::date_time(&s.created_at),
            last_used: words::date_time(&s.last_used_at),
            current: s.current,
        })
        .collect();
    // This browser first; the rest as the API gives them, latest used first.
    sessions.sort_by_key(|s| !s.current);
    let page = AccountPage {
        c: Chrome::new(v, "Your account")
            .section("account")
            .errors(shown.errors)
            .notice(shown.notice),
        name: data.me.display_name,
        email: data.me.email.unwrap_or_default(),
        new_email: shown.new_email,
        sessions,
    };
    Ok(render(&page, status))
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /account`.
pub async fn page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Query(done): Query<Done>,
) -> Result<Response, Response> {
    let notice = match done.done.as_deref() {
        Some("password") => Some("Your new password is saved. You are signed out everywhere else."),
        Some("session") => Some("That session has ended. It is signed out."),
        _ => None,
    };
    let shown = Shown {
        notice: notice.map(str::to_owned),
        ..Shown::default()
    };
    show_page(&web, &v, shown).await
}

/// `POST /account/password`: the contract's `ChangePassword`; this browser
/// then holds the new session.
pub async fn change_password(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    if v.me.is_none() {
        return Ok(Redirect::to("/sign-in?next=/account").into_response());
    }
    let form = Fields(form);
    let (current, new) = (form.get("current_password"), form.get("new_password"));
    let mut errors = Vec::new();
    if current.is_empty() {
        errors.push(error("current-password", "Enter your password now"));
    }
    if new.is_empty() {
        errors.push(error("new-password", "Enter a new password"));
    }
    if errors.is_empty() {
        let variables = change_password::Variables {
            current_password: current.to_owned(),
            new_password: new.to_owned(),
        };
        match gql::query_from::<ChangePassword>(&web, v.caller, &v.client, variables).await {
            Ok((data, set)) => {
                let session = (
                    data.change_password.access_token,
                    data.change_password.refresh_token,
                );
                return Ok(signed_in(&v, (session, set), "/account?done=password"));
            }
            Err(refusal) => {
                errors = match refusal.code() {
                    ErrorCode::Unauthenticated => vec![error(
                        "current-password",
                        "Your password now is wrong. Check it and try again",
                    )],
                    ErrorCode::RateLimited => vec![error(
                        "current-password",
                        "Your password was wrong too many times. Wait 15 minutes, then try again",
                    )],
                    _ => form_errors(
                        &refusal,
                        &[
                            ("currentPassword", "current-password", "Your password now"),
                            ("newPassword", "new-password", "New password"),
                        ],
                    ),
                }
            }
        }
    }
    show(&web, &v, errors).await
}

/// `GET /account/my-data.json`: the `myData` document, to save.
pub async fn my_data(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
) -> Result<Response, Response> {
    let data = page::read::<ExportMyData>(&web, &v, export_my_data::Variables, PATH).await?;
    let body = serde_json::to_string_pretty(&data.my_data).unwrap_or_default();
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"coforum-my-data.json\""),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}

/// `POST /account/delete`: the contract's `DeleteMyAccount`; then signed out.
pub async fn delete(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let password = form.get("password").to_owned();
    let mut errors = Vec::new();
    if password.is_empty() {
        errors.push(error("password", "Enter your password"));
    }
    let fields = [("password", "password", "Password")];
    let sent = if errors.is_empty() {
        gql::query::<DeleteMyAccount>(&web, v.caller, delete_my_account::Variables { password })
            .await
            .map_err(|refusal| match refusal.code() {
                ErrorCode::Unauthenticated if v.me.is_some() => vec![error(
                    "password",
                    "Your password is wrong. Check it and try again",
                )],
                ErrorCode::RateLimited => vec![error(
                    "password",
                    "Your password was wrong too many times. Wait 15 minutes, then try again",
                )],
                ErrorCode::Conflict => vec![error(
                    "password",
                    "You are the only admin. Make someone else an admin first. Then you can delete your account",
                )],
                _ => form_errors(&refusal, &fields),
            })
    } else {
        Err(errors)
    };
    match sent {
        Ok(_) => {
            let mut c = Chrome::new(&v, "Your account is deleted");
            c.me = None;
            let mut response = ok(&DeletedPage { c });
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
            Ok(response)
        }
        Err(errors) if v.me.is_some() => show(&web, &v, errors).await,
        Err(_) => Ok(Redirect::to("/sign-in?next=/account").into_response()),
    }
}
