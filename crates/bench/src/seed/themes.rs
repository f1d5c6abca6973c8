//! The theme vocabulary, kept as plain text in `themes.txt` so the wording
//! can be edited without touching code.

use std::sync::OnceLock;

/// One theme: what was found under it and what a forum might propose about it.
#[derive(Debug)]
pub struct Theme {
    pub name: &'static str,
    /// (title, what people said).
    pub findings: Vec<(&'static str, &'static str)>,
    /// (title, summary).
    pub improvement: (&'static str, &'static str),
}

const SOURCE: &str = include_str!("themes.txt");

/// Every theme, in the order of `themes.txt`.
pub fn themes() -> &'static [Theme] {
    static THEMES: OnceLock<Vec<Theme>> = OnceLock::new();
    THEMES.get_or_init(|| parse(SOURCE))
}

/// The index of the theme called `name`, if there is one.
pub fn theme_index(name: &str) -> Option<usize> {
    themes().iter().position(|theme| theme.name == name)
}

/// Reads the vocabulary. The file is ours and checked by a test, so a line
/// that does not fit is skipped rather than handled.
fn parse(source: &'static str) -> Vec<Theme> {
    let mut themes: Vec<Theme> = Vec::new();
    for line in source.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') {
            themes.push(Theme {
                name: trimmed,
                findings: Vec::new(),
                improvement: ("", ""),
            });
            continue;
        }
        let Some(theme) = themes.last_mut() else { continue };
        let Some((kind, pair)) = trimmed.split_once(": ") else {
            continue;
        };
        let Some((title, text)) = pair.split_once(" | ") else {
            continue;
        };
        match kind {
            "finding" => theme.findings.push((title, text)),
            "improvement" => theme.improvement = (title, text),
            _ => {}
        }
    }
    themes
}

#[cfg(test)]
mod tests {
    use super::*;
    use coforum_domain::finding::normalize_theme;

    #[test]
    fn every_theme_has_findings_and_an_improvement() {
        let themes = themes();
        assert_eq!(themes.len(), 25);
        for theme in themes {
            assert_eq!(normalize_theme(theme.name).ok().as_deref(), Some(theme.name));
            assert!(theme.findings.len() >= 2, "{}", theme.name);
            assert!(
                !theme.improvement.0.is_empty() && !theme.improvement.1.is_empty(),
                "{}",
                theme.name
            );
        }
        assert_eq!(theme_index("respite").map(|i| themes[i].name), Some("respite"));
    }
}
