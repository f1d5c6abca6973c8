//! The invite link (`/join/{code}`): it names the forum, tells someone
//! already in it so, and says a bad, expired or used-up link is one before
//! any form is filled. Signed out, it offers to make an account (which
//! joins) or to sign in first; signed in, to join.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use coforum_app::ErrorCode;
use graphql_client::GraphQLQuery;

use super::auth::RegisterPage;
use super::codes::{ForumRole, InviteState};
use super::layout::{Chrome, FieldError, ok, refused, render, urlencode};
use super::page::error;
use super::visitor::Visitor;
use super::{WebState, gql};

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// The invite by its code, and the visitor's place in its forum.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/invitation.graphql",
    extern_enums("ForumRole", "InviteState"),
    response_derives = "Clone, Debug"
)]
pub struct WebInvitation;

/// Joining a forum with an invite: the join page's one mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/join_forum.graphql"
)]
pub struct JoinForum;

type Invitation = web_invitation::WebInvitationInvitation;

/// What the link's page says, by the state of the invite.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Shown {
    /// The form: join the forum (as a facilitator, when `facilitator`).
    Join { facilitator: bool },
    /// Already in the forum with this role or more: nothing to do.
    AlreadyIn(ForumRole),
    /// No such invite, or it no longer works: what to do instead.
    Problem { heading: String, text: String },
}

#[derive(Template)]
#[template(path = "join.html")]
struct JoinPage {
    c: Chrome,
    code: String,
    /// The forum's name and address; empty for a link that is not an invite.
    forum_name: String,
    forum_slug: String,
    shown: Shown,
}

impl JoinPage {
    fn action(&self) -> String {
        format!("/join/{}", urlencode(&self.code))
    }
}

fn shown(invitation: Option<&Invitation>) -> (Shown, StatusCode) {
    let Some(i) = invitation else {
        let problem = Shown::Problem {
            heading: "This invite link does not work".to_owned(),
            text: "Check that you copied all of the link. If it still does not work, ask the forum's facilitator for a new one.".to_owned(),
        };
        return (problem, StatusCode::NOT_FOUND);
    };
    let ask = format!("Ask the facilitator of {} for a new one.", i.forum.name);
    match (&i.state, i.forum.my_role) {
        (InviteState::Expired | InviteState::Withdrawn, _) => (
            Shown::Problem {
                heading: "This invite link has expired".to_owned(),
                text: ask,
            },
            StatusCode::GONE,
        ),
        (InviteState::UsedUp, _) => (
            Shown::Problem {
                heading: "This invite link has been used up".to_owned(),
                text: format!("Everyone it was for has joined. {ask}"),
            },
            StatusCode::GONE,
        ),
        (InviteState::Open, Some(mine)) if mine == ForumRole::Facilitator || i.role == ForumRole::Member => {
            (Shown::AlreadyIn(mine), StatusCode::OK)
        }
        (InviteState::Open, _) => (
            Shown::Join {
                facilitator: i.role == ForumRole::Facilitator,
            },
            StatusCode::OK,
        ),
    }
}

async fn invitation(web: &WebState, v: &Visitor, code: &str) -> Result<Option<Invitation>, Response> {
    let variables = web_invitation::Variables {
        code: code.to_owned(),
    };
    Ok(gql::query::<WebInvitation>(web, v.caller, variables)
        .await
        .map_err(|r| refused(v, &r, &format!("/join/{}", urlencode(code))))?
        .invitation)
}

fn title(shown: &Shown, forum: &str) -> String {
    match shown {
        Shown::Join { .. } => format!("Join {forum}"),
        Shown::AlreadyIn(_) => format!("You are already in {forum}"),
        Shown::Problem { heading, .. } => heading.clone(),
    }
}

/// The link's page; with `errors`, the form again (422).
fn page(v: &Visitor, code: String, invitation: Option<&Invitation>, errors: Vec<FieldError>) -> Response {
    let (shown, mut status) = shown(invitation);
    let (forum_name, forum_slug) =
        invitation.map_or_else(Default::default, |i| (i.forum.name.clone(), i.forum.slug.clone()));
    if !errors.is_empty() {
        status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    let page = JoinPage {
        c: Chrome::new(v, title(&shown, &forum_name)).errors(errors),
        code,
        forum_name,
        forum_slug,
        shown,
    };
    render(&page, status)
}

/// `GET /join/{code}`.
pub async fn join_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(code): Path<String>,
) -> Result<Response, Response> {
    let found = invitation(&web, &v, &code).await?;
    let usable = found.as_ref().is_some_and(|i| i.state == InviteState::Open);
    if v.me.is_none()
        && usable
        && let Some(i) = &found
    {
        return Ok(ok(&RegisterPage {
            c: Chrome::new(&v, "Create an account").section("register"),
            display_name: String::new(),
            email: String::new(),
            invite: code,
            forum_name: i.forum.name.clone(),
        }));
    }
    Ok(page(&v, code, found.as_ref(), Vec::new()))
}

/// `POST /join/{code}`: the contract's `JoinForum`. A refusal shows the
/// link's page as it stands now (used up meanwhile, say).
pub async fn join(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(code): Path<String>,
) -> Result<Response, Response> {
    let variables = join_forum::Variables { code: code.clone() };
    let refusal = match gql::query::<JoinForum>(&web, v.caller, variables).await {
        Ok(data) => {
            let slug = data.join_forum.forum.slug;
            return Ok(Redirect::to(&format!("/forums/{slug}?done=joined")).into_response());
        }
        Err(refusal) => refusal,
    };
    if refusal.code() == ErrorCode::Unauthenticated {
        let next = urlencode(&format!("/join/{code}"));
        return Ok(Redirect::to(&format!("/sign-in?next={next}")).into_response());
    }
    // The link's page as it stands now: used up meanwhile, say. Refused
    // while it still works: the form again, saying so.
    let found = invitation(&web, &v, &code).await?;
    let still_open = found.as_ref().is_some_and(|i| i.state == InviteState::Open);
    let errors = if still_open {
        vec![error(
            "join-button",
            "Sorry, you could not join. Try again later.",
        )]
    } else {
        Vec::new()
    };
    Ok(page(&v, code, found.as_ref(), errors))
}
