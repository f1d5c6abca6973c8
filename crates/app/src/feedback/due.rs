//! `FEEDBACK_DUE`: one working day before an acknowledgement or a
//! response is due, its handler (or, while nobody handles it, the whole
//! complaints team) is told, once whatever the number of servers.

use chrono::NaiveDate;
use coforum_domain::account::PlatformRole;
use coforum_domain::feedback::{FeedbackItem, WorkingDays};
use coforum_domain::notification::Notice;
use coforum_persistence::repos::{feedback, notifications, users};

use super::reads::today;
use crate::error::AppResult;
use crate::notices::fan_out::{Audience, notify};
use crate::state::AppState;

/// What is due next on `item`, and by when: an acknowledgement while one
/// is awaited, else a response.
fn next_due(item: &FeedbackItem) -> Option<(&'static str, NaiveDate)> {
    let standing = &item.standing;
    if standing.awaits_acknowledgement()
        && let Some(by) = standing.acknowledge_by
    {
        return Some(("An acknowledgement", by));
    }
    if standing.awaits_response()
        && let Some(by) = standing.respond_by
    {
        return Some(("A response", by));
    }
    None
}

/// Whether the reminder for `due` goes today: from the working day before
/// it until it passes (a server that was down catches up).
pub fn reminder_due(calendar: &WorkingDays, due: NaiveDate, today: NaiveDate) -> bool {
    calendar.before(due) <= today && today <= due
}

/// Sends each reminder that has come due; answers how many it sent.
pub async fn send_due_reminders(state: &AppState) -> AppResult<usize> {
    let today = today();
    let calendar = &state.config.working_days;
    let mut told = 0;
    for item in feedback::awaiting(state.db.conn()).await? {
        let Some((what, due)) = next_due(&item) else {
            continue;
        };
        if !reminder_due(calendar, due, today) {
            continue;
        }
        let txn = state.db.begin().await?;
        let key = format!("feedback-due:{}:{}:{what}:{due}", item.id, item.standing.stage);
        if !notifications::first_to_mark(&txn, &key).await? {
            continue;
        }
        let when = due.format("%A %-d %B %Y").to_string();
        let notice = Notice::feedback_due(item.id, &item.reference, what, &when);
        let people = match item.handler {
            Some(handler) => vec![handler],
            None => users::with_role(&txn, PlatformRole::Complaints).await?,
        };
        for person in people {
            notify(&txn, &notice, Audience::Person(person), None).await?;
        }
        txn.commit().await?;
        told += 1;
    }
    Ok(told)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_reminder_goes_from_the_working_day_before() {
        let day = |t: &str| t.parse::<NaiveDate>().unwrap();
        // Tuesday 29 December 2026 follows Christmas, a weekend and the Boxing Day substitute.
        let calendar = WorkingDays::new([day("2026-12-25"), day("2026-12-28")]);
        let due = day("2026-12-29");
        assert!(!reminder_due(&calendar, due, day("2026-12-23")));
        assert!(reminder_due(&calendar, due, day("2026-12-24")));
        assert!(reminder_due(&calendar, due, day("2026-12-28")));
        assert!(reminder_due(&calendar, due, due));
        assert!(!reminder_due(&calendar, due, day("2026-12-30")));
    }
}
