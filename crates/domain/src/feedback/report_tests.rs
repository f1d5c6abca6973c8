#![allow(clippy::unwrap_used)]

use chrono::TimeZone;

use super::*;

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap()
}

fn midnight(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

fn complaint(received_at: DateTime<Utc>, outcome: Option<FeedbackOutcome>, themes: &[&str]) -> Counted {
    Counted {
        kind: FeedbackKind::Complaint,
        received_at,
        themes: themes.iter().map(|t| t.to_string()).collect(),
        outcome,
        acknowledged_on_time: Some(true),
        responded_on_time: outcome.map(|_| true),
        overdue_now: outcome.is_none(),
        ombudsman: None,
        remedies_due: 0,
        remedies_done: 0,
    }
}

#[test]
fn counts_outcomes_themes_and_months() {
    let mut referred = complaint(at(2022, 5, 3), Some(FeedbackOutcome::Upheld), &["care visits"]);
    referred.ombudsman = Some(Some(OmbudsmanOutcome::Upheld));
    referred.remedies_done = 2;
    referred.remedies_due = 1;
    let compliment = Counted {
        kind: FeedbackKind::Compliment,
        ..complaint(at(2022, 6, 1), None, &["care visits"])
    };
    let items = vec![
        referred,
        complaint(
            at(2022, 4, 1),
            Some(FeedbackOutcome::PartlyUpheld),
            &["communication"],
        ),
        complaint(
            at(2022, 4, 2),
            Some(FeedbackOutcome::NotUpheld),
            &["communication"],
        ),
        complaint(at(2023, 3, 30), None, &["assessments"]),
        compliment,
    ];
    let report = report(&items, midnight(2022, 4, 1), midnight(2023, 4, 1));
    assert_eq!(report.received[0], (FeedbackKind::Complaint, 4));
    assert_eq!(report.received[2], (FeedbackKind::Compliment, 1));
    let c = &report.complaints;
    assert_eq!(
        (
            c.received,
            c.well_founded,
            c.upheld,
            c.partly_upheld,
            c.not_upheld
        ),
        (4, 2, 1, 1, 1)
    );
    assert_eq!((c.responded_on_time, c.overdue_now), (3, 1));
    assert_eq!(
        (
            c.referred_to_ombudsman,
            c.ombudsman_upheld,
            c.remedies_due,
            c.remedies_done
        ),
        (1, 1, 1, 2)
    );
    let names: Vec<_> = report
        .themes
        .iter()
        .map(|t| (t.theme.as_str(), t.count, t.complaints, t.well_founded))
        .collect();
    assert_eq!(
        names,
        vec![
            ("care visits", 2, 1, 1),
            ("communication", 2, 2, 1),
            ("assessments", 1, 1, 0)
        ]
    );
    assert_eq!(report.months.len(), 12);
    assert_eq!(report.months[0], ("2022-04".to_string(), 2));
    assert_eq!(report.months[11], ("2023-03".to_string(), 1));
}

#[test]
fn months_are_counted_in_england() {
    // 23:30 UTC on 30 April is 00:30 on 1 May in BST.
    let late = Utc.with_ymd_and_hms(2022, 4, 30, 23, 30, 0).unwrap();
    let items = vec![complaint(late, None, &[])];
    let report = report(&items, midnight(2022, 4, 1), midnight(2022, 6, 1));
    assert_eq!(
        report.months,
        vec![("2022-04".to_string(), 0), ("2022-05".to_string(), 1)]
    );
}

#[test]
fn a_year_asked_in_england_or_in_utc_lists_the_same_months() {
    // 1 April 2022 00:00 in England is 23:00 UTC on 31 March (BST).
    let england = report(
        &[],
        midnight(2022, 3, 31) + chrono::Duration::hours(23),
        midnight(2023, 3, 31) + chrono::Duration::hours(23),
    );
    let utc = report(&[], midnight(2022, 4, 1), midnight(2023, 4, 1));
    assert_eq!(england.months, utc.months);
    assert_eq!(utc.months.first().unwrap().0, "2022-04");
    assert_eq!(utc.months.last().unwrap().0, "2023-03");
    assert_eq!(utc.months.len(), 12);
}
