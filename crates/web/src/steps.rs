//! Forms in short steps, one thing per page as GOV.UK does, that keep
//! nothing on the server (several servers share one database): every step
//! posts, and carries the answers of the other steps in hidden fields.
//! Nothing typed goes in an address, so drafts stay out of the browser's
//! history and out of server and proxy logs.
//!
//! Each step's form sends `step` (which step it is). A "Back" or "Change"
//! button sends `to` (the step to show, without checking anything), and
//! `checking=yes` says the person came from "Check your answers", so
//! "Continue" takes them back there, as GOV.UK's pattern does.

use askama::Template;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use graphql_client::GraphQLQuery;

use super::layout::{FieldError, Fields, form_errors, render};
use super::{WebState, gql};
use coforum_app::auth::principal::Caller;

/// A draft that a stepped form builds up.
pub trait Draft {
    /// The number of steps, the last being "Check your answers".
    const STEPS: u8;

    /// Every answer as (field name, value), in order; a name may repeat
    /// (checkboxes).
    fn answers(&self) -> Vec<(&'static str, String)>;

    /// Which step asks for the field `name` (also an error's input id).
    fn step_of(name: &str) -> u8;

    /// The problems with the answers of `step`, in the order of its inputs.
    fn errors(&self, step: u8) -> Vec<FieldError>;

    /// The answers the page of `step` does not ask for, as hidden fields.
    fn carried(&self, step: u8) -> Vec<(&'static str, String)> {
        self.answers()
            .into_iter()
            .filter(|(name, _)| Self::step_of(name) != step)
            .collect()
    }
}

/// Where a stepped form is: the step to show and how the person got there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub step: u8,
    pub steps: u8,
    /// Came from "Check your answers" to change something.
    pub checking: bool,
}

impl Place {
    /// The first step of a new draft.
    pub fn start(steps: u8) -> Self {
        Place {
            step: 1,
            steps,
            checking: false,
        }
    }

    pub fn is_check(&self) -> bool {
        self.step == self.steps
    }

    /// Where "Back" goes: "Check your answers" when changing an answer.
    pub fn back_to(&self) -> Option<u8> {
        if self.checking && !self.is_check() {
            Some(self.steps)
        } else {
            self.step.checked_sub(1).filter(|s| *s >= 1)
        }
    }

    /// Where "Back" goes, in words, for screen readers.
    pub fn back_label(&self) -> String {
        match self.back_to() {
            Some(step) if step == self.steps => "check your answers".to_owned(),
            Some(step) => format!("step {step}"),
            None => String::new(),
        }
    }
}

/// What to do with a posted step.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Show this step, with problems about its answers (if any).
    Show(Place, Vec<FieldError>),
    /// Every answer is fine and "Check your answers" was confirmed.
    Finish,
}

/// Decides what a posted step leads to.
pub fn next<D: Draft>(draft: &D, form: &Fields) -> Next {
    let steps = D::STEPS;
    let sent: u8 = form
        .get("step")
        .parse()
        .ok()
        .filter(|s| (1..=steps).contains(s))
        .unwrap_or(1);
    let checking = form.get("checking") == "yes";
    // "Back" and "Change" move without checking anything.
    if let Some(to) = form.get("to").parse().ok().filter(|s| (1..=steps).contains(s)) {
        let place = Place {
            step: to,
            steps,
            checking: to != steps && (checking || sent == steps),
        };
        return Next::Show(place, Vec::new());
    }
    // Check the steps answered so far (all of them from "Check your answers").
    let answered = if checking { steps - 1 } else { sent.min(steps - 1) };
    let problem = (1..=answered)
        .map(|step| (step, draft.errors(step)))
        .find(|(_, errors)| !errors.is_empty());
    if let Some((step, errors)) = problem {
        let place = Place {
            step,
            steps,
            checking: checking && step != steps,
        };
        return Next::Show(place, errors);
    }
    if sent == steps {
        return Next::Finish;
    }
    let step = if checking { steps } else { sent + 1 };
    Next::Show(
        Place {
            step,
            steps,
            checking: checking && step != steps,
        },
        Vec::new(),
    )
}

/// What a posted step leads to: the step to show (with its problems), or
/// after "Check your answers" `finish`, the form's one mutation.
pub async fn answer<D: Draft, F>(
    draft: &D,
    form: &Fields,
    finish: impl FnOnce() -> F,
) -> Result<Response, (Place, Vec<FieldError>)>
where
    F: Future<Output = Result<Response, (Place, Vec<FieldError>)>>,
{
    match next(draft, form) {
        Next::Show(at, errors) => Err((at, errors)),
        Next::Finish => finish().await,
    }
}

/// The last step: runs the typed mutation `Q`. Accepted: a redirect to
/// `done(answer)`, so a reload cannot post twice. Refused: the step that
/// asked for the refused field, with the errors named by `fields`
/// (contract field, input id, label).
pub async fn finish<D: Draft, Q: GraphQLQuery>(
    web: &WebState,
    caller: Caller,
    variables: Q::Variables,
    fields: &[(&str, &str, &str)],
    done: impl FnOnce(Q::ResponseData) -> String,
) -> Result<Response, (Place, Vec<FieldError>)> {
    match gql::query::<Q>(web, caller, variables).await {
        Ok(data) => Ok(Redirect::to(&done(data)).into_response()),
        Err(refusal) => Err(refused_at::<D>(form_errors(&refusal, fields))),
    }
}

