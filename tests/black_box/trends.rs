//! `ThemeTrends`: findings by theme over calendar months and by source.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

/// Adds a finding with `themes` and `source`, received at `at`.
async fn finding_with(app: &TestApp, token: &str, forum_id: &str, at: &str, source: &str, themes: &[&str]) {
    let input = with(
        finding_input(forum_id, "A finding"),
        json!({ "receivedAt": at, "source": source, "themes": themes }),
    );
    added(app, token, input).await;
}

async fn trends(app: &TestApp, token: Option<&str>, from: &str, to: &str, forum_id: Option<&str>) -> Value {
    let variables = json!({ "from": from, "to": to, "forumId": forum_id });
    app.op(token, "ThemeTrends", variables).await
}

async fn trends_ok(app: &TestApp, token: &str, from: &str, to: &str, forum_id: Option<&str>) -> Value {
    let body = trends(app, Some(token), from, to, forum_id).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["themeTrends"].clone()
}

/// `periods` as a JSON list from (month, count) pairs.
fn periods(months: &[(&str, u64)]) -> Value {
    json!(
        months
            .iter()
            .map(|(period, count)| json!({ "period": period, "count": count }))
            .collect::<Vec<_>>()
    )
}

fn sources(counts: &[(&str, u64)]) -> Value {
    json!(
        counts
            .iter()
            .map(|(source, count)| json!({ "source": source, "count": count }))
            .collect::<Vec<_>>()
    )
}

/// A forum with findings around the first quarter of 2025.
async fn quarter(app: &TestApp) -> Scene {
    let s = scene(app, "carers", 1).await;
    let token = s.members[0].access_token.clone();
    let id = s.forum_id.clone();
    for (at, source, themes) in [
        ("2024-12-31T23:59:59Z", "SURVEY", vec!["housing"]),
        ("2025-01-01T00:00:00Z", "ENGAGEMENT", vec!["Transport"]),
        ("2025-01-10T12:00:00Z", "COMPLAINT", vec!["housing", "access"]),
        ("2025-01-20T08:30:00Z", "SURVEY", vec!["Housing"]),
        ("2025-02-14T10:00:00Z", "COMPLAINT", vec!["access"]),
        ("2025-03-05T09:00:00Z", "COMPLAINT", vec!["housing"]),
        ("2025-03-31T23:59:59Z", "AUDIT", vec!["access"]),
        ("2025-04-01T00:00:00Z", "AUDIT", vec!["housing", "transport"]),
        ("2025-05-02T00:00:00Z", "OTHER", vec![]),
    ] {
        finding_with(app, &token, &id, at, source, &themes).await;
    }
    s
}

#[tokio::test]
async fn themes_are_counted_by_month_and_source_over_from_to() {
    let app = spawn_app().await;
    let s = quarter(&app).await;
    let got = trends_ok(
        &app,
        &s.members[0].access_token,
        "2025-01-01T00:00:00Z",
        "2025-04-01T00:00:00Z",
        None,
    )
    .await;
    // `from` is in the range and `to` is not; February has no housing.
    let expected = json!([
        {
            "theme": "access", "total": 3,
            "periods": periods(&[("2025-01", 1), ("2025-02", 1), ("2025-03", 1)]),
            "bySource": sources(&[("COMPLAINT", 2), ("AUDIT", 1)]),
        },
        {
            "theme": "housing", "total": 3,
            "periods": periods(&[("2025-01", 2), ("2025-02", 0), ("2025-03", 1)]),
            "bySource": sources(&[("COMPLAINT", 2), ("SURVEY", 1)]),
        },
        {
            "theme": "transport", "total": 1,
            "periods": periods(&[("2025-01", 1), ("2025-02", 0), ("2025-03", 0)]),
            "bySource": sources(&[("ENGAGEMENT", 1)]),
        },
    ]);
    assert_eq!(got, expected);
}

