use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use coforum_domain::comment;
use coforum_domain::comment::Subject;

use super::accounts::{User, load_user};
use super::context::{caller, loader, state};
use super::ids::parse_id;
use super::loaders::CommentsOn;
use coforum_app::error::AppResult;
use coforum_app::ops::comments as ops;
use coforum_app::reads::comments::ReportedComment as Reported;

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
    /// Why a facilitator hid it, shown in its place; null while it shows.
    async fn hidden_reason(&self) -> Option<&str> {
        self.0.visible_hidden_reason()
    }
    /// Written by a council officer (platform OFFICER or ADMIN at the
    /// time), not as a member of the forum.
    async fn by_officer(&self) -> bool {
        self.0.by_officer
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

/// One member's report of a comment. Who reported it is never shown.
pub struct CommentReport(coforum_domain::comment::CommentReport);

#[Object]
impl CommentReport {
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A comment members reported that still shows, for the forum's facilitators.
pub struct ReportedComment(pub Reported);

#[Object]
impl ReportedComment {
    async fn comment(&self) -> Comment {
        Comment(self.0.comment.clone())
    }
    /// The finding it is on, if it is on a finding.
    async fn finding_id(&self) -> Option<ID> {
        match self.0.comment.subject {
            Subject::Finding(id) => Some(ID(id.to_string())),
            Subject::Improvement(_) => None,
        }
    }
    /// The improvement it is on, if it is on an improvement.
    async fn improvement_id(&self) -> Option<ID> {
        match self.0.comment.subject {
            Subject::Improvement(id) => Some(ID(id.to_string())),
            Subject::Finding(_) => None,
        }
    }
    /// Oldest first.
    async fn reports(&self) -> Vec<CommentReport> {
        self.0.reports.iter().cloned().map(CommentReport).collect()
    }
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
    /// Forum members and council officers comment on findings and
    /// improvements; an officer's comment is marked `byOfficer`.
    async fn add_comment(&self, ctx: &Context<'_>, input: AddCommentInput) -> Result<Comment> {
        let subject: uuid::Uuid = parse_id("subjectId", &input.subject_id)?;
        let parent = input.parent_id.map(|id| parse_id("parentId", &id)).transpose()?;
        let comment = ops::add_comment(state(ctx), caller(ctx), subject, &input.body, parent).await?;
        Ok(Comment(comment))
    }

    /// Facilitators hide a comment, saying why (1 to 500 characters): the
    /// thread keeps it without its body, showing `hiddenReason` instead.
    /// Its reports are dealt with.
    async fn hide_comment(&self, ctx: &Context<'_>, id: ID, reason: String) -> Result<Comment> {
        let id = parse_id("id", &id)?;
        Ok(Comment(
            ops::hide_comment(state(ctx), caller(ctx), id, &reason).await?,
        ))
    }

    /// Facilitators show a hidden comment again, as written.
    async fn unhide_comment(&self, ctx: &Context<'_>, id: ID) -> Result<Comment> {
        let id = parse_id("id", &id)?;
        Ok(Comment(ops::unhide_comment(state(ctx), caller(ctx), id).await?))
    }

    /// Anyone who may comment reports a comment to the forum's
    /// facilitators, saying why (1 to 500 characters). Reporting again
    /// replaces the reason. A hidden comment: `CONFLICT`.
    async fn report_comment(&self, ctx: &Context<'_>, id: ID, reason: String) -> Result<Comment> {
        let id = parse_id("id", &id)?;
        Ok(Comment(
            ops::report_comment(state(ctx), caller(ctx), id, &reason).await?,
        ))
    }

    /// Facilitators keep a reported comment showing: its reports are cleared.
    async fn dismiss_comment_reports(&self, ctx: &Context<'_>, id: ID) -> Result<Comment> {
        let id = parse_id("id", &id)?;
        Ok(Comment(ops::dismiss_reports(state(ctx), caller(ctx), id).await?))
    }
}
