//! Co-designed improvements: their status machine, revisions, decisions
//! and progress ("you said, we did").

use chrono::{DateTime, Utc};

use crate::ids::{ForumId, ImprovementId, UserId};
use crate::validation::{InvalidInput, trimmed_text};

/// Decisions: their terms, votes, and the outcome rules.
mod decision;
/// Progress reports: "we did".
mod progress;
/// The improvement's status machine.
mod status;

pub use decision::{CastVote, Decision, DecisionTerms, Tally, Verdict, Vote, decide};
pub use progress::{ProgressEntry, ProgressReport, ProgressStatus};
pub use status::Refused;

named_enum!(
    /// Where an improvement is in its life.
    ImprovementStatus {
        Draft => "DRAFT",
        InDecision => "IN_DECISION",
        Agreed => "AGREED",
        InProgress => "IN_PROGRESS",
        Delivered => "DELIVERED",
    }
);

named_enum!(
    /// How a decision is reached.
    DecisionRule { Majority => "MAJORITY", Consent => "CONSENT" }
);

named_enum!(
    /// A member's vote on a decision.
    Position { Agree => "AGREE", Disagree => "DISAGREE", Abstain => "ABSTAIN", Block => "BLOCK" }
);

named_enum!(
    DecisionOutcome { Agreed => "AGREED", NotAgreed => "NOT_AGREED", NoQuorum => "NO_QUORUM" }
);

named_enum!(
    DecisionState { Open => "OPEN", Closed => "CLOSED" }
);

/// An improvement's title and summary, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Design {
    pub title: String,
    pub summary: String,
}

impl Design {
    pub fn parse(title: &str, summary: &str) -> Result<Self, InvalidInput> {
        Ok(Self {
            title: trimmed_text("title", title, 3, 200)?,
            summary: trimmed_text("summary", summary, 1, 10_000)?,
        })
    }

    /// A revision: the current design with whatever changed. At least one of
    /// title and summary must be given.
    pub fn revise(&self, title: Option<&str>, summary: Option<&str>) -> Result<Self, InvalidInput> {
        if title.is_none() && summary.is_none() {
            return Err(InvalidInput::new("title", "give a new title or a new summary"));
        }
        Self::parse(title.unwrap_or(&self.title), summary.unwrap_or(&self.summary))
    }
}

/// Why a revision was made: 1 to 2,000 characters.
pub fn revision_note(raw: &str) -> Result<String, InvalidInput> {
    trimmed_text("note", raw, 1, 2000)
}

/// A co-designed improvement as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Improvement {
    pub id: ImprovementId,
    pub forum_id: ForumId,
    pub title: String,
    pub summary: String,
    pub status: ImprovementStatus,
    pub revision: u32,
    pub proposed_by: UserId,
    pub created_at: DateTime<Utc>,
    pub agreed_at: Option<DateTime<Utc>>,
}

/// One version of an improvement's design, kept whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    pub number: u32,
    pub title: String,
    pub summary: String,
    pub note: String,
    pub author_id: UserId,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_revision_changes_title_or_summary() {
        let design = Design::parse("Easy read letters", "Send letters in easy read.").unwrap();
        assert_eq!(design.revise(None, None).unwrap_err().field, "title");
        let revised = design
            .revise(None, Some("Send every letter in easy read too."))
            .unwrap();
        assert_eq!(revised.title, "Easy read letters");
        assert_eq!(Design::parse("ab", "x").unwrap_err().field, "title");
        assert_eq!(Design::parse("Title", " ").unwrap_err().field, "summary");
    }
}
