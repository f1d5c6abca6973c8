//! Reading the log: one item, a page of the log, an item's history and
//! the report, each as the caller may see it.

use chrono::{DateTime, NaiveDate, Utc};
use coforum_domain::account::{PlatformRole, User};
use coforum_domain::feedback::report::{Counted, FeedbackReport, report};
use coforum_domain::feedback::{FeedbackItem, FeedbackKind, FeedbackStatus, HistoryEntry, day_in_england};
use coforum_domain::ids::FeedbackId;
use coforum_persistence::now;
use coforum_persistence::repos::feedback::{self, Filter};
use coforum_persistence::repos::users;

use super::access::{self, Reach, Sight, as_seen};
use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Today, in England: what `overdue` is judged on.
pub fn today() -> NaiveDate {
    day_in_england(now())
}

pub async fn item(state: &AppState, caller: &Caller, id: FeedbackId) -> AppResult<FeedbackItem> {
    let found = feedback::find(state.db.conn(), id)
        .await?
        .ok_or(AppError::NotFound("feedback item"))?;
    let sight = access::sight(caller, &found)?;
    Ok(as_seen(found, sight))
}

/// The history of an item the caller has been shown, oldest first.
pub async fn history(state: &AppState, id: FeedbackId) -> AppResult<Vec<HistoryEntry>> {
    Ok(feedback::history(state.db.conn(), id).await?)
}

/// What the log is narrowed to.
#[derive(Clone, Debug, Default)]
pub struct LogFilter {
    pub kind: Option<FeedbackKind>,
    pub status: Option<FeedbackStatus>,
    pub theme: Option<String>,
    pub overdue: Option<bool>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Where a page starts: after the item received at this time with this id.
pub type LogCursor = (DateTime<Utc>, FeedbackId);

pub struct LogPage {
    pub total_count: u64,
    pub items: Vec<FeedbackItem>,
    pub has_next_page: bool,
}

/// Every item the caller may see that `filter` picks, newest received
/// first (officers: those they logged, without personal details).
pub async fn all(state: &AppState, caller: &Caller, filter: &LogFilter) -> AppResult<Vec<FeedbackItem>> {
    let reach = access::reach(caller)?;
    let (logged_by, sight) = match reach {
        Reach::Every => (None, Sight::Whole),
        Reach::LoggedBy(actor) => (Some(actor.user_id), Sight::WithoutPersonal),
    };
    let stored = Filter {
        kind: filter.kind,
        status: filter.status,
        theme: filter.theme.clone(),
        received_from: filter.from,
        received_before: filter.to,
        logged_by,
    };
    let today = today();
    Ok(feedback::list(state.db.conn(), &stored)
        .await?
        .into_iter()
        .filter(|item| filter.overdue.is_none_or(|wanted| item.overdue(today) == wanted))
        .map(|item| as_seen(item, sight))
        .collect())
}

/// Up to `first` items of the log after `after`.
pub async fn page(
    state: &AppState,
    caller: &Caller,
    filter: &LogFilter,
    after: Option<LogCursor>,
    first: usize,
) -> AppResult<LogPage> {
    let items = all(state, caller, filter).await?;
    let total_count = items.len() as u64;
    let start = match after {
        None => 0,
        Some((at, id)) => items
            .iter()
            .position(|item| (item.standing.received_at, item.id) < (at, id))
            .unwrap_or(items.len()),
    };
    let mut rest: Vec<FeedbackItem> = items.into_iter().skip(start).take(first + 1).collect();
    let has_next_page = rest.len() > first;
    rest.truncate(first);
    Ok(LogPage {
        total_count,
        items: rest,
        has_next_page,
    })
}

/// The figures of items received in [from, to): never anything personal.
pub async fn report_for(
    state: &AppState,
    caller: &Caller,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> AppResult<FeedbackReport> {
    access::report(caller)?;
    if to <= from {
        return Err(AppError::invalid("to", "must be after from"));
    }
    let filter = Filter {
        received_from: Some(from),
        received_before: Some(to),
        ..Filter::default()
    };
    let today = today();
    let counted: Vec<Counted> = feedback::list(state.db.conn(), &filter)
        .await?
        .iter()
        .map(|item| counted(item, today))
        .collect();
    Ok(report(&counted, from, to))
}

fn counted(item: &FeedbackItem, today: NaiveDate) -> Counted {
    let remedies = item
        .referral
        .as_ref()
        .map(|r| r.remedies.as_slice())
        .unwrap_or_default();
    let done = remedies.iter().filter(|r| r.done_at.is_some()).count() as u64;
    Counted {
        kind: item.standing.kind,
        received_at: item.standing.received_at,
        themes: item.themes.clone(),
        outcome: item.standing.outcome,
        acknowledged_on_time: item.standing.acknowledged_on_time(),
        responded_on_time: item.standing.responded_on_time(),
        overdue_now: item.overdue(today),
        ombudsman: item.referral.as_ref().map(|r| r.outcome),
        remedies_due: remedies.len() as u64 - done,
        remedies_done: done,
    }
}

/// The complaints team and the admins, by name: the people an item may be
/// assigned to. Only they may ask (the web's "assign" form).
pub async fn complaints_team(state: &AppState, caller: &Caller) -> AppResult<Vec<User>> {
    access::team(caller)?;
    let conn = state.db.conn();
    let mut ids = users::with_role(conn, PlatformRole::Complaints).await?;
    ids.extend(users::with_role(conn, PlatformRole::Admin).await?);
    let mut people: Vec<User> = users::find_many(conn, &ids)
        .await?
        .into_iter()
        .filter(|user| !user.is_erased())
        .collect();
    people.sort_by_key(|person| (person.display_name.to_lowercase(), person.id));
    Ok(people)
}
