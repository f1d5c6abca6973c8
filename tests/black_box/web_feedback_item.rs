//! An item's page without JavaScript: only the actions its status allows,
//! each refusal on the same page in a whole sentence with what was typed,
//! the Ombudsman and its remedies, and logging by hand.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, Utc};
use coforum_domain::feedback::day_in_england;

use crate::common::*;
use crate::feedback_support::*;
use crate::web_csrf::{Browser, Page};

/// The forms an item's page offers, by their action's last part.
pub fn actions(page: &Page) -> Vec<&'static str> {
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
