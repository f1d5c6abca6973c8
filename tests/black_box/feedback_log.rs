//! The feedback log's work (contract, "The feedback log"): the clocks in
//! England's working days, each status change and each refusal, the
//! stage 2 rule, extensions, the Ombudsman, and the reminder before a date.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, NaiveDate, Utc};
use coforum_app::feedback::calendar::shipped;
use coforum_app::feedback::due::{reminder_due, send_due_reminders};
use coforum_domain::feedback::day_in_england;
use serde_json::{Value, json};

use crate::common::*;
use crate::feedback_support::*;
use crate::notifications::notifications_of;

async fn team(app: &TestApp) -> (Session, Session) {
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    (admin, team)
}

async fn run(app: &TestApp, who: &Session, operation: &str, variables: Value) -> Value {
    app.op(Some(&who.access_token), operation, variables).await
}

#[tokio::test]
async fn an_adult_social_care_complaint_is_acknowledged_in_3_working_days_and_answered_in_6_months() {
    let app = spawn_app().await;
    let (_, team) = team(&app).await;
    // Maundy Thursday 2026: Good Friday and Easter Monday are bank holidays.
    let input = feedback_input(
        "COMPLAINT",
        Some("ADULT_SOCIAL_CARE"),
        Some("2026-04-02T09:00:00Z"),
    );
    let item = logged(&app, &team, input).await;
    let reference = item["reference"].as_str().unwrap();
    assert!(
        reference.starts_with("FB-2026-"),
        "the year it was received: {reference}"
    );
    assert_eq!(reference.len(), "FB-2026-0001".len(), "{reference}");
    assert_eq!(
        (item["status"].as_str(), item["stage"].as_i64()),
        (Some("RECEIVED"), Some(1))
    );
    assert_eq!(item["acknowledgeBy"], "2026-04-09");
    assert_eq!(item["respondBy"], "2026-10-02");
    assert_eq!(item["themes"], json!(["care visits", "communication"]));
    let id = item["id"].as_str().unwrap();

    let acknowledged = run(&app, &team, "AcknowledgeFeedback", json!({ "id": id })).await;
    let acknowledged = &acknowledged["data"]["acknowledgeFeedback"];
    assert_eq!(acknowledged["status"], "ACKNOWLEDGED");
    assert_eq!(acknowledged["acknowledgedOnTime"], false, "months after the date");
    let again = run(&app, &team, "AcknowledgeFeedback", json!({ "id": id })).await;
    assert_code(&again, "CONFLICT");
    assert!(
        item_as(&app, &team, id).await["overdue"] == true,
        "past its respond-by date"
    );

    let answered = respond(&app, &team, id, "UPHELD").await;
    let answered = &answered["data"]["respondToFeedback"];
    assert_eq!(
        (answered["status"].as_str(), answered["outcome"].as_str()),
        (Some("RESPONDED"), Some("UPHELD"))
    );
    assert_eq!(answered["respondedOnTime"], false);
    assert_code(&respond(&app, &team, id, "NOT_UPHELD").await, "CONFLICT");
    let escalated = run(
        &app,
        &team,
        "EscalateFeedback",
        json!({ "id": id, "reason": "Unhappy" }),
    )
    .await;
    assert_code(&escalated, "CONFLICT");

    let whole = item_as(&app, &team, id).await;
    assert_eq!(whole["overdue"], false);
    assert_eq!(whole["response"], "We are sorry.");
    assert_eq!(whole["learning"], "Rotas");
    let actions: Vec<&str> = whole["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["RECEIVED", "ACKNOWLEDGED", "RESPONDED"]);
}

#[tokio::test]
async fn a_corporate_complaint_has_two_stages_answered_by_different_people() {
    let app = spawn_app().await;
    let (admin, team) = team(&app).await;
    // Friday 1 May 2026; Monday 4 May and Monday 25 May are bank holidays.
    let input = feedback_input("COMPLAINT", Some("CORPORATE"), Some("2026-05-01T09:00:00Z"));
    let item = logged(&app, &team, input).await;
    assert_eq!(item["acknowledgeBy"], "2026-05-11");
    assert_eq!(
        item["respondBy"], "2026-05-26",
        "10 working days after acknowledgeBy"
    );
    let id = item["id"].as_str().unwrap();

    let early = run(
        &app,
        &team,
        "EscalateFeedback",
        json!({ "id": id, "reason": "Unhappy" }),
    )
    .await;
    assert_code(&early, "CONFLICT");
    // Responding acknowledges too.
    let answered = respond(&app, &team, id, "NOT_UPHELD").await;
    assert_eq!(answered["data"]["respondToFeedback"]["stage"], 1, "{answered}");

    let escalated = run(
        &app,
        &team,
        "EscalateFeedback",
        json!({ "id": id, "reason": "Unhappy" }),
    )
    .await;
    let escalated = &escalated["data"]["escalateFeedback"];
    assert_eq!(
        (escalated["stage"].as_i64(), escalated["status"].as_str()),
        (Some(2), Some("ESCALATED"))
    );
    let calendar = shipped();
    let today = day_in_england(Utc::now());
    let acknowledge_by = calendar.after(today, 5);
    assert_eq!(escalated["acknowledgeBy"], acknowledge_by.to_string());
    assert_eq!(
        escalated["respondBy"],
        calendar.after(acknowledge_by, 20).to_string()
    );

    assert_code(&respond(&app, &team, id, "UPHELD").await, "CONFLICT");
    let second = respond(&app, &admin, id, "UPHELD").await;
    let second = &second["data"]["respondToFeedback"];
    assert_eq!(
        (
            second["stage"].as_i64(),
            second["status"].as_str(),
            second["outcome"].as_str()
        ),
        (Some(2), Some("RESPONDED"), Some("UPHELD"))
    );
    assert_eq!(second["respondedOnTime"], true);
    let third = run(
        &app,
        &team,
        "EscalateFeedback",
        json!({ "id": id, "reason": "Still unhappy" }),
    )
    .await;
    assert_code(&third, "CONFLICT");
}

#[tokio::test]
async fn extensions_have_their_limits() {
    let app = spawn_app().await;
    let (_, team) = team(&app).await;
    let calendar = shipped();
    let today = day_in_england(Utc::now());
    let extend = |id: &str, to: NaiveDate| json!({ "input": { "id": id, "respondBy": to.to_string(), "reason": "Agreed on the phone" } });

    let corporate = complaint(&app, &team, "CORPORATE").await;
    let due = calendar.after(calendar.after(today, 5), 10);
    let latest = calendar.after(due, 10);
    let too_far = run(
        &app,
        &team,
        "ExtendFeedback",
        extend(&corporate, latest + Duration::days(1)),
    )
    .await;
    assert_bad_input(&too_far, "respondBy");
    let not_later = run(&app, &team, "ExtendFeedback", extend(&corporate, due)).await;
    assert_bad_input(&not_later, "respondBy");
    assert_eq!(
        item_as(&app, &team, &corporate).await["respondBy"],
        due.to_string(),
        "nothing changed"
    );
    let extended = run(&app, &team, "ExtendFeedback", extend(&corporate, latest)).await;
    assert_eq!(
        extended["data"]["extendFeedback"]["respondBy"],
        latest.to_string(),
        "{extended}"
    );

    let social_care = complaint(&app, &team, "ADULT_SOCIAL_CARE").await;
    let much_later = today + Duration::days(400);
    let extended = run(&app, &team, "ExtendFeedback", extend(&social_care, much_later)).await;
    assert_eq!(
        extended["data"]["extendFeedback"]["respondBy"],
        much_later.to_string(),
        "{extended}"
    );

    let compliment = logged(&app, &team, feedback_input("COMPLIMENT", None, None)).await;
    let no_clock = run(
        &app,
        &team,
        "ExtendFeedback",
        extend(compliment["id"].as_str().unwrap(), much_later),
    )
    .await;
    assert_code(&no_clock, "CONFLICT");
    respond(&app, &team, &social_care, "UPHELD").await;
    let answered = run(
        &app,
        &team,
        "ExtendFeedback",
        extend(&social_care, much_later + Duration::days(1)),
    )
    .await;
    assert_code(&answered, "CONFLICT");
}

#[tokio::test]
async fn routes_and_outcomes_fit_the_kind() {
    let app = spawn_app().await;
    let (_, team) = team(&app).await;
    let no_route = run(
        &app,
        &team,
        "LogFeedback",
        feedback_input("COMPLAINT", None, None),
    )
    .await;
    assert_bad_input(&no_route, "route");
    let extra_route = run(
        &app,
        &team,
        "LogFeedback",
        feedback_input("SUGGESTION", Some("CORPORATE"), None),
    )
    .await;
    assert_bad_input(&extra_route, "route");
    let future = run(
        &app,
        &team,
        "LogFeedback",
        feedback_input("COMPLIMENT", None, Some("2099-01-01T00:00:00Z")),
    )
    .await;
    assert_bad_input(&future, "receivedAt");
    let log = app.ok(Some(&team.access_token), "FeedbackLog", json!({})).await;
    assert_eq!(log["feedbackLog"]["totalCount"], 0, "nothing was logged");

    let compliment = logged(&app, &team, feedback_input("COMPLIMENT", None, None)).await;
    assert!(
        compliment["acknowledgeBy"].is_null()
            && compliment["respondBy"].is_null()
            && compliment["route"].is_null()
    );
    let id = compliment["id"].as_str().unwrap();
    assert_bad_input(&respond(&app, &team, id, "UPHELD").await, "outcome");
    let closed = respond(&app, &team, id, "RESOLVED").await;
    assert_eq!(closed["data"]["respondToFeedback"]["status"], "CLOSED");

    let complaint_id = complaint(&app, &team, "CORPORATE").await;
    assert_bad_input(&respond(&app, &team, &complaint_id, "RESOLVED").await, "outcome");
    let withdrawn = respond(&app, &team, &complaint_id, "WITHDRAWN").await;
    assert_eq!(withdrawn["data"]["respondToFeedback"]["status"], "WITHDRAWN");
}

#[tokio::test]
async fn items_are_assigned_to_the_complaints_team_only() {
    let app = spawn_app().await;
    let (admin, team) = team(&app).await;
    let officer = app.officer(&admin).await;
    let id = complaint(&app, &officer, "ADULT_SOCIAL_CARE").await;
    let to_officer = run(
        &app,
        &team,
        "AssignFeedback",
        json!({ "id": id, "handlerId": officer.user_id }),
    )
    .await;
    assert_bad_input(&to_officer, "handlerId");
    let assigned = run(
        &app,
        &team,
        "AssignFeedback",
        json!({ "id": id, "handlerId": team.user_id }),
    )
    .await;
    assert_eq!(
        assigned["data"]["assignFeedback"]["handler"]["id"],
        team.user_id.as_str()
    );
    let whole = item_as(&app, &team, &id).await;
    assert_eq!(whole["handler"]["displayName"], "Complaints officer");
    let history = whole["history"].as_array().unwrap();
    assert_eq!(history[0]["action"], "RECEIVED");
    assert_eq!(history[0]["actor"]["displayName"], "Officer");
    assert_eq!(history[1]["action"], "ASSIGNED");
    let unknown = run(
        &app,
        &team,
        "AcknowledgeFeedback",
        json!({ "id": uuid::Uuid::now_v7().to_string() }),
    )
    .await;
    assert_code(&unknown, "NOT_FOUND");
}

#[tokio::test]
async fn ombudsman_referrals_track_each_remedy_to_done() {
    let app = spawn_app().await;
    let (_, team) = team(&app).await;
    let compliment = logged(&app, &team, feedback_input("COMPLIMENT", None, None)).await;
    let refer = |id: &str, remedies: Value| json!({ "input": { "id": id, "referredAt": Utc::now().to_rfc3339(), "outcome": "UPHELD", "remedies": remedies } });
    let refused = run(
        &app,
        &team,
        "RecordOmbudsman",
        refer(compliment["id"].as_str().unwrap(), json!([])),
    )
    .await;
    assert_code(&refused, "CONFLICT");

    let id = complaint(&app, &team, "ADULT_SOCIAL_CARE").await;
    let referred = run(
        &app,
        &team,
        "RecordOmbudsman",
        refer(&id, json!(["Apologise", "Pay £150"])),
    )
    .await;
    let ombudsman = &referred["data"]["recordOmbudsman"]["ombudsman"];
    assert_eq!(ombudsman["outcome"], "UPHELD", "{referred}");
    let remedies = ombudsman["remedies"].as_array().unwrap();
    assert_eq!(remedies.len(), 2);
    assert!(remedies[0]["doneAt"].is_null());
    let first = remedies[0]["id"].as_str().unwrap();
    let done = run(&app, &team, "CompleteRemedy", json!({ "id": first })).await;
    assert!(done["data"]["completeRemedy"]["doneAt"].is_string(), "{done}");
    assert_code(
        &run(&app, &team, "CompleteRemedy", json!({ "id": first })).await,
        "CONFLICT",
    );
    let future = json!({ "input": { "id": id, "referredAt": "2099-01-01T00:00:00Z" } });
    assert_bad_input(&run(&app, &team, "RecordOmbudsman", future).await, "referredAt");
}

#[tokio::test]
async fn anyone_may_tell_the_council_ten_times_a_minute() {
    let app = spawn_app().await;
    let (_, team) = team(&app).await;
    let tell = json!({ "input": { "kind": "COMPLAINT", "summary": "Nobody called me back", "contact": "0161 496 0000" } });
    let first = app.ok(None, "SubmitFeedback", tell.clone()).await;
    let reference = first["submitFeedback"]["reference"].as_str().unwrap().to_owned();
    for _ in 1..10 {
        app.ok(None, "SubmitFeedback", tell.clone()).await;
    }
    let eleventh = app.op(None, "SubmitFeedback", tell).await;
    assert_code(&eleventh, "RATE_LIMITED");
    let log = app
        .ok(Some(&team.access_token), "FeedbackLog", json!({ "first": 100 }))
        .await;
    assert_eq!(log["feedbackLog"]["totalCount"], 10);
    let submitted = log["feedbackLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["reference"] == reference.as_str())
        .unwrap();
    let whole = item_as(&app, &team, submitted["node"]["id"].as_str().unwrap()).await;
    assert_eq!(
        (whole["route"].as_str(), whole["channel"].as_str()),
        (Some("ADULT_SOCIAL_CARE"), Some("WEB"))
    );
    assert_eq!(whole["contact"], "0161 496 0000");
    assert!(whole["history"][0]["actor"].is_null());
}

#[tokio::test]
async fn the_log_filters_and_pages() {
    let app = spawn_app().await;
    let (_, team) = team(&app).await;
    let late = logged(
        &app,
        &team,
        feedback_input("COMPLAINT", Some("CORPORATE"), Some("2025-01-06T10:00:00Z")),
    )
    .await;
    for _ in 0..3 {
        complaint(&app, &team, "ADULT_SOCIAL_CARE").await;
    }
    logged(&app, &team, feedback_input("COMPLIMENT", None, None)).await;
    let overdue = app
        .ok(
            Some(&team.access_token),
            "FeedbackLog",
            json!({ "filter": { "overdue": true } }),
        )
        .await;
    assert_eq!(overdue["feedbackLog"]["totalCount"], 1);
    assert_eq!(overdue["feedbackLog"]["edges"][0]["node"]["id"], late["id"]);
    let kind = app
        .ok(
            Some(&team.access_token),
            "FeedbackLog",
            json!({ "filter": { "kind": "COMPLIMENT" } }),
        )
        .await;
    assert_eq!(kind["feedbackLog"]["totalCount"], 1);
    let themed = app
        .ok(
            Some(&team.access_token),
            "FeedbackLog",
            json!({ "filter": { "theme": "Care Visits" } }),
        )
        .await;
    assert_eq!(themed["feedbackLog"]["totalCount"], 5);

    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app
            .ok(
                Some(&team.access_token),
                "FeedbackLog",
                json!({ "first": 2, "after": after }),
            )
            .await;
        let page = &page["feedbackLog"];
        for edge in page["edges"].as_array().unwrap() {
            seen.push(edge["node"]["id"].as_str().unwrap().to_owned());
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen.len(), 5);
    assert_eq!(seen.last().unwrap(), late["id"].as_str().unwrap(), "oldest last");
    let bad = app
        .op(
            Some(&team.access_token),
            "FeedbackLog",
            json!({ "after": "garbage" }),
        )
        .await;
    assert_bad_input(&bad, "after");
}

#[tokio::test]
async fn the_handler_hears_one_working_day_before_a_date() {
    let app = spawn_app().await;
    let (admin, team) = team(&app).await;
    let other = app.complaints_team(&admin).await;
    let calendar = shipped();
    let today = day_in_england(Utc::now());
    // A day received whose acknowledgement is due the next working day.
    let received = (0..15)
        .map(|back| today - Duration::days(back))
        .find(|&day| reminder_due(&calendar, calendar.after(day, 3), today))
        .unwrap();
    let at = format!("{received}T12:00:00Z");
    let item = logged(
        &app,
        &admin,
        feedback_input("COMPLAINT", Some("ADULT_SOCIAL_CARE"), Some(&at)),
    )
    .await;
    let id = item["id"].as_str().unwrap();
    run(
        &app,
        &admin,
        "AssignFeedback",
        json!({ "id": id, "handlerId": team.user_id }),
    )
    .await;

    // The server's own timer may get there first: either way, once.
    send_due_reminders(&app.state).await.unwrap();
    assert_eq!(send_due_reminders(&app.state).await.unwrap(), 0, "once only");
    let told = notifications_of(&app, &team).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["kind"], "FEEDBACK_DUE");
    assert!(
        told[0]["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/feedback/{id}")),
        "{told:?}"
    );
    assert!(
        !told[0]["title"].as_str().unwrap().contains("Ada"),
        "nothing personal: {told:?}"
    );
    assert!(
        notifications_of(&app, &other).await.is_empty(),
        "only the handler"
    );
}
