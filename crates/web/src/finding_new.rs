//! "Add a finding" in three steps: what happened; where it came from and
//! its themes; check your answers. Every step posts (see `steps`), so the
//! draft never appears in an address; the last runs the contract's
//! `AddFinding` and redirects to the new finding.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;

use super::WebState;
use super::allowed::Task;
use super::codes::FindingSource;
use super::forum::{self, FormForum};
use super::layout::{Chrome, FieldError, Fields};
use super::steps::{Draft, Place, answer, code, error, finish, refused_at, step_response};
use super::visitor::Visitor;
use super::words::SOURCES;

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// `AddFinding`: the form's one mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/add_finding.graphql",
    extern_enums("FindingSource"),
    response_derives = "Debug"
)]
pub struct AddFinding;

/// What the "add a finding" form holds.
#[derive(Clone, Debug, Default)]
struct NewFinding {
    title: String,
    body: String,
    source: String,
    themes: String,
    reference: String,
    day: String,
    month: String,
    year: String,
}

impl Draft for NewFinding {
    const STEPS: u8 = 3;

    fn answers(&self) -> Vec<(&'static str, String)> {
        [
            ("title", &self.title),
            ("body", &self.body),
            ("source", &self.source),
            ("themes", &self.themes),
            ("reference", &self.reference),
            ("day", &self.day),
            ("month", &self.month),
            ("year", &self.year),
        ]
        .into_iter()
        .map(|(name, value)| (name, value.clone()))
        .collect()
    }

    fn step_of(name: &str) -> u8 {
        match name {
            "title" | "body" => 1,
            _ => 2,
        }
    }

    fn errors(&self, step: u8) -> Vec<FieldError> {
        let mut errors = Vec::new();
        match step {
            1 if self.title.trim().is_empty() => errors.push(error("title", "Enter a short title")),
            2 => {
                if self.source().is_none() {
                    errors.push(error("source", "Choose where this came from"));
                }
                if let Err(text) = received_at(&self.day, &self.month, &self.year) {
                    errors.push(error("day", &text));
                }
            }
            _ => {}
        }
        errors
    }
}

impl NewFinding {
    fn from_fields(form: &Fields) -> Self {
        NewFinding {
            title: form.get("title").to_owned(),
            body: form.get("body").to_owned(),
            source: form.get("source").to_owned(),
            themes: form.get("themes").to_owned(),
            reference: form.get("reference").to_owned(),
            day: form.get("day").trim().to_owned(),
            month: form.get("month").trim().to_owned(),
            year: form.get("year").trim().to_owned(),
        }
    }

    fn date_text(&self) -> String {
        match received_at(&self.day, &self.month, &self.year) {
            Ok(Some(at)) => super::words::date(&at),
            _ => "Today".to_owned(),
        }
    }

    fn source(&self) -> Option<FindingSource> {
        code(&self.source)
    }

    /// The `AddFinding` input, for answers that pass every step.
    fn input(&self, forum_id: &str) -> Option<add_finding::AddFindingInput> {
        let themes = self
            .themes
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        let reference = self.reference.trim();
        Some(add_finding::AddFindingInput {
            forum_id: forum_id.to_owned(),
            title: self.title.clone(),
            body: self.body.clone(),
            source: self.source()?,
            themes,
            reference: Some(reference.to_owned()).filter(|_| !reference.is_empty()),
            received_at: received_at(&self.day, &self.month, &self.year).ok().flatten(),
        })
    }
}

#[derive(Template)]
#[template(path = "finding_new.html")]
struct NewPage {
    c: Chrome,
    forum: FormForum,
    f: NewFinding,
    at: Place,
    sources: [&'static str; 7],
}

impl NewPage {
    fn action(&self) -> String {
        format!("/forums/{}/findings/new", self.forum.slug)
    }

    fn carried(&self) -> Vec<(&'static str, String)> {
        self.f.carried(self.at.step)
    }

