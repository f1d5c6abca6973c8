use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::client_failure;

/// Who a failure is counted against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientKind {
    /// A client address (or an IPv6 /64).
    Address,
    /// A device cookie's nonce.
    Device,
}

impl ClientKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Address => "address",
            Self::Device => "device",
        }
    }
}

/// Failed sign-ins counted against `key` since `since`, from every server.
pub async fn count_since(
    conn: &impl ConnectionTrait,
    kind: ClientKind,
    key: &str,
    since: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(client_failure::Entity::find()
        .filter(client_failure::Column::Kind.eq(kind.as_str()))
        .filter(client_failure::Column::Key.eq(key))
        .filter(client_failure::Column::FailedAt.gte(since))
        .count(conn)
        .await?)
}

/// Records one failure against `key` and forgets its failures older than
/// `forget_before`, so the table stays small. Returns the row, for
/// [`forgive`].
pub async fn record(
    conn: &impl ConnectionTrait,
    kind: ClientKind,
    key: &str,
    at: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    client_failure::Entity::delete_many()
        .filter(client_failure::Column::Kind.eq(kind.as_str()))
        .filter(client_failure::Column::Key.eq(key))
        .filter(client_failure::Column::FailedAt.lt(forget_before))
        .exec(conn)
        .await?;
    let id = Uuid::now_v7();
    client_failure::Entity::insert(client_failure::ActiveModel {
        id: Set(id),
        kind: Set(kind.as_str().to_owned()),
        key: Set(key.to_owned()),
        failed_at: Set(at),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(id)
}

/// Takes back one recorded failure (the attempt turned out right), and no
/// other: a client's correct sign-in does not wipe its earlier failures.
pub async fn forgive(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), StoreError> {
    client_failure::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}
