use coforum_domain::ids::{NotificationId, UserId};
use coforum_domain::notification::{Delivery, Notification, NotificationKind, Settings, parse_changes};
use coforum_domain::permissions::{Actor, PlatformAction, authorize};
use coforum_persistence::now;
use coforum_persistence::repos::{notifications, users};

use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Most notifications one call lists or marks.
pub const MAX_FIRST: i64 = 100;
pub const DEFAULT_FIRST: i64 = 20;
const MAX_IDS: usize = 500;

fn own(caller: &Caller) -> AppResult<&Actor> {
    authorize(caller.actor(), PlatformAction::OwnNotifications)
        .map_err(|r| AppError::refused(r, "notifications"))?;
    caller.signed_in()
}

/// The caller's notifications, newest first (`first` 1 to 100, default 20).
pub async fn newest(state: &AppState, caller: &Caller, first: Option<i64>) -> AppResult<Vec<Notification>> {
    let actor = own(caller)?;
    let first = first.unwrap_or(DEFAULT_FIRST);
    if !(1..=MAX_FIRST).contains(&first) {
        return Err(AppError::invalid(
            "first",
            format!("must be between 1 and {MAX_FIRST}"),
        ));
    }
    let first = u64::try_from(first).unwrap_or(1);
    Ok(notifications::newest_of(state.db.conn(), actor.user_id, first).await?)
}

/// How many of the caller's notifications are unread: the web client's
/// header shows it. Nobody signed in, or an API token: none.
pub async fn unread_count(state: &AppState, caller: &Caller) -> AppResult<u64> {
    match own(caller) {
        Ok(actor) => Ok(notifications::unread_count(state.db.conn(), actor.user_id).await?),
        Err(_) => Ok(0),
    }
}

/// Marks those of `ids` that are the caller's as read. Ids of anyone
/// else's are passed over without a word, so nobody learns they exist.
pub async fn mark_read(state: &AppState, caller: &Caller, ids: &[String]) -> AppResult<bool> {
    let actor = own(caller)?;
    if ids.len() > MAX_IDS {
        return Err(AppError::invalid(
            "ids",
            format!("give at most {MAX_IDS} at once"),
        ));
    }
    let ids = ids
        .iter()
        .map(|id| id.parse::<NotificationId>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| AppError::invalid("ids", "each must be a notification's id"))?;
    let txn = state.db.begin().await?;
    notifications::mark_read(&txn, actor.user_id, &ids, now()).await?;
    txn.commit().await?;
    Ok(true)
}

/// The delivery of every kind for `owner`, in the contract's order: only
/// they may read it.
pub async fn settings(
    state: &AppState,
    caller: &Caller,
    owner: UserId,
) -> AppResult<Vec<(NotificationKind, Delivery)>> {
    let actor = own(caller)?;
    if actor.user_id != owner {
        return Err(AppError::Forbidden);
    }
    let choices = notifications::choices_of(state.db.conn(), actor.user_id).await?;
    Ok(Settings::with_choices(choices).all())
}

/// Changes the caller's delivery of the kinds given; answers every kind.
pub async fn update_settings(
    state: &AppState,
    caller: &Caller,
    changes: &[(NotificationKind, Delivery)],
) -> AppResult<Vec<(NotificationKind, Delivery)>> {
    let actor = own(caller)?;
    let changes = parse_changes(changes)?;
    let txn = state.db.begin().await?;
    for (kind, delivery) in changes {
        notifications::choose(&txn, actor.user_id, kind, delivery).await?;
    }
    let choices = notifications::choices_of(&txn, actor.user_id).await?;
    txn.commit().await?;
    Ok(Settings::with_choices(choices).all())
}

/// Turns off the kinds an unsubscribe link names, for the person it names:
/// no sign-in, the signed link is the authority (RFC 8058). Kinds that
/// cannot be off stay as they are. Answers the kinds turned off.
pub async fn unsubscribe(state: &AppState, token: &str) -> AppResult<Vec<NotificationKind>> {
    const BAD_LINK: AppError = AppError::Unauthenticated("this unsubscribe link is not valid");
    let (user, kinds) = state.unsubscribe.read(token.trim()).ok_or(BAD_LINK)?;
    let txn = state.db.begin().await?;
    users::find(&txn, user)
        .await?
        .filter(|user| !user.is_erased())
        .ok_or(BAD_LINK)?;
    let off: Vec<NotificationKind> = kinds.into_iter().filter(|kind| kind.may_be_off()).collect();
    for kind in &off {
        notifications::choose(&txn, user, *kind, Delivery::Off).await?;
    }
    txn.commit().await?;
    Ok(off)
}
