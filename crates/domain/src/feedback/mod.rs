//! The feedback log (contract, "Version 2", "The feedback log"): every
//! complaint, service request, compliment and suggestion the council
//! hears, however it arrives, worked to the statutory clocks and counted
//! in the yearly report. There is no "informal" stage.

use chrono::{DateTime, NaiveDate, Utc};

use crate::ids::{FeedbackId, FindingId, ForumId, RemedyId, UserId};

/// England's working days.
pub mod calendar;
/// When an acknowledgement and a response are due.
pub mod clocks;
/// What the council is told: a logged or submitted item, checked.
pub mod intake;
/// Acknowledge, respond, escalate, extend: the item's state machine.
pub mod lifecycle;
/// Raising a finding from feedback, with nothing personal in it.
pub mod raise;
/// The figures of `feedbackReport`.
pub mod report;

pub use crate::finding::normalize_theme as normalize_filter_theme;
pub use calendar::{WorkingDays, day_in_england};
pub use lifecycle::Refused;

named_enum!(
    /// What the person told the council.
    FeedbackKind {
        Complaint => "COMPLAINT",
        ServiceRequest => "SERVICE_REQUEST",
        Compliment => "COMPLIMENT",
        Suggestion => "SUGGESTION",
    }
);

named_enum!(
    /// Which rules a complaint is handled under: the adult social care
    /// complaints regulations of 2009 (one stage), or the Ombudsman's
    /// complaint handling code for corporate complaints (two stages).
    ComplaintRoute {
        AdultSocialCare => "ADULT_SOCIAL_CARE",
        Corporate => "CORPORATE",
    }
);

named_enum!(
    /// How it reached the council.
    Channel {
        Phone => "PHONE",
        Email => "EMAIL",
        Letter => "LETTER",
        InPerson => "IN_PERSON",
        Web => "WEB",
        Forum => "FORUM",
        Advocate => "ADVOCATE",
    }
);

named_enum!(
    /// Where an item is in its life.
    FeedbackStatus {
        Received => "RECEIVED",
        Acknowledged => "ACKNOWLEDGED",
        Responded => "RESPONDED",
        Escalated => "ESCALATED",
        Closed => "CLOSED",
        Withdrawn => "WITHDRAWN",
    }
);

named_enum!(
    /// How an item ended at its current stage.
    FeedbackOutcome {
        Upheld => "UPHELD",
        PartlyUpheld => "PARTLY_UPHELD",
        NotUpheld => "NOT_UPHELD",
        Resolved => "RESOLVED",
        Withdrawn => "WITHDRAWN",
    }
);

named_enum!(
    /// What the Local Government and Social Care Ombudsman found.
    OmbudsmanOutcome {
        Upheld => "UPHELD",
        NotUpheld => "NOT_UPHELD",
        NotInvestigated => "NOT_INVESTIGATED",
    }
);

named_enum!(
    /// One line of an item's history.
    HistoryAction {
        Received => "RECEIVED",
        Acknowledged => "ACKNOWLEDGED",
        Assigned => "ASSIGNED",
        Extended => "EXTENDED",
        Responded => "RESPONDED",
        Escalated => "ESCALATED",
        Referred => "REFERRED",
        RemedyDone => "REMEDY_DONE",
        RaisedAsFinding => "RAISED_AS_FINDING",
    }
);

impl FeedbackOutcome {
    /// Upheld or partly upheld: the regulations' "well-founded".
    pub fn well_founded(self) -> bool {
        matches!(self, Self::Upheld | Self::PartlyUpheld)
    }
}

/// Personal details: shown only to the complaints team and admins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonalDetails {
    pub person_name: Option<String>,
    pub contact: Option<String>,
    pub adjustments: Option<String>,
    /// What happened, in the person's or the logger's words.
    pub details: Option<String>,
    /// What the council wrote back.
    pub response: Option<String>,
}

/// Where an item stands at its current stage: what the clocks and the
/// state machine need, nothing personal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub kind: FeedbackKind,
    pub route: Option<ComplaintRoute>,
    /// 1, or 2 after a corporate complaint is escalated.
    pub stage: u8,
    pub status: FeedbackStatus,
    pub received_at: DateTime<Utc>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledge_by: Option<NaiveDate>,
    pub respond_by: Option<NaiveDate>,
    /// A later respond-by date set by `extendFeedback` at this stage.
    pub extended_to: Option<NaiveDate>,
    pub responded_at: Option<DateTime<Utc>>,
    pub responded_by: Option<UserId>,
    /// Who answered stage 1, kept when a complaint goes to stage 2.
    pub stage_one_responder: Option<UserId>,
    pub outcome: Option<FeedbackOutcome>,
}

/// An Ombudsman referral and the remedies it asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Referral {
    pub referred_at: DateTime<Utc>,
    pub outcome: Option<OmbudsmanOutcome>,
    pub remedies: Vec<Remedy>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remedy {
    pub id: RemedyId,
    pub feedback_id: FeedbackId,
    pub text: String,
    pub done_at: Option<DateTime<Utc>>,
}

/// One change to an item, with who made it (none for the public).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub action: HistoryAction,
    pub actor: Option<UserId>,
    pub note: Option<String>,
}

/// An item of the log as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackItem {
    pub id: FeedbackId,
    pub reference: String,
    pub channel: Channel,
    pub standing: Standing,
    pub summary: String,
    pub themes: Vec<String>,
    pub service: Option<String>,
    pub personal: PersonalDetails,
    pub learning: Option<String>,
    pub forum_id: Option<ForumId>,
    pub handler: Option<UserId>,
    /// Who logged it (an officer or the complaints team), or who submitted
    /// it while signed in; none for a member of the public.
    pub logged_by: Option<UserId>,
    pub referral: Option<Referral>,
    pub findings: Vec<FindingId>,
}

impl FeedbackItem {
    /// Overdue today (a day in England), per the contract.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.standing.overdue(today)
    }
}
