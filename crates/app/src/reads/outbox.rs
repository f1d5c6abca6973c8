//! The mail outbox, for admins: every email, sent or waiting. Without an
//! SMTP server this is where mail stays, so `serve --demo` shows it.

use coforum_domain::permissions::{PlatformAction, authorize};
use coforum_persistence::repos::outbox;

use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub use coforum_persistence::repos::outbox::OutboxEntry;

/// The newest `limit` emails, newest first: admins only.
pub async fn newest(state: &AppState, caller: &Caller, limit: u64) -> AppResult<Vec<OutboxEntry>> {
    authorize(caller.actor(), PlatformAction::ReadOutbox).map_err(|r| AppError::refused(r, "outbox"))?;
    Ok(outbox::newest(state.db.conn(), limit).await?)
}
