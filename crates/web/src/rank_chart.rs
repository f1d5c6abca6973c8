//! The priority history chart: each finding's place in each published vote,
//! oldest vote on the left, first place at the top, drawn on the server as
//! SVG. Each line carries a letter at every point, so no line is told apart
//! by colour alone, and the table beside it holds the same figures.

use std::fmt::Write as _;

/// Places below this share the bottom row ("lower"), so one finding ranked
/// 300th does not squash the others.
pub const LOWEST_SHOWN: u32 = 10;

/// One finding's line: its letter, and its place in each vote (None when
/// it was not in that vote).
pub struct Line {
    pub letter: char,
    pub places: Vec<Option<u32>>,
}

const WIDTH: f64 = 640.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 24.0;
const ROW: f64 = 32.0;
/// Colours with at least 3:1 contrast on white, as WCAG asks of graphics.
const COLOURS: [&str; 5] = ["#1d4e89", "#b1400d", "#00703c", "#6f2c91", "#505a5f"];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The row a place is drawn on: 1 at the top, `LOWEST_SHOWN + 1` for any lower.
pub fn row_of(place: u32) -> u32 {
    place.clamp(1, LOWEST_SHOWN + 1)
}

/// "1st", "2nd", "3rd", "4th", …, "11th".
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The chart as an SVG element with `role="img"`, a title and a description.
/// `votes` are the column labels, oldest first.
pub fn svg(title: &str, description: &str, votes: &[String], lines: &[Line]) -> String {
    let rows = lines
        .iter()
        .flat_map(|l| l.places.iter().flatten())
        .map(|p| row_of(*p))
        .max()
        .unwrap_or(1);
    let height = TOP + ROW * f64::from(rows) + 40.0;
    let slot = (WIDTH - LEFT - RIGHT) / votes.len().max(1) as f64;
    let offsets = spread(lines, votes.len());
    let x_of = |n: usize, i: usize| {
        LEFT + slot * i as f64 + slot / 2.0 + offsets.get(n).and_then(|o| o.get(i)).copied().unwrap_or(0.0)
    };
    let y_of = |place: u32| TOP + ROW * (f64::from(row_of(place)) - 0.5);
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="history-title history-desc" font-family="system-ui, sans-serif">"##
    );
    let _ = write!(out, r#"<title id="history-title">{}</title>"#, escape(title));
    let _ = write!(out, r#"<desc id="history-desc">{}</desc>"#, escape(description));
    for row in 1..=rows {
        let label = if row > LOWEST_SHOWN {
            "Lower".to_owned()
        } else {
            ordinal(row)
        };
        let y = y_of(row);
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#b1b4b6" stroke-width="1"/><text x="8" y="{:.1}" font-size="14" fill="#0b0c0c">{label}</text>"##,
            WIDTH - RIGHT,
            y + 5.0
        );
    }
    for (n, line) in lines.iter().enumerate() {
        let colour = COLOURS[n % COLOURS.len()];
        // A line joins a finding's places in votes next to each other.
        for (i, pair) in line.places.windows(2).enumerate() {
            if let [Some(a), Some(b)] = pair {
                let _ = write!(
                    out,
                    r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="3"/>"##,
                    x_of(n, i),
                    y_of(*a),
                    x_of(n, i + 1),
                    y_of(*b)
                );
            }
        }
        for (i, place) in line.places.iter().enumerate() {
            let Some(place) = place else { continue };
            let (x, y) = (x_of(n, i), y_of(*place));
            let _ = write!(
                out,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="11" fill="#ffffff" stroke="{colour}" stroke-width="3"/><text x="{x:.1}" y="{:.1}" font-size="13" font-weight="700" text-anchor="middle" fill="#0b0c0c">{}</text>"##,
                y + 4.5,
                line.letter
            );
        }
    }
    let axis = TOP + ROW * f64::from(rows) + 24.0;
    for (i, vote) in votes.iter().enumerate() {
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{axis:.1}" font-size="13" text-anchor="middle" fill="#0b0c0c">{}</text>"##,
            LEFT + slot * i as f64 + slot / 2.0,
            escape(vote)
        );
    }
    out.push_str("</svg>");
    out
}

/// How far each point sits from its vote's centre line, so findings that
/// share a place (ties, or "Lower") stand side by side, not on top of each
/// other: `[line][vote]`.
fn spread(lines: &[Line], votes: usize) -> Vec<Vec<f64>> {
    const GAP: f64 = 26.0;
    let mut offsets = vec![vec![0.0; votes]; lines.len()];
    for vote in 0..votes {
        let mut by_row: Vec<(u32, usize)> = lines
            .iter()
            .enumerate()
            .filter_map(|(n, l)| l.places.get(vote).copied().flatten().map(|p| (row_of(p), n)))
            .collect();
        by_row.sort_unstable();
        for group in by_row.chunk_by(|a, b| a.0 == b.0) {
            let middle = (group.len() as f64 - 1.0) / 2.0;
            for (k, (_, n)) in group.iter().enumerate() {
                if let Some(dx) = offsets.get_mut(*n).and_then(|o| o.get_mut(vote)) {
                    *dx = (k as f64 - middle) * GAP;
                }
            }
        }
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_as_ordinals_and_low_ones_share_a_row() {
        let words: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 103].map(ordinal).into();
        assert_eq!(
            words,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "103rd"
            ]
        );
        assert_eq!(row_of(3), 3);
        assert_eq!(row_of(300), LOWEST_SHOWN + 1);
    }

    #[test]
    fn findings_sharing_a_place_stand_side_by_side() {
        let lines = [
            Line {
                letter: 'A',
                places: vec![Some(4)],
            },
            Line {
                letter: 'B',
                places: vec![Some(4)],
            },
            Line {
                letter: 'C',
                places: vec![Some(1)],
            },
        ];
        let offsets = spread(&lines, 1);
        assert_eq!(offsets, vec![vec![-13.0], vec![13.0], vec![0.0]]);
    }

    #[test]
    fn the_chart_names_itself_labels_points_and_skips_missing_votes() {
        let votes = vec!["May <25>".to_owned(), "Jun 25".to_owned(), "Jul 25".to_owned()];
        let lines = [
            Line {
                letter: 'A',
                places: vec![Some(1), None, Some(2)],
            },
            Line {
                letter: 'B',
                places: vec![Some(2), Some(1), Some(1)],
            },
        ];
        let svg = svg("Priorities", "how they moved", &votes, &lines);
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"<title id="history-title">Priorities</title>"#));
        assert!(svg.contains("May &lt;25&gt;"));
        // A: two points, no line across the vote it missed; B: three points, two lines.
        assert_eq!(svg.matches(">A</text>").count(), 2);
        assert_eq!(svg.matches(">B</text>").count(), 3);
        assert_eq!(svg.matches(r#"stroke-width="3"/>"#).count(), 2 + 5);
        assert!(svg.contains(">2nd</text>") && !svg.contains(">3rd</text>"));
    }
}
