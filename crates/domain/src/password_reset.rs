//! Resetting a forgotten password by email (contract, "Your account").

use chrono::Duration;

/// How long a reset link works.
pub const LINK_LIFETIME: Duration = Duration::hours(1);

/// Reset emails one account may be sent in [`WINDOW`]; more requests still
/// answer `true` but send nothing, so nobody can flood a mailbox.
pub const EMAILS_PER_WINDOW: u64 = 3;
pub const WINDOW: Duration = Duration::hours(1);

/// Whether another reset email may go to an account that was sent `sent`
/// in the last [`WINDOW`].
pub fn may_send(sent: u64) -> bool {
    sent < EMAILS_PER_WINDOW
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_emails_an_hour() {
        assert!(may_send(0) && may_send(2));
        assert!(!may_send(3) && !may_send(10));
    }
}
