//! Co-designed improvements: their status machine, revisions, decisions
//! and progress ("you said, we did").

use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::account::UnknownVariant;
use crate::ids::{DecisionId, ForumId, ImprovementId, UserId};
use crate::validation::{InvalidInput, trimmed_text};

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    other => Err(UnknownVariant(other.to_owned())),
                }
            }
        }
    };
}

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

/// What the state of an improvement refuses, in the contract's terms (CONFLICT).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    RevisingDuringDecision,
    RevisingAfterAgreement,
    DecisionAlreadyOpen,
    NotADraft,
    NoOpenDecision,
    NotAgreed,
    DeliveredIsFinal,
}

impl Refused {
    pub fn message(self) -> &'static str {
        match self {
            Self::RevisingDuringDecision => {
                "a decision is open on this improvement: it cannot be revised until it closes"
            }
            Self::RevisingAfterAgreement => "this improvement has been agreed: it can no longer be revised",
            Self::DecisionAlreadyOpen => "a decision is already open on this improvement",
            Self::NotADraft => "only a draft improvement can go to a decision",
            Self::NoOpenDecision => "there is no open decision on this improvement",
            Self::NotAgreed => "progress is recorded only on agreed improvements",
            Self::DeliveredIsFinal => "this improvement has been delivered: progress cannot go back",
        }
    }
}

/// The improvement's status machine. Each function is one transition and
/// answers the new status or why the current one refuses it.
impl ImprovementStatus {
    pub fn revise(self) -> Result<Self, Refused> {
        match self {
            Self::Draft => Ok(Self::Draft),
            Self::InDecision => Err(Refused::RevisingDuringDecision),
            Self::Agreed | Self::InProgress | Self::Delivered => Err(Refused::RevisingAfterAgreement),
        }
    }

    pub fn open_decision(self) -> Result<Self, Refused> {
        match self {
            Self::Draft => Ok(Self::InDecision),
            Self::InDecision => Err(Refused::DecisionAlreadyOpen),
            _ => Err(Refused::NotADraft),
        }
    }

    /// An agreed decision makes it AGREED; any other outcome sends it back
    /// to DRAFT for redesign.
    pub fn close_decision(self, outcome: DecisionOutcome) -> Result<Self, Refused> {
        match (self, outcome) {
            (Self::InDecision, DecisionOutcome::Agreed) => Ok(Self::Agreed),
            (Self::InDecision, _) => Ok(Self::Draft),
            _ => Err(Refused::NoOpenDecision),
        }
    }

    pub fn record_progress(self, report: ProgressStatus) -> Result<Self, Refused> {
        match self {
            Self::Agreed | Self::InProgress => Ok(report.into()),
            Self::Delivered if report == ProgressStatus::Delivered => Ok(Self::Delivered),
            Self::Delivered => Err(Refused::DeliveredIsFinal),
            Self::Draft | Self::InDecision => Err(Refused::NotAgreed),
        }
    }

    /// Agreed, being delivered, or delivered: what "you said, we did" lists.
    pub fn is_agreed(self) -> bool {
        matches!(self, Self::Agreed | Self::InProgress | Self::Delivered)
    }
}

/// The statuses a progress report may set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressStatus {
    InProgress,
    Delivered,
}

impl From<ProgressStatus> for ImprovementStatus {
    fn from(status: ProgressStatus) -> Self {
        match status {
            ProgressStatus::InProgress => Self::InProgress,
            ProgressStatus::Delivered => Self::Delivered,
        }
    }
}

/// A progress report, checked: DELIVERED exactly at 100%, IN_PROGRESS below.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressReport {
    pub note: String,
    pub percent_complete: u8,
    pub status: ProgressStatus,
}

