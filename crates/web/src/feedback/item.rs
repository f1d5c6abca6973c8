//! One item (`/feedback/{id}`): what was said and by whom (to the team),
//! its dates, its history oldest first, and only the actions its status
//! allows now, each a short form. A refused form comes back on this page
//! with the API's reason and what was typed.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::codes::{
    Channel, ComplaintRoute, FeedbackAction, FeedbackKind, FeedbackOutcome, FeedbackStatus, OmbudsmanOutcome,
};
use super::{Date, DateTime, due_words, parse_day, refused_page, today};
use crate::layout::{Chrome, FieldError, Fields, render};
use crate::visitor::Visitor;
use crate::{WebState, gql};

/// The item, with its history and the Ombudsman's referral.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/feedback_item.graphql",
    extern_enums(
        "FeedbackKind",
        "ComplaintRoute",
        "Channel",
        "FeedbackStatus",
        "FeedbackOutcome",
        "FeedbackAction",
        "OmbudsmanOutcome"
    ),
    response_derives = "Clone, Debug"
)]
pub struct WebFeedbackItem;

/// Whom an item may be assigned to.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/complaints_team.graphql",
    response_derives = "Clone, Debug"
)]
pub struct WebComplaintsTeam;

pub type Item = web_feedback_item::WebFeedbackItemFeedbackItem;
type Person = web_complaints_team::WebComplaintsTeamComplaintsTeam;

/// A day typed as day, month and year.
#[derive(Clone, Debug, Default)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateParts {
    pub fn from(form: &Fields, prefix: &str) -> Self {
        Self {
            day: form.get(&format!("{prefix}-day")).trim().to_owned(),
            month: form.get(&format!("{prefix}-month")).trim().to_owned(),
            year: form.get(&format!("{prefix}-year")).trim().to_owned(),
        }
    }

    pub fn of(date: NaiveDate) -> Self {
        use chrono::Datelike as _;
        Self {
            day: date.day().to_string(),
            month: date.month().to_string(),
            year: date.year().to_string(),
        }
    }

    /// The day, if the three parts make one.
    pub fn date(&self) -> Option<NaiveDate> {
        let (d, m, y) = (
            self.day.parse().ok()?,
            self.month.parse().ok()?,
            self.year.parse().ok()?,
        );
        NaiveDate::from_ymd_opt(y, m, d)
    }
}

/// What was typed into the item's forms, kept when one is refused.
#[derive(Clone, Debug, Default)]
pub struct Drafts {
    pub handler: String,
    pub extend: DateParts,
    pub extend_reason: String,
    pub outcome: String,
    pub response: String,
    pub learning: String,
    pub escalate_reason: String,
    pub referred: DateParts,
    pub ombudsman_outcome: String,
    pub remedies: String,
}

#[derive(Template)]
#[template(path = "feedback_item.html")]
struct ItemPage {
    c: Chrome,
    i: Item,
    team: bool,
    people: Vec<Person>,
    d: Drafts,
}

impl ItemPage {
    fn open(&self) -> bool {
        self.team && self.i.status.is_open()
    }

    fn can_acknowledge(&self) -> bool {
        self.open() && self.i.acknowledged_at.is_none()
    }

    fn can_extend(&self) -> bool {
        self.open() && self.i.kind == FeedbackKind::Complaint
    }

    fn can_escalate(&self) -> bool {
        self.team
            && self.i.route == Some(ComplaintRoute::Corporate)
            && self.i.stage == 1
            && self.i.status == FeedbackStatus::Responded
    }

    fn can_refer(&self) -> bool {
        self.team
            && self.i.kind == FeedbackKind::Complaint
            && (self.i.status == FeedbackStatus::Responded || self.i.ombudsman.is_some())
    }

    fn outcomes(&self) -> &'static [FeedbackOutcome] {
        self.i.kind.outcomes()
    }

    fn ombudsman_outcomes(&self) -> [OmbudsmanOutcome; 3] {
        OmbudsmanOutcome::ALL
    }

    fn due(&self, date: &Option<Date>) -> String {
        date.as_deref()
            .and_then(parse_day)
            .map_or_else(|| "No date".to_owned(), |d| due_words(d, today()))
    }

    fn on_time(&self, flag: &Option<bool>) -> &'static str {
        match flag {
            Some(true) => " (on time)",
            Some(false) => " (late)",
            None => "",
        }
    }

    fn chosen_person(&self, id: &str) -> bool {
        match self.i.handler.as_ref() {
            _ if !self.d.handler.is_empty() => self.d.handler == id,
            Some(h) => h.id == id,
            None => false,
        }
    }
}

/// Reads item `id` (and, for the team, whom it may be assigned to) and
/// shows it with `errors` and what was typed.
pub async fn show_with(
    web: &WebState,
    v: &Visitor,
    id: &str,
    errors: Vec<FieldError>,
    mut d: Drafts,
    notice: Option<String>,
) -> Result<Response, Response> {
    let path = format!("/feedback/{id}");
    let variables = web_feedback_item::Variables { id: id.to_owned() };
    let i = gql::query::<WebFeedbackItem>(web, v.caller, variables)
        .await
        .map_err(|r| refused_page(v, &r, &path))?
        .feedback_item;
    let team = v.me.as_ref().is_some_and(crate::visitor::Me::is_complaints_team);
    let people = if team {
        gql::query::<WebComplaintsTeam>(web, v.caller, web_complaints_team::Variables {})
            .await
            .map_err(|r| refused_page(v, &r, &path))?
            .complaints_team
    } else {
        Vec::new()
    };
    if d.referred.day.is_empty()
        && let Some(at) = i.ombudsman.as_ref().map(|o| o.referred_at.clone())
        && let Some(date) = super::uk_day(&at)
    {
        d.referred = DateParts::of(date);
    }
    if d.ombudsman_outcome.is_empty()
        && let Some(found) = i.ombudsman.as_ref().and_then(|o| o.outcome)
    {
        d.ombudsman_outcome = found.code().to_owned();
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = format!("{}: {}", i.reference, i.kind.name());
    let page = ItemPage {
        c: Chrome::new(v, title)
            .section("feedback")
            .errors(errors)
            .notice(notice),
        i,
        team,
        people,
        d,
    };
    Ok(render(&page, status))
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// What was done, said at the top of the page after a form.
fn done_words(done: &str) -> Option<&'static str> {
    Some(match done {
        "acknowledged" => "It is acknowledged. Let the person know we have it.",
        "assigned" => "It has someone to handle it now.",
        "extended" => "The date to respond by is moved. Tell the person the new date.",
        "responded" => "The response is recorded.",
        "escalated" => "It is at stage 2 now, with new dates.",
        "referred" => "The Ombudsman's referral is recorded.",
        "remedy" => "The remedy is marked as done.",
        "logged" => "It is logged.",
        "raised" => "It is raised as a finding. The forum's members can see the finding now.",
        _ => return None,
    })
}

/// `GET /feedback/{id}`.
pub async fn show(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Result<Response, Response> {
    let notice = q.done.as_deref().and_then(done_words).map(str::to_owned);
    show_with(&web, &v, &id, Vec::new(), Drafts::default(), notice).await
}
