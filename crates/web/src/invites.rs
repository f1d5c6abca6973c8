//! Facilitators make invite links: for members or for facilitators, for a
//! number of uses, for some days. The link is shown once. Or they invite
//! people by email: each address gets its own link, which works once.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use coforum_app::ErrorCode;
use graphql_client::GraphQLQuery;

use super::allowed::{self, Back, Task};
use super::codes::ForumRole;
use super::forum::{self, FormForum};
use super::invite_list::{self, Listed};
use super::layout::{Chrome, FieldError, Fields, form_errors, ok, render, sentence};
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

/// `InviteByEmail`: the email form's one mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/invite_by_email.graphql",
    extern_enums("ForumRole"),
    response_derives = "Debug"
)]
pub struct InviteByEmail;

/// The "Invite people by email" form: what was typed, and who was sent an
/// invite once it is sent.
struct EmailForm {
    emails: String,
    role: ForumRole,
    message: String,
    /// After sending: the addresses sent an invite, and those left out
    /// because they are members already.
    sent: Option<(Vec<String>, Vec<String>)>,
    until: String,
}

impl EmailForm {
    fn empty() -> Self {
        Self {
            emails: String::new(),
            role: ForumRole::Member,
            message: String::new(),
            sent: None,
            until: String::new(),
        }
    }
}

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
    email: EmailForm,
    invites: Vec<Listed>,
}

impl InvitePage {
    fn open_invites(&self) -> Vec<&Listed> {
        invite_list::open(&self.invites)
    }

    fn old_invites(&self) -> Vec<&Listed> {
        invite_list::old(&self.invites)
    }

    fn describe(&self, i: &Listed) -> String {
        invite_list::describe(i)
    }
}

