//! The feedback log's pages without JavaScript: "Tell us" (a reference at
//! the end, the hidden field that stores nothing, the rate limit's kind
//! page), the work queue's sections and filter, who may see each page,
//! and `complaintsTeam`.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, Utc};
use coforum_app::feedback::calendar::shipped;
use coforum_domain::feedback::day_in_england;
use serde_json::{Value, json};

use crate::common::*;
use crate::feedback_support::*;
use crate::web_csrf::{Browser, Page};
use crate::web_feedback_item::actions;

/// What "Tell us" sends for a complaint.
fn told<'a>(csrf: &'a str, summary: &'a str, website: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("kind", "COMPLAINT"),
        ("summary", summary),
        (
            "details",
            "The carer came at 11 instead of 8, three days running.",
        ),
        ("personName", "Grace Hopper"),
        ("contact", "grace@example.org"),
        ("adjustments", "Please call me instead of writing"),
        ("website", website),
    ]
}

/// Every item the team's log lists.
async fn log_of(app: &TestApp, team: &Session) -> Vec<Value> {
    let data = app
        .ok(Some(&team.access_token), "FeedbackLog", json!({ "first": 100 }))
        .await;
    data["feedbackLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

#[tokio::test]
async fn tell_us_works_without_javascript_and_ends_with_the_reference() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let mut browser = Browser::new(&app);
    let form = browser.get("/tell-us").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(
        "Do you need anything to help you (large print, an advocate, a call instead of a letter)?"
    ));
    assert!(form.body.contains(r#"name="website""#), "the hidden field");
    assert!(!form.body.to_lowercase().contains("captcha"));
    let csrf = form.csrf();

    // Refused on the page, keeping everything typed.
    let mut missing = told(&csrf, "Carers came late", "");
    missing[1] = ("kind", "");
    let refused = browser.post("/tell-us", &missing).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("Choose what you want to tell us"));
    assert!(refused.body.contains(r#"value="Carers came late""#));
    assert!(refused.body.contains("The carer came at 11 instead of 8"));
    assert!(refused.body.contains("grace@example.org"));

    let sent = browser
        .post("/tell-us", &told(&csrf, "Carers came late", ""))
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let thanks = browser.get(&sent.location.unwrap()).await;
    assert_eq!(thanks.status, 200);
    let items = log_of(&app, &team).await;
    assert_eq!(items.len(), 1);
    let reference = items[0]["reference"].as_str().unwrap();
    assert!(thanks.body.contains(reference), "{}", thanks.body);
    assert!(
        thanks
            .body
            .contains("We will reply within 3 working days to say we have it")
    );
    let item = item_as(&app, &team, items[0]["id"].as_str().unwrap()).await;
    assert_eq!(item["channel"], "WEB");
    assert_eq!(item["route"], "ADULT_SOCIAL_CARE");
    assert_eq!(item["personName"], "Grace Hopper");
    assert_eq!(item["adjustments"], "Please call me instead of writing");
}

#[tokio::test]
async fn a_filled_hidden_field_is_thanked_and_stores_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let mut browser = Browser::new(&app);
    let csrf = browser.get("/tell-us").await.csrf();
    let sent = browser
        .post(
            "/tell-us",
            &told(&csrf, "Buy cheap watches", "http://spam.example"),
        )
        .await;
    assert_eq!(sent.status, 303);
    let thanks = browser.get(&sent.location.unwrap()).await;
    assert_eq!(thanks.status, 200);
    assert!(thanks.body.contains("Your reference number is"));
    assert!(log_of(&app, &team).await.is_empty(), "nothing stored");
}

#[tokio::test]
async fn too_many_from_one_address_is_a_kind_page_that_keeps_the_text() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let csrf = browser.get("/tell-us").await.csrf();
    for n in 0..10 {
        let sent = browser
            .post("/tell-us", &told(&csrf, &format!("Visit {n} was late"), ""))
            .await;
        assert_eq!(sent.status, 303, "{n}: {}", sent.body);
    }
    let waiting = browser
        .post("/tell-us", &told(&csrf, "The eleventh visit", ""))
        .await;
    assert_eq!(waiting.status, 429, "{}", waiting.body);
    assert!(waiting.body.contains("Please wait a minute, then send it again"));
    assert!(waiting.body.contains(r#"value="The eleventh visit""#));
    assert!(waiting.body.contains("grace@example.org"));
}

/// The references of the items listed under the heading `id`.
fn section(page: &Page, id: &str) -> String {
    let start = page
        .body
        .find(&format!(r#"id="{id}-heading""#))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &page.body[start..];
    rest[..rest.find("</section>").unwrap()].to_owned()
}

#[tokio::test]
async fn the_queue_sorts_items_by_when_they_are_due_and_filters_by_handler() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let calendar = shipped();
    let today = day_in_england(Utc::now());
    // Today's items a minute ago (not in the future), others at noon.
    let at = |day: chrono::NaiveDate| {
        if day == today {
            (Utc::now() - Duration::minutes(1)).to_rfc3339()
        } else {
            format!("{day}T12:00:00Z")
        }
    };
    let log = |kind: &str, route: Option<&str>, when: String, summary: &str| {
        let mut input = feedback_input(kind, route, Some(&when));
        input["input"]["summary"] = json!(summary);
        input
    };
    let asc = Some("ADULT_SOCIAL_CARE");
    let late = logged(
        &app,
        &team,
        log("COMPLAINT", asc, at(today - Duration::days(30)), "Late one"),
    )
    .await;
    let fresh = logged(&app, &team, log("COMPLAINT", asc, at(today), "Fresh one")).await;
    let kind = logged(&app, &team, log("COMPLIMENT", None, at(today), "Kind words")).await;
    // Received so that the acknowledgement is due today, when today is a working day.
    let due_today = (1..10)
        .map(|back| today - Duration::days(back))
        .find(|&day| calendar.after(day, 3) == today);
    let today_item = match due_today {
        Some(day) => Some(logged(&app, &team, log("COMPLAINT", asc, at(day), "Due today one")).await),
        None => None,
    };
    let answered = complaint(&app, &team, "ADULT_SOCIAL_CARE").await;
    respond(&app, &team, &answered, "NOT_UPHELD").await;

    let mut browser = Browser::signed_in(&app, &team);
    let page = browser.get("/feedback").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let reference = |item: &Value| item["reference"].as_str().unwrap().to_owned();
    let overdue = section(&page, "overdue");
    assert!(overdue.contains(&reference(&late)), "{overdue}");
    assert!(overdue.contains("Overdue"), "said in words");
    assert!(overdue.contains("Acknowledge by: 27 days ago") || overdue.contains("days ago"));
    assert!(section(&page, "week").contains(&reference(&fresh)));
    assert!(section(&page, "later").contains(&reference(&kind)));
    assert!(section(&page, "later").contains("No date to meet"));
    if let Some(item) = &today_item {
        assert!(section(&page, "today").contains(&reference(item)));
        assert!(section(&page, "today").contains("Acknowledge by: today"));
    }
    assert!(section(&page, "answered").contains("Responded"));
    assert!(page.body.contains("New: not acknowledged yet"), "status in words");
    assert!(page.body.contains(r#"href="/feedback/new""#));
    assert!(
        page.body
            .contains("Log something received by phone, letter or in person")
    );

    // "Mine" and "Nobody's yet".
    app.ok(
        Some(&team.access_token),
        "AssignFeedback",
        json!({ "id": fresh["id"], "handlerId": team.user_id }),
    )
    .await;
    let mine = browser.get("/feedback?handler=mine").await;
    assert!(mine.body.contains(&reference(&fresh)));
    assert!(!mine.body.contains(&reference(&late)));
    let nobody = browser.get("/feedback?handler=nobody").await;
    assert!(nobody.body.contains(&reference(&late)));
    assert!(!nobody.body.contains(&reference(&fresh)));
}

#[tokio::test]
async fn each_role_sees_what_the_contract_lets_it() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let officer = app.officer(&admin).await;
    let forum = app.forum(&admin, "feedback-roles").await;
    let member = app.member(&admin, &forum, "MEMBER").await;
    let theirs = logged(
        &app,
        &officer,
        feedback_input("COMPLAINT", Some("CORPORATE"), None),
    )
    .await;
    let other = complaint(&app, &team, "ADULT_SOCIAL_CARE").await;
    let theirs_path = format!("/feedback/{}", theirs["id"].as_str().unwrap());
    let other_path = format!("/feedback/{other}");

    // Signed out: sign in first; "Tell us" needs nobody.
    let mut anyone = Browser::new(&app);
    let page = anyone.get("/feedback").await;
    assert_eq!(page.status, 303);
    assert!(page.location.unwrap().starts_with("/sign-in"));
    assert_eq!(anyone.get("/tell-us").await.status, 200);
    assert!(
        anyone.get("/").await.body.contains(r#"href="/tell-us""#),
        "Tell us in the footer"
    );

    // A member: not these pages, and no "Feedback" link.
    let mut m = Browser::signed_in(&app, &member);
    let page = m.get("/feedback").await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("You cannot see this page"));
    assert_eq!(m.get(&other_path).await.status, 404);
    assert_eq!(m.get("/feedback/new").await.status, 403);
    assert!(!m.get("/").await.body.contains(r#"href="/feedback""#));

    // An officer: the link, their own item without personal details or actions.
    let mut o = Browser::signed_in(&app, &officer);
    let home = o.get("/").await;
    assert!(home.body.contains(r#"href="/feedback""#));
    let queue = o.get("/feedback").await;
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains(theirs["reference"].as_str().unwrap()));
    assert!(
        !queue.body.contains(r#"type="checkbox""#),
        "officers raise nothing"
    );
    let page = o.get(&theirs_path).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("Ada Lovelace"));
    assert!(page.body.contains("Only the complaints team sees who it is from"));
    assert!(actions(&page).is_empty());
    assert_eq!(o.get(&other_path).await.status, 404);
    assert_eq!(o.get("/feedback/new").await.status, 200);

    // The team and admins: everything.
    for who in [&team, &admin] {
        let mut b = Browser::signed_in(&app, who);
        assert!(b.get("/").await.body.contains(r#"href="/feedback""#));
        let page = b.get(&theirs_path).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Ada Lovelace"));
        assert!(!actions(&page).is_empty());
    }
}

#[tokio::test]
async fn complaints_team_lists_the_team_and_admins_for_them_alone() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let officer = app.officer(&admin).await;
    let query = "query { complaintsTeam { id displayName } }";
    let data = app.graphql(Some(&team.access_token), query, json!({})).await;
    let ids: Vec<&str> = data["data"]["complaintsTeam"]
        .as_array()
        .unwrap_or_else(|| panic!("{data}"))
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&team.user_id.as_str()) && ids.contains(&admin.user_id.as_str()),
        "{data}"
    );
    assert!(!ids.contains(&officer.user_id.as_str()));
    let refused = app.graphql(Some(&officer.access_token), query, json!({})).await;
    assert_code(&refused, "FORBIDDEN");
    let anonymous = app.graphql(None, query, json!({})).await;
    assert_code(&anonymous, "UNAUTHENTICATED");
    let token = crate::support::api_token(&app, &officer).await;
    assert_code(&app.graphql(Some(&token), query, json!({})).await, "FORBIDDEN");
}
