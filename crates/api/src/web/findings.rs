//! Findings: a forum's list (theme filter, paging), one finding with its
//! comments, and the form to add one.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use serde_json::json;

use super::comments::{Comment, CommentExtra, CommentForm, CommentView, thread};
use super::forum::{self, Forum, ImprovementRow};
use super::layout::{Chrome, FieldError, Fields, form_errors, ok, refused, render, urlencode};
use super::visitor::Visitor;
use super::words::SOURCES;
use super::{WebState, contract, gql, queries};

#[derive(Template)]
#[template(path = "findings.html")]
struct ListPage {
    c: Chrome,
    forum: Forum,
    theme: String,
    after: String,
}

impl ListPage {
    fn next_link(&self) -> Option<String> {
        let info = &self.forum.findings.page_info;
        let cursor = info.end_cursor.as_deref().filter(|_| info.has_next_page)?;
        let mut link = format!("/forums/{}/findings?after={}", self.forum.slug, urlencode(cursor));
        if !self.theme.is_empty() {
            link.push_str(&format!("&theme={}", urlencode(&self.theme)));
        }
        Some(link)
    }

    fn first_link(&self) -> String {
        let mut link = format!("/forums/{}/findings", self.forum.slug);
        if !self.theme.is_empty() {
            link.push_str(&format!("?theme={}", urlencode(&self.theme)));
        }
        link
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    theme: Option<String>,
    after: Option<String>,
}

/// `GET /forums/{slug}/findings?theme=&after=`.
pub async fn list(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
    uri: Uri,
) -> Result<Response, Response> {
    let theme = q.theme.unwrap_or_default().trim().to_owned();
    let after = q.after.unwrap_or_default();
    let mut variables = json!({ "first": 20 });
    if !theme.is_empty() {
        variables["theme"] = json!(theme);
    }
    if !after.is_empty() {
        variables["after"] = json!(after);
    }
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let forum = forum::load(&web, &v, &slug, variables, path).await?;
    let title = if theme.is_empty() {
        format!("Findings: {}", forum.name)
    } else {
        format!("Findings about {theme}: {}", forum.name)
    };
    Ok(ok(&ListPage {
        c: Chrome::new(&v, title),
        forum,
        theme,
        after,
    }))
}

/// The contract's `Finding`, read.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub id: String,
    pub title: String,
    pub body: String,
    pub source: String,
    pub themes: Vec<String>,
    pub reference: Option<String>,
    pub received_at: String,
    pub status: String,
    pub comments: Vec<Comment>,
    pub improvements: Vec<ImprovementRow>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FindingExtras {
    forum: ExtrasForum,
    comments: Vec<CommentExtra>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtrasForum {
    pub slug: String,
    pub name: String,
    pub my_role: Option<String>,
}

#[derive(Template)]
#[template(path = "finding.html")]
struct FindingPage {
    c: Chrome,
    finding: Finding,
    forum: ExtrasForum,
    comments: Vec<CommentView>,
    comment_form: CommentForm,
    reply_to: Option<CommentView>,
    subject_path: String,
    can_comment: bool,
    can_hide: bool,
}

#[derive(Deserialize)]
pub struct ShowQuery {
    reply: Option<String>,
    done: Option<String>,
}

/// `GET /findings/{id}`.
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
    show_finding(&web, &v, &id, form, q.done).await
}

/// The finding page, with the comment form as given (and its errors).
pub async fn show_finding(
    web: &WebState,
    v: &Visitor,
    id: &str,
    comment_form: CommentForm,
    done: Option<String>,
) -> Result<Response, Response> {
    let path = format!("/findings/{id}");
    let finding: Finding = gql::fetch(web, v.caller, contract::FINDING, "finding", json!({ "id": id }))
        .await
        .map_err(|r| refused(v, &r, &path))?;
    let extras: FindingExtras = gql::fetch(
        web,
        v.caller,
        queries::FINDING_EXTRAS,
        "finding",
        json!({ "id": id }),
    )
    .await
    .map_err(|r| refused(v, &r, &path))?;
    let comments = thread(&finding.comments, &extras.comments);
    let reply_to = comments.iter().find(|c| c.id == comment_form.parent_id).cloned();
    let status = if comment_form.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let notice = done.map(|d| {
        match d.as_str() {
            "added" => "Your finding is saved. Thank you.",
            "comment" => "Your comment is saved.",
            "hidden" => "The comment is hidden.",
            _ => "Your changes are saved.",
        }
        .to_owned()
    });
    let can_comment = extras.forum.my_role.is_some();
    let can_hide = v.me.as_ref().is_some_and(|m| m.facilitates(&extras.forum.slug));
    let page = FindingPage {
        c: Chrome::new(v, finding.title.clone())
            .notice(notice)
            .errors(comment_form.errors.clone()),
        finding,
        forum: extras.forum,
        comments,
        comment_form,
        reply_to,
        subject_path: path,
        can_comment,
        can_hide,
    };
    Ok(render(&page, status))
}

/// What the "add a finding" form holds. The form has three short steps
/// (what happened; where it came from and themes; check your answers).
/// The first two are GET forms that carry the earlier answers in hidden
/// fields, so the browser's back button and "Change" links simply work;
/// only the last step posts, and runs the contract's `AddFinding`.
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

    fn pairs(&self) -> [(&'static str, &str); 8] {
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
    }

    /// The answers of the steps other than `step`, for hidden fields.
    fn carried(&self, step: u8) -> Vec<(&'static str, &str)> {
        self.pairs()
            .into_iter()
            .filter(|(name, _)| step_of(name) != step)
            .collect()
    }

    /// Step 1's errors.
    fn first_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.title.trim().is_empty() {
            errors.push(error("title", "Enter a short title"));
        }
        errors
    }

