use super::{DecisionOutcome, ImprovementStatus, ProgressStatus};

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
    pub const AGREED: [Self; 3] = [Self::Agreed, Self::InProgress, Self::Delivered];
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
}
