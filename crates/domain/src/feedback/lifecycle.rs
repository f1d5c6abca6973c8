//! The item's state machine: `RECEIVED` → `ACKNOWLEDGED` → `RESPONDED`; a
//! corporate complaint answered at stage 1 may be escalated to stage 2
//! (`ESCALATED`, new clocks) and answered again; anything that is not a
//! complaint is `CLOSED` by its response; the outcome `WITHDRAWN` makes it
//! `WITHDRAWN`. Each transition answers why the current state refuses it.

use chrono::{DateTime, NaiveDate, Utc};

use super::clocks::CORPORATE_EXTENSION_DAYS;
use super::{ComplaintRoute, FeedbackKind, FeedbackOutcome, FeedbackStatus, Standing, WorkingDays};
use crate::ids::UserId;
use crate::validation::InvalidInput;

/// What the item's state refuses (the contract's `CONFLICT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    AlreadyAcknowledged,
    AlreadyResponded,
    Withdrawn,
    Closed,
    NotACorporateComplaint,
    AlreadyAtStageTwo,
    NotYetAnswered,
    SameResponder,
    NoClock,
    NotAComplaint,
}

impl Refused {
    pub fn message(self) -> &'static str {
        match self {
            Self::AlreadyAcknowledged => "This has already been acknowledged at this stage.",
            Self::AlreadyResponded => "This has already been answered at this stage.",
            Self::Withdrawn => "This has been withdrawn.",
            Self::Closed => "This is closed.",
            Self::NotACorporateComplaint => {
                "Only a corporate complaint has a second stage. Adult social care complaints have one stage."
            }
            Self::AlreadyAtStageTwo => "This complaint is already at stage 2.",
            Self::NotYetAnswered => "A complaint can go to stage 2 only after its stage 1 response.",
            Self::SameResponder => {
                "Stage 2 must be answered by someone other than the person who answered stage 1."
            }
            Self::NoClock => "Only a complaint has a date to respond by.",
            Self::NotAComplaint => "Only a complaint can be referred to the Ombudsman.",
        }
    }
}

/// Why a transition was not made: bad input, or the state refuses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    Invalid(InvalidInput),
    Refused(Refused),
}

impl From<Refused> for Rejection {
    fn from(refused: Refused) -> Self {
        Self::Refused(refused)
    }
}

impl From<InvalidInput> for Rejection {
    fn from(invalid: InvalidInput) -> Self {
        Self::Invalid(invalid)
    }
}

impl Standing {
    /// Why the current stage takes no more action, if it does not.
    fn finished(&self) -> Option<Refused> {
        match self.status {
            FeedbackStatus::Responded => Some(Refused::AlreadyResponded),
            FeedbackStatus::Closed => Some(Refused::Closed),
            FeedbackStatus::Withdrawn => Some(Refused::Withdrawn),
            _ => None,
        }
    }

    pub fn acknowledge(&mut self, at: DateTime<Utc>, calendar: &WorkingDays) -> Result<(), Refused> {
        if let Some(refused) = self.finished() {
            return Err(refused);
        }
        if !self.awaits_acknowledgement() {
            return Err(Refused::AlreadyAcknowledged);
        }
        self.acknowledged_at = Some(at);
        self.status = FeedbackStatus::Acknowledged;
        // A corporate response is due counted from the acknowledgement.
        self.respond_by = self.effective_respond_by(calendar);
        Ok(())
    }

