use chrono::{DateTime, Utc};

use super::{DecisionOutcome, DecisionRule, DecisionState, Position};
use crate::ids::{DecisionId, ImprovementId, UserId};
use crate::validation::{InvalidInput, trimmed_text};

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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
}
