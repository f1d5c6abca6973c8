//! Comments on findings and improvements, and their moderation: officers
//! comment beside members (marked as officers), facilitators hide a
//! comment with a reason and can show it again, members report one.

use coforum_domain::account::PlatformRole;
use coforum_domain::audit::AuditAction;
use coforum_domain::comment::{Comment, Subject, check_parent, comment_body, moderation_reason};
use coforum_domain::ids::{CommentId, FindingId, ForumId, ImprovementId};
use coforum_domain::notification::Notice;
use coforum_domain::permissions::{Actor, ForumAction, authorize_inside_forum};
use coforum_persistence::ConnectionTrait;
use coforum_persistence::repos::{comments, findings, forums, improvements};

use super::audit;
use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::notices::{Audience, notify};
use crate::state::AppState;

/// What a comment is on: its subject, forum, title and page.
async fn subject_of(
    conn: &impl ConnectionTrait,
    subject_id: uuid::Uuid,
) -> AppResult<(Subject, ForumId, String, String)> {
    if let Some(finding) = findings::find(conn, FindingId(subject_id)).await? {
        let path = format!("/findings/{}", finding.id);
        return Ok((
            Subject::Finding(finding.id),
            finding.forum_id,
            finding.title,
            path,
        ));
    }
    if let Some(improvement) = improvements::find(conn, ImprovementId(subject_id)).await? {
        let path = format!("/improvements/{}", improvement.id);
        return Ok((
            Subject::Improvement(improvement.id),
            improvement.forum_id,
            improvement.title,
            path,
        ));
    }
    Err(AppError::NotFound("finding or improvement"))
}

/// The comment, if the caller may do `action` in its forum; callers who
/// may not read the forum are told it does not exist.
async fn comment_for(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: CommentId,
    action: ForumAction,
) -> AppResult<Comment> {
    let comment = comments::find(conn, id)
        .await?
        .ok_or(AppError::NotFound("comment"))?;
    let role = forums::role_of(conn, actor.user_id, comment.forum_id).await?;
    authorize_inside_forum(Some(actor), role, action).map_err(|r| AppError::refused(r, "comment"))?;
    Ok(comment)
}

/// Members and council officers comment; an officer's comment says so.
pub async fn add_comment(
    state: &AppState,
    caller: &Caller,
    subject_id: uuid::Uuid,
    body: &str,
    parent_id: Option<CommentId>,
) -> AppResult<Comment> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let (subject, forum_id, title, path) = subject_of(&txn, subject_id).await?;
    let role = forums::role_of(&txn, actor.user_id, forum_id).await?;
    authorize_inside_forum(Some(actor), role, ForumAction::Comment)
        .map_err(|r| AppError::refused(r, "finding or improvement"))?;
    let body = comment_body(body)?;
    let mut replied_to = None;
    if let Some(parent_id) = parent_id {
        let parent = comments::find(&txn, parent_id).await?;
        check_parent(subject, parent.as_ref())?;
        replied_to = parent.map(|parent| parent.author_id);
    }
    // Staff are marked whether or not they are also members: people
    // should know when the council is speaking.
    let by_officer = matches!(actor.platform_role, PlatformRole::Officer | PlatformRole::Admin);
    let comment = comments::insert(
        &txn,
        forum_id,
        subject,
        parent_id,
        actor.user_id,
        &body,
        by_officer,
    )
    .await?;
    if let Some(author) = replied_to {
        let notice = Notice::comment_reply(forum_id, &title, path);
        notify(&txn, &notice, Audience::Person(author), Some(actor.user_id)).await?;
    }
    txn.commit().await?;
    Ok(comment)
}

/// Facilitators hide a comment, saying why: it keeps its place, shows the
/// reason instead of its body, and its reports are dealt with.
pub async fn hide_comment(
    state: &AppState,
    caller: &Caller,
    id: CommentId,
    reason: &str,
) -> AppResult<Comment> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let comment = comment_for(&txn, actor, id, ForumAction::Facilitate).await?;
    let reason = moderation_reason(reason)?;
    comments::set_hidden(&txn, id, Some(&reason)).await?;
    comments::clear_reports(&txn, id).await?;
    let forum = Some(comment.forum_id);
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::CommentHidden,
        forum,
        id,
        reason.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(Comment {
        hidden: true,
        hidden_reason: Some(reason),
        ..comment
    })
}

/// Facilitators undo a hiding: the comment shows again, as written.
pub async fn unhide_comment(state: &AppState, caller: &Caller, id: CommentId) -> AppResult<Comment> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let comment = comment_for(&txn, actor, id, ForumAction::Facilitate).await?;
    if !comment.hidden {
        return Ok(comment);
    }
    comments::set_hidden(&txn, id, None).await?;
    let forum = Some(comment.forum_id);
    let detail = "comment shown again";
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::CommentUnhidden,
        forum,
        id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(Comment {
        hidden: false,
        hidden_reason: None,
        ..comment
    })
}

/// Anyone who may comment reports a comment to the forum's facilitators.
/// A hidden comment needs no report: CONFLICT.
pub async fn report_comment(
    state: &AppState,
    caller: &Caller,
    id: CommentId,
    reason: &str,
) -> AppResult<Comment> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let comment = comment_for(&txn, actor, id, ForumAction::Comment).await?;
    let reason = moderation_reason(reason)?;
    if comment.hidden {
        return Err(AppError::conflict("the comment is already hidden"));
    }
    comments::report(&txn, &comment, actor.user_id, &reason).await?;
    txn.commit().await?;
    Ok(comment)
}

/// Facilitators keep a reported comment showing: its reports are cleared.
pub async fn dismiss_reports(state: &AppState, caller: &Caller, id: CommentId) -> AppResult<Comment> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let comment = comment_for(&txn, actor, id, ForumAction::Facilitate).await?;
    let cleared = comments::clear_reports(&txn, id).await?;
    let forum = Some(comment.forum_id);
    let detail = format!("{cleared} reports dismissed");
    let action = AuditAction::CommentReportsDismissed;
    audit::record(&txn, Some(actor.user_id), action, forum, id, detail).await?;
    txn.commit().await?;
    Ok(comment)
}
