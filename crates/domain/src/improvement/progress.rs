use chrono::{DateTime, Utc};

use super::ImprovementStatus;
use crate::ids::UserId;
use crate::validation::{InvalidInput, trimmed_text};

/// The statuses a progress report may set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressStatus {
    InProgress,
    Delivered,
}

impl From<ProgressStatus> for ImprovementStatus {
    fn from(status: ProgressStatus) -> Self {
        match status {
            ProgressStatus::InProgress => Self::InProgress,
            ProgressStatus::Delivered => Self::Delivered,
        }
    }
}

/// A progress report, checked: DELIVERED exactly at 100%, IN_PROGRESS below.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressReport {
    pub note: String,
    pub percent_complete: u8,
    pub status: ProgressStatus,
}

impl ProgressReport {
    pub fn parse(note: &str, percent_complete: i64, status: ImprovementStatus) -> Result<Self, InvalidInput> {
        let note = trimmed_text("note", note, 1, 2000)?;
        let percent = u8::try_from(percent_complete)
            .ok()
            .filter(|p| *p <= 100)
            .ok_or_else(|| InvalidInput::new("percentComplete", "must be 0 to 100"))?;
        let status = match status {
            ImprovementStatus::InProgress => ProgressStatus::InProgress,
            ImprovementStatus::Delivered => ProgressStatus::Delivered,
            _ => return Err(InvalidInput::new("status", "must be IN_PROGRESS or DELIVERED")),
        };
        match (status, percent) {
            (ProgressStatus::Delivered, p) if p != 100 => Err(InvalidInput::new(
                "percentComplete",
                "must be 100 when the status is DELIVERED",
            )),
            (ProgressStatus::InProgress, 100) => Err(InvalidInput::new(
                "status",
                "must be DELIVERED when the work is 100% complete",
            )),
            _ => Ok(Self {
                note,
                percent_complete: percent,
                status,
            }),
        }
    }
}

/// One entry of an improvement's progress history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressEntry {
    pub note: String,
    pub percent_complete: u8,
    pub status: ImprovementStatus,
    pub author_id: UserId,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ImprovementStatus::*;

    #[test]
    fn progress_reports_are_checked() {
        assert!(ProgressReport::parse("Started", 40, InProgress).is_ok());
        assert!(ProgressReport::parse("Done", 100, Delivered).is_ok());
        assert_eq!(
            ProgressReport::parse("x", 101, InProgress).unwrap_err().field,
            "percentComplete"
        );
        assert_eq!(
            ProgressReport::parse("x", -1, InProgress).unwrap_err().field,
            "percentComplete"
        );
        assert_eq!(
            ProgressReport::parse("x", 90, Delivered).unwrap_err().field,
            "percentComplete"
        );
        assert_eq!(
            ProgressReport::parse("x", 100, InProgress).unwrap_err().field,
            "status"
        );
        assert_eq!(
            ProgressReport::parse("x", 50, Agreed).unwrap_err().field,
            "status"
        );
        assert_eq!(
            ProgressReport::parse("  ", 50, InProgress).unwrap_err().field,
            "note"
        );
    }
}
