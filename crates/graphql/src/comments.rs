use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use coforum_domain::comment;
use coforum_domain::comment::Subject;

use super::accounts::{User, load_user};
use super::context::{caller, loader, state};
use super::ids::parse_id;
use super::loaders::CommentsOn;
use coforum_app::error::AppResult;
use coforum_app::ops::improvements as ops;

type Result<T> = async_graphql::Result<T>;

/// A comment on a finding or an improvement. A hidden comment keeps its
/// place in the thread but shows no body.
pub struct Comment(pub comment::Comment);

#[Object]
impl Comment {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Exactly as written; null when a facilitator has hidden it.
    async fn body(&self) -> Option<&str> {
        self.0.visible_body()
    }
    async fn hidden(&self) -> bool {
        self.0.hidden
    }
    /// The comment this one answers.
    async fn parent_id(&self) -> Option<ID> {
        self.0.parent_id.map(|id| ID(id.to_string()))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn author(&self, ctx: &Context<'_>) -> Result<User> {
        Ok(load_user(ctx, self.0.author_id).await?)
    }
}

/// The comments on `subject`, oldest first (the caller already reads its forum).
pub async fn comments_on(ctx: &Context<'_>, subject: Subject) -> AppResult<Vec<Comment>> {
    let comments = loader(ctx)
        .load_one(CommentsOn(subject))
        .await?
        .unwrap_or_default();
    Ok(comments.into_iter().map(Comment).collect())
}

#[derive(InputObject)]
pub struct AddCommentInput {
    /// A finding or an improvement.
    subject_id: ID,
    /// 1 to 10,000 characters, kept exactly as written.
    body: String,
    /// The comment this one answers (same subject).
    parent_id: Option<ID>,
}

#[derive(Default)]
pub struct CommentMutation;

#[Object]
impl CommentMutation {
    /// Forum members comment on findings and improvements.
    async fn add_comment(&self, ctx: &Context<'_>, input: AddCommentInput) -> Result<Comment> {
        let subject: uuid::Uuid = parse_id("subjectId", &input.subject_id)?;
        let parent = input.parent_id.map(|id| parse_id("parentId", &id)).transpose()?;
        let comment = ops::add_comment(state(ctx), caller(ctx), subject, &input.body, parent).await?;
        Ok(Comment(comment))
    }

    /// Facilitators hide a comment: the thread keeps it, without its body.
    async fn hide_comment(&self, ctx: &Context<'_>, id: ID) -> Result<Comment> {
        let id = parse_id("id", &id)?;
        Ok(Comment(ops::hide_comment(state(ctx), caller(ctx), id).await?))
    }
}
