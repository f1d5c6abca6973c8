//! Assisted participation (contract, "Assisted participation"): a
//! facilitator records a member's ballot or decision vote for them, given
//! by phone, on paper, in person or through an advocate. It is the
//! member's own, counted exactly like any other.

use std::str::FromStr;

use crate::account::UnknownVariant;
use crate::ids::UserId;
use crate::validation::InvalidInput;

/// How the member gave the ballot the facilitator records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Assistance {
    Phone,
    Paper,
    InPerson,
    Advocate,
}

impl Assistance {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Phone => "PHONE",
            Self::Paper => "PAPER",
            Self::InPerson => "IN_PERSON",
            Self::Advocate => "ADVOCATE",
        }
    }

    /// How it reads in a sentence: "recorded for you by phone".
    pub fn words(self) -> &'static str {
        match self {
            Self::Phone => "by phone",
            Self::Paper => "from a paper ballot",
            Self::InPerson => "in person",
            Self::Advocate => "through an advocate",
        }
    }
}

impl FromStr for Assistance {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Self::Phone, Self::Paper, Self::InPerson, Self::Advocate]
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownVariant(s.to_owned()))
    }
}

/// Who recorded a ballot for its voter, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assisted {
    pub by: UserId,
    pub how: Assistance,
}

/// The longest note a facilitator may keep with a recorded ballot.
pub const MAX_NOTE_CHARS: usize = 500;

/// The facilitator's optional note ("she asked me to read each one out"):
/// trimmed, empty as none, at most [`MAX_NOTE_CHARS`].
pub fn note(note: Option<&str>) -> Result<Option<String>, InvalidInput> {
    let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(InvalidInput::new(
            "note",
            format!("write at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    Ok(Some(note.to_owned()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn each_way_round_trips_through_its_name() {
        for how in [
            Assistance::Phone,
            Assistance::Paper,
            Assistance::InPerson,
            Assistance::Advocate,
        ] {
            assert_eq!(how.as_str().parse::<Assistance>().unwrap(), how);
        }
        assert!("EMAIL".parse::<Assistance>().is_err());
    }

    #[test]
    fn a_note_is_optional_and_bounded() {
        assert_eq!(note(None).unwrap(), None);
        assert_eq!(note(Some("  ")).unwrap(), None);
        assert_eq!(note(Some(" by phone ")).unwrap().as_deref(), Some("by phone"));
        assert_eq!(note(Some(&"x".repeat(501))).unwrap_err().field, "note");
    }
}
