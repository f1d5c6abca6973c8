//! Findings: `AddFinding`, reading one finding, and a forum's `findings` list.
#![allow(clippy::unwrap_used)]

use std::collections::HashSet;

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::common::*;
use crate::support::*;

#[tokio::test]
async fn members_facilitators_officers_and_admins_add_findings() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let officer = app.officer(&s.admin).await;
    let people = [&s.members[0], &s.facilitator, &officer, &s.admin];
    for (i, who) in people.into_iter().enumerate() {
        let input = with(
            finding_input(&s.forum_id, &format!("Finding by caller {i}")),
            json!({ "reference": format!("REF-{i}"), "source": "AUDIT" }),
        );
        let finding = added(&app, &who.access_token, input).await;
        assert_eq!(finding["title"], format!("Finding by caller {i}"));
        assert_eq!(finding["source"], "AUDIT");
        assert_eq!(finding["reference"], format!("REF-{i}"));
        assert_eq!(finding["status"], "OPEN");
        assert_eq!(finding["forum"], json!({ "id": s.forum_id, "slug": "carers" }));
    }
    assert_eq!(finding_count(&app, &s.admin.access_token, "carers").await, 4);
}

#[tokio::test]
async fn a_body_is_kept_exactly_and_received_at_defaults_to_now() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let member = &s.members[0].access_token;
    let body = "  Two leading spaces,\n\n a blank line, tabs\t and emoji 🏥🙂  \n";
    let input = with(
        finding_input(&s.forum_id, "Discharge delays"),
        json!({ "body": body }),
    );
    let finding = added(&app, member, input).await;
    assert_eq!(finding["body"], body);
    assert_eq!(finding["reference"], Value::Null);
    assert_about_from_now(&finding["receivedAt"], Duration::zero());

    let read = app
        .graphql(Some(member), FINDING, json!({ "id": finding["id"] }))
        .await;
    assert_eq!(read["data"]["finding"]["body"], body, "{read}");
    assert_eq!(read["data"]["finding"]["status"], "OPEN");
    assert_eq!(read["data"]["finding"]["forum"]["slug"], "carers");
}

#[tokio::test]
async fn themes_come_back_trimmed_lower_cased_deduplicated_and_sorted() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let themes = json!([
        " Hospital Discharge ",
        "hospital discharge",
        "Carers",
        "ACCESS",
        "carers"
    ]);
    let input = with(finding_input(&s.forum_id, "Themes"), json!({ "themes": themes }));
    let finding = added(&app, &s.facilitator.access_token, input).await;
    assert_eq!(
        finding["themes"],
        json!(["access", "carers", "hospital discharge"])
    );
}

#[tokio::test]
async fn outsiders_anonymous_callers_and_api_tokens_add_no_findings() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let officer = app.officer(&s.admin).await;
    let token = api_token(&app, &officer).await;
    let input = finding_input(&s.forum_id, "Should not land");

    let body = add_finding(&app, Some(&outsider.access_token), input.clone()).await;
    assert_code(&body, "FORBIDDEN");
    assert_code(&add_finding(&app, None, input.clone()).await, "UNAUTHENTICATED");
    assert_code(&add_finding(&app, Some(&token), input).await, "FORBIDDEN");
    assert_eq!(finding_count(&app, &s.admin.access_token, "carers").await, 0);
}

#[tokio::test]
async fn an_unknown_forum_is_not_found_and_a_malformed_forum_id_is_bad_input() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let unknown = uuid::Uuid::new_v4().to_string();
    let body = add_finding(&app, Some(&s.admin.access_token), finding_input(&unknown, "Lost")).await;
    assert_code(&body, "NOT_FOUND");
    let body = add_finding(
        &app,
        Some(&s.admin.access_token),
        finding_input("not-an-id", "Lost"),
    )
    .await;
    assert_bad_input(&body, "forumId");
    assert_eq!(finding_count(&app, &s.admin.access_token, "carers").await, 0);
}

#[tokio::test]
async fn titles_are_3_to_200_characters() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let token = &s.facilitator.access_token;
    for title in ["ab".to_owned(), "   ab   ".to_owned(), "x".repeat(201)] {
        let body = add_finding(&app, Some(token), finding_input(&s.forum_id, &title)).await;
        assert_bad_input(&body, "title");
    }
    assert_eq!(finding_count(&app, token, "carers").await, 0);
    for title in ["abc".to_owned(), "x".repeat(200)] {
        added(&app, token, finding_input(&s.forum_id, &title)).await;
    }
    assert_eq!(finding_count(&app, token, "carers").await, 2);
}

#[tokio::test]
async fn bodies_are_at_most_20000_characters() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let token = &s.facilitator.access_token;
    let too_long = with(
        finding_input(&s.forum_id, "Too long"),
        json!({ "body": "x".repeat(20_001) }),
    );
    assert_bad_input(&add_finding(&app, Some(token), too_long).await, "body");
    assert_eq!(finding_count(&app, token, "carers").await, 0);
    // Characters, not bytes: 20,000 two-byte characters fit.
    let longest = "é".repeat(20_000);
    let input = with(finding_input(&s.forum_id, "Longest"), json!({ "body": longest }));
    assert_eq!(added(&app, token, input).await["body"], longest);
    assert_eq!(finding_count(&app, token, "carers").await, 1);
}

