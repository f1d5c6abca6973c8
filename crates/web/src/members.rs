//! A forum's members: everyone who may read the forum sees the list;
//! facilitators (and admins) also change a member's role and remove
//! members, after a page that asks them to confirm.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::allowed::{self, Back, Task};
use super::codes::{self, ForumRole};
use super::layout::{Chrome, FieldError, Fields, not_found, render};
use super::visitor::Visitor;
use super::{WebState, page, words};

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// The members page's one document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/members.graphql",
    extern_enums("ForumRole"),
    response_derives = "Clone, Debug"
)]
pub struct WebMembers;

/// The contract's `SetForumRole`, asking only for the role.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/set_forum_role.graphql",
    extern_enums("ForumRole"),
    response_derives = "Debug"
)]
pub struct SetForumRole;

/// The contract's `RemoveMember`.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/remove_member.graphql",
    response_derives = "Debug"
)]
pub struct RemoveMember;

type MembersForum = web_members::WebMembersForum;
type Member = web_members::WebMembersForumMembers;

/// A member as the page shows them.
struct Row {
    id: String,
    /// The id of the role's input.
    field: String,
    name: String,
    role: ForumRole,
    joined: String,
}

impl Row {
    fn of(member: &Member) -> Self {
        Self {
            id: member.user.id.clone(),
            field: format!("role-{}", member.user.id),
            name: member.user.display_name.clone(),
            role: member.role,
            joined: words::date(&member.joined_at),
        }
    }
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    c: Chrome,
    forum: MembersForum,
    rows: Vec<Row>,
    /// Whether the visitor may change roles and remove people.
    manages: bool,
}

impl MembersPage {
    fn count(&self) -> i64 {
        i64::try_from(self.rows.len()).unwrap_or(i64::MAX)
    }
}

#[derive(Template)]
#[template(path = "member_remove.html")]
struct RemovePage {
    c: Chrome,
    forum: MembersForum,
    member: Row,
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

async fn load(web: &WebState, v: &Visitor, slug: &str, path: &str) -> Result<MembersForum, Response> {
    let variables = web_members::Variables {
        slug: slug.to_owned(),
    };
    page::read::<WebMembers>(web, v, variables, path)
        .await?
        .forum
        .ok_or_else(|| not_found(v))
}

/// Like `load`, for changing who is in the forum: facilitators only; anyone
/// else gets the "can't" page before anything is sent.
async fn load_to_manage(
    web: &WebState,
    v: &Visitor,
    slug: &str,
    path: &str,
) -> Result<MembersForum, Response> {
    let forum = load(web, v, slug, path).await?;
    allowed::refusal(v, forum.my_role, Task::ManageMembers, path, members_back(&forum))
        .map_or(Ok(()), Err)?;
    Ok(forum)
}

/// The way back to the members list.
fn members_back(forum: &MembersForum) -> Back {
    Back::new(
        format!("/forums/{}/members", forum.slug),
        "Go back to the members",
    )
}

fn members_page(
    v: &Visitor,
    forum: MembersForum,
    notice: Option<String>,
    errors: Vec<FieldError>,
) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let manages = allowed::may(v, forum.my_role, Task::ManageMembers);
    let rows = forum.members.iter().map(Row::of).collect();
    let page = MembersPage {
        c: Chrome::new(v, "Members").notice(notice).errors(errors),
        forum,
        rows,
        manages,
    };
    render(&page, status)
}

/// `GET /forums/{slug}/members`.
pub async fn list(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    Query(q): Query<Done>,
    uri: Uri,
) -> Result<Response, Response> {
    let forum = load(&web, &v, &slug, uri.path()).await?;
    let notice = q.done.map(|done| {
        match done.as_str() {
            "removed" => "The person is no longer a member of this forum.",
            _ => "Their role is changed.",
        }
        .to_owned()
    });
    Ok(members_page(&v, forum, notice, Vec::new()))
}

/// `POST /forums/{slug}/members/{id}/role`: the contract's `SetForumRole`.
pub async fn set_role(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path((slug, user_id)): Path<(String, String)>,
    uri: Uri,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let forum = load_to_manage(&web, &v, &slug, uri.path()).await?;
    let field = format!("role-{user_id}");
    let role: Option<ForumRole> = codes::from_form(Fields(form).get("role"));
    let mut errors = Vec::new();
    if role.is_none() {
        errors.push(page::error(&field, "Choose member or facilitator"));
    }
    let variables = || set_forum_role::Variables {
        forum_id: forum.id.clone(),
        user_id: user_id.clone(),
        role: role.unwrap_or(ForumRole::Member),
    };
    let fields = [
        ("userId", field.as_str(), "The person"),
        ("role", field.as_str(), "The role"),
    ];
    match page::send::<SetForumRole>(&web, &v, errors, variables, &fields).await {
        Ok(_) => Ok(Redirect::to(&format!("/forums/{slug}/members?done=role")).into_response()),
        Err(errors) => Ok(members_page(&v, forum, None, errors)),
    }
}

/// `GET /forums/{slug}/members/{id}/remove`: asks the facilitator to confirm.
pub async fn confirm_remove(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path((slug, user_id)): Path<(String, String)>,
    uri: Uri,
) -> Result<Response, Response> {
    let forum = load(&web, &v, &slug, uri.path()).await?;
    Ok(remove_page(&v, forum, &user_id, Vec::new()))
}

/// The confirmation page; the "not found" page for someone who is not a
/// member, and a refusal for visitors who do not facilitate the forum.
fn remove_page(v: &Visitor, forum: MembersForum, user_id: &str, errors: Vec<FieldError>) -> Response {
    let Some(member) = forum.members.iter().find(|m| m.user.id == user_id).map(Row::of) else {
        return not_found(v);
    };
    if !allowed::may(v, forum.my_role, Task::ManageMembers) {
        return allowed::cannot(v, Task::ManageMembers, members_back(&forum));
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CONFLICT
    };
    let page = RemovePage {
        c: Chrome::new(v, format!("Remove {}", member.name)).errors(errors),
        forum,
        member,
    };
    render(&page, status)
}

/// `POST /forums/{slug}/members/{id}/remove`: the contract's `RemoveMember`.
pub async fn remove(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path((slug, user_id)): Path<(String, String)>,
    uri: Uri,
) -> Result<Response, Response> {
    let forum = load_to_manage(&web, &v, &slug, uri.path()).await?;
    let variables = || remove_member::Variables {
        forum_id: forum.id.clone(),
        user_id: user_id.clone(),
    };
    let fields = [("userId", "remove-button", "The person")];
    match page::send::<RemoveMember>(&web, &v, Vec::new(), variables, &fields).await {
        Ok(_) => Ok(Redirect::to(&format!("/forums/{slug}/members?done=removed")).into_response()),
        Err(errors) => Ok(remove_page(&v, forum, &user_id, errors)),
    }
}
