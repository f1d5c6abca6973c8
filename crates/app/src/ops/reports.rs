use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use coforum_domain::finding::FindingSource;
use coforum_domain::forum::Forum;
use coforum_domain::ids::{FindingId, ForumId, RoundId};
use coforum_domain::permissions::{ForumAction, authorize_in_forum, reads_every_forum};
use coforum_domain::priorities::{
    Month, history_page, merged_order, months_between, normalized_score, priorities_page, source_order,
    trend_order,
};
use coforum_domain::round::Round;

use coforum_persistence::repos::{findings, forums, rounds};

use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The forums the caller's reports cover: `forum_id` alone (if they may
/// read it), or every forum they may read.
pub async fn readable_forums(
    state: &AppState,
    caller: &Caller,
    forum_id: Option<ForumId>,
) -> AppResult<Vec<Forum>> {
    let actor = caller.signed_in()?;
    let conn = state.db.conn();
    if let Some(forum_id) = forum_id {
        let forum = forums::find(conn, forum_id)
            .await?
            .ok_or(AppError::NotFound("forum"))?;
        let role = forums::role_of(conn, actor.user_id, forum_id).await?;
        authorize_in_forum(Some(actor), role, ForumAction::Read)
            .map_err(|r| AppError::refused(r, "forum"))?;
        return Ok(vec![forum]);
    }
    let all = forums::list(conn).await?;
    if reads_every_forum(actor) {
        return Ok(all);
    }
    let mine: Vec<ForumId> = forums::memberships_of(conn, actor.user_id)
        .await?
        .into_iter()
        .map(|m| m.forum_id)
        .collect();
    Ok(all.into_iter().filter(|f| mine.contains(&f.id)).collect())
}

/// One finding's place in its forum's priorities (its latest published ranking).
#[derive(Clone, Debug)]
pub struct Priority {
    pub rank: u32,
    pub score: f64,
    pub normalized_score: f64,
    pub tied: bool,
    pub finding_id: FindingId,
    pub round_id: RoundId,
}

/// The entries of `priorities`, with the rounds they come from.
#[derive(Debug, Default)]
pub struct Priorities {
    pub entries: Vec<Priority>,
    /// Each forum's most recently published round (as read for this answer).
    pub rounds: Vec<Round>,
    /// The forums the answer covers (as read for this answer).
    pub forums: Vec<Forum>,
}

pub async fn priorities(
    state: &AppState,
    caller: &Caller,
    forum_id: Option<ForumId>,
    theme: Option<&str>,
    first: Option<i64>,
) -> AppResult<Priorities> {
    let first = priorities_page(first)?;
    let theme = theme.map(coforum_domain::finding::normalize_theme).transpose()?;
    let forums = readable_forums(state, caller, forum_id).await?;
    let conn = state.db.conn();
    let ids: Vec<ForumId> = forums.iter().map(|f| f.id).collect();
    let slugs: HashMap<ForumId, &str> = forums.iter().map(|f| (f.id, f.slug.as_str())).collect();
    let latest = rounds::latest_published(conn, &ids).await?;
    let round_ids: Vec<RoundId> = latest.iter().map(|r| r.id).collect();
    let rankings = state.rankings.of_closed(conn, &round_ids).await?;

    let mut entries: Vec<(Priority, &str)> = Vec::new();
    for round in &latest {
        let Some(rows) = rankings.get(&round.id) else {
            continue;
        };
        let n = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        let slug = slugs.get(&round.forum_id).copied().unwrap_or("");
        for row in rows.iter() {
            let priority = Priority {
                rank: row.rank,
                score: row.score,
                normalized_score: normalized_score(row.rank, n),
                tied: row.tied,
                finding_id: row.finding_id,
                round_id: round.id,
            };
            entries.push((priority, slug));
        }
    }
    if let Some(theme) = theme {
        let finding_ids: Vec<FindingId> = entries.iter().map(|(p, _)| p.finding_id).collect();
        let with_theme: HashSet<FindingId> = findings::find_many(conn, &finding_ids)
            .await?
            .into_iter()
            .filter(|f| f.themes.contains(&theme))
            .map(|f| f.id)
            .collect();
        entries.retain(|(p, _)| with_theme.contains(&p.finding_id));
    }
    entries.sort_by(|(a, a_slug), (b, b_slug)| {
        merged_order(
            (a.normalized_score, a_slug, a.rank),
            (b.normalized_score, b_slug, b.rank),
        )
    });
    entries.truncate(first);
    let entries = entries.into_iter().map(|(p, _)| p).collect();
    Ok(Priorities {
        entries,
        rounds: latest,
        forums,
    })
}

/// A forum's published rounds, most recently published first: how its
/// priorities moved. Read by whoever may read the forum.
pub async fn priority_history(
    state: &AppState,
    caller: &Caller,
    forum_id: ForumId,
    first: Option<i64>,
) -> AppResult<Vec<Round>> {
    let first = history_page(first)?;
    readable_forums(state, caller, Some(forum_id)).await?;
    Ok(rounds::published_of_forum(state.db.conn(), forum_id, first).await?)
}

/// Agreed improvements of the forums the caller may read (or `forum_id`),
/// newest agreed first: "you said, we did".
pub async fn you_said_we_did(
    state: &AppState,
    caller: &Caller,
    forum_id: Option<ForumId>,
) -> AppResult<Vec<coforum_domain::improvement::Improvement>> {
    let forums: Vec<ForumId> = readable_forums(state, caller, forum_id)
        .await?
        .into_iter()
        .map(|f| f.id)
        .collect();
    Ok(coforum_persistence::repos::improvements::agreed_in(state.db.conn(), &forums).await?)
}

/// How often one theme came up, by month and by source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeTrend {
    pub theme: String,
    pub total: u64,
    pub periods: Vec<(String, u64)>,
    pub by_source: Vec<(FindingSource, u64)>,
}

pub async fn theme_trends(
    state: &AppState,
    caller: &Caller,
    forum_id: Option<ForumId>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> AppResult<Vec<ThemeTrend>> {
    let months = months_between(from, to)?;
    let forums: Vec<ForumId> = readable_forums(state, caller, forum_id)
        .await?
        .into_iter()
        .map(|f| f.id)
        .collect();
    let occurrences = findings::theme_occurrences(state.db.conn(), &forums, from, to).await?;
    Ok(count_trends(&months, occurrences))
}

/// One theme's counts: per month, and per source.
type ThemeCounts = (BTreeMap<Month, u64>, BTreeMap<FindingSource, u64>);

fn count_trends(
    months: &[Month],
    occurrences: Vec<(String, FindingSource, DateTime<Utc>)>,
) -> Vec<ThemeTrend> {
    let mut by_theme: BTreeMap<String, ThemeCounts> = BTreeMap::new();
    for (theme, source, at) in occurrences {
        let (per_month, per_source) = by_theme.entry(theme).or_default();
        *per_month.entry(Month::of(at)).or_default() += 1;
        *per_source.entry(source).or_default() += 1;
    }
    let mut trends: Vec<ThemeTrend> = by_theme
        .into_iter()
        .map(|(theme, (per_month, per_source))| {
            let mut by_source: Vec<(FindingSource, u64)> = per_source.into_iter().collect();
            by_source.sort_by(source_order);
            ThemeTrend {
                total: per_month.values().sum(),
                periods: months
                    .iter()
                    .map(|m| (m.label(), per_month.get(m).copied().unwrap_or(0)))
                    .collect(),
                by_source,
                theme,
            }
        })
        .collect();
    trends.sort_by(|a, b| trend_order((a.total, &a.theme), (b.total, &b.theme)));
    trends
}
