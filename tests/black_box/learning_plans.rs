//! Learning plans (contract, "Learning plans"): actions on agreed
//! improvements, who may add and update them, the states that refuse, the
//! plan as members and officers read it, owners told a working day before,
//! and safeguarding review findings' answers with their report.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, NaiveDate, Utc};
use coforum_app::feedback::calendar::shipped;
use coforum_app::learning::due::send_action_reminders;
use coforum_domain::feedback::day_in_england;
use coforum_persistence::ConnectionTrait;
use serde_json::{Value, json};

use crate::co_design::{agreed, draft, new_finding, stage};
use crate::common::*;
use crate::notifications::notifications_of;
use crate::support::{added, finding_input, with};

fn today() -> NaiveDate {
    day_in_england(Utc::now())
}

fn action(improvement: &str, title: &str, owner: Option<&str>, due: NaiveDate) -> Value {
    json!({ "input": { "improvementId": improvement, "title": title, "ownerId": owner, "dueOn": due.to_string() } })
}

async fn add(app: &TestApp, who: &Session, input: Value) -> Value {
    app.op(Some(&who.access_token), "AddAction", input).await
}

fn update(id: &str, status: &str, note: Option<&str>) -> Value {
    json!({ "input": { "id": id, "status": status, "note": note } })
}

