//! coforum's mail. Emails are written to the outbox (a table) in the same
//! transaction as the change that causes them, by the application layer
//! through `coforum_persistence::repos::outbox`; this crate delivers them:
//! a background sender on every server claims due messages, sends them
//! over SMTP and marks them sent, or tries again later.

/// The emails coforum writes, from templates.
pub mod compose;
/// Turning an outbox message into an email on the wire.
mod envelope;
/// Notification emails: one event, or the day's digest.
pub mod notices;
/// The background sender: claim, send, mark.
mod sender;
/// Where mail goes: the SMTP URL and the sender's address.
mod settings;

pub use sender::{Pass, Sender};
pub use settings::{MailSettings, SettingsError, SmtpUrl};
