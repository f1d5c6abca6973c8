//! Safeguarding review findings' answers (Care Act 2014, schedule 2: the
//! Safeguarding Adults Board's annual report gives the reasons for not
//! implementing any finding): `respondToFinding` and `safeguardingReport`.

use chrono::{DateTime, Utc};
use coforum_domain::finding::{Finding, FindingSource};
use coforum_domain::ids::FindingId;
use coforum_domain::improvement::Improvement;
use coforum_domain::learning::{
    Answer, FindingResponse, SafeguardingCounts, check_response, count_responses,
};
use coforum_domain::permissions::{ForumAction, PlatformAction, authorize, authorize_inside_forum};
use coforum_persistence::repos::{findings, forums, improvements, locks};

use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Officers and admins answer a safeguarding review finding.
pub async fn respond_to_finding(
    state: &AppState,
    caller: &Caller,
    id: FindingId,
    response: FindingResponse,
    reason: Option<&str>,
) -> AppResult<Finding> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let finding = findings::find_many(&txn, &[id])
        .await?
        .pop()
        .ok_or(AppError::NotFound("finding"))?;
    let role = forums::role_of(&txn, actor.user_id, finding.forum_id).await?;
    authorize_inside_forum(Some(actor), role, ForumAction::AnswerFinding)
        .map_err(|r| AppError::refused(r, "finding"))?;
    let reason = check_response(finding.source, response, reason)?;
    locks::hold(&txn, &format!("finding:{id}")).await?;
    let answer = Answer {
        finding_id: id,
        response,
        reason,
    };
    findings::answer(&txn, &answer).await?;
    txn.commit().await?;
    Ok(Finding {
        answer: Some(answer),
        ..finding
    })
}

pub struct SafeguardingReport {
    pub counts: SafeguardingCounts,
    /// Each finding with the improvements that came from it.
    pub findings: Vec<(Finding, Vec<Improvement>)>,
}

/// The safeguarding review findings received in [from, to), counted by
/// their latest answer: officers, admins and their API tokens.
pub async fn report(
    state: &AppState,
    caller: &Caller,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> AppResult<SafeguardingReport> {
    authorize(caller.actor(), PlatformAction::ReadSafeguardingReport)
        .map_err(|r| AppError::refused(r, "report"))?;
    if to <= from {
        return Err(AppError::invalid("to", "must be after from"));
    }
    let conn = state.db.conn();
    let found = findings::of_source_received(conn, FindingSource::SafeguardingReview, from, to).await?;
    let ids: Vec<FindingId> = found.iter().map(|f| f.id).collect();
    let counts = count_responses(found.iter().map(|f| f.answer.as_ref().map(|a| &a.response)));
    let mut linked = improvements::improvements_of_findings(conn, &ids).await?;
    let findings = found
        .into_iter()
        .map(|finding| {
            let from_it = linked.remove(&finding.id).unwrap_or_default();
            (finding, from_it)
        })
        .collect();
    Ok(SafeguardingReport { counts, findings })
}
