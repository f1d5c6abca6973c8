//! "Suggest an improvement": the form, and proposing one.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::WebState;
use super::allowed::{self, Back, Task};
use super::codes::ForumRole;
use super::layout::{Chrome, Fields, not_found, ok, render};
use super::page::{self, error};
use super::visitor::Visitor;

/// The form's one document: the forum and its findings.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/improvement_new.graphql",
    extern_enums("ForumRole"),
    response_derives = "Clone, Debug"
)]
pub struct WebImprovementNew;

/// `ProposeImprovement`: a member suggests an improvement.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/propose_improvement.graphql",
    response_derives = "Debug"
)]
pub struct ProposeImprovement;

type Forum = web_improvement_new::WebImprovementNewForum;

impl Forum {
    pub fn findings(&self) -> Vec<&web_improvement_new::WebImprovementNewForumFindingsEdgesNode> {
        self.findings.edges.iter().map(|e| &e.node).collect()
    }
}

/// Reads forum `slug`; a forum that does not exist is the "not found"
/// page, and someone who is not a member of it gets the "can't" page.
async fn load(web: &WebState, v: &Visitor, slug: &str, path: &str) -> Result<Forum, Response> {
    let variables = web_improvement_new::Variables {
        slug: slug.to_owned(),
    };
    let forum = page::read::<WebImprovementNew>(web, v, variables, path)
        .await?
        .forum
        .ok_or_else(|| not_found(v))?;
    let back = Back::forum(&forum.slug, &forum.name);
    allowed::refusal(v, forum.my_role, Task::SuggestImprovement, path, back).map_or(Ok(()), Err)?;
    Ok(forum)
}

/// What the "suggest an improvement" form holds.
#[derive(Clone, Debug, Default)]
struct Proposal {
    title: String,
    summary: String,
    findings: Vec<String>,
}

#[derive(Template)]
#[template(path = "improvement_new.html")]
struct ProposePage {
    c: Chrome,
    forum: Forum,
    f: Proposal,
}

#[derive(Deserialize)]
pub struct ForFinding {
    finding: Option<String>,
}

/// `GET /forums/{slug}/improvements/new?finding=`.
pub async fn new_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    Query(q): Query<ForFinding>,
    uri: Uri,
) -> Result<Response, Response> {
    let forum = load(&web, &v, &slug, uri.path()).await?;
    let f = Proposal {
        findings: q.finding.into_iter().collect(),
        ..Proposal::default()
    };
    Ok(ok(&ProposePage {
        c: Chrome::new(&v, "Suggest an improvement"),
        forum,
        f,
    }))
}

/// `POST /forums/{slug}/improvements/new`: the contract's `ProposeImprovement`.
pub async fn propose(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let forum = load(&web, &v, &slug, uri.path()).await?;
    let form = Fields(form);
    let f = Proposal {
        title: form.get("title").to_owned(),
        summary: form.get("summary").to_owned(),
        findings: form.all("findingIds"),
    };
    let mut errors = Vec::new();
    if f.title.trim().is_empty() {
        errors.push(error("improvement-title", "Enter a short title"));
    }
    if f.findings.is_empty() {
        errors.push(error(
            "findings",
            "Choose at least 1 finding that this improvement is for",
        ));
    }
    let variables = || propose_improvement::Variables {
        input: propose_improvement::ProposeImprovementInput {
            forum_id: forum.id.clone(),
            title: f.title.clone(),
            summary: f.summary.clone(),
            finding_ids: f.findings.clone(),
        },
    };
    let fields = [
        ("title", "improvement-title", "The title"),
        ("summary", "summary", "The plan"),
        ("findingIds", "findings", "The findings"),
    ];
    match page::send::<ProposeImprovement>(&web, &v, errors, variables, &fields).await {
        Ok(made) => {
            let id = made.propose_improvement.id;
            Ok(Redirect::to(&format!("/improvements/{id}?done=proposed")).into_response())
        }
        Err(errors) => {
            let page = ProposePage {
                c: Chrome::new(&v, "Suggest an improvement").errors(errors),
                forum,
                f,
            };
            Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}
