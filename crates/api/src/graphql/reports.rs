use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use coforum_domain::finding::FindingSource;
use coforum_domain::ids::{FindingId, RoundId};

use super::context::{caller, loader, state};
use super::findings::FindingGql;
use super::ids::parse_id;
use super::list_cost;
use super::rounds::RoundGql;
use super::scalars::FindingSourceGql;
use crate::error::ApiError;
use crate::ops::reports::{self, Priority, ThemeTrend};

type Result<T> = async_graphql::Result<T>;

/// A finding's place in its forum's most recently closed round.
pub struct PriorityGql(Priority);

#[Object(name = "Priority")]
impl PriorityGql {
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
    async fn finding(&self, ctx: &Context<'_>) -> Result<FindingGql> {
        let id: FindingId = self.0.finding_id;
        let finding = loader(ctx)
            .load_one(id)
            .await?
            .ok_or(ApiError::NotFound("finding"))?;
        Ok(FindingGql(finding))
    }
    /// Improvements designed from this finding.
    async fn improvements(&self, ctx: &Context<'_>) -> Result<Vec<super::improvements::ImprovementGql>> {
        Ok(super::findings::improvements_of_finding(ctx, self.0.finding_id).await?)
    }
    async fn round(&self, ctx: &Context<'_>) -> Result<RoundGql> {
        let id: RoundId = self.0.round_id;
        let round = loader(ctx)
            .load_one(id)
            .await?
            .ok_or(ApiError::NotFound("round"))?;
        Ok(RoundGql(round))
    }
}

#[derive(SimpleObject)]
pub struct PeriodCount {
    /// A calendar month, `YYYY-MM`.
    period: String,
    count: u64,
}

#[derive(SimpleObject)]
pub struct SourceCount {
    source: FindingSourceGql,
    count: u64,
}

/// How often a theme came up in a range, month by month and by source.
#[derive(SimpleObject)]
pub struct ThemeTrendGql {
    theme: String,
    total: u64,
    /// Every month in the range, oldest first, months with none included.
    periods: Vec<PeriodCount>,
    /// Sources that raised it, most first.
    by_source: Vec<SourceCount>,
}

impl From<ThemeTrend> for ThemeTrendGql {
    fn from(trend: ThemeTrend) -> Self {
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
                .map(|(source, count): (FindingSource, u64)| SourceCount {
                    source: source.into(),
                    count,
                })
                .collect(),
        }
    }
}

#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// For each forum the caller may read (or `forumId` alone), the ranking of
    /// its most recently closed round; merged by normalizedScore, then forum
    /// slug, then rank. `first`: 1 to 500, 50 when omitted.
    #[graphql(complexity = "list_cost(first, 50, child_complexity)")]
    async fn priorities(
        &self,
        ctx: &Context<'_>,
        forum_id: Option<ID>,
        theme: Option<String>,
        first: Option<i64>,
    ) -> Result<Vec<PriorityGql>> {
        let forum_id = forum_id.map(|id| parse_id("forumId", &id)).transpose()?;
        let entries = reports::priorities(state(ctx), caller(ctx), forum_id, theme.as_deref(), first).await?;
        Ok(entries.into_iter().map(PriorityGql).collect())
    }

    /// Findings by theme over `receivedAt` in [from, to), by calendar month
    /// and by source; themes by total, highest first, then name.
    async fn theme_trends(
        &self,
        ctx: &Context<'_>,
        forum_id: Option<ID>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ThemeTrendGql>> {
        let forum_id = forum_id.map(|id| parse_id("forumId", &id)).transpose()?;
        let trends = reports::theme_trends(state(ctx), caller(ctx), forum_id, from, to).await?;
        Ok(trends.into_iter().map(Into::into).collect())
    }
}
