//! `/forums/{slug}/priorities`: how the forum's priorities moved over its
//! published votes, as a chart and as a table of the same figures.

use std::collections::HashMap;

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use graphql_client::GraphQLQuery;

use super::layout::{Chrome, not_found, ok, refused};
use super::rank_chart::{self, Line};
use super::visitor::Visitor;
use super::{WebState, gql};

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// The page's one document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/priority_history.graphql",
    response_derives = "Clone, Debug"
)]
pub struct WebPriorityHistory;

type Vote = web_priority_history::WebPriorityHistoryForumPriorityHistory;

/// Findings placed this high in any vote are in the chart and the table.
const TOP_PLACES: i64 = 5;
/// At most this many findings, so the chart stays readable.
const MOST_FINDINGS: usize = 10;

/// One row of the table, one line of the chart.
pub struct Row {
    pub letter: char,
    pub id: String,
    pub title: String,
    /// Place in each vote, oldest vote first.
    pub places: Vec<Option<u32>>,
}

/// The findings worth following, in the newest vote's order (then the
/// order they first reached the top), each with its place in every vote.
/// `votes` are oldest first.
pub fn rows(votes: &[Vote]) -> Vec<Row> {
    let mut places: HashMap<&str, Vec<Option<u32>>> = HashMap::new();
    let mut titles: HashMap<&str, &str> = HashMap::new();
    let mut chosen: Vec<&str> = Vec::new();
    for (i, vote) in votes.iter().enumerate() {
        for entry in vote.result.iter().flat_map(|r| r.ranking.iter()) {
            let id = entry.finding.id.as_str();
            titles.insert(id, entry.finding.title.as_str());
            let place = u32::try_from(entry.rank).ok();
            places.entry(id).or_insert_with(|| vec![None; votes.len()])[i] = place;
            if entry.rank <= TOP_PLACES && !chosen.contains(&id) {
                chosen.push(id);
            }
        }
    }
    let latest = |id: &str| {
        places
            .get(id)
            .and_then(|p| p.last().copied().flatten())
            .unwrap_or(u32::MAX)
    };
    // A stable sort keeps the order findings first reached the top.
    chosen.sort_by_key(|id| latest(id));
    chosen
        .into_iter()
        .take(MOST_FINDINGS)
        .zip('A'..='Z')
        .map(|(id, letter)| Row {
            letter,
            id: id.to_owned(),
            title: titles.get(id).copied().unwrap_or_default().to_owned(),
            places: places.remove(id).unwrap_or_default(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "priority_history.html")]
struct Page {
    c: Chrome,
    slug: String,
    name: String,
    /// Oldest first, as the chart reads left to right.
    votes: Vec<Vote>,
    rows: Vec<Row>,
    chart: String,
}

impl Page {
    /// The vote the priorities come from now.
    fn current(&self) -> Option<&Vote> {
        self.votes.last()
    }

    fn when(vote: &Vote) -> String {
        vote.closed_at
            .as_deref()
            .map(crate::words::date)
            .unwrap_or_default()
    }

    fn turnout(vote: &Vote) -> String {
        vote.result
            .as_ref()
            .map(|r| crate::words::percent(r.turnout))
            .unwrap_or_default()
    }

    fn place_text(place: &Option<u32>) -> String {
        match place {
            Some(p) => rank_chart::ordinal(*p),
            None => "Not in this vote".to_owned(),
        }
    }
}

/// `GET /forums/{slug}/priorities`.
pub async fn page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
) -> Result<Response, Response> {
    let variables = web_priority_history::Variables { slug };
    let forum = gql::query::<WebPriorityHistory>(&web, v.caller, variables)
        .await
        .map_err(|r| refused(&v, &r, uri.path()))?
        .forum
        .ok_or_else(|| not_found(&v))?;
    let mut votes = forum.priority_history;
    votes.reverse();
    let rows = rows(&votes);
    let labels: Vec<String> = votes.iter().map(Page::when).collect();
    let lines: Vec<Line> = rows
        .iter()
        .map(|r| Line {
            letter: r.letter,
            places: r.places.clone(),
        })
        .collect();
    let description = format!(
        "The place of {} findings in each of {} votes, oldest vote first. The table below has the same figures.",
        rows.len(),
        votes.len()
    );
    let chart = rank_chart::svg(
        "How the forum's priorities changed",
        &description,
        &labels,
        &lines,
    );
    Ok(ok(&Page {
        c: Chrome::new(&v, "How the priorities changed"),
        slug: forum.slug,
        name: forum.name,
        votes,
        rows,
        chart,
    }))
}
