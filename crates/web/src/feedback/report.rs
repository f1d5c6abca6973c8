//! The year's report (`/feedback/report?year=2022`): the figures of
//! `feedbackReport` from 1 April to 31 March (the regulations' year, in
//! England's midnights), shares in words, themes with how many were
//! upheld, a monthly chart with the same figures as a table, print CSS,
//! and the same as CSV.

use std::borrow::Borrow;

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate, TimeZone as _, Utc};
use chrono_tz::Europe::London;
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::codes::FeedbackKind;
use super::{DateTime, refused_page, today};
use crate::chart::{self, Series};
use crate::layout::{Chrome, ok};
use crate::visitor::Visitor;
use crate::{WebState, csv, gql};

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/feedback_report.graphql",
    extern_enums("FeedbackKind"),
    response_derives = "Clone, Debug"
)]
pub struct WebFeedbackReport;

pub type Report = web_feedback_report::WebFeedbackReportFeedbackReport;

/// Years offered: this one and the six before.
const YEARS_SHOWN: i32 = 7;

/// The year that holds `day`: 2022 for 1 April 2022 to 31 March 2023.
pub fn year_of(day: NaiveDate) -> i32 {
    if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// "2022 to 2023".
pub fn year_words(year: i32) -> String {
    format!("1 April {year} to 31 March {}", year + 1)
}

/// Midnight at the start of `day` in England, as the API's `DateTime`.
fn uk_midnight(day: NaiveDate) -> String {
    day.and_hms_opt(0, 0, 0)
        .and_then(|at| London.from_local_datetime(&at).earliest())
        .map(|at| at.with_timezone(&Utc).to_rfc3339())
        .unwrap_or_default()
}

/// [1 April `year`, 1 April `year + 1`) in England's midnights.
pub fn bounds(year: i32) -> (String, String) {
    let april = |y| NaiveDate::from_ymd_opt(y, 4, 1).unwrap_or_default();
    (uk_midnight(april(year)), uk_midnight(april(year + 1)))
}

/// "14 of 35 (40%)".
pub fn share(n: impl Borrow<i64>, of: impl Borrow<i64>) -> String {
    let (n, of) = (*n.borrow(), *of.borrow());
    if of <= 0 {
        return format!("{n} of {of}");
    }
    let percent = (n as f64 * 100.0 / of as f64).round();
    format!("{n} of {of} ({percent:.0}%)")
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Chosen {
    year: Option<String>,
}

impl Chosen {
    /// The year asked for, within the years offered; else this one.
    fn year(&self) -> i32 {
        let this = year_of(today());
        self.year
            .as_deref()
            .and_then(|y| y.trim().parse::<i32>().ok())
            .filter(|y| (2000..=this).contains(y))
            .unwrap_or(this)
    }
}

async fn read(web: &WebState, v: &Visitor, year: i32) -> Result<Report, Response> {
    let (from, to) = bounds(year);
    let variables = web_feedback_report::Variables { from, to };
    let path = format!("/feedback/report?year={year}");
    Ok(gql::query::<WebFeedbackReport>(web, v.caller, variables)
        .await
        .map_err(|r| refused_page(v, &r, &path))?
        .feedback_report)
}

#[derive(Template)]
#[template(path = "feedback_report.html")]
struct ReportPage {
    c: Chrome,
    year: i32,
    years: Vec<i32>,
    r: Report,
    chart: String,
}

impl ReportPage {
    fn period(&self) -> String {
        year_words(self.year)
    }

    fn complaints(&self) -> i64 {
        self.r.complaints.received
    }

    fn share_of_complaints(&self, n: &i64) -> String {
        share(*n, self.complaints())
    }

    fn total(&self) -> i64 {
        self.r.received.iter().map(|k| k.count).sum()
    }

    fn kind_name(&self, kind: &FeedbackKind) -> &'static str {
        kind.name()
    }

    fn month(&self, period: &str) -> String {
        month_words(period)
    }
}

/// "2022-04" as "April 2022".
pub fn month_words(period: &str) -> String {
    NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d")
        .map_or_else(|_| period.to_owned(), |d| d.format("%B %Y").to_string())
}

/// `GET /feedback/report?year=2022`.
pub async fn page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Query(chosen): Query<Chosen>,
) -> Result<Response, Response> {
    let year = chosen.year();
    let r = read(&web, &v, year).await?;
    let this = year_of(today());
    let months: Vec<String> = r.months.iter().map(|m| m.period.clone()).collect();
    let series = [Series {
        name: "Everything received",
        counts: r.months.iter().map(|m| m.count).collect(),
    }];
    let busiest = r.months.iter().max_by_key(|m| m.count);
    let description = format!(
        "{} items received from {}. The busiest month was {}. The table below the chart has every number.",
        r.received.iter().map(|k| k.count).sum::<i64>(),
        year_words(year),
        busiest.map_or_else(
            || "none".to_owned(),
            |m| format!("{} with {}", month_words(&m.period), m.count)
        ),
    );
    let chart = chart::svg(
        "Everything received, month by month",
        &description,
        &months,
        &series,
    );
    Ok(ok(&ReportPage {
        c: Chrome::new(&v, format!("Feedback report: {}", year_words(year))).section("feedback"),
        year,
        years: (this - YEARS_SHOWN + 1..=this).rev().collect(),
        r,
        chart,
    }))
}