impl ProgressReport {
    pub fn parse(note: &str, percent_complete: i64, status: ImprovementStatus) -> Result<Self, InvalidInput> {
        let note = trimmed_text("note", note, 1, 2000)?;
        let percent = u8::try_from(percent_complete)
            .ok()
            .filter(|p| *p <= 100)
            .ok_or_else(|| InvalidInput::new("percentComplete", "must be 0 to 100"))?;
        let status = match status {
            ImprovementStatus::InProgress => ProgressStatus::InProgress,
            ImprovementStatus::Delivered => ProgressStatus::Delivered,
            _ => return Err(InvalidInput::new("status", "must be IN_PROGRESS or DELIVERED")),
        };
        match (status, percent) {
            (ProgressStatus::Delivered, p) if p != 100 => Err(InvalidInput::new(
                "percentComplete",
                "must be 100 when the status is DELIVERED",
            )),
            (ProgressStatus::InProgress, 100) => Err(InvalidInput::new(
                "status",
                "must be DELIVERED when the work is 100% complete",
            )),
            _ => Ok(Self {
                note,
                percent_complete: percent,
                status,
            }),
        }
    }
}

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

/// A decision's settings, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionTerms {
    pub rule: DecisionRule,
    pub quorum: f64,
    pub closes_at: Option<DateTime<Utc>>,
}

impl DecisionTerms {
    pub fn parse(
        rule: DecisionRule,
        quorum: f64,
        closes_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Self, InvalidInput> {
        if !(0.0..=1.0).contains(&quorum) {
            return Err(InvalidInput::new(
                "quorum",
                "must be between 0 and 1 (a share of the forum's members)",
            ));
        }
        if closes_at.is_some_and(|at| at <= now) {
            return Err(InvalidInput::new("closesAt", "must be in the future"));
        }
        Ok(Self {
            rule,
            quorum,
            closes_at,
        })
    }
}

/// A vote, checked: BLOCK needs a reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vote {
    pub position: Position,
    pub reason: Option<String>,
}

impl Vote {
    pub fn parse(position: Position, reason: Option<&str>) -> Result<Self, InvalidInput> {
        let reason = match reason.map(str::trim).filter(|r| !r.is_empty()) {
            Some(reason) => Some(trimmed_text("reason", reason, 1, 2000)?),
            None if position == Position::Block => {
                return Err(InvalidInput::new(
                    "reason",
                    "a BLOCK needs a reason, so the design can change",
                ));
            }
            None => None,
        };
        Ok(Self { position, reason })
    }
}

/// The count of a decision's votes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub agree: u32,
    pub disagree: u32,
    pub abstain: u32,
    pub block: u32,
}

impl Tally {
    pub fn of(positions: impl IntoIterator<Item = Position>) -> Self {
        let mut tally = Self::default();
        for position in positions {
            match position {
                Position::Agree => tally.agree += 1,
                Position::Disagree => tally.disagree += 1,
                Position::Abstain => tally.abstain += 1,
                Position::Block => tally.block += 1,
            }
        }
        tally
    }

    pub fn voters(&self) -> u32 {
        self.agree + self.disagree + self.abstain + self.block
    }
}

/// A closed decision's figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Verdict {
    pub outcome: DecisionOutcome,
    pub turnout: f64,
    pub quorum_met: bool,
}

/// The contract's outcome rules: below quorum, NO_QUORUM; MAJORITY agrees
/// when agree > disagree + block; CONSENT when nobody blocks and
/// agree > disagree.
pub fn decide(rule: DecisionRule, quorum: f64, tally: Tally, members: u32) -> Verdict {
    let turnout = if members == 0 {
        0.0
    } else {
        f64::from(tally.voters()) / f64::from(members)
    };
    let quorum_met = turnout >= quorum;
    let agreed = match rule {
        DecisionRule::Majority => tally.agree > tally.disagree + tally.block,
        DecisionRule::Consent => tally.block == 0 && tally.agree > tally.disagree,
    };
    let outcome = match (quorum_met, agreed) {
        (false, _) => DecisionOutcome::NoQuorum,
        (true, true) => DecisionOutcome::Agreed,
        (true, false) => DecisionOutcome::NotAgreed,
    };
    Verdict {
        outcome,
        turnout,
        quorum_met,
    }
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

/// A decision on an improvement. Counts are frozen at close.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub id: DecisionId,
    pub improvement_id: ImprovementId,
    pub rule: DecisionRule,
    pub quorum: f64,
    pub closes_at: Option<DateTime<Utc>>,
    pub state: DecisionState,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub outcome: Option<DecisionOutcome>,
    /// Frozen at close: (the count, the forum's members then).
    pub closed_tally: Option<(Tally, u32)>,
}

