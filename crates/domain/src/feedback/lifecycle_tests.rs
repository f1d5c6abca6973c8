#![allow(clippy::unwrap_used)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn noon(text: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day(text).and_hms_opt(12, 0, 0).unwrap())
}

fn calendar() -> WorkingDays {
    WorkingDays::new(["2026-05-04", "2026-05-25"].map(day))
}

fn corporate() -> Standing {
    Standing::received(
        FeedbackKind::Complaint,
        Some(ComplaintRoute::Corporate),
        noon("2026-05-01"),
        &calendar(),
    )
}

#[test]
fn acknowledging_moves_the_corporate_response_date() {
    let mut standing = corporate();
    standing.acknowledge(noon("2026-05-05"), &calendar()).unwrap();
    assert_eq!(standing.status, FeedbackStatus::Acknowledged);
    assert_eq!(standing.acknowledged_on_time(), Some(true));
    // 10 working days after Tuesday 5 May.
    assert_eq!(standing.respond_by, Some(day("2026-05-19")));
    assert_eq!(
        standing.acknowledge(noon("2026-05-06"), &calendar()),
        Err(Refused::AlreadyAcknowledged)
    );
}

#[test]
fn stage_two_needs_a_stage_one_answer_and_a_different_responder() {
    let calendar = calendar();
    let first = UserId::new();
    let mut standing = corporate();
    assert_eq!(
        standing.escalate(noon("2026-05-06"), &calendar),
        Err(Refused::NotYetAnswered)
    );
    standing
        .respond(noon("2026-05-06"), first, FeedbackOutcome::NotUpheld, &calendar)
        .unwrap();
    assert_eq!(standing.status, FeedbackStatus::Responded);
    assert_eq!(
        standing.respond(noon("2026-05-07"), first, FeedbackOutcome::Upheld, &calendar),
        Err(Rejection::Refused(Refused::AlreadyResponded))
    );
    standing.escalate(noon("2026-05-07"), &calendar).unwrap();
    assert_eq!((standing.stage, standing.status), (2, FeedbackStatus::Escalated));
    // 5 working days after Thursday 7 May, then 20 after that.
    assert_eq!(standing.acknowledge_by, Some(day("2026-05-14")));
    assert_eq!(standing.respond_by, Some(day("2026-06-12")));
    assert_eq!(standing.outcome, Some(FeedbackOutcome::NotUpheld));
    assert_eq!(
        standing.respond(noon("2026-05-08"), first, FeedbackOutcome::Upheld, &calendar),
        Err(Rejection::Refused(Refused::SameResponder))
    );
    standing
        .respond(
            noon("2026-05-08"),
            UserId::new(),
            FeedbackOutcome::Upheld,
            &calendar,
        )
        .unwrap();
    assert_eq!(standing.outcome, Some(FeedbackOutcome::Upheld));
    assert_eq!(
        standing.escalate(noon("2026-05-09"), &calendar),
        Err(Refused::AlreadyAtStageTwo)
    );
}

#[test]
fn adult_social_care_has_one_stage() {
    let calendar = calendar();
    let mut standing = Standing::received(
        FeedbackKind::Complaint,
        Some(ComplaintRoute::AdultSocialCare),
        noon("2026-05-01"),
        &calendar,
    );
    standing
        .respond(
            noon("2026-05-02"),
            UserId::new(),
            FeedbackOutcome::Upheld,
            &calendar,
        )
        .unwrap();
    assert_eq!(
        standing.escalate(noon("2026-05-03"), &calendar),
        Err(Refused::NotACorporateComplaint)
    );
}

#[test]
fn outcomes_fit_the_kind() {
    let calendar = calendar();
    let mut compliment = Standing::received(FeedbackKind::Compliment, None, noon("2026-05-01"), &calendar);
    assert!(matches!(
        compliment.respond(
            noon("2026-05-01"),
            UserId::new(),
            FeedbackOutcome::Upheld,
            &calendar
        ),
        Err(Rejection::Invalid(_))
    ));
    compliment
        .respond(
            noon("2026-05-01"),
            UserId::new(),
            FeedbackOutcome::Resolved,
            &calendar,
        )
        .unwrap();
    assert_eq!(compliment.status, FeedbackStatus::Closed);
    let mut complaint = corporate();
    assert!(matches!(
        complaint.respond(
            noon("2026-05-01"),
            UserId::new(),
            FeedbackOutcome::Resolved,
            &calendar
        ),
        Err(Rejection::Invalid(_))
    ));
    complaint
        .respond(
            noon("2026-05-01"),
            UserId::new(),
            FeedbackOutcome::Withdrawn,
            &calendar,
        )
        .unwrap();
    assert_eq!(complaint.status, FeedbackStatus::Withdrawn);
}

#[test]
fn a_corporate_extension_is_at_most_ten_working_days() {
    let calendar = calendar();
    let mut standing = corporate();
    // Due 26 May (see clocks); 10 working days later is 9 June.
    let today = day("2026-05-05");
    assert!(matches!(
        standing.extend(day("2026-06-10"), today, &calendar),
        Err(Rejection::Invalid(_))
    ));
    assert!(matches!(
        standing.extend(day("2026-05-26"), today, &calendar),
        Err(Rejection::Invalid(_))
    ));
    standing.extend(day("2026-06-09"), today, &calendar).unwrap();
    assert_eq!(standing.respond_by, Some(day("2026-06-09")));
    // A later acknowledgement keeps the extension.
    standing.acknowledge(noon("2026-05-06"), &calendar).unwrap();
    assert_eq!(standing.respond_by, Some(day("2026-06-09")));
}

#[test]
fn an_adult_social_care_extension_may_be_any_later_date() {
    let calendar = calendar();
    let mut standing = Standing::received(
        FeedbackKind::Complaint,
        Some(ComplaintRoute::AdultSocialCare),
        noon("2026-05-01"),
        &calendar,
    );
    standing
        .extend(day("2027-03-01"), day("2026-05-02"), &calendar)
        .unwrap();
    assert_eq!(standing.respond_by, Some(day("2027-03-01")));
    let mut request = Standing::received(FeedbackKind::ServiceRequest, None, noon("2026-05-01"), &calendar);
    assert_eq!(
        request.extend(day("2027-03-01"), day("2026-05-02"), &calendar),
        Err(Rejection::Refused(Refused::NoClock))
    );
}
