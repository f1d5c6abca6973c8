use coforum_domain::comment::{Comment, CommentReport};
use coforum_domain::ids::ForumId;
use coforum_domain::permissions::ForumAction;
use coforum_persistence::repos::comments;

use crate::auth::principal::Caller;
use crate::error::AppResult;
use crate::ops::access;
use crate::state::AppState;

/// A comment that still shows, with what members said about it.
pub struct ReportedComment {
    pub comment: Comment,
    /// Oldest first; never who reported it.
    pub reports: Vec<CommentReport>,
}

/// The forum's reported comments that still show, the longest waiting
/// first: for its facilitators and admins (FORBIDDEN to others).
pub async fn reported_in(
    state: &AppState,
    caller: &Caller,
    forum_id: ForumId,
) -> AppResult<Vec<ReportedComment>> {
    let actor = caller.signed_in()?;
    let conn = state.db.conn();
    access::in_forum(conn, actor, forum_id, ForumAction::Facilitate).await?;
    let reports = comments::reports_in(conn, forum_id).await?;
    let mut ids = Vec::new();
    for report in &reports {
        if !ids.contains(&report.comment_id) {
            ids.push(report.comment_id);
        }
    }
    let mut found = comments::find_many(conn, &ids).await?;
    let mut out = Vec::new();
    for id in ids {
        let Some(at) = found.iter().position(|c| c.id == id) else {
            continue;
        };
        let comment = found.swap_remove(at);
        let reports = reports.iter().filter(|r| r.comment_id == id).cloned().collect();
        out.push(ReportedComment { comment, reports });
    }
    Ok(out)
}
