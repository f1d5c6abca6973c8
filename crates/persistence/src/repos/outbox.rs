use chrono::{DateTime, Duration, Utc};
use coforum_domain::account::Email;
use coforum_domain::mail::OutgoingEmail;
use sea_orm::sea_query::{Expr, ExprTrait as _, Func, LockBehavior, LockType};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entities::outbox_message::{self, Column};
use crate::{Database, StoreError, now};

/// A message in the outbox, with where its delivery stands.
#[derive(Clone, Debug)]
pub struct OutboxEntry {
    pub id: Uuid,
    pub email: OutgoingEmail,
    pub created_at: DateTime<Utc>,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// A message one sender holds for a while: only the holder of `lease` can
/// mark it sent or failed.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub entry: OutboxEntry,
    pub lease: Uuid,
}

impl TryFrom<outbox_message::Model> for OutboxEntry {
    type Error = StoreError;
    fn try_from(row: outbox_message::Model) -> Result<Self, StoreError> {
        Ok(Self {
            id: row.id,
            email: OutgoingEmail {
                to: Email::parse("to", &row.to_address).map_err(StoreError::corrupt)?,
                subject: row.subject,
                text: row.text_body,
                html: row.html_body,
                list_unsubscribe: row.list_unsubscribe,
            },
            created_at: row.created_at,
            attempts: u32::try_from(row.attempts).map_err(StoreError::corrupt)?,
            next_attempt_at: row.next_attempt_at,
            sent_at: row.sent_at,
            failed_at: row.failed_at,
            last_error: row.last_error,
        })
    }
}

/// Writes `email` to the outbox, due now. Call it inside the transaction of
/// the change that causes it: the message then exists exactly when the
/// change does.
pub async fn enqueue(conn: &impl ConnectionTrait, email: &OutgoingEmail) -> Result<Uuid, StoreError> {
    let id = Uuid::now_v7();
    let at = now();
    let row = outbox_message::ActiveModel {
        id: Set(id),
        to_address: Set(email.to.as_str().to_owned()),
        subject: Set(email.subject.clone()),
        text_body: Set(email.text.clone()),
        html_body: Set(email.html.clone()),
        list_unsubscribe: Set(email.list_unsubscribe.clone()),
        created_at: Set(at),
        attempts: Set(0),
        next_attempt_at: Set(at),
        lease_until: Set(None),
        lease_token: Set(None),
        sent_at: Set(None),
        failed_at: Set(None),
        last_error: Set(None),
    };
    outbox_message::Entity::insert(row).exec(conn).await?;
    Ok(id)
}

/// Unsent, not given up, due by `at`, and held by no live lease.
fn due(at: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(Column::SentAt.is_null())
        .add(Column::FailedAt.is_null())
        .add(Column::NextAttemptAt.lte(at))
        .add(
            Condition::any()
                .add(Column::LeaseUntil.is_null())
                .add(Column::LeaseUntil.lt(at)),
        )
}

/// Whether anything is waiting to be sent: a cheap read before claiming.
pub async fn any_due(conn: &impl ConnectionTrait, at: DateTime<Utc>) -> Result<bool, StoreError> {
    Ok(outbox_message::Entity::find().filter(due(at)).count(conn).await? > 0)
}

/// Takes up to `limit` due messages for `lease_for`, in one transaction.
/// Several servers may claim at once: on PostgreSQL each skips the rows
/// another is claiming (`FOR UPDATE SKIP LOCKED`); SQLite has one writer.
/// A sender that dies leaves its lease to run out, and the message is
/// claimed again.
pub async fn claim(db: &Database, limit: u64, lease_for: Duration) -> Result<Vec<Claimed>, StoreError> {
    let txn = db.begin().await?;
    let at = now();
    let ids: Vec<Uuid> = outbox_message::Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(due(at))
        .order_by_asc(Column::NextAttemptAt)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .into_tuple()
        .all(&txn)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let lease = Uuid::new_v4();
    outbox_message::Entity::update_many()
        .col_expr(Column::LeaseUntil, Expr::value(at + lease_for))
        .col_expr(Column::LeaseToken, Expr::value(lease))
        .filter(Column::Id.is_in(ids))
        .filter(due(at))
        .exec(&txn)
        .await?;
    let rows = outbox_message::Entity::find()
        .filter(Column::LeaseToken.eq(lease))
        .order_by_asc(Column::NextAttemptAt)
        .all(&txn)
        .await?;
    txn.commit().await?;
    rows.into_iter()
        .map(|row| {
            Ok(Claimed {
                entry: row.try_into()?,
                lease,
            })
        })
        .collect()
}

/// Marks a claimed message sent. False when the lease was lost (it ran out
/// and another sender took the message), which the caller logs.
pub async fn mark_sent(db: &Database, claimed: &Claimed) -> Result<bool, StoreError> {
    let txn = db.begin().await?;
    let done = outbox_message::Entity::update_many()
        .col_expr(Column::SentAt, Expr::value(now()))
        .col_expr(
            Column::Attempts,
            Expr::value(attempts(claimed.entry.attempts + 1)),
        )
        .col_expr(Column::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(held(claimed))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(done.rows_affected == 1)
}

/// Records a failed try: the message waits until `retry_at`, or, with none,
/// is given up.
pub async fn mark_failed(
    db: &Database,
    claimed: &Claimed,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<bool, StoreError> {
    let txn = db.begin().await?;
    let mut update = outbox_message::Entity::update_many()
        .col_expr(
            Column::Attempts,
            Expr::value(attempts(claimed.entry.attempts + 1)),
        )
        .col_expr(
            Column::LastError,
            Expr::value(error.chars().take(1000).collect::<String>()),
        )
        .col_expr(Column::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(Column::LeaseToken, Expr::value(Option::<Uuid>::None));
    update = match retry_at {
        Some(at) => update.col_expr(Column::NextAttemptAt, Expr::value(at)),
        None => update.col_expr(Column::FailedAt, Expr::value(now())),
    };
    let done = update.filter(held(claimed)).exec(&txn).await?;
    txn.commit().await?;
    Ok(done.rows_affected == 1)
}

fn held(claimed: &Claimed) -> Condition {
    Condition::all()
        .add(Column::Id.eq(claimed.entry.id))
        .add(Column::LeaseToken.eq(claimed.lease))
        .add(Column::SentAt.is_null())
}

fn attempts(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The newest `limit` messages, sent or not: the admins' view of the outbox.
pub async fn newest(conn: &impl ConnectionTrait, limit: u64) -> Result<Vec<OutboxEntry>, StoreError> {
    outbox_message::Entity::find()
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(OutboxEntry::try_from)
        .collect()
}

/// Drops every message not yet sent to the address with this (normalised)
/// key: a deleted account receives no mail. How many were dropped.
pub async fn withdraw_unsent_to(conn: &impl ConnectionTrait, email_key: &str) -> Result<u64, StoreError> {
    let result = outbox_message::Entity::delete_many()
        .filter(Expr::expr(Func::lower(Expr::col(Column::ToAddress))).eq(email_key))
        .filter(Column::SentAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}