/// A step's page, with 422 when it shows problems, that the browser may
/// keep for Back and Forward.
pub fn step_response(page: &impl Template, has_errors: bool) -> Response {
    let status = if has_errors {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    history_safe(render(page, status))
}

/// A problem with the answer in the input `id`.
pub fn error(id: &str, text: &str) -> FieldError {
    FieldError {
        id: id.to_owned(),
        text: text.to_owned(),
    }
}

/// A schema enum's value a form sent (radio buttons send the API's
/// values); none when it is not one.
pub fn code<T: serde::de::DeserializeOwned>(value: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::from(value)).ok()
}

pub fn refused_at<D: Draft>(mut errors: Vec<FieldError>) -> (Place, Vec<FieldError>) {
    let step = errors.iter().map(|e| D::step_of(&e.id)).min().unwrap_or(1);
    errors.retain(|e| D::step_of(&e.id) == step);
    (
        Place {
            step,
            steps: D::STEPS,
            checking: false,
        },
        errors,
    )
}

/// Lets the browser keep a step for its Back and Forward buttons, so they
/// show the step again (with what was typed there) instead of asking to
/// send the form again; every other page is `no-store`. Signing out clears
/// the browser's copy (`Clear-Site-Data`).
pub fn history_safe(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response
}

/// A posted form, for tests.
#[cfg(test)]
pub fn form(pairs: &[(&str, &str)]) -> Fields {
    Fields(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three steps: a name, a colour, check your answers.
    #[derive(Default)]
    struct Pet {
        name: String,
        colour: String,
    }

    impl Draft for Pet {
        const STEPS: u8 = 3;

        fn answers(&self) -> Vec<(&'static str, String)> {
            vec![("name", self.name.clone()), ("colour", self.colour.clone())]
        }

        fn step_of(name: &str) -> u8 {
            if name == "name" { 1 } else { 2 }
        }

        fn errors(&self, step: u8) -> Vec<FieldError> {
            let (value, id) = if step == 1 {
                (&self.name, "name")
            } else {
                (&self.colour, "colour")
            };
            if value.is_empty() {
                vec![FieldError {
                    id: id.to_owned(),
                    text: "Enter it".to_owned(),
                }]
            } else {
                Vec::new()
            }
        }
    }

    fn pet(name: &str, colour: &str) -> Pet {
        Pet {
            name: name.to_owned(),
            colour: colour.to_owned(),
        }
    }

    fn shown(next: Next) -> (u8, bool, usize) {
        match next {
            Next::Show(place, errors) => (place.step, place.checking, errors.len()),
            Next::Finish => panic!("expected a step"),
        }
    }

    #[test]
    fn continue_checks_this_step_and_goes_on() {
        assert_eq!(shown(next(&pet("", ""), &form(&[("step", "1")]))), (1, false, 1));
        assert_eq!(
            shown(next(&pet("Rex", ""), &form(&[("step", "1")]))),
            (2, false, 0)
        );
        assert_eq!(
            shown(next(&pet("Rex", ""), &form(&[("step", "2")]))),
            (2, false, 1)
        );
        assert_eq!(
            shown(next(&pet("Rex", "red"), &form(&[("step", "2")]))),
            (3, false, 0)
        );
    }

    #[test]
    fn check_your_answers_finishes_only_when_every_step_is_fine() {
        assert_eq!(next(&pet("Rex", "red"), &form(&[("step", "3")])), Next::Finish);
        // Answers altered on the way are caught at the step that asks for them.
        assert_eq!(
            shown(next(&pet("", "red"), &form(&[("step", "3")]))),
            (1, false, 1)
        );
    }

    #[test]
    fn change_returns_to_check_your_answers() {
        let change = next(&pet("Rex", "red"), &form(&[("step", "3"), ("to", "1")]));
        assert_eq!(shown(change), (1, true, 0));
        let after = next(&pet("Max", "red"), &form(&[("step", "1"), ("checking", "yes")]));
        assert_eq!(shown(after), (3, false, 0));
        // A problem on another step shows that step first.
        let missing = next(&pet("Max", ""), &form(&[("step", "1"), ("checking", "yes")]));
        assert_eq!(shown(missing), (2, true, 1));
    }

    #[test]
    fn back_moves_without_checking() {
        assert_eq!(
            shown(next(&pet("", ""), &form(&[("step", "2"), ("to", "1")]))),
            (1, false, 0)
        );
        let place = Place {
            step: 2,
            steps: 3,
            checking: false,
        };
        assert_eq!(place.back_to(), Some(1));
        assert_eq!(
            Place {
                checking: true,
                ..place
            }
            .back_to(),
            Some(3)
        );
        assert_eq!(Place::start(3).back_to(), None);
    }

    #[test]
    fn carried_answers_leave_out_the_step_shown() {
        let names: Vec<_> = pet("Rex", "red").carried(1).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, vec!["colour"]);
    }

    #[test]
    fn a_refusal_shows_the_first_step_it_is_about() {
        let errors = vec![
            FieldError {
                id: "colour".to_owned(),
                text: "bad".to_owned(),
            },
            FieldError {
                id: "name".to_owned(),
                text: "too long".to_owned(),
            },
        ];
        let (place, errors) = refused_at::<Pet>(errors);
        assert_eq!(place.step, 1);
        assert_eq!(errors.len(), 1);
    }
}
