use coforum_domain::forum::{Invite, InviteTerms};
use coforum_domain::ids::{ForumId, InviteId, UserId};
use std::collections::HashSet;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::entities::{invite, membership, user};
use crate::{StoreError, now};

impl TryFrom<invite::Model> for Invite {
    type Error = StoreError;
    fn try_from(row: invite::Model) -> Result<Self, StoreError> {
        let count = |n: i32| u32::try_from(n).map_err(StoreError::corrupt);
        Ok(Invite {
            id: InviteId(row.id),
            forum_id: ForumId(row.forum_id),
            role: row.role.parse().map_err(StoreError::corrupt)?,
            max_uses: row.max_uses.map(count).transpose()?,
            uses: count(row.uses)?,
            expires_at: row.expires_at,
            withdrawn_at: row.withdrawn_at,
            created_at: row.created_at,
        })
    }
}

/// Stores an invite under the hash of its code (the code itself is shown once).
pub async fn insert(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    code_hash: String,
    terms: &InviteTerms,
    created_by: UserId,
) -> Result<Invite, StoreError> {
    let row = invite::ActiveModel {
        id: Set(InviteId::new().0),
        forum_id: Set(forum_id.0),
        code_hash: Set(code_hash),
        role: Set(terms.role.as_str().to_owned()),
        max_uses: Set(terms.max_uses.map(|n| i32::try_from(n).unwrap_or(i32::MAX))),
        uses: Set(0),
        expires_at: Set(terms.expires_at),
        created_by: Set(created_by.0),
        created_at: Set(now()),
        withdrawn_at: Set(None),
    };
    invite::Entity::insert(row)
        .exec_with_returning(conn)
        .await
        .map_err(StoreError::from_insert)?
        .try_into()
}

pub async fn find_by_code_hash(
    conn: &impl ConnectionTrait,
    code_hash: &str,
) -> Result<Option<Invite>, StoreError> {
    invite::Entity::find()
        .filter(invite::Column::CodeHash.eq(code_hash))
        .one(conn)
        .await?
        .map(Invite::try_from)
        .transpose()
}

/// A forum's invites, newest first (at most `limit`).
pub async fn of_forum(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    limit: u64,
) -> Result<Vec<Invite>, StoreError> {
    invite::Entity::find()
        .filter(invite::Column::ForumId.eq(forum_id.0))
        .order_by_desc(invite::Column::CreatedAt)
        .order_by_desc(invite::Column::Id)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(Invite::try_from)
        .collect()
}

pub async fn find(conn: &impl ConnectionTrait, id: InviteId) -> Result<Option<Invite>, StoreError> {
    invite::Entity::find_by_id(id.0)
        .one(conn)
        .await?
        .map(Invite::try_from)
        .transpose()
}

/// Withdraws it: false when it was withdrawn meanwhile (checked inside the
/// UPDATE, so two facilitators cannot both withdraw it).
pub async fn withdraw(conn: &impl ConnectionTrait, id: InviteId) -> Result<bool, StoreError> {
    let result = invite::Entity::update_many()
        .col_expr(invite::Column::WithdrawnAt, Expr::value(now()))
        .filter(invite::Column::Id.eq(id.0))
        .filter(invite::Column::WithdrawnAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Counts one use. False when the last use was taken (or the invite
/// withdrawn) meanwhile: the limit
/// is checked inside the UPDATE so two people cannot both take it.
pub async fn use_once(conn: &impl ConnectionTrait, id: InviteId) -> Result<bool, StoreError> {
    let result = invite::Entity::update_many()
        .col_expr(invite::Column::Uses, Expr::col(invite::Column::Uses).add(1))
        .filter(invite::Column::Id.eq(id.0))
        .filter(invite::Column::WithdrawnAt.is_null())
        .filter(
            Condition::any()
                .add(invite::Column::MaxUses.is_null())
                .add(Expr::col(invite::Column::Uses).lt(Expr::col(invite::Column::MaxUses))),
        )
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Which of `email_keys` (normalised addresses) belong to members of the
/// forum already, in one statement: they are not invited again.
pub async fn members_among(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    email_keys: &[String],
) -> Result<HashSet<String>, StoreError> {
    let to_membership = user::Entity::belongs_to(membership::Entity)
        .from(user::Column::Id)
        .to(membership::Column::UserId)
        .into();
    let keys: Vec<String> = user::Entity::find()
        .select_only()
        .column(user::Column::EmailKey)
        .join(JoinType::InnerJoin, to_membership)
        .filter(membership::Column::ForumId.eq(forum_id.0))
        .filter(user::Column::EmailKey.is_in(email_keys.iter().cloned()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(keys.into_iter().collect())
}
