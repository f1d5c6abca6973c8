//! Improvements: the page (co-authors, findings, decision, progress,
//! comments), and adding a co-author.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::WebState;
use super::allowed::{self, Back, Task};
use super::codes::{DecisionOutcome, DecisionRule, DecisionState, ForumRole, ImprovementStatus, Position};
use super::comments::{CommentForm, Discussion, posts};
use super::layout::{Chrome, FieldError, Fields, render};
use super::page::{self, error};
use super::visitor::Visitor;

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// The improvement page's one document; the pages that change an
/// improvement, and the versions side by side, read it too.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/improvement.graphql",
    extern_enums(
        "ImprovementStatus",
        "ForumRole",
        "DecisionRule",
        "DecisionState",
        "DecisionOutcome",
        "Position"
    ),
    response_derives = "Clone, Debug"
)]
pub struct WebImprovement;

/// `AddCoAuthor`: a co-author adds a forum member.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/add_co_author.graphql",
    response_derives = "Debug"
)]
pub struct AddCoAuthor;

/// An improvement, as its pages read it.
pub type Improvement = web_improvement::WebImprovementImprovement;

/// One version of an improvement.
pub type Revision = web_improvement::WebImprovementImprovementRevisions;

type Member = web_improvement::WebImprovementImprovementForumMembersUser;

/// Reads improvement `id`, or the page that says why not.
pub async fn load(web: &WebState, v: &Visitor, id: &str, path: &str) -> Result<Improvement, Response> {
    let variables = web_improvement::Variables { id: id.to_owned() };
    Ok(page::read::<WebImprovement>(web, v, variables, path)
        .await?
        .improvement)
}

/// Reads improvement `id` for a page only some may use: anyone else gets
/// the "can't" page before its form is shown, and again when they send it.
pub async fn load_for(
    web: &WebState,
    v: &Visitor,
    id: &str,
    path: &str,
    task: Task,
) -> Result<Improvement, Response> {
    let i = load(web, v, id, path).await?;
    allowed::refusal(v, i.forum.my_role, task, path, back(id)).map_or(Ok(()), Err)?;
    Ok(i)
}

/// Its co-authors change an improvement while it is a draft.
pub fn may_change(v: &Visitor, i: &Improvement) -> bool {
    let me = v.me.as_ref().map_or("", |m| m.id.as_str());
    i.status == ImprovementStatus::Draft && i.co_authors.iter().any(|a| a.id == me)
}

/// The way back to improvement `id` from a page that refused.
pub fn back(id: &str) -> Back {
    Back::new(format!("/improvements/{id}"), "Go back to the improvement")
}

/// The vote and co-author forms, as sent, with their errors.
#[derive(Clone, Debug, Default)]
pub struct Panels {
    /// The position sent; `None` shows the caller's saved vote.
    pub position: Option<Position>,
    pub reason: String,
    pub errors: Vec<FieldError>,
    /// Asking the facilitator to confirm closing the decision.
    pub confirm_close: bool,
}

#[derive(Template)]
#[template(path = "improvement.html")]
struct ImprovementPage {
    c: Chrome,
    i: Improvement,
    p: Panels,
    talk: Discussion,
    positions: [Position; 4],
}

impl ImprovementPage {
    fn i_am_co_author(&self) -> bool {
        let me = self.c.my_id();
        self.i.co_authors.iter().any(|a| a.id == me)
    }

    fn is_draft(&self) -> bool {
        self.i.status == ImprovementStatus::Draft
    }

    /// Forum members who could be added as co-authors.
    fn could_co_author(&self) -> Vec<&Member> {
        self.i
            .forum
            .members
            .iter()
            .map(|m| &m.user)
            .filter(|u| !self.i.co_authors.iter().any(|a| a.id == u.id))
            .collect()
    }

    fn facilitates(&self) -> bool {
        self.c.facilitates(self.i.forum.my_role)
    }

