//! Improvements' actions: the rows of learning plans.

use chrono::NaiveDate;
use coforum_domain::ids::{ActionId, ImprovementId, UserId};
use coforum_domain::learning::{Action, ActionStatus};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::grouped;
use crate::entities::improvement_action;
use crate::{StoreError, now};

fn to_domain(row: improvement_action::Model) -> Result<Action, StoreError> {
    Ok(Action {
        id: ActionId(row.id),
        improvement_id: ImprovementId(row.improvement_id),
        title: row.title,
        owner: row.owner_id.map(UserId),
        due_on: row.due_on,
        status: row.status.parse().map_err(StoreError::corrupt)?,
        done_on: row.done_on,
        note: row.note,
        created_at: row.created_at,
    })
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    improvement: ImprovementId,
    title: &str,
    owner: Option<UserId>,
    due_on: NaiveDate,
    created_by: UserId,
) -> Result<Action, StoreError> {
    let row = improvement_action::ActiveModel {
        id: Set(ActionId::new().0),
        improvement_id: Set(improvement.0),
        title: Set(title.to_owned()),
        owner_id: Set(owner.map(|o| o.0)),
        due_on: Set(due_on),
        status: Set(ActionStatus::NotStarted.as_str().to_owned()),
        done_on: Set(None),
        note: Set(None),
        created_by: Set(created_by.0),
        created_at: Set(now()),
    };
    to_domain(
        improvement_action::Entity::insert(row)
            .exec_with_returning(conn)
            .await?,
    )
}

pub async fn find(conn: &impl ConnectionTrait, id: ActionId) -> Result<Option<Action>, StoreError> {
    improvement_action::Entity::find_by_id(id.0)
        .one(conn)
        .await?
        .map(to_domain)
        .transpose()
}

/// Stores the action's status, done day and note.
pub async fn save(conn: &impl ConnectionTrait, action: &Action) -> Result<(), StoreError> {
    improvement_action::Entity::update(improvement_action::ActiveModel {
        id: Set(action.id.0),
        status: Set(action.status.as_str().to_owned()),
        done_on: Set(action.done_on),
        note: Set(action.note.clone()),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

/// The actions of each of `improvements`, by due day then title.
pub async fn of_improvements(
    conn: &impl ConnectionTrait,
    improvements: &[ImprovementId],
) -> Result<std::collections::HashMap<ImprovementId, Vec<Action>>, StoreError> {
    let rows = improvement_action::Entity::find()
        .filter(improvement_action::Column::ImprovementId.is_in(improvements.iter().map(|i| i.0)))
        .order_by_asc(improvement_action::Column::DueOn)
        .order_by_asc(improvement_action::Column::Title)
        .order_by_asc(improvement_action::Column::Id)
        .all(conn)
        .await?;
    let actions = rows.into_iter().map(to_domain).collect::<Result<Vec<_>, _>>()?;
    Ok(grouped(actions.into_iter().map(|a| (a.improvement_id, a))))
}

/// Actions neither done nor dropped: what `ACTION_DUE` looks through.
pub async fn unfinished(conn: &impl ConnectionTrait) -> Result<Vec<Action>, StoreError> {
    let open = [ActionStatus::NotStarted, ActionStatus::InProgress].map(|s| s.as_str());
    improvement_action::Entity::find()
        .filter(improvement_action::Column::Status.is_in(open))
        .filter(improvement_action::Column::OwnerId.is_not_null())
        .all(conn)
        .await?
        .into_iter()
        .map(to_domain)
        .collect()
}
