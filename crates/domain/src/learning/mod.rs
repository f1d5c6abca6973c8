//! Learning plans (contract, "Version 2", "Learning plans"): an agreed
//! improvement's actions (who does what by when), and the answer given to
//! each safeguarding review finding for the Safeguarding Adults Board.

use chrono::{DateTime, NaiveDate, Utc};

use crate::finding::FindingSource;
use crate::ids::{ActionId, FindingId, ImprovementId, UserId};
use crate::improvement::ImprovementStatus;
use crate::validation::{InvalidInput, trimmed_text};

named_enum!(
    /// Where an action is.
    ActionStatus {
        NotStarted => "NOT_STARTED",
        InProgress => "IN_PROGRESS",
        Done => "DONE",
        Dropped => "DROPPED",
    }
);

named_enum!(
    /// What became of a safeguarding review finding (Care Act 2014,
    /// schedule 2: the board reports why any was not implemented).
    FindingResponse {
        Implemented => "IMPLEMENTED",
        InHand => "IN_HAND",
        NotImplemented => "NOT_IMPLEMENTED",
    }
);

pub const NOTE_CHARS: usize = 1_000;
pub const REASON_CHARS: usize = 2_000;

/// What a state refuses (the contract's `CONFLICT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    NotAgreed,
    Finished,
}

impl Refused {
    pub fn message(self) -> &'static str {
        match self {
            Self::NotAgreed => "Actions are added only to an agreed improvement, or one in progress.",
            Self::Finished => "This action is done or dropped: it cannot change again.",
        }
    }
}

/// Why a change was not made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    Invalid(InvalidInput),
    Refused(Refused),
}

impl From<InvalidInput> for Rejection {
    fn from(invalid: InvalidInput) -> Self {
        Self::Invalid(invalid)
    }
}

impl From<Refused> for Rejection {
    fn from(refused: Refused) -> Self {
        Self::Refused(refused)
    }
}

/// One step of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub id: ActionId,
    pub improvement_id: ImprovementId,
    pub title: String,
    pub owner: Option<UserId>,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    pub done_on: Option<NaiveDate>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A new action, checked: title 3 to 200 characters, due today or later,
/// on an improvement that is agreed or under way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAction {
    pub title: String,
    pub due_on: NaiveDate,
}

impl NewAction {
    pub fn parse(
        improvement: ImprovementStatus,
        title: &str,
        due_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<Self, Rejection> {
        let title = trimmed_text("title", title, 3, 200)?;
        if due_on < today {
            return Err(InvalidInput::new("dueOn", "must be today or later").into());
        }
        if !matches!(
            improvement,
            ImprovementStatus::Agreed | ImprovementStatus::InProgress
        ) {
            return Err(Refused::NotAgreed.into());
        }
        Ok(Self { title, due_on })
    }
}

impl Action {
    /// Today (in England) is after its due day and it is neither done nor
    /// dropped.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        today > self.due_on && !self.finished()
    }

    pub fn finished(&self) -> bool {
        matches!(self.status, ActionStatus::Done | ActionStatus::Dropped)
    }

    /// Moves it to `status`: `DROPPED` needs a note saying why; `DONE` is
    /// done today; a finished action does not change again.
    pub fn update(
        &mut self,
        status: ActionStatus,
        note: Option<&str>,
        today: NaiveDate,
    ) -> Result<(), Rejection> {
        let note = match note {
            Some(text) if !crate::validation::is_blank(text) => {
                Some(trimmed_text("note", text, 1, NOTE_CHARS)?)
            }
            _ => None,
        };
        if status == ActionStatus::Dropped && note.is_none() {
            return Err(InvalidInput::new("note", "say why the action is dropped").into());
        }
        if self.finished() {
            return Err(Refused::Finished.into());
        }
        self.status = status;
        self.done_on = (status == ActionStatus::Done).then_some(today);
        if note.is_some() {
            self.note = note;
        }
        Ok(())
    }
}

/// The answer to a safeguarding review finding, checked: only such
/// findings take one, and "not implemented" needs its reason.
pub fn check_response(
    source: FindingSource,
    response: FindingResponse,
    reason: Option<&str>,
) -> Result<Option<String>, InvalidInput> {
    if source != FindingSource::SafeguardingReview {
        return Err(InvalidInput::new(
            "findingId",
            "must be a finding from a safeguarding review",
        ));
    }
    let reason = match reason {
        Some(text) if !crate::validation::is_blank(text) => {
            Some(trimmed_text("reason", text, 1, REASON_CHARS)?)
        }
        _ => None,
    };
    if response == FindingResponse::NotImplemented && reason.is_none() {
        return Err(InvalidInput::new(
            "reason",
            "say why the finding is not implemented",
        ));
    }
    Ok(reason)
}

/// A finding's latest answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub finding_id: FindingId,
    pub response: FindingResponse,
    pub reason: Option<String>,
}

/// `safeguardingReport`'s counts: by latest response, and none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SafeguardingCounts {
    pub implemented: u64,
    pub in_hand: u64,
    pub not_implemented: u64,
    pub no_response: u64,
}

pub fn count_responses<'a>(
    responses: impl IntoIterator<Item = Option<&'a FindingResponse>>,
) -> SafeguardingCounts {
    let mut counts = SafeguardingCounts::default();
    for response in responses {
        match response {
            Some(FindingResponse::Implemented) => counts.implemented += 1,
            Some(FindingResponse::InHand) => counts.in_hand += 1,
            Some(FindingResponse::NotImplemented) => counts.not_implemented += 1,
            None => counts.no_response += 1,
        }
    }
    counts
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
