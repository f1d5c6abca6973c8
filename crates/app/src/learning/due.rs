//! `ACTION_DUE`: an action's owner hears one working day before its due
//! day (England's working days, as the feedback log counts them), once
//! whatever the number of servers.

use coforum_domain::notification::Notice;
use coforum_persistence::repos::{actions, improvements, notifications};

use super::actions::today;
use crate::error::AppResult;
use crate::feedback::due::reminder_due;
use crate::notices::fan_out::{Audience, notify};
use crate::state::AppState;

/// Sends each reminder that has come due; answers how many it sent.
pub async fn send_action_reminders(state: &AppState) -> AppResult<usize> {
    let today = today();
    let calendar = &state.config.working_days;
    let mut told = 0;
    for action in actions::unfinished(state.db.conn()).await? {
        let Some(owner) = action.owner else { continue };
        if !reminder_due(calendar, action.due_on, today) {
            continue;
        }
        let txn = state.db.begin().await?;
        if !notifications::first_to_mark(&txn, &format!("action-due:{}:{}", action.id, action.due_on)).await?
        {
            continue;
        }
        let Some(improvement) = improvements::find(&txn, action.improvement_id).await? else {
            continue;
        };
        let when = action.due_on.format("%A %-d %B %Y").to_string();
        let notice = Notice::action_due(improvement.forum_id, improvement.id, &action.title, &when);
        notify(&txn, &notice, Audience::Person(owner), None).await?;
        txn.commit().await?;
        told += 1;
    }
    Ok(told)
}
