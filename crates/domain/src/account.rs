use std::fmt;
use std::str::FromStr;

use crate::ids::UserId;
use crate::permissions::Refusal;

/// The list of passwords too common to use.
mod common_passwords;
use crate::validation::{InvalidInput, trimmed_text};

/// An email address as the person typed it (trimmed). Two addresses that
/// differ only in case are the same account: [`Email::key`] is what is unique.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, InvalidInput> {
        let text = raw.trim();
        if text.chars().count() > 254 || !email_address::EmailAddress::is_valid(text) {
            return Err(InvalidInput::new(
                field,
                "must be an email address, like name@example.org",
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// The case-insensitive key under which the address is unique.
    pub fn key(&self) -> String {
        normalize_email(&self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The lookup key for an address that may not be valid (a sign-in attempt):
/// trimmed and lower-cased.
pub fn normalize_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name other members see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, InvalidInput> {
        trimmed_text("displayName", raw, 1, 80).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password, kept exactly as typed (spaces count): 10 to 256
/// characters, and not one of the 10,000 most common passwords. Register,
/// create-admin and any later password change all parse one.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 256;

    pub fn parse(raw: &str) -> Result<Self, InvalidInput> {
        Self::parse_as("password", raw)
    }

    /// As [`NewPassword::parse`], naming the input `field` (`newPassword`).
    pub fn parse_as(field: &'static str, raw: &str) -> Result<Self, InvalidInput> {
        let length = raw.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&length) {
            return Err(InvalidInput::new(
                field,
                format!(
                    "must be {} to {} characters long",
                    Self::MIN_CHARS,
                    Self::MAX_CHARS
                ),
            ));
        }
        if common_passwords::is_common(raw) {
            return Err(InvalidInput::new(
                field,
                "is one of the most common passwords, which are guessed first: choose another",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

// Never print a password, not even in a debug log.
impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(..)")
    }
}

/// What a person is to the platform as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlatformRole {
    /// Runs the platform: everything.
    Admin,
    /// Council staff: read every forum, add findings, record progress.
    Officer,
    /// The council's complaints team: works the feedback log, and reads
    /// every forum (to raise findings into them).
    Complaints,
    /// Everyone else; what they may do comes from forum memberships.
    None,
}

impl PlatformRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "ADMIN",
            Self::Officer => "OFFICER",
            Self::Complaints => "COMPLAINTS",
            Self::None => "NONE",
        }
    }
}

impl FromStr for PlatformRole {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ADMIN" => Ok(Self::Admin),
            "OFFICER" => Ok(Self::Officer),
            "COMPLAINTS" => Ok(Self::Complaints),
            "NONE" => Ok(Self::None),
            other => Err(UnknownVariant(other.to_owned())),
        }
    }
}

/// A stored value that names no known variant: the database and the code
/// disagree, which is a bug, not bad input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownVariant(pub String);

impl fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown stored variant {:?}", self.0)
    }
}

impl std::error::Error for UnknownVariant {}

/// A person's account as the rest of the system sees it (no password hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub platform_role: PlatformRole,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// The name shown for a deleted account, wherever its name would appear.
pub const FORMER_MEMBER: &str = "Former member";

impl User {
    /// Whether the account was deleted: its email and name are erased (the
    /// email is stored empty, which no live account's can be).
    pub fn is_erased(&self) -> bool {
        self.email.is_empty()
    }
}

/// Whether `role`'s holder may delete their own account while the platform
/// has `admins` admins: not the last admin, as for a change of role.
pub fn delete_account(role: PlatformRole, admins: u64) -> Result<(), LastAdmin> {
    change_platform_role(role, PlatformRole::None, admins)
}

/// An API token's name, so its officer can tell their tokens apart.
pub fn api_token_name(raw: &str) -> Result<String, InvalidInput> {
    trimmed_text("name", raw, 1, 80)
}

/// Whether anyone may make an account, or only someone holding an invite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RegistrationPolicy {
    #[default]
    Open,
    InviteOnly,
}

impl RegistrationPolicy {
    /// Whether someone may make an account: under invite-only, only with an invite.
    pub fn admits(self, has_invite: bool) -> Result<(), Refusal> {
        match self {
            Self::InviteOnly if !has_invite => Err(Refusal::Forbidden),
            Self::Open | Self::InviteOnly => Ok(()),
        }
    }
}

/// The platform keeps at least one admin, so someone can always grant roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastAdmin;

impl fmt::Display for LastAdmin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the platform needs at least one admin")
    }
}

