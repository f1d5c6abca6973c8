use std::collections::HashMap;

use chrono::{DateTime, Utc};
use coforum_domain::account::User;
use coforum_domain::forum::{Forum, ForumRole, ForumSettings, Membership, NewForum};
use coforum_domain::ids::{ForumId, UserId};
use coforum_domain::improvement::DecisionState;
use coforum_domain::round::RoundState;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::entities::{decision, forum, improvement, membership, round, user};
use crate::repos::users::{USER_COLUMNS, user_from_row};
use crate::{StoreError, now};

impl From<forum::Model> for Forum {
    fn from(row: forum::Model) -> Self {
        Forum {
            id: ForumId(row.id),
            slug: row.slug,
            name: row.name,
            description: row.description,
            created_at: row.created_at,
            settings: ForumSettings {
                facilitators_record_progress: row.facilitators_record_progress,
            },
        }
    }
}

impl TryFrom<membership::Model> for Membership {
    type Error = StoreError;
    fn try_from(row: membership::Model) -> Result<Self, StoreError> {
        Ok(Membership {
            forum_id: ForumId(row.forum_id),
            user_id: UserId(row.user_id),
            role: row.role.parse().map_err(StoreError::corrupt)?,
            joined_at: row.joined_at,
        })
    }
}

/// Creates a forum; a slug already taken is `Duplicate`.
pub async fn insert(conn: &impl ConnectionTrait, new: &NewForum) -> Result<Forum, StoreError> {
    let row = forum::ActiveModel {
        id: Set(ForumId::new().0),
        slug: Set(new.slug.as_str().to_owned()),
        name: Set(new.name.clone()),
        description: Set(new.description.clone()),
        created_at: Set(now()),
        revision: NotSet,
        facilitators_record_progress: Set(false),
    };
    let inserted = forum::Entity::insert(row)
        .exec_with_returning(conn)
        .await
        .map_err(StoreError::from_insert)?;
    Ok(inserted.into())
}

/// Every forum, by name.
pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<Forum>, StoreError> {
    Ok(forum::Entity::find()
        .order_by_asc(forum::Column::Name)
        .order_by_asc(forum::Column::Slug)
        .all(conn)
        .await?
        .into_iter()
        .map(Forum::from)
        .collect())
}

pub async fn find(conn: &impl ConnectionTrait, id: ForumId) -> Result<Option<Forum>, StoreError> {
    Ok(forum::Entity::find_by_id(id.0).one(conn).await?.map(Forum::from))
}

pub async fn find_many(conn: &impl ConnectionTrait, ids: &[ForumId]) -> Result<Vec<Forum>, StoreError> {
    Ok(forum::Entity::find()
        .filter(forum::Column::Id.is_in(ids.iter().map(|id| id.0)))
        .all(conn)
        .await?
        .into_iter()
        .map(Forum::from)
        .collect())
}

pub async fn find_by_slug(conn: &impl ConnectionTrait, slug: &str) -> Result<Option<Forum>, StoreError> {
    Ok(forum::Entity::find()
        .filter(forum::Column::Slug.eq(slug))
        .one(conn)
        .await?
        .map(Forum::from))
}

/// A forum's id and revision by slug; None when there is no such forum.
pub async fn revision_by_slug(
    conn: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<(ForumId, i64)>, StoreError> {
    let row: Option<(uuid::Uuid, i64)> = forum::Entity::find()
        .select_only()
        .column(forum::Column::Id)
        .column(forum::Column::Revision)
        .filter(forum::Column::Slug.eq(slug))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(row.map(|(id, revision)| (ForumId(id), revision)))
}

/// One forum's revision; None when there is no such forum.
pub async fn revision_of(conn: &impl ConnectionTrait, id: ForumId) -> Result<Option<i64>, StoreError> {
    Ok(forum::Entity::find()
        .select_only()
        .column(forum::Column::Revision)
        .filter(forum::Column::Id.eq(id.0))
        .into_tuple()
        .one(conn)
        .await?)
}

/// All forums' revisions summed up in one row, for an answer that depends on
/// every forum: any bump raises the sum, a forum added or removed changes
/// the count, and one removed while another is added changes the newest
/// creation time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AllRevisions {
    pub forums: i64,
    pub revisions: i64,
    pub newest: Option<DateTime<Utc>>,
}