impl Decision {
    /// Open, and its closing time has come.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.state == DecisionState::Open && self.closes_at.is_some_and(|at| at <= now)
    }

    pub fn accepts_votes(&self, now: DateTime<Utc>) -> bool {
        self.state == DecisionState::Open && !self.is_due(now)
    }
}

/// A member's vote as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CastVote {
    pub voter_id: UserId,
    pub position: Position,
    pub reason: Option<String>,
    pub cast_at: DateTime<Utc>,
}

/// One entry of an improvement's progress history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressEntry {
    pub note: String,
    pub percent_complete: u8,
    pub status: ImprovementStatus,
    pub author_id: UserId,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ImprovementStatus::*;

    const ALL: [ImprovementStatus; 5] = [Draft, InDecision, Agreed, InProgress, Delivered];

    #[test]
    fn only_drafts_are_revised() {
        let allowed: Vec<_> = ALL.into_iter().filter(|s| s.revise().is_ok()).collect();
        assert_eq!(allowed, vec![Draft]);
        assert_eq!(InDecision.revise(), Err(Refused::RevisingDuringDecision));
        for agreed in [Agreed, InProgress, Delivered] {
            assert_eq!(agreed.revise(), Err(Refused::RevisingAfterAgreement));
        }
    }

    #[test]
    fn only_drafts_go_to_a_decision() {
        assert_eq!(Draft.open_decision(), Ok(InDecision));
        assert_eq!(InDecision.open_decision(), Err(Refused::DecisionAlreadyOpen));
        for later in [Agreed, InProgress, Delivered] {
            assert_eq!(later.open_decision(), Err(Refused::NotADraft));
        }
    }

    #[test]
    fn closing_a_decision_agrees_or_sends_back_to_draft() {
        assert_eq!(InDecision.close_decision(DecisionOutcome::Agreed), Ok(Agreed));
        assert_eq!(InDecision.close_decision(DecisionOutcome::NotAgreed), Ok(Draft));
        assert_eq!(InDecision.close_decision(DecisionOutcome::NoQuorum), Ok(Draft));
        for other in [Draft, Agreed, InProgress, Delivered] {
            assert_eq!(
                other.close_decision(DecisionOutcome::Agreed),
                Err(Refused::NoOpenDecision)
            );
        }
    }

    #[test]
    fn progress_moves_agreed_work_forward_and_never_back_from_delivered() {
        use ProgressStatus as P;
        assert_eq!(Agreed.record_progress(P::InProgress), Ok(InProgress));
        assert_eq!(Agreed.record_progress(P::Delivered), Ok(Delivered));
        assert_eq!(InProgress.record_progress(P::InProgress), Ok(InProgress));
        assert_eq!(InProgress.record_progress(P::Delivered), Ok(Delivered));
        assert_eq!(Delivered.record_progress(P::Delivered), Ok(Delivered));
        assert_eq!(
            Delivered.record_progress(P::InProgress),
            Err(Refused::DeliveredIsFinal)
        );
        assert_eq!(Draft.record_progress(P::InProgress), Err(Refused::NotAgreed));
        assert_eq!(InDecision.record_progress(P::Delivered), Err(Refused::NotAgreed));
    }

    #[test]
    fn progress_reports_are_checked() {
        assert!(ProgressReport::parse("Started", 40, InProgress).is_ok());
        assert!(ProgressReport::parse("Done", 100, Delivered).is_ok());
        assert_eq!(
            ProgressReport::parse("x", 101, InProgress).unwrap_err().field,
            "percentComplete"
        );
        assert_eq!(
            ProgressReport::parse("x", -1, InProgress).unwrap_err().field,
            "percentComplete"
        );
        assert_eq!(
            ProgressReport::parse("x", 90, Delivered).unwrap_err().field,
            "percentComplete"
        );
        assert_eq!(
            ProgressReport::parse("x", 100, InProgress).unwrap_err().field,
            "status"
        );
        assert_eq!(
            ProgressReport::parse("x", 50, Agreed).unwrap_err().field,
            "status"
        );
        assert_eq!(
            ProgressReport::parse("  ", 50, InProgress).unwrap_err().field,
            "note"
        );
    }

    #[test]
    fn a_block_needs_a_reason() {
        assert_eq!(Vote::parse(Position::Block, None).unwrap_err().field, "reason");
        assert_eq!(
            Vote::parse(Position::Block, Some("   ")).unwrap_err().field,
            "reason"
        );
        assert!(Vote::parse(Position::Block, Some("Not accessible to deaf members")).is_ok());
        assert_eq!(Vote::parse(Position::Agree, None).unwrap().reason, None);
    }

    #[test]
    fn decision_terms_are_checked() {
        let now = Utc::now();
        assert!(DecisionTerms::parse(DecisionRule::Consent, 0.0, None, now).is_ok());
        assert!(DecisionTerms::parse(DecisionRule::Consent, 1.0, None, now).is_ok());
        assert_eq!(
            DecisionTerms::parse(DecisionRule::Majority, 1.01, None, now)
                .unwrap_err()
                .field,
            "quorum"
        );
        assert_eq!(
            DecisionTerms::parse(DecisionRule::Majority, -0.1, None, now)
                .unwrap_err()
                .field,
            "quorum"
        );
        assert_eq!(
            DecisionTerms::parse(DecisionRule::Majority, 0.5, Some(now), now)
                .unwrap_err()
                .field,
            "closesAt"
        );
    }

    fn tally(agree: u32, disagree: u32, abstain: u32, block: u32) -> Tally {
        Tally {
            agree,
            disagree,
            abstain,
            block,
        }
    }

    #[test]
    fn majority_agrees_when_agree_outweighs_disagree_and_block() {
        let verdict = decide(DecisionRule::Majority, 0.5, tally(3, 1, 1, 1), 6);
        assert_eq!(verdict.outcome, DecisionOutcome::Agreed);
        assert_eq!(verdict.turnout, 1.0);
        assert_eq!(
            decide(DecisionRule::Majority, 0.0, tally(2, 1, 0, 1), 10).outcome,
            DecisionOutcome::NotAgreed
        );
    }

    #[test]
    fn consent_fails_on_any_block() {
        assert_eq!(
            decide(DecisionRule::Consent, 0.0, tally(9, 0, 0, 1), 10).outcome,
            DecisionOutcome::NotAgreed
        );
        assert_eq!(
            decide(DecisionRule::Consent, 0.0, tally(2, 1, 5, 0), 10).outcome,
            DecisionOutcome::Agreed
        );
        assert_eq!(
            decide(DecisionRule::Consent, 0.0, tally(1, 1, 0, 0), 10).outcome,
            DecisionOutcome::NotAgreed
        );
    }

    #[test]
    fn below_quorum_there_is_no_decision() {
        let verdict = decide(DecisionRule::Majority, 0.5, tally(2, 0, 0, 0), 5);
        assert_eq!(verdict.outcome, DecisionOutcome::NoQuorum);
        assert!(!verdict.quorum_met);
        assert_eq!(verdict.turnout, 0.4);
        assert!(decide(DecisionRule::Majority, 0.4, tally(2, 0, 0, 0), 5).quorum_met);
    }

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