    /// Step 2's errors.
    fn second_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.source.is_empty() {
            errors.push(error("source", "Choose where this came from"));
        }
        if let Err(text) = received_at(&self.day, &self.month, &self.year) {
            errors.push(error("day", &text));
        }
        errors
    }

    fn date_text(&self) -> String {
        match received_at(&self.day, &self.month, &self.year) {
            Ok(Some(at)) => super::words::date(&at),
            _ => "Today".to_owned(),
        }
    }
}

/// Which step asks for a field.
fn step_of(name: &str) -> u8 {
    match name {
        "title" | "body" => 1,
        _ => 2,
    }
}

#[derive(Template)]
#[template(path = "finding_new.html")]
struct NewPage {
    c: Chrome,
    forum: Forum,
    f: NewFinding,
    step: u8,
    sources: [&'static str; 7],
}

impl NewPage {
    fn action(&self) -> String {
        format!("/forums/{}/findings/new", self.forum.slug)
    }

    /// A link to `step` that keeps every answer.
    fn link(&self, step: u8) -> String {
        let mut link = format!("{}?step={step}", self.action());
        for (name, value) in self.f.pairs() {
            if !value.is_empty() {
                link.push_str(&format!("&{name}={}", urlencode(value)));
            }
        }
        link
    }

    fn carried(&self) -> Vec<(&'static str, &str)> {
        self.f.carried(self.step)
    }

    fn all(&self) -> [(&'static str, &str); 8] {
        self.f.pairs()
    }
}

fn new_finding_page(v: &Visitor, forum: Forum, f: NewFinding, step: u8, errors: Vec<FieldError>) -> NewPage {
    let title = match step {
        1 => "Add a finding: what happened",
        2 => "Add a finding: where it came from",
        _ => "Add a finding: check your answers",
    };
    NewPage {
        c: Chrome::new(v, title).errors(errors),
        forum,
        f,
        step,
        sources: SOURCES,
    }
}

/// `GET /forums/{slug}/findings/new?step=`: the steps of "add a finding".
/// Asking for step 2 checks step 1's answers, and step 3 checks both.
pub async fn new_page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    uri: Uri,
) -> Result<Response, Response> {
    if v.me.is_none() {
        return Err(Redirect::to(&format!("/sign-in?next={}", uri.path())).into_response());
    }
    let forum = forum::load(&web, &v, &slug, json!({ "first": 1 }), uri.path()).await?;
    let fields = Fields(query);
    let f = NewFinding::from_fields(&fields);
    let wanted: u8 = match fields.get("step") {
        "2" => 2,
        "3" => 3,
        _ => 1,
    };
    if wanted >= 2 {
        let errors = f.first_errors();
        if !errors.is_empty() {
            let page = new_finding_page(&v, forum, f, 1, errors);
            return Ok(history_safe(render(&page, StatusCode::UNPROCESSABLE_ENTITY)));
        }
    }
    if wanted == 3 {
        let errors = f.second_errors();
        if !errors.is_empty() {
            let page = new_finding_page(&v, forum, f, 2, errors);
            return Ok(history_safe(render(&page, StatusCode::UNPROCESSABLE_ENTITY)));
        }
    }
    Ok(history_safe(ok(&new_finding_page(
        &v,
        forum,
        f,
        wanted,
        Vec::new(),
    ))))
}

/// Lets the browser keep a step in its history, so its back button shows
/// the step again with what was typed there (other pages are `no-store`).
fn history_safe(mut response: Response) -> Response {
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, no-cache"),
    );
    response
}

#[derive(Deserialize)]
struct Added {
    id: String,
}

/// `POST /forums/{slug}/findings/new`: the contract's `AddFinding`, from
/// the last step. A refusal shows the step that asked for the field.
pub async fn add(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    uri: Uri,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let forum = forum::load(&web, &v, &slug, json!({ "first": 1 }), uri.path()).await?;
    let f = NewFinding::from_fields(&Fields(form));
    let mut errors = f.first_errors();
    errors.extend(f.second_errors());
    if errors.is_empty() {
        let themes: Vec<&str> = f
            .themes
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        let mut input = json!({
            "forumId": forum.id,
            "title": f.title,
            "body": f.body,
            "source": f.source,
            "themes": themes,
        });
        if !f.reference.trim().is_empty() {
            input["reference"] = json!(f.reference.trim());
        }
        if let Ok(Some(at)) = received_at(&f.day, &f.month, &f.year) {
            input["receivedAt"] = json!(at);
        }
        match gql::fetch::<Added>(
            &web,
            v.caller,
            contract::ADD_FINDING,
            "addFinding",
            json!({ "input": input }),
        )
        .await
        {
            Ok(added) => {
                return Ok(Redirect::to(&format!("/findings/{}?done=added", added.id)).into_response());
            }
            Err(refusal) => {
                errors = form_errors(
                    &refusal,
                    &[
                        ("title", "title", "The title"),
                        ("body", "body", "What happened"),
                        ("source", "source", "Where it came from"),
                        ("themes", "themes", "Themes"),
                        ("reference", "reference", "The reference"),
                        ("receivedAt", "day", "The date"),
                    ],
                )
            }
        }
    }
    // Show the first step that has a problem, with its problems only.
    let step = errors.iter().map(|e| step_of(&e.id)).min().unwrap_or(1);
    errors.retain(|e| step_of(&e.id) == step);
    let page = new_finding_page(&v, forum, f, step, errors);
    Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
}

fn error(id: &str, text: &str) -> FieldError {
    FieldError {
        id: id.to_owned(),
        text: text.to_owned(),
    }
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
}
