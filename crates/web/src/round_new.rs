//! "Start a vote" in four steps: a name and how people vote; which
//! findings; how the vote works (the method's settings, closing, privacy);
//! check your answers. Every step posts (see `steps`); the last runs the
//! contract's `OpenRound` and redirects to the new round.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;

use super::WebState;
use super::codes::{TallyRule, VotingMethod};
use super::forum::{self, FormFinding, FormForum};
use super::layout::{Chrome, FieldError, Fields};
use super::steps::{Draft, Place, answer, code, error, finish, refused_at, step_response};
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

/// The methods, in the order the form offers them, each with a hint.
const METHODS: [(&str, &str); 4] = [
    ("RANKED", "Put the findings in order. Good for a short list."),
    ("DOT", "Spread some dots. More dots means more important."),
    (
        "APPROVAL",
        "Tick every finding that matters. Simple for everyone.",
    ),
    ("SCORE", "Give each finding a score from 0 to 5."),
];

/// A vote may close itself after 1 day to about 10 years.
const MAX_DAYS: i64 = 3650;

/// What the "start a vote" form holds, as typed.
#[derive(Clone, Debug)]
struct NewRound {
    title: String,
    method: String,
    tally: String,
    budget: String,
    max_per_item: String,
    findings: Vec<String>,
    days: String,
    secret: bool,
    hide_results: bool,
}

impl Default for NewRound {
    /// A ranked, secret vote whose results show when it closes.
    fn default() -> Self {
        NewRound {
            title: String::new(),
            method: "RANKED".to_owned(),
            tally: String::new(),
            budget: String::new(),
            max_per_item: String::new(),
            findings: Vec::new(),
            days: String::new(),
            secret: true,
            hide_results: true,
        }
    }
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

impl Draft for NewRound {
    const STEPS: u8 = 4;

    fn answers(&self) -> Vec<(&'static str, String)> {
        let mut answers = vec![("title", self.title.clone()), ("method", self.method.clone())];
        answers.extend(self.findings.iter().map(|id| ("findingIds", id.clone())));
        answers.extend([
            ("tally", self.tally.clone()),
            ("budget", self.budget.clone()),
            ("maxPerItem", self.max_per_item.clone()),
            ("days", self.days.clone()),
            ("secret", yes_no(self.secret)),
            ("hideResults", yes_no(self.hide_results)),
        ]);
        answers
    }

    fn step_of(name: &str) -> u8 {
        match name {
            "title" | "round-title" | "method" => 1,
            "findingIds" | "findings" => 2,
            _ => 3,
        }
    }

    fn errors(&self, step: u8) -> Vec<FieldError> {
        let mut errors = Vec::new();
        match step {
            1 => {
                if self.title.trim().is_empty() {
                    errors.push(error("round-title", "Enter a name for the vote"));
                }
                if self.method().is_none() {
                    errors.push(error("method", "Choose how people will vote"));
                }
            }
            2 if self.findings.len() < 2 => {
                errors.push(error("findings", "Choose 2 or more findings"));
            }
            3 => {
                if self.is_dot() {
                    check_number(&mut errors, &self.budget, "budget", "The number of dots");
                    check_number(
                        &mut errors,
                        &self.max_per_item,
                        "max-per-item",
                        "The most dots on one",
                    );
                }
                if let Some(days) = check_number(&mut errors, &self.days, "days", "The number of days")
                    && !(1..=MAX_DAYS).contains(&days)
                {
                    errors.push(error(
                        "days",
                        "The number of days must be 1 or more, and 3650 or less",
                    ));
                }
            }
            _ => {}
        }
        errors
    }
}

/// Reads a whole number typed in a box: None when empty or not a number
/// (then with an error).
fn check_number(errors: &mut Vec<FieldError>, text: &str, id: &str, what: &str) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    let parsed = text.parse::<i64>().ok();
    if parsed.is_none() {
        errors.push(error(id, &format!("{what} must be a whole number")));
    }
    parsed
}

impl NewRound {
    fn from_fields(form: &Fields) -> Self {
        NewRound {
            title: form.get("title").to_owned(),
            method: form.get("method").to_owned(),
            tally: form.get("tally").to_owned(),
            budget: form.get("budget").trim().to_owned(),
            max_per_item: form.get("maxPerItem").trim().to_owned(),
            findings: form.all("findingIds"),
            days: form.get("days").trim().to_owned(),
            // A ticked box comes after its hidden "no", so the last wins.
            secret: form.last("secret") == "yes",
            hide_results: form.last("hideResults") == "yes",
        }
    }

