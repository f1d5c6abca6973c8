use chrono::{DateTime, Utc};
use coforum_domain::ids::UserId;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use crate::entities::password_reset::{self, Column};
use crate::{StoreError, now};

/// Stores a reset under the hash of its token (the token is only emailed).
pub async fn insert(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    token_hash: String,
    expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let row = password_reset::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id.0),
        token_hash: Set(token_hash),
        created_at: Set(now()),
        expires_at: Set(expires_at),
        used_at: Set(None),
    };
    password_reset::Entity::insert(row)
        .exec(conn)
        .await
        .map_err(StoreError::from_insert)?;
    Ok(())
}

/// Resets sent to `user_id` since `since`.
pub async fn count_since(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    since: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(password_reset::Entity::find()
        .filter(Column::UserId.eq(user_id.0))
        .filter(Column::CreatedAt.gte(since))
        .count(conn)
        .await?)
}

/// Uses the reset whose token hashes to `token_hash`, if it is unused and
/// unexpired at `at`, and says whose it was. A token can be used once:
/// of two uses at once, one finds it already used.
pub async fn use_token(
    conn: &impl ConnectionTrait,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<Option<UserId>, StoreError> {
    let used = password_reset::Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(at))
        .filter(Column::TokenHash.eq(token_hash))
        .filter(Column::UsedAt.is_null())
        .filter(Column::ExpiresAt.gt(at))
        .exec(conn)
        .await?;
    if used.rows_affected != 1 {
        return Ok(None);
    }
    let user: Option<Uuid> = password_reset::Entity::find()
        .select_only()
        .column(Column::UserId)
        .filter(Column::TokenHash.eq(token_hash))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(user.map(UserId))
}

/// Forgets every reset of `user_id`, used or not: for an account that ends.
pub async fn delete_all_of(conn: &impl ConnectionTrait, user_id: UserId) -> Result<(), StoreError> {
    password_reset::Entity::delete_many()
        .filter(Column::UserId.eq(user_id.0))
        .exec(conn)
        .await?;
    Ok(())
}
