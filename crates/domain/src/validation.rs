use std::fmt;

use icu_properties::props::{BidiControl, DefaultIgnorableCodePoint, GeneralCategory};
use icu_properties::{CodePointMapData, CodePointSetData};

/// A value that breaks a rule. `field` is the input's name as the API spells
/// it; `rule` says, in plain words, what a valid value looks like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidInput {
    pub field: &'static str,
    pub rule: String,
}

impl InvalidInput {
    pub fn new(field: &'static str, rule: impl Into<String>) -> Self {
        Self {
            field,
            rule: rule.into(),
        }
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.rule)
    }
}

impl std::error::Error for InvalidInput {}

/// The shared rule for names, titles and the other texts people type:
/// bidi controls are dropped (an unpaired U+202E reverses the rest of the
/// line, so "Sam\u{202E}nimda" shows as "Samadmin"), the ends are trimmed,
/// and text with nothing visible in it counts as blank. Then its length is
/// checked in characters (not bytes), so that names in any script are
/// measured the way people count them.
pub fn trimmed_text(field: &'static str, raw: &str, min: usize, max: usize) -> Result<String, InvalidInput> {
    let stripped = without_bidi_controls(raw);
    let text = if is_blank(&stripped) { "" } else { stripped.trim() };
    let length = text.chars().count();
    if length < min || length > max {
        return Err(InvalidInput::new(
            field,
            format!("must be {min} to {max} characters long"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(InvalidInput::new(field, "must not contain control characters"));
    }
    Ok(text.to_owned())
}

/// True when `text` would show nothing: only spaces, control and format
/// characters (zero-width spaces and joiners, bidi marks), and the
/// characters Unicode says to draw as nothing (Default_Ignorable_Code_Point:
/// variation selectors, Hangul fillers and the like).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_invisible)
}

fn is_invisible(c: char) -> bool {
    let category = CodePointMapData::<GeneralCategory>::new().get(c);
    c.is_whitespace()
        || matches!(category, GeneralCategory::Control | GeneralCategory::Format)
        || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
        // Drawn as an empty cell, though Unicode does not class it ignorable.
        || c == '\u{2800}'
}

/// `raw` without Unicode's Bidi_Control characters (embeddings, overrides,
/// isolates and the directional marks), which can make shown text read
/// differently from what was stored.
fn without_bidi_controls(raw: &str) -> String {
    let bidi = CodePointSetData::new::<BidiControl>();
    raw.chars().filter(|&c| !bidi.contains(c)).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(trimmed_text("name", "  Zoë  ", 3, 3), Ok("Zoë".to_owned()));
        assert!(trimmed_text("name", "ab", 3, 10).is_err());
        assert!(trimmed_text("name", "abcd", 1, 3).is_err());
    }

    #[test]
    fn refuses_control_characters_but_keeps_newlines() {
        assert!(trimmed_text("name", "a\u{0}b", 1, 10).is_err());
        assert!(trimmed_text("body", "line one\nline two", 1, 100).is_ok());
    }

    #[test]
    fn invisible_only_text_is_blank() {
        for invisible in [
            "\u{200B}\u{200B}",    // zero-width spaces
            "\u{200C}\u{200D}",    // zero-width non-joiner and joiner
            "\u{2060}\u{FEFF}",    // word joiner, byte order mark
            "\u{00AD}",            // soft hyphen
            "\u{3164}\u{115F}",    // Hangul fillers
            "\u{FE0F}\u{034F}",    // variation selector, grapheme joiner
            "\u{2800}",            // braille blank
            " \u{200B}\u{3000}\t", // mixed with spaces
            "\u{E0020}\u{E007F}",  // tag characters
        ] {
            let err = trimmed_text("title", invisible, 1, 80).unwrap_err();
            assert_eq!(err.rule, "must be 1 to 80 characters long", "{invisible:?}");
            assert!(is_blank(invisible), "{invisible:?}");
        }
        // A text that may be empty becomes empty.
        assert_eq!(trimmed_text("description", "\u{200B}", 0, 10), Ok(String::new()));
        // Invisible characters inside visible text are kept: emoji need them.
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} team";
        assert_eq!(trimmed_text("name", family, 1, 80).unwrap(), family);
        assert_eq!(
            trimmed_text("name", "I \u{2764}\u{FE0F}", 1, 80).unwrap(),
            "I \u{2764}\u{FE0F}"
        );
        for visible in ["a", "\u{0301}", "\u{1F642}", "\u{05D0}", "\u{4E2D}"] {
            assert!(!is_blank(visible), "{visible:?}");
        }
    }

    #[test]
    fn bidi_controls_are_dropped() {
        assert_eq!(
            trimmed_text("displayName", "Sam\u{202E}nimda", 1, 80).unwrap(),
            "Samnimda"
        );
        let every = "\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{200E}\u{200F}\u{061C}";
        assert_eq!(trimmed_text("name", &format!("a{every}b"), 1, 80).unwrap(), "ab");
        // Only controls: nothing left, so blank.
        assert!(trimmed_text("name", every, 1, 80).is_err());
        // Dropped before trimming and counting.
        assert_eq!(
            trimmed_text("name", "\u{202E} Zoë \u{202C}", 3, 3).unwrap(),
            "Zoë"
        );
    }

    #[test]
    fn message_names_field_and_rule() {
        let err = trimmed_text("displayName", "", 1, 80).unwrap_err();
        assert_eq!(err.to_string(), "displayName: must be 1 to 80 characters long");
    }
}
