//! `recordOmbudsman` and `completeRemedy`: a complaint taken to the Local
//! Government and Social Care Ombudsman, what it found, and each remedy it
//! asked for tracked until done.

use chrono::{DateTime, Duration, Utc};
use coforum_domain::feedback::{
    FeedbackItem, FeedbackKind, HistoryAction, HistoryEntry, OmbudsmanOutcome, Refused, Remedy,
};
use coforum_domain::ids::{FeedbackId, RemedyId};
use coforum_domain::validation::{InvalidInput, trimmed_text};
use coforum_persistence::now;
use coforum_persistence::repos::feedback;

use super::access;
use super::work::locked;
use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub const MAX_REMEDIES: usize = 20;
pub const REMEDY_CHARS: usize = 1_000;

pub struct Referral<'a> {
    pub referred_at: DateTime<Utc>,
    pub outcome: Option<OmbudsmanOutcome>,
    pub remedies: &'a [String],
}

/// Records the referral (again, to add what the Ombudsman found) and adds
/// the remedies given to those already asked for.
pub async fn record(
    state: &AppState,
    caller: &Caller,
    id: FeedbackId,
    referral: Referral<'_>,
) -> AppResult<FeedbackItem> {
    let actor = access::team(caller)?;
    if referral.referred_at > now() + Duration::minutes(5) {
        return Err(AppError::invalid("referredAt", "must not be in the future"));
    }
    if referral.remedies.len() > MAX_REMEDIES {
        return Err(AppError::invalid(
            "remedies",
            format!("at most {MAX_REMEDIES} remedies"),
        ));
    }
    let remedies = referral
        .remedies
        .iter()
        .map(|text| trimmed_text("remedies", text, 1, REMEDY_CHARS))
        .collect::<Result<Vec<_>, InvalidInput>>()?;
    let txn = state.db.begin().await?;
    let item = locked(&txn, id).await?;
    if item.standing.kind != FeedbackKind::Complaint {
        return Err(AppError::conflict(Refused::NotAComplaint.message()));
    }
    if referral.referred_at < item.standing.received_at {
        return Err(AppError::invalid(
            "referredAt",
            "must not be before the complaint was received",
        ));
    }
    let outcome = referral.outcome.map(OmbudsmanOutcome::as_str);
    feedback::refer(&txn, id, referral.referred_at, outcome, &remedies).await?;
    let note = match referral.outcome {
        Some(found) => format!(
            "outcome {}; {} remedies asked for",
            found.as_str(),
            remedies.len()
        ),
        None => format!("{} remedies asked for", remedies.len()),
    };
    let entry = HistoryEntry {
        at: now(),
        action: HistoryAction::Referred,
        actor: Some(actor.user_id),
        note: Some(note),
    };
    feedback::add_history(&txn, id, &entry).await?;
    let item = feedback::find(&txn, id)
        .await?
        .ok_or(AppError::NotFound("feedback item"))?;
    txn.commit().await?;
    Ok(item)
}

pub async fn complete_remedy(state: &AppState, caller: &Caller, id: RemedyId) -> AppResult<Remedy> {
    let actor = access::team(caller)?;
    let txn = state.db.begin().await?;
    let remedy = feedback::find_remedy(&txn, id)
        .await?
        .ok_or(AppError::NotFound("remedy"))?;
    locked(&txn, remedy.feedback_id).await?;
    if remedy.done_at.is_some() {
        return Err(AppError::conflict("This remedy is already done."));
    }
    let at = now();
    feedback::complete_remedy(&txn, id, at).await?;
    let entry = HistoryEntry {
        at,
        action: HistoryAction::RemedyDone,
        actor: Some(actor.user_id),
        note: Some(remedy.text.clone()),
    };
    feedback::add_history(&txn, remedy.feedback_id, &entry).await?;
    txn.commit().await?;
    Ok(Remedy {
        done_at: Some(at),
        ..remedy
    })
}
