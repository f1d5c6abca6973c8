//! Notifications (contract, "Your account"): each is written, one row per
//! person it concerns, in the transaction of the change it tells of; "What's
//! new" lists them; a background job on every server turns the waiting ones
//! into emails in the outbox, at once or in the 08:00 digest.

/// The background job every server runs.
pub mod background;
/// `ROUND_CLOSING`: a day before a round closes, to those who have not voted.
pub mod closing;
/// Who hears of an event, and writing their notifications.
pub mod fan_out;
/// Turning waiting notifications into emails: one each, or a daily digest.
pub mod mailer;
/// The caller's own notifications and settings: the queries and mutations.
pub mod mine;
/// One-click unsubscribe links (RFC 8058), signed so no sign-in is needed.
pub mod unsubscribe;

pub use fan_out::{Audience, notify};
