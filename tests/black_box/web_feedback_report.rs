//! The feedback report's page and CSV on a known year, who may read them,
//! and "Raise as a finding" from the queue, refusing words that name the
//! person.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;
use crate::feedback_support::*;
use crate::web_csrf::Browser;

async fn log_at(app: &TestApp, who: &Session, kind: &str, at: &str, themes: &[&str]) -> String {
    let route = (kind == "COMPLAINT").then_some("ADULT_SOCIAL_CARE");
    let mut input = feedback_input(kind, route, Some(at));
    input["input"]["themes"] = json!(themes);
    logged(app, who, input).await["id"].as_str().unwrap().to_owned()
}

/// A known year, 1 April 2023 to 31 March 2024: three complaints (one
/// upheld, one partly, one not), a compliment, and items just either side
/// of its midnights in England.
async fn known_year(app: &TestApp, team: &Session) {
    let upheld = log_at(app, team, "COMPLAINT", "2023-05-10T10:00:00Z", &["care visits"]).await;
    let partly = log_at(
        app,
        team,
        "COMPLAINT",
        "2023-05-20T10:00:00Z",
        &["care visits", "money"],
    )
    .await;
    let not = log_at(app, team, "COMPLAINT", "2023-11-02T10:00:00Z", &["money"]).await;
    // 00:30 on 1 April 2023 in England (BST): in the year.
    log_at(app, team, "COMPLIMENT", "2023-03-31T23:30:00Z", &["day centre"]).await;
    // 23:30 on 31 March 2023 in England: the year before.
    log_at(app, team, "SUGGESTION", "2023-03-31T22:30:00Z", &[]).await;
    for (id, outcome) in [
        (&upheld, "UPHELD"),
        (&partly, "PARTLY_UPHELD"),
        (&not, "NOT_UPHELD"),
    ] {
        let answer = respond(app, team, id, outcome).await;
        assert!(answer["errors"].is_null(), "{answer}");
    }
}

