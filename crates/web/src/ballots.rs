//! The ballot: one form per voting method. Dots are number fields with the
//! dots left shown; approval is checkboxes; score is radios 0 to 5; ranked is
//! a position number for each finding plus "move up" and "move down"
//! buttons that work without JavaScript (never drag-only).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;

use super::allowed::{self, Task};
use super::codes::{TallyRule, VotingMethod};
use super::layout::{Chrome, FieldError, Fields, form_errors, render};
use super::rounds::{self, Round};
use super::steps::code;
use super::visitor::Visitor;
use super::{WebState, gql};

/// Saving a ballot: the page's one mutation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/cast_ballot.graphql",
    response_derives = "Debug"
)]
pub struct CastBallot;

use cast_ballot::BallotMarkInput;

/// One finding on the ballot, with what the form holds for it.
#[derive(Clone, Debug)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub value: String,
    /// The start of the finding's text, so the ballot shows what it is
    /// about without leaving the form.
    pub about: String,
}

impl Item {
    pub fn input_id(&self) -> String {
        format!("mark-{}", self.id)
    }

    pub fn is(&self, value: &str) -> bool {
        self.value == value
    }
}

#[derive(Template)]
#[template(path = "ballot.html")]
struct BallotPage {
    c: Chrome,
    round: Round,
    items: Vec<Item>,
    /// The button to focus after a move: (finding id, "up" or "down").
    focus: Option<(String, String)>,
    moved: Option<String>,
    scores: [&'static str; 6],
}

impl BallotPage {
    fn budget(&self) -> i64 {
        self.round.budget.unwrap_or(10)
    }

    fn dots_used(&self) -> i64 {
        self.items
            .iter()
            .filter_map(|i| i.value.trim().parse::<i64>().ok())
            .filter(|n| *n > 0)
            .sum()
    }

    fn dots_left_text(&self) -> String {
        let left = self.budget() - self.dots_used();
        if left >= 0 {
            format!("You have {left} of {} dots left.", self.budget())
        } else {
            format!(
                "You have used {} too many dots. You can use {}.",
                -left,
                self.budget()
            )
        }
    }

    fn max_dots(&self) -> i64 {
        self.round.max_per_item.unwrap_or_else(|| self.budget())
    }

    fn autofocus(&self, id: &str, direction: &str) -> bool {
        self.focus
            .as_ref()
            .is_some_and(|(i, d)| i == id && d == direction)
    }

    fn count(&self) -> usize {
        self.items.len()
    }

    /// How a ranked round counts, as the API writes it.
    fn tally_code(&self) -> &'static str {
        tally_code(self.round.tally)
    }

    /// The round's method as the API writes it, carried by the form so a
    /// vote is saved without reading the round again.
    fn method_code(&self) -> String {
        match serde_json::to_value(self.round.method) {
            Ok(serde_json::Value::String(code)) => code,
            _ => String::new(),
        }
    }
}

/// How a ranked round counts, as the API writes it (Schulze by default).
pub fn tally_code(tally: Option<TallyRule>) -> &'static str {
    match tally {
        Some(TallyRule::Borda) => "BORDA",
        _ => "SCHULZE",
    }
}

/// The items in the round's order, holding the caller's saved ballot; for
/// a ranked round, in the order of the saved positions.
fn items_from_ballot(round: &Round) -> Vec<Item> {
    let mut items: Vec<Item> = round
        .findings
        .iter()
        .map(|f| Item {
            id: f.id.clone(),
            title: f.title.clone(),
            value: round.my_mark(&f.id).map(|v| v.to_string()).unwrap_or_default(),
            about: super::words::excerpt(&f.body),
        })
        .collect();
    if round.method == VotingMethod::Ranked {
        sort_by_position(&mut items);
    }
    items
}

/// The items as the form sent them (in the order shown).
fn items_from_form(round: &Round, form: &Fields) -> Vec<Item> {
    let shown = form.all("order");
    let mut items: Vec<Item> = round
        .findings
        .iter()
        .map(|f| Item {
            id: f.id.clone(),
            title: f.title.clone(),
            value: form.get(&format!("mark-{}", f.id)).trim().to_owned(),
            about: super::words::excerpt(&f.body),
        })
        .collect();
    items.sort_by_key(|i| shown.iter().position(|s| *s == i.id).unwrap_or(usize::MAX));
    items
}