#[tokio::test]
async fn a_finding_has_at_most_10_distinct_themes_of_1_to_40_characters() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let token = &s.facilitator.access_token;
    let eleven: Vec<String> = (0..11).map(|i| format!("theme {i}")).collect();
    let forty_one = "t".repeat(41);
    for themes in [
        json!(eleven),
        json!([forty_one]),
        json!(["housing", "   "]),
        json!([""]),
    ] {
        let input = with(finding_input(&s.forum_id, "Themed"), json!({ "themes": themes }));
        assert_bad_input(&add_finding(&app, Some(token), input).await, "themes");
    }
    assert_eq!(finding_count(&app, token, "carers").await, 0);

    let mut ten_after_dedup: Vec<String> = (0..10).map(|i| format!("theme {i}")).collect();
    ten_after_dedup.push(" THEME 0 ".into());
    let input = with(
        finding_input(&s.forum_id, "Ten"),
        json!({ "themes": ten_after_dedup }),
    );
    assert_eq!(
        added(&app, token, input).await["themes"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    let forty = "t".repeat(40);
    let input = with(finding_input(&s.forum_id, "Forty"), json!({ "themes": [forty] }));
    assert_eq!(added(&app, token, input).await["themes"], json!([forty]));
    assert_eq!(finding_count(&app, token, "carers").await, 2);
}

#[tokio::test]
async fn received_at_may_be_at_most_5_minutes_ahead() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 0).await;
    let token = &s.facilitator.access_token;
    let ahead = (Utc::now() + Duration::minutes(10)).to_rfc3339();
    let input = with(
        finding_input(&s.forum_id, "Future"),
        json!({ "receivedAt": ahead }),
    );
    assert_bad_input(&add_finding(&app, Some(token), input).await, "receivedAt");
    assert_eq!(finding_count(&app, token, "carers").await, 0);

    let soon = Utc::now() + Duration::minutes(2);
    let input = with(
        finding_input(&s.forum_id, "Clock skew"),
        json!({ "receivedAt": soon.to_rfc3339() }),
    );
    let finding = added(&app, token, input).await;
    assert!((time(&finding["receivedAt"]) - soon).num_seconds().abs() < 1);
    let past = "2023-06-30T09:15:00Z";
    let input = with(
        finding_input(&s.forum_id, "Last year"),
        json!({ "receivedAt": past }),
    );
    assert_eq!(
        time(&added(&app, token, input).await["receivedAt"]),
        time(&json!(past))
    );
}

#[tokio::test]
async fn members_and_officers_read_a_finding_others_are_told_it_does_not_exist() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let other_forum = app.forum(&s.admin, "elsewhere").await;
    let elsewhere = app.member(&s.admin, &other_forum, "MEMBER").await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let officer = app.officer(&s.admin).await;
    let token = api_token(&app, &officer).await;
    let id = added(
        &app,
        &s.members[0].access_token,
        finding_input(&s.forum_id, "Readable"),
    )
    .await["id"]
        .clone();

    for reader in [
        &s.members[0].access_token,
        &officer.access_token,
        &token,
        &s.admin.access_token,
    ] {
        let body = app.graphql(Some(reader), FINDING, json!({ "id": id })).await;
        assert_eq!(body["data"]["finding"]["title"], "Readable", "{body}");
    }
    for stranger in [&outsider, &elsewhere] {
        let body = app
            .graphql(Some(&stranger.access_token), FINDING, json!({ "id": id }))
            .await;
        assert_code(&body, "NOT_FOUND");
    }
    assert_code(
        &app.graphql(None, FINDING, json!({ "id": id })).await,
        "UNAUTHENTICATED",
    );
    let unknown = uuid::Uuid::new_v4().to_string();
    let body = app
        .graphql(Some(&s.admin.access_token), FINDING, json!({ "id": unknown }))
        .await;
    assert_code(&body, "NOT_FOUND");
    let body = app
        .graphql(Some(&s.admin.access_token), FINDING, json!({ "id": "f-1" }))
        .await;
    assert_bad_input(&body, "id");
}

