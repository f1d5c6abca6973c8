//! Plain words for the API's codes and times, at a reading age of about 9.

use std::borrow::Borrow;

use chrono::DateTime;
use chrono_tz::Europe::London;

/// Where a finding came from.
pub fn source(code: &str) -> &'static str {
    match code {
        "AUDIT" => "Audit",
        "COMPLAINT" => "Complaint",
        "COMPLIMENT" => "Compliment",
        "SAFEGUARDING_REVIEW" => "Safeguarding review",
        "ENGAGEMENT" => "Event or meeting",
        "SURVEY" => "Survey",
        _ => "Other",
    }
}

/// The sources in the order the "add a finding" form lists them.
pub const SOURCES: [&str; 7] = [
    "COMPLAINT",
    "COMPLIMENT",
    "AUDIT",
    "SURVEY",
    "ENGAGEMENT",
    "SAFEGUARDING_REVIEW",
    "OTHER",
];

/// A voting method, as a short name.
pub fn method(code: &str) -> &'static str {
    match code {
        "DOT" => "Dots",
        "APPROVAL" => "Tick the ones you agree with",
        "SCORE" => "Give each a score",
        "RANKED" => "Put them in order",
        _ => "Vote",
    }
}

/// A date as people in England write it: "3 March 2025", the day in UK
/// time (GMT or BST). Unreadable input is shown as it came.
pub fn date(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(time) => time.with_timezone(&London).format("%-d %B %Y").to_string(),
        Err(_) => rfc3339.to_owned(),
    }
}

/// A date and time in UK time, and saying so: "3 March 2025 at 2:05pm
/// (UK time)", as GOV.UK writes times.
pub fn date_time(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(time) => time
            .with_timezone(&London)
            .format("%-d %B %Y at %-I:%M%P (UK time)")
            .to_string(),
        Err(_) => rfc3339.to_owned(),
    }
}

/// A day, date and time in UK time, for when something closes: "Friday
/// 11 December 2026 at 5:00pm (UK time)".
pub fn day_time(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(time) => format!(
            "{} {}",
            time.with_timezone(&London).format("%A"),
            date_time(rfc3339)
        ),
        Err(_) => rfc3339.to_owned(),
    }
}

/// A share as a whole percentage: 0.5 is "50%".
pub fn percent(share: impl Borrow<f64>) -> String {
    format!("{:.0}%", share.borrow() * 100.0)
}

/// A score without needless decimals: 4 is "4", 2.5 is "2.5", 2.3333 is "2.33".
pub fn score(value: impl Borrow<f64>) -> String {
    let value = *value.borrow();
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.2}");
        text.trim_end_matches('0').to_owned()
    }
}

/// "1 finding", "2 findings".
pub fn count(n: impl Borrow<i64>, one: &str, many: &str) -> String {
    let n = *n.borrow();
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// About 300 characters of a finding's text, cut at a word, with "…"
/// when there is more.
pub fn excerpt(body: &str) -> String {
    const MOST: usize = 300;
    let body = body.trim();
    if body.chars().count() <= MOST {
        return body.to_owned();
    }
    let cut: String = body.chars().take(MOST).collect();
    let head = cut
        .rsplit_once(char::is_whitespace)
        .map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", head.trim_end())
}

#[cfg(test)]
mod tests {
    #[test]
    fn excerpts_are_short_and_cut_at_a_word() {
        assert_eq!(super::excerpt("  Short text. "), "Short text.");
        let long = "word ".repeat(100);
        let cut = super::excerpt(&long);
        assert!(cut.ends_with("word…"), "{cut}");
        assert!(cut.chars().count() <= 301, "{cut}");
    }

    use super::*;

    #[test]
    fn plain_numbers_and_dates() {
        assert_eq!(score(4.0), "4");
        assert_eq!(score(2.5), "2.5");
        assert_eq!(score(7.0 / 3.0), "2.33");
        assert_eq!(percent(0.5), "50%");
        assert_eq!(date("2025-03-03T10:00:00Z"), "3 March 2025");
        // Winter is GMT; summer is BST, an hour ahead, even across midnight.
        assert_eq!(
            date_time("2025-03-03T14:05:00Z"),
            "3 March 2025 at 2:05pm (UK time)"
        );
        assert_eq!(
            date_time("2025-07-01T23:30:00Z"),
            "2 July 2025 at 12:30am (UK time)"
        );
        assert_eq!(date("2025-07-01T23:30:00Z"), "2 July 2025");
        assert_eq!(
            day_time("2025-07-01T23:30:00Z"),
            "Wednesday 2 July 2025 at 12:30am (UK time)"
        );
        assert_eq!(count(1, "finding", "findings"), "1 finding");
        assert_eq!(count(3, "finding", "findings"), "3 findings");
    }
}
