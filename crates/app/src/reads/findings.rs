use coforum_domain::finding::Finding;
use coforum_domain::ids::ForumId;
use coforum_persistence::repos::findings::{self, FindingCursor};

use crate::error::AppResult;
use crate::state::AppState;

/// One page of a forum's findings, newest received first.
pub struct FindingsPage {
    /// Every finding that matches, on any page.
    pub total_count: u64,
    pub findings: Vec<Finding>,
    pub has_next_page: bool,
}

/// Up to `first` of a forum's findings after `after`, with one theme or any.
/// The caller has been allowed to read the forum.
pub async fn page(
    state: &AppState,
    forum_id: ForumId,
    theme: Option<&str>,
    after: Option<FindingCursor>,
    first: usize,
) -> AppResult<FindingsPage> {
    let conn = state.db.conn();
    let total_count = findings::count(conn, forum_id, theme).await?;
    let mut found = findings::page(conn, forum_id, theme, after, first as u64 + 1).await?;
    let has_next_page = found.len() > first;
    found.truncate(first);
    Ok(FindingsPage {
        total_count,
        findings: found,
        has_next_page,
    })
}