/// [`AllRevisions`] now: one row however many forums there are.
pub async fn all_revisions(conn: &impl ConnectionTrait) -> Result<AllRevisions, StoreError> {
    let row: Option<(i64, Option<i64>, Option<DateTime<Utc>>)> = forum::Entity::find()
        .select_only()
        .column_as(Expr::col(forum::Column::Id).count(), "forums")
        .column_as(
            Expr::col(forum::Column::Revision).sum().cast_as("BIGINT"),
            "revisions",
        )
        .column_as(Expr::col(forum::Column::CreatedAt).max(), "newest")
        .into_tuple()
        .one(conn)
        .await?;
    let (forums, revisions, newest) = row.unwrap_or((0, None, None));
    Ok(AllRevisions {
        forums,
        revisions: revisions.unwrap_or(0),
        newest,
    })
}

/// Every forum's id and revision, by id.
pub async fn revisions(conn: &impl ConnectionTrait) -> Result<Vec<(ForumId, i64)>, StoreError> {
    let rows: Vec<(uuid::Uuid, i64)> = forum::Entity::find()
        .select_only()
        .column(forum::Column::Id)
        .column(forum::Column::Revision)
        .order_by_asc(forum::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, revision)| (ForumId(id), revision))
        .collect())
}

/// The earliest time after which something in these forums changes by the
/// clock alone, with no row written: the closing time of an open round or
/// decision (past it, the round or decision is due: it takes no more votes
/// and the next request closes it). It may already have passed when no one
/// has closed it yet. None when nothing is pending. Invites expire by the
/// clock too, but no page or query lists them after they are created.
pub async fn next_deadline(
    conn: &impl ConnectionTrait,
    forums: &[ForumId],
) -> Result<Option<DateTime<Utc>>, StoreError> {
    if forums.is_empty() {
        return Ok(None);
    }
    let ids = || forums.iter().map(|id| id.0);
    let round: Option<DateTime<Utc>> = round::Entity::find()
        .select_only()
        .column(round::Column::ClosesAt)
        .filter(round::Column::ForumId.is_in(ids()))
        .filter(round::Column::State.eq(RoundState::Open.as_str()))
        .filter(round::Column::ClosesAt.is_not_null())
        .order_by_asc(round::Column::ClosesAt)
        .into_tuple()
        .one(conn)
        .await?;
    let to_improvement = decision::Entity::belongs_to(improvement::Entity)
        .from(decision::Column::ImprovementId)
        .to(improvement::Column::Id)
        .into();
    let decision: Option<DateTime<Utc>> = decision::Entity::find()
        .select_only()
        .column(decision::Column::ClosesAt)
        .join(JoinType::InnerJoin, to_improvement)
        .filter(improvement::Column::ForumId.is_in(ids()))
        .filter(decision::Column::State.eq(DecisionState::Open.as_str()))
        .filter(decision::Column::ClosesAt.is_not_null())
        .order_by_asc(decision::Column::ClosesAt)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(round.into_iter().chain(decision).min())
}

/// How many members each forum has, in one query; forums with none are absent.
pub async fn member_counts(
    conn: &impl ConnectionTrait,
    ids: &[ForumId],
) -> Result<HashMap<ForumId, u64>, StoreError> {
    let rows: Vec<(uuid::Uuid, i64)> = membership::Entity::find()
        .select_only()
        .column(membership::Column::ForumId)
        .column_as(Expr::col(membership::Column::UserId).count(), "members")
        .filter(membership::Column::ForumId.is_in(ids.iter().map(|id| id.0)))
        .group_by(membership::Column::ForumId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(forum, n)| (ForumId(forum), u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// The caller's role in each of `forums`, in one query.
pub async fn roles_of(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    forums: &[ForumId],
) -> Result<HashMap<ForumId, ForumRole>, StoreError> {
    membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id.0))
        .filter(membership::Column::ForumId.is_in(forums.iter().map(|id| id.0)))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| Membership::try_from(row).map(|m| (m.forum_id, m.role)))
        .collect()
}

pub async fn role_of(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    forum_id: ForumId,
) -> Result<Option<ForumRole>, StoreError> {
    Ok(roles_of(conn, user_id, &[forum_id]).await?.remove(&forum_id))
}

