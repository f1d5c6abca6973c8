//! Who may do what in the feedback log (contract, "The feedback log"):
//! the complaints team and admins everything; an officer logs items and
//! reads those they logged, without the personal details; an API token
//! reads the report only; anyone may tell the council something.

use coforum_domain::account::PlatformRole;
use coforum_domain::feedback::FeedbackItem;
use coforum_domain::permissions::{Actor, Credential};

use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};

/// What a caller may see of one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sight {
    /// Everything, personal details included.
    Whole,
    /// Everything but the personal details.
    WithoutPersonal,
}

/// A person signed in with a session (not an API token).
fn in_person(caller: &Caller) -> AppResult<&Actor> {
    let actor = caller.signed_in()?;
    if actor.credential == Credential::ApiToken {
        return Err(AppError::Forbidden);
    }
    Ok(actor)
}

fn on_the_team(actor: &Actor) -> bool {
    matches!(
        actor.platform_role,
        PlatformRole::Complaints | PlatformRole::Admin
    )
}

/// The complaints team and admins: acknowledge, assign, extend, respond,
/// escalate, the Ombudsman, remedies, raising findings.
pub fn team(caller: &Caller) -> AppResult<&Actor> {
    let actor = in_person(caller)?;
    if on_the_team(actor) {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Logging an item: the team, admins and officers.
pub fn logger(caller: &Caller) -> AppResult<&Actor> {
    let actor = in_person(caller)?;
    if on_the_team(actor) || actor.platform_role == PlatformRole::Officer {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whose items a caller's log lists: every item, or only those they logged.
pub enum Reach<'a> {
    Every,
    LoggedBy(&'a Actor),
}

/// Reading the log: the team and admins every item, officers their own.
pub fn reach(caller: &Caller) -> AppResult<Reach<'_>> {
    let actor = logger(caller)?;
    Ok(if on_the_team(actor) {
        Reach::Every
    } else {
        Reach::LoggedBy(actor)
    })
}

/// The report: the team, admins, officers and API tokens; never personal.
pub fn report(caller: &Caller) -> AppResult<()> {
    let actor = caller.signed_in()?;
    match actor.platform_role {
        PlatformRole::Complaints | PlatformRole::Admin | PlatformRole::Officer => Ok(()),
        PlatformRole::None => Err(AppError::Forbidden),
    }
}

/// How much of `item` the caller sees, or NOT_FOUND when none of it.
pub fn sight(caller: &Caller, item: &FeedbackItem) -> AppResult<Sight> {
    match reach(caller) {
        Ok(Reach::Every) => Ok(Sight::Whole),
        Ok(Reach::LoggedBy(actor)) if item.logged_by == Some(actor.user_id) => Ok(Sight::WithoutPersonal),
        Ok(Reach::LoggedBy(_)) | Err(AppError::Forbidden) => Err(AppError::NotFound("feedback item")),
        Err(other) => Err(other),
    }
}

/// The item as the caller may see it.
pub fn as_seen(mut item: FeedbackItem, sight: Sight) -> FeedbackItem {
    if sight == Sight::WithoutPersonal {
        item.personal = Default::default();
    }
    item
}
