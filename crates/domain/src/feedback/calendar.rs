//! England's working days: Monday to Friday except the bank holidays of
//! England and Wales. The feedback log's clocks and the learning plans'
//! reminders count in these days, on calendar days in England.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use chrono_tz::Europe::London;

/// The bank holidays the calendar knows, and so its working days.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkingDays {
    holidays: BTreeSet<NaiveDate>,
}

impl WorkingDays {
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            holidays: holidays.into_iter().collect(),
        }
    }

    /// The same calendar with `more` holidays too (an override file adds
    /// later years to the shipped list).
    pub fn with(mut self, more: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.holidays.extend(more);
        self
    }

    pub fn is_bank_holiday(&self, day: NaiveDate) -> bool {
        self.holidays.contains(&day)
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_bank_holiday(day)
    }

    /// The `n`th working day after `start` (which is day 0, whatever it is).
    pub fn after(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut counted = 0;
        while counted < n {
            day = next_day(day);
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }

    /// The working day before `day`: when a reminder "one working day
    /// before" a due date is sent.
    pub fn before(&self, day: NaiveDate) -> NaiveDate {
        let mut earlier = day;
        loop {
            earlier = earlier.pred_opt().unwrap_or(NaiveDate::MIN);
            if self.is_working_day(earlier) || earlier == NaiveDate::MIN {
                return earlier;
            }
        }
    }

    /// The last year the calendar has a holiday in: beyond it, only
    /// weekends are known.
    pub fn last_year(&self) -> Option<i32> {
        self.holidays.last().map(|day| day.year())
    }
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(NaiveDate::MAX)
}

/// The calendar day in England at `at` (Europe/London: GMT or BST), the
/// day clocks count from.
pub fn day_in_england(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&London).date_naive()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// Christmas 2026: Friday 25 December, Boxing Day on Saturday moved
    /// to Monday 28 December.
    fn christmas_2026() -> WorkingDays {
        WorkingDays::new([day("2026-12-25"), day("2026-12-28"), day("2027-01-01")])
    }

    #[test]
    fn counts_past_weekends_and_substitute_days() {
        let calendar = christmas_2026();
        // Thursday 24th: day 1 is Tuesday 29th (Fri holiday, weekend, Mon substitute).
        assert_eq!(calendar.after(day("2026-12-24"), 1), day("2026-12-29"));
        assert_eq!(calendar.after(day("2026-12-24"), 3), day("2026-12-31"));
        // New Year's Day is a holiday too.
        assert_eq!(calendar.after(day("2026-12-24"), 4), day("2027-01-04"));
        assert_eq!(calendar.after(day("2026-12-24"), 0), day("2026-12-24"));
    }

    #[test]
    fn the_day_before_skips_back_over_holidays() {
        let calendar = christmas_2026();
        assert_eq!(calendar.before(day("2026-12-29")), day("2026-12-24"));
        assert_eq!(calendar.before(day("2026-12-30")), day("2026-12-29"));
        assert_eq!(calendar.before(day("2027-01-04")), day("2026-12-31"));
    }

    #[test]
    fn a_day_starts_at_midnight_in_england() {
        // 23:30 UTC on 30 June is 00:30 on 1 July in BST.
        let summer = Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap();
        assert_eq!(day_in_england(summer), day("2026-07-01"));
        // In winter England is on UTC.
        let winter = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(day_in_england(winter), day("2026-12-31"));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn calendar() -> WorkingDays {
            WorkingDays::new(
                [
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

        fn a_day() -> impl Strategy<Value = NaiveDate> {
            (0u64..800).prop_map(|offset| day("2025-11-01") + Days::new(offset))
        }

        proptest! {
            #[test]
            fn a_due_date_is_a_working_day_not_before_the_start(start in a_day(), n in 1u32..60) {
                let due = calendar().after(start, n);
                prop_assert!(calendar().is_working_day(due));
                prop_assert!(due > start);
            }

            #[test]
            fn more_days_never_come_sooner(start in a_day(), n in 0u32..60) {
                let calendar = calendar();
                prop_assert!(calendar.after(start, n + 1) > calendar.after(start, n));
            }

            #[test]
            fn the_working_day_before_is_one_step_back(start in a_day(), n in 2u32..60) {
                let calendar = calendar();
                prop_assert_eq!(calendar.before(calendar.after(start, n)), calendar.after(start, n - 1));
            }
        }
    }
}
