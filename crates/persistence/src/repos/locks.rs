use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::StoreError;
use crate::entities::named_lock;

/// Holds the lock named `name` until the transaction ends: another
/// transaction asking for the same name waits. (SQLite's `BEGIN IMMEDIATE`
/// already serialises writers; on PostgreSQL this is a row lock.)
pub async fn hold(conn: &impl ConnectionTrait, name: &str) -> Result<(), StoreError> {
    named_lock::Entity::insert(named_lock::ActiveModel {
        name: Set(name.to_owned()),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(conn)
    .await?;
    named_lock::Entity::update_many()
        .col_expr(named_lock::Column::Name, Expr::value(name))
        .filter(named_lock::Column::Name.eq(name))
        .exec(conn)
        .await?;
    Ok(())
}