/// Ranked positions first (lowest number first), blanks after, keeping
/// the order shown among equals.
pub fn sort_by_position(items: &mut [Item]) {
    items.sort_by_key(|i| i.value.parse::<u32>().unwrap_or(u32::MAX));
}

/// Moves one item up or down, then numbers every item 1..n in the new order.
/// Returns the item's new position.
pub fn move_item(items: &mut [Item], id: &str, up: bool) -> Option<usize> {
    sort_by_position(items);
    let at = items.iter().position(|i| i.id == id)?;
    let to = if up { at.checked_sub(1)? } else { at + 1 };
    if to >= items.len() {
        return None;
    }
    items.swap(at, to);
    for (n, item) in items.iter_mut().enumerate() {
        item.value = (n + 1).to_string();
    }
    Some(to + 1)
}

/// The marks to send for `method`, or the error on the first bad input.
pub fn marks(method: VotingMethod, items: &[Item]) -> Result<Vec<BallotMarkInput>, FieldError> {
    let mut marks = Vec::new();
    for item in items {
        let value = item.value.trim();
        if value.is_empty() {
            continue;
        }
        let number = match method {
            VotingMethod::Approval => 1,
            _ => value.parse::<i64>().map_err(|_| FieldError {
                id: item.input_id(),
                text: format!("For \"{}\", enter a number, like 1 or 2", item.title),
            })?,
        };
        if method == VotingMethod::Dot && number == 0 {
            continue;
        }
        marks.push(BallotMarkInput {
            finding_id: item.id.clone(),
            value: number,
        });
    }
    Ok(marks)
}

/// `GET /rounds/{id}/vote`.
pub async fn page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let path = format!("/rounds/{id}/vote");
    let round = rounds::load(&web, &v, &id, &path).await?;
    allowed::refusal(&v, round.forum.my_role, Task::Vote, &path, rounds::back(&id)).map_or(Ok(()), Err)?;
    if !round.is_open() {
        return Err(Redirect::to(&format!("/rounds/{id}")).into_response());
    }
    let items = items_from_ballot(&round);
    Ok(show(&v, round, items, Vec::new(), None, None))
}

fn show(
    v: &Visitor,
    round: Round,
    items: Vec<Item>,
    errors: Vec<FieldError>,
    focus: Option<(String, String)>,
    moved: Option<String>,
) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = if round.my_ballot.is_some() {
        "Change your vote"
    } else {
        "Vote"
    };
    let page = BallotPage {
        c: Chrome::new(v, format!("{title}: {}", round.title)).errors(errors),
        round,
        items,
        focus,
        moved,
        scores: ["0", "1", "2", "3", "4", "5"],
    };
    render(&page, status)
}

