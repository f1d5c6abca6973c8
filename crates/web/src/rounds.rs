//! Rounds: a round's page with its result (ties marked "Tied"), closing
//! one, and making a closed one's result the forum's priorities.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use coforum_app::ErrorCode;
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::allowed::{self, Back, Task};
use super::codes::{ForumRole, RoundState, TallyRule, VotingMethod};
use super::layout::{Chrome, FieldError, form_errors, refused, render};
use super::visitor::Visitor;
use super::{WebState, gql};

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// The round page's one document; the ballot reads it too.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/round.graphql",
    extern_enums("VotingMethod", "RoundState", "TallyRule", "ForumRole"),
    response_derives = "Clone, Debug"
)]
pub struct WebRound;

/// `CloseRound`: a facilitator ends the vote.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/close_round.graphql",
    response_derives = "Debug"
)]
pub struct CloseRound;

/// `PublishPriorities`: a facilitator makes a closed vote the priorities.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/publish_priorities.graphql",
    response_derives = "Debug"
)]
pub struct PublishPriorities;

/// A round, as the round page and the ballot read it.
pub type Round = web_round::WebRoundRound;

impl Round {
    pub fn is_open(&self) -> bool {
        self.state == RoundState::Open
    }

    /// "Fran recorded this vote for you by phone.", when a facilitator
    /// recorded the caller's ballot for them.
    pub fn recorded_for_me(&self) -> Option<String> {
        let ballot = self.my_ballot.as_ref()?;
        let how = serde_json::to_value(ballot.assistance.as_ref()?).ok()?;
        let how: coforum_domain::assistance::Assistance = how.as_str()?.parse().ok()?;
        let by = ballot
            .assisted_by
            .as_ref()
            .map_or("A facilitator", |u| u.display_name.as_str());
        Some(format!("{by} recorded this vote for you {}.", how.words()))
    }

    /// The mark the caller gave `finding`, if any.
    pub fn my_mark(&self, finding: &str) -> Option<i64> {
        self.my_ballot
            .as_ref()
            .and_then(|b| b.marks.iter().find(|m| m.finding.id == finding))
            .map(|m| m.value)
    }
}

/// Reads round `id`, or the page that says why not.
pub async fn load(web: &WebState, v: &Visitor, id: &str, path: &str) -> Result<Round, Response> {
    let variables = web_round::Variables { id: id.to_owned() };
    gql::query::<WebRound>(web, v.caller, variables)
        .await
        .map(|data| data.round)
        .map_err(|r| refused(v, &r, path))
}

#[derive(Template)]
#[template(path = "round.html")]
struct RoundPage {
    c: Chrome,
    round: Round,
    can_vote: bool,
    can_close: bool,
    /// A facilitator may make this closed, unpublished vote the priorities.
    can_publish: bool,
    /// Asking them to confirm that.
    confirming: bool,
    /// Asking a facilitator to confirm closing the vote.
    confirming_close: bool,
}

impl RoundPage {
    /// Why the caller sees results before the close: their role, or the
    /// round's choice to show them to everyone. Never "only facilitators"
    /// to a member who is looking at them.
    fn running_results_note(&self) -> &'static str {
        running_results_note(self.round.hide_results_until_closed)
    }

    fn tally_code(&self) -> &'static str {
        super::ballots::tally_code(self.round.tally)
    }
}

/// The sentence above results shown while the vote is open.
fn running_results_note(hidden_from_members: bool) -> &'static str {
    if hidden_from_members {
        "Only facilitators and council officers can see results before the vote closes."
    } else {
        "Everyone in the forum can see these results while the vote is open. They can change until it closes."
    }
}

/// The way back to round `id` from a page that refused.
pub fn back(id: &str) -> Back {
    Back::new(format!("/rounds/{id}"), "Go back to the vote")
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
    /// `close`: the step that confirms closing the vote.
    confirm: Option<String>,
}

/// `GET /rounds/{id}`.
pub async fn show(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let confirm = if q.confirm.as_deref() == Some("close") {
        Confirm::Close
    } else {
        Confirm::Nothing
    };
    show_round(&web, &v, &id, q.done.as_deref(), Vec::new(), confirm).await
}