impl std::error::Error for LastAdmin {}

/// Whether a user's platform role may go from `from` to `to` while the
/// platform has `admins` admins: not if it takes away the last one.
pub fn change_platform_role(from: PlatformRole, to: PlatformRole, admins: u64) -> Result<(), LastAdmin> {
    let demotes_an_admin = from == PlatformRole::Admin && to != PlatformRole::Admin;
    if demotes_an_admin && admins <= 1 {
        return Err(LastAdmin);
    }
    Ok(())
}

impl FromStr for RegistrationPolicy {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "open" => Ok(Self::Open),
            "invite-only" => Ok(Self::InviteOnly),
            other => Err(UnknownVariant(other.to_owned())),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_unique_without_regard_to_case() {
        let a = Email::parse("email", " Sam.Jones@Example.ORG ").unwrap();
        let b = Email::parse("email", "sam.jones@example.org").unwrap();
        assert_eq!(a.as_str(), "Sam.Jones@Example.ORG");
        assert_eq!(a.key(), b.key());
    }

    #[test]
    fn refuses_malformed_emails() {
        for bad in ["", "sam", "sam@", "@example.org", "sam jones@example.org"] {
            let err = Email::parse("email", bad).unwrap_err();
            assert_eq!(err.field, "email", "{bad}");
        }
    }

    #[test]
    fn passwords_are_10_to_256_characters() {
        assert!(NewPassword::parse("123456789").is_err());
        assert!(NewPassword::parse("h7-kq2-mw9").is_ok());
        assert!(NewPassword::parse(&"é".repeat(256)).is_ok());
        assert!(NewPassword::parse(&"a".repeat(257)).is_err());
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for common in ["password12", "qwertyuiop", "Password12", "1234567890"] {
            let err = NewPassword::parse(common).unwrap_err();
            assert_eq!(err.field, "password", "{common}");
            assert!(err.rule.contains("most common passwords"), "{}", err.rule);
        }
        assert!(NewPassword::parse("coforum-demo").is_ok());
    }

    #[test]
    fn password_debug_hides_the_secret() {
        let pw = NewPassword::parse("correct horse battery").unwrap();
        assert!(!format!("{pw:?}").contains("horse"));
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Priya ").unwrap().as_str(), "Priya");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"x".repeat(81)).is_err());
        assert!(DisplayName::parse("\u{200B}\u{200B}").is_err());
        assert_eq!(
            DisplayName::parse("Sam\u{202E}nimda").unwrap().as_str(),
            "Samnimda"
        );
    }

    #[test]
    fn invite_only_admits_only_invitees() {
        assert_eq!(
            RegistrationPolicy::InviteOnly.admits(false),
            Err(Refusal::Forbidden)
        );
        assert_eq!(RegistrationPolicy::InviteOnly.admits(true), Ok(()));
        assert_eq!(RegistrationPolicy::Open.admits(false), Ok(()));
        assert_eq!(RegistrationPolicy::Open.admits(true), Ok(()));
    }

    #[test]
    fn the_last_admin_stays_an_admin() {
        use PlatformRole::{Admin, None, Officer};
        assert_eq!(change_platform_role(Admin, Officer, 1), Err(LastAdmin));
        assert_eq!(change_platform_role(Admin, None, 0), Err(LastAdmin));
        assert_eq!(LastAdmin.to_string(), "the platform needs at least one admin");
        assert_eq!(change_platform_role(Admin, None, 2), Ok(()));
        // Granting ADMIN again, or changing anyone else, needs no other admin.
        assert_eq!(change_platform_role(Admin, Admin, 1), Ok(()));
        assert_eq!(change_platform_role(Officer, None, 1), Ok(()));
        assert_eq!(change_platform_role(None, Admin, 0), Ok(()));
    }

    #[test]
    fn the_last_admin_cannot_delete_their_account() {
        assert_eq!(delete_account(PlatformRole::Admin, 1), Err(LastAdmin));
        assert_eq!(delete_account(PlatformRole::Admin, 2), Ok(()));
        assert_eq!(delete_account(PlatformRole::Officer, 0), Ok(()));
        assert_eq!(delete_account(PlatformRole::None, 1), Ok(()));
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in [
            PlatformRole::Admin,
            PlatformRole::Officer,
            PlatformRole::Complaints,
            PlatformRole::None,
        ] {
            assert_eq!(role.as_str().parse::<PlatformRole>(), Ok(role));
        }
        assert!("ROOT".parse::<PlatformRole>().is_err());
    }
}
