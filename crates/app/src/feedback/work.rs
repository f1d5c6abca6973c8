//! The complaints team's work on an item: acknowledge, assign, extend,
//! respond, escalate. Each loads the item under its lock, asks the
//! domain's state machine, and stores the result with a line of history,
//! in one transaction.

use chrono::NaiveDate;
use coforum_domain::account::PlatformRole;
use coforum_domain::feedback::intake::optional;
use coforum_domain::feedback::lifecycle::Rejection;
use coforum_domain::feedback::{FeedbackItem, FeedbackOutcome, HistoryAction, HistoryEntry, day_in_england};
use coforum_domain::ids::{FeedbackId, UserId};
use coforum_domain::permissions::Actor;
use coforum_domain::validation::trimmed_text;
use coforum_persistence::repos::{feedback, locks, users};
use coforum_persistence::{ConnectionTrait, Transaction, now};

use super::access;
use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub const RESPONSE_CHARS: usize = 20_000;
pub const REASON_CHARS: usize = 1_000;

impl From<Rejection> for AppError {
    fn from(rejection: Rejection) -> Self {
        match rejection {
            Rejection::Invalid(invalid) => Self::BadUserInput(invalid),
            Rejection::Refused(refused) => Self::conflict(refused.message()),
        }
    }
}

/// The item, locked for this transaction, or NOT_FOUND.
pub(super) async fn locked(conn: &impl ConnectionTrait, id: FeedbackId) -> AppResult<FeedbackItem> {
    locks::hold(conn, &format!("feedback:{id}")).await?;
    feedback::find(conn, id)
        .await?
        .ok_or(AppError::NotFound("feedback item"))
}

/// Runs `change` on the item for a member of the team, then stores its
/// standing and a line of history.
async fn work<F>(state: &AppState, caller: &Caller, id: FeedbackId, change: F) -> AppResult<FeedbackItem>
where
    F: FnOnce(&mut FeedbackItem, &Actor) -> AppResult<(HistoryAction, Option<String>)>,
{
    let actor = access::team(caller)?;
    let txn = state.db.begin().await?;
    let mut item = locked(&txn, id).await?;
    let (action, note) = change(&mut item, actor)?;
    finish(txn, &item, actor, action, note).await?;
    Ok(item)
}

async fn finish(
    txn: Transaction,
    item: &FeedbackItem,
    actor: &Actor,
    action: HistoryAction,
    note: Option<String>,
) -> AppResult<()> {
    feedback::save_standing(&txn, item.id, &item.standing).await?;
    let entry = HistoryEntry {
        at: now(),
        action,
        actor: Some(actor.user_id),
        note,
    };
    feedback::add_history(&txn, item.id, &entry).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn acknowledge(state: &AppState, caller: &Caller, id: FeedbackId) -> AppResult<FeedbackItem> {
    let calendar = &state.config.working_days;
    work(state, caller, id, |item, _| {
        item.standing
            .acknowledge(now(), calendar)
            .map_err(Rejection::from)?;
        Ok((HistoryAction::Acknowledged, None))
    })
    .await
}

/// Gives the item to a member of the complaints team (or an admin).
pub async fn assign(
    state: &AppState,
    caller: &Caller,
    id: FeedbackId,
    handler: UserId,
) -> AppResult<FeedbackItem> {
    let actor = access::team(caller)?;
    let txn = state.db.begin().await?;
    let mut item = locked(&txn, id).await?;
    let person = users::find(&txn, handler).await?.filter(|user| !user.is_erased());
    let name = match person {
        Some(user) if matches!(user.platform_role, PlatformRole::Complaints | PlatformRole::Admin) => {
            user.display_name
        }
        _ => {
            return Err(AppError::invalid(
                "handlerId",
                "must be a member of the complaints team or an admin",
            ));
        }
    };
    feedback::set_handler(&txn, id, handler).await?;
    item.handler = Some(handler);
    finish(
        txn,
        &item,
        actor,
        HistoryAction::Assigned,
        Some(format!("to {name}")),
    )
    .await?;
    Ok(item)
}

pub async fn extend(
    state: &AppState,
    caller: &Caller,
    id: FeedbackId,
    respond_by: NaiveDate,
    reason: &str,
) -> AppResult<FeedbackItem> {
    let reason = trimmed_text("reason", reason, 1, REASON_CHARS)?;
    let calendar = &state.config.working_days;
    work(state, caller, id, |item, _| {
        let today = day_in_england(now());
        item.standing.extend(respond_by, today, calendar)?;
        Ok((
            HistoryAction::Extended,
            Some(format!("to {respond_by}: {reason}")),
        ))
    })
    .await
}

/// What the council wrote back, and what it learned.
pub struct Response<'a> {
    pub outcome: FeedbackOutcome,
    pub response: &'a str,
    pub learning: Option<&'a str>,
}

pub async fn respond(
    state: &AppState,
    caller: &Caller,
    id: FeedbackId,
    answer: Response<'_>,
) -> AppResult<FeedbackItem> {
    let response = trimmed_text("response", answer.response, 1, RESPONSE_CHARS)?;
    let learning = optional("learning", answer.learning, RESPONSE_CHARS)?;
    let actor = access::team(caller)?;
    let txn = state.db.begin().await?;
    let mut item = locked(&txn, id).await?;
    let was_acknowledged = item.standing.acknowledged_at.is_some();
    item.standing
        .respond(now(), actor.user_id, answer.outcome, &state.config.working_days)?;
    feedback::set_response(&txn, id, &response, learning.as_deref()).await?;
    item.personal.response = Some(response);
    item.learning = learning;
    if !was_acknowledged {
        let entry = HistoryEntry {
            at: now(),
            action: HistoryAction::Acknowledged,
            actor: Some(actor.user_id),
            note: Some("with the response".to_owned()),
        };
        feedback::add_history(&txn, id, &entry).await?;
    }
    let note = Some(format!(
        "stage {}: {}",
        item.standing.stage,
        answer.outcome.as_str()
    ));
    finish(txn, &item, actor, HistoryAction::Responded, note).await?;
    Ok(item)
}

pub async fn escalate(
    state: &AppState,
    caller: &Caller,
    id: FeedbackId,
    reason: &str,
) -> AppResult<FeedbackItem> {
    let reason = trimmed_text("reason", reason, 1, REASON_CHARS)?;
    let calendar = &state.config.working_days;
    work(state, caller, id, |item, _| {
        item.standing.escalate(now(), calendar).map_err(Rejection::from)?;
        Ok((HistoryAction::Escalated, Some(reason)))
    })
    .await
}
