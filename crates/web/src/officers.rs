//! The officers' dashboard: priorities across forums, and theme trends as
//! a chart with the same figures in a table, each downloadable as CSV.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use serde::Deserialize;
use serde_json::json;

use super::chart::{self, Series};
use super::forum::Priority;
use super::layout::{Chrome, ok, refused, urlencode};
use super::visitor::Visitor;
use super::{WebState, contract, csv, gql, words};

/// The contract's `ThemeTrends`, read.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trend {
    pub theme: String,
    pub total: i64,
    pub periods: Vec<Period>,
    pub by_source: Vec<SourceCount>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Period {
    pub period: String,
    pub count: i64,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SourceCount {
    pub source: String,
    pub count: i64,
}

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

async fn priorities(web: &WebState, v: &Visitor, filter: &Filter) -> Result<Vec<Priority>, Response> {
    let mut variables = json!({ "first": 100 });
    if !filter.forum().is_empty() {
        variables["forumId"] = json!(filter.forum());
    }
    if !filter.theme().is_empty() {
        variables["theme"] = json!(filter.theme());
    }
    gql::fetch(web, v.caller, contract::PRIORITIES, "priorities", variables)
        .await
        .map_err(|r| refused(v, &r, "/officers"))
}

async fn trends(web: &WebState, v: &Visitor, filter: &Filter) -> Result<Vec<Trend>, Response> {
    let (from, to) = range();
    let mut variables = json!({ "from": from, "to": to });
    if !filter.forum().is_empty() {
        variables["forumId"] = json!(filter.forum());
    }
    gql::fetch(web, v.caller, contract::THEME_TRENDS, "themeTrends", variables)
        .await
        .map_err(|r| refused(v, &r, "/officers"))
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
}

/// A forum's slug and name, from the contract's `Forums`.
#[derive(Deserialize)]
struct ForumName {
    slug: String,
    name: String,
}

#[derive(Deserialize)]
struct ForumId {
    id: String,
    slug: String,
}

/// `GET /officers`.
pub async fn dashboard(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Query(filter): Query<Filter>,
) -> Result<Response, Response> {
    if v.me.is_none() {
        return Err(axum::response::IntoResponse::into_response(
            axum::response::Redirect::to("/sign-in?next=/officers"),
        ));
    }
    let forums: Vec<ForumName> = gql::fetch(&web, v.caller, contract::FORUMS, "forums", json!({}))
        .await
        .map_err(|r| refused(&v, &r, "/officers"))?;
    // `Forums` gives slugs; ids come from the same public list.
    let ids: Vec<ForumId> = gql::fetch(
        &web,
        v.caller,
        "query WebForumIds { forums { id slug } }",
        "forums",
        json!({}),
    )
    .await
    .map_err(|r| refused(&v, &r, "/officers"))?;
    let forum_ids = forums
        .iter()
        .filter_map(|f| {
            ids.iter()
                .find(|i| i.slug == f.slug)
                .map(|i| (i.id.clone(), f.name.clone()))
        })
        .collect();
    let priorities = priorities(&web, &v, &filter).await?;
    let trends = trends(&web, &v, &filter).await?;
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

/// `GET /officers/priorities.csv`.
pub async fn priorities_csv(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Query(filter): Query<Filter>,
) -> Result<Response, Response> {
    let priorities = priorities(&web, &v, &filter).await?;
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
            p.finding.forum.slug.clone(),
            p.rank.to_string(),
            if p.tied { "yes" } else { "no" }.to_owned(),
            words::score(p.score),
            format!("{:.3}", p.normalized_score),
            p.finding.title.clone(),
            p.finding.source.clone(),
            p.finding.themes.join("; "),
            p.round.title.clone(),
            p.round.closed_at.clone().unwrap_or_default(),
            p.round
                .result
                .as_ref()
                .map(|r| format!("{:.3}", r.turnout))
                .unwrap_or_default(),
            p.improvements
                .iter()
                .map(|i| format!("{} ({})", i.title, i.status))
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
    let trends = trends(&web, &v, &filter).await?;
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
