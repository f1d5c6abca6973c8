use chrono::{DateTime, Utc};
use coforum_domain::audit::{AuditEvent, AuditRecord};
use coforum_domain::ids::{ForumId, UserId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::entities::audit_event;
use crate::{StoreError, now};

/// Writes a record in the caller's transaction: it commits with the action.
pub async fn record(conn: &impl ConnectionTrait, record: AuditRecord) -> Result<(), StoreError> {
    audit_event::Entity::insert(audit_event::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        at: Set(now()),
        actor_id: Set(record.actor.map(|a| a.0)),
        action: Set(record.action.as_str().to_owned()),
        forum_id: Set(record.forum_id.map(|f| f.0)),
        subject: Set(record.subject),
        detail: Set(record.detail),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Newest first, after the (at, id) of `before` when given.
pub async fn page(
    conn: &impl ConnectionTrait,
    before: Option<(DateTime<Utc>, uuid::Uuid)>,
    limit: u64,
) -> Result<Vec<AuditEvent>, StoreError> {
    let mut query = audit_event::Entity::find();
    if let Some((at, id)) = before {
        query = query.filter(
            Condition::any().add(audit_event::Column::At.lt(at)).add(
                Condition::all()
                    .add(audit_event::Column::At.eq(at))
                    .add(audit_event::Column::Id.lt(id)),
            ),
        );
    }
    query
        .order_by_desc(audit_event::Column::At)
        .order_by_desc(audit_event::Column::Id)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            Ok(AuditEvent {
                id: row.id,
                at: row.at,
                record: AuditRecord {
                    actor: row.actor_id.map(UserId),
                    action: row.action.parse().map_err(StoreError::corrupt)?,
                    forum_id: row.forum_id.map(ForumId),
                    subject: row.subject,
                    detail: row.detail,
                },
            })
        })
        .collect()
}
