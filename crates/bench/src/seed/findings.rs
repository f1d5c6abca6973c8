//! A forum's findings over three years, and members' comments on some.

use chrono::{DateTime, Duration, DurationRound as _, Utc};
use coforum_domain::comment::{Subject, comment_body};
use coforum_domain::finding::{FindingDraft, FindingSource, NewFinding};
use coforum_domain::ids::{CommentId, FindingId, ForumId, UserId};
use coforum_persistence::ConnectionTrait;
use coforum_persistence::repos::{comments, findings};
use rand::RngExt as _;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom as _;

use super::people::HISTORY_DAYS;
use super::themes::{theme_index, themes};
use super::words::{COMMENTS, COMPLIMENTS, REPLIES, SETTINGS, source_lead};

/// A finding as the rest of the generator needs it.
#[derive(Clone, Copy, Debug)]
pub struct SeededFinding {
    pub id: FindingId,
    pub received_at: DateTime<Utc>,
    /// Index into [`themes()`] of its first theme.
    pub theme: usize,
}

/// Where findings come from, roughly as often as councils hear from each.
fn pick_source(rng: &mut StdRng) -> FindingSource {
    match rng.random_range(0..100) {
        0..22 => FindingSource::Complaint,
        22..40 => FindingSource::Engagement,
        40..56 => FindingSource::Survey,
        56..70 => FindingSource::Audit,
        70..80 => FindingSource::Compliment,
        80..90 => FindingSource::SafeguardingReview,
        _ => FindingSource::Other,
    }
}

/// A case reference in the style of the source's register, for some findings.
fn reference(rng: &mut StdRng, source: FindingSource, received_at: DateTime<Utc>) -> Option<String> {
    let prefix = match source {
        FindingSource::Audit => "CFA",
        FindingSource::Complaint => "COMP",
        FindingSource::SafeguardingReview => "SAR",
        _ => return None,
    };
    let year = received_at.format("%Y");
    Some(format!("{prefix}-{year}-{:04}", rng.random_range(1..5000)))
}

/// One to four themes, the first one the finding is about.
fn pick_themes(rng: &mut StdRng, first: usize) -> Vec<String> {
    let mut picked = vec![first];
    let extra = match rng.random_range(0..100) {
        0..40 => 0,
        40..75 => 1,
        75..92 => 2,
        _ => 3,
    };
    while picked.len() < 1 + extra {
        let theme = rng.random_range(0..themes().len());
        if !picked.contains(&theme) {
            picked.push(theme);
        }
    }
    picked.iter().map(|&t| themes()[t].name.to_owned()).collect()
}

/// Title, body and first theme of one finding.
fn wording(rng: &mut StdRng, source: FindingSource) -> (String, String, usize) {
    let lead = source_lead(source, rng.random_range(0..4));
    let (title, said, theme) = if source == FindingSource::Compliment {
        let (title, said, theme_name) = COMPLIMENTS[rng.random_range(0..COMPLIMENTS.len())];
        let theme = theme_index(theme_name).unwrap_or(0);
        (title.to_owned(), said, theme)
    } else {
        let theme = rng.random_range(0..themes().len());
        let found = &themes()[theme].findings;
        let (title, said) = found[rng.random_range(0..found.len())];
        // Some titles say where it was heard, so a forum's list does not repeat itself.
        let title = if rng.random_bool(0.5) {
            format!("{title} ({})", SETTINGS[rng.random_range(0..SETTINGS.len())])
        } else {
            title.to_owned()
        };
        (title, said, theme)
    };
    let how_many = rng.random_range(2..40);
    // What backs the finding up depends on where it came from.
    let evidence = match source {
        FindingSource::Audit => format!("The audit looked at {how_many} case files."),
        FindingSource::SafeguardingReview => {
            "The review's recommendations went to the safeguarding board.".to_owned()
        }
        FindingSource::Compliment => "The team has been told, and thanked.".to_owned(),
        FindingSource::Survey => format!("{how_many} in every hundred who answered said the same."),
        _ => format!("{how_many} people raised this with the forum."),
    };
    let body = format!("{lead} {said} {evidence}");
    (title, body, theme)
}

/// Adds `count` findings to the forum, received over the last three years,
/// by members and officers; some get a short thread of comments.
pub async fn seed_findings(
    conn: &impl ConnectionTrait,
    rng: &mut StdRng,
    forum_id: ForumId,
    authors: &[UserId],
    count: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<(Vec<SeededFinding>, usize)> {
    let mut seeded = Vec::with_capacity(count);
    let mut comment_count = 0;
    for _ in 0..count {
        let source = pick_source(rng);
        let (title, body, first_theme) = wording(rng, source);
        // Whole minutes, so the stored time is exactly the one sorted by here.
        let received_at = (now - Duration::minutes(rng.random_range(60..HISTORY_DAYS * 24 * 60)))
            .duration_trunc(Duration::minutes(1))?;
        let themes = pick_themes(rng, first_theme);
        let reference = reference(rng, source, received_at);
        let draft = FindingDraft {
            title: &title,
            body: &body,
            source,
            themes: &themes,
            reference: reference.as_deref(),
            received_at: Some(received_at),
        };
        let new = NewFinding::parse(draft, now)?;
        let author = *authors.choose(rng).unwrap_or(&authors[0]);
        let finding = findings::insert(conn, forum_id, &new, author).await?;
        if rng.random_bool(0.2) {
            let subject = Subject::Finding(finding.id);
            comment_count += seed_thread(conn, rng, forum_id, subject, authors, 1..4).await?;
        }
        seeded.push(SeededFinding {
            id: finding.id,
            received_at,
            theme: first_theme,
        });
    }
    Ok((seeded, comment_count))
}

/// A few comments on `subject`, some replying to an earlier one. Returns
/// how many were added.
pub async fn seed_thread(
    conn: &impl ConnectionTrait,
    rng: &mut StdRng,
    forum_id: ForumId,
    subject: Subject,
    authors: &[UserId],
    how_many: std::ops::Range<usize>,
) -> anyhow::Result<usize> {
    let count = rng.random_range(how_many);
    let mut thread: Vec<CommentId> = Vec::with_capacity(count);
    for _ in 0..count {
        let parent = if !thread.is_empty() && rng.random_bool(0.35) {
            thread.choose(rng).copied()
        } else {
            None
        };
        let text = match parent {
            Some(_) => REPLIES[rng.random_range(0..REPLIES.len())],
            None => COMMENTS[rng.random_range(0..COMMENTS.len())],
        };
        let author = *authors.choose(rng).unwrap_or(&authors[0]);
        let comment = comments::insert(
            conn,
            forum_id,
            subject,
            parent,
            author,
            &comment_body(text)?,
            false,
        )
        .await?;
        // Facilitators hide the odd comment; it keeps its place in the thread.
        if rng.random_bool(0.02) {
            comments::set_hidden(conn, comment.id, Some("Off topic")).await?;
        }
        thread.push(comment.id);
    }
    Ok(count)
}
