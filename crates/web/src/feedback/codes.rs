//! The feedback log's enums, as its pages' generated types use them, with
//! the words the pages say for each.

use serde::{Deserialize, Serialize};

/// What the person told the council.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeedbackKind {
    Complaint,
    ServiceRequest,
    Compliment,
    Suggestion,
}

impl FeedbackKind {
    /// In the order "Tell us" offers them.
    pub const ALL: [Self; 4] = [
        Self::Complaint,
        Self::Compliment,
        Self::Suggestion,
        Self::ServiceRequest,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Complaint => "COMPLAINT",
            Self::ServiceRequest => "SERVICE_REQUEST",
            Self::Compliment => "COMPLIMENT",
            Self::Suggestion => "SUGGESTION",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Complaint => "Complaint",
            Self::ServiceRequest => "Request",
            Self::Compliment => "Compliment",
            Self::Suggestion => "Suggestion",
        }
    }

    /// The choice on "Tell us", with its hint.
    pub fn choice(self) -> (&'static str, &'static str) {
        match self {
            Self::Complaint => ("A complaint", "Something went wrong or was not good enough."),
            Self::Compliment => ("A compliment", "Someone or something was good."),
            Self::Suggestion => ("A suggestion", "An idea to make things better."),
            Self::ServiceRequest => ("A request", "You need something from us, like a visit or a form."),
        }
    }

    /// The outcomes a response may give.
    pub fn outcomes(self) -> &'static [FeedbackOutcome] {
        use FeedbackOutcome::*;
        match self {
            Self::Complaint => &[Upheld, PartlyUpheld, NotUpheld, Withdrawn],
            _ => &[Resolved, Withdrawn],
        }
    }
}

/// The rules a complaint is handled under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ComplaintRoute {
    AdultSocialCare,
    Corporate,
}

impl ComplaintRoute {
    pub const ALL: [Self; 2] = [Self::AdultSocialCare, Self::Corporate];

    pub fn code(self) -> &'static str {
        match self {
            Self::AdultSocialCare => "ADULT_SOCIAL_CARE",
            Self::Corporate => "CORPORATE",
        }
    }

    /// The choice when logging a complaint.
    pub fn choice(self) -> &'static str {
        match self {
            Self::AdultSocialCare => "Adult social care: one stage, answered within 6 months",
            Self::Corporate => "Anything else the council does: two stages, under the Ombudsman's code",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::AdultSocialCare => "Adult social care (one stage)",
            Self::Corporate => "Corporate (two stages)",
        }
    }
}

/// How it reached the council.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Channel {
    Phone,
    Email,
    Letter,
    InPerson,
    Web,
    Forum,
    Advocate,
}

impl Channel {
    /// What staff log by hand ("Tell us" is `WEB`).
    pub const LOGGED: [Self; 6] = [
        Self::Phone,
        Self::Letter,
        Self::InPerson,
        Self::Email,
        Self::Advocate,
        Self::Forum,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Phone => "PHONE",
            Self::Email => "EMAIL",
            Self::Letter => "LETTER",
            Self::InPerson => "IN_PERSON",
            Self::Web => "WEB",
            Self::Forum => "FORUM",
            Self::Advocate => "ADVOCATE",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Phone => "By phone",
            Self::Email => "By email",
            Self::Letter => "By letter",
            Self::InPerson => "In person",
            Self::Web => "On the website",
            Self::Forum => "At a forum",
            Self::Advocate => "Through an advocate",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeedbackStatus {
    Received,
    Acknowledged,
    Responded,
    Escalated,
    Closed,
    Withdrawn,
}

impl FeedbackStatus {
    /// Still waiting for the council to act.
    pub const OPEN: [Self; 3] = [Self::Received, Self::Acknowledged, Self::Escalated];

    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }

    /// The status in plain words.
    pub fn words(self) -> &'static str {
        match self {
            Self::Received => "New: not acknowledged yet",
            Self::Acknowledged => "Acknowledged: waiting for our response",
            Self::Escalated => "At stage 2: not acknowledged yet",
            Self::Responded => "Responded",
            Self::Closed => "Closed",
            Self::Withdrawn => "Withdrawn",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeedbackOutcome {
    Upheld,
    PartlyUpheld,
    NotUpheld,
    Resolved,
    Withdrawn,
}

impl FeedbackOutcome {
    pub fn code(self) -> &'static str {
        match self {
            Self::Upheld => "UPHELD",
            Self::PartlyUpheld => "PARTLY_UPHELD",
            Self::NotUpheld => "NOT_UPHELD",
            Self::Resolved => "RESOLVED",
            Self::Withdrawn => "WITHDRAWN",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Upheld => "Upheld: we got it wrong",
            Self::PartlyUpheld => "Partly upheld: we got some of it wrong",
            Self::NotUpheld => "Not upheld: we did not get it wrong",
            Self::Resolved => "Resolved",
            Self::Withdrawn => "Withdrawn: the person no longer wants it looked at",
        }
    }
}

/// What the Ombudsman found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OmbudsmanOutcome {
    Upheld,
    NotUpheld,
    NotInvestigated,
}

impl OmbudsmanOutcome {
    pub const ALL: [Self; 3] = [Self::Upheld, Self::NotUpheld, Self::NotInvestigated];

