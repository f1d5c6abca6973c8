use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use coforum_app::error::{AppError, AppResult};
use coforum_app::feedback::reads::{self, LogCursor, LogFilter};
use coforum_domain::feedback::normalize_filter_theme;
use coforum_domain::feedback::report as figures;
use coforum_domain::priorities::page_size;

use super::super::accounts::User;
use super::super::context::{caller, state};
use super::super::findings::PageInfo;
use super::super::ids::parse_id;
use super::{FeedbackItem, FeedbackKind, FeedbackStatus, Result};

pub const DEFAULT_LOG_PAGE: i64 = 20;
pub const MAX_LOG_PAGE: i64 = 100;

#[derive(InputObject, Default)]
pub struct FeedbackFilter {
    kind: Option<FeedbackKind>,
    status: Option<FeedbackStatus>,
    theme: Option<String>,
    overdue: Option<bool>,
    /// Received at or after.
    from: Option<DateTime<Utc>>,
    /// Received before.
    to: Option<DateTime<Utc>>,
}

#[derive(SimpleObject)]
pub struct FeedbackEdge {
    cursor: String,
    node: FeedbackItem,
}

/// A page of the log, newest received first.
#[derive(SimpleObject)]
pub struct FeedbackConnection {
    total_count: u64,
    edges: Vec<FeedbackEdge>,
    page_info: PageInfo,
}

#[derive(SimpleObject)]
pub struct FeedbackKindCount {
    kind: FeedbackKind,
    count: u64,
}

/// How complaints received in the period ended, counted by their latest
/// outcome, and whether they were answered on time (at their latest stage).
#[derive(SimpleObject)]
pub struct ComplaintFigures {
    received: u64,
    /// Upheld and partly upheld: the regulations' "well-founded".
    well_founded: u64,
    upheld: u64,
    partly_upheld: u64,
    not_upheld: u64,
    acknowledged_on_time: u64,
    responded_on_time: u64,
    overdue_now: u64,
    referred_to_ombudsman: u64,
    ombudsman_upheld: u64,
    /// Remedies asked for and not yet done.
    remedies_due: u64,
    remedies_done: u64,
}

#[derive(SimpleObject)]
pub struct FeedbackThemeCount {
    theme: String,
    count: u64,
    complaints: u64,
    well_founded: u64,
}

#[derive(SimpleObject)]
pub struct FeedbackMonth {
    /// YYYY-MM.
    period: String,
    count: u64,
}

/// The figures of items received in a period. Nothing personal.
#[derive(SimpleObject)]
pub struct FeedbackReport {
    received: Vec<FeedbackKindCount>,
    complaints: ComplaintFigures,
    /// Highest count first, then by name.
    themes: Vec<FeedbackThemeCount>,
    /// Every calendar month in the period.
    months: Vec<FeedbackMonth>,
}

impl From<figures::FeedbackReport> for FeedbackReport {
    fn from(report: figures::FeedbackReport) -> Self {
        let c = report.complaints;
        Self {
            received: report
                .received
                .into_iter()
                .map(|(kind, count)| FeedbackKindCount {
                    kind: kind.into(),
                    count,
                })
                .collect(),
            complaints: ComplaintFigures {
                received: c.received,
                well_founded: c.well_founded,
                upheld: c.upheld,
                partly_upheld: c.partly_upheld,
                not_upheld: c.not_upheld,
                acknowledged_on_time: c.acknowledged_on_time,
                responded_on_time: c.responded_on_time,
                overdue_now: c.overdue_now,
                referred_to_ombudsman: c.referred_to_ombudsman,
                ombudsman_upheld: c.ombudsman_upheld,
                remedies_due: c.remedies_due,
                remedies_done: c.remedies_done,
            },
            themes: report
                .themes
                .into_iter()
                .map(|t| FeedbackThemeCount {
                    theme: t.theme,
                    count: t.count,
                    complaints: t.complaints,
                    well_founded: t.well_founded,
                })
                .collect(),
            months: report
                .months
                .into_iter()
                .map(|(period, count)| FeedbackMonth { period, count })
                .collect(),
        }
    }
}

fn encode_cursor(item: &coforum_domain::feedback::FeedbackItem) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}|{}", item.standing.received_at.to_rfc3339(), item.id))
}

fn decode_cursor(cursor: &str) -> AppResult<LogCursor> {
    let bad = || AppError::invalid("after", "is not a cursor this list gave out");
    let text = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(text).map_err(|_| bad())?;
    let (at, id) = text.split_once('|').ok_or_else(bad)?;
    let at = DateTime::parse_from_rfc3339(at)
        .map_err(|_| bad())?
        .with_timezone(&Utc);
    Ok((at, id.parse().map_err(|_| bad())?))
}

#[derive(Default)]
pub struct FeedbackQuery;

#[Object]
impl FeedbackQuery {
    /// The complaints team and admins: any item; an officer: the items
    /// they logged, without personal details. Anyone else: NOT_FOUND.
    async fn feedback_item(&self, ctx: &Context<'_>, id: ID) -> Result<FeedbackItem> {
        let id = parse_id("id", &id)?;
        Ok(FeedbackItem(reads::item(state(ctx), caller(ctx), id).await?))
    }

    /// The log, newest received first: every item for the complaints team
    /// and admins, an officer's own for an officer.
    #[graphql(complexity = "super::super::list_cost(first, DEFAULT_LOG_PAGE, child_complexity)")]
    async fn feedback_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<FeedbackFilter>,
        first: Option<i64>,
        after: Option<String>,
    ) -> Result<FeedbackConnection> {
        let first = page_size("first", first, DEFAULT_LOG_PAGE, MAX_LOG_PAGE).map_err(AppError::from)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let filter = filter.unwrap_or_default();
        let filter = LogFilter {
            kind: filter.kind.map(Into::into),
            status: filter.status.map(Into::into),
            theme: filter
                .theme
                .as_deref()
                .map(normalize_filter_theme)
                .transpose()
                .map_err(AppError::from)?,
            overdue: filter.overdue,
            from: filter.from,
            to: filter.to,
        };
        let page = reads::page(state(ctx), caller(ctx), &filter, after, first).await?;
        let edges: Vec<FeedbackEdge> = page
            .items
            .into_iter()
            .map(|item| FeedbackEdge {
                cursor: encode_cursor(&item),
                node: FeedbackItem(item),
            })
            .collect();
        Ok(FeedbackConnection {
            total_count: page.total_count,
            page_info: PageInfo {
                has_next_page: page.has_next_page,
                end_cursor: edges.last().map(|e| e.cursor.clone()),
            },
            edges,
        })
    }

    /// The complaints team and admins, by name: whom an item may be
    /// assigned to. Only they may ask (others: FORBIDDEN). Not in the
    /// contract: the web's "assign" form needs it.
    async fn complaints_team(&self, ctx: &Context<'_>) -> Result<Vec<User>> {
        let people = reads::complaints_team(state(ctx), caller(ctx)).await?;
        Ok(people.into_iter().map(User).collect())
    }

    /// Officers, the complaints team, admins and API tokens: the figures
    /// of items received in [from, to).
    async fn feedback_report(
        &self,
        ctx: &Context<'_>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<FeedbackReport> {
        let report = reads::report_for(state(ctx), caller(ctx), from, to).await?;
        Ok(report.into())
    }
}
