//! `feedbackReport` on a known set of items, and `raiseFinding`: feedback
//! becomes a finding for a forum in words that name nobody.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::common::*;
use crate::feedback_support::*;

async fn log_at(
    app: &TestApp,
    who: &Session,
    kind: &str,
    route: Option<&str>,
    at: &str,
    themes: &[&str],
) -> String {
    let mut input = feedback_input(kind, route, Some(at));
    input["input"]["themes"] = json!(themes);
    logged(app, who, input).await["id"].as_str().unwrap().to_owned()
}

fn count_of(report: &Value, kind: &str) -> i64 {
    let found = report["received"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind)
        .unwrap();
    found["count"].as_i64().unwrap()
}

#[tokio::test]
async fn the_report_counts_a_known_year() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let asc = Some("ADULT_SOCIAL_CARE");
    let upheld = log_at(
        &app,
        &team,
        "COMPLAINT",
        asc,
        "2023-05-10T10:00:00Z",
        &["care visits"],
    )
    .await;
    let partly = log_at(
        &app,
        &team,
        "COMPLAINT",
        asc,
        "2023-05-20T10:00:00Z",
        &["care visits", "money"],
    )
    .await;
    let not = log_at(&app, &team, "COMPLAINT", asc, "2023-11-02T10:00:00Z", &["money"]).await;
    log_at(
        &app,
        &team,
        "COMPLAINT",
        Some("CORPORATE"),
        "2024-03-29T10:00:00Z",
        &["parking"],
    )
    .await;
    log_at(
        &app,
        &team,
        "COMPLIMENT",
        None,
        "2023-06-01T10:00:00Z",
        &["care visits"],
    )
    .await;
    log_at(&app, &team, "SERVICE_REQUEST", None, "2023-07-01T10:00:00Z", &[]).await;
    // Outside the year: 31 March 2023, and 1 April 2024 at 00:30 BST.
    log_at(&app, &team, "COMPLAINT", asc, "2023-03-31T10:00:00Z", &["money"]).await;
    log_at(&app, &team, "COMPLAINT", asc, "2024-03-31T23:30:00Z", &["money"]).await;
    for (id, outcome) in [
        (&upheld, "UPHELD"),
        (&partly, "PARTLY_UPHELD"),
        (&not, "NOT_UPHELD"),
    ] {
        respond(&app, &team, id, outcome).await;
    }
    let referral = json!({ "input": {
        "id": upheld, "referredAt": "2024-01-15T10:00:00Z", "outcome": "UPHELD",
        "remedies": ["Apologise", "Review the rota"],
    } });
    let referred = app
        .ok(Some(&team.access_token), "RecordOmbudsman", referral)
        .await;
    let remedy = referred["recordOmbudsman"]["ombudsman"]["remedies"][0]["id"].clone();
    app.ok(
        Some(&team.access_token),
        "CompleteRemedy",
        json!({ "id": remedy }),
    )
    .await;

    // The regulations' year, 1 April to 31 March, in England.
    let year = json!({ "from": "2023-03-31T23:00:00Z", "to": "2024-03-31T23:00:00Z" });
    let data = app.ok(Some(&team.access_token), "FeedbackReport", year).await;
    let report = &data["feedbackReport"];
    assert_eq!(
        [
            count_of(report, "COMPLAINT"),
            count_of(report, "SERVICE_REQUEST"),
            count_of(report, "COMPLIMENT"),
            count_of(report, "SUGGESTION")
        ],
        [4, 1, 1, 0]
    );
    let c = &report["complaints"];
    let figures: Vec<i64> = [
        "received",
        "wellFounded",
        "upheld",
        "partlyUpheld",
        "notUpheld",
        "acknowledgedOnTime",
        "respondedOnTime",
        "overdueNow",
        "referredToOmbudsman",
        "ombudsmanUpheld",
        "remediesDue",
        "remediesDone",
    ]
    .iter()
    .map(|f| c[*f].as_i64().unwrap())
    .collect();
    // Answered years late: neither acknowledged nor responded on time; the
    // unanswered corporate complaint is overdue now.
    assert_eq!(figures, [4, 2, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1], "{c}");
    assert_eq!(
        report["themes"],
        json!([
            { "theme": "care visits", "count": 3, "complaints": 2, "wellFounded": 2 },
            { "theme": "money", "count": 2, "complaints": 2, "wellFounded": 1 },
            { "theme": "parking", "count": 1, "complaints": 1, "wellFounded": 0 },
        ])
    );
    let months = report["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(months[0], json!({ "period": "2023-04", "count": 0 }));
    assert_eq!(months[1], json!({ "period": "2023-05", "count": 2 }));
    assert_eq!(months[11], json!({ "period": "2024-03", "count": 1 }));
    let total: i64 = months.iter().map(|m| m["count"].as_i64().unwrap()).sum();
    assert_eq!(total, 6);
}