/// `GET /forums/{slug}/invites`.
pub async fn page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    Query(done): Query<forum::Done>,
    uri: Uri,
) -> Result<Response, Response> {
    let forum = forum::load_form_for(&web, &v, &slug, 1, uri.path(), Task::Invite).await?;
    let invites = invite_list::listed(&web, &v, &slug, uri.path()).await?;
    let notice = done
        .done
        .map(|_| "The invite link is withdrawn. No one can join with it now.".to_owned());
    Ok(ok(&InvitePage {
        c: Chrome::new(&v, "Invite people").notice(notice),
        invites,
        forum,
        role: ForumRole::Member,
        uses: String::new(),
        days: "7".to_owned(),
        link: None,
        expires: String::new(),
        email: EmailForm::empty(),
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
    let forum = forum::load_form_for(&web, &v, &slug, 1, uri.path(), Task::Invite).await?;
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
    let invites = invite_list::listed(&web, &v, &slug, uri.path()).await?;
    let page = InvitePage {
        invites,
        c: Chrome::new(&v, "Invite people").errors(errors).notice(notice),
        forum,
        role,
        uses,
        days,
        link,
        expires,
        email: EmailForm::empty(),
    };
    Ok(render(&page, status))
}

/// `POST /forums/{slug}/invites/{id}/withdraw`: the page's `WithdrawInvite`.
pub async fn withdraw(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path((slug, id)): Path<(String, String)>,
    uri: Uri,
) -> Result<Response, Response> {
    let forum = forum::load_form_for(&web, &v, &slug, 1, uri.path(), Task::Invite).await?;
    let refusal = match invite_list::withdraw(&web, &v, id).await {
        Ok(_) => return Ok(Redirect::to(&format!("/forums/{slug}/invites?done=withdrawn")).into_response()),
        Err(refusal) => refusal,
    };
    if refusal.code() == ErrorCode::Forbidden {
        return Err(allowed::cannot(
            &v,
            Task::Invite,
            Back::forum(&forum.slug, &forum.name),
        ));
    }
    // Withdrawn or used up meanwhile, or not this forum's: the list as it is now.
    let text = match refusal.code() {
        ErrorCode::Conflict => "That invite link no longer works, so there is nothing to withdraw.",
        _ => "We could not find that invite link. It may have been withdrawn.",
    };
    let path = format!("/forums/{slug}/invites");
    let invites = invite_list::listed(&web, &v, &slug, &path).await?;
    let page = InvitePage {
        c: Chrome::new(&v, "Invite people").errors(vec![FieldError {
            id: "invite-links".into(),
            text: text.into(),
        }]),
        forum,
        role: ForumRole::Member,
        uses: String::new(),
        days: "7".to_owned(),
        link: None,
        expires: String::new(),
        email: EmailForm::empty(),
        invites,
    };
    Ok(render(&page, StatusCode::CONFLICT))
}

/// The addresses in the textarea: one a line (commas and semicolons also
/// part them, as in a list pasted from a mail program), blanks dropped.
fn addresses(text: &str) -> Vec<String> {
    text.split(['\n', ',', ';'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Of `asked`, those not in `sent` (in any case), each once: the members.
fn left_out(asked: &[String], sent: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for address in asked {
        let lower = address.to_lowercase();
        let known = |a: &String| a.to_lowercase() == lower;
        if !sent.iter().any(known) && !out.iter().any(known) {
            out.push(address.clone());
        }
    }
    out
}

/// `POST /forums/{slug}/invites/email`: the contract's `InviteByEmail`.
pub async fn by_email(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let forum = forum::load_form_for(&web, &v, &slug, 1, uri.path(), Task::Invite).await?;
    let form = Fields(form);
    let role = serde_json::from_value(serde_json::Value::from(form.get("role"))).unwrap_or(ForumRole::Member);
    let mut email = EmailForm {
        emails: form.get("emails").to_owned(),
        role,
        message: form.get("message").to_owned(),
        ..EmailForm::empty()
    };
    let asked = addresses(&email.emails);
    let input = invite_by_email::InviteByEmailInput {
        forum_id: forum.id.clone(),
        role,
        emails: asked.clone(),
        message: Some(email.message.clone()).filter(|m| !m.trim().is_empty()),
    };
    let mut errors = Vec::new();
    let mut notice = None;
    match gql::query::<InviteByEmail>(&web, v.caller, invite_by_email::Variables { input }).await {
        Ok(data) => {
            let sent: Vec<String> = data.invite_by_email.iter().map(|i| i.email.clone()).collect();
            let until = data
                .invite_by_email
                .first()
                .map(|i| words::date_time(&i.expires_at))
                .unwrap_or_default();
            notice = Some(match sent.len() {
                0 => "We sent no invites: everyone on your list is already a member.".to_owned(),
                1 => "We sent 1 invite by email.".to_owned(),
                n => format!("We sent {n} invites by email."),
            });
            let members = left_out(&asked, &sent);
            // A sent form starts empty, so a second press sends nothing twice.
            email = EmailForm {
                sent: Some((sent, members)),
                until,
                ..EmailForm::empty()
            };
        }
        Err(refusal) => {
            errors = form_errors(
                &refusal,
                &[
                    ("emails", "emails", "The email addresses"),
                    ("role", "email-role", "The role"),
                    ("message", "message", "Your message"),
                ],
            );
            // The API's rules, in the words of this form.
            for (error, api) in errors.iter_mut().zip(&refusal.0) {
                match api.field.as_deref() {
                    Some("emails") if api.rule().starts_with("must") => {
                        error.text = "Enter 1 to 100 email addresses, one on each line".to_owned();
                    }
                    Some("emails") => error.text = sentence(api.rule()),
                    Some("message") => {
                        error.text = "Your message must be 1,000 characters or fewer".to_owned();
                    }
                    _ => {}
                }
            }
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let invites = invite_list::listed(&web, &v, &slug, uri.path()).await?;
    let page = InvitePage {
        invites,
        c: Chrome::new(&v, "Invite people").errors(errors).notice(notice),
        forum,
        role: ForumRole::Member,
        uses: String::new(),
        days: "7".to_owned(),
        link: None,
        expires: String::new(),
        email,
    };
    Ok(render(&page, status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_come_one_a_line_or_as_a_pasted_list() {
        assert_eq!(
            addresses(" sam@example.org\r\n\nkim@example.org, lee@example.org;\n"),
            ["sam@example.org", "kim@example.org", "lee@example.org"]
        );
        assert!(addresses(" \n ,").is_empty());
    }

    #[test]
    fn members_are_those_not_sent_each_once() {
        let asked: Vec<String> = [
            "Sam@example.org",
            "kim@example.org",
            "KIM@example.org",
            "lee@example.org",
        ]
        .map(String::from)
        .to_vec();
        let sent = vec!["sam@example.org".to_owned()];
        assert_eq!(left_out(&asked, &sent), ["kim@example.org", "lee@example.org"]);
    }
}