    /// Answers the current stage. A response to something not yet
    /// acknowledged acknowledges it too (a complaint resolved on the spot).
    pub fn respond(
        &mut self,
        at: DateTime<Utc>,
        responder: UserId,
        outcome: FeedbackOutcome,
        calendar: &WorkingDays,
    ) -> Result<(), Rejection> {
        check_outcome(self.kind, outcome)?;
        if let Some(refused) = self.finished() {
            return Err(refused.into());
        }
        if self.stage >= 2 && self.stage_one_responder == Some(responder) {
            return Err(Refused::SameResponder.into());
        }
        if self.acknowledged_at.is_none() {
            self.acknowledge(at, calendar)?;
        }
        self.responded_at = Some(at);
        self.responded_by = Some(responder);
        self.outcome = Some(outcome);
        self.status = match (outcome, self.kind) {
            (FeedbackOutcome::Withdrawn, _) => FeedbackStatus::Withdrawn,
            (_, FeedbackKind::Complaint) => FeedbackStatus::Responded,
            _ => FeedbackStatus::Closed,
        };
        Ok(())
    }

    /// Takes a corporate complaint answered at stage 1 to stage 2, with
    /// new clocks from today. The stage 1 outcome stays the latest until
    /// stage 2 is answered.
    pub fn escalate(&mut self, at: DateTime<Utc>, calendar: &WorkingDays) -> Result<(), Refused> {
        if self.kind != FeedbackKind::Complaint || self.route != Some(ComplaintRoute::Corporate) {
            return Err(Refused::NotACorporateComplaint);
        }
        if self.stage >= 2 {
            return Err(Refused::AlreadyAtStageTwo);
        }
        match self.status {
            FeedbackStatus::Responded => {}
            FeedbackStatus::Withdrawn => return Err(Refused::Withdrawn),
            _ => return Err(Refused::NotYetAnswered),
        }
        self.stage = 2;
        self.status = FeedbackStatus::Escalated;
        self.escalated_at = Some(at);
        self.stage_one_responder = self.responded_by;
        self.acknowledged_at = None;
        self.responded_at = None;
        self.responded_by = None;
        self.extended_to = None;
        self.start_clocks(calendar);
        Ok(())
    }

    /// Puts off the response to `to`: for an adult social care complaint,
    /// any later date agreed with the person; for a corporate one, at most
    /// 10 working days past the date the code gives.
    pub fn extend(
        &mut self,
        to: NaiveDate,
        today: NaiveDate,
        calendar: &WorkingDays,
    ) -> Result<(), Rejection> {
        let Some(due) = self.due_response(calendar) else {
            return Err(Refused::NoClock.into());
        };
        if let Some(refused) = self.finished() {
            return Err(refused.into());
        }
        let current = self.respond_by.unwrap_or(due);
        if to <= current || to < today {
            return Err(InvalidInput::new(
                "respondBy",
                format!("must be after the current date to respond by, {current}, and not in the past"),
            )
            .into());
        }
        if self.route == Some(ComplaintRoute::Corporate) {
            let latest = calendar.after(due, CORPORATE_EXTENSION_DAYS);
            if to > latest {
                return Err(InvalidInput::new(
                    "respondBy",
                    format!(
                        "can be at most {CORPORATE_EXTENSION_DAYS} working days after {due}: {latest} at the latest"
                    ),
                )
                .into());
            }
        }
        self.extended_to = Some(to);
        self.respond_by = Some(to);
        Ok(())
    }
}

/// A complaint ends upheld, partly upheld, not upheld or withdrawn;
/// anything else resolved or withdrawn.
pub fn check_outcome(kind: FeedbackKind, outcome: FeedbackOutcome) -> Result<(), InvalidInput> {
    use FeedbackOutcome::*;
    let fits = match kind {
        FeedbackKind::Complaint => matches!(outcome, Upheld | PartlyUpheld | NotUpheld | Withdrawn),
        _ => matches!(outcome, Resolved | Withdrawn),
    };
    if fits {
        Ok(())
    } else if kind == FeedbackKind::Complaint {
        Err(InvalidInput::new(
            "outcome",
            "must be UPHELD, PARTLY_UPHELD, NOT_UPHELD or WITHDRAWN for a complaint",
        ))
    } else {
        Err(InvalidInput::new(
            "outcome",
            "must be RESOLVED or WITHDRAWN for anything that is not a complaint",
        ))
    }
}

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
mod tests;