#[tokio::test]
async fn periods_are_every_calendar_month_the_range_touches() {
    let app = spawn_app().await;
    let s = quarter(&app).await;
    let token = &s.members[0].access_token;
    let got = trends_ok(&app, token, "2024-11-15T00:00:00Z", "2025-02-02T00:00:00Z", None).await;
    let themes: Vec<&Value> = got.as_array().unwrap().iter().map(|t| &t["theme"]).collect();
    assert_eq!(themes, vec!["housing", "access", "transport"]);
    assert_eq!(got[0]["total"], 3);
    assert_eq!(
        got[0]["periods"],
        periods(&[("2024-11", 0), ("2024-12", 1), ("2025-01", 2), ("2025-02", 0)])
    );
    assert_eq!(got[0]["bySource"], sources(&[("SURVEY", 2), ("COMPLAINT", 1)]));

    let nothing = trends_ok(&app, token, "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", None).await;
    assert_eq!(nothing, json!([]));
    // One second inside one month is that month.
    let instant = trends_ok(&app, token, "2025-03-31T23:59:59Z", "2025-04-01T00:00:00Z", None).await;
    assert_eq!(
        instant,
        json!([{ "theme": "access", "total": 1, "periods": periods(&[("2025-03", 1)]),
                 "bySource": sources(&[("AUDIT", 1)]) }])
    );
}

#[tokio::test]
async fn from_must_come_before_to() {
    let app = spawn_app().await;
    let s = quarter(&app).await;
    let token = Some(s.members[0].access_token.as_str());
    let at = "2025-01-01T00:00:00Z";
    assert_bad_input(&trends(&app, token, at, at, None).await, "to");
    assert_bad_input(&trends(&app, token, "2025-03-01T00:00:00Z", at, None).await, "to");
}

#[tokio::test]
async fn members_count_their_forums_and_officers_every_forum() {
    let app = spawn_app().await;
    let s = scene(&app, "alpha", 1).await;
    let beta = app.forum(&s.admin, "beta").await;
    let beta_member = app.member(&s.admin, &beta, "MEMBER").await;
    let officer = app.officer(&s.admin).await;
    let token = api_token(&app, &officer).await;
    let at = "2025-06-15T00:00:00Z";
    finding_with(
        &app,
        &s.members[0].access_token,
        &s.forum_id,
        at,
        "AUDIT",
        &["housing"],
    )
    .await;
    finding_with(&app, &beta_member.access_token, &beta, at, "SURVEY", &["housing"]).await;
    finding_with(&app, &beta_member.access_token, &beta, at, "SURVEY", &["parking"]).await;
    let (from, to) = ("2025-06-01T00:00:00Z", "2025-07-01T00:00:00Z");

    let totals = |got: &Value| -> Vec<(String, u64)> {
        got.as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["theme"].as_str().unwrap().to_owned(),
                    t["total"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let both = vec![("housing".to_owned(), 2), ("parking".to_owned(), 1)];
    for reader in [&officer.access_token, &token, &s.admin.access_token] {
        assert_eq!(totals(&trends_ok(&app, reader, from, to, None).await), both);
    }
    let alpha_only = vec![("housing".to_owned(), 1)];
    assert_eq!(
        totals(&trends_ok(&app, &s.members[0].access_token, from, to, None).await),
        alpha_only
    );
    let scoped = trends_ok(&app, &officer.access_token, from, to, Some(&s.forum_id)).await;
    assert_eq!(totals(&scoped), alpha_only);
    assert_eq!(scoped[0]["bySource"], sources(&[("AUDIT", 1)]));

    let refused = trends(&app, Some(&s.members[0].access_token), from, to, Some(&beta)).await;
    assert_code(&refused, "FORBIDDEN");
    assert_code(&trends(&app, None, from, to, None).await, "UNAUTHENTICATED");
    let unknown = uuid::Uuid::new_v4().to_string();
    assert_code(
        &trends(&app, Some(&officer.access_token), from, to, Some(&unknown)).await,
        "NOT_FOUND",
    );
}
