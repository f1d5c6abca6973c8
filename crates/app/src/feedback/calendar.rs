//! The bank holidays of England and Wales: the official list for 2020 to
//! 2030 ships inside coforum; a file in the same format
//! (`--bank-holidays FILE`, e.g. a fresh download of
//! <https://www.gov.uk/bank-holidays.json>) adds later years.

use chrono::NaiveDate;
use coforum_domain::feedback::WorkingDays;
use serde::Deserialize;

/// The official list as shipped (copied from the government's feed).
const SHIPPED: &str = include_str!("../../data/bank-holidays-england-and-wales.json");

#[derive(Deserialize)]
struct Division {
    events: Vec<Event>,
}

#[derive(Deserialize)]
struct Event {
    date: NaiveDate,
}

/// The England and Wales dates of a file in the official format: either
/// the whole feed (`{"england-and-wales": {...}, "scotland": ...}`) or
/// that one division.
pub fn parse_official(json: &str) -> Result<Vec<NaiveDate>, String> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let division = value.get("england-and-wales").unwrap_or(&value).clone();
    let division: Division = serde_json::from_value(division)
        .map_err(|e| format!("not the official bank holidays format: {e}"))?;
    Ok(division.events.into_iter().map(|event| event.date).collect())
}

/// The shipped calendar.
pub fn shipped() -> WorkingDays {
    // A test proves the shipped file parses; it cannot fail at run time.
    WorkingDays::new(parse_official(SHIPPED).unwrap_or_default())
}

/// The shipped calendar with the holidays of the file at `path` too.
pub fn with_file(path: &std::path::Path) -> Result<WorkingDays, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(shipped().with(parse_official(&text).map_err(|e| format!("{}: {e}", path.display()))?))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_shipped_list_has_the_known_days_substitutes_and_one_offs() {
        let calendar = shipped();
        for holiday in [
            "2020-05-08", // VE day, the early May holiday moved
            "2022-06-02", // the spring holiday moved
            "2022-06-03", // the Platinum Jubilee
            "2022-09-19", // the State Funeral
            "2023-05-08", // the coronation
            "2026-12-28", // Boxing Day on a Saturday, Monday instead
            "2027-12-27", // Christmas Day on a Saturday
            "2027-12-28", // Boxing Day on a Sunday
            "2030-12-26",
        ] {
            assert!(calendar.is_bank_holiday(day(holiday)), "{holiday}");
        }
        assert!(!calendar.is_bank_holiday(day("2026-12-26")));
        assert!(!calendar.is_bank_holiday(day("2020-05-04")));
        assert_eq!(calendar.last_year(), Some(2030));
    }

    #[test]
    fn an_override_file_adds_later_years() {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(
            file.path(),
            r#"{"england-and-wales":{"division":"england-and-wales","events":[{"title":"New Year's Day","date":"2031-01-01","notes":"","bunting":true}]}}"#,
        )
        .unwrap();
        let calendar = with_file(file.path()).unwrap();
        assert!(calendar.is_bank_holiday(day("2031-01-01")));
        assert!(calendar.is_bank_holiday(day("2026-12-28")));
        assert!(with_file(std::path::Path::new("/no/such/file")).is_err());
    }
}