    /// Officers, and the forum's facilitators where an admin allows it.
    fn can_record_progress(&self) -> bool {
        use ImprovementStatus::{Agreed, Delivered, InProgress};
        let facilitator_may = self.i.forum.facilitators_record_progress && self.facilitates();
        (self.c.is_officer() || facilitator_may) && matches!(self.i.status, Agreed | InProgress | Delivered)
    }

    /// Members decide; officers comment but do not vote.
    fn can_vote(&self) -> bool {
        self.i.forum.my_role.is_some()
    }

    fn chosen(&self, position: &Position) -> bool {
        match self.p.position {
            Some(sent) => sent == *position,
            None => self.i.my_vote.as_ref().is_some_and(|v| v.position == *position),
        }
    }

    fn reason(&self) -> String {
        if self.p.position.is_some() {
            return self.p.reason.clone();
        }
        self.i
            .my_vote
            .as_ref()
            .and_then(|v| v.reason.clone())
            .unwrap_or_default()
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    reply: Option<String>,
    done: Option<String>,
    /// `close`: the step that confirms closing the decision.
    confirm: Option<String>,
}

/// `GET /improvements/{id}`.
pub async fn show(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, Response> {
    let form = CommentForm {
        parent_id: q.reply.unwrap_or_default(),
        ..CommentForm::default()
    };
    let panels = Panels {
        confirm_close: q.confirm.as_deref() == Some("close"),
        ..Panels::default()
    };
    show_with(&web, &v, &id, form, panels, q.done.as_deref()).await
}

/// The improvement page after a form on it was refused.
pub async fn show_improvement(
    web: &WebState,
    v: &Visitor,
    id: &str,
    comment_form: CommentForm,
    panels: Panels,
) -> Result<Response, Response> {
    show_with(web, v, id, comment_form, panels, None).await
}

async fn show_with(
    web: &WebState,
    v: &Visitor,
    id: &str,
    comment_form: CommentForm,
    p: Panels,
    done: Option<&str>,
) -> Result<Response, Response> {
    let path = format!("/improvements/{id}");
    let i = load(web, v, id, &path).await?;
    let mut errors = comment_form.errors.clone();
    errors.extend(p.errors.iter().cloned());
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let notice = done.map(|d| {
        match d {
            "proposed" => "Your improvement is saved. Other members can now read it and comment.",
            "revised" => "Your changes are saved as a new version.",
            "coauthor" => "The co-author is added.",
            "comment" => "Your comment is saved.",
            "hidden" => "The comment is hidden.",
            "shown" => "The comment shows again.",
            "reported" => "Thank you. The forum's facilitators will look at the comment.",
            "voted" => "Your vote is saved. You can change it until the decision closes.",
            "decision-opened" => "Members can now decide on this improvement.",
            "decision-closed" => "The decision is closed. The result is below.",
            "progress" => "The progress is saved.",
            _ => "Your changes are saved.",
        }
        .to_owned()
    });
    let talk = Discussion::new(v, &posts!(i.comments), comment_form, path, i.forum.my_role);
    let page = ImprovementPage {
        c: Chrome::new(v, i.title.clone()).notice(notice).errors(errors),
        i,
        p,
        talk,
        positions: Position::ALL,
    };
    Ok(render(&page, status))
}

/// `POST /improvements/{id}/co-authors`: the contract's `AddCoAuthor`.
pub async fn add_co_author(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let user = form.get("userId");
    let mut errors = Vec::new();
    if user.is_empty() {
        errors.push(error("co-author", "Choose a member to add"));
    }
    let variables = || add_co_author::Variables {
        improvement_id: id.clone(),
        user_id: user.to_owned(),
    };
    let fields = [("userId", "co-author", "The co-author")];
    let task = (Task::ChangeImprovement, back(&id));
    match page::send_as::<AddCoAuthor>(&web, &v, errors, variables, &fields, task).await? {
        Ok(_) => Ok(Redirect::to(&format!("/improvements/{id}?done=coauthor")).into_response()),
        Err(errors) => {
            let panels = Panels {
                errors,
                ..Panels::default()
            };
            show_improvement(&web, &v, &id, CommentForm::default(), panels).await
        }
    }
}
