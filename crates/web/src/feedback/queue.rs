//! The work queue (`/feedback`): what is overdue, due today, due this
//! week and later, filtered by who handles it, and what was answered
//! lately. Officers see the items they logged; the team may tick items to
//! raise as a finding.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Duration, NaiveDate};
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::codes::{FeedbackKind, FeedbackStatus};
use super::{Date, DateTime, day_words, due_words, parse_day, refused_page, today};
use crate::layout::{Chrome, ok};
use crate::visitor::Visitor;
use crate::{WebState, gql};

/// The log, a page at a time.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/feedback_queue.graphql",
    extern_enums("FeedbackKind", "FeedbackStatus"),
    response_derives = "Clone, Debug"
)]
pub struct WebFeedbackQueue;

pub type Item = web_feedback_queue::WebFeedbackQueueFeedbackLogEdgesNode;

/// Pages of 100 read at most: the queue of a council, not an archive.
const MAX_PAGES: usize = 20;
/// Answered items listed under the queue, newest first.
const ANSWERED_SHOWN: usize = 30;

/// Whose items: "mine", "nobody", or everyone's.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Filter {
    handler: Option<String>,
    done: Option<String>,
}

impl Filter {
    pub fn handler(&self) -> &str {
        match self.handler.as_deref() {
            Some("mine") => "mine",
            Some("nobody") => "nobody",
            _ => "",
        }
    }

    fn keeps(&self, item: &Item, me: &str) -> bool {
        match self.handler() {
            "mine" => item.handler.as_ref().is_some_and(|h| h.id == me),
            "nobody" => item.handler.is_none(),
            _ => true,
        }
    }
}

impl Item {
    /// What is due next, and by when: acknowledging until it is, then responding.
    pub fn next_due(&self) -> Option<(&'static str, NaiveDate)> {
        if !self.status.is_open() {
            return None;
        }
        let (what, date) = if self.acknowledged_at.is_none() {
            ("Acknowledge", self.acknowledge_by.as_deref())
        } else {
            ("Respond", self.respond_by.as_deref())
        };
        date.and_then(parse_day).map(|d| (what, d))
    }

    /// "Respond by: in 4 days (Friday 11 December 2026)", or that there is no date.
    pub fn due_line(&self) -> String {
        match self.next_due() {
            Some((what, date)) => format!("{what} by: {}", due_words(date, today())),
            None if self.status.is_open() => "No date to meet".to_owned(),
            None => format!("Received {}", crate::words::date(&self.received_at)),
        }
    }

    pub fn handler_name(&self) -> &str {
        self.handler
            .as_ref()
            .map_or("Nobody yet", |h| h.display_name.as_str())
    }
}

/// The open items sorted into the queue's sections.
#[derive(Default)]
pub struct Sections {
    pub overdue: Vec<Item>,
    pub today: Vec<Item>,
    pub week: Vec<Item>,
    pub later: Vec<Item>,
    pub answered: Vec<Item>,
}

/// Sorts `items` (newest received first, as the log gives them) by when
/// they are due on `today`; "this week" is the 7 days after today.
pub fn sections(items: Vec<Item>, today: NaiveDate) -> Sections {
    let mut s = Sections::default();
    for item in items {
        let due = item.next_due().map(|(_, d)| d);
        let list = if !item.status.is_open() {
            &mut s.answered
        } else if item.overdue {
            &mut s.overdue
        } else {
            match due {
                Some(d) if d <= today => &mut s.today,
                Some(d) if d <= today + Duration::days(7) => &mut s.week,
                _ => &mut s.later,
            }
        };
        list.push(item);
    }
    let by_due = |a: &Item, b: &Item| {
        let key = |i: &Item| (i.next_due().map(|(_, d)| d), i.received_at.clone());
        key(a).cmp(&key(b))
    };
    for list in [&mut s.overdue, &mut s.today, &mut s.week] {
        list.sort_by(by_due);
    }
    s.answered.truncate(ANSWERED_SHOWN);
    s
}

/// Every item the caller may see, newest received first.
pub async fn every_item(web: &WebState, v: &Visitor) -> Result<Vec<Item>, gql::Refused> {
    let mut items = Vec::new();
    let mut after = None;
    for _ in 0..MAX_PAGES {
        let variables = web_feedback_queue::Variables { after };
        let log = gql::query::<WebFeedbackQueue>(web, v.caller, variables)
            .await?
            .feedback_log;
        items.extend(log.edges.into_iter().map(|e| e.node));
        if !log.page_info.has_next_page {
            break;
        }
        after = log.page_info.end_cursor;
    }
    Ok(items)
}

#[derive(Template)]
#[template(path = "feedback_queue.html")]
struct QueuePage {
    c: Chrome,
    filter: Filter,
    s: Sections,
    /// The complaints team or an admin: may act and raise findings.
    team: bool,
    today: String,
}

impl QueuePage {
    /// The sections in order, with their headings and hints.
    fn lists(&self) -> Vec<(&'static str, &'static str, &'static str, &[Item])> {
        vec![
            (
                "overdue",
                "Overdue",
                "Past the date to acknowledge or respond by.",
                &self.s.overdue,
            ),
            (
                "today",
                "Due today",
                "Acknowledge or respond by the end of today.",
                &self.s.today,
            ),
            ("week", "Due this week", "Due in the next 7 days.", &self.s.week),
            (
                "later",
                "Later, or no date to meet",
                "Due after this week, or requests, compliments and suggestions, which have no date.",
                &self.s.later,
            ),
        ]
    }

    fn open_count(&self) -> usize {
        self.s.overdue.len() + self.s.today.len() + self.s.week.len() + self.s.later.len()
    }
}

/// `GET /feedback?handler=mine|nobody`.
pub async fn page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Query(filter): Query<Filter>,
) -> Result<Response, Response> {
    let items = every_item(&web, &v)
        .await
        .map_err(|r| refused_page(&v, &r, "/feedback"))?;
    let me = v.me.as_ref().map_or("", |m| m.id.as_str());
    let items: Vec<Item> = items.into_iter().filter(|i| filter.keeps(i, me)).collect();
    let today = today();
    let done = match filter.done.as_deref() {
        Some("logged") => Some("It is logged. It is in the queue below."),
        _ => None,
    };
    Ok(ok(&QueuePage {
        c: Chrome::new(&v, "Feedback: the work queue")
            .section("feedback")
            .notice(done.map(str::to_owned)),
        team: v.me.as_ref().is_some_and(crate::visitor::Me::is_complaints_team),
        s: sections(items, today),
        filter,
        today: day_words(&today.format("%Y-%m-%d").to_string()),
    }))
}
