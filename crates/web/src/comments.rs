//! Comments on findings and improvements: threads shown as nested replies,
//! and adding a comment or a reply. Hiding, reporting and the rest of
//! moderation are in `moderation.rs`.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use coforum_app::ErrorCode;
use graphql_client::GraphQLQuery;

use super::allowed::{self, Back, Task};
use super::codes::ForumRole;
use super::layout::{FieldError, Fields, form_errors};
use super::visitor::Visitor;
use super::{WebState, findings, gql, improvements};

/// Adding a comment or a reply.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/add_comment.graphql"
)]
pub struct AddComment;

/// A comment as threading needs it, whichever document read it.
#[derive(Clone, Debug)]
pub struct Post {
    pub id: String,
    pub parent_id: Option<String>,
    pub body: Option<String>,
    pub author: String,
    pub hidden: bool,
    /// Why a facilitator hid it.
    pub hidden_reason: Option<String>,
    /// Written by a council officer.
    pub by_officer: bool,
    /// The date it was written, in words.
    pub when: String,
}

/// The comments a document read as
/// `comments { id body hidden hiddenReason byOfficer parentId createdAt author { displayName } }`,
/// as posts: each document has its own generated type for them.
macro_rules! posts {
    ($comments:expr) => {
        $comments
            .iter()
            .map(|c| $crate::comments::Post {
                id: c.id.clone(),
                parent_id: c.parent_id.clone(),
                body: c.body.clone(),
                author: c.author.display_name.clone(),
                hidden: c.hidden || c.body.is_none(),
                hidden_reason: c.hidden_reason.clone(),
                by_officer: c.by_officer,
                when: $crate::words::date(&c.created_at),
            })
            .collect::<Vec<_>>()
    };
}
pub(crate) use posts;

/// A page's comments: the threads, the comment form (and whom it
/// answers), and what the caller may do with them.
#[derive(Clone, Debug)]
pub struct Discussion {
    pub comments: Vec<CommentView>,
    pub form: CommentForm,
    pub reply_to: Option<CommentView>,
    /// The page the comments are on.
    pub subject_path: String,
    /// Members and council officers comment, reply and report.
    pub can_comment: bool,
    /// Facilitators (and admins) hide comments and show them again.
    pub can_hide: bool,
}

impl Discussion {
    /// The discussion on the page at `subject_path`, in a forum where the
    /// caller's role is `role`.
    pub fn new(
        v: &Visitor,
        posts: &[Post],
        form: CommentForm,
        subject_path: String,
        role: Option<ForumRole>,
    ) -> Self {
        let comments = thread(posts);
        let reply_to = comments.iter().find(|c| c.id == form.parent_id).cloned();
        Self {
            comments,
            form,
            reply_to,
            subject_path,
            can_comment: allowed::may(v, role, Task::Comment),
            can_hide: allowed::may(v, role, Task::HideComment),
        }
    }
}

/// One comment, in thread order, with how deep it sits.
#[derive(Clone, Debug)]
pub struct CommentView {
    pub id: String,
    pub body: Option<String>,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub by_officer: bool,
    pub author: String,
    pub when: String,
    pub depth: usize,
    /// Who it answers, for people who cannot see the indent.
    pub replying_to: Option<String>,
}

impl CommentView {
    pub fn depth_class(&self) -> String {
        format!("depth-{}", self.depth.min(4))
    }
}

/// Orders comments as threads: each reply right after what it answers.
pub fn thread(posts: &[Post]) -> Vec<CommentView> {
    let mut out = Vec::new();
    fn walk(parent: Option<&str>, depth: usize, posts: &[Post], out: &mut Vec<CommentView>) {
        for post in posts.iter().filter(|c| c.parent_id.as_deref() == parent) {
            let replying_to = parent
                .and_then(|p| posts.iter().find(|c| c.id == p))
                .map(|c| c.author.clone());
            out.push(CommentView {
                id: post.id.clone(),
                body: post.body.clone(),
                hidden: post.hidden,
                hidden_reason: post.hidden_reason.clone(),
                by_officer: post.by_officer,
                author: post.author.clone(),
                when: post.when.clone(),
                depth,
                replying_to,
            });
            if depth < 50 {
                walk(Some(&post.id), depth + 1, posts, out);
            }
        }
    }
    walk(None, 0, posts, &mut out);
    out
}

/// What the comment form holds when it is shown again with an error.
#[derive(Clone, Debug, Default)]
pub struct CommentForm {
    pub body: String,
    pub parent_id: String,
    pub errors: Vec<FieldError>,
}

/// Runs the contract's `AddComment`: done, or the form again with its
/// errors; someone who may not comment gets the "can't" page (the outer
/// error), with the way `back`.
async fn add(
    web: &WebState,
    v: &Visitor,
    subject: &str,
    form: &Fields,
    back: Back,
) -> Result<Result<(), CommentForm>, Response> {
    let body = form.get("body");
    let parent = form.get("parentId");
    let input = add_comment::AddCommentInput {
        subject_id: subject.to_owned(),
        body: body.to_owned(),
        parent_id: Some(parent.to_owned()).filter(|p| !p.is_empty()),
    };
    let failed = |errors| CommentForm {
        body: body.to_owned(),
        parent_id: parent.to_owned(),
        errors,
    };
    if body.trim().is_empty() {
        return Ok(Err(failed(vec![FieldError {
            id: "comment-body".to_owned(),
            text: "Write your comment".to_owned(),
        }])));
    }
    match gql::query::<AddComment>(web, v.caller, add_comment::Variables { input }).await {
        Ok(_) => Ok(Ok(())),
        Err(refusal) if refusal.code() == ErrorCode::Forbidden => {
            Err(allowed::cannot(v, Task::Comment, back))
        }
        Err(refusal) => Ok(Err(failed(form_errors(
            &refusal,
            &[
                ("body", "comment-body", "Your comment"),
                ("parentId", "comment-body", "The comment you answer"),
            ],
        )))),
    }
}

/// `POST /findings/{id}/comments`.
pub async fn on_finding(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let back = Back::new(format!("/findings/{id}"), "Go back to the finding");
    match add(&web, &v, &id, &Fields(form), back).await? {
        Ok(()) => Ok(Redirect::to(&format!("/findings/{id}?done=comment#comments")).into_response()),
        Err(form) => findings::show_finding(&web, &v, &id, form, None).await,
    }
}

/// `POST /improvements/{id}/comments`.
pub async fn on_improvement(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    match add(&web, &v, &id, &Fields(form), improvements::back(&id)).await? {
        Ok(()) => Ok(Redirect::to(&format!("/improvements/{id}?done=comment#comments")).into_response()),
        Err(form) => {
            improvements::show_improvement(&web, &v, &id, form, improvements::Panels::default()).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(id: &str, parent: Option<&str>, who: &str) -> Post {
        Post {
            id: id.into(),
            parent_id: parent.map(Into::into),
            body: Some(format!("text {id}")),
            author: who.into(),
            hidden: false,
            hidden_reason: None,
            by_officer: false,
            when: String::new(),
        }
    }

    #[test]
    fn replies_follow_what_they_answer() {
        let posts = vec![
            post("a", None, "Sam"),
            post("b", None, "Priya"),
            post("c", Some("a"), "Priya"),
            post("d", Some("c"), "Sam"),
        ];
        let views = thread(&posts);
        let order: Vec<_> = views.iter().map(|v| (v.id.as_str(), v.depth)).collect();
        assert_eq!(order, vec![("a", 0), ("c", 1), ("d", 2), ("b", 0)]);
        assert_eq!(views[1].replying_to.as_deref(), Some("Sam"));
    }
}
