//! Officers and facilitators in the conversation, and moderation (issue 16):
//! officers' comments are marked `byOfficer`; facilitators record progress
//! where an admin allows it (`setForumSettings`); a hidden comment shows its
//! reason and can be shown again; members report comments and facilitators
//! see the reports (`reportedComments`), never who sent them.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::co_design::*;
use crate::common::*;
use crate::support::*;

const THREAD: &str = "query Thread($id: ID!) {
  finding(id: $id) { comments { id body hidden hiddenReason byOfficer author { id } } }
}";

const SETTINGS: &str = "mutation Settings($input: ForumSettingsInput!) {
  setForumSettings(input: $input) { id facilitatorsRecordProgress }
}";

const UNHIDE: &str = "mutation Unhide($id: ID!) { unhideComment(id: $id) { id body hidden hiddenReason } }";
const REPORT: &str =
    "mutation Report($id: ID!, $reason: String!) { reportComment(id: $id, reason: $reason) { id } }";
const DISMISS: &str = "mutation Dismiss($id: ID!) { dismissCommentReports(id: $id) { id } }";
const REPORTED: &str = "query Reported($slug: String!) {
  forum(slug: $slug) { reportedComments { findingId improvementId comment { id body } reports { reason createdAt } } }
}";

async fn thread(app: &TestApp, who: &Session, finding: &str) -> Value {
    let body = app
        .graphql(Some(&who.access_token), THREAD, json!({ "id": finding }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["finding"]["comments"].clone()
}

async fn settings(app: &TestApp, token: Option<&str>, forum_id: &str, allowed: Option<bool>) -> Value {
    let mut input = json!({ "forumId": forum_id });
    if let Some(allowed) = allowed {
        input["facilitatorsRecordProgress"] = json!(allowed);
    }
    app.graphql(token, SETTINGS, json!({ "input": input })).await
}

async fn report_comment(app: &TestApp, token: Option<&str>, id: &str, reason: &str) -> Value {
    app.graphql(token, REPORT, json!({ "id": id, "reason": reason }))
        .await
}

async fn reported(app: &TestApp, token: Option<&str>, slug: &str) -> Value {
    app.graphql(token, REPORTED, json!({ "slug": slug })).await
}

fn reasons(body: &Value) -> Vec<(String, Vec<String>)> {
    body["data"]["forum"]["reportedComments"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|r| {
            let reasons = r["reports"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["reason"].as_str().unwrap().to_owned())
                .collect();
            (r["comment"]["id"].as_str().unwrap().to_owned(), reasons)
        })
        .collect()
}

#[tokio::test]
async fn officers_comments_are_marked_as_the_councils() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let officer = app.officer(&st.s.admin).await;
    let member = &st.s.members[0];
    commented(&app, member, &st.finding, "This happened to me.", None).await;
    commented(
        &app,
        &officer,
        &st.finding,
        "We are sorry. We are fixing it.",
        None,
    )
    .await;
    let listed = thread(&app, member, &st.finding).await;
    let marks: Vec<Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| json!([c["author"]["id"], c["byOfficer"]]))
        .collect();
    assert_eq!(
        marks,
        vec![json!([member.user_id, false]), json!([officer.user_id, true])]
    );
}

