use std::collections::HashMap;

use chrono::{DateTime, Utc};
use coforum_domain::ids::{ForumId, NotificationId, UserId};
use coforum_domain::notification::{Delivery, Notice, Notification, NotificationKind};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::entities::{notice_mark, notification, notification_setting};
use crate::{StoreError, now};

impl TryFrom<notification::Model> for Notification {
    type Error = StoreError;
    fn try_from(row: notification::Model) -> Result<Self, StoreError> {
        Ok(Self {
            id: NotificationId(row.id),
            user_id: UserId(row.user_id),
            forum_id: row.forum_id.map(ForumId),
            kind: row.kind.parse().map_err(StoreError::corrupt)?,
            title: row.title,
            path: row.path,
            created_at: row.created_at,
            read_at: row.read_at,
            delivery: row.delivery.parse().map_err(StoreError::corrupt)?,
            mailed_at: row.mailed_at,
        })
    }
}

/// Writes `notice` once for each of `recipients`, with the delivery each is
/// to get. Rows are written in batches, so a big forum binds no more
/// parameters per statement than SQLite allows.
pub async fn insert_for(
    conn: &impl ConnectionTrait,
    notice: &Notice,
    recipients: &[(UserId, Delivery)],
) -> Result<(), StoreError> {
    let at = now();
    for batch in recipients.chunks(500) {
        let rows = batch.iter().map(|(user, delivery)| notification::ActiveModel {
            id: Set(NotificationId::new().0),
            user_id: Set(user.0),
            forum_id: Set(notice.forum_id.map(|f| f.0)),
            kind: Set(notice.kind.as_str().to_owned()),
            title: Set(notice.title.clone()),
            path: Set(notice.path.clone()),
            created_at: Set(at),
            read_at: Set(None),
            delivery: Set(delivery.as_str().to_owned()),
            mailed_at: Set(None),
        });
        notification::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// The person's notifications, newest first.
pub async fn newest_of(
    conn: &impl ConnectionTrait,
    user: UserId,
    first: u64,
) -> Result<Vec<Notification>, StoreError> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user.0))
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .limit(first)
        .all(conn)
        .await?
        .into_iter()
        .map(Notification::try_from)
        .collect()
}

/// How many of the person's notifications are not yet read.
pub async fn unread_count(conn: &impl ConnectionTrait, user: UserId) -> Result<u64, StoreError> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user.0))
        .filter(notification::Column::ReadAt.is_null())
        .count(conn)
        .await?)
}

/// Marks those of `ids` that are the person's and unread as read at `at`;
/// answers how many changed.
pub async fn mark_read(
    conn: &impl ConnectionTrait,
    user: UserId,
    ids: &[NotificationId],
    at: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut changed = 0;
    for batch in ids.chunks(500) {
        changed += notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(at))
            .filter(notification::Column::UserId.eq(user.0))
            .filter(notification::Column::ReadAt.is_null())
            .filter(notification::Column::Id.is_in(batch.iter().map(|id| id.0)))
            .exec(conn)
            .await?
            .rows_affected;
    }
    Ok(changed)
}

/// Each person's chosen delivery of `kind`, for those of `users` who chose.
pub async fn choices_for_kind(
    conn: &impl ConnectionTrait,
    users: &[UserId],
    kind: NotificationKind,
) -> Result<HashMap<UserId, Delivery>, StoreError> {
    let mut choices = HashMap::new();
    for batch in users.chunks(500) {
        let rows = notification_setting::Entity::find()
            .filter(notification_setting::Column::Kind.eq(kind.as_str()))
            .filter(notification_setting::Column::UserId.is_in(batch.iter().map(|u| u.0)))
            .all(conn)
            .await?;
        for row in rows {
            choices.insert(
                UserId(row.user_id),
                row.delivery.parse().map_err(StoreError::corrupt)?,
            );
        }
    }
    Ok(choices)
}

