use chrono::{DateTime, Utc};
use coforum_domain::account::User;
use coforum_domain::ids::{ApiTokenId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{api_token, user};
use crate::{StoreError, now};

/// An API token's public description (never its secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub user_id: UserId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<api_token::Model> for ApiToken {
    fn from(row: api_token::Model) -> Self {
        ApiToken {
            id: ApiTokenId(row.id),
            user_id: UserId(row.user_id),
            name: row.name,
            created_at: row.created_at,
            revoked_at: row.revoked_at,
        }
    }
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    name: &str,
    token_hash: String,
) -> Result<ApiToken, StoreError> {
    let row = api_token::ActiveModel {
        id: Set(ApiTokenId::new().0),
        user_id: Set(user_id.0),
        name: Set(name.to_owned()),
        token_hash: Set(token_hash),
        created_at: Set(now()),
        revoked_at: Set(None),
    };
    Ok(api_token::Entity::insert(row)
        .exec_with_returning(conn)
        .await
        .map_err(StoreError::from_insert)?
        .into())
}

pub async fn find(conn: &impl ConnectionTrait, id: ApiTokenId) -> Result<Option<ApiToken>, StoreError> {
    Ok(api_token::Entity::find_by_id(id.0)
        .one(conn)
        .await?
        .map(ApiToken::from))
}

/// A person's tokens, newest first, revoked ones included.
pub async fn list_for(conn: &impl ConnectionTrait, user_id: UserId) -> Result<Vec<ApiToken>, StoreError> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id.0))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(ApiToken::from)
        .collect())
}

/// The owner of a live token with this hash.
pub async fn owner_of_live(
    conn: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<User>, StoreError> {
    let Some(token) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    user::Entity::find_by_id(token.user_id)
        .one(conn)
        .await?
        .map(User::try_from)
        .transpose()
}

/// Revokes a token; false when it was already revoked.
pub async fn revoke(conn: &impl ConnectionTrait, id: ApiTokenId) -> Result<bool, StoreError> {
    let result = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(now()))
        .filter(api_token::Column::Id.eq(id.0))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Revokes every live token of `user_id`; how many were live.
pub async fn revoke_all_of(conn: &impl ConnectionTrait, user_id: UserId) -> Result<u64, StoreError> {
    let result = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(now()))
        .filter(api_token::Column::UserId.eq(user_id.0))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}
