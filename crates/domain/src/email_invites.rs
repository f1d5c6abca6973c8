//! Inviting people by email (contract, "Your account"): the addresses and
//! the message a facilitator gives, checked before anything is written.

use chrono::{DateTime, Utc};

use crate::account::Email;
use crate::forum::{ForumRole, InviteTerms};
use crate::validation::{InvalidInput, trimmed_text};

/// Addresses one request may hold.
pub const MAX_ADDRESSES: usize = 100;
/// The facilitator's own words, quoted in each email: long enough for a
/// friendly note, short enough that the email stays coforum's.
pub const MAX_MESSAGE_CHARS: usize = 1000;
/// A bad address is shown back this long at most.
const SHOWN_CHARS: usize = 60;

/// A checked request: every address valid, each once, and the terms every
/// invite gets (one use, the default week).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailInvites {
    /// In the order given; a repeat (in any case) is kept at its first place.
    pub addresses: Vec<Email>,
    pub message: Option<String>,
    pub terms: InviteTerms,
}

impl EmailInvites {
    pub fn parse(
        role: ForumRole,
        emails: &[String],
        message: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Self, InvalidInput> {
        if emails.is_empty() || emails.len() > MAX_ADDRESSES {
            return Err(InvalidInput::new(
                "emails",
                format!("must hold 1 to {MAX_ADDRESSES} addresses"),
            ));
        }
        let mut addresses: Vec<Email> = Vec::with_capacity(emails.len());
        for raw in emails {
            let email = Email::parse("emails", raw).map_err(|_| not_an_address(raw))?;
            if !addresses.iter().any(|seen| seen.key() == email.key()) {
                addresses.push(email);
            }
        }
        let message = match message {
            Some(text) => {
                Some(trimmed_text("message", text, 0, MAX_MESSAGE_CHARS)?).filter(|m| !m.is_empty())
            }
            None => None,
        };
        Ok(Self {
            addresses,
            message,
            terms: InviteTerms::parse(role, Some(1), None, now)?,
        })
    }
}

/// Names the bad address, so the person can find it in a long list.
fn not_an_address(raw: &str) -> InvalidInput {
    let raw = raw.trim();
    let mut shown: String = raw.chars().take(SHOWN_CHARS).collect();
    if raw.chars().count() > SHOWN_CHARS {
        shown.push('…');
    }
    InvalidInput::new(
        "emails",
        format!("\"{shown}\" is not an email address: write each one like name@example.org"),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn list(emails: &[&str]) -> Vec<String> {
        emails.iter().map(|e| (*e).to_owned()).collect()
    }

    #[test]
    fn repeats_in_any_case_count_once_and_keep_their_first_place() {
        let now = Utc::now();
        let emails = list(&[" Sam@Example.org ", "kim@example.org", "sam@example.ORG"]);
        let parsed = EmailInvites::parse(ForumRole::Member, &emails, None, now).unwrap();
        let kept: Vec<&str> = parsed.addresses.iter().map(Email::as_str).collect();
        assert_eq!(kept, ["Sam@Example.org", "kim@example.org"]);
        assert_eq!(parsed.terms.max_uses, Some(1));
        assert_eq!(parsed.terms.expires_at, now + Duration::days(7));
        assert_eq!(parsed.terms.role, ForumRole::Member);
    }

    #[test]
    fn one_to_a_hundred_addresses() {
        let now = Utc::now();
        let refused = EmailInvites::parse(ForumRole::Member, &[], None, now).unwrap_err();
        assert_eq!(refused.field, "emails");
        let many: Vec<String> = (0..=MAX_ADDRESSES).map(|n| format!("p{n}@example.org")).collect();
        assert_eq!(
            EmailInvites::parse(ForumRole::Member, &many, None, now)
                .unwrap_err()
                .field,
            "emails"
        );
        assert!(EmailInvites::parse(ForumRole::Member, &many[..MAX_ADDRESSES], None, now).is_ok());
    }

    #[test]
    fn a_bad_address_is_named() {
        let emails = list(&["sam@example.org", "kim at example.org"]);
        let refused = EmailInvites::parse(ForumRole::Member, &emails, None, Utc::now()).unwrap_err();
        assert_eq!(refused.field, "emails");
        assert!(
            refused.rule.contains("\"kim at example.org\""),
            "{}",
            refused.rule
        );
        let long = format!("{}@", "x".repeat(300));
        let refused = EmailInvites::parse(ForumRole::Member, &[long], None, Utc::now()).unwrap_err();
        assert!(refused.rule.chars().count() < 150, "{}", refused.rule);
    }

    #[test]
    fn the_message_is_optional_and_bounded() {
        let emails = list(&["sam@example.org"]);
        let now = Utc::now();
        let blank = EmailInvites::parse(ForumRole::Member, &emails, Some("  \n "), now).unwrap();
        assert_eq!(blank.message, None);
        let said =
            EmailInvites::parse(ForumRole::Member, &emails, Some(" Hello!\nCome along. "), now).unwrap();
        assert_eq!(said.message.as_deref(), Some("Hello!\nCome along."));
        let long = "a".repeat(MAX_MESSAGE_CHARS + 1);
        let refused = EmailInvites::parse(ForumRole::Member, &emails, Some(&long), now).unwrap_err();
        assert_eq!(refused.field, "message");
    }
}