    /// The method chosen (one the form offers).
    fn method(&self) -> Option<VotingMethod> {
        code(&self.method).filter(|_| METHODS.iter().any(|(m, _)| *m == self.method))
    }

    fn is_dot(&self) -> bool {
        self.method() == Some(VotingMethod::Dot)
    }

    fn is_ranked(&self) -> bool {
        self.method() == Some(VotingMethod::Ranked)
    }

    /// The `OpenRound` input, for answers that pass every step.
    fn input(&self, forum_id: &str) -> Option<open_round::OpenRoundInput> {
        let dot = |n: &str| n.parse::<i64>().ok().filter(|_| self.is_dot());
        let closes =
            self.days.parse::<i64>().ok().map(|days| {
                (chrono::Utc::now() + chrono::Duration::days(days.clamp(1, MAX_DAYS))).to_rfc3339()
            });
        Some(open_round::OpenRoundInput {
            forum_id: forum_id.to_owned(),
            title: self.title.clone(),
            finding_ids: self.findings.clone(),
            method: self.method()?,
            tally: code(&self.tally).filter(|_| self.is_ranked()),
            budget: dot(&self.budget),
            max_per_item: dot(&self.max_per_item),
            closes_at: closes,
            secret: self.secret,
            hide_results_until_closed: self.hide_results,
        })
    }
}

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
    let forum = forum::load_form(&web, &v, &slug, 100, uri.path()).await?;
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
    let forum = forum::load_form(&web, &v, &slug, 100, uri.path()).await?;
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

#[cfg(test)]
mod tests {
    use super::super::steps::form;
    use super::*;

    #[test]
    fn answers_survive_the_hidden_fields_they_travel_in() {
        let f = NewRound {
            title: "What first?".to_owned(),
            method: "DOT".to_owned(),
            budget: "12".to_owned(),
            findings: vec!["a".to_owned(), "b".to_owned()],
            secret: false,
            ..NewRound::default()
        };
        let pairs = f.answers().into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let back = NewRound::from_fields(&Fields(pairs));
        assert_eq!(back.findings, f.findings);
        assert_eq!(back.budget, "12");
        assert!(!back.secret);
        assert!(back.hide_results);
    }

    #[test]
    fn an_unticked_box_says_no_and_a_ticked_one_yes() {
        let unticked = NewRound::from_fields(&form(&[("secret", "no"), ("hideResults", "no")]));
        assert!(!unticked.secret && !unticked.hide_results);
        let ticked = NewRound::from_fields(&form(&[("secret", "no"), ("secret", "yes")]));
        assert!(ticked.secret);
    }

    #[test]
    fn each_step_checks_its_own_answers() {
        let f = NewRound {
            method: "DOT".to_owned(),
            budget: "ten".to_owned(),
            days: "0".to_owned(),
            findings: vec!["a".to_owned()],
            ..NewRound::default()
        };
        let ids = |step| f.errors(step).into_iter().map(|e| e.id).collect::<Vec<_>>();
        assert_eq!(ids(1), vec!["round-title"]);
        assert_eq!(ids(2), vec!["findings"]);
        assert_eq!(ids(3), vec!["budget", "days"]);
        // Every error's input is on the step that checks it.
        for (id, step) in [
            ("round-title", 1),
            ("findings", 2),
            ("budget", 3),
            ("max-per-item", 3),
            ("days", 3),
        ] {
            assert_eq!(NewRound::step_of(id), step, "{id}");
        }
    }

    #[test]
    fn settings_of_another_method_are_left_out() {
        let f = NewRound {
            title: "What first?".to_owned(),
            method: "RANKED".to_owned(),
            budget: "12".to_owned(),
            tally: "BORDA".to_owned(),
            days: "7".to_owned(),
            ..NewRound::default()
        };
        let input = f.input("forum-1").expect("every step passes");
        assert!(input.budget.is_none());
        assert_eq!(input.tally, Some(TallyRule::Borda));
        assert!(input.closes_at.is_some());
        let approval = NewRound {
            method: "APPROVAL".to_owned(),
            ..f
        };
        assert!(
            approval
                .input("forum-1")
                .expect("every step passes")
                .tally
                .is_none()
        );
    }
}
