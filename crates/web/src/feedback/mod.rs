//! The feedback log's pages (contract, "The feedback log"): "Tell us" for
//! anyone, the complaints team's queue, each item with the actions allowed
//! now, logging by hand, the year's report, and raising a finding.

use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use coforum_app::ErrorCode;

use super::gql::Refused;
use super::layout::{FieldError, not_found, problem, refused};
use super::visitor::Visitor;

/// The item's actions: acknowledge, assign, extend, respond, escalate.
pub mod actions;
/// The feedback log's enums and their words.
pub mod codes;
/// One item: its details, history and the forms allowed now.
pub mod item;
/// Logging something received by phone, letter or in person.
pub mod new;
/// The Ombudsman's referral and its remedies.
pub mod ombudsman;
/// The work queue.
pub mod queue;
/// "Raise as a finding".
pub mod raise;
/// The year's report, its chart, table and CSV.
pub mod report;
/// Public "Tell us".
pub mod tell_us;

/// The schema's `DateTime`, as the API writes it (RFC 3339).
pub type DateTime = String;
/// The schema's `Date`: a day in England, "YYYY-MM-DD".
pub type Date = String;

/// A refused read of the log: only the complaints team, admins and
/// officers (for what they logged) may see these pages.
pub fn refused_page(v: &Visitor, refusal: &Refused, path: &str) -> Response {
    match refusal.code() {
        ErrorCode::Forbidden => problem(
            v,
            StatusCode::FORBIDDEN,
            "You cannot see this page",
            "Only the council's complaints team and officers can see the feedback log. If you want to tell the council something, use the Tell us page.",
        ),
        ErrorCode::NotFound => not_found(v),
        _ => refused(v, refusal, path),
    }
}

/// A refusal as a whole sentence in the pages' words: dates the API
/// writes as "2027-06-06" become "6 June 2027".
pub fn plain(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        match from.get(..10).and_then(parse_day) {
            Some(date) => {
                out.push_str(&date.format("%-d %B %Y").to_string());
                rest = &from[10..];
            }
            None => {
                let digits = from.find(|c: char| !c.is_ascii_digit()).unwrap_or(from.len());
                out.push_str(&from[..digits]);
                rest = &from[digits..];
            }
        }
    }
    out.push_str(rest);
    crate::layout::sentence(&out)
}

/// The errors of a refused form, each a whole sentence.
pub fn sentences(errors: Vec<FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|e| FieldError {
            text: plain(&e.text),
            ..e
        })
        .collect()
}

/// Today, in England: what due dates are judged on.
pub fn today() -> NaiveDate {
    coforum_app::feedback::reads::today()
}

/// "Friday 11 December 2026".
pub fn day(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// A `Date` from the API as a day, or none.
pub fn parse_day(date: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// The day in England of an RFC 3339 time.
pub fn uk_day(rfc3339: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.with_timezone(&chrono_tz::Europe::London).date_naive())
}

/// A `Date` in words: "Friday 11 December 2026".
pub fn day_words(date: &str) -> String {
    parse_day(date).map_or_else(|| date.to_owned(), day)
}

/// When something is due, in words beside today: "today", "tomorrow
/// (Tuesday 8 December 2026)", "in 4 days (Friday 11 December 2026)",
/// "3 days ago (Friday 4 December 2026)".
pub fn due_words(date: NaiveDate, today: NaiveDate) -> String {
    let days = (date - today).num_days();
    match days {
        0 => "today".to_owned(),
        1 => format!("tomorrow ({})", day(date)),
        -1 => format!("yesterday ({})", day(date)),
        d if d > 1 => format!("in {d} days ({})", day(date)),
        d => format!("{} days ago ({})", -d, day(date)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_in_words() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        let on = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default();
        assert_eq!(due_words(on(7), today), "today");
        assert_eq!(due_words(on(8), today), "tomorrow (Tuesday 8 December 2026)");
        assert_eq!(due_words(on(11), today), "in 4 days (Friday 11 December 2026)");
        assert_eq!(due_words(on(4), today), "3 days ago (Friday 4 December 2026)");
        assert_eq!(day_words("2026-12-06"), "Sunday 6 December 2026");
        assert_eq!(day_words("not a date"), "not a date");
        assert_eq!(
            plain("The new date must be after 2027-06-06, and not in the past"),
            "The new date must be after 6 June 2027, and not in the past."
        );
        assert_eq!(plain("at most 10 remedies"), "At most 10 remedies.");
    }
}
