//! The theme trends chart: small bar charts, one row per theme, one bar
//! per month, drawn on the server as SVG. Every bar is labelled with its
//! number, so nothing depends on colour, and the same figures are in the
//! table beside it.

use std::fmt::Write as _;

/// One theme's counts, month by month.
pub struct Series<'a> {
    pub name: &'a str,
    pub counts: Vec<i64>,
}

const WIDTH: f64 = 640.0;
const LEFT: f64 = 8.0;
const ROW: f64 = 96.0;
const BAR_SPACE: f64 = 56.0;

/// The height of a bar for `count` when `max` fills `full`.
pub fn bar_height(count: i64, max: i64, full: f64) -> f64 {
    if max <= 0 || count <= 0 {
        return 0.0;
    }
    (count as f64 / max as f64 * full).clamp(0.0, full)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart as an SVG element with `role="img"`, a title and a description.
pub fn svg(title: &str, description: &str, months: &[String], series: &[Series<'_>]) -> String {
    let max = series
        .iter()
        .flat_map(|s| s.counts.iter().copied())
        .max()
        .unwrap_or(0);
    let height = 24.0 + ROW * series.len() as f64 + 24.0;
    let slot = (WIDTH - LEFT * 2.0) / months.len().max(1) as f64;
    let bar = (slot * 0.7).max(2.0);
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title chart-desc" font-family="system-ui, sans-serif">"##
    );
    let _ = write!(out, r#"<title id="chart-title">{}</title>"#, escape(title));
    let _ = write!(out, r#"<desc id="chart-desc">{}</desc>"#, escape(description));
    for (row, s) in series.iter().enumerate() {
        let top = 24.0 + ROW * row as f64;
        let base = top + 20.0 + BAR_SPACE;
        let total: i64 = s.counts.iter().sum();
        let _ = write!(
            out,
            r##"<text x="{LEFT}" y="{:.1}" font-size="15" font-weight="700" fill="#0b0c0c">{} ({total})</text>"##,
            top + 12.0,
            escape(s.name)
        );
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{base:.1}" y2="{base:.1}" stroke="#505a5f" stroke-width="1"/>"##,
            WIDTH - LEFT
        );
        for (i, count) in s.counts.iter().enumerate() {
            let h = bar_height(*count, max, BAR_SPACE - 16.0);
            let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
            let _ = write!(
                out,
                r##"<rect x="{x:.1}" y="{:.1}" width="{bar:.1}" height="{h:.1}" fill="#1d4e89"/>"##,
                base - h
            );
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#0b0c0c">{count}</text>"##,
                x + bar / 2.0,
                base - h - 3.0
            );
        }
    }
    let axis = 24.0 + ROW * series.len() as f64 + 14.0;
    for (i, month) in months.iter().enumerate() {
        let x = LEFT + slot * i as f64 + slot / 2.0;
        let _ = write!(
            out,
            r##"<text x="{x:.1}" y="{axis:.1}" font-size="12" text-anchor="middle" fill="#0b0c0c">{}</text>"##,
            escape(&short_month(month))
        );
    }
    out.push_str("</svg>");
    out
}

/// "2025-03" as "Mar 25".
pub fn short_month(period: &str) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match period.split_once('-') {
        Some((year, month)) => match month
            .parse::<usize>()
            .ok()
            .and_then(|m| NAMES.get(m.wrapping_sub(1)))
        {
            Some(name) => format!("{name} {}", year.get(2..).unwrap_or(year)),
            None => period.to_owned(),
        },
        None => period.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest() {
        assert_eq!(bar_height(0, 10, 40.0), 0.0);
        assert_eq!(bar_height(5, 10, 40.0), 20.0);
        assert_eq!(bar_height(10, 10, 40.0), 40.0);
        assert_eq!(bar_height(3, 0, 40.0), 0.0);
        assert_eq!(bar_height(20, 10, 40.0), 40.0);
    }

    #[test]
    fn the_chart_names_itself_and_escapes_text() {
        let months = vec!["2025-01".to_owned(), "2025-02".to_owned()];
        let series = [Series {
            name: "a <b>",
            counts: vec![1, 2],
        }];
        let svg = svg("Themes", "desc", &months, &series);
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=\"chart-title\">Themes</title>"));
        assert!(svg.contains("a &lt;b&gt; (3)"));
        assert!(svg.contains("Feb 25"));
        assert_eq!(short_month("2024-12"), "Dec 24");
    }
}