/// Every choice one person made.
pub async fn choices_of(
    conn: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<(NotificationKind, Delivery)>, StoreError> {
    notification_setting::Entity::find()
        .filter(notification_setting::Column::UserId.eq(user.0))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            Ok((
                row.kind.parse().map_err(StoreError::corrupt)?,
                row.delivery.parse().map_err(StoreError::corrupt)?,
            ))
        })
        .collect()
}

/// Records the person's choice for `kind`, and moves their notifications of
/// that kind not yet mailed to it: an unsubscribe stops what is waiting too.
pub async fn choose(
    conn: &impl ConnectionTrait,
    user: UserId,
    kind: NotificationKind,
    delivery: Delivery,
) -> Result<(), StoreError> {
    notification_setting::Entity::insert(notification_setting::ActiveModel {
        user_id: Set(user.0),
        kind: Set(kind.as_str().to_owned()),
        delivery: Set(delivery.as_str().to_owned()),
    })
    .on_conflict(
        OnConflict::columns([
            notification_setting::Column::UserId,
            notification_setting::Column::Kind,
        ])
        .update_column(notification_setting::Column::Delivery)
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    notification::Entity::update_many()
        .col_expr(notification::Column::Delivery, Expr::value(delivery.as_str()))
        .filter(notification::Column::UserId.eq(user.0))
        .filter(notification::Column::Kind.eq(kind.as_str()))
        .filter(notification::Column::MailedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Notifications waiting to be emailed one by one, oldest first.
pub async fn waiting_to_mail_now(
    conn: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<Notification>, StoreError> {
    notification::Entity::find()
        .filter(notification::Column::MailedAt.is_null())
        .filter(notification::Column::Delivery.eq(Delivery::Immediately.as_str()))
        .order_by_asc(notification::Column::CreatedAt)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(Notification::try_from)
        .collect()
}

/// People with digest notifications written before `before` and not yet mailed.
pub async fn people_with_digest_waiting(
    conn: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<Vec<UserId>, StoreError> {
    let ids: Vec<uuid::Uuid> = notification::Entity::find()
        .select_only()
        .column(notification::Column::UserId)
        .distinct()
        .filter(notification::Column::MailedAt.is_null())
        .filter(notification::Column::Delivery.eq(Delivery::DailyDigest.as_str()))
        .filter(notification::Column::CreatedAt.lt(before))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(ids.into_iter().map(UserId).collect())
}

/// One person's digest notifications written before `before`, not yet
/// mailed, oldest first.
pub async fn digest_waiting_for(
    conn: &impl ConnectionTrait,
    user: UserId,
    before: DateTime<Utc>,
) -> Result<Vec<Notification>, StoreError> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user.0))
        .filter(notification::Column::MailedAt.is_null())
        .filter(notification::Column::Delivery.eq(Delivery::DailyDigest.as_str()))
        .filter(notification::Column::CreatedAt.lt(before))
        .order_by_asc(notification::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(Notification::try_from)
        .collect()
}

/// Marks a notification mailed if nobody has yet: false when another
/// server got there first (its transaction then holds the row).
pub async fn mark_mailed(
    conn: &impl ConnectionTrait,
    id: NotificationId,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let result = notification::Entity::update_many()
        .col_expr(notification::Column::MailedAt, Expr::value(at))
        .filter(notification::Column::Id.eq(id.0))
        .filter(notification::Column::MailedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Everything sent to one person, for the export of their data.
pub async fn all_of(conn: &impl ConnectionTrait, user: UserId) -> Result<Vec<Notification>, StoreError> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user.0))
        .order_by_asc(notification::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(Notification::try_from)
        .collect()
}

/// Claims the notice named `key` for this transaction: true for the first
/// to ask (on any server), false ever after.
pub async fn first_to_mark(conn: &impl ConnectionTrait, key: &str) -> Result<bool, StoreError> {
    let inserted = notice_mark::Entity::insert(notice_mark::ActiveModel {
        key: Set(key.to_owned()),
        created_at: Set(now()),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(conn)
    .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(1)))
}