#[tokio::test]
async fn answered_on_time_counts_as_on_time() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let id = complaint(&app, &team, "CORPORATE").await;
    app.ok(
        Some(&team.access_token),
        "AcknowledgeFeedback",
        json!({ "id": id }),
    )
    .await;
    respond(&app, &team, &id, "NOT_UPHELD").await;
    let now = Utc::now();
    let period = json!({ "from": (now - Duration::days(1)).to_rfc3339(), "to": (now + Duration::days(1)).to_rfc3339() });
    let data = app.ok(Some(&team.access_token), "FeedbackReport", period).await;
    let c = &data["feedbackReport"]["complaints"];
    assert_eq!(
        (
            c["acknowledgedOnTime"].as_i64(),
            c["respondedOnTime"].as_i64(),
            c["overdueNow"].as_i64()
        ),
        (Some(1), Some(1), Some(0))
    );
    let backwards = json!({ "from": now.to_rfc3339(), "to": (now - Duration::days(1)).to_rfc3339() });
    assert_bad_input(
        &app.op(Some(&team.access_token), "FeedbackReport", backwards)
            .await,
        "to",
    );
}

#[tokio::test]
async fn feedback_is_raised_as_a_finding_that_names_nobody() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let forum = app.forum(&admin, "raised").await;
    let member = app.member(&admin, &forum, "MEMBER").await;
    let complaint_id = log_at(
        &app,
        &team,
        "COMPLAINT",
        Some("ADULT_SOCIAL_CARE"),
        "2026-02-03T10:00:00Z",
        &["care visits"],
    )
    .await;
    let compliment = log_at(
        &app,
        &team,
        "COMPLIMENT",
        None,
        "2026-01-05T10:00:00Z",
        &["day centre"],
    )
    .await;
    let suggestion = log_at(
        &app,
        &team,
        "SUGGESTION",
        None,
        "2026-03-01T10:00:00Z",
        &["transport"],
    )
    .await;
    let request = log_at(&app, &team, "SERVICE_REQUEST", None, "2026-03-02T10:00:00Z", &[]).await;
    let raise = |ids: Vec<&str>, body: &str| json!({ "input": { "forumId": forum, "feedbackIds": ids, "title": "Visits run late", "body": body } });

    for named in ["ADA LOVELACE waited two hours", "Write to ada@example.org"] {
        let body = app
            .op(
                Some(&team.access_token),
                "RaiseFinding",
                raise(vec![&complaint_id], named),
            )
            .await;
        assert_bad_input(&body, "body");
    }
    let page = app
        .ok(
            Some(&member.access_token),
            "ForumBySlug",
            json!({ "slug": "raised" }),
        )
        .await;
    assert_eq!(
        page["forum"]["findings"]["totalCount"], 0,
        "nothing raised: {page}"
    );

    let ids = vec![complaint_id.as_str(), compliment.as_str()];
    let raised = app
        .ok(
            Some(&team.access_token),
            "RaiseFinding",
            raise(ids, "Several people waited two hours."),
        )
        .await;
    let finding = &raised["raiseFinding"];
    assert_eq!(finding["source"], "COMPLAINT");
    assert_eq!(finding["themes"], json!(["care visits", "day centre"]));
    assert_eq!(finding["forum"]["id"], forum.as_str());
    let read = app
        .ok(
            Some(&member.access_token),
            "Finding",
            json!({ "id": finding["id"] }),
        )
        .await;
    assert_eq!(
        read["finding"]["receivedAt"], "2026-01-05T10:00:00+00:00",
        "the earliest item's: {read}"
    );
    let item = item_as(&app, &team, &complaint_id).await;
    assert_eq!(item["findings"][0]["id"], finding["id"]);
    assert_eq!(
        item["history"].as_array().unwrap().last().unwrap()["action"],
        "RAISED_AS_FINDING"
    );

    let kind_of = |ids: Vec<&str>| raise(ids, "What people told us.");
    let compliments = app
        .ok(
            Some(&team.access_token),
            "RaiseFinding",
            kind_of(vec![&compliment, &suggestion]),
        )
        .await;
    assert_eq!(compliments["raiseFinding"]["source"], "COMPLIMENT");
    let engagement = app
        .ok(
            Some(&team.access_token),
            "RaiseFinding",
            kind_of(vec![&suggestion, &request]),
        )
        .await;
    assert_eq!(engagement["raiseFinding"]["source"], "ENGAGEMENT");
}
