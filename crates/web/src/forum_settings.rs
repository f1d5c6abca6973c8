//! The forum settings page: an admin lets the forum's facilitators record
//! progress on agreed improvements, as council officers do.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use graphql_client::GraphQLQuery;
use serde::Deserialize;

use super::WebState;
use super::layout::{Chrome, FieldError, Fields, not_found, problem, render};
use super::page;
use super::visitor::Visitor;

/// The page's one document.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/forum_settings.graphql",
    response_derives = "Clone, Debug"
)]
pub struct WebForumSettings;

/// `SetForumSettings`: admins only.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/set_forum_settings.graphql",
    response_derives = "Debug"
)]
pub struct SetForumSettings;

type Forum = web_forum_settings::WebForumSettingsForum;

#[derive(Template)]
#[template(path = "forum_settings.html")]
struct SettingsPage {
    c: Chrome,
    forum: Forum,
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// The forum, for an admin; anyone else is told plainly before any form.
async fn load(web: &WebState, v: &Visitor, slug: &str) -> Result<Forum, Response> {
    let path = format!("/forums/{slug}/settings");
    if v.me.is_none() {
        let next = super::layout::urlencode(&path);
        return Err(Redirect::to(&format!("/sign-in?next={next}")).into_response());
    }
    if !v.me.as_ref().is_some_and(|m| m.is_admin()) {
        let text = "Only admins can change a forum's settings.";
        return Err(problem(v, StatusCode::FORBIDDEN, "You cannot do this here", text));
    }
    let variables = web_forum_settings::Variables {
        slug: slug.to_owned(),
    };
    page::read::<WebForumSettings>(web, v, variables, &path)
        .await?
        .forum
        .ok_or_else(|| not_found(v))
}

fn settings_page(v: &Visitor, forum: Forum, notice: Option<String>, errors: Vec<FieldError>) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = SettingsPage {
        c: Chrome::new(v, "Forum settings").notice(notice).errors(errors),
        forum,
    };
    render(&page, status)
}

/// `GET /forums/{slug}/settings`.
pub async fn page(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let forum = load(&web, &v, &slug).await?;
    let notice = q.done.map(|_| "The settings are saved.".to_owned());
    Ok(settings_page(&v, forum, notice, Vec::new()))
}

/// `POST /forums/{slug}/settings`: the contract's `SetForumSettings`.
pub async fn save(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(slug): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let forum = load(&web, &v, &slug).await?;
    // A ticked box comes after its hidden "no", so the last wins.
    let allowed = form.last("facilitatorsRecordProgress") == "yes";
    let variables = || set_forum_settings::Variables {
        input: set_forum_settings::ForumSettingsInput {
            forum_id: forum.id.clone(),
            facilitators_record_progress: Some(allowed),
        },
    };
    let fields = [("facilitatorsRecordProgress", "progress", "The setting")];
    match page::send::<SetForumSettings>(&web, &v, Vec::new(), variables, &fields).await {
        Ok(_) => Ok(Redirect::to(&format!("/forums/{slug}/settings?done=saved")).into_response()),
        Err(errors) => Ok(settings_page(&v, forum, None, errors)),
    }
}
