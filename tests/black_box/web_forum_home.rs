//! The forum home as a task list for the person: votes and decisions they
//! have still to do (and when the soonest closes, in UK time), what they
//! have already voted on, and open decisions beside open votes.
#![allow(clippy::unwrap_used)]

use chrono::{Datelike, NaiveDate, Utc};
use serde_json::json;

use crate::co_design::{draft, new_finding, opened, proposed, stage, voted as decided};
use crate::common::*;
use crate::support::*;
use crate::web_csrf::Browser;

/// The text of `html` without tags, spaces run together: what a screen
/// reader says.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn the_forum_home_lists_what_the_person_has_to_do_and_has_done() {
    let app = spawn_app().await;
    let st = stage(&app, "web-home-tasks", 1).await;
    let s = &st.s;
    let sam = &s.members[0];
    let fac = &s.facilitator.access_token;
    let second = new_finding(&app, &s.facilitator, &s.forum_id, "Waiting times").await;
    let findings = [st.finding.clone(), second];
    // 15 January next year at 5pm: GMT, so UK time is UTC.
    let next_year = Utc::now().year() + 1;
    let day = NaiveDate::from_ymd_opt(next_year, 1, 15).unwrap();
    let closes = format!("{next_year}-01-15T17:00:00Z");
    let with_title = |title: &str, extra: serde_json::Value| {
        let mut input = json!({ "title": title });
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        input
    };
    let soon = open_id(
        &app,
        fac,
        &s.forum_id,
        &findings,
        "APPROVAL",
        with_title("Bus passes", json!({ "closesAt": closes })),
    )
    .await;
    let later = open_id(
        &app,
        fac,
        &s.forum_id,
        &findings,
        "APPROVAL",
        with_title("Day centres", json!({})),
    )
    .await;
    let done = open_id(
        &app,
        fac,
        &s.forum_id,
        &findings,
        "APPROVAL",
        with_title("Meals", json!({})),
    )
    .await;
    vote(&app, sam, &done, &[(&st.finding, 1)]).await;
    // Two decisions: one Sam has had their say in.
    let waiting = draft(&app, &st).await;
    opened(&app, &s.facilitator, &waiting, "CONSENT", 0.5).await;
    let said = proposed(&app, sam, &s.forum_id, "Quiet rooms", &[&st.finding]).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    opened(&app, &s.facilitator, &said, "MAJORITY", 0.5).await;
    decided(&app, sam, &said, "AGREE").await;

    let page = Browser::signed_in(&app, sam).get("/forums/web-home-tasks").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let words = text(&page.body);
    let when = format!("{} 15 January {next_year} at 5:00pm (UK time)", day.format("%A"));
    let summary =
        format!("You have 2 votes to do. One closes on {when}. 1 decision is waiting for your view.");
    assert!(words.contains(&summary), "{words}");
    // The votes to do, soonest closing first, each linking to its ballot.
    let first = page.body.find(&format!(r#"href="/rounds/{soon}/vote""#)).unwrap();
    let second = page
        .body
        .find(&format!(r#"href="/rounds/{later}/vote""#))
        .unwrap();
    assert!(first < second, "{}", page.body);
    assert!(
        words.contains(&format!("Vote in Bus passes It closes on {when}.")),
        "{words}"
    );
    assert!(
        words.contains("Vote in Day centres It is open until a facilitator closes it."),
        "{words}"
    );
    assert!(words.contains("Have your say on Easy read letters"), "{words}");
    // What they have already done, and that they can change it.
    assert!(words.contains("What you have already voted on"), "{words}");
    assert!(
        words.contains("Meals. You have voted. You can change your vote until it closes."),
        "{words}"
    );
    assert!(
        words.contains("Quiet rooms. You said: Agree. You can change it until the decision closes."),
        "{words}"
    );
    // Open decisions beside open votes.
    assert!(words.contains("Votes open now"), "{words}");
    assert!(words.contains("Decisions open now"), "{words}");
    assert!(
        page.body
            .contains(&format!(r#"href="/improvements/{said}#decision""#))
    );

    // When all is done, it says so.
    vote(&app, sam, &soon, &[(&st.finding, 1)]).await;
    vote(&app, sam, &later, &[(&st.finding, 1)]).await;
    decided(&app, sam, &waiting, "DISAGREE").await;
    let words = text(
        &Browser::signed_in(&app, sam)
            .get("/forums/web-home-tasks")
            .await
            .body,
    );
    assert!(
        words.contains("There is nothing for you to vote on or decide right now."),
        "{words}"
    );

    // Officers do not vote: no task list, but the open votes and decisions.
    let officer = app.officer(&s.admin).await;
    let words = text(
        &Browser::signed_in(&app, &officer)
            .get("/forums/web-home-tasks")
            .await
            .body,
    );
    assert!(!words.contains("Your tasks"), "{words}");
    assert!(words.contains("Bus passes"), "{words}");
    assert!(words.contains("Quiet rooms"), "{words}");
}
