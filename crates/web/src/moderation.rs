//! Moderation: a facilitator hides a comment after a page that asks why
//! and to confirm (no script needed), and can show it again; members and
//! officers report a comment; facilitators see reported comments and hide
//! them or keep them.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::codes::ForumRole;
use super::comments::{Post, posts};
use super::layout::{Chrome, FieldError, Fields, not_found, refused, render};
use super::page::{self, error};
use super::visitor::Visitor;
use super::{WebState, findings, gql, improvements};

/// Facilitators hide a comment, saying why.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/hide_comment.graphql"
)]
pub struct HideComment;

/// Facilitators show a hidden comment again.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/unhide_comment.graphql"
)]
pub struct UnhideComment;

/// Members and officers report a comment.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/report_comment.graphql"
)]
pub struct ReportComment;

/// Facilitators keep a reported comment.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/dismiss_comment_reports.graphql"
)]
pub struct DismissCommentReports;

/// The reported comments page's one document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/reported_comments.graphql",
    extern_enums("ForumRole"),
    response_derives = "Clone, Debug"
)]
pub struct WebReportedComments;

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// The page a comment is on: a finding's or an improvement's, and nothing
/// else (it is where the forms send people back to).
fn subject_path(back: &str) -> Option<&str> {
    let id = back
        .strip_prefix("/findings/")
        .or_else(|| back.strip_prefix("/improvements/"))?;
    let plain = !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    plain.then_some(back)
}

/// The comment `id` on the page `back`, with its forum's address, name and
/// the caller's role there.
async fn find_post(
    web: &WebState,
    v: &Visitor,
    back: &str,
    id: &str,
) -> Result<(Post, (String, String, Option<ForumRole>)), Response> {
    let (posts, forum) = if let Some(subject) = back.strip_prefix("/findings/") {
        let variables = findings::web_finding::Variables {
            id: subject.to_owned(),
        };
        let f = page::read::<findings::WebFinding>(web, v, variables, back)
            .await?
            .finding;
        (posts!(f.comments), (f.forum.slug, f.forum.name, f.forum.my_role))
    } else {
        let subject = back.trim_start_matches("/improvements/");
        let i = improvements::load(web, v, subject, back).await?;
        (posts!(i.comments), (i.forum.slug, i.forum.name, i.forum.my_role))
    };
    let post = posts
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| not_found(v))?;
    Ok((post, forum))
}

/// Hiding and reporting differ only in their words.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    Hide,
    Report,
}

#[derive(Template)]
#[template(path = "comment_moderate.html")]
struct ModeratePage {
    c: Chrome,
    act: Act,
    post: Post,
    forum_slug: String,
    forum_name: String,
    back: String,
    reason: String,
}

impl ModeratePage {
    fn is_hide(&self) -> bool {
        self.act == Act::Hide
    }

    fn action(&self) -> String {
        let verb = if self.is_hide() { "hide" } else { "report" };
        format!("/comments/{}/{verb}", self.post.id)
    }
}

#[derive(Deserialize)]
pub struct BackQuery {
    back: Option<String>,
}

async fn moderate_page(
    web: &WebState,
    v: &Visitor,
    id: &str,
    act: Act,
    back: &str,
    (reason, errors): (String, Vec<FieldError>),
) -> Result<Response, Response> {
    let back = subject_path(back).ok_or_else(|| not_found(v))?;
    let (post, (forum_slug, forum_name, role)) = find_post(web, v, back, id).await?;
    let facilitates = v.me.as_ref().is_some_and(|m| m.facilitates(role));
    let may_comment = role.is_some() || v.me.as_ref().is_some_and(|m| m.is_officer());
    let allowed = match act {
        Act::Hide => facilitates,
        Act::Report => may_comment,
    };
    if !allowed {
        let text = match act {
            Act::Hide => "Only the forum's facilitators can hide comments.",
            Act::Report => "Only members of this forum and council officers can report comments.",
        };
        return Err(super::layout::problem(
            v,
            StatusCode::FORBIDDEN,
            "You cannot do this here",
            text,
        ));
    }
    if post.hidden {
        let sent = format!("{back}#comment-{}", post.id);
        return Err(Redirect::to(&sent).into_response());
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = match act {
        Act::Hide => "Hide this comment?",
        Act::Report => "Report this comment",
    };
    let page = ModeratePage {
        c: Chrome::new(v, title).errors(errors),
        act,
        post,
        forum_slug,
        forum_name,
        back: back.to_owned(),
        reason,
    };
    Ok(render(&page, status))
}

/// `GET /comments/{id}/hide?back=`: asks why, and to confirm.
pub async fn hide_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Query(q): Query<BackQuery>,
) -> Result<Response, Response> {
    let back = q.back.unwrap_or_default();
    moderate_page(&web, &v, &id, Act::Hide, &back, (String::new(), Vec::new())).await
}

/// `GET /comments/{id}/report?back=`: asks what is wrong.
pub async fn report_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Query(q): Query<BackQuery>,
) -> Result<Response, Response> {
    let back = q.back.unwrap_or_default();
    moderate_page(&web, &v, &id, Act::Report, &back, (String::new(), Vec::new())).await
}

