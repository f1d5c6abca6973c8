//! Notifications in the web client: "What's new" (`/whats-new`), the
//! choice of emails (`/account/notifications`), and the one-click
//! unsubscribe page every notification email links to (`/unsubscribe/…`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use coforum_domain::notification::NotificationKind;
use graphql_client::GraphQLQuery;

use super::layout::{Chrome, Fields, ok, render};
use super::visitor::Visitor;
use super::{WebState, gql, page, words};

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/whats_new.graphql"
)]
pub struct WhatsNew;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/mark_notifications_read.graphql"
)]
pub struct MarkNotificationsRead;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/notification_settings.graphql",
    response_derives = "Debug, Serialize"
)]
pub struct MyNotificationSettings;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/update_notification_settings.graphql",
    variables_derives = "Debug, Deserialize"
)]
pub struct UpdateNotificationSettings;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/unsubscribe.graphql"
)]
pub struct Unsubscribe;

struct NewsItem {
    title: String,
    path: String,
    when: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "whats_new.html")]
struct WhatsNewPage {
    c: Chrome,
    items: Vec<NewsItem>,
}

/// `GET /whats-new`: the caller's news, newest first; what it shows is then
/// marked read, so the header's count goes down.
pub async fn whats_new(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
) -> Result<Response, Response> {
    let news = page::read::<WhatsNew>(&web, &v, whats_new::Variables, "/whats-new")
        .await?
        .notifications;
    let unread: Vec<String> = news
        .iter()
        .filter(|n| n.read_at.is_none())
        .map(|n| n.id.clone())
        .collect();
    if !unread.is_empty() {
        let variables = mark_notifications_read::Variables { ids: unread };
        if let Err(refusal) = gql::query::<MarkNotificationsRead>(&web, v.caller, variables).await {
            tracing::warn!(?refusal, "news shown could not be marked read");
        }
    }
    let items = news
        .into_iter()
        .map(|n| NewsItem {
            path: path_of(&n.url),
            when: words::date_time(&n.created_at),
            unread: n.read_at.is_none(),
            title: n.title,
        })
        .collect();
    let mut c = Chrome::new(&v, "What's new").section("whats-new");
    if let Some(me) = c.me.as_mut() {
        me.unread = 0;
    }
    Ok(ok(&WhatsNewPage { c, items }))
}

/// The page's own address from the whole one on the public URL, so links
/// work however the site is reached.
fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or_else(|| "/".to_owned(), |at| after_scheme[at..].to_owned())
}

const DELIVERIES: [(&str, &str); 3] = [
    ("IMMEDIATELY", "Email me straight away"),
    ("DAILY_DIGEST", "Put it in one email a day, at 8 in the morning"),
    ("OFF", "Do not email me"),
];

struct SettingRow {
    code: &'static str,
    name: &'static str,
    delivery: String,
    choices: &'static [(&'static str, &'static str)],
}

#[derive(Template)]
#[template(path = "notification_settings.html")]
struct SettingsPage {
    c: Chrome,
    settings: Vec<SettingRow>,
}

const SETTINGS_PATH: &str = "/account/notifications";

/// `GET /account/notifications`: one choice for each kind of news.
pub async fn settings(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    axum::extract::Query(done): axum::extract::Query<Done>,
) -> Result<Response, Response> {
    let me =
        page::read::<MyNotificationSettings>(&web, &v, my_notification_settings::Variables, SETTINGS_PATH)
            .await?
            .me;
    let settings = me
        .notification_settings
        .iter()
        .filter_map(|s| {
            let kind = code_of(&s.kind)?.parse::<NotificationKind>().ok()?;
            let choices: &'static [(&str, &str)] = if kind.may_be_off() {
                &DELIVERIES
            } else {
                &DELIVERIES[..2]
            };
            Some(SettingRow {
                code: kind.as_str(),
                name: kind.plain_name(),
                delivery: code_of(&s.delivery).unwrap_or_default(),
                choices,
            })
        })
        .collect();
    let mut c = Chrome::new(&v, "Emails about news").section("account");
    if done.done.is_some() {
        c.notice = Some("Your choices are saved.".to_owned());
    }
    Ok(ok(&SettingsPage { c, settings }))
}

#[derive(serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// An enum value's name as the API writes it.
fn code_of(value: &impl serde::Serialize) -> Option<String> {
    serde_json::to_value(value).ok()?.as_str().map(str::to_owned)
}

/// `POST /account/notifications`: saves every choice on the form.
pub async fn save_settings(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    if v.me.is_none() {
        return Ok(Redirect::to("/sign-in?next=/account/notifications").into_response());
    }
    let form = Fields(form);
    let chosen: Vec<serde_json::Value> = NotificationKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let delivery = form.get(kind.as_str());
            DELIVERIES
                .iter()
                .any(|(code, _)| *code == delivery)
                .then(|| serde_json::json!({ "kind": kind.as_str(), "delivery": delivery }))
        })
        .collect();
    // The variables go through their serde form, so the form's words and
    // the API's enums meet in one place.
    let variables: update_notification_settings::Variables =
        serde_json::from_value(serde_json::json!({ "settings": chosen })).map_err(|err| {
            tracing::error!(error = %err, "the settings form could not be read");
            super::layout::problem(
                &v,
                StatusCode::BAD_REQUEST,
                "Sorry, that did not work",
                "Go back and try again.",
            )
        })?;
    gql::query::<UpdateNotificationSettings>(&web, v.caller, variables)
        .await
        .map_err(|refusal| super::layout::refused(&v, &refusal, SETTINGS_PATH))?;
    Ok(Redirect::to("/account/notifications?done=saved").into_response())
}

#[derive(Template)]
#[template(path = "unsubscribe.html")]
struct UnsubscribePage {
    c: Chrome,
    heading: &'static str,
    text: String,
    action: String,
    done: bool,
    broken: bool,
}

/// `GET /unsubscribe/<token>`: asks first, so a mail program that opens
/// links to check them changes nothing.
pub async fn unsubscribe_page(Extension(v): Extension<Visitor>, Path(token): Path<String>) -> Response {
    ok(&UnsubscribePage {
        c: Chrome::new(&v, "Stop these emails"),
        heading: "Stop these emails",
        text: String::new(),
        action: format!("/unsubscribe/{token}"),
        done: false,
        broken: false,
    })
}

/// `POST /unsubscribe/<token>`: the RFC 8058 one-click unsubscribe, and the
/// page's button. No sign-in: the signed link is the authority.
pub async fn unsubscribe(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(token): Path<String>,
) -> Response {
    let variables = unsubscribe::Variables { token: token.clone() };
    let (heading, text, done, status) = match gql::query::<Unsubscribe>(&web, v.caller, variables).await {
        Ok(_) => (
            "You will not get these emails any more",
            "We have stopped emails like the one you got.".to_owned(),
            true,
            StatusCode::OK,
        ),
        Err(_) => (
            "This link does not work",
            "The link may be old or not copied in full.".to_owned(),
            false,
            StatusCode::BAD_REQUEST,
        ),
    };
    render(
        &UnsubscribePage {
            c: Chrome::new(&v, heading),
            heading,
            text,
            action: format!("/unsubscribe/{token}"),
            done,
            broken: !done,
        },
        status,
    )
}

#[cfg(test)]
mod tests {
    use super::path_of;

    #[test]
    fn links_keep_only_the_path() {
        assert_eq!(path_of("https://forum.example/rounds/1"), "/rounds/1");
        assert_eq!(path_of("http://127.0.0.1:8080/findings/2"), "/findings/2");
        assert_eq!(path_of("https://forum.example"), "/");
    }
}
