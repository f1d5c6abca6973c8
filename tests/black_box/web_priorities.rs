//! The web pages of published priorities: "Start a vote" asks whether the
//! result counts, the forum home and the history page say where the
//! priorities come from, and a facilitator can publish a closed vote.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use crate::common::*;
use crate::support::*;
use crate::web_csrf::Browser;

/// Every answer of "Start a vote", as the step `step` posts them.
fn answers<'a>(
    ids: &'a [String],
    csrf: &'a str,
    step: &'a str,
    publish: &'a str,
    percent: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("step", step),
        ("title", "Practice vote"),
        ("method", "APPROVAL"),
        ("findingIds", ids[0].as_str()),
        ("findingIds", ids[1].as_str()),
        ("days", ""),
        ("secret", "yes"),
        ("hideResults", "yes"),
        ("publish", publish),
        ("minTurnout", percent),
    ]
}

#[tokio::test]
async fn start_a_vote_asks_whether_the_result_becomes_the_priorities() {
    let app = spawn_app().await;
    let s = scene(&app, "web-publish", 1).await;
    let ids = findings(&app, &s.facilitator.access_token, &s.forum_id, 2).await;
    let mut browser = Browser::signed_in(&app, &s.facilitator);
    let path = "/forums/web-publish/rounds/new";
    let csrf = browser.get(path).await.csrf();
    let csrf = csrf.as_str();
    // Step 3 leads to the new question, with "Yes" chosen.
    let step4 = browser.post(path, &answers(&ids, csrf, "3", "yes", "")).await;
    assert_eq!(step4.status, 200, "{}", step4.body);
    assert!(step4.body.contains("Start a vote: step 4 of 5"), "{}", step4.body);
    assert!(
        step4
            .body
            .contains("Should the result become the forum&#39;s priorities?")
            || step4
                .body
                .contains("Should the result become the forum's priorities?"),
        "{}",
        step4.body
    );
    assert!(
        step4.body.contains(r#"value="yes" id="publish" checked"#),
        "{}",
        step4.body
    );
    assert!(step4.body.contains("Only if at least this many members vote"));

    // A share over 100 is refused on its own step, keeping what was typed.
    let bad = browser.post(path, &answers(&ids, csrf, "4", "yes", "150")).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(
        bad.body
            .contains("The share of members must be 0 or more, and 100 or less"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains(r#"value="150""#));
    assert!(bad.body.contains("step 4 of 5"));

    // "Check your answers" says it in words; starting it opens a practice vote.
    let check = browser.post(path, &answers(&ids, csrf, "4", "yes", "40")).await;
    assert_eq!(check.status, 200, "{}", check.body);
    assert!(
        check.body.contains("Yes, if at least 40% of members vote"),
        "{}",
        check.body
    );
    let opened = browser.post(path, &answers(&ids, csrf, "5", "no", "")).await;
    assert_eq!(opened.status, 303, "{}", opened.body);
    let round_id = opened
        .location
        .unwrap()
        .trim_start_matches("/rounds/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let body = app
        .graphql(
            Some(&s.facilitator.access_token),
            "query($id: ID!) { round(id: $id) { publishAsPriorities minTurnout } }",
            json!({ "id": round_id }),
        )
        .await;
    assert_eq!(body["data"]["round"]["publishAsPriorities"], false, "{body}");
}

#[tokio::test]
async fn the_history_page_and_publishing_a_closed_vote_from_its_page() {
    let app = spawn_app().await;
    let s = scene(&app, "web-history", 1).await;
    let fac = &s.facilitator.access_token;
    let ids = findings(&app, fac, &s.forum_id, 2).await;
    let real = open_id(
        &app,
        fac,
        &s.forum_id,
        &ids,
        "APPROVAL",
        json!({ "title": "Spring priorities" }),
    )
    .await;
    vote(&app, &s.members[0], &real, &[(ids[1].as_str(), 1)]).await;
    close(&app, fac, &real).await;
    let practice = open_id(
        &app,
        fac,
        &s.forum_id,
        &ids,
        "APPROVAL",
        json!({ "title": "Practice run", "publishAsPriorities": false }),
    )
    .await;
    close(&app, fac, &practice).await;

    let mut member = Browser::signed_in(&app, &s.members[0]);
    let home = member.get("/forums/web-history").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Spring priorities"), "{}", home.body);
    assert!(home.body.contains("50% of members voted"), "{}", home.body);
    assert!(home.body.contains(r#"href="/forums/web-history/priorities""#));

    let history = member.get("/forums/web-history/priorities").await;
    assert_eq!(history.status, 200, "{}", history.body);
    assert!(history.body.contains("How the priorities changed"));
    assert!(history.body.contains(r#"role="img""#), "a chart");
    assert!(history.body.contains("<title id=\"history-title\">"));
    assert!(history.body.contains("<table>"), "the same figures as a table");
    assert!(history.body.contains("1st"), "{}", history.body);
    assert!(!history.body.contains("Practice run"), "only published votes");

    // Members are not offered publishing; the facilitator is, with a confirm step.
    let practice_path = format!("/rounds/{practice}");
    let seen = member.get(&practice_path).await;
    assert!(!seen.body.contains("Make these the forum"), "{}", seen.body);
    let mut facilitator = Browser::signed_in(&app, &s.facilitator);
    let page = facilitator.get(&practice_path).await;
    assert!(
        page.body.contains("Make these the forum&#39;s priorities")
            || page.body.contains("Make these the forum's priorities"),
        "{}",
        page.body
    );
    let csrf = page.csrf();
    let publish_path = format!("/rounds/{practice}/publish");
    let confirm = facilitator.post(&publish_path, &[("csrf", &csrf)]).await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert!(confirm.body.contains("Are you sure?"), "{}", confirm.body);
    let still = app
        .graphql(Some(fac), PRIORITIES, json!({ "forumId": s.forum_id }))
        .await;
    assert_eq!(
        still["data"]["priorities"][0]["round"]["id"],
        real.as_str(),
        "not yet published"
    );
    let done = facilitator
        .post(&publish_path, &[("csrf", &csrf), ("confirm", "yes")])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        done.location.as_deref(),
        Some(format!("/rounds/{practice}?done=published").as_str())
    );
    let now = app
        .graphql(Some(fac), PRIORITIES, json!({ "forumId": s.forum_id }))
        .await;
    assert_eq!(now["data"]["priorities"][0]["round"]["id"], practice.as_str());
    let history = member.get("/forums/web-history/priorities").await;
    assert!(history.body.contains("Practice run"), "{}", history.body);
}
