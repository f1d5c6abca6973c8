//! "You said, we did": agreed improvements with their findings and latest
//! progress (`YouSaidWeDid`).
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::co_design::*;
use crate::common::*;
use crate::support::*;

/// Runs `YouSaidWeDid`; returns the whole body.
async fn you_said_we_did(app: &TestApp, token: Option<&str>, forum_id: Option<&str>) -> Value {
    app.op(token, "YouSaidWeDid", json!({ "forumId": forum_id }))
        .await
}

/// The entries `who` gets (which must succeed).
async fn entries(app: &TestApp, who: &Session, forum_id: Option<&str>) -> Vec<Value> {
    let body = you_said_we_did(app, Some(&who.access_token), forum_id).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["youSaidWeDid"].as_array().unwrap().clone()
}

/// The improvement ids of the entries, in order.
fn listed(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e["improvement"]["id"].as_str().unwrap().to_owned())
        .collect()
}

/// An improvement over `findings` proposed by `st`'s first member and agreed.
async fn agreed_over(app: &TestApp, st: &Stage, title: &str, findings: &[&str]) -> String {
    let improvement = proposed(app, &st.s.members[0], &st.s.forum_id, title, findings).await;
    let id = improvement["id"].as_str().unwrap().to_owned();
    agree(app, st, &id).await;
    id
}

#[tokio::test]
async fn an_agreed_improvement_is_listed_with_its_findings_and_latest_progress() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let officer = app.officer(&st.s.admin).await;
    let member = &st.s.members[0];
    let survey = added(
        &app,
        &member.access_token,
        with(
            finding_input(&st.s.forum_id, "Survey says"),
            json!({ "source": "SURVEY" }),
        ),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = agreed_over(&app, &st, "Easy read letters", &[&st.finding, &survey]).await;
    let agreed_at = full(&app, member, &id).await["agreedAt"].clone();
    assert_about_from_now(&agreed_at, chrono::Duration::zero());

    let got = entries(&app, member, Some(&st.s.forum_id)).await;
    assert_eq!(
        got,
        vec![json!({
            "agreedAt": agreed_at,
            "improvement": { "id": id, "title": "Easy read letters", "status": "AGREED",
                             "forum": { "slug": "carers" } },
            "findings": [
                { "id": st.finding, "title": "Letters are hard to read", "source": "COMPLAINT" },
                { "id": survey, "title": "Survey says", "source": "SURVEY" },
            ],
            "latestProgress": null,
        })]
    );

    recorded(&app, &officer, report(&id, "Template drafted", 40, "IN_PROGRESS")).await;
    recorded(&app, &officer, report(&id, "Printing", 80, "IN_PROGRESS")).await;
    let got = entries(&app, member, Some(&st.s.forum_id)).await;
    assert_eq!(got[0]["improvement"]["status"], "IN_PROGRESS");
    let latest = &got[0]["latestProgress"];
    assert_eq!(latest["note"], "Printing", "{latest}");
    assert_eq!(latest["percentComplete"], 80);
    assert_eq!(latest["status"], "IN_PROGRESS");
    assert_about_from_now(&latest["createdAt"], chrono::Duration::zero());
    assert_eq!(got[0]["agreedAt"], agreed_at, "progress leaves agreedAt");

    recorded(&app, &officer, report(&id, "Delivered", 100, "DELIVERED")).await;
    let got = entries(&app, member, None).await;
    assert_eq!(listed(&got), vec![id.clone()]);
    assert_eq!(got[0]["improvement"]["status"], "DELIVERED");
    assert_eq!(got[0]["latestProgress"]["note"], "Delivered");
    assert_eq!(got[0]["latestProgress"]["percentComplete"], 100);
}

