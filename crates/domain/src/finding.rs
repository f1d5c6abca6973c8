use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};

use crate::account::UnknownVariant;
use crate::ids::{FindingId, ForumId, UserId};
use crate::validation::{InvalidInput, trimmed_text};

/// Where a finding came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingSource {
    Audit,
    Complaint,
    Compliment,
    SafeguardingReview,
    Engagement,
    Survey,
    Other,
}

impl FindingSource {
    pub const ALL: [Self; 7] = [
        Self::Audit,
        Self::Complaint,
        Self::Compliment,
        Self::SafeguardingReview,
        Self::Engagement,
        Self::Survey,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Audit => "AUDIT",
            Self::Complaint => "COMPLAINT",
            Self::Compliment => "COMPLIMENT",
            Self::SafeguardingReview => "SAFEGUARDING_REVIEW",
            Self::Engagement => "ENGAGEMENT",
            Self::Survey => "SURVEY",
            Self::Other => "OTHER",
        }
    }
}

impl FromStr for FindingSource {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|source| source.as_str() == s)
            .ok_or_else(|| UnknownVariant(s.to_owned()))
    }
}

/// Whether members have ranked a finding yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingStatus {
    /// Not yet ranked in a closed round.
    Open,
    /// Ranked in at least one closed round.
    Prioritised,
}

impl FindingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "OPEN",
            Self::Prioritised => "PRIORITISED",
        }
    }
}

impl FromStr for FindingStatus {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "OPEN" => Ok(Self::Open),
            "PRIORITISED" => Ok(Self::Prioritised),
            other => Err(UnknownVariant(other.to_owned())),
        }
    }
}

pub const MAX_THEMES: usize = 10;
pub const MAX_THEME_CHARS: usize = 40;
pub const MAX_BODY_CHARS: usize = 20_000;

/// Themes trimmed, lower-cased, deduplicated and sorted: at most 10, each
/// 1 to 40 characters.
pub fn normalize_themes(raw: &[String]) -> Result<Vec<String>, InvalidInput> {
    let mut themes = raw
        .iter()
        .map(|t| normalize_theme(t))
        .collect::<Result<Vec<_>, _>>()?;
    themes.sort();
    themes.dedup();
    if themes.len() > MAX_THEMES {
        return Err(InvalidInput::new(
            "themes",
            format!("at most {MAX_THEMES} themes"),
        ));
    }
    Ok(themes)
}

/// One theme as stored and as filtered by.
pub fn normalize_theme(raw: &str) -> Result<String, InvalidInput> {
    // The shared text rule first (bidi controls dropped, invisible is blank).
    let theme = trimmed_text("themes", raw, 0, usize::MAX)?.to_lowercase();
    let length = theme.chars().count();
    if length == 0 || length > MAX_THEME_CHARS {
        return Err(InvalidInput::new(
            "themes",
            format!("each theme must be 1 to {MAX_THEME_CHARS} characters"),
        ));
    }
    Ok(theme)
}

/// A new finding, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFinding {
    pub title: String,
    pub body: String,
    pub source: FindingSource,
    pub themes: Vec<String>,
    pub reference: Option<String>,
    pub received_at: DateTime<Utc>,
}

/// What a person typed when adding a finding.
pub struct FindingDraft<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub source: FindingSource,
    pub themes: &'a [String],
    pub reference: Option<&'a str>,
    pub received_at: Option<DateTime<Utc>>,
}

