use chrono::{DateTime, Utc};
use coforum_domain::account::User;
use coforum_domain::ids::{SessionId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::sea_query::ExprTrait as _;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::repos::users::{USER_COLUMNS, UserRow, user_from_row};

use crate::entities::{refresh_token, session, user};
use crate::{StoreError, now};

/// A refresh token as found by its hash, with the state of its session.
#[derive(Debug)]
pub struct RefreshRecord {
    pub token_id: uuid::Uuid,
    pub session_id: SessionId,
    pub user_id: UserId,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
    pub session_revoked: bool,
}

/// A live session as its owner sees it in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionSummary {
    pub id: SessionId,
    pub created_at: DateTime<Utc>,
    /// When it last got a refresh token: its sign-in, or its latest renewal.
    pub last_used_at: DateTime<Utc>,
}

/// Starts a session for `user_id` with its first refresh token.
pub async fn start(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    refresh_hash: String,
    refresh_expires_at: DateTime<Utc>,
) -> Result<SessionId, StoreError> {
    let id = SessionId::new();
    session::Entity::insert(session::ActiveModel {
        id: Set(id.0),
        user_id: Set(user_id.0),
        created_at: Set(now()),
        revoked_at: Set(None),
    })
    .exec_without_returning(conn)
    .await?;
    add_refresh_token(conn, id, refresh_hash, refresh_expires_at).await?;
    Ok(id)
}

pub async fn add_refresh_token(
    conn: &impl ConnectionTrait,
    session_id: SessionId,
    refresh_hash: String,
    expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    refresh_token::Entity::insert(refresh_token::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        session_id: Set(session_id.0),
        token_hash: Set(refresh_hash),
        created_at: Set(now()),
        expires_at: Set(expires_at),
        used_at: Set(None),
    })
    .exec_without_returning(conn)
    .await
    .map_err(StoreError::from_insert)?;
    Ok(())
}

pub async fn find_refresh_token(
    conn: &impl ConnectionTrait,
    refresh_hash: &str,
) -> Result<Option<RefreshRecord>, StoreError> {
    let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(refresh_hash))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let session = session::Entity::find_by_id(token.session_id)
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::corrupt("refresh token without a session"))?;
    Ok(Some(RefreshRecord {
        token_id: token.id,
        session_id: SessionId(session.id),
        user_id: UserId(session.user_id),
        expires_at: token.expires_at,
        used: token.used_at.is_some(),
        session_revoked: session.revoked_at.is_some(),
    }))
}

/// Marks a refresh token used. False when another request used it first:
/// the condition in the UPDATE makes single use hold under concurrency.
pub async fn mark_refresh_token_used(
    conn: &impl ConnectionTrait,
    token_id: uuid::Uuid,
) -> Result<bool, StoreError> {
    let result = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now()))
        .filter(refresh_token::Column::Id.eq(token_id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Ends a session: its refresh tokens and access tokens stop working.
/// False when it had already ended.
pub async fn revoke(conn: &impl ConnectionTrait, session_id: SessionId) -> Result<bool, StoreError> {
    let result = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now()))
        .filter(session::Column::Id.eq(session_id.0))
        .filter(session::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Ends every live session of `user_id`: its refresh tokens and access
/// tokens stop working at once. How many were live.
pub async fn revoke_all_of(conn: &impl ConnectionTrait, user_id: UserId) -> Result<u64, StoreError> {
    let result = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now()))
        .filter(session::Column::UserId.eq(user_id.0))
        .filter(session::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// The user of a live session, checked on every request that carries an
/// access token so that logout and revocation take effect at once.
pub async fn live_session_user(
    conn: &impl ConnectionTrait,
    session_id: SessionId,
    user_id: UserId,
) -> Result<Option<User>, StoreError> {
    // One statement: every signed-in request runs it.
    let to_user = session::Entity::belongs_to(user::Entity)
        .from(session::Column::UserId)
        .to(user::Column::Id)
        .into();
    let row: Option<UserRow> = session::Entity::find()
        .select_only()
        .columns(USER_COLUMNS)
        .join(JoinType::InnerJoin, to_user)
        .filter(session::Column::Id.eq(session_id.0))
        .filter(session::Column::UserId.eq(user_id.0))
        .filter(session::Column::RevokedAt.is_null())
        .into_tuple()
        .one(conn)
        .await?;
    row.map(user_from_row).transpose()
}

/// The sessions of `user_id` that can still be used at `at` (not ended,
/// and a refresh token unexpired), the most recently used first.
pub async fn live_of(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    at: DateTime<Utc>,
) -> Result<Vec<SessionSummary>, StoreError> {
    let tokens_of_session = refresh_token::Entity::belongs_to(session::Entity)
        .from(refresh_token::Column::SessionId)
        .to(session::Column::Id)
        .into();
    let last_used = Expr::col((refresh_token::Entity, refresh_token::Column::CreatedAt)).max();
    let rows: Vec<(uuid::Uuid, DateTime<Utc>, DateTime<Utc>)> = session::Entity::find()
        .select_only()
        .column(session::Column::Id)
        .column(session::Column::CreatedAt)
        .column_as(last_used.clone(), "last_used_at")
        .join_rev(JoinType::InnerJoin, tokens_of_session)
        .filter(session::Column::UserId.eq(user_id.0))
        .filter(session::Column::RevokedAt.is_null())
        .group_by(session::Column::Id)
        .group_by(session::Column::CreatedAt)
        .having(
            Expr::col((refresh_token::Entity, refresh_token::Column::ExpiresAt))
                .max()
                .gt(at),
        )
        .order_by_desc(last_used)
        .order_by_desc(session::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, created_at, last_used_at)| SessionSummary {
            id: SessionId(id),
            created_at,
            last_used_at,
        })
        .collect())
}

/// Whose session `session_id` is, ended or not.
pub async fn owner_of(
    conn: &impl ConnectionTrait,
    session_id: SessionId,
) -> Result<Option<UserId>, StoreError> {
    let owner: Option<uuid::Uuid> = session::Entity::find()
        .select_only()
        .column(session::Column::UserId)
        .filter(session::Column::Id.eq(session_id.0))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(owner.map(UserId))
}
