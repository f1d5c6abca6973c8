use std::collections::HashSet;

use coforum_domain::assistance::Assisted;
use coforum_domain::audit::AuditAction;
use coforum_domain::forum::ForumRole;
use coforum_domain::ids::{FindingId, ForumId, ImprovementId, UserId};
use coforum_domain::improvement::{
    Decision, DecisionRule, DecisionTerms, Design, Improvement, ImprovementStatus, Position, ProgressReport,
    Refused, Tally, Vote, decide, revision_note,
};
use coforum_domain::notification::Notice;
use coforum_domain::permissions::{Actor, ForumAction, authorize_co_author, authorize_inside_forum};
use coforum_persistence::repos::{decisions, findings, forums, improvements};
use coforum_persistence::{ConnectionTrait, Transaction, now};

use super::access;
use super::audit;
use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::notices::{Audience, notify};
use crate::state::AppState;

fn conflict(refused: Refused) -> AppError {
    AppError::conflict(refused.message())
}

const CHANGED_MEANWHILE: &str = "the improvement changed meanwhile: reload it and try again";

/// Records `action` on `improvement`, now moved to `next`, in the audit
/// log, and commits.
async fn moved(
    txn: Transaction,
    actor: &Actor,
    improvement: Improvement,
    next: ImprovementStatus,
    action: AuditAction,
    detail: String,
) -> AppResult<Improvement> {
    let forum = Some(improvement.forum_id);
    audit::record(&txn, Some(actor.user_id), action, forum, improvement.id, detail).await?;
    txn.commit().await?;
    Ok(Improvement {
        status: next,
        ..improvement
    })
}

/// Moves `improvement` on to `next`, unless someone moved it first.
async fn move_status(
    conn: &impl ConnectionTrait,
    improvement: &Improvement,
    next: ImprovementStatus,
) -> AppResult<()> {
    if !improvements::change_status(conn, improvement.id, improvement.status, next, None).await? {
        return Err(AppError::conflict(CHANGED_MEANWHILE));
    }
    Ok(())
}

/// The improvement, if the caller may do `action` in its forum; callers who
/// may not read the forum are told it does not exist.
async fn improvement_for(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: ImprovementId,
    action: ForumAction,
) -> AppResult<(Improvement, Option<ForumRole>)> {
    let improvement = improvements::find(conn, id)
        .await?
        .ok_or(AppError::NotFound("improvement"))?;
    let role = forums::role_of(conn, actor.user_id, improvement.forum_id).await?;
    authorize_inside_forum(Some(actor), role, action).map_err(|r| AppError::refused(r, "improvement"))?;
    Ok((improvement, role))
}

async fn require_co_author(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: ImprovementId,
) -> AppResult<Improvement> {
    let improvement = improvements::find(conn, id)
        .await?
        .ok_or(AppError::NotFound("improvement"))?;
    let role = forums::role_of(conn, actor.user_id, improvement.forum_id).await?;
    let co_authors = improvements::co_authors_of(conn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    authorize_co_author(Some(actor), role, co_authors.contains(&actor.user_id))
        .map_err(|r| AppError::refused(r, "improvement"))?;
    Ok(improvement)
}

pub async fn propose(
    state: &AppState,
    caller: &Caller,
    forum_id: ForumId,
    design: (&str, &str),
    finding_ids: &[FindingId],
) -> AppResult<Improvement> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    access::in_forum(&txn, actor, forum_id, ForumAction::Participate).await?;
    let design = Design::parse(design.0, design.1)?;
    let distinct: HashSet<&FindingId> = finding_ids.iter().collect();
    if finding_ids.is_empty() || distinct.len() != finding_ids.len() {
        return Err(AppError::invalid(
            "findingIds",
            "link one or more findings, each once",
        ));
    }
    if findings::ages_in_forum(&txn, forum_id, finding_ids).await?.len() != finding_ids.len() {
        return Err(AppError::invalid(
            "findingIds",
            "every finding must belong to this forum",
        ));
    }
    let improvement = improvements::insert(&txn, forum_id, &design, finding_ids, actor.user_id).await?;
    txn.commit().await?;
    Ok(improvement)
}

pub async fn revise(
    state: &AppState,
    caller: &Caller,
    id: ImprovementId,
    title: Option<&str>,
    summary: Option<&str>,
    note: &str,
) -> AppResult<Improvement> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let improvement = require_co_author(&txn, actor, id).await?;
    improvement.status.revise().map_err(conflict)?;
    let current = Design {
        title: improvement.title.clone(),
        summary: improvement.summary.clone(),
    };
    let design = current.revise(title, summary)?;
    let note = revision_note(note)?;
    if !improvements::revise(&txn, id, improvement.revision, &design, &note, actor.user_id).await? {
        return Err(AppError::conflict(CHANGED_MEANWHILE));
    }
    let revised = improvements::find(&txn, id)
        .await?
        .ok_or(AppError::NotFound("improvement"))?;
    txn.commit().await?;
    Ok(revised)
}