#[tokio::test]
async fn facilitators_record_progress_only_where_an_admin_allows_it() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = agreed(&app, &st).await;
    let fac = Some(st.s.facilitator.access_token.as_str());
    let first = report(&id, "Letters drafted", 30, "IN_PROGRESS");

    // Off by default: the facilitator is refused, and nothing is written.
    assert_code(&record(&app, fac, first.clone()).await, "FORBIDDEN");
    assert_eq!(full(&app, &st.s.facilitator, &id).await["progress"], json!([]));

    // Only admins change the setting.
    let officer = app.officer(&st.s.admin).await;
    let token = api_token(&app, &officer).await;
    let admin_token = api_token(&app, &st.s.admin).await;
    for (who, code) in [
        (fac, "FORBIDDEN"),
        (Some(st.s.members[0].access_token.as_str()), "FORBIDDEN"),
        (Some(officer.access_token.as_str()), "FORBIDDEN"),
        (Some(token.as_str()), "FORBIDDEN"),
        (Some(admin_token.as_str()), "FORBIDDEN"),
        (None, "UNAUTHENTICATED"),
    ] {
        assert_code(&settings(&app, who, &st.s.forum_id, Some(true)).await, code);
    }
    let unknown = "00000000-0000-7000-8000-000000000000";
    let admin = Some(st.s.admin.access_token.as_str());
    assert_code(&settings(&app, admin, unknown, Some(true)).await, "NOT_FOUND");
    assert_bad_input(&settings(&app, admin, "not-an-id", Some(true)).await, "forumId");

    let on = settings(&app, admin, &st.s.forum_id, Some(true)).await;
    assert_eq!(
        on["data"]["setForumSettings"]["facilitatorsRecordProgress"], true,
        "{on}"
    );
    // Leaving the setting out keeps it.
    let kept = settings(&app, admin, &st.s.forum_id, None).await;
    assert_eq!(
        kept["data"]["setForumSettings"]["facilitatorsRecordProgress"],
        true
    );

    let done = recorded(&app, &st.s.facilitator, first).await;
    assert_eq!(done["status"], "IN_PROGRESS");
    assert_eq!(
        done["progress"][0]["author"]["id"],
        st.s.facilitator.user_id.as_str()
    );
    // Members still may not; neither may an API token.
    let member = Some(st.s.members[0].access_token.as_str());
    assert_code(
        &record(&app, member, report(&id, "x", 50, "IN_PROGRESS")).await,
        "FORBIDDEN",
    );
    assert_code(
        &record(&app, Some(&token), report(&id, "x", 50, "IN_PROGRESS")).await,
        "FORBIDDEN",
    );

    // Turned off again, the facilitator is refused once more.
    settings(&app, admin, &st.s.forum_id, Some(false)).await;
    assert_code(
        &record(&app, fac, report(&id, "Printing", 60, "IN_PROGRESS")).await,
        "FORBIDDEN",
    );
    assert_eq!(
        full(&app, &st.s.facilitator, &id).await["progress"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_hidden_comment_shows_its_reason_and_can_be_shown_again() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let member = &st.s.members[0];
    let said = commented(&app, member, &st.finding, "Call Sam on 07700 900123", None).await;
    let id = said["id"].as_str().unwrap();
    let fac = Some(st.s.facilitator.access_token.as_str());

    // A reason is needed: blank or too long is refused and hides nothing.
    for reason in ["  ", &"a".repeat(501)] {
        let body = app
            .graphql(fac, HIDE_COMMENT, json!({ "id": id, "reason": reason }))
            .await;
        assert_bad_input(&body, "reason");
    }
    assert_eq!(thread(&app, member, &st.finding).await[0]["hidden"], false);

    let body = app
        .graphql(
            fac,
            HIDE_COMMENT,
            json!({ "id": id, "reason": "  It shares a phone number. " }),
        )
        .await;
    assert_eq!(body["data"]["hideComment"]["hidden"], true, "{body}");
    let shown = &thread(&app, member, &st.finding).await[0];
    assert_eq!(shown["body"], Value::Null);
    assert_eq!(shown["hiddenReason"], "It shares a phone number.");

    // Showing it again: facilitators only; the words come back as written.
    let officer = app.officer(&st.s.admin).await;
    for (who, code) in [
        (Some(member.access_token.as_str()), "FORBIDDEN"),
        (Some(officer.access_token.as_str()), "FORBIDDEN"),
        (None, "UNAUTHENTICATED"),
    ] {
        assert_code(&app.graphql(who, UNHIDE, json!({ "id": id })).await, code);
    }
    let back = app.graphql(fac, UNHIDE, json!({ "id": id })).await;
    assert_eq!(
        back["data"]["unhideComment"],
        json!({ "id": id, "body": "Call Sam on 07700 900123", "hidden": false, "hiddenReason": null }),
        "{back}"
    );
    let shown = &thread(&app, member, &st.finding).await[0];
    assert_eq!(shown["body"], "Call Sam on 07700 900123");
    assert_eq!(shown["hiddenReason"], Value::Null);
}

#[tokio::test]
async fn members_report_comments_and_facilitators_see_why_but_not_who() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 2).await;
    let elsewhere = stage(&app, "parents", 0).await;
    let (ann, bob) = (&st.s.members[0], &st.s.members[1]);
    let rude = commented(&app, ann, &st.finding, "Something unkind", None).await;
    let rude = rude["id"].as_str().unwrap();
    let fine = commented(&app, ann, &st.finding, "Something fair", None).await;
    let fine = fine["id"].as_str().unwrap();
    let fac = Some(st.s.facilitator.access_token.as_str());
    let officer = app.officer(&st.s.admin).await;
    let token = api_token(&app, &officer).await;

    // Who may report: members and officers; not an API token, not outsiders.
    for (who, code) in [
        (Some(token.as_str()), "FORBIDDEN"),
        (Some(elsewhere.s.facilitator.access_token.as_str()), "NOT_FOUND"),
        (None, "UNAUTHENTICATED"),
    ] {
        assert_code(&report_comment(&app, who, rude, "Unkind").await, code);
    }
    assert_bad_input(
        &report_comment(&app, Some(&bob.access_token), rude, " ").await,
        "reason",
    );

    for (who, reason) in [
        (bob, "It is unkind."),
        (&officer, "It breaks the rules."),
        // Reporting again replaces the reason: one person counts once.
        (bob, "It is unkind to Ann."),
    ] {
        let body = report_comment(&app, Some(&who.access_token), rude, reason).await;
        assert!(body.get("errors").is_none(), "{body}");
    }
    report_comment(&app, Some(&bob.access_token), fine, "I disagree.").await;

    // Facilitators and admins see the reports; nobody else does.
    let listed = reported(&app, fac, "carers").await;
    assert_eq!(
        reasons(&listed),
        vec![
            (
                rude.to_owned(),
                vec![
                    "It breaks the rules.".to_owned(),
                    "It is unkind to Ann.".to_owned()
                ]
            ),
            (fine.to_owned(), vec!["I disagree.".to_owned()]),
        ]
    );
    assert_eq!(
        listed["data"]["forum"]["reportedComments"][0]["findingId"],
        st.finding.as_str()
    );
    let by_admin = reported(&app, Some(&st.s.admin.access_token), "carers").await;
    assert_eq!(reasons(&by_admin).len(), 2, "{by_admin}");
    for who in [&ann.access_token, &officer.access_token, &token] {
        assert_code(&reported(&app, Some(who), "carers").await, "FORBIDDEN");
    }
    // No field says who reported: the type has none.
    let who = app
        .graphql(
            fac,
            "query($slug: String!) { forum(slug: $slug) { reportedComments { reports { reporter { id } } } } }",
            json!({ "slug": "carers" }),
        )
        .await;
    let message = who["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("Unknown field \"reporter\""), "{who}");

    // Hiding deals with a comment's reports; a hidden one takes no more.
    hide(&app, fac, rude).await;
    assert_code(
        &report_comment(&app, Some(&bob.access_token), rude, "Still unkind").await,
        "CONFLICT",
    );
    // Keeping one clears its reports: facilitators only.
    assert_code(
        &app.graphql(Some(&bob.access_token), DISMISS, json!({ "id": fine }))
            .await,
        "FORBIDDEN",
    );
    let kept = app.graphql(fac, DISMISS, json!({ "id": fine })).await;
    assert!(kept.get("errors").is_none(), "{kept}");
    assert_eq!(reasons(&reported(&app, fac, "carers").await), vec![]);
    let shown = thread(&app, ann, &st.finding).await;
    assert_eq!(shown[1]["body"], "Something fair");
}
