//! Facilitators make invite links: for members or for facilitators, for a
//! number of uses, for some days. The link is shown once.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::Response;
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;

use super::codes::ForumRole;
use super::forum::{self, FormForum};
use super::layout::{Chrome, FieldError, Fields, form_errors, ok, render};
use super::visitor::Visitor;
use super::{WebState, gql, words};

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// `CreateInvite`: the page's one mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/create_invite.graphql",
    extern_enums("ForumRole"),
    response_derives = "Debug"
)]
pub struct CreateInvite;

#[derive(Template)]
#[template(path = "invites.html")]
struct InvitePage {
    c: Chrome,
    forum: FormForum,
    role: ForumRole,
    uses: String,
    days: String,
    link: Option<String>,
    expires: String,
}

/// `GET /forums/{slug}/invites`.
pub async fn page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
) -> Result<Response, Response> {
    let forum = forum::load_form(&web, &v, &slug, 1, uri.path()).await?;
    Ok(ok(&InvitePage {
        c: Chrome::new(&v, "Invite people"),
        forum,
        role: ForumRole::Member,
        uses: String::new(),
        days: "7".to_owned(),
        link: None,
        expires: String::new(),
    }))
}

/// The site's own address, for links people copy.
fn origin(headers: &HeaderMap, secure: bool) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if secure { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// `POST /forums/{slug}/invites`: the contract's `CreateInvite`.
pub async fn create(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let forum = forum::load_form(&web, &v, &slug, 1, uri.path()).await?;
    let form = Fields(form);
    // The radio buttons send the schema's values; members when none.
    let role = serde_json::from_value(serde_json::Value::from(form.get("role"))).unwrap_or(ForumRole::Member);
    let uses = form.get("uses").trim().to_owned();
    let days = form.get("days").trim().to_owned();
    let mut errors = Vec::new();
    let mut input = create_invite::CreateInviteInput {
        forum_id: forum.id.clone(),
        role,
        max_uses: None,
        expires_in_hours: None,
    };
    if !uses.is_empty() {
        match uses.parse::<i64>() {
            Ok(n) => input.max_uses = Some(n),
            Err(_) => errors.push(FieldError {
                id: "uses".into(),
                text: "Enter a whole number, like 10".into(),
            }),
        }
    }
    if !days.is_empty() {
        match days.parse::<i64>() {
            Ok(n) => input.expires_in_hours = Some(n.saturating_mul(24)),
            Err(_) => errors.push(FieldError {
                id: "days".into(),
                text: "Enter a whole number of days, like 7".into(),
            }),
        }
    }
    let mut link = None;
    let mut expires = String::new();
    if errors.is_empty() {
        match gql::query::<CreateInvite>(&web, v.caller, create_invite::Variables { input })
            .await
            .map(|data| data.create_invite)
        {
            Ok(invite) => {
                link = Some(format!("{}/join/{}", origin(&headers, v.secure), invite.code));
                expires = words::date_time(&invite.expires_at);
            }
            Err(refusal) => {
                errors = form_errors(
                    &refusal,
                    &[
                        ("role", "role", "The role"),
                        ("maxUses", "uses", "The number of people"),
                        ("expiresInHours", "days", "The number of days"),
                    ],
                );
                for e in &mut errors {
                    if e.id == "days" {
                        e.text = "The number of days must be 1 to 90".to_owned();
                    }
                }
            }
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let notice = link.as_ref().map(|_| "Your invite link is ready.".to_owned());
    let page = InvitePage {
        c: Chrome::new(&v, "Invite people").errors(errors).notice(notice),
        forum,
        role,
        uses,
        days,
        link,
        expires,
    };
    Ok(render(&page, status))
}
