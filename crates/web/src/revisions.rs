//! Changing an improvement (a new revision, with a note saying why) and
//! comparing two revisions side by side.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::WebState;
use super::allowed::{self, Task};
use super::improvements::{self, Improvement, Revision};
use super::layout::{Chrome, Fields, ok, render};
use super::page::{self, error};
use super::visitor::Visitor;

/// `ReviseImprovement`: a co-author saves a new version.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/revise_improvement.graphql",
    skip_serializing_none,
    response_derives = "Debug"
)]
pub struct ReviseImprovement;

#[derive(Template)]
#[template(path = "revise.html")]
struct RevisePage {
    c: Chrome,
    i: Improvement,
    title: String,
    summary: String,
    note: String,
}

/// Reads improvement `id` for its co-authors to change while it is a
/// draft; anyone else (or once it is decided on) gets the "can't" page.
async fn load_to_change(web: &WebState, v: &Visitor, id: &str) -> Result<Improvement, Response> {
    let path = format!("/improvements/{id}/revise");
    let i = improvements::load_for(web, v, id, &path, Task::ChangeImprovement).await?;
    if improvements::may_change(v, &i) {
        Ok(i)
    } else {
        Err(allowed::cannot(
            v,
            Task::ChangeImprovement,
            improvements::back(id),
        ))
    }
}

/// `GET /improvements/{id}/revise`.
pub async fn revise_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let i = load_to_change(&web, &v, &id).await?;
    Ok(ok(&RevisePage {
        c: Chrome::new(&v, "Change this improvement"),
        title: i.title.clone(),
        summary: i.summary.clone(),
        note: String::new(),
        i,
    }))
}

/// `POST /improvements/{id}/revise`: the contract's `ReviseImprovement`.
/// Only what changed is sent.
pub async fn revise(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let i = load_to_change(&web, &v, &id).await?;
    let form = Fields(form);
    let title = form.get("title").to_owned();
    let summary = form.get("summary").to_owned();
    let note = form.get("note").to_owned();
    let mut errors = Vec::new();
    if title.trim() == i.title.trim() && summary == i.summary {
        errors.push(error(
            "improvement-title",
            "Change the title or the plan before you save",
        ));
    }
    if note.trim().is_empty() {
        errors.push(error("note", "Say what you changed and why"));
    }
    let variables = || revise_improvement::Variables {
        input: revise_improvement::ReviseImprovementInput {
            id: id.clone(),
            title: Some(title.clone()).filter(|t| t.trim() != i.title.trim()),
            summary: Some(summary.clone()).filter(|s| *s != i.summary),
            note: note.clone(),
        },
    };
    let fields = [
        ("title", "improvement-title", "The title"),
        ("summary", "summary", "The plan"),
        ("note", "note", "What you changed"),
    ];
    match page::send::<ReviseImprovement>(&web, &v, errors, variables, &fields).await {
        Ok(_) => Ok(Redirect::to(&format!("/improvements/{id}?done=revised")).into_response()),
        Err(errors) => {
            let page = RevisePage {
                c: Chrome::new(&v, "Change this improvement").errors(errors),
                i,
                title,
                summary,
                note,
            };
            Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

#[derive(Template)]
#[template(path = "revisions.html")]
struct ComparePage {
    c: Chrome,
    i: Improvement,
    a: Option<Revision>,
    b: Option<Revision>,
    numbers: Vec<i64>,
    sides: Vec<(&'static str, Revision)>,
}

impl ComparePage {
    fn is_a(&self, n: &i64) -> bool {
        self.a.as_ref().is_some_and(|r| r.number == *n)
    }

    fn is_b(&self, n: &i64) -> bool {
        self.b.as_ref().is_some_and(|r| r.number == *n)
    }
}

#[derive(Deserialize)]
pub struct Pick {
    a: Option<i64>,
    b: Option<i64>,
}

/// The two revisions to compare: as asked, or the latest and the one before.
pub fn pick(numbers: &[i64], a: Option<i64>, b: Option<i64>) -> (Option<i64>, Option<i64>) {
    let latest = numbers.iter().copied().max();
    let b = b.filter(|n| numbers.contains(n)).or(latest);
    let before = b.and_then(|b| numbers.iter().copied().filter(|n| *n < b).max());
    let a = a.filter(|n| numbers.contains(n)).or(before).or(b);
    (a, b)
}

/// `GET /improvements/{id}/revisions?a=&b=`.
pub async fn revisions(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Query(q): Query<Pick>,
) -> Result<Response, Response> {
    let i = improvements::load(&web, &v, &id, &format!("/improvements/{id}/revisions")).await?;
    let numbers: Vec<i64> = i.revisions.iter().map(|r| r.number).collect();
    let (a, b) = pick(&numbers, q.a, q.b);
    let find = |n: Option<i64>| n.and_then(|n| i.revisions.iter().find(|r| r.number == n).cloned());
    let (a, b) = (find(a), find(b));
    Ok(ok(&ComparePage {
        c: Chrome::new(&v, format!("Versions of {}", i.title)),
        i,
        sides: [("First", a.clone()), ("Second", b.clone())]
            .into_iter()
            .filter_map(|(label, r)| r.map(|r| (label, r)))
            .collect(),
        a,
        b,
        numbers,
    }))
}

#[cfg(test)]
mod tests {
    use super::pick;

    #[test]
    fn compares_the_latest_with_the_one_before() {
        assert_eq!(pick(&[1, 2, 3], None, None), (Some(2), Some(3)));
        assert_eq!(pick(&[1, 2, 3], Some(1), None), (Some(1), Some(3)));
        assert_eq!(pick(&[1], None, None), (Some(1), Some(1)));
        assert_eq!(pick(&[1, 2], Some(9), Some(1)), (Some(1), Some(1)));
    }
}