/// Which step the round page asks a facilitator to confirm.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Confirm {
    Nothing,
    Close,
    Publish,
}

async fn show_round(
    web: &WebState,
    v: &Visitor,
    id: &str,
    done: Option<&str>,
    errors: Vec<FieldError>,
    confirm: Confirm,
) -> Result<Response, Response> {
    let round = load(web, v, id, &format!("/rounds/{id}")).await?;
    let notice = done.map(|d| {
        match d {
            "voted" => "Your vote is saved. You can change it until the vote closes.",
            "opened" => "The vote is open. Members can vote now.",
            "closed" => "The vote is closed. The results are below.",
            "published" => "These results are now the forum's priorities.",
            _ => "Your changes are saved.",
        }
        .to_owned()
    });
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CONFLICT
    };
    let facilitates = allowed::may(v, round.forum.my_role, Task::PublishPriorities);
    if confirm != Confirm::Nothing && !facilitates {
        return Err(allowed::cannot(v, Task::PublishPriorities, back(id)));
    }
    let can_publish = !round.is_open() && round.published_at.is_none() && facilitates;
    let page = RoundPage {
        c: Chrome::new(v, round.title.clone()).notice(notice).errors(errors),
        can_vote: round.is_open() && allowed::may(v, round.forum.my_role, Task::Vote),
        can_close: round.is_open() && facilitates,
        can_publish,
        confirming: confirm == Confirm::Publish && can_publish,
        confirming_close: confirm == Confirm::Close && round.is_open() && facilitates,
        round,
    };
    Ok(render(&page, status))
}

/// `POST /rounds/{id}/close`: first the step that asks to confirm (a
/// page of its own, no script needed), then, with `confirm=yes`, the
/// contract's `CloseRound`.
pub async fn close(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    if !form.iter().any(|(k, value)| k == "confirm" && value == "yes") {
        let confirm = format!("/rounds/{id}?confirm=close#confirm-close");
        return Ok(Redirect::to(&confirm).into_response());
    }
    let variables = close_round::Variables { id: id.clone() };
    match gql::query::<CloseRound>(&web, v.caller, variables).await {
        Ok(_) => Ok(Redirect::to(&format!("/rounds/{id}?done=closed")).into_response()),
        Err(refusal) if refusal.code() == ErrorCode::Forbidden => {
            Err(allowed::cannot(&v, Task::CloseVote, back(&id)))
        }
        Err(refusal) if refusal.code() == ErrorCode::Conflict => {
            let errors = form_errors(&refusal, &[("id", "close-button", "The vote")]);
            show_round(&web, &v, &id, None, errors, Confirm::Nothing).await
        }
        Err(refusal) => Err(refused(&v, &refusal, &format!("/rounds/{id}"))),
    }
}

/// `POST /rounds/{id}/publish`: first asks to confirm, then (with
/// `confirm=yes`) runs the contract's `PublishPriorities`.
pub async fn publish(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    if !form.iter().any(|(k, value)| k == "confirm" && value == "yes") {
        return show_round(&web, &v, &id, None, Vec::new(), Confirm::Publish).await;
    }
    let variables = publish_priorities::Variables { round_id: id.clone() };
    match gql::query::<PublishPriorities>(&web, v.caller, variables).await {
        Ok(_) => Ok(Redirect::to(&format!("/rounds/{id}?done=published")).into_response()),
        Err(refusal) if refusal.code() == ErrorCode::Forbidden => {
            Err(allowed::cannot(&v, Task::PublishPriorities, back(&id)))
        }
        Err(refusal) if refusal.code() == ErrorCode::Conflict => {
            let errors = form_errors(&refusal, &[("roundId", "publish-button", "The vote")]);
            show_round(&web, &v, &id, None, errors, Confirm::Nothing).await
        }
        Err(refusal) => Err(refused(&v, &refusal, &format!("/rounds/{id}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::running_results_note;

    #[test]
    fn results_shown_to_everyone_do_not_claim_to_be_for_facilitators_only() {
        assert!(running_results_note(false).starts_with("Everyone in the forum can see"));
        assert!(!running_results_note(false).contains("Only facilitators"));
        assert!(running_results_note(true).starts_with("Only facilitators and council officers"));
    }
}
