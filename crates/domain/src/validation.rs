use std::fmt;

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

/// Trims `raw` and checks its length in characters (not bytes), so that
/// names in any script are measured the way people count them.
pub fn trimmed_text(field: &'static str, raw: &str, min: usize, max: usize) -> Result<String, InvalidInput> {
    let text = raw.trim();
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
    fn message_names_field_and_rule() {
        let err = trimmed_text("displayName", "", 1, 80).unwrap_err();
        assert_eq!(err.to_string(), "displayName: must be 1 to 80 characters long");
    }
}