/// `POST /rounds/{id}/vote`: "Save my vote" runs the contract's
/// `CastBallot` alone (the form carries the method, the findings and the
/// marks). A "move" button, a problem in the form or a refusal reads the
/// round (`WebRound`) to show the form again.
pub async fn cast(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let mut refusal = None;
    if form.get("move").is_empty()
        && let Some(method) = code::<VotingMethod>(form.get("method"))
    {
        // The form says what it is: save it without reading the round.
        let items: Vec<Item> = form
            .all("order")
            .into_iter()
            .map(|id| Item {
                value: form.get(&format!("mark-{id}")).trim().to_owned(),
                title: String::new(),
                about: String::new(),
                id,
            })
            .collect();
        if let Ok(marks) = marks(method, &items)
            && !marks.is_empty()
        {
            match save(&web, &v, &id, marks).await {
                Ok(saved) => return Ok(saved),
                Err(refused) => refusal = Some(refused),
            }
        }
    }
    // A move, a problem, or a refusal: the page again, with the round.
    let path = format!("/rounds/{id}/vote");
    let round = rounds::load(&web, &v, &id, &path).await?;
    allowed::refusal(&v, round.forum.my_role, Task::Vote, &path, rounds::back(&id)).map_or(Ok(()), Err)?;
    let mut items = items_from_form(&round, &form);
    let action = form.get("move");
    if let Some((direction, finding)) = action.split_once(':') {
        let up = direction == "up";
        let moved = move_item(&mut items, finding, up).map(|position| {
            let title = items
                .iter()
                .find(|i| i.id == finding)
                .map_or("", |i| i.title.as_str());
            format!(
                "\u{201c}{title}\u{201d} is now number {position} of {}.",
                items.len()
            )
        });
        // Keep focus on the same button, or on the other one at either end.
        let at = items.iter().position(|i| i.id == finding).unwrap_or(0);
        let direction = match (up, at) {
            (true, 0) => "down",
            (false, n) if n + 1 == items.len() => "up",
            (true, _) => "up",
            (false, _) => "down",
        };
        let focus = Some((finding.to_owned(), direction.to_owned()));
        return Ok(show(&v, round, items, Vec::new(), focus, moved));
    }
    let marks = match marks(round.method, &items) {
        Ok(marks) => marks,
        Err(error) => return Ok(show(&v, round, items, vec![error], None, None)),
    };
    if marks.is_empty() {
        let first = items.first().map(Item::input_id).unwrap_or_default();
        let text = match round.method {
            VotingMethod::Dot => "Put at least 1 dot on a finding",
            VotingMethod::Approval => "Tick at least 1 finding",
            VotingMethod::Score => "Give at least 1 finding a score",
            VotingMethod::Ranked => "Give at least 1 finding a number",
        };
        let error = FieldError {
            id: first,
            text: text.to_owned(),
        };
        return Ok(show(&v, round, items, vec![error], None, None));
    }
    let refusal = match refusal {
        Some(refusal) => refusal,
        None => match save(&web, &v, &id, marks).await {
            Ok(saved) => return Ok(saved),
            Err(refusal) => refusal,
        },
    };
    let first = items.first().map(Item::input_id).unwrap_or_default();
    let errors = form_errors(&refusal, &[("marks", first.as_str(), "Your vote")]);
    Ok(show(&v, round, items, errors, None, None))
}

/// Runs `CastBallot`: saved, the round page.
async fn save(
    web: &WebState,
    v: &Visitor,
    id: &str,
    marks: Vec<BallotMarkInput>,
) -> Result<Response, gql::Refused> {
    let input = cast_ballot::CastBallotInput {
        round_id: id.to_owned(),
        marks,
    };
    gql::query::<CastBallot>(web, v.caller, cast_ballot::Variables { input }).await?;
    Ok(Redirect::to(&format!("/rounds/{id}?done=voted")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, value: &str) -> Item {
        Item {
            id: id.into(),
            title: format!("Finding {id}"),
            value: value.into(),
            about: String::new(),
        }
    }

    #[test]
    fn moving_renumbers_in_the_new_order() {
        let mut items = vec![item("a", ""), item("b", ""), item("c", "")];
        assert_eq!(move_item(&mut items, "c", true), Some(2));
        let order: Vec<_> = items.iter().map(|i| (i.id.as_str(), i.value.as_str())).collect();
        assert_eq!(order, vec![("a", "1"), ("c", "2"), ("b", "3")]);
        assert_eq!(move_item(&mut items, "a", true), None);
        assert_eq!(move_item(&mut items, "b", false), None);
    }

    #[test]
    fn positions_sort_with_blanks_last() {
        let mut items = vec![item("a", ""), item("b", "2"), item("c", "1")];
        sort_by_position(&mut items);
        let order: Vec<_> = items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(order, vec!["c", "b", "a"]);
    }

    #[test]
    fn marks_by_method() {
        let items = vec![item("a", "3"), item("b", ""), item("c", "0")];
        assert_eq!(marks(VotingMethod::Dot, &items).map(|m| m.len()), Ok(1));
        assert_eq!(marks(VotingMethod::Score, &items).map(|m| m.len()), Ok(2));
        let ticked = vec![item("a", "on"), item("b", "")];
        assert_eq!(marks(VotingMethod::Approval, &ticked).map(|m| m.len()), Ok(1));
        assert!(marks(VotingMethod::Ranked, &[item("a", "first")]).is_err());
    }
}
