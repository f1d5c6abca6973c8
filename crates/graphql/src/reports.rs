use std::collections::HashSet;

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use coforum_domain::finding;
use coforum_domain::ids::{FindingId, ForumId, RoundId};

use super::context::{caller, loader, state};
use super::findings::Finding;
use super::ids::parse_id;
use super::list_cost;
use super::loaders::ImprovementsOfFinding;
use super::rounds::Round;
use super::scalars::FindingSource;
use coforum_app::error::{AppError, AppResult};
use coforum_app::ops::reports::{self, Priorities};

type Result<T> = async_graphql::Result<T>;

/// A finding's place in its forum's most recently closed round.
pub struct Priority(reports::Priority);

#[Object]
impl Priority {
    async fn rank(&self) -> u32 {
        self.0.rank
    }
    async fn score(&self) -> f64 {
        self.0.score
    }
    /// (n - rank) / (n - 1) over the round's n findings: 1 is top, 0 is last.
    async fn normalized_score(&self) -> f64 {
        self.0.normalized_score
    }
    async fn tied(&self) -> bool {
        self.0.tied
    }
    async fn finding(&self, ctx: &Context<'_>) -> Result<Finding> {
        let id: FindingId = self.0.finding_id;
        let finding = loader(ctx)
            .load_one(id)
            .await?
            .ok_or(AppError::NotFound("finding"))?;
        Ok(Finding(finding))
    }
    /// Improvements designed from this finding.
    #[graphql(
        complexity = "super::list_bounds::cost(super::list_bounds::IMPROVEMENTS_OF_FINDING, child_complexity)"
    )]
    async fn improvements(&self, ctx: &Context<'_>) -> Result<Vec<super::improvements::Improvement>> {
        Ok(super::findings::improvements_of_finding(ctx, self.0.finding_id).await?)
    }
    async fn round(&self, ctx: &Context<'_>) -> Result<Round> {
        let id: RoundId = self.0.round_id;
        let round = loader(ctx)
            .load_one(id)
            .await?
            .ok_or(AppError::NotFound("round"))?;
        Ok(Round(round))
    }
}

/// Loads, in a fixed number of statements, what the selected fields of the
/// entries will ask for, and hands it to the request's loaders: however many
/// entries there are, no further batch is needed.
async fn prefetch(ctx: &Context<'_>, found: Priorities) -> AppResult<Vec<reports::Priority>> {
    let Priorities {
        entries,
        rounds: latest,
        forums,
    } = found;
    let wanted = ctx.look_ahead();
    let batches = coforum_app::reads::batch::Batches::new(state(ctx), None);
    let loader = loader(ctx);
    let finding_ids: Vec<FindingId> = entries.iter().map(|e| e.finding_id).collect();
    if wanted.field("finding").exists() {
        let findings = batches.findings(&finding_ids).await?;
        if wanted.field("finding").field("forum").exists() {
            // Every entry's forum was read with the answer.
            loader.feed_many(forums.into_iter().map(|f| (f.id, f))).await;
        }
        loader.feed_many(findings.into_iter().map(|f| (f.id, f))).await;
    }
    if wanted.field("round").exists() {
        // The rounds the entries came from were read with them just now.
        let named: HashSet<RoundId> = entries.iter().map(|e| e.round_id).collect();
        // They are closed: their results show to anyone who may read them,
        // whatever their role in the forum.
        let rounds = latest.into_iter().filter(|r| named.contains(&r.id));
        loader.feed_many(rounds.map(|r| (r.id, r))).await;
    }
    if wanted.field("improvements").exists() {
        let mut linked = batches.improvements_of_findings(&finding_ids).await?;
        let by_finding = finding_ids
            .iter()
            .map(|id| (ImprovementsOfFinding(*id), linked.remove(id).unwrap_or_default()));
        loader.feed_many(by_finding).await;
    }
    Ok(entries)
}

#[derive(SimpleObject)]
pub struct PeriodCount {
    /// A calendar month, `YYYY-MM`.
    period: String,
    count: u64,
}

#[derive(SimpleObject)]
pub struct SourceCount {
    source: FindingSource,
    count: u64,
}

/// How often a theme came up in a range, month by month and by source.
#[derive(SimpleObject)]
pub struct ThemeTrend {
    theme: String,
    total: u64,
    /// Every month in the range, oldest first, months with none included.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::TREND_MONTHS, child_complexity)")]
    periods: Vec<PeriodCount>,
    /// Sources that raised it, most first.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::SOURCES, child_complexity)")]
    by_source: Vec<SourceCount>,
}

impl From<reports::ThemeTrend> for ThemeTrend {
    fn from(trend: reports::ThemeTrend) -> Self {
        Self {
            theme: trend.theme,
            total: trend.total,
            periods: trend
                .periods
                .into_iter()
                .map(|(period, count)| PeriodCount { period, count })
                .collect(),
            by_source: trend
                .by_source
                .into_iter()
                .map(|(source, count): (finding::FindingSource, u64)| SourceCount {
                    source: source.into(),
                    count,
                })
                .collect(),
        }
    }
}

/// `priorities` of the forums the caller may read (or `forum_id` alone),
/// as the app reads them: for the root field and for `Forum.priorities`.
pub(crate) async fn priorities(
    ctx: &Context<'_>,
    forum_id: Option<ForumId>,
    theme: Option<&str>,
    first: Option<i64>,
) -> AppResult<Vec<Priority>> {
    let found = reports::priorities(state(ctx), caller(ctx), forum_id, theme, first).await?;
    let entries = prefetch(ctx, found).await?;
    Ok(entries.into_iter().map(Priority).collect())
}

#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// For each forum the caller may read (or `forumId` alone), the ranking of
    /// its most recently published round; merged by normalizedScore, then forum
    /// slug, then rank. `first`: 1 to 500, 50 when omitted.
    #[graphql(complexity = "list_cost(first, 50, child_complexity)")]
    async fn priorities(
        &self,
        ctx: &Context<'_>,
        forum_id: Option<ID>,
        theme: Option<String>,
        first: Option<i64>,
    ) -> Result<Vec<Priority>> {
        let forum_id = forum_id.map(|id| parse_id("forumId", &id)).transpose()?;
        Ok(priorities(ctx, forum_id, theme.as_deref(), first).await?)
    }

    /// Findings by theme over `receivedAt` in [from, to), by calendar month
    /// and by source; themes by total, highest first, then name.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::THEMES, child_complexity)")]
    async fn theme_trends(
        &self,
        ctx: &Context<'_>,
        forum_id: Option<ID>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ThemeTrend>> {
        let forum_id = forum_id.map(|id| parse_id("forumId", &id)).transpose()?;
        let trends = reports::theme_trends(state(ctx), caller(ctx), forum_id, from, to).await?;
        Ok(trends.into_iter().map(Into::into).collect())
    }
}
