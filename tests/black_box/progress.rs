//! Officers recording progress on agreed improvements (`RecordProgress`).
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::co_design::*;
use crate::common::*;
use crate::support::*;

/// What a refused report must leave as it was.
async fn progress_state(app: &TestApp, who: &Session, id: &str) -> (Value, Value) {
    let read = full(app, who, id).await;
    (read["status"].clone(), read["progress"].clone())
}

#[tokio::test]
async fn officers_and_admins_record_progress_until_delivered() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = agreed(&app, &st).await;
    let officer = app.officer(&st.s.admin).await;
    let steps = [
        (&officer, "Template drafted", 40, "IN_PROGRESS"),
        (&st.s.admin, "Tested with members", 0, "IN_PROGRESS"),
        (&officer, "Printing", 99, "IN_PROGRESS"),
        (&officer, "Every letter now in easy read", 100, "DELIVERED"),
    ];
    for (i, (who, note, percent, status)) in steps.iter().enumerate() {
        let result = recorded(&app, who, report(&id, note, *percent, status)).await;
        assert_eq!(result["id"], id.as_str());
        assert_eq!(result["status"], *status);
        let history = result["progress"].as_array().unwrap();
        assert_eq!(history.len(), i + 1, "{result}");
        let last = &history[i];
        assert_eq!(last["note"], *note);
        assert_eq!(last["percentComplete"], *percent);
        assert_eq!(last["status"], *status);
        assert_eq!(last["author"]["id"], who.user_id.as_str());
        assert_about_from_now(&last["createdAt"], chrono::Duration::zero());
    }
    let read = full(&app, &st.s.members[0], &id).await;
    assert_eq!(read["status"], "DELIVERED");
    let history: Vec<Value> = read["progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!([p["note"], p["percentComplete"], p["status"]]))
        .collect();
    assert_eq!(
        history,
        vec![
            json!(["Template drafted", 40, "IN_PROGRESS"]),
            json!(["Tested with members", 0, "IN_PROGRESS"]),
            json!(["Printing", 99, "IN_PROGRESS"]),
            json!(["Every letter now in easy read", 100, "DELIVERED"]),
        ]
    );
    let times: Vec<_> = read["progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| time(&p["createdAt"]))
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
}

#[tokio::test]
async fn an_agreed_improvement_may_be_delivered_at_once() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = agreed(&app, &st).await;
    let officer = app.officer(&st.s.admin).await;
    let result = recorded(&app, &officer, report(&id, "Done", 100, "DELIVERED")).await;
    assert_eq!(result["status"], "DELIVERED");
    assert_eq!(result["progress"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn members_facilitators_and_api_tokens_record_no_progress() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = agreed(&app, &st).await;
    let officer = app.officer(&st.s.admin).await;
    let token = api_token(&app, &officer).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let before = progress_state(&app, &officer, &id).await;
    assert_eq!(before, (json!("AGREED"), json!([])));
    let input = report(&id, "Started", 10, "IN_PROGRESS");
    for (who, code) in [
        (Some(st.s.members[0].access_token.as_str()), "FORBIDDEN"),
        (Some(st.s.facilitator.access_token.as_str()), "FORBIDDEN"),
        (Some(token.as_str()), "FORBIDDEN"),
        (Some(outsider.access_token.as_str()), "NOT_FOUND"),
        (None, "UNAUTHENTICATED"),
    ] {
        assert_code(&record(&app, who, input.clone()).await, code);
    }
    assert_eq!(progress_state(&app, &officer, &id).await, before);
}

#[tokio::test]
async fn a_progress_report_is_checked() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = agreed(&app, &st).await;
    let officer = app.officer(&st.s.admin).await;
    recorded(&app, &officer, report(&id, "Started", 10, "IN_PROGRESS")).await;
    let before = progress_state(&app, &officer, &id).await;
    for (input, field) in [
        (report(&id, "Too much", 101, "IN_PROGRESS"), "percentComplete"),
        (report(&id, "Negative", -1, "IN_PROGRESS"), "percentComplete"),
        (report(&id, "Nearly", 90, "DELIVERED"), "percentComplete"),
        (report(&id, "All done", 100, "IN_PROGRESS"), "status"),
        (report(&id, "Backwards", 50, "DRAFT"), "status"),
        (report(&id, "Sideways", 50, "AGREED"), "status"),
        (report(&id, "Deciding", 50, "IN_DECISION"), "status"),
        (report(&id, "   ", 50, "IN_PROGRESS"), "note"),
        (report(&id, "", 50, "IN_PROGRESS"), "note"),
    ] {
        let body = record(&app, Some(&officer.access_token), input.clone()).await;
        assert_bad_input(&body, field);
    }
    assert_eq!(progress_state(&app, &officer, &id).await, before);
    let unknown = report("00000000-0000-7000-8000-000000000000", "x", 10, "IN_PROGRESS");
    assert_code(
        &record(&app, Some(&officer.access_token), unknown).await,
        "NOT_FOUND",
    );
}

#[tokio::test]
async fn progress_is_recorded_only_on_agreed_improvements() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let officer = app.officer(&st.s.admin).await;
    let draft_id = draft(&app, &st).await;
    let deciding = draft(&app, &st).await;
    opened(&app, &st.s.facilitator, &deciding, "MAJORITY", 0.5).await;
    for (id, status) in [(&draft_id, "DRAFT"), (&deciding, "IN_DECISION")] {
        for input in [
            report(id, "Started", 10, "IN_PROGRESS"),
            report(id, "Done", 100, "DELIVERED"),
        ] {
            let body = record(&app, Some(&officer.access_token), input).await;
            assert_code(&body, "CONFLICT");
        }
        assert_eq!(
            progress_state(&app, &officer, id).await,
            (json!(status), json!([]))
        );
    }
}

#[tokio::test]
async fn delivered_never_goes_back_but_may_take_a_further_note() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = agreed(&app, &st).await;
    let officer = app.officer(&st.s.admin).await;
    recorded(&app, &officer, report(&id, "Delivered", 100, "DELIVERED")).await;
    let before = progress_state(&app, &officer, &id).await;
    let body = record(
        &app,
        Some(&officer.access_token),
        report(&id, "Reopened", 60, "IN_PROGRESS"),
    )
    .await;
    assert_code(&body, "CONFLICT");
    assert_eq!(progress_state(&app, &officer, &id).await, before);

    let result = recorded(
        &app,
        &officer,
        report(&id, "Members say it works", 100, "DELIVERED"),
    )
    .await;
    assert_eq!(result["status"], "DELIVERED");
    let notes: Vec<&Value> = result["progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["note"])
        .collect();
    assert_eq!(notes, [&json!("Delivered"), &json!("Members say it works")]);
}
