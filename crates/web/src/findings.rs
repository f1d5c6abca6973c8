//! Findings: a forum's list (theme filter, paging), and one finding with
//! its comments.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;

use super::codes::{FindingSource, FindingStatus, ForumRole, ImprovementStatus};
use super::comments::{CommentForm, Discussion, posts};
use super::layout::{Chrome, not_found, ok, render, urlencode};
use super::visitor::Visitor;
use super::{WebState, page};
use graphql_client::GraphQLQuery;

/// The findings list's one document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/findings.graphql",
    extern_enums("FindingSource", "ForumRole"),
    response_derives = "Clone, Debug"
)]
pub struct WebFindings;

type ListForum = web_findings::WebFindingsForum;

impl ListForum {
    /// Members add findings; facilitators are members too.
    pub fn i_am_member(&self) -> bool {
        self.my_role.is_some()
    }

    pub fn findings(&self) -> Vec<&web_findings::WebFindingsForumFindingsEdgesNode> {
        self.findings.edges.iter().map(|e| &e.node).collect()
    }
}

#[derive(Template)]
#[template(path = "findings.html")]
struct ListPage {
    c: Chrome,
    forum: ListForum,
    theme: String,
    after: String,
}

impl ListPage {
    fn next_link(&self) -> Option<String> {
        let info = &self.forum.findings.page_info;
        let cursor = info.end_cursor.as_deref().filter(|_| info.has_next_page)?;
        let mut link = format!("/forums/{}/findings?after={}", self.forum.slug, urlencode(cursor));
        if !self.theme.is_empty() {
            link.push_str(&format!("&theme={}", urlencode(&self.theme)));
        }
        Some(link)
    }

    fn first_link(&self) -> String {
        let mut link = format!("/forums/{}/findings", self.forum.slug);
        if !self.theme.is_empty() {
            link.push_str(&format!("?theme={}", urlencode(&self.theme)));
        }
        link
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    theme: Option<String>,
    after: Option<String>,
}

/// `GET /forums/{slug}/findings?theme=&after=`.
pub async fn list(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
    uri: Uri,
) -> Result<Response, Response> {
    let theme = q.theme.unwrap_or_default().trim().to_owned();
    let after = q.after.unwrap_or_default();
    let variables = web_findings::Variables {
        slug,
        first: Some(20),
        after: Some(after.clone()).filter(|a| !a.is_empty()),
        theme: Some(theme.clone()).filter(|t| !t.is_empty()),
    };
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let forum = page::read::<WebFindings>(&web, &v, variables, path)
        .await?
        .forum
        .ok_or_else(|| not_found(&v))?;
    let title = if theme.is_empty() {
        format!("Findings: {}", forum.name)
    } else {
        format!("Findings about {theme}: {}", forum.name)
    };
    Ok(ok(&ListPage {
        c: Chrome::new(&v, title),
        forum,
        theme,
        after,
    }))
}

/// The finding page's one document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/finding.graphql",
    extern_enums("FindingSource", "FindingStatus", "ImprovementStatus", "ForumRole"),
    response_derives = "Clone, Debug"
)]
pub struct WebFinding;

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

type Finding = web_finding::WebFindingFinding;

#[derive(Template)]
#[template(path = "finding.html")]
struct FindingPage {
    c: Chrome,
    finding: Finding,
    forum: web_finding::WebFindingFindingForum,
    talk: Discussion,
}

#[derive(Deserialize)]
pub struct ShowQuery {
    reply: Option<String>,
    done: Option<String>,
}

/// `GET /findings/{id}`.
pub async fn show(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, Response> {
    let form = CommentForm {
        parent_id: q.reply.unwrap_or_default(),
        ..CommentForm::default()
    };
    show_finding(&web, &v, &id, form, q.done).await
}

/// The finding page, with the comment form as given (and its errors).
pub async fn show_finding(
    web: &WebState,
    v: &Visitor,
    id: &str,
    comment_form: CommentForm,
    done: Option<String>,
) -> Result<Response, Response> {
    let path = format!("/findings/{id}");
    let variables = web_finding::Variables { id: id.to_owned() };
    let finding = page::read::<WebFinding>(web, v, variables, &path).await?.finding;
    let status = if comment_form.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let errors = comment_form.errors.clone();
    let talk = Discussion::new(
        v,
        &posts!(finding.comments),
        comment_form,
        path,
        finding.forum.my_role,
    );
    let notice = done.map(|d| {
        match d.as_str() {
            "added" => "Your finding is saved. Thank you.",
            "comment" => "Your comment is saved.",
            "hidden" => "The comment is hidden.",
            "shown" => "The comment shows again.",
            "reported" => "Thank you. The forum's facilitators will look at the comment.",
            _ => "Your changes are saved.",
        }
        .to_owned()
    });
    let page = FindingPage {
        c: Chrome::new(v, finding.title.clone())
            .notice(notice)
            .errors(errors),
        forum: finding.forum.clone(),
        finding,
        talk,
    };
    Ok(render(&page, status))
}