/// Sends a hide or a report; back to the comment's page when done.
async fn moderate(
    web: &WebState,
    v: &Visitor,
    id: String,
    act: Act,
    form: Fields,
) -> Result<Response, Response> {
    let back = subject_path(form.get("back"))
        .ok_or_else(|| not_found(v))?
        .to_owned();
    let reason = form.get("reason").to_owned();
    let mut errors = Vec::new();
    if reason.trim().is_empty() {
        let text = match act {
            Act::Hide => "Say why you are hiding the comment",
            Act::Report => "Say what is wrong with the comment",
        };
        errors.push(error("reason", text));
    }
    let fields = [
        ("reason", "reason", "Your reason"),
        ("id", "reason", "The comment"),
    ];
    let (sent, done) = match act {
        Act::Hide => {
            let variables = || hide_comment::Variables {
                id: id.clone(),
                reason: reason.clone(),
            };
            let sent = page::send::<HideComment>(web, v, errors, variables, &fields).await;
            (sent.map(|_| ()), "hidden")
        }
        Act::Report => {
            let variables = || report_comment::Variables {
                id: id.clone(),
                reason: reason.clone(),
            };
            let sent = page::send::<ReportComment>(web, v, errors, variables, &fields).await;
            (sent.map(|_| ()), "reported")
        }
    };
    match sent {
        Ok(()) => Ok(Redirect::to(&format!("{back}?done={done}#comment-{id}")).into_response()),
        Err(errors) => moderate_page(web, v, &id, act, &back, (reason, errors)).await,
    }
}

/// `POST /comments/{id}/hide`: the reason and the confirmation.
pub async fn hide(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    moderate(&web, &v, id, Act::Hide, Fields(form)).await
}

/// `POST /comments/{id}/report`.
pub async fn report(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    moderate(&web, &v, id, Act::Report, Fields(form)).await
}

/// `POST /comments/{id}/unhide`: undoing needs no confirmation.
pub async fn unhide(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let back = subject_path(form.get("back")).ok_or_else(|| not_found(&v))?;
    gql::query::<UnhideComment>(&web, v.caller, unhide_comment::Variables { id: id.clone() })
        .await
        .map_err(|r| refused(&v, &r, back))?;
    Ok(Redirect::to(&format!("{back}?done=shown#comment-{id}")).into_response())
}

/// One reported comment as the page shows it.
struct Reported {
    post: Post,
    /// The page it is on.
    path: String,
    reasons: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "reported_comments.html")]
struct ReportedPage {
    c: Chrome,
    slug: String,
    name: String,
    reported: Vec<Reported>,
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// `GET /forums/{slug}/reported`: facilitators' list of reported comments.
pub async fn reported(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let path = format!("/forums/{slug}/reported");
    let variables = web_reported_comments::Variables { slug: slug.clone() };
    let forum = page::read::<WebReportedComments>(&web, &v, variables, &path)
        .await?
        .forum
        .ok_or_else(|| not_found(&v))?;
    let reported = forum
        .reported_comments
        .iter()
        .map(|r| {
            let c = &r.comment;
            let post = Post {
                id: c.id.clone(),
                parent_id: None,
                body: c.body.clone(),
                author: c.author.display_name.clone(),
                hidden: false,
                hidden_reason: None,
                by_officer: c.by_officer,
                when: super::words::date(&c.created_at),
            };
            let path = match (&r.finding_id, &r.improvement_id) {
                (Some(f), _) => format!("/findings/{f}"),
                (None, Some(i)) => format!("/improvements/{i}"),
                (None, None) => String::new(),
            };
            let reasons = r
                .reports
                .iter()
                .map(|x| (x.reason.clone(), super::words::date(&x.created_at)))
                .collect();
            Reported { post, path, reasons }
        })
        .collect();
    let notice = q
        .done
        .filter(|d| d == "kept")
        .map(|_| "The comment stays, and its reports are cleared.".to_owned());
    let page = ReportedPage {
        c: Chrome::new(&v, "Reported comments").notice(notice),
        slug: forum.slug,
        name: forum.name,
        reported,
    };
    Ok(render(&page, StatusCode::OK))
}

/// `POST /forums/{slug}/reported/{id}/keep`: the comment stays; its reports go.
pub async fn keep(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, Response> {
    let path = format!("/forums/{slug}/reported");
    gql::query::<DismissCommentReports>(&web, v.caller, dismiss_comment_reports::Variables { id })
        .await
        .map_err(|r| refused(&v, &r, &path))?;
    Ok(Redirect::to(&format!("{path}?done=kept")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_finding_or_an_improvement_is_a_way_back() {
        assert_eq!(subject_path("/findings/0192-ab"), Some("/findings/0192-ab"));
        assert_eq!(subject_path("/improvements/x1"), Some("/improvements/x1"));
        for bad in [
            "/",
            "https://evil.example/findings/1",
            "/findings/",
            "/findings/a/../b",
            "//x",
        ] {
            assert_eq!(subject_path(bad), None, "{bad}");
        }
    }
}
