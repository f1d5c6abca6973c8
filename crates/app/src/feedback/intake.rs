//! `logFeedback` (staff, any channel) and `submitFeedback` (anyone,
//! through "Tell us"): the item is stored with its clocks started, its
//! reference given, and its history begun, in one transaction.

use chrono::{Datelike, Duration};
use coforum_domain::feedback::intake::{FeedbackDraft, NewFeedback};
use coforum_domain::feedback::{FeedbackItem, HistoryAction, HistoryEntry, Standing, day_in_england};
use coforum_domain::ids::{ForumId, UserId};
use coforum_domain::sign_in::address_key;
use coforum_persistence::repos::{feedback, forums};
use coforum_persistence::{ConnectionTrait, now};

use super::access;
use crate::auth::principal::Caller;
use crate::client::Client;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Submissions one address may make in a minute.
pub const SUBMISSIONS_PER_MINUTE: u64 = 10;

pub const TOO_MANY_SUBMISSIONS: AppError = AppError::RateLimited(
    "Thank you. We have had a lot from your network in the last minute. Please wait a minute and send it again.",
);

/// Staff log an item received by phone, letter, email, in person...
pub async fn log_feedback(
    state: &AppState,
    caller: &Caller,
    draft: &FeedbackDraft<'_>,
    forum: Option<ForumId>,
) -> AppResult<FeedbackItem> {
    let actor = access::logger(caller)?;
    let new = NewFeedback::logged(draft, now())?;
    let txn = state.db.begin().await?;
    if let Some(forum) = forum
        && forums::find(&txn, forum).await?.is_none()
    {
        return Err(AppError::invalid("forumId", "must be a forum that exists"));
    }
    let item = store(state, &txn, &new, forum, Some(actor.user_id)).await?;
    txn.commit().await?;
    Ok(item)
}

/// Anyone tells the council something; at most 10 a minute from one
/// address. A signed-in person's item is theirs (it is in their data).
pub async fn submit_feedback(
    state: &AppState,
    caller: &Caller,
    client: &Client,
    draft: &FeedbackDraft<'_>,
) -> AppResult<FeedbackItem> {
    coforum_domain::permissions::authorize_open_mutation(caller.actor())
        .map_err(|refusal| AppError::refused(refusal, "feedback"))?;
    let at = now();
    let new = NewFeedback::submitted(draft, at)?;
    let key = address_key(client.address);
    let txn = state.db.begin().await?;
    if feedback::submissions_since(&txn, &key, at - Duration::minutes(1)).await? >= SUBMISSIONS_PER_MINUTE {
        return Err(TOO_MANY_SUBMISSIONS);
    }
    feedback::record_submission(&txn, &key, at, at - Duration::minutes(10)).await?;
    let submitter = caller.actor().map(|actor| actor.user_id);
    let item = store(state, &txn, &new, None, submitter).await?;
    txn.commit().await?;
    Ok(item)
}

async fn store(
    state: &AppState,
    conn: &impl ConnectionTrait,
    new: &NewFeedback,
    forum_id: Option<ForumId>,
    logged_by: Option<UserId>,
) -> AppResult<FeedbackItem> {
    let standing = Standing::received(new.kind, new.route, new.received_at, &state.config.working_days);
    // Numbered in the year it was received, in England.
    let reference = feedback::next_reference(conn, day_in_england(new.received_at).year()).await?;
    let id = feedback::insert(
        conn,
        feedback::NewItem {
            reference: &reference,
            channel: new.channel.as_str(),
            standing: &standing,
            summary: &new.summary,
            themes: &new.themes,
            service: new.service.as_deref(),
            personal: &new.personal,
            forum_id,
            logged_by,
        },
    )
    .await?;
    let entry = HistoryEntry {
        at: new.received_at,
        action: HistoryAction::Received,
        actor: logged_by,
        note: Some(format!(
            "by {}",
            new.channel.as_str().to_lowercase().replace('_', " ")
        )),
    };
    feedback::add_history(conn, id, &entry).await?;
    feedback::find(conn, id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("feedback item {id} vanished")))
}
