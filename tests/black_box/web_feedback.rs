//! The feedback log's pages without JavaScript: "Tell us" (a reference at
//! the end, the hidden field that stores nothing, the rate limit's kind
//! page), the work queue's sections and filter, an item's actions per
//! status with refusals on the same page, and who may see each page.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, Utc};
use coforum_app::feedback::calendar::shipped;
use coforum_domain::feedback::day_in_england;
use serde_json::{Value, json};

use crate::common::*;
use crate::feedback_support::*;
use crate::web_csrf::{Browser, Page};

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

/// The forms an item's page offers, by their action's last part.
fn actions(page: &Page) -> Vec<&'static str> {
    [
        "acknowledge",
        "assign",
        "respond",
        "extend",
        "escalate",
        "ombudsman",
    ]
    .into_iter()
    .filter(|a| page.body.contains(&format!(r#"/{a}" class="action-form""#)))
    .collect()
}

#[tokio::test]
async fn an_item_offers_only_the_actions_its_status_allows() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let other = app.complaints_team(&admin).await;
    let mut browser = Browser::signed_in(&app, &team);
    let corporate = complaint(&app, &team, "CORPORATE").await;
    let path = format!("/feedback/{corporate}");
    let page = browser.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(actions(&page), ["acknowledge", "assign", "respond", "extend"]);
    assert!(
        page.body.contains("Ada Lovelace"),
        "personal details for the team"
    );
    assert!(page.body.contains("Received</strong>"), "the history");
    let csrf = page.csrf();

    // Acknowledge through the page; the form goes.
    let done = browser
        .post(&format!("{path}/acknowledge"), &[("csrf", &csrf)])
        .await;
    assert_eq!(done.status, 303);
    let page = browser.get(&done.location.unwrap()).await;
    assert!(page.body.contains("It is acknowledged"));
    assert_eq!(actions(&page), ["assign", "respond", "extend"]);
    assert!(page.body.contains("Acknowledged</strong>"));

    // An extension beyond the code's 10 working days is refused on the page, in a whole sentence, keeping the reason.
    let far = (day_in_england(Utc::now()) + Duration::days(120))
        .format("%d-%m-%Y")
        .to_string();
    let parts: Vec<&str> = far.split('-').collect();
    let reason = "Waiting for the provider's report";
    let refused = browser
        .post(
            &format!("{path}/extend"),
            &[
                ("csrf", &csrf),
                ("extend-day", parts[0]),
                ("extend-month", parts[1]),
                ("extend-year", parts[2]),
                ("reason", reason),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("The new date can be at most 10 working days after"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("at the latest.</a>"),
        "a whole sentence: {}",
        refused.body
    );
    assert!(refused.body.contains("Waiting for the provider&#39;s report") || refused.body.contains(reason));

    // Responded at stage 1: escalate and the Ombudsman, no more responding.
    let responded = browser
        .post(
            &format!("{path}/respond"),
            &[
                ("csrf", &csrf),
                ("outcome", "PARTLY_UPHELD"),
                ("response", "We are sorry."),
                ("learning", ""),
            ],
        )
        .await;
    assert_eq!(responded.status, 303, "{}", responded.body);
    let page = browser.get(&path).await;
    assert_eq!(actions(&page), ["escalate", "ombudsman"]);
    let escalated = browser
        .post(
            &format!("{path}/escalate"),
            &[("csrf", &csrf), ("reason", "Not happy")],
        )
        .await;
    assert_eq!(escalated.status, 303);
    let page = browser.get(&path).await;
    assert_eq!(actions(&page), ["acknowledge", "assign", "respond", "extend"]);
    assert!(
        page.body
            .contains("Someone other than the person who answered stage 1")
    );

    // Stage 2 by the stage 1 responder: the API's reason, and the response kept.
    let typed = "Our second look found the same.";
    let same = browser
        .post(
            &format!("{path}/respond"),
            &[
                ("csrf", &csrf),
                ("outcome", "NOT_UPHELD"),
                ("response", typed),
                ("learning", ""),
            ],
        )
        .await;
    assert_eq!(same.status, 422, "{}", same.body);
    assert!(
        same.body
            .contains("Stage 2 must be answered by someone other than the person who answered stage 1.")
    );
    assert!(same.body.contains(typed));
    assert!(
        same.body
            .contains(r#"value="NOT_UPHELD" id="respond-not_upheld" checked"#),
        "{}",
        same.body
    );
    let mut colleague = Browser::signed_in(&app, &other);
    let csrf2 = colleague.get(&path).await.csrf();
    let answered = colleague
        .post(
            &format!("{path}/respond"),
            &[
                ("csrf", &csrf2),
                ("outcome", "NOT_UPHELD"),
                ("response", typed),
                ("learning", ""),
            ],
        )
        .await;
    assert_eq!(answered.status, 303, "{}", answered.body);

    // The Ombudsman: a referral with two remedies, each marked done.
    let today = day_in_england(Utc::now()).format("%d-%m-%Y").to_string();
    let t: Vec<&str> = today.split('-').collect();
    let referred = colleague
        .post(
            &format!("{path}/ombudsman"),
            &[
                ("csrf", &csrf2),
                ("referred-day", t[0]),
                ("referred-month", t[1]),
                ("referred-year", t[2]),
                ("ombudsmanOutcome", "UPHELD"),
                ("remedies", "Apologise in writing\n\nPay £150 for the distress"),
            ],
        )
        .await;
    assert_eq!(referred.status, 303, "{}", referred.body);
    let page = colleague.get(&path).await;
    assert!(page.body.contains("Upheld: the Ombudsman found fault"));
    assert_eq!(page.body.matches("Not done yet").count(), 2);
    let remedy = page
        .body
        .split("/remedies/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let done = colleague
        .post(&format!("{path}/remedies/{remedy}/done"), &[("csrf", &csrf2)])
        .await;
    assert_eq!(done.status, 303);
    let page = colleague.get(&path).await;
    assert_eq!(page.body.matches("Not done yet").count(), 1);
    assert!(page.body.contains("Remedy done</strong>"));

    // Anything not a complaint has no date to move, and once closed nothing to do.
    let compliment = logged(&app, &team, feedback_input("COMPLIMENT", None, None)).await;
    let path = format!("/feedback/{}", compliment["id"].as_str().unwrap());
    assert_eq!(
        actions(&browser.get(&path).await),
        ["acknowledge", "assign", "respond"]
    );
    let closed = browser
        .post(
            &format!("{path}/respond"),
            &[
                ("csrf", &csrf),
                ("outcome", "RESOLVED"),
                ("response", "Passed on."),
                ("learning", ""),
            ],
        )
        .await;
    assert_eq!(closed.status, 303, "{}", closed.body);
    let page = browser.get(&path).await;
    assert!(actions(&page).is_empty());
    assert!(page.body.contains("Nothing: it is closed."));
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
async fn logging_by_hand_is_one_short_form() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let mut browser = Browser::signed_in(&app, &team);
    let csrf = browser.get("/feedback/new").await.csrf();
    let form = |route: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("kind", "COMPLAINT".to_owned()),
            ("route", route.to_owned()),
            ("channel", "LETTER".to_owned()),
            ("received-day", String::new()),
            ("received-month", String::new()),
            ("received-year", String::new()),
            ("summary", "Letter about a missed visit".to_owned()),
            ("details", String::new()),
            ("themes", "care visits, letters".to_owned()),
            ("service", String::new()),
            ("personName", "Mary Seacole".to_owned()),
            ("contact", String::new()),
            ("adjustments", String::new()),
        ]
    };
    let pairs = |f: &Vec<(&'static str, String)>| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let no_route = pairs(&form(""));
    let no_route: Vec<(&str, &str)> = no_route.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = browser.post("/feedback/new", &no_route).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("Choose which rules the complaint comes under")
    );
    assert!(refused.body.contains("Letter about a missed visit"));
    let fine = pairs(&form("CORPORATE"));
    let fine: Vec<(&str, &str)> = fine.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let made = browser.post("/feedback/new", &fine).await;
    assert_eq!(made.status, 303, "{}", made.body);
    let page = browser.get(&made.location.unwrap()).await;
    assert!(page.body.contains("It is logged."));
    assert!(page.body.contains("By letter"));
    assert!(page.body.contains("care visits, letters"));
    assert!(page.body.contains("Corporate (two stages)"));
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
