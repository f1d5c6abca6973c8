//! `addAction` and `updateAction`: officers, admins and the forum's
//! facilitators plan an agreed improvement; an action's owner may update
//! it too.

use chrono::NaiveDate;
use coforum_domain::feedback::day_in_england;
use coforum_domain::ids::{ActionId, ImprovementId, UserId};
use coforum_domain::learning::{Action, ActionStatus, NewAction, Rejection};
use coforum_domain::permissions::{
    Actor, Credential, ForumAction, authorize_in_forum, authorize_inside_forum,
};
use coforum_persistence::repos::{actions, forums, improvements, locks, users};
use coforum_persistence::{ConnectionTrait, now};

use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

impl From<Rejection> for AppError {
    fn from(rejection: Rejection) -> Self {
        match rejection {
            Rejection::Invalid(invalid) => Self::BadUserInput(invalid),
            Rejection::Refused(refused) => Self::conflict(refused.message()),
        }
    }
}

pub fn today() -> NaiveDate {
    day_in_england(now())
}

/// May `owner` read the forum the plan is in? (An action's owner must.)
async fn reads_forum(
    conn: &impl ConnectionTrait,
    owner: UserId,
    forum: coforum_domain::ids::ForumId,
) -> AppResult<bool> {
    let Some(user) = users::find(conn, owner).await?.filter(|u| !u.is_erased()) else {
        return Ok(false);
    };
    let as_actor = Actor {
        user_id: user.id,
        platform_role: user.platform_role,
        credential: Credential::ApiToken,
    };
    let role = forums::role_of(conn, owner, forum).await?;
    Ok(authorize_in_forum(Some(&as_actor), role, ForumAction::Read).is_ok())
}

pub async fn add_action(
    state: &AppState,
    caller: &Caller,
    improvement_id: ImprovementId,
    (title, owner, due_on): (&str, Option<UserId>, NaiveDate),
) -> AppResult<Action> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let improvement = improvements::find(&txn, improvement_id)
        .await?
        .ok_or(AppError::NotFound("improvement"))?;
    let role = forums::role_of(&txn, actor.user_id, improvement.forum_id).await?;
    authorize_inside_forum(Some(actor), role, ForumAction::PlanActions)
        .map_err(|r| AppError::refused(r, "improvement"))?;
    locks::hold(&txn, &format!("improvement:{improvement_id}")).await?;
    let new = NewAction::parse(improvement.status, title, due_on, today())?;
    if let Some(owner) = owner
        && !reads_forum(&txn, owner, improvement.forum_id).await?
    {
        return Err(AppError::invalid(
            "ownerId",
            "must be someone who can read this forum",
        ));
    }
    let action = actions::insert(&txn, improvement_id, &new.title, owner, new.due_on, actor.user_id).await?;
    txn.commit().await?;
    Ok(action)
}

pub async fn update_action(
    state: &AppState,
    caller: &Caller,
    id: ActionId,
    (status, note): (ActionStatus, Option<&str>),
) -> AppResult<Action> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let mut action = actions::find(&txn, id)
        .await?
        .ok_or(AppError::NotFound("action"))?;
    let improvement = improvements::find(&txn, action.improvement_id)
        .await?
        .ok_or(AppError::NotFound("action"))?;
    let role = forums::role_of(&txn, actor.user_id, improvement.forum_id).await?;
    let planner = authorize_inside_forum(Some(actor), role, ForumAction::PlanActions);
    let owner = action.owner == Some(actor.user_id) && actor.credential != Credential::ApiToken;
    match planner {
        Ok(()) => {}
        Err(_) if owner => {}
        Err(refusal) => return Err(AppError::refused(refusal, "action")),
    }
    locks::hold(&txn, &format!("improvement:{}", improvement.id)).await?;
    action.update(status, note, today())?;
    actions::save(&txn, &action).await?;
    txn.commit().await?;
    Ok(action)
}
