use std::collections::HashMap;

use chrono::{DateTime, Utc};
use coforum_domain::account::{Email, User};
use coforum_domain::ids::ForumId;
use coforum_domain::notification::{Notification, NotificationKind, last_digest_at};
use coforum_mail::notices::{self, Item};
use coforum_persistence::repos::{forums, locks, notifications, outbox, users};
use coforum_persistence::{ConnectionTrait, now};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// How many waiting notifications one pass writes as emails.
const BATCH: u64 = 200;

/// Writes an email for each notification waiting to go at once, in one
/// transaction with marking it mailed: a notification another server
/// marked meanwhile is left to it. Answers how many emails it wrote.
pub async fn mail_waiting(state: &AppState) -> AppResult<usize> {
    let waiting = notifications::waiting_to_mail_now(state.db.conn(), BATCH).await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let txn = state.db.begin().await?;
    let mut forum_names = ForumNames::default();
    let mut written = 0;
    for notification in waiting {
        if !notifications::mark_mailed(&txn, notification.id, now()).await? {
            continue;
        }
        let Some((user, to)) = addressee(&txn, &notification).await? else {
            continue;
        };
        let item = item(state, &txn, &mut forum_names, &notification).await?;
        let unsubscribe = unsubscribe_link(state, &user, &[notification.kind])?;
        let email = notices::notification(&to, &user.display_name, &item, &unsubscribe)
            .map_err(AppError::internal)?;
        outbox::enqueue(&txn, &email).await?;
        written += 1;
    }
    txn.commit().await?;
    if written > 0 {
        state.mail.wake();
    }
    Ok(written)
}

/// Writes each person's digest of what was waiting for it before the
/// latest digest time at or before `at`: one email each, none for nobody.
pub async fn mail_digests(state: &AppState, at: DateTime<Utc>) -> AppResult<usize> {
    let before = last_digest_at(at, state.config.digest_time);
    let people = notifications::people_with_digest_waiting(state.db.conn(), before).await?;
    let mut written = 0;
    for person in people {
        let txn = state.db.begin().await?;
        // One digest per person, however many servers reach this at once.
        locks::hold(&txn, &format!("digest:{person}")).await?;
        let waiting = notifications::digest_waiting_for(&txn, person, before).await?;
        let Some(first) = waiting.first() else {
            continue;
        };
        for notification in &waiting {
            notifications::mark_mailed(&txn, notification.id, now()).await?;
        }
        if let Some((user, to)) = addressee(&txn, first).await? {
            let mut forum_names = ForumNames::default();
            let mut items = Vec::with_capacity(waiting.len());
            let mut kinds: Vec<NotificationKind> = Vec::new();
            for notification in &waiting {
                items.push(item(state, &txn, &mut forum_names, notification).await?);
                if !kinds.contains(&notification.kind) {
                    kinds.push(notification.kind);
                }
            }
            let unsubscribe = unsubscribe_link(state, &user, &kinds)?;
            let email =
                notices::digest(&to, &user.display_name, &items, &unsubscribe).map_err(AppError::internal)?;
            outbox::enqueue(&txn, &email).await?;
            written += 1;
        }
        txn.commit().await?;
    }
    if written > 0 {
        state.mail.wake();
    }
    Ok(written)
}

/// The person a notification is for, and where to write: nobody for an
/// erased account, which receives no mail.
async fn addressee(
    conn: &impl ConnectionTrait,
    notification: &Notification,
) -> AppResult<Option<(User, Email)>> {
    let Some(user) = users::find(conn, notification.user_id).await? else {
        return Ok(None);
    };
    if user.is_erased() {
        return Ok(None);
    }
    let to = Email::parse("email", &user.email)?;
    Ok(Some((user, to)))
}

/// Forum names, read once per pass.
#[derive(Default)]
struct ForumNames(HashMap<ForumId, String>);

async fn item(
    state: &AppState,
    conn: &impl ConnectionTrait,
    names: &mut ForumNames,
    notification: &Notification,
) -> AppResult<Item> {
    let forum = match notification.forum_id {
        Some(id) => match names.0.get(&id) {
            Some(name) => name.clone(),
            None => {
                let name = forums::find(conn, id)
                    .await?
                    .map_or_else(|| "coforum".to_owned(), |forum| forum.name);
                names.0.insert(id, name.clone());
                name
            }
        },
        None => "coforum".to_owned(),
    };
    Ok(Item {
        forum,
        title: notification.title.clone(),
        link: page_link(state, &notification.path)?,
    })
}

/// The whole address of a page on the public URL.
pub fn page_link(state: &AppState, path: &str) -> AppResult<String> {
    let relative = path.trim_start_matches('/');
    Ok(state
        .config
        .public_url
        .join(relative)
        .map_err(AppError::internal)?
        .to_string())
}

fn unsubscribe_link(state: &AppState, user: &User, kinds: &[NotificationKind]) -> AppResult<String> {
    let token = state.unsubscribe.token(user.id, kinds);
    page_link(state, &format!("/unsubscribe/{token}"))
}
