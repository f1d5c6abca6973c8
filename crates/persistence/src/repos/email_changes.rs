use chrono::{DateTime, Utc};
use coforum_domain::account::Email;
use coforum_domain::ids::UserId;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::entities::email_change::{self, Column};
use crate::{StoreError, now};

/// A change whose link was just followed.
#[derive(Debug)]
pub struct Followed {
    pub user_id: UserId,
    pub new_email: Email,
}

/// Stores a change to `new_email` under the hash of its token (the token
/// is only emailed).
pub async fn insert(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    new_email: &Email,
    token_hash: String,
    expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let row = email_change::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id.0),
        new_email: Set(new_email.as_str().to_owned()),
        token_hash: Set(token_hash),
        created_at: Set(now()),
        expires_at: Set(expires_at),
        used_at: Set(None),
    };
    email_change::Entity::insert(row)
        .exec_without_returning(conn)
        .await
        .map_err(StoreError::from_insert)?;
    Ok(())
}

/// Changes `user_id` asked for since `since`, followed or not.
pub async fn count_since(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    since: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(email_change::Entity::find()
        .filter(Column::UserId.eq(user_id.0))
        .filter(Column::CreatedAt.gte(since))
        .count(conn)
        .await?)
}

/// Uses the change whose token hashes to `token_hash`, if it is unused and
/// unexpired at `at`. A token works once: of two uses at once, one finds
/// it already used.
pub async fn use_token(
    conn: &impl ConnectionTrait,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<Option<Followed>, StoreError> {
    let used = email_change::Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(at))
        .filter(Column::TokenHash.eq(token_hash))
        .filter(Column::UsedAt.is_null())
        .filter(Column::ExpiresAt.gt(at))
        .exec(conn)
        .await?;
    if used.rows_affected != 1 {
        return Ok(None);
    }
    let row = email_change::Entity::find()
        .filter(Column::TokenHash.eq(token_hash))
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::corrupt("an email change used but not found"))?;
    Ok(Some(Followed {
        user_id: UserId(row.user_id),
        new_email: Email::parse("newEmail", &row.new_email).map_err(StoreError::corrupt)?,
    }))
}

/// Ends every change of `user_id` still waiting for its link: those links
/// stop working. How many were waiting.
pub async fn end_pending_of(conn: &impl ConnectionTrait, user_id: UserId) -> Result<u64, StoreError> {
    let ended = email_change::Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now()))
        .filter(Column::UserId.eq(user_id.0))
        .filter(Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(ended.rows_affected)
}

/// Forgets every change of `user_id`, with the addresses they name: for an
/// account that ends.
pub async fn delete_all_of(conn: &impl ConnectionTrait, user_id: UserId) -> Result<(), StoreError> {
    email_change::Entity::delete_many()
        .filter(Column::UserId.eq(user_id.0))
        .exec(conn)
        .await?;
    Ok(())
}