    fn all(&self) -> Vec<(&'static str, String)> {
        self.f.answers()
    }
}

/// A step as an answer the browser may keep for Back and Forward.
fn step_page(v: &Visitor, forum: FormForum, f: NewFinding, at: Place, errors: Vec<FieldError>) -> Response {
    let title = match at.step {
        1 => "Add a finding: what happened",
        2 => "Add a finding: where it came from",
        _ => "Add a finding: check your answers",
    };
    let has_errors = !errors.is_empty();
    let page = NewPage {
        c: Chrome::new(v, title).errors(errors),
        forum,
        f,
        at,
        sources: SOURCES,
    };
    step_response(&page, has_errors)
}

/// `GET /forums/{slug}/findings/new`: the first step, empty.
pub async fn new_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
) -> Result<Response, Response> {
    if v.me.is_none() {
        return Err(Redirect::to(&format!("/sign-in?next={}", uri.path())).into_response());
    }
    let forum = forum::load_form_for(&web, &v, &slug, 1, uri.path(), Task::AddFinding).await?;
    let start = Place::start(NewFinding::STEPS);
    Ok(step_page(&v, forum, NewFinding::default(), start, Vec::new()))
}

/// `POST /forums/{slug}/findings/new`: every step posts here. The answer
/// is the next step, or after "Check your answers" the contract's
/// `AddFinding` and a redirect to the new finding. A refusal shows the
/// step that asked for the field.
pub async fn step(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    if v.me.is_none() {
        return Err(Redirect::to(&format!("/sign-in?next={}", uri.path())).into_response());
    }
    let forum = forum::load_form_for(&web, &v, &slug, 1, uri.path(), Task::AddFinding).await?;
    let form = Fields(form);
    let f = NewFinding::from_fields(&form);
    let fields = &[
        ("title", "title", "The title"),
        ("body", "body", "What happened"),
        ("source", "source", "Where it came from"),
        ("themes", "themes", "Themes"),
        ("reference", "reference", "The reference"),
        ("receivedAt", "day", "The date"),
    ];
    let done = |data: add_finding::ResponseData| format!("/findings/{}?done=added", data.add_finding.id);
    let added = answer(&f, &form, || async {
        let Some(input) = f.input(&forum.id) else {
            return Err(refused_at::<NewFinding>(f.errors(2)));
        };
        let variables = add_finding::Variables { input };
        finish::<NewFinding, AddFinding>(&web, v.caller, variables, fields, done).await
    });
    let (at, errors) = match added.await {
        Ok(redirect) => return Ok(redirect),
        Err(shown) => shown,
    };
    Ok(step_page(&v, forum, f, at, errors))
}

/// The date received, from three boxes: none when all are empty.
fn received_at(day: &str, month: &str, year: &str) -> Result<Option<String>, String> {
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Ok(None);
    }
    let parsed = (day.parse::<u32>(), month.parse::<u32>(), year.parse::<i32>());
    let (Ok(d), Ok(m), Ok(y)) = parsed else {
        return Err("The date must have a day, a month and a year, as numbers".to_owned());
    };
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d).ok_or("The date must be a real date")?;
    if date > chrono::Utc::now().date_naive() {
        return Err("The date must be today or in the past".to_owned());
    }
    Ok(Some(format!("{}T00:00:00Z", date.format("%Y-%m-%d"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_three_boxes() {
        assert_eq!(received_at("", "", ""), Ok(None));
        assert_eq!(
            received_at("3", "2", "2024"),
            Ok(Some("2024-02-03T00:00:00Z".to_owned()))
        );
        assert!(received_at("31", "2", "2024").is_err());
        assert!(received_at("x", "2", "2024").is_err());
        assert!(received_at("1", "1", "2999").is_err());
    }

    #[test]
    fn each_step_checks_only_its_own_answers() {
        let f = NewFinding {
            day: "31".to_owned(),
            month: "2".to_owned(),
            year: "2024".to_owned(),
            ..NewFinding::default()
        };
        let ids = |step| f.errors(step).into_iter().map(|e| e.id).collect::<Vec<_>>();
        assert_eq!(ids(1), vec!["title"]);
        assert_eq!(ids(2), vec!["source", "day"]);
        assert!(ids(3).is_empty());
    }

    #[test]
    fn the_input_leaves_out_empty_optional_answers() {
        let f = NewFinding {
            title: "Late letters".to_owned(),
            source: "COMPLAINT".to_owned(),
            themes: " letters, , waiting ".to_owned(),
            ..NewFinding::default()
        };
        let input = f.input("forum-1").expect("every step passes");
        assert_eq!(input.themes, vec!["letters", "waiting"]);
        assert_eq!(input.source, FindingSource::Complaint);
        assert!(input.reference.is_none());
        assert!(input.received_at.is_none());
    }
}