fn page_ids(body: &Value) -> Vec<String> {
    body["data"]["forum"]["findings"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("no edges: {body}"))
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn findings_list_newest_received_first_and_pages_walk_each_once() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let token = &s.members[0].access_token;
    // Received out of the order they are added in.
    let mut by_received = Vec::new();
    for i in 0..25 {
        let hour = (i * 7) % 25;
        let id = finding_at(&app, token, &s.forum_id, &format!("Finding {i}"), &received(hour)).await;
        by_received.push((hour, id));
    }
    by_received.sort();
    let newest_first: Vec<String> = by_received.into_iter().rev().map(|(_, id)| id).collect();

    let whole = read_forum(&app, Some(token), "carers", json!({})).await;
    assert_eq!(whole["data"]["forum"]["findings"]["totalCount"], 25, "{whole}");
    assert_eq!(
        page_ids(&whole),
        newest_first[..20],
        "20 by default, newest first"
    );
    assert_eq!(
        whole["data"]["forum"]["findings"]["pageInfo"]["hasNextPage"],
        true
    );

    let mut walked = Vec::new();
    let mut after = Value::Null;
    let mut more = Vec::new();
    loop {
        let body = read_forum(
            &app,
            Some(token),
            "carers",
            json!({ "first": 10, "after": after }),
        )
        .await;
        let findings = &body["data"]["forum"]["findings"];
        assert_eq!(findings["totalCount"], 25, "{body}");
        walked.extend(page_ids(&body));
        more.push(findings["pageInfo"]["hasNextPage"].as_bool().unwrap());
        after = findings["pageInfo"]["endCursor"].clone();
        if !more[more.len() - 1] {
            break;
        }
        assert!(more.len() < 5, "paging does not end: {body}");
    }
    assert_eq!(more, vec![true, true, false]);
    assert_eq!(walked, newest_first);
    assert_eq!(walked.iter().collect::<HashSet<_>>().len(), 25);
}

#[tokio::test]
async fn the_theme_filter_ignores_case_and_counts_matches_only() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let token = &s.members[0].access_token;
    let mut housing = Vec::new();
    for (i, themes) in [
        json!(["Housing"]),
        json!(["transport"]),
        json!(["housing", "access"]),
    ]
    .into_iter()
    .enumerate()
    {
        let input = with(
            finding_input(&s.forum_id, &format!("Finding {i}")),
            json!({ "themes": themes, "receivedAt": received(i) }),
        );
        let id = added(&app, token, input).await["id"].as_str().unwrap().to_owned();
        if i != 1 {
            housing.push(id);
        }
    }
    housing.reverse();
    let body = read_forum(&app, Some(token), "carers", json!({ "theme": " HOUSING " })).await;
    assert_eq!(body["data"]["forum"]["findings"]["totalCount"], 2, "{body}");
    assert_eq!(page_ids(&body), housing);
    let body = read_forum(&app, Some(token), "carers", json!({ "theme": "nothing" })).await;
    assert_eq!(body["data"]["forum"]["findings"]["totalCount"], 0, "{body}");
    assert_eq!(page_ids(&body), Vec::<String>::new());
}

#[tokio::test]
async fn pages_hold_1_to_100_and_after_must_be_a_cursor_we_gave_out() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let token = &s.members[0].access_token;
    findings(&app, token, &s.forum_id, 3).await;
    for first in [0, 101, -1] {
        let body = read_forum(&app, Some(token), "carers", json!({ "first": first })).await;
        assert_bad_input(&body, "first");
    }
    for after in ["garbage", "", "MjAyNHxub3QtYW4taWQ"] {
        let body = read_forum(&app, Some(token), "carers", json!({ "after": after })).await;
        assert_bad_input(&body, "after");
    }
    let body = read_forum(&app, Some(token), "carers", json!({ "first": 100 })).await;
    assert_eq!(page_ids(&body).len(), 3, "{body}");
    let body = read_forum(&app, Some(token), "carers", json!({ "first": 1 })).await;
    assert_eq!(page_ids(&body).len(), 1, "{body}");
}

#[tokio::test]
async fn outsiders_cannot_list_a_forums_findings() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    findings(&app, &s.members[0].access_token, &s.forum_id, 2).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let query = "query($slug: String!) { forum(slug: $slug) { findings { totalCount } } }";
    let body = app
        .graphql(Some(&outsider.access_token), query, json!({ "slug": "carers" }))
        .await;
    assert_code(&body, "FORBIDDEN");
    let body = app.graphql(None, query, json!({ "slug": "carers" })).await;
    assert_code(&body, "UNAUTHENTICATED");
    let officer = app.officer(&s.admin).await;
    let body = app
        .graphql(Some(&officer.access_token), query, json!({ "slug": "carers" }))
        .await;
    assert_eq!(body["data"]["forum"]["findings"]["totalCount"], 2, "{body}");
}

#[tokio::test]
async fn findings_received_at_the_same_moment_page_without_loss_or_repeat() {
    let app = spawn_app().await;
    let s = scene(&app, "carers", 1).await;
    let token = &s.members[0].access_token;
    let mut ids = HashSet::new();
    for i in 0..7 {
        ids.insert(
            finding_at(
                &app,
                token,
                &s.forum_id,
                &format!("Same time {i}"),
                "2025-05-05T05:05:05Z",
            )
            .await,
        );
    }
    let mut walked = Vec::new();
    let mut after = Value::Null;
    for _ in 0..3 {
        let body = read_forum(&app, Some(token), "carers", json!({ "first": 3, "after": after })).await;
        walked.extend(page_ids(&body));
        after = body["data"]["forum"]["findings"]["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(walked.len(), 7, "{walked:?}");
    assert_eq!(walked.into_iter().collect::<HashSet<_>>(), ids);
}
