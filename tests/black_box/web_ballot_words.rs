//! The words of ballots and rounds (issue 16): each finding on a ballot
//! opens in place or in a new tab, so the ballot is not lost; a closed
//! round says when it closed and no longer "How to vote"; the ranked
//! ballot's instructions are two short sentences and "Schulze" is only in
//! "About how votes are counted"; the decision form says votes are open by
//! name before the vote; results shown to everyone while open do not say
//! they are for facilitators only.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use crate::co_design::*;
use crate::common::*;
use crate::support::*;
use crate::web_csrf::Browser;

/// The `<details class="counting">` element of a page, if any.
fn counting(body: &str) -> Option<&str> {
    let (_, rest) = body.split_once(r#"<details class="counting">"#)?;
    Some(rest.split_once("</details>").unwrap().0)
}

#[tokio::test]
async fn a_ranked_ballot_is_short_and_keeps_the_method_in_a_detail() {
    let app = spawn_app().await;
    let s = scene(&app, "web-ranked", 1).await;
    let fac = s.facilitator.access_token.clone();
    let body = "The lift at the library has been broken since March. ".repeat(10);
    let mut ids = Vec::new();
    for title in ["Lift broken", "Letters hard to read"] {
        let input = with(finding_input(&s.forum_id, title), json!({ "body": body }));
        ids.push(added(&app, &fac, input).await["id"].as_str().unwrap().to_owned());
    }
    let round = open_id(&app, &fac, &s.forum_id, &ids, "RANKED", json!({})).await;
    let mut member = Browser::signed_in(&app, &s.members[0]);
    let ballot = member.get(&format!("/rounds/{round}/vote")).await;
    assert_eq!(ballot.status, 200, "{}", ballot.body);
    assert!(
        ballot.body.contains(
            "Number the findings in order, with 1 for the most important. \
             Findings can share a number, and you can leave a box empty.</p>"
        ),
        "{}",
        ballot.body
    );
    let detail = counting(&ballot.body).unwrap_or_else(|| panic!("{}", ballot.body));
    assert!(detail.contains("<summary>About how votes are counted</summary>"));
    assert!(detail.contains("Schulze"));
    assert_eq!(
        ballot.body.matches("Schulze").count(),
        detail.matches("Schulze").count()
    );

    // Each finding opens in place (no script), or whole in a new tab.
    for id in &ids {
        let link = format!(r#"<a href="/findings/{id}" target="_blank" rel="noopener">"#);
        assert!(ballot.body.contains(&link), "{}", ballot.body);
    }
    assert_eq!(
        ballot.body.matches(r#"<details class="finding-about">"#).count(),
        2
    );
    assert!(
        ballot
            .body
            .contains("The lift at the library has been broken since March.")
    );
    assert!(ballot.body.contains("…</span></p>"), "a long text is cut");

    // The round page: how to vote while open, the method only in the detail.
    let page = member.get(&format!("/rounds/{round}")).await;
    assert!(page.body.contains("How to vote:"), "{}", page.body);
    let detail = counting(&page.body).unwrap();
    assert_eq!(
        page.body.matches("Schulze").count(),
        detail.matches("Schulze").count()
    );

    // Closed: when it closed, and no "How to vote".
    close(&app, &fac, &round).await;
    let page = member.get(&format!("/rounds/{round}")).await;
    assert!(!page.body.contains("How to vote"), "{}", page.body);
    assert!(page.body.contains("Voting closed on "), "{}", page.body);
    assert!(page.body.contains("(UK time)"), "{}", page.body);
}

#[tokio::test]
async fn other_ballots_open_each_finding_without_losing_the_form() {
    let app = spawn_app().await;
    let s = scene(&app, "web-ballots", 1).await;
    let fac = s.facilitator.access_token.clone();
    let ids = findings(&app, &fac, &s.forum_id, 2).await;
    let mut member = Browser::signed_in(&app, &s.members[0]);
    for method in ["DOT", "APPROVAL", "SCORE"] {
        let round = open_id(&app, &fac, &s.forum_id, &ids, method, json!({})).await;
        let ballot = member.get(&format!("/rounds/{round}/vote")).await;
        assert_eq!(
            ballot.body.matches(r#"<details class="finding-about">"#).count(),
            2,
            "{method}: {}",
            ballot.body
        );
        assert_eq!(
            ballot
                .body
                .matches(r#"target="_blank" rel="noopener">Read the whole finding"#)
                .count(),
            2,
            "{method}"
        );
        assert!(ballot.body.contains("(opens in a new tab)</a>"), "{method}");
        assert!(counting(&ballot.body).is_none(), "{method}: only ranked rounds");
    }
}

#[tokio::test]
async fn the_decision_form_says_votes_are_open_before_the_vote() {
    let app = spawn_app().await;
    let st = stage(&app, "web-open-vote", 1).await;
    let id = draft(&app, &st).await;
    opened(&app, &st.s.facilitator, &id, "MAJORITY", 0.5).await;
    let mut member = Browser::signed_in(&app, &st.s.members[0]);
    let page = member.get(&format!("/improvements/{id}")).await;
    let said = page
        .body
        .find("Everyone in the forum can see how you voted.")
        .unwrap_or_else(|| panic!("{}", page.body));
    let form = page
        .body
        .find(&format!(r#"action="/improvements/{id}/vote""#))
        .unwrap();
    assert!(said < form, "said before the form");

    // Officers comment but do not vote: no form, so no such sentence.
    let officer = app.officer(&st.s.admin).await;
    let page = Browser::signed_in(&app, &officer)
        .get(&format!("/improvements/{id}"))
        .await;
    assert!(
        !page
            .body
            .contains(&format!(r#"action="/improvements/{id}/vote""#))
    );
    assert!(page.body.contains("Add a comment"), "{}", page.body);
}

#[tokio::test]
async fn results_shown_to_everyone_while_open_do_not_say_they_are_for_facilitators() {
    let app = spawn_app().await;
    let s = scene(&app, "web-running", 1).await;
    let fac = s.facilitator.access_token.clone();
    let ids = findings(&app, &fac, &s.forum_id, 2).await;
    let shown = json!({ "hideResultsUntilClosed": false, "secret": false });
    let open_to_all = open_id(&app, &fac, &s.forum_id, &ids, "SCORE", shown).await;
    vote(&app, &s.members[0], &open_to_all, &[(&ids[0], 4)]).await;
    let mut member = Browser::signed_in(&app, &s.members[0]);
    let page = member.get(&format!("/rounds/{open_to_all}")).await;
    assert!(page.body.contains("Results so far"), "{}", page.body);
    assert!(!page.body.contains("Only facilitators"), "{}", page.body);
    assert!(
        page.body
            .contains("Everyone in the forum can see these results while the vote is open."),
        "{}",
        page.body
    );

    // A round that hides them: the facilitator is told why they see them.
    let hidden = open_id(&app, &fac, &s.forum_id, &ids, "SCORE", json!({ "secret": false })).await;
    vote(&app, &s.members[0], &hidden, &[(&ids[0], 4)]).await;
    let page = Browser::signed_in(&app, &s.facilitator)
        .get(&format!("/rounds/{hidden}"))
        .await;
    assert!(
        page.body
            .contains("Only facilitators and council officers can see results before the vote closes."),
        "{}",
        page.body
    );
    let page = member.get(&format!("/rounds/{hidden}")).await;
    assert!(!page.body.contains("Results so far"), "{}", page.body);
}
