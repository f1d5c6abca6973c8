//! "Start a vote" in five steps: a name and how people vote; which
//! findings; how the vote works (the method's settings, closing, privacy);
//! whether the result becomes the forum's priorities; check your answers.
//! Every step posts (see `steps`); the last runs the contract's
//! `OpenRound` and redirects to the new round. The answers and their
//! checks are in `round_form`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;

use super::WebState;
use super::allowed::Task;
use super::codes::{TallyRule, VotingMethod};
use super::forum::{self, FormFinding, FormForum};
use super::layout::{Chrome, FieldError, Fields};
use super::round_form::{METHODS, NewRound};
use super::steps::{Draft, Place, answer, code, finish, refused_at, step_response};
use super::visitor::Visitor;

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// `OpenRound`: the form's one mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/open_round.graphql",
    extern_enums("VotingMethod", "TallyRule"),
    response_derives = "Debug"
)]
pub struct OpenRound;

#[derive(Template)]
#[template(path = "round_new.html")]
struct NewPage {
    c: Chrome,
    forum: FormForum,
    f: NewRound,
    at: Place,
    methods: [(&'static str, &'static str); 4],
}

impl NewPage {
    fn action(&self) -> String {
        format!("/forums/{}/rounds/new", self.forum.slug)
    }

    fn carried(&self) -> Vec<(&'static str, String)> {
        self.f.carried(self.at.step)
    }

    fn all(&self) -> Vec<(&'static str, String)> {
        self.f.answers()
    }

    fn chosen(&self, id: &str) -> bool {
        self.f.findings.iter().any(|f| f == id)
    }

    /// The chosen findings, in the forum's order.
    fn chosen_findings(&self) -> Vec<&FormFinding> {
        self.forum
            .findings()
            .into_iter()
            .filter(|f| self.chosen(&f.id))
            .collect()
    }

    fn tally_text(&self) -> &'static str {
        if code(&self.f.tally) == Some(TallyRule::Borda) {
            "Borda: points for each place"
        } else {
            "Schulze: compares every pair of findings"
        }
    }

    fn closes_text(&self) -> String {
        match self.f.days.parse::<i64>() {
            Ok(1) => "After 1 day".to_owned(),
            Ok(days) => format!("After {days} days"),
            Err(_) => "When you close it".to_owned(),
        }
    }
}

/// A step as an answer the browser may keep for Back and Forward.
fn step_page(v: &Visitor, forum: FormForum, f: NewRound, at: Place, errors: Vec<FieldError>) -> Response {
    let title = match at.step {
        1 => "Start a vote",
        2 => "Start a vote: which findings",
        3 => "Start a vote: how the vote works",
        4 => "Start a vote: the forum's priorities",
        _ => "Start a vote: check your answers",
    };
    let has_errors = !errors.is_empty();
    let page = NewPage {
        c: Chrome::new(v, title).errors(errors),
        forum,
        f,
        at,
        methods: METHODS,
    };
    step_response(&page, has_errors)
}

/// `GET /forums/{slug}/rounds/new`: the first step.
pub async fn new_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
) -> Result<Response, Response> {
    let forum = forum::load_form_for(&web, &v, &slug, 100, uri.path(), Task::StartVote).await?;
    let start = Place::start(NewRound::STEPS);
    Ok(step_page(&v, forum, NewRound::default(), start, Vec::new()))
}

/// `POST /forums/{slug}/rounds/new`: every step posts here. The answer is
/// the next step, or after "Check your answers" the contract's `OpenRound`
/// and a redirect to the new round. A refusal shows the step that asked
/// for the field.
pub async fn step(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let forum = forum::load_form_for(&web, &v, &slug, 100, uri.path(), Task::StartVote).await?;
    let form = Fields(form);
    let f = NewRound::from_fields(&form);
    let fields = &[
        ("title", "round-title", "The name"),
        ("method", "method", "How to vote"),
        ("findingIds", "findings", "The findings"),
        ("tally", "tally", "How to count"),
        ("budget", "budget", "The number of dots"),
        ("maxPerItem", "max-per-item", "The most dots on one finding"),
        ("closesAt", "days", "The closing time"),
        ("minTurnout", "min-turnout", "The share of members"),
    ];
    let done = |data: open_round::ResponseData| format!("/rounds/{}?done=opened", data.open_round.id);
    let opened = answer(&f, &form, || async {
        let Some(input) = f.input(&forum.id) else {
            return Err(refused_at::<NewRound>(f.errors(1)));
        };
        let variables = open_round::Variables { input };
        finish::<NewRound, OpenRound>(&web, v.caller, variables, fields, done).await
    });
    let (at, errors) = match opened.await {
        Ok(redirect) => return Ok(redirect),
        Err(shown) => shown,
    };
    Ok(step_page(&v, forum, f, at, errors))
}
