//! What the council is told, checked: an item logged by staff
//! (`logFeedback`) or told by anyone through "Tell us" (`submitFeedback`).

use chrono::{DateTime, Duration, Utc};

use super::{Channel, ComplaintRoute, FeedbackKind, PersonalDetails};
use crate::finding::normalize_themes;
use crate::validation::{InvalidInput, trimmed_text};

pub const SUMMARY_CHARS: (usize, usize) = (3, 300);
pub const DETAILS_CHARS: usize = 20_000;
pub const NAME_CHARS: usize = 200;
pub const CONTACT_CHARS: usize = 300;
pub const ADJUSTMENTS_CHARS: usize = 1_000;
pub const SERVICE_CHARS: usize = 100;

/// What was typed, as it arrived.
#[derive(Clone, Debug, Default)]
pub struct FeedbackDraft<'a> {
    pub kind: Option<FeedbackKind>,
    pub route: Option<ComplaintRoute>,
    pub channel: Option<Channel>,
    pub received_at: Option<DateTime<Utc>>,
    pub summary: &'a str,
    pub details: Option<&'a str>,
    pub themes: &'a [String],
    pub service: Option<&'a str>,
    pub person_name: Option<&'a str>,
    pub contact: Option<&'a str>,
    pub adjustments: Option<&'a str>,
}

/// A new item, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFeedback {
    pub kind: FeedbackKind,
    pub route: Option<ComplaintRoute>,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub summary: String,
    pub themes: Vec<String>,
    pub service: Option<String>,
    pub personal: PersonalDetails,
}

impl NewFeedback {
    /// Logged by staff: a complaint needs its route, nothing else may have
    /// one; `receivedAt` defaults to now and may not be in the future.
    pub fn logged(draft: &FeedbackDraft<'_>, now: DateTime<Utc>) -> Result<Self, InvalidInput> {
        let kind = draft
            .kind
            .ok_or_else(|| InvalidInput::new("kind", "is required"))?;
        let channel = draft
            .channel
            .ok_or_else(|| InvalidInput::new("channel", "is required"))?;
        let route = match (kind, draft.route) {
            (FeedbackKind::Complaint, Some(route)) => Some(route),
            (FeedbackKind::Complaint, None) => {
                return Err(InvalidInput::new(
                    "route",
                    "is required for a complaint: ADULT_SOCIAL_CARE or CORPORATE",
                ));
            }
            (_, None) => None,
            (_, Some(_)) => {
                return Err(InvalidInput::new("route", "is only for complaints: leave it out"));
            }
        };
        let received_at = draft.received_at.unwrap_or(now);
        if received_at > now + Duration::minutes(5) {
            return Err(InvalidInput::new("receivedAt", "must not be in the future"));
        }
        Ok(Self {
            kind,
            route,
            channel,
            received_at,
            summary: trimmed_text("summary", draft.summary, SUMMARY_CHARS.0, SUMMARY_CHARS.1)?,
            themes: normalize_themes(draft.themes)?,
            service: optional("service", draft.service, SERVICE_CHARS)?,
            personal: personal(draft)?,
        })
    }

    /// Told by anyone through the web: channel `WEB`, received now, and a
    /// complaint routed `ADULT_SOCIAL_CARE` (coforum serves adult social care).
    pub fn submitted(draft: &FeedbackDraft<'_>, now: DateTime<Utc>) -> Result<Self, InvalidInput> {
        let kind = draft
            .kind
            .ok_or_else(|| InvalidInput::new("kind", "is required"))?;
        let routed = FeedbackDraft {
            route: (kind == FeedbackKind::Complaint).then_some(ComplaintRoute::AdultSocialCare),
            channel: Some(Channel::Web),
            received_at: None,
            themes: &[],
            service: None,
            ..draft.clone()
        };
        Self::logged(&routed, now)
    }
}

fn personal(draft: &FeedbackDraft<'_>) -> Result<PersonalDetails, InvalidInput> {
    let details = match draft.details {
        Some(text) if text.chars().count() > DETAILS_CHARS => {
            return Err(InvalidInput::new(
                "details",
                format!("must be at most {DETAILS_CHARS} characters long"),
            ));
        }
        Some(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        _ => None,
    };
    Ok(PersonalDetails {
        person_name: optional("personName", draft.person_name, NAME_CHARS)?,
        contact: optional("contact", draft.contact, CONTACT_CHARS)?,
        adjustments: optional("adjustments", draft.adjustments, ADJUSTMENTS_CHARS)?,
        details,
        response: None,
    })
}

/// An optional text: blank is none, else the shared text rule.
pub fn optional(field: &'static str, raw: Option<&str>, max: usize) -> Result<Option<String>, InvalidInput> {
    match raw {
        Some(text) if !crate::validation::is_blank(text) => trimmed_text(field, text, 1, max).map(Some),
        _ => Ok(None),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn draft(kind: FeedbackKind, route: Option<ComplaintRoute>) -> FeedbackDraft<'static> {
        FeedbackDraft {
            kind: Some(kind),
            route,
            channel: Some(Channel::Phone),
            summary: "Carer came late three times",
            ..FeedbackDraft::default()
        }
    }

    #[test]
    fn a_complaint_needs_a_route_and_nothing_else_may_have_one() {
        let now = Utc::now();
        let missing = NewFeedback::logged(&draft(FeedbackKind::Complaint, None), now);
        assert_eq!(missing.unwrap_err().field, "route");
        let extra = NewFeedback::logged(
            &draft(FeedbackKind::Compliment, Some(ComplaintRoute::Corporate)),
            now,
        );
        assert_eq!(extra.unwrap_err().field, "route");
        assert!(NewFeedback::logged(&draft(FeedbackKind::Compliment, None), now).is_ok());
    }

    #[test]
    fn a_submitted_complaint_is_adult_social_care_by_web() {
        let item = NewFeedback::submitted(&draft(FeedbackKind::Complaint, None), Utc::now()).unwrap();
        assert_eq!(item.route, Some(ComplaintRoute::AdultSocialCare));
        assert_eq!(item.channel, Channel::Web);
    }

    #[test]
    fn blank_personal_details_are_none() {
        let mut typed = draft(FeedbackKind::Suggestion, None);
        typed.person_name = Some("  ");
        typed.contact = Some("07700 900123");
        let item = NewFeedback::logged(&typed, Utc::now()).unwrap();
        assert_eq!(item.personal.person_name, None);
        assert_eq!(item.personal.contact.as_deref(), Some("07700 900123"));
    }
}
