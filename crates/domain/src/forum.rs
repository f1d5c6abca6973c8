use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};

use crate::account::UnknownVariant;
use crate::ids::{ForumId, InviteId, UserId};
use crate::validation::{InvalidInput, trimmed_text};

/// A forum's address: 3 to 40 of a-z, 0-9 and hyphens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, InvalidInput> {
        let ok_length = (3..=40).contains(&raw.len());
        let ok_chars = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !(ok_length && ok_chars) {
            return Err(InvalidInput::new(
                "slug",
                "must be 3 to 40 characters of a-z, 0-9 and hyphens",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a new forum is called and what it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewForum {
    pub slug: Slug,
    pub name: String,
    pub description: String,
}

impl NewForum {
    pub fn parse(slug: &str, name: &str, description: &str) -> Result<Self, InvalidInput> {
        Ok(Self {
            slug: Slug::parse(slug)?,
            name: trimmed_text("name", name, 3, 120)?,
            description: trimmed_text("description", description, 0, 2000)?,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forum {
    pub id: ForumId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub settings: ForumSettings,
}

/// What an admin chooses for one forum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ForumSettings {
    /// The forum's facilitators record progress on agreed improvements, as
    /// officers do (off unless an admin turns it on).
    pub facilitators_record_progress: bool,
}

/// What a person is to one forum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ForumRole {
    /// Reads the forum, adds findings, votes, co-designs, comments.
    Member,
    /// A member who also invites, runs rounds and decisions, hides comments.
    Facilitator,
}

impl ForumRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "MEMBER",
            Self::Facilitator => "FACILITATOR",
        }
    }
}

impl FromStr for ForumRole {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "MEMBER" => Ok(Self::Member),
            "FACILITATOR" => Ok(Self::Facilitator),
            other => Err(UnknownVariant(other.to_owned())),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub forum_id: ForumId,
    pub user_id: UserId,
    pub role: ForumRole,
    pub joined_at: DateTime<Utc>,
}

/// The terms of a new invite, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InviteTerms {
    pub role: ForumRole,
    /// `None`: any number of people may use it until it expires.
    pub max_uses: Option<u32>,
    pub expires_at: DateTime<Utc>,
}

impl InviteTerms {
    pub const DEFAULT_HOURS: i64 = 7 * 24;
    pub const MAX_HOURS: i64 = 90 * 24;
    pub const MAX_USES: i64 = 10_000;

    pub fn parse(
        role: ForumRole,
        max_uses: Option<i64>,
        expires_in_hours: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Self, InvalidInput> {
        let max_uses = match max_uses {
            None => None,
            Some(n) if (1..=Self::MAX_USES).contains(&n) => u32::try_from(n).ok(),
            Some(_) => {
                return Err(InvalidInput::new(
                    "maxUses",
                    format!("must be 1 to {}", Self::MAX_USES),
                ));
            }
        };
        let hours = expires_in_hours.unwrap_or(Self::DEFAULT_HOURS);
        if !(1..=Self::MAX_HOURS).contains(&hours) {
            return Err(InvalidInput::new(
                "expiresInHours",
                format!("must be 1 to {} (90 days)", Self::MAX_HOURS),
            ));
        }
        Ok(Self {
            role,
            max_uses,
            expires_at: now + Duration::hours(hours),
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    pub id: InviteId,
    pub forum_id: ForumId,
    pub role: ForumRole,
    pub max_uses: Option<u32>,
    pub uses: u32,
    pub expires_at: DateTime<Utc>,
    /// When a facilitator withdrew it; it can no longer be used.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Why an invite can no longer be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InviteUnusable {
    Expired,
    UsedUp,
    /// A facilitator took it back. Joining with it is refused as an expired
    /// one is: the person needs a new invite either way.
    Withdrawn,
}

impl Invite {
    /// Whether people can still join with it; withdrawing asks the same
    /// (only an invite that still works can be withdrawn).
    pub fn check_usable(&self, now: DateTime<Utc>) -> Result<(), InviteUnusable> {
        if self.withdrawn_at.is_some() {
            return Err(InviteUnusable::Withdrawn);
        }
        if now >= self.expires_at {
            return Err(InviteUnusable::Expired);
        }
        if self.max_uses.is_some_and(|max| self.uses >= max) {
            return Err(InviteUnusable::UsedUp);
        }
        Ok(())
    }

    /// How many more people can use it; `None` when there is no limit.
    pub fn uses_left(&self) -> Option<u32> {
        self.max_uses.map(|max| max.saturating_sub(self.uses))
    }
}

/// What joining with an invite does to someone's standing in the forum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinOutcome {
    /// Not a member yet: becomes one with the invite's role.
    Join(ForumRole),
    /// A member whose invite grants more: becomes a facilitator.
    Promote(ForumRole),
    /// Already holds that role or more: nothing changes, the invite is not used.
    AlreadyMember(ForumRole),
}

/// Joining never demotes: a facilitator who follows a member's invite link
/// stays a facilitator.
pub fn join_outcome(current: Option<ForumRole>, offered: ForumRole) -> JoinOutcome {
    match current {
        None => JoinOutcome::Join(offered),
        Some(held) if offered > held => JoinOutcome::Promote(offered),
        Some(held) => JoinOutcome::AlreadyMember(held),
    }
}

/// A forum keeps at least one facilitator: a change of role or a removal
/// that would leave it none is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastFacilitator;

impl std::fmt::Display for LastFacilitator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a forum needs at least one facilitator: make someone else a facilitator first")
    }
}

impl std::error::Error for LastFacilitator {}

/// Whether a member holding `from` may become `to` (`None`: removed from
/// the forum) while the forum has `facilitators` facilitators: not if it
/// takes away the last one.
pub fn change_forum_role(
    from: ForumRole,
    to: Option<ForumRole>,
    facilitators: u64,
) -> Result<(), LastFacilitator> {
    let loses_a_facilitator = from == ForumRole::Facilitator && to != Some(ForumRole::Facilitator);
    if loses_a_facilitator && facilitators <= 1 {
        return Err(LastFacilitator);
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_contract() {
        for good in ["abc", "inspire-forum", "autism-better-together", "a1-2"] {
            assert!(Slug::parse(good).is_ok(), "{good}");
        }
        let too_long = "a".repeat(41);
        for bad in [
            "ab",
            "Inspire",
            "has space",
            "under_score",
            "é-é",
            too_long.as_str(),
        ] {
            assert_eq!(Slug::parse(bad).unwrap_err().field, "slug", "{bad}");
        }
    }

    #[test]
    fn invite_terms_default_to_a_week_and_any_number_of_uses() {
        let now = Utc::now();
        let terms = InviteTerms::parse(ForumRole::Member, None, None, now).unwrap();
        assert_eq!(terms.expires_at, now + Duration::hours(168));
        assert_eq!(terms.max_uses, None);
    }

    #[test]
    fn invite_terms_refuse_out_of_range_values() {
        let now = Utc::now();
        let role = ForumRole::Member;
        assert_eq!(
            InviteTerms::parse(role, Some(0), None, now).unwrap_err().field,
            "maxUses"
        );
        assert_eq!(
            InviteTerms::parse(role, None, Some(0), now).unwrap_err().field,
            "expiresInHours"
        );
        assert!(InviteTerms::parse(role, None, Some(90 * 24 + 1), now).is_err());
    }

    #[test]
    fn invites_expire_and_run_out() {
        let now = Utc::now();
        let invite = Invite {
            id: InviteId::new(),
            forum_id: ForumId::new(),
            role: ForumRole::Member,
            max_uses: Some(2),
            uses: 1,
            expires_at: now + Duration::hours(1),
            withdrawn_at: None,
            created_at: now,
        };
        assert_eq!(invite.check_usable(now), Ok(()));
        assert_eq!(
            invite.check_usable(now + Duration::hours(1)),
            Err(InviteUnusable::Expired)
        );
        assert_eq!(invite.uses_left(), Some(1));
        let withdrawn = Invite {
            withdrawn_at: Some(now),
            ..invite.clone()
        };
        assert_eq!(withdrawn.check_usable(now), Err(InviteUnusable::Withdrawn));
        let used = Invite { uses: 2, ..invite };
        assert_eq!(used.check_usable(now), Err(InviteUnusable::UsedUp));
        assert_eq!(used.uses_left(), Some(0));
    }

    #[test]
    fn joining_never_demotes() {
        use ForumRole::*;
        assert_eq!(join_outcome(None, Member), JoinOutcome::Join(Member));
        assert_eq!(
            join_outcome(Some(Member), Facilitator),
            JoinOutcome::Promote(Facilitator)
        );
        assert_eq!(
            join_outcome(Some(Facilitator), Member),
            JoinOutcome::AlreadyMember(Facilitator)
        );
        assert_eq!(
            join_outcome(Some(Member), Member),
            JoinOutcome::AlreadyMember(Member)
        );
    }

    #[test]
    fn a_forum_keeps_one_facilitator() {
        use ForumRole::*;
        assert_eq!(
            change_forum_role(Facilitator, Some(Member), 1),
            Err(LastFacilitator)
        );
        assert_eq!(change_forum_role(Facilitator, None, 1), Err(LastFacilitator));
        assert_eq!(change_forum_role(Facilitator, Some(Member), 2), Ok(()));
        assert_eq!(change_forum_role(Facilitator, None, 2), Ok(()));
        assert_eq!(change_forum_role(Facilitator, Some(Facilitator), 1), Ok(()));
        assert_eq!(change_forum_role(Member, None, 1), Ok(()));
        assert_eq!(change_forum_role(Member, Some(Facilitator), 0), Ok(()));
    }
}
