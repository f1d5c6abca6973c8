//! What the feedback log's tests share: logging an item and working it.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;

/// The input of `logFeedback` for a complaint on `route` (or, with no
/// route, for `kind`), received at `received_at` if given.
pub fn feedback_input(kind: &str, route: Option<&str>, received_at: Option<&str>) -> Value {
    json!({ "input": {
        "kind": kind,
        "route": route,
        "channel": "PHONE",
        "receivedAt": received_at,
        "summary": "Carers came late three times this month",
        "details": "Mrs Ada Lovelace rang to say the carers came two hours late.",
        "themes": ["Care visits", "communication"],
        "service": "Home care",
        "personName": "Ada Lovelace",
        "contact": "ada@example.org",
        "adjustments": "Large print letters, please",
    } })
}

/// Logs an item as `who`; answers the item.
pub async fn logged(app: &TestApp, who: &Session, input: Value) -> Value {
    let data = app.ok(Some(&who.access_token), "LogFeedback", input).await;
    data["logFeedback"].clone()
}

/// Logs a complaint on `route` as `who`; answers its id.
pub async fn complaint(app: &TestApp, who: &Session, route: &str) -> String {
    let item = logged(app, who, feedback_input("COMPLAINT", Some(route), None)).await;
    item["id"].as_str().unwrap().to_owned()
}

/// The whole item as `who` sees it.
pub async fn item_as(app: &TestApp, who: &Session, id: &str) -> Value {
    let data = app
        .ok(Some(&who.access_token), "FeedbackItem", json!({ "id": id }))
        .await;
    data["feedbackItem"].clone()
}

pub async fn respond(app: &TestApp, who: &Session, id: &str, outcome: &str) -> Value {
    app.op(
        Some(&who.access_token),
        "RespondToFeedback",
        json!({ "input": { "id": id, "outcome": outcome, "response": "We are sorry.", "learning": "Rotas" } }),
    )
    .await
}
