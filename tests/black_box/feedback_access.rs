//! Who reads what of the feedback log: personal details (name, contact,
//! adjustments, details, response) go to the complaints team and admins
//! only; an officer reads the items they logged, without them; the report
//! holds nothing personal.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use crate::common::*;
use crate::feedback_support::*;

const PERSONAL: [&str; 5] = ["personName", "contact", "adjustments", "details", "response"];

#[tokio::test]
async fn personal_details_are_shown_to_the_complaints_team_and_admins_only() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let officer = app.officer(&admin).await;
    let other_officer = app.officer(&admin).await;
    let forum = app.forum(&admin, "access").await;
    let member = app.member(&admin, &forum, "FACILITATOR").await;
    let token = crate::support::api_token(&app, &officer).await;

    let id = complaint(&app, &officer, "ADULT_SOCIAL_CARE").await;
    respond(&app, &team, &id, "UPHELD").await;

    for whole in [item_as(&app, &team, &id).await, item_as(&app, &admin, &id).await] {
        assert_eq!(whole["personName"], "Ada Lovelace");
        assert_eq!(whole["response"], "We are sorry.");
    }
    let own = item_as(&app, &officer, &id).await;
    assert_eq!(own["summary"], "Carers came late three times this month");
    for field in PERSONAL {
        assert!(
            own[field].is_null(),
            "{field} shown to the officer who logged it: {own}"
        );
    }
    for stranger in [&other_officer.access_token, &member.access_token, &token] {
        let body = app.op(Some(stranger), "FeedbackItem", json!({ "id": id })).await;
        assert_code(&body, "NOT_FOUND");
    }
    let officers_log = app
        .ok(Some(&other_officer.access_token), "FeedbackLog", json!({}))
        .await;
    assert_eq!(
        officers_log["feedbackLog"]["totalCount"], 0,
        "only what they logged"
    );
    let own_log = app
        .ok(Some(&officer.access_token), "FeedbackLog", json!({}))
        .await;
    assert_eq!(own_log["feedbackLog"]["totalCount"], 1);

    // Nothing personal in the report, whoever asks, nor in the log's answer.
    let period = json!({ "from": "2020-01-01T00:00:00Z", "to": "2031-01-01T00:00:00Z" });
    for asker in [&token, &officer.access_token, &team.access_token] {
        let report = app.ok(Some(asker), "FeedbackReport", period.clone()).await;
        let text = report.to_string();
        for secret in ["Ada", "ada@example.org", "Large print", "two hours late", "sorry"] {
            assert!(!text.contains(secret), "{secret} in the report: {text}");
        }
        assert_eq!(report["feedbackReport"]["complaints"]["received"], 1);
    }
    let member_report = app.op(Some(&member.access_token), "FeedbackReport", period).await;
    assert_code(&member_report, "FORBIDDEN");
}

#[tokio::test]
async fn an_officer_may_log_but_not_work_an_item() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let id = complaint(&app, &officer, "CORPORATE").await;
    let body = app
        .op(
            Some(&officer.access_token),
            "AcknowledgeFeedback",
            json!({ "id": id }),
        )
        .await;
    assert_code(&body, "FORBIDDEN");
    let body = respond(&app, &officer, &id, "UPHELD").await;
    assert_code(&body, "FORBIDDEN");
    assert_eq!(
        item_as(&app, &admin, &id).await["status"],
        "RECEIVED",
        "nothing changed"
    );
}

#[tokio::test]
async fn my_data_holds_the_feedback_i_gave_but_not_others_details_i_logged() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let person = app.register("teller@example.org", "Teller").await;
    let told = json!({ "input": { "kind": "SUGGESTION", "summary": "A bench by the bus stop", "contact": "teller@example.org" } });
    let receipt = app.ok(Some(&person.access_token), "SubmitFeedback", told).await;
    complaint(&app, &officer, "CORPORATE").await;

    let mine = app
        .ok(Some(&person.access_token), "ExportMyData", json!({}))
        .await;
    let feedback = mine["myData"]["feedback"].as_array().unwrap();
    assert_eq!(feedback.len(), 1, "{mine}");
    assert_eq!(feedback[0]["reference"], receipt["submitFeedback"]["reference"]);
    assert_eq!(feedback[0]["contact"], "teller@example.org");

    let officers = app
        .ok(Some(&officer.access_token), "ExportMyData", json!({}))
        .await;
    let logged = officers["myData"]["feedback"].as_array().unwrap();
    assert_eq!(logged.len(), 1, "{officers}");
    assert_eq!(logged[0]["summary"], "Carers came late three times this month");
    assert!(
        logged[0].get("personName").is_none(),
        "not the officer's own details: {officers}"
    );
}