#[tokio::test]
async fn drafts_open_decisions_and_failed_decisions_are_not_listed() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let member = &st.s.members[0];
    let _draft = draft(&app, &st).await;
    let deciding = draft(&app, &st).await;
    opened(&app, &st.s.facilitator, &deciding, "MAJORITY", 0.0).await;
    voted(&app, member, &deciding, "AGREE").await;
    let failed = draft(&app, &st).await;
    opened(&app, &st.s.facilitator, &failed, "MAJORITY", 0.0).await;
    voted(&app, member, &failed, "DISAGREE").await;
    assert_eq!(closed(&app, &st.s.facilitator, &failed).await["status"], "DRAFT");
    let no_quorum = draft(&app, &st).await;
    opened(&app, &st.s.facilitator, &no_quorum, "MAJORITY", 1.0).await;
    voted(&app, member, &no_quorum, "AGREE").await;
    let result = closed(&app, &st.s.facilitator, &no_quorum).await;
    assert_eq!(result["decision"]["outcome"], "NO_QUORUM");
    let officer = app.officer(&st.s.admin).await;
    assert_eq!(
        entries(&app, &officer, Some(&st.s.forum_id)).await,
        Vec::<Value>::new()
    );
    assert_eq!(entries(&app, member, None).await, Vec::<Value>::new());

    let now_agreed = agreed(&app, &st).await;
    assert_eq!(listed(&entries(&app, member, None).await), vec![now_agreed]);
}

#[tokio::test]
async fn the_newest_agreed_come_first() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let officer = app.officer(&st.s.admin).await;
    let first = agreed_over(&app, &st, "First agreed", &[&st.finding]).await;
    // Proposed before the third but agreed after it.
    let late = proposed(
        &app,
        &st.s.members[0],
        &st.s.forum_id,
        "Agreed last",
        &[&st.finding],
    )
    .await;
    let late = late["id"].as_str().unwrap().to_owned();
    let second = agreed_over(&app, &st, "Second agreed", &[&st.finding]).await;
    agree(&app, &st, &late).await;
    // Progress on the oldest does not move it up.
    recorded(&app, &officer, report(&first, "Delivered", 100, "DELIVERED")).await;
    let got = entries(&app, &officer, Some(&st.s.forum_id)).await;
    assert_eq!(listed(&got), vec![late, second, first]);
    let times: Vec<_> = got.iter().map(|e| time(&e["agreedAt"])).collect();
    assert!(times.windows(2).all(|w| w[0] > w[1]), "{times:?}");
}

#[tokio::test]
async fn members_see_their_forums_and_officers_see_every_forum() {
    let app = spawn_app().await;
    let carers = stage(&app, "carers", 1).await;
    let a = agreed_over(&app, &carers, "Carers idea", &[&carers.finding]).await;
    let parents = stage(&app, "parents", 1).await;
    let b = agreed_over(&app, &parents, "Parents idea", &[&parents.finding]).await;
    let officer = app.officer(&carers.s.admin).await;
    let token = api_token(&app, &officer).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;

    assert_eq!(
        listed(&entries(&app, &carers.s.members[0], None).await),
        vec![a.clone()]
    );
    assert_eq!(
        listed(&entries(&app, &parents.s.facilitator, None).await),
        vec![b.clone()]
    );
    assert_eq!(entries(&app, &outsider, None).await, Vec::<Value>::new());
    for who in [&officer, &carers.s.admin] {
        assert_eq!(
            listed(&entries(&app, who, None).await),
            vec![b.clone(), a.clone()]
        );
        let only = entries(&app, who, Some(&carers.s.forum_id)).await;
        assert_eq!(listed(&only), vec![a.clone()]);
        assert_eq!(only[0]["improvement"]["forum"]["slug"], "carers");
    }
    let body = you_said_we_did(&app, Some(&token), Some(&parents.s.forum_id)).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(listed(body["data"]["youSaidWeDid"].as_array().unwrap()), vec![b]);
}

#[tokio::test]
async fn anonymous_callers_and_outsiders_naming_a_forum_are_refused() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    agreed(&app, &st).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let other = stage(&app, "parents", 1).await;
    for forum in [None, Some(st.s.forum_id.as_str())] {
        assert_code(&you_said_we_did(&app, None, forum).await, "UNAUTHENTICATED");
    }
    for who in [&outsider, &other.s.members[0], &other.s.facilitator] {
        let body = you_said_we_did(&app, Some(&who.access_token), Some(&st.s.forum_id)).await;
        assert_code(&body, "FORBIDDEN");
        assert_eq!(body["data"], Value::Null, "{body}");
    }
}
