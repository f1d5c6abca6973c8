//! Changing the email address of an account: a link to the new address,
//! a notice to the old one, and the change only when the link is followed.

use chrono::Duration;

/// How long a confirmation link works.
pub const LINK_LIFETIME: Duration = Duration::hours(24);

/// Requests one account may make in [`WINDOW`]: each sends two emails, one
/// to an address anybody signed in may type, so nobody can flood a mailbox.
pub const REQUESTS_PER_WINDOW: u64 = 3;
pub const WINDOW: Duration = Duration::hours(1);

/// Whether an account that made `made` requests in the last [`WINDOW`] may
/// make another.
pub fn may_request(made: u64) -> bool {
    made < REQUESTS_PER_WINDOW
}

/// An address with its name hidden but for the first letter, as the notice
/// to the old address shows the new one: `n***@example.org`. Enough for the
/// owner to recognise it, not enough to hand someone's address to whoever
/// reads the old mailbox.
pub fn masked(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((name, domain)) => {
            let first: String = name.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_requests_an_hour() {
        assert!(may_request(0) && may_request(2));
        assert!(!may_request(3) && !may_request(9));
    }

    #[test]
    fn a_masked_address_keeps_its_first_letter_and_domain() {
        assert_eq!(masked("newname@example.org"), "n***@example.org");
        assert_eq!(masked("\u{e9}l\u{e9}onore@example.fr"), "\u{e9}***@example.fr");
        assert_eq!(masked("\"a@b\"@example.org"), "\"***@example.org");
        assert_eq!(masked("nobody"), "***");
    }
}
