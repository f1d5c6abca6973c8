//! The officers' dashboard: priorities across forums, and theme trends as
//! a chart with the same figures in a table, each downloadable as CSV.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::allowed::{self, Back, Task};
use super::chart::{self, Series};
use super::codes::{FindingSource, ImprovementStatus};
use super::layout::{Chrome, ok, refused, urlencode};
use super::visitor::Visitor;
use super::{WebState, csv, gql, words};

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// The dashboard's one document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/officers.graphql",
    extern_enums("FindingSource", "ImprovementStatus"),
    response_derives = "Clone, Debug"
)]
pub struct WebOfficers;

/// The priorities CSV's one document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/priorities_csv.graphql",
    extern_enums("FindingSource", "ImprovementStatus"),
    response_derives = "Clone, Debug"
)]
pub struct WebPrioritiesCsv;

/// The theme trends CSV's one document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/trends_csv.graphql",
    response_derives = "Clone, Debug"
)]
pub struct WebTrendsCsv;

type Priority = web_officers::WebOfficersPriorities;
type Trend = web_officers::WebOfficersThemeTrends;

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Filter {
    forum: Option<String>,
    theme: Option<String>,
}

impl Filter {
    fn forum(&self) -> &str {
        self.forum.as_deref().unwrap_or("").trim()
    }

    fn theme(&self) -> &str {
        self.theme.as_deref().unwrap_or("").trim()
    }

    /// The forum chosen, if any, as the documents' `forumId`.
    fn forum_id(&self) -> Option<String> {
        Some(self.forum().to_owned()).filter(|f| !f.is_empty())
    }

    /// The theme asked about, if any, as the documents' `theme`.
    fn theme_filter(&self) -> Option<String> {
        Some(self.theme().to_owned()).filter(|t| !t.is_empty())
    }

    fn query(&self) -> String {
        format!(
            "?forum={}&theme={}",
            urlencode(self.forum()),
            urlencode(self.theme())
        )
    }
}

/// Themes in the chart: the most common.
const CHART_THEMES: usize = 6;
/// Months in the trends: this one and the eleven before.
const MONTHS: u32 = 12;

/// [start of the month 11 months ago, start of next month).
fn range() -> (String, String) {
    let today = Utc::now().date_naive();
    let (mut year, mut month) = (today.year(), today.month());
    let next = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    for _ in 1..MONTHS {
        if month == 1 {
            year -= 1;
            month = 12;
        } else {
            month -= 1;
        }
    }
    let start = |y: i32, m: u32| {
        NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| Utc.from_utc_datetime(&d).to_rfc3339())
            .unwrap_or_default()
    };
    (start(year, month), start(next.0, next.1))
}

#[derive(Template)]
#[template(path = "officers.html")]
struct Dashboard {
    c: Chrome,
    forum_ids: Vec<(String, String)>,
    filter: Filter,
    priorities: Vec<Priority>,
    trends: Vec<Trend>,
    months: Vec<String>,
    chart: String,
}

impl Dashboard {
    fn short(&self, period: &str) -> String {
        chart::short_month(period)
    }

    fn chosen_forum(&self, id: &str) -> bool {
        self.filter.forum() == id
    }

    fn chart_trends(&self) -> &[Trend] {
        &self.trends[..self.trends.len().min(CHART_THEMES)]
    }

    /// The vote each forum's priorities come from, once each, in the order
    /// the table first names them.
    fn sources(&self) -> Vec<&PriorityRound> {
        let mut seen: Vec<&PriorityRound> = Vec::new();
        for p in &self.priorities {
            if !seen.iter().any(|r| r.id == p.round.id) {
                seen.push(&p.round);
            }
        }
        seen
    }
}

type PriorityRound = web_officers::WebOfficersPrioritiesRound;

/// The dashboard is for officers and admins, who read every forum: a
/// member would see a list of forums they cannot open.
fn officers_only(v: &Visitor) -> Option<Response> {
    let back = Back::new("/", "Go to your forums");
    allowed::refusal(v, None, Task::OfficersDashboard, "/officers", back)
}

