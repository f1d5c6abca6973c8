//! When an acknowledgement and a response are due (contract, "The
//! feedback log", the table of clocks). The day something happens is day
//! 0; "N working days after" is the Nth working day that follows it.

use chrono::{DateTime, Months, NaiveDate, Utc};

use super::{ComplaintRoute, FeedbackKind, FeedbackStatus, Standing, WorkingDays, day_in_england};

/// Working days to acknowledge a complaint, by route and stage.
fn days_to_acknowledge(route: ComplaintRoute) -> u32 {
    match route {
        ComplaintRoute::AdultSocialCare => 3,
        ComplaintRoute::Corporate => 5,
    }
}

/// Working days a corporate complaint's response takes after its
/// acknowledgement: 10 at stage 1, 20 at stage 2.
fn corporate_days_to_respond(stage: u8) -> u32 {
    if stage >= 2 { 20 } else { 10 }
}

/// How far past its due date a corporate complaint's response may be put
/// off by an extension.
pub const CORPORATE_EXTENSION_DAYS: u32 = 10;

/// Months the 2009 regulations allow for an adult social care response.
const ADULT_SOCIAL_CARE_MONTHS: u32 = 6;

impl Standing {
    /// A new item's standing: stage 1, received, with its clocks started.
    pub fn received(
        kind: FeedbackKind,
        route: Option<ComplaintRoute>,
        received_at: DateTime<Utc>,
        calendar: &WorkingDays,
    ) -> Self {
        let mut standing = Self {
            kind,
            route: if kind == FeedbackKind::Complaint {
                route
            } else {
                None
            },
            stage: 1,
            status: FeedbackStatus::Received,
            received_at,
            escalated_at: None,
            acknowledged_at: None,
            acknowledge_by: None,
            respond_by: None,
            extended_to: None,
            responded_at: None,
            responded_by: None,
            stage_one_responder: None,
            outcome: None,
        };
        standing.start_clocks(calendar);
        standing
    }

    /// The route, for a complaint; nothing else runs to a clock.
    fn complaint_route(&self) -> Option<ComplaintRoute> {
        if self.kind == FeedbackKind::Complaint {
            self.route
        } else {
            None
        }
    }

    /// The day the current stage started: received, or escalated.
    fn stage_started_on(&self) -> NaiveDate {
        day_in_england(self.escalated_at.unwrap_or(self.received_at))
    }

    /// Sets both due dates for the current stage from its start.
    pub(super) fn start_clocks(&mut self, calendar: &WorkingDays) {
        self.acknowledge_by = self
            .complaint_route()
            .map(|route| calendar.after(self.stage_started_on(), days_to_acknowledge(route)));
        self.respond_by = self.due_response(calendar);
    }

    /// The respond-by date the rules give, before any extension.
    pub fn due_response(&self, calendar: &WorkingDays) -> Option<NaiveDate> {
        match self.complaint_route()? {
            ComplaintRoute::AdultSocialCare => {
                let received = day_in_england(self.received_at);
                // chrono keeps the day of the month, or takes the month's last day.
                received.checked_add_months(Months::new(ADULT_SOCIAL_CARE_MONTHS))
            }
            ComplaintRoute::Corporate => {
                let from = match self.acknowledged_at {
                    Some(at) => day_in_england(at),
                    None => self.acknowledge_by?,
                };
                Some(calendar.after(from, corporate_days_to_respond(self.stage)))
            }
        }
    }

    /// The due response with this stage's extension, if later.
    pub(super) fn effective_respond_by(&self, calendar: &WorkingDays) -> Option<NaiveDate> {
        let due = self.due_response(calendar)?;
        Some(self.extended_to.map_or(due, |extended| extended.max(due)))
    }

    /// Waiting for an acknowledgement at the current stage.
    pub fn awaits_acknowledgement(&self) -> bool {
        matches!(self.status, FeedbackStatus::Received | FeedbackStatus::Escalated)
    }

    /// Waiting for a response at the current stage.
    pub fn awaits_response(&self) -> bool {
        matches!(
            self.status,
            FeedbackStatus::Received | FeedbackStatus::Acknowledged | FeedbackStatus::Escalated
        )
    }

