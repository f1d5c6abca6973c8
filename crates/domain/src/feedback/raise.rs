//! `raiseFinding`: some feedback becomes one finding of a forum for its
//! members to prioritise, in words that name nobody.

use chrono::{DateTime, Utc};

use super::FeedbackKind;
use crate::finding::FindingSource;
use crate::validation::InvalidInput;

/// What the finding is made from: each item's kind, themes, when it came,
/// and the personal details its text must not hold.
pub struct Source<'a> {
    pub kind: FeedbackKind,
    pub themes: &'a [String],
    pub received_at: DateTime<Utc>,
    pub person_name: Option<&'a str>,
    pub contact: Option<&'a str>,
}

/// `COMPLAINT` if any item is a complaint, else `COMPLIMENT` if any is
/// one, else `ENGAGEMENT`.
pub fn finding_source(kinds: impl IntoIterator<Item = FeedbackKind>) -> FindingSource {
    let kinds: Vec<_> = kinds.into_iter().collect();
    if kinds.contains(&FeedbackKind::Complaint) {
        FindingSource::Complaint
    } else if kinds.contains(&FeedbackKind::Compliment) {
        FindingSource::Compliment
    } else {
        FindingSource::Engagement
    }
}

/// The items' themes together, sorted, each once.
pub fn themes_together(sources: &[Source<'_>]) -> Vec<String> {
    let mut themes: Vec<String> = sources.iter().flat_map(|s| s.themes.iter().cloned()).collect();
    themes.sort();
    themes.dedup();
    themes
}

/// When the earliest item came.
pub fn earliest(sources: &[Source<'_>]) -> Option<DateTime<Utc>> {
    sources.iter().map(|s| s.received_at).min()
}

/// The finding's title and body hold no item's name or contact (compared
/// without regard to case), so members read no one's details.
pub fn check_anonymous(title: &str, body: &str, sources: &[Source<'_>]) -> Result<(), InvalidInput> {
    let details = sources
        .iter()
        .flat_map(|s| [s.person_name, s.contact])
        .flatten()
        .map(|detail| detail.trim().to_lowercase())
        .filter(|detail| !detail.is_empty());
    let (title, body) = (title.to_lowercase(), body.to_lowercase());
    for detail in details {
        if body.contains(&detail) {
            return Err(InvalidInput::new(
                "body",
                "must not name the person or give their contact details: write it so nobody can be identified",
            ));
        }
        if title.contains(&detail) {
            return Err(InvalidInput::new(
                "title",
                "must not name the person or give their contact details: write it so nobody can be identified",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn source(kind: FeedbackKind, name: Option<&'static str>) -> Source<'static> {
        Source {
            kind,
            themes: &[],
            received_at: Utc::now(),
            person_name: name,
            contact: Some("mo@example.org"),
        }
    }

    #[test]
    fn a_complaint_makes_it_a_complaint_finding() {
        use FeedbackKind::*;
        assert_eq!(
            finding_source([Suggestion, Complaint, Compliment]),
            FindingSource::Complaint
        );
        assert_eq!(
            finding_source([Suggestion, Compliment]),
            FindingSource::Compliment
        );
        assert_eq!(
            finding_source([Suggestion, ServiceRequest]),
            FindingSource::Engagement
        );
    }

    #[test]
    fn names_and_contacts_are_refused_whatever_their_case() {
        let sources = [source(FeedbackKind::Complaint, Some("Mo Farah"))];
        let named = check_anonymous("Late visits", "mo farah waited two hours", &sources);
        assert_eq!(named.unwrap_err().field, "body");
        let mailed = check_anonymous("Write to MO@example.org", "Visits were late", &sources);
        assert_eq!(mailed.unwrap_err().field, "title");
        assert!(check_anonymous("Late visits", "Several people waited two hours", &sources).is_ok());
    }
}