impl NewFinding {
    /// `receivedAt` defaults to `now` and may not be in the future (a few
    /// minutes of clock difference are allowed).
    pub fn parse(draft: FindingDraft<'_>, now: DateTime<Utc>) -> Result<Self, InvalidInput> {
        let title = trimmed_text("title", draft.title, 3, 200)?;
        if draft.body.chars().count() > MAX_BODY_CHARS {
            return Err(InvalidInput::new(
                "body",
                format!("at most {MAX_BODY_CHARS} characters"),
            ));
        }
        let reference = match draft.reference.map(str::trim) {
            None | Some("") => None,
            Some(reference) => Some(trimmed_text("reference", reference, 1, 100)?),
        };
        let received_at = draft.received_at.unwrap_or(now);
        if received_at > now + Duration::minutes(5) {
            return Err(InvalidInput::new("receivedAt", "must not be in the future"));
        }
        Ok(Self {
            title,
            body: draft.body.to_owned(),
            source: draft.source,
            themes: normalize_themes(draft.themes)?,
            reference,
            received_at,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub id: FindingId,
    pub forum_id: ForumId,
    pub title: String,
    pub body: String,
    pub source: FindingSource,
    pub themes: Vec<String>,
    pub reference: Option<String>,
    pub received_at: DateTime<Utc>,
    pub status: FindingStatus,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    /// A safeguarding review finding's latest answer.
    pub answer: Option<crate::learning::Answer>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn draft<'a>(title: &'a str, themes: &'a [String]) -> FindingDraft<'a> {
        FindingDraft {
            title,
            body: "",
            source: FindingSource::Complaint,
            themes,
            reference: None,
            received_at: None,
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn themes_are_trimmed_lowercased_and_deduplicated() {
        let themes = strings(&[" Hospital Discharge ", "hospital discharge", "Carers"]);
        assert_eq!(
            normalize_themes(&themes).unwrap(),
            strings(&["carers", "hospital discharge"])
        );
    }

    #[test]
    fn themes_are_bounded() {
        let eleven: Vec<String> = (0..11).map(|i| format!("theme {i}")).collect();
        assert_eq!(normalize_themes(&eleven).unwrap_err().field, "themes");
        let ten_after_dedup: Vec<String> = (0..10).map(|i| format!("t{i}")).chain(["T0".into()]).collect();
        assert_eq!(normalize_themes(&ten_after_dedup).unwrap().len(), 10);
        assert!(normalize_theme(&"x".repeat(41)).is_err());
        assert!(normalize_theme("   ").is_err());
        assert!(normalize_theme("\u{200B}\u{200B}").is_err());
        assert_eq!(normalize_theme("Care\u{202E}rs").unwrap(), "carers");
    }

    #[test]
    fn titles_are_3_to_200_characters() {
        let now = Utc::now();
        assert_eq!(
            NewFinding::parse(draft("ab", &[]), now).unwrap_err().field,
            "title"
        );
        assert!(NewFinding::parse(draft(&"x".repeat(201), &[]), now).is_err());
        assert_eq!(
            NewFinding::parse(draft(" Waiting times ", &[]), now)
                .unwrap()
                .title,
            "Waiting times"
        );
    }

    #[test]
    fn bodies_are_at_most_20000_characters_and_kept_as_written() {
        let now = Utc::now();
        let long = "é".repeat(MAX_BODY_CHARS + 1);
        let mut too_long = draft("Title", &[]);
        too_long.body = &long;
        assert_eq!(NewFinding::parse(too_long, now).unwrap_err().field, "body");
        let mut spaced = draft("Title", &[]);
        spaced.body = "  two spaces\n";
        assert_eq!(NewFinding::parse(spaced, now).unwrap().body, "  two spaces\n");
    }

    #[test]
    fn received_at_defaults_to_now_and_is_not_in_the_future() {
        let now = Utc::now();
        assert_eq!(
            NewFinding::parse(draft("Title", &[]), now).unwrap().received_at,
            now
        );
        let mut future = draft("Title", &[]);
        future.received_at = Some(now + Duration::days(1));
        assert_eq!(NewFinding::parse(future, now).unwrap_err().field, "receivedAt");
    }

    #[test]
    fn sources_round_trip_through_their_names() {
        for source in FindingSource::ALL {
            assert_eq!(source.as_str().parse::<FindingSource>(), Ok(source));
        }
    }
}