#[tokio::test]
async fn agreed_improvements_get_actions_from_those_allowed() {
    let app = spawn_app().await;
    let st = stage(&app, "plans", 2).await;
    let (fac, sam) = (&st.s.facilitator, &st.s.members[0]);
    let other = stage(&app, "elsewhere", 1).await;
    let officer = app.officer(&st.s.admin).await;
    let improvement = agreed(&app, &st).await;
    let week = today() + Duration::days(7);

    let member_tries = add(&app, sam, action(&improvement, "Draft the letter", None, week)).await;
    assert_code(&member_tries, "FORBIDDEN");
    let undrafted = draft(&app, &st).await;
    assert_code(
        &add(&app, fac, action(&undrafted, "Too soon", None, week)).await,
        "CONFLICT",
    );
    let past = add(
        &app,
        fac,
        action(&improvement, "Draft it", None, today() - Duration::days(1)),
    )
    .await;
    assert_bad_input(&past, "dueOn");
    assert_bad_input(
        &add(&app, fac, action(&improvement, "Do", None, week)).await,
        "title",
    );
    let stranger = &other.s.members[0].user_id;
    let outsider = add(&app, fac, action(&improvement, "Check it", Some(stranger), week)).await;
    assert_bad_input(&outsider, "ownerId");

    let first = add(
        &app,
        fac,
        action(&improvement, "Test with the group", Some(&sam.user_id), week),
    )
    .await;
    let first = &first["data"]["addAction"];
    assert_eq!(
        (first["status"].as_str(), first["overdue"].as_bool()),
        (Some("NOT_STARTED"), Some(false))
    );
    assert_eq!(first["owner"]["id"], sam.user_id.as_str());
    assert_eq!(first["dueOn"], week.to_string());
    let officer_adds = add(
        &app,
        &officer,
        action(&improvement, "Agree the budget", Some(&officer.user_id), today()),
    )
    .await;
    assert!(officer_adds.get("errors").is_none(), "{officer_adds}");
    add(
        &app,
        &st.s.admin,
        action(&improvement, "Another on the same day", None, week),
    )
    .await;

    let plan = app
        .ok(
            Some(&sam.access_token),
            "LearningPlan",
            json!({ "forumId": st.s.forum_id }),
        )
        .await;
    let plan = plan["learningPlan"].as_array().unwrap();
    assert_eq!(plan.len(), 1, "only improvements with actions: {plan:?}");
    assert_eq!(plan[0]["improvement"]["id"], improvement.as_str());
    assert_eq!(plan[0]["findings"][0]["id"], st.finding.as_str());
    let titles: Vec<&str> = plan[0]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Agree the budget",
            "Another on the same day",
            "Test with the group"
        ]
    );
    let outsider_reads = app
        .op(
            Some(&other.s.members[0].access_token),
            "LearningPlan",
            json!({ "forumId": st.s.forum_id }),
        )
        .await;
    assert_code(&outsider_reads, "FORBIDDEN");
    let everything = app
        .ok(Some(&officer.access_token), "LearningPlan", json!({}))
        .await;
    assert_eq!(everything["learningPlan"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn owners_update_their_actions_and_finished_ones_stay_finished() {
    let app = spawn_app().await;
    let st = stage(&app, "updates", 2).await;
    let (fac, sam, kim) = (&st.s.facilitator, &st.s.members[0], &st.s.members[1]);
    let improvement = agreed(&app, &st).await;
    let week = today() + Duration::days(7);
    let added_action = add(
        &app,
        fac,
        action(&improvement, "Test with the group", Some(&sam.user_id), week),
    )
    .await;
    let id = added_action["data"]["addAction"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let dropped = app
        .op(
            Some(&sam.access_token),
            "UpdateAction",
            update(&id, "DROPPED", None),
        )
        .await;
    assert_bad_input(&dropped, "note");
    let not_owner = app
        .op(
            Some(&kim.access_token),
            "UpdateAction",
            update(&id, "IN_PROGRESS", None),
        )
        .await;
    assert_code(&not_owner, "FORBIDDEN");
    let started = app
        .ok(
            Some(&sam.access_token),
            "UpdateAction",
            update(&id, "IN_PROGRESS", None),
        )
        .await;
    assert_eq!(started["updateAction"]["status"], "IN_PROGRESS");
    let done = app
        .ok(Some(&sam.access_token), "UpdateAction", update(&id, "DONE", None))
        .await;
    assert_eq!(done["updateAction"]["doneOn"], today().to_string());
    let again = app
        .op(
            Some(&fac.access_token),
            "UpdateAction",
            update(&id, "DROPPED", Some("Changed our minds")),
        )
        .await;
    assert_code(&again, "CONFLICT");

    let second = add(&app, fac, action(&improvement, "Print it", None, week)).await;
    let second = second["data"]["addAction"]["id"].as_str().unwrap().to_owned();
    let dropped = app
        .ok(
            Some(&fac.access_token),
            "UpdateAction",
            update(&second, "DROPPED", Some("No budget")),
        )
        .await;
    assert_eq!(
        (
            dropped["updateAction"]["status"].as_str(),
            dropped["updateAction"]["note"].as_str()
        ),
        (Some("DROPPED"), Some("No budget"))
    );
}

#[tokio::test]
async fn a_late_action_is_overdue_and_its_owner_is_told_the_working_day_before() {
    let app = spawn_app().await;
    let st = stage(&app, "reminders", 1).await;
    let (fac, sam) = (&st.s.facilitator, &st.s.members[0]);
    let improvement = agreed(&app, &st).await;
    let due = shipped().after(today(), 1);
    let soon = add(
        &app,
        fac,
        action(&improvement, "Send the letters", Some(&sam.user_id), due),
    )
    .await;
    assert!(soon.get("errors").is_none(), "{soon}");
    let later = add(
        &app,
        fac,
        action(
            &improvement,
            "Review them",
            Some(&sam.user_id),
            due + Duration::days(30),
        ),
    )
    .await;
    assert!(later.get("errors").is_none(), "{later}");

    // The server's own timer may get there first: either way, once.
    send_action_reminders(&app.state).await.unwrap();
    assert_eq!(send_action_reminders(&app.state).await.unwrap(), 0, "once only");
    let told: Vec<Value> = notifications_of(&app, sam)
        .await
        .into_iter()
        .filter(|n| n["kind"] == "ACTION_DUE")
        .collect();
    assert_eq!(told.len(), 1, "only the action due next: {told:?}");
    assert!(
        told[0]["title"].as_str().unwrap().contains("Send the letters"),
        "{told:?}"
    );
    assert!(
        told[0]["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/improvements/{improvement}"))
    );

    // A week later, still not done: overdue.
    let sql = format!(
        "UPDATE improvement_actions SET due_on = '{}' WHERE title = 'Send the letters'",
        today() - Duration::days(7)
    );
    app.state.db.conn().execute_unprepared(&sql).await.unwrap();
    let plan = app
        .ok(
            Some(&sam.access_token),
            "LearningPlan",
            json!({ "forumId": st.s.forum_id }),
        )
        .await;
    let actions = plan["learningPlan"][0]["actions"].as_array().unwrap();
    assert_eq!(actions[0]["overdue"], true, "{actions:?}");
    assert_eq!(actions[1]["overdue"], false);
}

#[tokio::test]
async fn safeguarding_findings_get_an_answer_and_the_board_its_report() {
    let app = spawn_app().await;
    let st = stage(&app, "safeguarding", 1).await;
    let (fac, sam) = (&st.s.facilitator, &st.s.members[0]);
    let officer = app.officer(&st.s.admin).await;
    let review = |title: &str, at: &str| {
        with(
            finding_input(&st.s.forum_id, title),
            json!({ "source": "SAFEGUARDING_REVIEW", "receivedAt": at }),
        )
    };
    let mut ids = Vec::new();
    for (title, at) in [
        (
            "Specialist training for deaf/blind assessors",
            "2025-05-01T10:00:00Z",
        ),
        ("Share information with the GP", "2025-09-01T10:00:00Z"),
        ("Check on carers after discharge", "2025-12-01T10:00:00Z"),
        ("Outside the year", "2026-04-02T10:00:00Z"),
    ] {
        ids.push(
            added(&app, &fac.access_token, review(title, at)).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let answer = |id: &str, response: &str, reason: Option<&str>| json!({ "findingId": id, "response": response, "reason": reason });
    let audit = new_finding(&app, fac, &st.s.forum_id, "An audit finding").await;
    let wrong = app
        .op(
            Some(&officer.access_token),
            "RespondToFinding",
            answer(&audit, "IMPLEMENTED", None),
        )
        .await;
    assert_bad_input(&wrong, "findingId");
    let bare = app
        .op(
            Some(&officer.access_token),
            "RespondToFinding",
            answer(&ids[1], "NOT_IMPLEMENTED", None),
        )
        .await;
    assert_bad_input(&bare, "reason");
    let member = app
        .op(
            Some(&sam.access_token),
            "RespondToFinding",
            answer(&ids[0], "IMPLEMENTED", None),
        )
        .await;
    assert_code(&member, "FORBIDDEN");
    app.ok(
        Some(&officer.access_token),
        "RespondToFinding",
        answer(&ids[0], "IN_HAND", None),
    )
    .await;
    let final_answer = app
        .ok(
            Some(&officer.access_token),
            "RespondToFinding",
            answer(&ids[0], "IMPLEMENTED", None),
        )
        .await;
    assert_eq!(final_answer["respondToFinding"]["response"], "IMPLEMENTED");
    let reason = "The GP practices use a different system; we ask by phone instead.";
    let not_done = app
        .ok(
            Some(&officer.access_token),
            "RespondToFinding",
            answer(&ids[1], "NOT_IMPLEMENTED", Some(reason)),
        )
        .await;
    assert_eq!(not_done["respondToFinding"]["responseReason"], reason);

    let year = json!({ "from": "2025-03-31T23:00:00Z", "to": "2026-03-31T23:00:00Z" });
    let token = crate::support::api_token(&app, &officer).await;
    let data = app.ok(Some(&token), "SafeguardingReport", year.clone()).await;
    let report = &data["safeguardingReport"];
    let counts: Vec<i64> = ["implemented", "inHand", "notImplemented", "noResponse"]
        .iter()
        .map(|f| report[*f].as_i64().unwrap())
        .collect();
    assert_eq!(counts, [1, 0, 1, 1], "by the latest answer: {report}");
    let titles: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert_eq!(report["findings"][1]["responseReason"], reason);
    assert_code(
        &app.op(Some(&sam.access_token), "SafeguardingReport", year).await,
        "FORBIDDEN",
    );
}