    /// Past `acknowledgeBy` without an acknowledgement, or past
    /// `respondBy` without a response at the current stage.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        let late_acknowledging =
            self.awaits_acknowledgement() && self.acknowledge_by.is_some_and(|by| today > by);
        let late_responding = self.awaits_response() && self.respond_by.is_some_and(|by| today > by);
        late_acknowledging || late_responding
    }

    /// Acknowledged on or before its due date, at the current stage (null
    /// while not acknowledged or when nothing was due).
    pub fn acknowledged_on_time(&self) -> Option<bool> {
        let by = self.acknowledge_by?;
        self.acknowledged_at.map(|at| day_in_england(at) <= by)
    }

    /// Responded on or before its due date, at the current stage.
    pub fn responded_on_time(&self) -> Option<bool> {
        let by = self.respond_by?;
        self.responded_at.map(|at| day_in_england(at) <= by)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn noon(text: &str) -> DateTime<Utc> {
        let day = day(text);
        Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap())
    }

    /// The bank holidays of England and Wales in 2025 and 2026.
    fn calendar() -> WorkingDays {
        WorkingDays::new(
            [
                "2025-01-01",
                "2025-04-18",
                "2025-04-21",
                "2025-05-05",
                "2025-05-26",
                "2025-08-25",
                "2025-12-25",
                "2025-12-26",
                "2026-01-01",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-05-25",
                "2026-08-31",
                "2026-12-25",
                "2026-12-28",
            ]
            .map(day),
        )
    }

    fn complaint(route: ComplaintRoute, received: &str) -> Standing {
        Standing::received(FeedbackKind::Complaint, Some(route), noon(received), &calendar())
    }

    #[test]
    fn adult_social_care_acknowledges_in_three_working_days_across_easter() {
        // Received Maundy Thursday 2026: Good Friday and Easter Monday do not count.
        let standing = complaint(ComplaintRoute::AdultSocialCare, "2026-04-02");
        assert_eq!(standing.acknowledge_by, Some(day("2026-04-09")));
        assert_eq!(standing.respond_by, Some(day("2026-10-02")));
    }

    #[test]
    fn six_months_keep_the_day_or_take_the_months_last() {
        let standing = complaint(ComplaintRoute::AdultSocialCare, "2025-08-31");
        assert_eq!(standing.respond_by, Some(day("2026-02-28")));
    }

    #[test]
    fn corporate_stage_one_counts_from_acknowledge_by_until_acknowledged() {
        // Friday 1 May 2026; Monday 4 May is the early May bank holiday.
        let standing = complaint(ComplaintRoute::Corporate, "2026-05-01");
        assert_eq!(standing.acknowledge_by, Some(day("2026-05-11")));
        // 10 working days after 11 May, past the spring bank holiday on 25 May.
        assert_eq!(standing.respond_by, Some(day("2026-05-26")));
    }

    #[test]
    fn christmas_and_the_boxing_day_substitute_do_not_count() {
        // Thursday 24 December 2026: 25th, the weekend and Monday 28th are off.
        let standing = complaint(ComplaintRoute::AdultSocialCare, "2026-12-24");
        assert_eq!(standing.acknowledge_by, Some(day("2026-12-31")));
    }

    #[test]
    fn other_kinds_have_no_clocks() {
        let request = Standing::received(
            FeedbackKind::Compliment,
            Some(ComplaintRoute::Corporate),
            noon("2026-03-02"),
            &calendar(),
        );
        assert_eq!(
            (request.acknowledge_by, request.respond_by, request.route),
            (None, None, None)
        );
        assert!(!request.overdue(day("2030-01-01")));
    }

    #[test]
    fn overdue_the_day_after_the_due_date_not_on_it() {
        let standing = complaint(ComplaintRoute::AdultSocialCare, "2026-04-02");
        assert!(!standing.overdue(day("2026-04-09")));
        assert!(standing.overdue(day("2026-04-10")));
    }
}
