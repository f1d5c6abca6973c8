//! Emails as coforum sends them, and when a refused delivery is tried again.

use chrono::{DateTime, Duration, Utc};

use crate::account::Email;

/// One email, rendered: what the outbox keeps and the sender sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: Email,
    pub subject: String,
    /// Always there: many people read mail as text, or have it read aloud.
    pub text: String,
    pub html: Option<String>,
    /// RFC 8058 one-click unsubscribe address, on notification emails.
    pub list_unsubscribe: Option<String>,
}

/// How long a message is tried for before it is given up: past the
/// contract's "at least 24 hours", so a mail server down over a night and a
/// morning still gets everything.
pub const GIVE_UP_AFTER: Duration = Duration::hours(48);

/// The first wait after a failure; each later one doubles, up to [`MAX_WAIT`].
pub const FIRST_WAIT: Duration = Duration::seconds(30);
pub const MAX_WAIT: Duration = Duration::hours(1);

/// What becomes of a message whose delivery just failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterFailure {
    /// Try again at this time.
    RetryAt(DateTime<Utc>),
    /// Stop: the server refused it for good, or it has been tried too long.
    GiveUp,
}

/// After the `attempts`-th failed try (1 for the first) of a message written
/// at `created_at`: exponential backoff, or giving up when the refusal is
/// permanent (a 5xx answer) or the next try would fall past [`GIVE_UP_AFTER`].
pub fn after_failure(
    created_at: DateTime<Utc>,
    attempts: u32,
    permanent: bool,
    now: DateTime<Utc>,
) -> AfterFailure {
    if permanent {
        return AfterFailure::GiveUp;
    }
    let doublings = attempts.saturating_sub(1).min(16);
    let wait = (FIRST_WAIT * 2i32.pow(doublings)).min(MAX_WAIT);
    let next = now + wait;
    if next > created_at + GIVE_UP_AFTER {
        AfterFailure::GiveUp
    } else {
        AfterFailure::RetryAt(next)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minutes)
    }

    #[test]
    fn waits_double_up_to_an_hour() {
        let created = at(0);
        let waits: Vec<_> = (1..=9)
            .map(|n| match after_failure(created, n, false, at(0)) {
                AfterFailure::RetryAt(next) => (next - at(0)).num_seconds(),
                AfterFailure::GiveUp => -1,
            })
            .collect();
        assert_eq!(waits, vec![30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }

    #[test]
    fn tries_for_at_least_a_day_then_gives_up() {
        let created = at(0);
        let mut now = created;
        let mut attempts = 0;
        while let AfterFailure::RetryAt(next) = after_failure(created, attempts + 1, false, now) {
            attempts += 1;
            now = next;
        }
        assert!(
            now - created >= Duration::hours(24),
            "gave up after {}",
            now - created
        );
        assert!(now - created <= GIVE_UP_AFTER);
    }

    #[test]
    fn a_permanent_refusal_is_not_tried_again() {
        assert_eq!(after_failure(at(0), 1, true, at(0)), AfterFailure::GiveUp);
    }
}
