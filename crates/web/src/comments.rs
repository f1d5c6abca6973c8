//! Comments on findings and improvements: threads shown as nested replies,
//! adding a comment or a reply, and facilitators hiding one.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::layout::{FieldError, Fields, form_errors, refused};
use super::visitor::Visitor;
use super::{WebState, findings, gql, improvements};

/// Adding a comment or a reply.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/add_comment.graphql"
)]
pub struct AddComment;

/// Facilitators hide a comment.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/hide_comment.graphql"
)]
pub struct HideComment;

/// A comment as the contract's documents give it.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    pub id: String,
    pub body: Option<String>,
    pub parent_id: Option<String>,
    pub author: Author,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Author {
    pub display_name: String,
}

/// The extra fields our own query reads for each comment.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentExtra {
    pub id: String,
    pub hidden: bool,
    pub created_at: String,
}

/// A comment as threading needs it, whichever document read it.
#[derive(Clone, Debug)]
pub struct Post {
    pub id: String,
    pub parent_id: Option<String>,
    pub body: Option<String>,
    pub author: String,
    pub hidden: bool,
    /// The date it was written, in words; empty when not read.
    pub when: String,
}

impl Post {
    /// The contract's comments, with the extras our own query read.
    pub fn joined(comments: &[Comment], extras: &[CommentExtra]) -> Vec<Post> {
        comments
            .iter()
            .map(|comment| {
                let extra = extras.iter().find(|e| e.id == comment.id);
                Post {
                    id: comment.id.clone(),
                    parent_id: comment.parent_id.clone(),
                    body: comment.body.clone(),
                    author: comment.author.display_name.clone(),
                    hidden: extra.is_some_and(|e| e.hidden) || comment.body.is_none(),
                    when: extra
                        .map(|e| super::words::date(&e.created_at))
                        .unwrap_or_default(),
                }
            })
            .collect()
    }
}

/// One comment, in thread order, with how deep it sits.
#[derive(Clone, Debug)]
pub struct CommentView {
    pub id: String,
    pub body: Option<String>,
    pub hidden: bool,
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

/// Runs the contract's `AddComment`; on success, where to go next.
async fn add(web: &WebState, v: &Visitor, subject: &str, form: &Fields) -> Result<(), CommentForm> {
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
        return Err(failed(vec![FieldError {
            id: "comment-body".to_owned(),
            text: "Write your comment".to_owned(),
        }]));
    }
    gql::query::<AddComment>(web, v.caller, add_comment::Variables { input })
        .await
        .map(|_| ())
        .map_err(|refusal| {
            failed(form_errors(
                &refusal,
                &[
                    ("body", "comment-body", "Your comment"),
                    ("parentId", "comment-body", "The comment you answer"),
                ],
            ))
        })
}

/// `POST /findings/{id}/comments`.
pub async fn on_finding(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    match add(&web, &v, &id, &Fields(form)).await {
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
    match add(&web, &v, &id, &Fields(form)).await {
        Ok(()) => Ok(Redirect::to(&format!("/improvements/{id}?done=comment#comments")).into_response()),
        Err(form) => {
            improvements::show_improvement(&web, &v, &id, form, improvements::Panels::default()).await
        }
    }
}

/// `POST /comments/{id}/hide`: facilitators hide a comment; back to its page.
pub async fn hide(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let back = form.get("back");
    let back = if back.starts_with("/findings/") || back.starts_with("/improvements/") {
        back
    } else {
        "/"
    };
    gql::query::<HideComment>(&web, v.caller, hide_comment::Variables { id })
        .await
        .map_err(|r| refused(&v, &r, back))?;
    Ok(Redirect::to(&format!("{back}?done=hidden#comments")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: &str, parent: Option<&str>, who: &str) -> Comment {
        Comment {
            id: id.into(),
            body: Some(format!("text {id}")),
            parent_id: parent.map(Into::into),
            author: Author {
                display_name: who.into(),
            },
        }
    }

    #[test]
    fn replies_follow_what_they_answer() {
        let comments = vec![
            comment("a", None, "Sam"),
            comment("b", None, "Priya"),
            comment("c", Some("a"), "Priya"),
            comment("d", Some("c"), "Sam"),
        ];
        let views = thread(&Post::joined(&comments, &[]));
        let order: Vec<_> = views.iter().map(|v| (v.id.as_str(), v.depth)).collect();
        assert_eq!(order, vec![("a", 0), ("c", 1), ("d", 2), ("b", 0)]);
        assert_eq!(views[1].replying_to.as_deref(), Some("Sam"));
    }
}
