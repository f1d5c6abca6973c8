//! The figures of `feedbackReport`: what was received in a period, how
//! complaints ended and whether they were answered on time, the themes
//! and the months. Nothing personal goes in.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};

use super::{FeedbackKind, FeedbackOutcome, OmbudsmanOutcome, day_in_england};

/// One item as the report counts it.
#[derive(Clone, Debug)]
pub struct Counted {
    pub kind: FeedbackKind,
    pub received_at: DateTime<Utc>,
    pub themes: Vec<String>,
    /// The latest outcome.
    pub outcome: Option<FeedbackOutcome>,
    pub acknowledged_on_time: Option<bool>,
    pub responded_on_time: Option<bool>,
    pub overdue_now: bool,
    pub ombudsman: Option<Option<OmbudsmanOutcome>>,
    pub remedies_due: u64,
    pub remedies_done: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComplaintFigures {
    pub received: u64,
    pub well_founded: u64,
    pub upheld: u64,
    pub partly_upheld: u64,
    pub not_upheld: u64,
    pub acknowledged_on_time: u64,
    pub responded_on_time: u64,
    pub overdue_now: u64,
    pub referred_to_ombudsman: u64,
    pub ombudsman_upheld: u64,
    /// Remedies asked for and not yet done.
    pub remedies_due: u64,
    pub remedies_done: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeFigures {
    pub theme: String,
    pub count: u64,
    pub complaints: u64,
    pub well_founded: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackReport {
    /// Every kind, in the contract's order, with its count.
    pub received: Vec<(FeedbackKind, u64)>,
    pub complaints: ComplaintFigures,
    /// Highest count first, then by name.
    pub themes: Vec<ThemeFigures>,
    /// Every calendar month in the period, `YYYY-MM`, with its count.
    pub months: Vec<(String, u64)>,
}

/// The report over `items`, which are those received in [from, to).
pub fn report(items: &[Counted], from: DateTime<Utc>, to: DateTime<Utc>) -> FeedbackReport {
    let received = FeedbackKind::ALL
        .iter()
        .map(|&kind| (kind, items.iter().filter(|i| i.kind == kind).count() as u64))
        .collect();
    let complaints: Vec<&Counted> = items
        .iter()
        .filter(|i| i.kind == FeedbackKind::Complaint)
        .collect();
    FeedbackReport {
        received,
        complaints: complaint_figures(&complaints),
        themes: theme_figures(items),
        months: month_figures(items, from, to),
    }
}

fn complaint_figures(complaints: &[&Counted]) -> ComplaintFigures {
    let count = |test: &dyn Fn(&Counted) -> bool| complaints.iter().filter(|c| test(c)).count() as u64;
    let outcome_is = |wanted: FeedbackOutcome| move |c: &Counted| c.outcome == Some(wanted);
    ComplaintFigures {
        received: complaints.len() as u64,
        well_founded: count(&|c| c.outcome.is_some_and(FeedbackOutcome::well_founded)),
        upheld: count(&outcome_is(FeedbackOutcome::Upheld)),
        partly_upheld: count(&outcome_is(FeedbackOutcome::PartlyUpheld)),
        not_upheld: count(&outcome_is(FeedbackOutcome::NotUpheld)),
        acknowledged_on_time: count(&|c| c.acknowledged_on_time == Some(true)),
        responded_on_time: count(&|c| c.responded_on_time == Some(true)),
        overdue_now: count(&|c| c.overdue_now),
        referred_to_ombudsman: count(&|c| c.ombudsman.is_some()),
        ombudsman_upheld: count(&|c| c.ombudsman == Some(Some(OmbudsmanOutcome::Upheld))),
        remedies_due: complaints.iter().map(|c| c.remedies_due).sum(),
        remedies_done: complaints.iter().map(|c| c.remedies_done).sum(),
    }
}

fn theme_figures(items: &[Counted]) -> Vec<ThemeFigures> {
    let mut themes: BTreeMap<&str, ThemeFigures> = BTreeMap::new();
    for item in items {
        for theme in &item.themes {
            let figures = themes.entry(theme).or_insert_with(|| ThemeFigures {
                theme: theme.clone(),
                count: 0,
                complaints: 0,
                well_founded: 0,
            });
            figures.count += 1;
            if item.kind == FeedbackKind::Complaint {
                figures.complaints += 1;
                if item.outcome.is_some_and(FeedbackOutcome::well_founded) {
                    figures.well_founded += 1;
                }
            }
        }
    }
    let mut themes: Vec<ThemeFigures> = themes.into_values().collect();
    // Stable: names are already in order, so ties stay by name.
    themes.sort_by_key(|t| std::cmp::Reverse(t.count));
    themes
}

/// Every month the period covers a whole day of, in England, so that a
/// year asked as UTC midnights or as England midnights lists the same 12
/// months. An item received in a sliver of a month left out (the first
/// hour of a BST year asked in UTC) counts in the nearest month listed.
fn month_figures(items: &[Counted], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(String, u64)> {
    if to <= from {
        return Vec::new();
    }
    let just_before = |at: DateTime<Utc>| day_in_england(at - chrono::Duration::nanoseconds(1));
    let starts_a_day = day_in_england(from) != just_before(from);
    let first_whole = if starts_a_day {
        day_in_england(from)
    } else {
        day_in_england(from) + Days::new(1)
    };
    let last_whole = day_in_england(to) - Days::new(1);
    let (first, last) = if first_whole <= last_whole {
        (first_of_month(first_whole), first_of_month(last_whole))
    } else {
        let only = first_of_month(day_in_england(from));
        (only, only)
    };
    let mut counts: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    let mut month = first;
    while month <= last {
        counts.insert(month, 0);
        month = month + Months::new(1);
    }
    for item in items {
        let month = first_of_month(day_in_england(item.received_at)).clamp(first, last);
        *counts.entry(month).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(month, count)| (month.format("%Y-%m").to_string(), count))
        .collect()
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