/// A forum's members, longest-standing first.
pub async fn members(conn: &impl ConnectionTrait, forum_id: ForumId) -> Result<Vec<Membership>, StoreError> {
    membership::Entity::find()
        .filter(membership::Column::ForumId.eq(forum_id.0))
        .order_by_asc(membership::Column::JoinedAt)
        .order_by_asc(membership::Column::UserId)
        .all(conn)
        .await?
        .into_iter()
        .map(Membership::try_from)
        .collect()
}

/// A forum's members with their accounts, longest-standing first: one
/// statement, where loading the users by id would bind one parameter each.
pub async fn members_with_users(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
) -> Result<Vec<(Membership, User)>, StoreError> {
    let to_user = membership::Entity::belongs_to(user::Entity)
        .from(membership::Column::UserId)
        .to(user::Column::Id)
        .into();
    type Row = (
        uuid::Uuid,
        String,
        String,
        String,
        DateTime<Utc>,
        String,
        DateTime<Utc>,
    );
    let rows: Vec<Row> = membership::Entity::find()
        .select_only()
        .columns(USER_COLUMNS)
        .column(membership::Column::Role)
        .column(membership::Column::JoinedAt)
        .join(JoinType::InnerJoin, to_user)
        .filter(membership::Column::ForumId.eq(forum_id.0))
        .order_by_asc(membership::Column::JoinedAt)
        .order_by_asc(membership::Column::UserId)
        .into_tuple()
        .all(conn)
        .await?;
    rows.into_iter()
        .map(|(id, email, name, platform_role, created_at, role, joined_at)| {
            let user = user_from_row((id, email, name, platform_role, created_at))?;
            let membership = Membership {
                forum_id,
                user_id: user.id,
                role: role.parse().map_err(StoreError::corrupt)?,
                joined_at,
            };
            Ok((membership, user))
        })
        .collect()
}

/// The forums a person belongs to, in the order they joined.
pub async fn memberships_of(
    conn: &impl ConnectionTrait,
    user_id: UserId,
) -> Result<Vec<Membership>, StoreError> {
    membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id.0))
        .order_by_asc(membership::Column::JoinedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(Membership::try_from)
        .collect()
}

pub async fn add_member(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    user_id: UserId,
    role: ForumRole,
    joined_at: DateTime<Utc>,
) -> Result<Membership, StoreError> {
    membership::Entity::insert(membership::ActiveModel {
        forum_id: Set(forum_id.0),
        user_id: Set(user_id.0),
        role: Set(role.as_str().to_owned()),
        joined_at: Set(joined_at),
    })
    .exec_without_returning(conn)
    .await
    .map_err(StoreError::from_insert)?;
    Ok(Membership {
        forum_id,
        user_id,
        role,
        joined_at,
    })
}

pub async fn set_member_role(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    user_id: UserId,
    role: ForumRole,
) -> Result<(), StoreError> {
    membership::Entity::update_many()
        .col_expr(membership::Column::Role, Expr::value(role.as_str()))
        .filter(membership::Column::ForumId.eq(forum_id.0))
        .filter(membership::Column::UserId.eq(user_id.0))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn membership(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    user_id: UserId,
) -> Result<Option<Membership>, StoreError> {
    membership::Entity::find_by_id((forum_id.0, user_id.0))
        .one(conn)
        .await?
        .map(Membership::try_from)
        .transpose()
}

/// How many facilitators a forum has.
pub async fn facilitator_count(conn: &impl ConnectionTrait, forum_id: ForumId) -> Result<u64, StoreError> {
    let n = membership::Entity::find()
        .filter(membership::Column::ForumId.eq(forum_id.0))
        .filter(membership::Column::Role.eq(ForumRole::Facilitator.as_str()))
        .count(conn)
        .await?;
    Ok(n)
}

/// Takes `user_id` out of the forum; false when they were not a member.
pub async fn remove_member(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    user_id: UserId,
) -> Result<bool, StoreError> {
    let result = membership::Entity::delete_many()
        .filter(membership::Column::ForumId.eq(forum_id.0))
        .filter(membership::Column::UserId.eq(user_id.0))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Stores a forum's settings.
pub async fn set_settings(
    conn: &impl ConnectionTrait,
    id: ForumId,
    settings: ForumSettings,
) -> Result<(), StoreError> {
    forum::Entity::update_many()
        .col_expr(
            forum::Column::FacilitatorsRecordProgress,
            Expr::value(settings.facilitators_record_progress),
        )
        .filter(forum::Column::Id.eq(id.0))
        .exec(conn)
        .await?;
    Ok(())
}
