use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered identifier (UUID v7), so ids sort by creation.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }
    };
}

id_type!(/// A person's account.
    UserId);
id_type!(/// A forum (a lived-experience group).
    ForumId);
id_type!(/// An invite to join a forum.
    InviteId);
id_type!(/// A chain of refresh tokens issued from one sign-in.
    SessionId);
id_type!(/// An officer's read-only API token.
    ApiTokenId);
id_type!(/// Something the forum learned: from an audit, a complaint, a survey...
    FindingId);
id_type!(/// A prioritisation round.
    RoundId);
id_type!(/// One member's ballot in a round.
    BallotId);
id_type!(/// A co-designed improvement.
    ImprovementId);
id_type!(/// A comment on a finding or an improvement.
    CommentId);
id_type!(/// A decision on an improvement.
    DecisionId);
id_type!(/// One person's notification of one event.
    NotificationId);
id_type!(/// An item of the feedback log: a complaint, request, compliment or suggestion.
    FeedbackId);
id_type!(/// A remedy the Ombudsman asked for.
    RemedyId);
id_type!(/// One action of an improvement's learning plan.
    ActionId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = ForumId::new();
        assert_eq!(id.to_string().parse::<ForumId>(), Ok(id));
        assert!("not-a-uuid".parse::<ForumId>().is_err());
    }

    #[test]
    fn new_ids_sort_by_creation() {
        let first = UserId::new();
        let second = UserId::new();
        assert!(first < second);
    }
}