    pub fn code(self) -> &'static str {
        match self {
            Self::Upheld => "UPHELD",
            Self::NotUpheld => "NOT_UPHELD",
            Self::NotInvestigated => "NOT_INVESTIGATED",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Upheld => "Upheld: the Ombudsman found fault",
            Self::NotUpheld => "Not upheld: the Ombudsman found no fault",
            Self::NotInvestigated => "Not investigated",
        }
    }
}

/// One kind of change in an item's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeedbackAction {
    Received,
    Acknowledged,
    Assigned,
    Extended,
    Responded,
    Escalated,
    Referred,
    RemedyDone,
    RaisedAsFinding,
}

impl FeedbackAction {
    pub fn words(self) -> &'static str {
        match self {
            Self::Received => "Received",
            Self::Acknowledged => "Acknowledged",
            Self::Assigned => "Given to someone to handle",
            Self::Extended => "Date to respond by moved",
            Self::Responded => "Responded",
            Self::Escalated => "Taken to stage 2",
            Self::Referred => "Referred to the Ombudsman",
            Self::RemedyDone => "Remedy done",
            Self::RaisedAsFinding => "Raised as a finding",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::tests::{names, schema_values};

    #[test]
    fn the_enums_are_the_schemas() {
        use FeedbackKind as K;
        let kinds = [K::Complaint, K::ServiceRequest, K::Compliment, K::Suggestion];
        assert_eq!(names(&kinds), schema_values("FeedbackKind"));
        assert!(kinds.iter().all(|k| names(&[*k])[0] == k.code()));
        use ComplaintRoute as R;
        assert_eq!(names(&R::ALL), schema_values("ComplaintRoute"));
        assert!(R::ALL.iter().all(|r| names(&[*r])[0] == r.code()));
        use Channel as C;
        let channels = [
            C::Phone,
            C::Email,
            C::Letter,
            C::InPerson,
            C::Web,
            C::Forum,
            C::Advocate,
        ];
        assert_eq!(names(&channels), schema_values("Channel"));
        assert!(channels.iter().all(|c| names(&[*c])[0] == c.code()));
        use FeedbackStatus as S;
        let statuses = [
            S::Received,
            S::Acknowledged,
            S::Responded,
            S::Escalated,
            S::Closed,
            S::Withdrawn,
        ];
        assert_eq!(names(&statuses), schema_values("FeedbackStatus"));
        use FeedbackOutcome as O;
        let outcomes = [
            O::Upheld,
            O::PartlyUpheld,
            O::NotUpheld,
            O::Resolved,
            O::Withdrawn,
        ];
        assert_eq!(names(&outcomes), schema_values("FeedbackOutcome"));
        assert!(outcomes.iter().all(|o| names(&[*o])[0] == o.code()));
        assert_eq!(names(&OmbudsmanOutcome::ALL), schema_values("OmbudsmanOutcome"));
        use FeedbackAction as A;
        let actions = [
            A::Received,
            A::Acknowledged,
            A::Assigned,
            A::Extended,
            A::Responded,
            A::Escalated,
            A::Referred,
            A::RemedyDone,
            A::RaisedAsFinding,
        ];
        assert_eq!(names(&actions), schema_values("FeedbackAction"));
    }
}