/// `GET /officers`.
pub async fn dashboard(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Query(filter): Query<Filter>,
) -> Result<Response, Response> {
    officers_only(&v).map_or(Ok(()), Err)?;
    let (from, to) = range();
    let variables = web_officers::Variables {
        forum_id: filter.forum_id(),
        theme: filter.theme_filter(),
        from,
        to,
    };
    let data = gql::query::<WebOfficers>(&web, v.caller, variables)
        .await
        .map_err(|r| refused(&v, &r, "/officers"))?;
    let forum_ids = data.forums.into_iter().map(|f| (f.id, f.name)).collect();
    let (priorities, trends) = (data.priorities, data.theme_trends);
    let months: Vec<String> = trends
        .first()
        .map(|t| t.periods.iter().map(|p| p.period.clone()).collect())
        .unwrap_or_default();
    let series: Vec<Series<'_>> = trends
        .iter()
        .take(CHART_THEMES)
        .map(|t| Series {
            name: &t.theme,
            counts: t.periods.iter().map(|p| p.count).collect(),
        })
        .collect();
    let description = trends
        .iter()
        .take(CHART_THEMES)
        .map(|t| format!("{}: {} findings", t.theme, t.total))
        .collect::<Vec<_>>()
        .join("; ");
    let chart = if series.is_empty() {
        String::new()
    } else {
        chart::svg(
            "Findings by theme, month by month",
            &format!(
                "The most common themes over the last 12 months. {description}. The table beside the chart has every number."
            ),
            &months,
            &series,
        )
    };
    Ok(ok(&Dashboard {
        c: Chrome::new(&v, "Officers' dashboard").section("officers"),
        forum_ids,
        filter,
        priorities,
        trends,
        months,
        chart,
    }))
}

/// An improvement's status in the words the pages use ("In progress").
fn status_words(status: impl serde::Serialize) -> String {
    super::steps::code::<ImprovementStatus>(&code(status)).map_or_else(String::new, |s| s.name().to_owned())
}

/// An enum's value as the API writes it.
fn code(value: impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        _ => String::new(),
    }
}

/// `GET /officers/priorities.csv`.
pub async fn priorities_csv(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Query(filter): Query<Filter>,
) -> Result<Response, Response> {
    officers_only(&v).map_or(Ok(()), Err)?;
    let variables = web_priorities_csv::Variables {
        forum_id: filter.forum_id(),
        theme: filter.theme_filter(),
    };
    let priorities = gql::query::<WebPrioritiesCsv>(&web, v.caller, variables)
        .await
        .map_err(|r| refused(&v, &r, "/officers"))?
        .priorities;
    let mut rows = vec![
        [
            "forum",
            "rank",
            "tied",
            "score",
            "normalized_score",
            "finding",
            "source",
            "themes",
            "round",
            "round_closed",
            "turnout",
            "improvements",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect::<Vec<_>>(),
    ];
    for p in &priorities {
        rows.push(vec![
            p.finding.forum.name.clone(),
            p.rank.to_string(),
            if p.tied { "yes" } else { "no" }.to_owned(),
            words::score(p.score),
            format!("{:.3}", p.normalized_score),
            p.finding.title.clone(),
            words::source(&code(p.finding.source)).to_owned(),
            p.finding.themes.join("; "),
            p.round.title.clone(),
            p.round
                .closed_at
                .as_deref()
                .map(words::date_time)
                .unwrap_or_default(),
            p.round
                .result
                .as_ref()
                .map(|r| format!("{:.3}", r.turnout))
                .unwrap_or_default(),
            p.improvements
                .iter()
                .map(|i| format!("{} ({})", i.title, status_words(i.status)))
                .collect::<Vec<_>>()
                .join("; "),
        ]);
    }
    Ok(csv::download("priorities.csv", csv::table(&rows)))
}

/// `GET /officers/trends.csv`: one row per theme and month, with the total.
pub async fn trends_csv(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Query(filter): Query<Filter>,
) -> Result<Response, Response> {
    officers_only(&v).map_or(Ok(()), Err)?;
    let (from, to) = range();
    let variables = web_trends_csv::Variables {
        forum_id: filter.forum_id(),
        from,
        to,
    };
    let trends = gql::query::<WebTrendsCsv>(&web, v.caller, variables)
        .await
        .map_err(|r| refused(&v, &r, "/officers"))?
        .theme_trends;
    let mut rows = vec![vec![
        "theme".to_owned(),
        "month".to_owned(),
        "count".to_owned(),
        "theme_total".to_owned(),
    ]];
    for t in &trends {
        for p in &t.periods {
            rows.push(vec![
                t.theme.clone(),
                p.period.clone(),
                p.count.to_string(),
                t.total.to_string(),
            ]);
        }
    }
    Ok(csv::download("theme-trends.csv", csv::table(&rows)))
}
