//! What officers pull: the latest ranking of each forum, comparable across
//! forums, and how findings' themes move over time.

use std::cmp::Ordering;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::finding::FindingSource;
use crate::validation::InvalidInput;

/// (n - rank) / (n - 1) over the n findings of a round; 1 when n = 1, so
/// rounds of different sizes and methods compare.
pub fn normalized_score(rank: u32, findings_in_round: u32) -> f64 {
    if findings_in_round <= 1 {
        1.0
    } else {
        f64::from(findings_in_round - rank) / f64::from(findings_in_round - 1)
    }
}

/// The order of merged priorities: normalized score, highest first; then
/// forum slug; then rank.
pub fn merged_order(a: (f64, &str, u32), b: (f64, &str, u32)) -> Ordering {
    b.0.total_cmp(&a.0)
        .then_with(|| a.1.cmp(b.1))
        .then_with(|| a.2.cmp(&b.2))
}

/// The order of theme trends: most findings first, then by theme.
pub fn trend_order(a: (u64, &str), b: (u64, &str)) -> Ordering {
    b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1))
}

/// The order of a trend's sources: most findings first, then by source.
pub fn source_order(a: &(FindingSource, u64), b: &(FindingSource, u64)) -> Ordering {
    b.1.cmp(&a.1).then(a.0.cmp(&b.0))
}

pub const DEFAULT_PRIORITIES: i64 = 50;
pub const MAX_PRIORITIES: i64 = 500;

/// `first` for priorities: 50 by default, 1 to 500.
pub fn priorities_page(first: Option<i64>) -> Result<usize, InvalidInput> {
    page_size("first", first, DEFAULT_PRIORITIES, MAX_PRIORITIES)
}

/// `priorityHistory` lists this many published rounds unless asked for
/// more: a few years of a forum's priorities.
pub const DEFAULT_HISTORY: i64 = 12;
pub const MAX_HISTORY: i64 = 50;

pub fn history_page(first: Option<i64>) -> Result<usize, InvalidInput> {
    page_size("first", first, DEFAULT_HISTORY, MAX_HISTORY)
}

/// A page size between 1 and `max`, `default` when absent.
pub fn page_size(
    field: &'static str,
    first: Option<i64>,
    default: i64,
    max: i64,
) -> Result<usize, InvalidInput> {
    let first = first.unwrap_or(default);
    if !(1..=max).contains(&first) {
        return Err(InvalidInput::new(field, format!("must be 1 to {max}")));
    }
    usize::try_from(first).map_err(|_| InvalidInput::new(field, format!("must be 1 to {max}")))
}

/// A calendar month, as `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(at: DateTime<Utc>) -> Self {
        Self {
            year: at.year(),
            month: at.month(),
        }
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    fn start(self) -> Option<DateTime<Utc>> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
    }

    pub fn label(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

pub const MAX_TREND_MONTHS: usize = 120;

/// Every calendar month that overlaps [from, to), oldest first.
pub fn months_between(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Month>, InvalidInput> {
    if from >= to {
        return Err(InvalidInput::new("to", "must be after from"));
    }
    let mut months = vec![Month::of(from)];
    loop {
        let next = months[months.len() - 1].next();
        match next.start() {
            Some(start) if start < to => months.push(next),
            _ => break,
        }
        if months.len() > MAX_TREND_MONTHS {
            return Err(InvalidInput::new(
                "to",
                format!("a range may span at most {MAX_TREND_MONTHS} months"),
            ));
        }
    }
    Ok(months)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn normalized_scores_run_from_one_to_zero() {
        assert_eq!(normalized_score(1, 5), 1.0);
        assert_eq!(normalized_score(3, 5), 0.5);
        assert_eq!(normalized_score(5, 5), 0.0);
        assert_eq!(normalized_score(1, 1), 1.0);
    }

    #[test]
    fn merged_order_is_score_then_slug_then_rank() {
        let mut entries = vec![
            (0.5, "b", 2),
            (1.0, "b", 1),
            (0.5, "a", 3),
            (0.5, "a", 2),
            (1.0, "a", 1),
        ];
        entries.sort_by(|x, y| merged_order(*x, *y));
        assert_eq!(
            entries,
            vec![
                (1.0, "a", 1),
                (1.0, "b", 1),
                (0.5, "a", 2),
                (0.5, "a", 3),
                (0.5, "b", 2)
            ]
        );
    }

    #[test]
    fn trends_go_by_count_then_theme() {
        let mut trends = vec![(2, "parking"), (5, "waiting"), (2, "food"), (7, "zz")];
        trends.sort_by(|x, y| trend_order(*x, *y));
        assert_eq!(
            trends,
            vec![(7, "zz"), (5, "waiting"), (2, "food"), (2, "parking")]
        );
    }

    #[test]
    fn sources_go_by_count_then_source() {
        use FindingSource::{Audit, Complaint, Other, Survey};
        let mut sources = vec![(Other, 3), (Survey, 1), (Complaint, 3), (Audit, 1)];
        sources.sort_by(source_order);
        assert_eq!(sources, vec![(Complaint, 3), (Other, 3), (Audit, 1), (Survey, 1)]);
    }

    #[test]
    fn first_is_bounded() {
        assert_eq!(priorities_page(None).unwrap(), 50);
        assert_eq!(priorities_page(Some(500)).unwrap(), 500);
        assert_eq!(priorities_page(Some(0)).unwrap_err().field, "first");
        assert!(priorities_page(Some(501)).is_err());
    }

    #[test]
    fn months_cover_the_range_with_empty_ones_included() {
        let from = Utc.with_ymd_and_hms(2025, 11, 15, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap();
        let labels: Vec<String> = months_between(from, to)
            .unwrap()
            .into_iter()
            .map(Month::label)
            .collect();
        assert_eq!(labels, vec!["2025-11", "2025-12", "2026-01"]);
        let to_mid = Utc.with_ymd_and_hms(2026, 2, 2, 0, 0, 0).unwrap();
        assert_eq!(months_between(from, to_mid).unwrap().len(), 4);
    }

    #[test]
    fn ranges_must_run_forwards_and_stay_bounded() {
        let at = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(months_between(at, at).unwrap_err().field, "to");
        let far = Utc.with_ymd_and_hms(2040, 1, 1, 0, 0, 0).unwrap();
        assert!(months_between(at, far).is_err());
    }
}
