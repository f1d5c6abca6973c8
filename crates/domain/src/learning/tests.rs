#![allow(clippy::unwrap_used)]

use super::*;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn action(due: &str) -> Action {
    Action {
        id: ActionId::new(),
        improvement_id: ImprovementId::new(),
        title: "Write the easy read letter".into(),
        owner: None,
        due_on: day(due),
        status: ActionStatus::NotStarted,
        done_on: None,
        note: None,
        created_at: Utc::now(),
    }
}

#[test]
fn overdue_from_the_day_after_its_due_day_across_a_bank_holiday() {
    // Due on Good Friday 2026: still not overdue that day, overdue on the Saturday.
    let plan = action("2026-04-03");
    assert!(!plan.overdue(day("2026-04-03")));
    assert!(plan.overdue(day("2026-04-04")));
}

#[test]
fn overdue_counts_days_in_england_across_the_clocks_going_forward() {
    use crate::feedback::day_in_england;
    use chrono::TimeZone;
    // 23:30 UTC on Saturday 28 March 2026 is still the 28th in England
    // (GMT); the clocks go forward in the night: 23:30 UTC on the 29th is
    // 00:30 BST on the 30th.
    let plan = action("2026-03-29");
    let saturday_night = Utc.with_ymd_and_hms(2026, 3, 28, 23, 30, 0).unwrap();
    let sunday_night = Utc.with_ymd_and_hms(2026, 3, 29, 23, 30, 0).unwrap();
    assert!(!plan.overdue(day_in_england(saturday_night)));
    assert!(plan.overdue(day_in_england(sunday_night)));
}

#[test]
fn done_and_dropped_are_final_and_dropping_needs_a_note() {
    let today = day("2026-05-01");
    let mut plan = action("2026-05-10");
    assert!(matches!(
        plan.update(ActionStatus::Dropped, None, today),
        Err(Rejection::Invalid(_))
    ));
    plan.update(ActionStatus::InProgress, None, today).unwrap();
    plan.update(ActionStatus::Done, None, today).unwrap();
    assert_eq!(plan.done_on, Some(today));
    assert!(!plan.overdue(day("2026-06-01")));
    assert_eq!(
        plan.update(ActionStatus::InProgress, None, today),
        Err(Rejection::Refused(Refused::Finished))
    );
}

#[test]
fn actions_go_on_agreed_improvements_and_not_in_the_past() {
    let today = day("2026-05-01");
    assert!(NewAction::parse(ImprovementStatus::Agreed, "Do it", day("2026-05-01"), today).is_ok());
    assert!(matches!(
        NewAction::parse(ImprovementStatus::Agreed, "Do it", day("2026-04-30"), today),
        Err(Rejection::Invalid(_))
    ));
    assert_eq!(
        NewAction::parse(ImprovementStatus::Draft, "Do it", day("2026-05-02"), today),
        Err(Rejection::Refused(Refused::NotAgreed))
    );
}

#[test]
fn only_safeguarding_findings_take_an_answer_and_not_implemented_needs_a_reason() {
    let audit = check_response(FindingSource::Audit, FindingResponse::Implemented, None);
    assert_eq!(audit.unwrap_err().field, "findingId");
    let bare = check_response(
        FindingSource::SafeguardingReview,
        FindingResponse::NotImplemented,
        Some(" "),
    );
    assert_eq!(bare.unwrap_err().field, "reason");
    let counts = count_responses([
        Some(&FindingResponse::Implemented),
        None,
        Some(&FindingResponse::NotImplemented),
        Some(&FindingResponse::Implemented),
    ]);
    assert_eq!(
        (
            counts.implemented,
            counts.in_hand,
            counts.not_implemented,
            counts.no_response
        ),
        (2, 0, 1, 1)
    );
}
