//! `learningPlan`: every improvement with actions, for one forum or every
//! forum the caller may read, newest agreed first, with its findings.

use coforum_domain::finding::Finding;
use coforum_domain::ids::ForumId;
use coforum_domain::improvement::Improvement;
use coforum_domain::learning::Action;
use coforum_persistence::repos::{actions, findings, improvements};

use crate::auth::principal::Caller;
use crate::error::AppResult;
use crate::ops::reports::readable_forums;
use crate::state::AppState;

pub struct PlanEntry {
    pub improvement: Improvement,
    pub findings: Vec<Finding>,
    pub actions: Vec<Action>,
}

pub async fn learning_plan(
    state: &AppState,
    caller: &Caller,
    forum_id: Option<ForumId>,
) -> AppResult<Vec<PlanEntry>> {
    let forums: Vec<ForumId> = readable_forums(state, caller, forum_id)
        .await?
        .into_iter()
        .map(|f| f.id)
        .collect();
    let conn = state.db.conn();
    // Plans go on agreed improvements, so the agreed ones hold them all.
    let agreed = improvements::agreed_in(conn, &forums).await?;
    let ids: Vec<_> = agreed.iter().map(|i| i.id).collect();
    let mut planned = actions::of_improvements(conn, &ids).await?;
    let mut linked = improvements::findings_of(conn, &ids).await?;
    let mut entries = Vec::new();
    for improvement in agreed {
        let Some(actions) = planned.remove(&improvement.id) else {
            continue;
        };
        let finding_ids = linked.remove(&improvement.id).unwrap_or_default();
        let findings = findings::find_many(conn, &finding_ids).await?;
        entries.push(PlanEntry {
            improvement,
            findings,
            actions,
        });
    }
    Ok(entries)
}