pub async fn add_co_author(
    state: &AppState,
    caller: &Caller,
    id: ImprovementId,
    user: UserId,
) -> AppResult<Improvement> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let improvement = require_co_author(&txn, actor, id).await?;
    if forums::role_of(&txn, user, improvement.forum_id).await?.is_none() {
        return Err(AppError::invalid(
            "userId",
            "co-authors must be members of the forum",
        ));
    }
    improvements::add_co_author(&txn, id, user).await?;
    txn.commit().await?;
    Ok(improvement)
}

pub async fn open_decision(
    state: &AppState,
    caller: &Caller,
    id: ImprovementId,
    terms: (DecisionRule, f64, Option<chrono::DateTime<chrono::Utc>>),
) -> AppResult<Improvement> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let (improvement, _) = improvement_for(&txn, actor, id, ForumAction::Facilitate).await?;
    let terms = DecisionTerms::parse(terms.0, terms.1, terms.2, now())?;
    let next = improvement.status.open_decision().map_err(conflict)?;
    move_status(&txn, &improvement, next).await?;
    decisions::open(&txn, id, &terms, actor.user_id).await?;
    let notice = Notice::decision_opened(improvement.forum_id, id, &improvement.title);
    notify(
        &txn,
        &notice,
        Audience::ForumMembers(improvement.forum_id),
        Some(actor.user_id),
    )
    .await?;
    let detail = format!("{} with quorum {}", terms.rule.as_str(), terms.quorum);
    moved(txn, actor, improvement, next, AuditAction::DecisionOpened, detail).await
}

pub async fn cast_vote(
    state: &AppState,
    caller: &Caller,
    id: ImprovementId,
    position: Position,
    reason: Option<&str>,
) -> AppResult<Improvement> {
    let actor = caller.signed_in()?;
    put_vote(state, actor, id, actor.user_id, (position, reason), None).await
}

/// Casts or replaces `voter`'s vote in the improvement's open decision.
/// `actor` votes for themselves, or records for `voter` (then they must
/// facilitate the forum, `voter` must be a member, and the record is
/// logged, never the position, and its voter told).
pub(crate) async fn put_vote(
    state: &AppState,
    actor: &Actor,
    id: ImprovementId,
    voter: UserId,
    vote: (Position, Option<&str>),
    recorded: Option<Assisted>,
) -> AppResult<Improvement> {
    close_decision_if_due(state, id).await?;
    let txn = state.db.begin().await?;
    let action = if recorded.is_some() {
        ForumAction::Facilitate
    } else {
        ForumAction::Vote
    };
    let (improvement, _) = improvement_for(&txn, actor, id, action).await?;
    if recorded.is_some() {
        super::assisted::require_member(&txn, improvement.forum_id, voter).await?;
    }
    let vote = Vote::parse(vote.0, vote.1)?;
    let decision = decisions::latest(&txn, id)
        .await?
        .filter(|d| d.accepts_votes(now()))
        .ok_or_else(|| conflict(Refused::NoOpenDecision))?;
    if !decisions::lock_if_open(&txn, decision.id, Some(now())).await? {
        return Err(conflict(Refused::NoOpenDecision));
    }
    decisions::vote(&txn, decision.id, voter, &vote, recorded).await?;
    if let Some(assisted) = recorded {
        let detail = format!("for {voter} {}", assisted.how.words());
        let forum = Some(improvement.forum_id);
        audit::record(
            &txn,
            Some(assisted.by),
            AuditAction::DecisionVoteRecordedFor,
            forum,
            id,
            detail,
        )
        .await?;
        let notice = Notice::decision_vote_recorded_for_you(improvement.forum_id, id, &improvement.title);
        notify(&txn, &notice, Audience::Person(voter), Some(assisted.by)).await?;
    }
    txn.commit().await?;
    Ok(improvement)
}

pub async fn close_decision(state: &AppState, caller: &Caller, id: ImprovementId) -> AppResult<Improvement> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let (improvement, _) = improvement_for(&txn, actor, id, ForumAction::Facilitate).await?;
    let decision = decisions::latest(&txn, id)
        .await?
        .ok_or_else(|| conflict(Refused::NoOpenDecision))?;
    if !close_in(&txn, &improvement, &decision, Some(actor.user_id)).await? {
        return Err(conflict(Refused::NoOpenDecision));
    }
    let closed = improvements::find(&txn, id)
        .await?
        .ok_or(AppError::NotFound("improvement"))?;
    txn.commit().await?;
    Ok(closed)
}