#[tokio::test]
async fn the_report_page_says_the_figures_of_a_known_year_in_words() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    known_year(&app, &team).await;
    let mut browser = Browser::signed_in(&app, &team);
    let page = browser.get("/feedback/report?year=2023").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("1 April 2023 to 31 March 2024"));
    assert!(
        body.contains("4 in all."),
        "the suggestion of 31 March is the year before: {body}"
    );
    assert!(body.contains("3 complaints were received."));
    assert!(body.contains("2 of 3 (67%) were upheld or partly upheld."));
    assert!(
        body.contains("1 of 3 (33%) were upheld, 1 of 3 (33%) partly upheld and 1 of 3 (33%) not upheld.")
    );
    assert!(body.contains("Compliments: 1"));
    assert!(body.contains(r#"<tr><th scope="row">care visits</th><td class="num">2</td><td class="num">2</td><td>2 of 2 (100%)</td></tr>"#), "{body}");
    assert!(body.contains(r#"<tr><th scope="row">money</th><td class="num">2</td><td class="num">2</td><td>1 of 2 (50%)</td></tr>"#));
    assert!(body.contains(r#"<tr><th scope="row">April 2023</th><td class="num">1</td></tr>"#));
    assert!(body.contains(r#"<tr><th scope="row">May 2023</th><td class="num">2</td></tr>"#));
    assert!(body.contains(r#"<tr><th scope="row">March 2024</th><td class="num">0</td></tr>"#));
    assert!(body.contains(r#"role="img""#), "the chart");
    assert!(body.contains(r#"href="/feedback/report.csv?year=2023""#));
    assert!(body.contains(r#"<option value="2023" selected>"#));
    let css = browser.get("/static/site.css").await;
    assert!(css.body.contains("@media print"));
    // The year before holds the suggestion only.
    let before = browser.get("/feedback/report?year=2022").await;
    assert!(before.body.contains("1 in all."), "{}", before.body);
}

#[tokio::test]
async fn the_report_csv_starts_with_a_byte_order_mark_and_has_the_figures() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    known_year(&app, &team).await;
    let response = app
        .client
        .get(app.url("/feedback/report.csv?year=2023"))
        .header("cookie", format!("cf_access={}", team.access_token))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(
        text.starts_with("year,section,measure,count,out_of,percent\r\n"),
        "{text}"
    );
    assert!(
        text.contains("2023 to 2024,Complaints,Upheld or partly upheld,2,3,67%\r\n"),
        "{text}"
    );
    assert!(text.contains("2023 to 2024,Theme: complaints upheld or partly upheld,care visits,2,2,100%\r\n"));
    assert!(text.contains("2023 to 2024,Received by month,May 2023,2,,\r\n"));
    assert!(!text.contains("Ada"), "nothing personal");
}

#[tokio::test]
async fn officers_the_team_and_admins_read_the_report_and_members_do_not() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let officer = app.officer(&admin).await;
    let forum = app.forum(&admin, "report-roles").await;
    let member = app.member(&admin, &forum, "MEMBER").await;
    for who in [&officer, &team, &admin] {
        let mut b = Browser::signed_in(&app, who);
        assert_eq!(b.get("/feedback/report").await.status, 200);
        assert_eq!(b.get("/feedback/report.csv").await.status, 200);
    }
    let mut m = Browser::signed_in(&app, &member);
    let page = m.get("/feedback/report").await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("You cannot see this page"));
    assert_eq!(m.get("/feedback/report.csv?year=2022").await.status, 403);
    let mut anyone = Browser::new(&app);
    let page = anyone.get("/feedback/report?year=2022").await;
    assert_eq!(page.status, 303);
    assert!(page.location.unwrap().starts_with("/sign-in?next="));
}

#[tokio::test]
async fn raising_ticked_items_refuses_a_name_then_links_the_finding_from_each_item() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let team = app.complaints_team(&admin).await;
    let officer = app.officer(&admin).await;
    let forum = app.forum(&admin, "raise-web").await;
    let one = complaint(&app, &team, "ADULT_SOCIAL_CARE").await;
    let two = complaint(&app, &team, "CORPORATE").await;
    let mut browser = Browser::signed_in(&app, &team);
    assert!(
        browser
            .get("/feedback")
            .await
            .body
            .contains(r#"action="/feedback/raise""#)
    );
    let page = browser
        .get(&format!("/feedback/raise?item={one}&item={two}"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Do not name anyone"));
    assert!(
        page.body
            .contains(&format!(r#"<input type="hidden" name="item" value="{two}">"#))
    );
    let csrf = page.csrf();
    let send = |body: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("item", one.clone()),
            ("item", two.clone()),
            ("forumId", forum.clone()),
            ("title", "Carers late for visits".to_owned()),
            ("body", body.to_owned()),
        ]
    };
    let named = send("Ada Lovelace waited two hours for her carer.");
    let named: Vec<(&str, &str)> = named.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = browser.post("/feedback/raise", &named).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body.contains("The finding must not name the person or give their contact details: write it so nobody can be identified."),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("Ada Lovelace waited two hours"),
        "kept what was typed"
    );
    assert!(refused.body.contains(r#"value="Carers late for visits""#));

    let fine = send("People waited up to two hours for a carer, three times in a month.");
    let fine: Vec<(&str, &str)> = fine.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let raised = browser.post("/feedback/raise", &fine).await;
    assert_eq!(raised.status, 303, "{}", raised.body);
    assert_eq!(
        raised.location.as_deref(),
        Some(format!("/feedback/{one}?done=raised").as_str())
    );
    let data: Value = app
        .ok(Some(&team.access_token), "FeedbackItem", json!({ "id": one }))
        .await;
    let finding = data["feedbackItem"]["findings"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for id in [&one, &two] {
        let page = browser.get(&format!("/feedback/{id}")).await;
        assert!(
            page.body.contains(&format!(r#"href="/findings/{finding}""#)),
            "{}",
            page.body
        );
        assert!(page.body.contains("Raised as a finding"));
    }

    // Only the team raises: officers are told so, and nothing ticked is explained.
    let mut o = Browser::signed_in(&app, &officer);
    assert_eq!(o.get(&format!("/feedback/raise?item={one}")).await.status, 403);
    let none = browser.get("/feedback/raise").await;
    assert_eq!(none.status, 400);
    assert!(none.body.contains("Choose the items first"));
}
