use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::StoreError;
use crate::entities::login_failure;

/// Failed sign-ins for `email_key` since `since`, from every server.
pub async fn count_since(
    conn: &impl ConnectionTrait,
    email_key: &str,
    since: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(login_failure::Entity::find()
        .filter(login_failure::Column::EmailKey.eq(email_key))
        .filter(login_failure::Column::FailedAt.gte(since))
        .count(conn)
        .await?)
}

/// Records one failure and forgets this email's failures older than
/// `forget_before`, so the table stays small.
pub async fn record(
    conn: &impl ConnectionTrait,
    email_key: &str,
    at: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> Result<uuid::Uuid, StoreError> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::EmailKey.eq(email_key))
        .filter(login_failure::Column::FailedAt.lt(forget_before))
        .exec(conn)
        .await?;
    let id = uuid::Uuid::now_v7();
    login_failure::Entity::insert(login_failure::ActiveModel {
        id: Set(id),
        email_key: Set(email_key.to_owned()),
        failed_at: Set(at),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(id)
}

/// Takes back one failure recorded before the password proved right.
pub async fn forgive(conn: &impl ConnectionTrait, id: uuid::Uuid) -> Result<(), StoreError> {
    login_failure::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

/// A successful sign-in starts the count again.
pub async fn clear(conn: &impl ConnectionTrait, email_key: &str) -> Result<(), StoreError> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::EmailKey.eq(email_key))
        .exec(conn)
        .await?;
    Ok(())
}
