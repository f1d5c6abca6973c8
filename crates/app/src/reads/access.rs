use coforum_domain::forum::ForumRole;
use coforum_domain::permissions::{ForumAction, authorize_in_forum, authorize_inside_forum};

use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};

/// Inside a forum whose existence is public: a refusal is FORBIDDEN.
/// `role` is the caller's role there (batched by the caller of this).
pub fn in_forum(caller: &Caller, role: Option<ForumRole>, action: ForumAction) -> AppResult<()> {
    authorize_in_forum(caller.actor(), role, action).map_err(|r| AppError::refused(r, "forum"))
}

/// For an object addressed by id inside a forum: a caller who may not read
/// the forum is told `what` does not exist.
pub fn inside_forum(
    caller: &Caller,
    role: Option<ForumRole>,
    action: ForumAction,
    what: &'static str,
) -> AppResult<()> {
    authorize_inside_forum(caller.actor(), role, action).map_err(|r| AppError::refused(r, what))
}

/// Whether the caller may do `action` in a forum where their role is `role`.
pub fn may(caller: &Caller, role: Option<ForumRole>, action: ForumAction) -> bool {
    authorize_in_forum(caller.actor(), role, action).is_ok()
}
