//! The start page, the help page, and a forum's home page: votes open now,
//! top priorities, recent findings and improvements.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::allowed::{self, Back, Task};
use super::codes::{
    DecisionState, FindingSource, ForumRole, ImprovementStatus, Position, RoundState, VotingMethod,
};
use super::layout::{Chrome, not_found as not_found_page, ok, refused};
use super::tasks::Tasks;
use super::visitor::Visitor;
use super::{WebState, gql};

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// The document of a forum's forms (invites, a new finding, a new vote).
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/forum_form.graphql",
    extern_enums("ForumRole"),
    response_derives = "Clone, Debug"
)]
pub struct WebForumForm;

/// A forum as its forms read it.
pub type FormForum = web_forum_form::WebForumFormForum;

/// A finding a form offers.
pub type FormFinding = web_forum_form::WebForumFormForumFindingsEdgesNode;

impl FormForum {
    pub fn findings(&self) -> Vec<&FormFinding> {
        self.findings.edges.iter().map(|e| &e.node).collect()
    }
}

/// Runs `WebForumForm` with the newest `first` findings; a forum that does
/// not exist is the "not found" page.
pub async fn load_form(
    web: &WebState,
    v: &Visitor,
    slug: &str,
    first: i64,
    path: &str,
) -> Result<FormForum, Response> {
    let variables = web_forum_form::Variables {
        slug: slug.to_owned(),
        first,
    };
    gql::query::<WebForumForm>(web, v.caller, variables)
        .await
        .map_err(|r| refused(v, &r, path))?
        .forum
        .ok_or_else(|| not_found_page(v))
}

/// Like [`load_form`], for a form only some may use: anyone else gets the
/// "can't" page before the form is shown, and again when they send it.
pub async fn load_form_for(
    web: &WebState,
    v: &Visitor,
    slug: &str,
    first: i64,
    path: &str,
    task: Task,
) -> Result<FormForum, Response> {
    let forum = load_form(web, v, slug, first, path).await?;
    allowed::refusal(
        v,
        forum.my_role,
        task,
        path,
        Back::forum(&forum.slug, &forum.name),
    )
    .map_or(Ok(()), Err)?;
    Ok(forum)
}

/// The start page's document for someone signed in: every forum, and
/// theirs in the order they joined.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/start.graphql",
    extern_enums("ForumRole"),
    response_derives = "Clone, Debug"
)]
pub struct WebStart;

/// The start page's document for visitors: every forum.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/start.graphql",
    response_derives = "Clone, Debug"
)]
pub struct WebStartVisitor;

/// A forum on the start page.
type ForumCard = web_start::WebStartForums;

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    c: Chrome,
    forums: Vec<ForumCard>,
    memberships: Vec<web_start::WebStartMeMemberships>,
}

/// `GET /`: for visitors, what this is and every forum; for people signed
/// in, their forums.
pub async fn start(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Query(done): Query<Done>,
) -> Result<Response, Response> {
    let (forums, memberships) = if v.me.is_some() {
        let data = gql::query::<WebStart>(&web, v.caller, web_start::Variables)
            .await
            .map_err(|r| refused(&v, &r, "/"))?;
        (data.forums, data.me.memberships)
    } else {
        let data = gql::query::<WebStartVisitor>(&web, v.caller, web_start_visitor::Variables)
            .await
            .map_err(|r| refused(&v, &r, "/"))?;
        let forums = data.forums.into_iter().map(|f| ForumCard {
            slug: f.slug,
            name: f.name,
            description: f.description,
            member_count: f.member_count,
        });
        (forums.collect(), Vec::new())
    };
    let title = if v.me.is_some() {
        "Your forums"
    } else {
        "Help make care and support better"
    };
    Ok(ok(&StartPage {
        c: Chrome::new(&v, title)
            .section("home")
            .notice(done.done.map(|done| match done.as_str() {
                "password" => "Your new password is saved. You are signed in.".to_owned(),
                _ => "Your account is ready. Welcome to coforum!".to_owned(),
            })),
        forums,
        memberships,
    }))
}

#[derive(Template)]
#[template(path = "help.html")]
struct HelpPage {
    c: Chrome,
}

/// `GET /help`: using the website, in plain words.
pub async fn help(Extension(v): Extension<Visitor>) -> Response {
    ok(&HelpPage {
        c: Chrome::new(&v, "Help using this website"),
    })
}

/// The forum home's one document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/forum_home.graphql",
    extern_enums(
        "DecisionState",
        "FindingSource",
        "ForumRole",
        "ImprovementStatus",
        "Position",
        "RoundState",
        "VotingMethod"
    ),
    response_derives = "Clone, Debug"
)]
pub struct WebForumHome;

type HomeForum = web_forum_home::WebForumHomeForum;
type HomeImprovement = web_forum_home::WebForumHomeForumImprovements;

impl HomeForum {
    pub fn open_rounds(&self) -> Vec<&web_forum_home::WebForumHomeForumRounds> {
        self.rounds
            .iter()
            .filter(|r| r.state == RoundState::Open)
            .collect()
    }

    pub fn closed_rounds(&self) -> Vec<&web_forum_home::WebForumHomeForumRounds> {
        self.rounds
            .iter()
            .filter(|r| r.state != RoundState::Open)
            .collect()
    }

    /// Members vote, propose and comment; facilitators are members too.
    pub fn i_am_member(&self) -> bool {
        self.my_role.is_some()
    }

    /// Improvements members are deciding on now.
    pub fn open_decisions(&self) -> Vec<&HomeImprovement> {
        self.improvements
            .iter()
            .filter(|i| {
                i.decision
                    .as_ref()
                    .is_some_and(|d| d.state == DecisionState::Open)
            })
            .collect()
    }

    pub fn findings(&self) -> Vec<&web_forum_home::WebForumHomeForumFindingsEdgesNode> {
        self.findings.edges.iter().map(|e| &e.node).collect()
    }
}

#[derive(Template)]
#[template(path = "forum.html")]
struct ForumHome {
    c: Chrome,
    forum: HomeForum,
    /// The person's tasks, when they are a member (who votes and decides).
    tasks: Option<Tasks>,
}

#[derive(Deserialize)]
pub struct Done {
    pub done: Option<String>,
}

/// `GET /forums/{slug}`.
pub async fn forum_home(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    Query(done): Query<Done>,
    uri: Uri,
) -> Result<Response, Response> {
    let variables = web_forum_home::Variables { slug };
    let forum = gql::query::<WebForumHome>(&web, v.caller, variables)
        .await
        .map_err(|r| refused(&v, &r, uri.path()))?
        .forum
        .ok_or_else(|| not_found_page(&v))?;
    let notice = done.done.as_deref().map(|d| match d {
        "joined" => "You have joined this forum. Welcome!".to_owned(),
        _ => "Your changes are saved.".to_owned(),
    });
    let tasks = allowed::may(&v, forum.my_role, Task::Vote).then(|| Tasks::of(&forum));
    Ok(ok(&ForumHome {
        c: Chrome::new(&v, forum.name.clone()).notice(notice),
        forum,
        tasks,
    }))
}

/// Any other address.
pub async fn not_found(Extension(v): Extension<Visitor>) -> Response {
    not_found_page(&v)
}