/// Closes `decision` inside the caller's transaction: counts the votes,
/// applies the outcome rules and moves the improvement on. False when the
/// decision was not open (someone else closed it). Public so the bench data
/// generator closes decisions exactly as the product does.
pub async fn close_in(
    conn: &impl ConnectionTrait,
    improvement: &Improvement,
    decision: &Decision,
    actor: Option<UserId>,
) -> AppResult<bool> {
    if !decisions::lock_if_open(conn, decision.id, None).await? {
        return Ok(false);
    }
    let votes = decisions::votes_of(conn, &[decision.id])
        .await?
        .remove(&decision.id)
        .unwrap_or_default();
    let tally = Tally::of(votes.iter().map(|v| v.position));
    let members = forums::member_counts(conn, &[improvement.forum_id])
        .await?
        .get(&improvement.forum_id)
        .copied()
        .unwrap_or(0);
    let members = u32::try_from(members).unwrap_or(u32::MAX);
    let verdict = decide(decision.rule, decision.quorum, tally, members);
    if !decisions::close(conn, decision.id, verdict.outcome, tally, members).await? {
        return Ok(false);
    }
    let next = improvement
        .status
        .close_decision(verdict.outcome)
        .map_err(conflict)?;
    let agreed_at = (next == ImprovementStatus::Agreed).then(now);
    improvements::change_status(conn, improvement.id, improvement.status, next, agreed_at).await?;
    let detail = format!("{} (turnout {:.2})", verdict.outcome.as_str(), verdict.turnout);
    let forum = Some(improvement.forum_id);
    audit::record(
        conn,
        actor,
        AuditAction::DecisionClosed,
        forum,
        improvement.id,
        detail,
    )
    .await?;
    let notice = Notice::decision_result(improvement.forum_id, improvement.id, &improvement.title);
    notify(conn, &notice, Audience::ForumMembers(improvement.forum_id), actor).await?;
    Ok(true)
}

/// Closes the improvement's decision if its closing time has passed.
pub async fn close_decision_if_due(state: &AppState, id: ImprovementId) -> AppResult<()> {
    let conn = state.db.conn();
    let Some(decision) = decisions::latest(conn, id).await? else {
        return Ok(());
    };
    if decision.is_due(now()) {
        let txn = state.db.begin().await?;
        if let Some(improvement) = improvements::find(&txn, id).await?
            && close_in(&txn, &improvement, &decision, None).await?
        {
            tracing::info!(improvement = %id, "decision closed at its closing time");
        }
        txn.commit().await?;
    }
    Ok(())
}

/// Closes every decision whose time has come; run by the background closer.
pub async fn close_due_decisions(state: &AppState) -> AppResult<usize> {
    let due = decisions::due(state.db.conn(), now()).await?;
    for id in &due {
        close_decision_if_due(state, *id).await?;
    }
    Ok(due.len())
}

/// Officers and admins record what the council did; so do the forum's
/// facilitators where an admin allows it.
pub async fn record_progress(
    state: &AppState,
    caller: &Caller,
    id: ImprovementId,
    report: (&str, i64, ImprovementStatus),
) -> AppResult<Improvement> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let improvement = improvements::find(&txn, id)
        .await?
        .ok_or(AppError::NotFound("improvement"))?;
    let forum = forums::find(&txn, improvement.forum_id)
        .await?
        .ok_or(AppError::NotFound("improvement"))?;
    let action = ForumAction::RecordProgress(forum.settings);
    let (improvement, _) = improvement_for(&txn, actor, id, action).await?;
    let report = ProgressReport::parse(report.0, report.1, report.2)?;
    let next = improvement
        .status
        .record_progress(report.status)
        .map_err(conflict)?;
    move_status(&txn, &improvement, next).await?;
    improvements::add_progress(&txn, id, &report, actor.user_id).await?;
    let notice = Notice::progress(improvement.forum_id, id, &improvement.title);
    notify(
        &txn,
        &notice,
        Audience::ForumMembers(improvement.forum_id),
        Some(actor.user_id),
    )
    .await?;
    let detail = format!("{}% {}", report.percent_complete, next.as_str());
    moved(
        txn,
        actor,
        improvement,
        next,
        AuditAction::ProgressRecorded,
        detail,
    )
    .await
}