/// `GET /feedback/report.csv?year=2022`: the page's figures, one a row.
pub async fn download(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Query(chosen): Query<Chosen>,
) -> Result<Response, Response> {
    let year = chosen.year();
    let r = read(&web, &v, year).await?;
    Ok(csv::download("feedback-report.csv", csv::table(&rows(&r, year))))
}

/// One row per figure: what it counts, how many, out of how many, the share.
pub fn rows(r: &Report, year: i32) -> Vec<Vec<String>> {
    let mut rows = vec![
        ["year", "section", "measure", "count", "out_of", "percent"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>(),
    ];
    let period = format!("{year} to {}", year + 1);
    let mut push = |section: &str, measure: &str, n: i64, of: Option<i64>| {
        let percent = of
            .filter(|of| *of > 0)
            .map(|of| format!("{:.0}%", (n as f64 * 100.0 / of as f64).round()))
            .unwrap_or_default();
        rows.push(vec![
            period.clone(),
            section.to_owned(),
            measure.to_owned(),
            n.to_string(),
            of.map(|o| o.to_string()).unwrap_or_default(),
            percent,
        ]);
    };
    let total: i64 = r.received.iter().map(|k| k.count).sum();
    for k in &r.received {
        push("Received", k.kind.name(), k.count, Some(total));
    }
    let c = &r.complaints;
    let of = Some(c.received);
    push("Complaints", "Received", c.received, None);
    push("Complaints", "Upheld or partly upheld", c.well_founded, of);
    push("Complaints", "Upheld", c.upheld, of);
    push("Complaints", "Partly upheld", c.partly_upheld, of);
    push("Complaints", "Not upheld", c.not_upheld, of);
    push("Complaints", "Acknowledged on time", c.acknowledged_on_time, of);
    push("Complaints", "Answered on time", c.responded_on_time, of);
    push("Complaints", "Overdue now", c.overdue_now, None);
    push("Ombudsman", "Referred", c.referred_to_ombudsman, of);
    push(
        "Ombudsman",
        "Upheld by the Ombudsman",
        c.ombudsman_upheld,
        Some(c.referred_to_ombudsman),
    );
    let remedies = c.remedies_done + c.remedies_due;
    push("Ombudsman", "Remedies done", c.remedies_done, Some(remedies));
    push(
        "Ombudsman",
        "Remedies still to do",
        c.remedies_due,
        Some(remedies),
    );
    for t in &r.themes {
        push("Theme: everything received", &t.theme, t.count, None);
        push(
            "Theme: complaints upheld or partly upheld",
            &t.theme,
            t.well_founded,
            Some(t.complaints),
        );
    }
    for m in &r.months {
        push("Received by month", &month_words(&m.period), m.count, None);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_runs_from_april_in_englands_midnights() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(year_of(day(2023, 3, 31)), 2022);
        assert_eq!(year_of(day(2023, 4, 1)), 2023);
        // 1 April is in BST: midnight in England is 11pm the day before in UTC.
        assert_eq!(
            bounds(2022),
            (
                "2022-03-31T23:00:00+00:00".to_owned(),
                "2023-03-31T23:00:00+00:00".to_owned()
            )
        );
        assert_eq!(share(14, 35), "14 of 35 (40%)");
        assert_eq!(share(2, 3), "2 of 3 (67%)");
        assert_eq!(share(0, 0), "0 of 0");
        assert_eq!(month_words("2022-04"), "April 2022");
        assert_eq!(year_words(2022), "1 April 2022 to 31 March 2023");
    }
}
