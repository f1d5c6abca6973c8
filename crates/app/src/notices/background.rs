use coforum_persistence::now;

use super::{closing, mailer};
use crate::state::AppState;

/// Every `notice_interval`, until dropped: rounds closing within a day are
/// told of, waiting notifications become emails, and at the digest time
/// each person's digest is written. Every server runs one; each step claims
/// its rows, so nothing goes twice.
pub async fn run(state: AppState) {
    let mut ticks = tokio::time::interval(state.config.notice_interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if let Err(err) = closing::send_closing_notices(&state).await {
            tracing::warn!(error = %err, detail = ?err, "closing notices failed; will retry");
        }
        if let Err(err) = crate::feedback::due::send_due_reminders(&state).await {
            tracing::warn!(error = %err, detail = ?err, "feedback reminders failed; will retry");
        }
        if let Err(err) = crate::learning::due::send_action_reminders(&state).await {
            tracing::warn!(error = %err, detail = ?err, "action reminders failed; will retry");
        }
        if let Err(err) = mailer::mail_waiting(&state).await {
            tracing::warn!(error = %err, detail = ?err, "mailing notifications failed; will retry");
        }
        if let Err(err) = mailer::mail_digests(&state, now()).await {
            tracing::warn!(error = %err, detail = ?err, "daily digests failed; will retry");
        }
    }
}
