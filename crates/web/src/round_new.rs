//! "Start a vote" in four steps: a name and how people vote; which
//! findings; how the vote works (the method's settings, closing, privacy);
//! check your answers. Every step posts (see `steps`); the last runs the
//! contract's `OpenRound` and redirects to the new round.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::{Extension, Form};
use serde_json::json;

use super::forum::{self, FindingRow, Forum};
use super::layout::{Chrome, FieldError, Fields, render};
use super::steps::{Draft, Next, Place, finish, history_safe, next};
use super::visitor::Visitor;
use super::{WebState, contract};

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
                if !METHODS.iter().any(|(code, _)| *code == self.method) {
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

fn error(id: &str, text: &str) -> FieldError {
    FieldError {
        id: id.to_owned(),
        text: text.to_owned(),
    }
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

    fn is_dot(&self) -> bool {
        self.method == "DOT"
    }

    fn is_ranked(&self) -> bool {
        self.method == "RANKED"
    }

    /// The `OpenRound` input, for answers that passed every step.
    fn input(&self, forum_id: &str) -> serde_json::Value {
        let mut input = json!({
            "forumId": forum_id,
            "title": self.title,
            "findingIds": self.findings,
            "method": self.method,
            "secret": self.secret,
            "hideResultsUntilClosed": self.hide_results,
        });
        if self.is_ranked() && !self.tally.is_empty() {
            input["tally"] = json!(self.tally);
        }
        if self.is_dot() {
            if let Ok(budget) = self.budget.parse::<i64>() {
                input["budget"] = json!(budget);
            }
            if let Ok(max) = self.max_per_item.parse::<i64>() {
                input["maxPerItem"] = json!(max);
            }
        }
        if let Ok(days) = self.days.parse::<i64>() {
            let closes = chrono::Utc::now() + chrono::Duration::days(days.clamp(1, MAX_DAYS));
            input["closesAt"] = json!(closes.to_rfc3339());
        }
        input
    }
}

#[derive(Template)]
#[template(path = "round_new.html")]
struct NewPage {
    c: Chrome,
    forum: Forum,
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
    fn chosen_findings(&self) -> Vec<&FindingRow> {
        self.forum
            .findings()
            .into_iter()
            .filter(|f| self.chosen(&f.id))
            .collect()
    }

    fn tally_text(&self) -> &'static str {
        if self.f.tally == "BORDA" {
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
fn step_page(v: &Visitor, forum: Forum, f: NewRound, at: Place, errors: Vec<FieldError>) -> Response {
    let title = match at.step {
        1 => "Start a vote",
        2 => "Start a vote: which findings",
        3 => "Start a vote: how the vote works",
        _ => "Start a vote: check your answers",
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = NewPage {
        c: Chrome::new(v, title).errors(errors),
        forum,
        f,
        at,
        methods: METHODS,
    };
    history_safe(render(&page, status))
}

/// `GET /forums/{slug}/rounds/new`: the first step.
pub async fn new_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
) -> Result<Response, Response> {
    let forum = forum::load(&web, &v, &slug, json!({ "first": 100 }), uri.path()).await?;
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
    let forum = forum::load(&web, &v, &slug, json!({ "first": 100 }), uri.path()).await?;
    let form = Fields(form);
    let f = NewRound::from_fields(&form);
    let (at, errors) = match next(&f, &form) {
        Next::Show(at, errors) => (at, errors),
        Next::Finish => {
            let fields = &[
                ("title", "round-title", "The name"),
                ("method", "method", "How to vote"),
                ("findingIds", "findings", "The findings"),
                ("tally", "tally", "How to count"),
                ("budget", "budget", "The number of dots"),
                ("maxPerItem", "max-per-item", "The most dots on one finding"),
                ("closesAt", "days", "The closing time"),
            ];
            let done = |id: &str| format!("/rounds/{id}?done=opened");
            let input = f.input(&forum.id);
            match finish::<NewRound>(
                &web,
                v.caller,
                (contract::OPEN_ROUND, "openRound"),
                input,
                fields,
                done,
            )
            .await
            {
                Ok(redirect) => return Ok(redirect),
                Err(shown) => shown,
            }
        }
    };
    Ok(step_page(&v, forum, f, at, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Fields {
        Fields(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

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
        let input = f.input("forum-1");
        assert!(input.get("budget").is_none());
        assert_eq!(input["tally"], "BORDA");
        assert!(input.get("closesAt").is_some());
        let approval = NewRound {
            method: "APPROVAL".to_owned(),
            ..f
        };
        assert!(approval.input("forum-1").get("tally").is_none());
    }
}
