//! Improvements: the page (co-authors, findings, decision, progress,
//! comments), proposing one, and adding a co-author.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use serde_json::json;

use super::codes::ForumRole;
use super::comments::{Comment, CommentExtra, CommentForm, CommentView, Post, thread};
use super::forum::{self, Forum, UserRef};
use super::layout::{Chrome, FieldError, Fields, form_errors, ok, refused, render};
use super::visitor::Visitor;
use super::{WebState, contract, gql, queries};

/// The contract's `Improvement`, read.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Improvement {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub status: String,
    pub revision: i64,
    pub forum: SlugOnly,
    pub co_authors: Vec<UserRef>,
    pub findings: Vec<Titled>,
    pub decision: Option<Decision>,
    pub my_vote: Option<MyVote>,
    pub comments: Vec<Comment>,
    pub progress: Vec<Progress>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SlugOnly {
    pub slug: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Titled {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub rule: String,
    pub quorum: f64,
    pub state: String,
    pub outcome: Option<String>,
    pub agree: i64,
    pub disagree: i64,
    pub abstain: i64,
    pub block: i64,
    pub turnout: f64,
    pub quorum_met: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct MyVote {
    pub position: String,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub note: String,
    pub percent_complete: i64,
    pub status: String,
    pub created_at: String,
}

/// Our own `WebImprovementExtras`, read.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Extras {
    pub forum: ExtrasForum,
    pub revisions: Vec<Revision>,
    pub decision: Option<DecisionExtras>,
    pub comments: Vec<CommentExtra>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtrasForum {
    pub name: String,
    pub my_role: Option<ForumRole>,
    pub members: Vec<super::forum::Member>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Revision {
    pub number: i64,
    pub title: String,
    pub summary: String,
    pub note: String,
    pub created_at: String,
    pub author: super::comments::Author,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionExtras {
    pub closes_at: Option<String>,
    pub vote_count: i64,
    pub votes: Vec<Vote>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Vote {
    pub position: String,
    pub reason: Option<String>,
    pub voter: super::comments::Author,
}

/// Reads both documents for improvement `id`.
pub async fn load(
    web: &WebState,
    v: &Visitor,
    id: &str,
    path: &str,
) -> Result<(Improvement, Extras), Response> {
    let improvement: Improvement = gql::fetch(
        web,
        v.caller,
        contract::IMPROVEMENT,
        "improvement",
        json!({ "id": id }),
    )
    .await
    .map_err(|r| refused(v, &r, path))?;
    let extras: Extras = gql::fetch(
        web,
        v.caller,
        queries::IMPROVEMENT_EXTRAS,
        "improvement",
        json!({ "id": id }),
    )
    .await
    .map_err(|r| refused(v, &r, path))?;
    Ok((improvement, extras))
}

/// The vote and co-author forms, as sent, with their errors.
#[derive(Clone, Debug, Default)]
pub struct Panels {
    pub position: String,
    pub reason: String,
    pub errors: Vec<FieldError>,
}

#[derive(Template)]
#[template(path = "improvement.html")]
struct ImprovementPage {
    c: Chrome,
    i: Improvement,
    x: Extras,
    p: Panels,
    comments: Vec<CommentView>,
    comment_form: CommentForm,
    reply_to: Option<CommentView>,
    subject_path: String,
    can_comment: bool,
    can_hide: bool,
    positions: [&'static str; 4],
}

impl ImprovementPage {
    fn i_am_co_author(&self) -> bool {
        let me = self.c.my_id();
        self.i.co_authors.iter().any(|a| a.id == me)
    }

    /// Forum members who could be added as co-authors.
    fn could_co_author(&self) -> Vec<&UserRef> {
        self.x
            .forum
            .members
            .iter()
            .map(|m| &m.user)
            .filter(|u| !self.i.co_authors.iter().any(|a| a.id == u.id))
            .collect()
    }

    fn facilitates(&self) -> bool {
        self.c.facilitates(self.x.forum.my_role)
    }

    fn can_record_progress(&self) -> bool {
        self.c.is_officer() && matches!(self.i.status.as_str(), "AGREED" | "IN_PROGRESS" | "DELIVERED")
    }

    fn chosen(&self, position: &str) -> bool {
        if !self.p.position.is_empty() {
            return self.p.position == position;
        }
        self.i.my_vote.as_ref().is_some_and(|v| v.position == position)
    }

    fn reason(&self) -> String {
        if !self.p.position.is_empty() {
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
    let panels = Panels::default();
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
    let (i, x) = load(web, v, id, &path).await?;
    let comments = thread(&Post::joined(&i.comments, &x.comments));
    let reply_to = comments.iter().find(|c| c.id == comment_form.parent_id).cloned();
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
            "voted" => "Your vote is saved. You can change it until the decision closes.",
            "decision-opened" => "Members can now decide on this improvement.",
            "decision-closed" => "The decision is closed. The result is below.",
            "progress" => "The progress is saved.",
            _ => "Your changes are saved.",
        }
        .to_owned()
    });
    let can_comment = x.forum.my_role.is_some();
    let can_hide = v.me.as_ref().is_some_and(|m| m.facilitates(x.forum.my_role));
    let page = ImprovementPage {
        c: Chrome::new(v, i.title.clone()).notice(notice).errors(errors),
        i,
        x,
        p,
        comments,
        comment_form,
        reply_to,
        subject_path: path,
        can_comment,
        can_hide,
        positions: ["AGREE", "DISAGREE", "ABSTAIN", "BLOCK"],
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
    let refusal = if user.is_empty() {
        vec![FieldError {
            id: "co-author".to_owned(),
            text: "Choose a member to add".to_owned(),
        }]
    } else {
        let variables = json!({ "improvementId": id, "userId": user });
        match gql::run(&web, v.caller, contract::ADD_CO_AUTHOR, variables).await {
            Ok(_) => return Ok(Redirect::to(&format!("/improvements/{id}?done=coauthor")).into_response()),
            Err(refusal) => form_errors(&refusal, &[("userId", "co-author", "The co-author")]),
        }
    };
    let panels = Panels {
        errors: refusal,
        ..Panels::default()
    };
    show_improvement(&web, &v, &id, CommentForm::default(), panels).await
}

/// What the "suggest an improvement" form holds.
#[derive(Clone, Debug, Default)]
struct Proposal {
    title: String,
    summary: String,
    findings: Vec<String>,
}

#[derive(Template)]
#[template(path = "improvement_new.html")]
struct ProposePage {
    c: Chrome,
    forum: Forum,
    f: Proposal,
}

#[derive(Deserialize)]
pub struct ForFinding {
    finding: Option<String>,
}

/// `GET /forums/{slug}/improvements/new?finding=`.
pub async fn new_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    Query(q): Query<ForFinding>,
    uri: Uri,
) -> Result<Response, Response> {
    let forum = forum::load(&web, &v, &slug, json!({ "first": 100 }), uri.path()).await?;
    let f = Proposal {
        findings: q.finding.into_iter().collect(),
        ..Proposal::default()
    };
    Ok(ok(&ProposePage {
        c: Chrome::new(&v, "Suggest an improvement"),
        forum,
        f,
    }))
}

#[derive(Deserialize)]
struct Made {
    id: String,
}

/// `POST /forums/{slug}/improvements/new`: the contract's `ProposeImprovement`.
pub async fn propose(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let forum = forum::load(&web, &v, &slug, json!({ "first": 100 }), uri.path()).await?;
    let form = Fields(form);
    let f = Proposal {
        title: form.get("title").to_owned(),
        summary: form.get("summary").to_owned(),
        findings: form.all("findingIds"),
    };
    let mut errors = Vec::new();
    if f.title.trim().is_empty() {
        errors.push(FieldError {
            id: "improvement-title".to_owned(),
            text: "Enter a short title".to_owned(),
        });
    }
    if f.findings.is_empty() {
        errors.push(FieldError {
            id: "findings".to_owned(),
            text: "Choose at least 1 finding that this improvement is for".to_owned(),
        });
    }
    if errors.is_empty() {
        let input =
            json!({ "forumId": forum.id, "title": f.title, "summary": f.summary, "findingIds": f.findings });
        match gql::fetch::<Made>(
            &web,
            v.caller,
            contract::PROPOSE_IMPROVEMENT,
            "proposeImprovement",
            json!({ "input": input }),
        )
        .await
        {
            Ok(made) => {
                return Ok(Redirect::to(&format!("/improvements/{}?done=proposed", made.id)).into_response());
            }
            Err(refusal) => {
                errors = form_errors(
                    &refusal,
                    &[
                        ("title", "improvement-title", "The title"),
                        ("summary", "summary", "The plan"),
                        ("findingIds", "findings", "The findings"),
                    ],
                )
            }
        }
    }
    let page = ProposePage {
        c: Chrome::new(&v, "Suggest an improvement").errors(errors),
        forum,
        f,
    };
    Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
}
