//! Threaded comments on findings and improvements (`AddComment`), and
//! facilitators hiding them (`hideComment`, not in the contract).
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::co_design::*;
use crate::common::*;
use crate::support::*;

/// The `Finding` contract document's comments, read by `who`.
async fn contract_finding_comments(app: &TestApp, who: &Session, finding: &str) -> Value {
    let data = app
        .ok(Some(&who.access_token), "Finding", json!({ "id": finding }))
        .await;
    data["finding"]["comments"].clone()
}

/// The contract `Improvement` document's comments, read by `who`.
async fn improvement_comments(app: &TestApp, who: &Session, id: &str) -> Value {
    let data = app
        .ok(Some(&who.access_token), "Improvement", json!({ "id": id }))
        .await;
    data["improvement"]["comments"].clone()
}

#[tokio::test]
async fn members_comment_on_findings_and_improvements_exactly_as_written() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let member = named_member(&app, &st.s.admin, &st.s.forum_id, "MEMBER", "Ada Byron").await;
    let text = "  Two spaces first,\n\nthen a blank line 🙂 and a tab\t  \n";
    for subject in [&st.finding, &id] {
        let comment = commented(&app, &member, subject, text, None).await;
        assert_eq!(comment["body"], text);
        assert_eq!(comment["parentId"], Value::Null);
        assert_eq!(
            comment["author"],
            json!({ "id": member.user_id, "displayName": "Ada Byron" })
        );
        assert_about_from_now(&comment["createdAt"], chrono::Duration::zero());
    }
    let on_finding = contract_finding_comments(&app, &st.s.members[0], &st.finding).await;
    assert_eq!(on_finding.as_array().unwrap().len(), 1, "{on_finding}");
    assert_eq!(on_finding[0]["body"], text);
    assert_eq!(on_finding[0]["author"]["displayName"], "Ada Byron");
    let on_improvement = improvement_comments(&app, &st.s.facilitator, &id).await;
    assert_eq!(on_improvement.as_array().unwrap().len(), 1, "{on_improvement}");
    assert_eq!(on_improvement[0]["body"], text);
    assert_ne!(on_improvement[0]["id"], on_finding[0]["id"]);

    let by_facilitator = commented(&app, &st.s.facilitator, &id, "Thanks", None).await;
    assert_eq!(by_facilitator["author"]["id"], st.s.facilitator.user_id.as_str());
}

#[tokio::test]
async fn replies_thread_by_parent_and_comments_come_back_oldest_first() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 2).await;
    let id = draft(&app, &st).await;
    let (a, b) = (&st.s.members[0], &st.s.members[1]);
    for subject in [&st.finding, &id] {
        let first = commented(&app, a, subject, "First", None).await;
        let first_id = first["id"].as_str().unwrap();
        let reply = commented(&app, b, subject, "A reply", Some(first_id)).await;
        assert_eq!(reply["parentId"], first_id);
        let reply_id = reply["id"].as_str().unwrap();
        let nested = commented(&app, a, subject, "A reply to the reply", Some(reply_id)).await;
        assert_eq!(nested["parentId"], reply_id);
        let second = commented(&app, &st.s.facilitator, subject, "Second", None).await;

        let listed = if subject == &id {
            improvement_comments(&app, b, &id).await
        } else {
            contract_finding_comments(&app, b, &st.finding).await
        };
        let got: Vec<(Value, Value, Value)> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["id"].clone(), c["body"].clone(), c["parentId"].clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (first["id"].clone(), json!("First"), Value::Null),
                (reply["id"].clone(), json!("A reply"), first["id"].clone()),
                (
                    nested["id"].clone(),
                    json!("A reply to the reply"),
                    reply["id"].clone()
                ),
                (second["id"].clone(), json!("Second"), Value::Null),
            ]
        );
    }
}

#[tokio::test]
async fn a_reply_answers_a_comment_on_the_same_subject() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let member = &st.s.members[0];
    let other_finding = new_finding(&app, member, &st.s.forum_id, "Another").await;
    let on_finding = commented(&app, member, &st.finding, "On the finding", None).await;
    let on_improvement = commented(&app, member, &id, "On the improvement", None).await;
    let unknown = "00000000-0000-7000-8000-000000000000";
    for (subject, parent) in [
        (&id, on_finding["id"].as_str().unwrap()),
        (&st.finding, on_improvement["id"].as_str().unwrap()),
        (&other_finding, on_finding["id"].as_str().unwrap()),
        (&id, unknown),
    ] {
        let body = comment(&app, Some(&member.access_token), subject, "Reply", Some(parent)).await;
        assert_bad_input(&body, "parentId");
    }
    assert_eq!(
        finding_comments(&app, member, &st.finding)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(finding_comments(&app, member, &other_finding).await, json!([]));
    assert_eq!(
        full(&app, member, &id).await["comments"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_body_is_one_to_ten_thousand_characters() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let member = &st.s.members[0];
    for body in [String::new(), "   \n\t ".to_owned(), "é".repeat(10_001)] {
        let reply = comment(&app, Some(&member.access_token), &st.finding, &body, None).await;
        assert_bad_input(&reply, "body");
    }
    assert_eq!(finding_comments(&app, member, &st.finding).await, json!([]));
    let longest = "é".repeat(10_000);
    let kept = commented(&app, member, &st.finding, &longest, None).await;
    assert_eq!(kept["body"], longest.as_str());
    let single = commented(&app, member, &st.finding, "x", None).await;
    assert_eq!(single["body"], "x");
}

#[tokio::test]
async fn only_members_of_the_forum_and_council_officers_comment() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let officer = app.officer(&st.s.admin).await;
    let token = api_token(&app, &officer).await;
    for subject in [&st.finding, &id] {
        for (who, code) in [
            (Some(outsider.access_token.as_str()), "NOT_FOUND"),
            (Some(token.as_str()), "FORBIDDEN"),
            (None, "UNAUTHENTICATED"),
        ] {
            assert_code(&comment(&app, who, subject, "Hello", None).await, code);
        }
    }
    let unknown = "00000000-0000-7000-8000-000000000000";
    let body = comment(&app, Some(&st.s.members[0].access_token), unknown, "Hello", None).await;
    assert_code(&body, "NOT_FOUND");
    assert_eq!(
        finding_comments(&app, &st.s.facilitator, &st.finding).await,
        json!([])
    );
    assert_eq!(full(&app, &st.s.facilitator, &id).await["comments"], json!([]));

    // Officers and admins, members of no forum, comment as the council.
    for subject in [&st.finding, &id] {
        for who in [&officer, &st.s.admin] {
            let said = commented(&app, who, subject, "The council is looking at this.", None).await;
            assert_eq!(said["author"]["id"], who.user_id.as_str(), "{said}");
        }
    }
}

#[tokio::test]
async fn a_hidden_comment_keeps_its_place_and_replies_but_shows_no_body() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let member = &st.s.members[0];
    for subject in [&st.finding, &id] {
        let rude = commented(&app, member, subject, "Something rude", None).await;
        let rude_id = rude["id"].as_str().unwrap();
        let reply = commented(&app, &st.s.facilitator, subject, "Please be kind", Some(rude_id)).await;
        let body = hide(&app, Some(&st.s.facilitator.access_token), rude_id).await;
        assert_eq!(
            body["data"]["hideComment"],
            json!({ "id": rude_id, "body": null, "hidden": true, "parentId": null }),
            "{body}"
        );
        let listed = if subject == &id {
            full(&app, member, &id).await["comments"].clone()
        } else {
            finding_comments(&app, member, &st.finding).await
        };
        let got: Vec<Value> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|c| json!([c["id"], c["body"], c["hidden"], c["parentId"]]))
            .collect();
        assert_eq!(
            got,
            vec![
                json!([rude_id, null, true, null]),
                json!([reply["id"], "Please be kind", false, rude_id]),
            ]
        );
    }
    // The contract's Finding document shows it without a body too.
    let listed = app
        .ok(Some(&member.access_token), "Finding", json!({ "id": st.finding }))
        .await;
    assert_eq!(listed["finding"]["comments"][0]["body"], Value::Null, "{listed}");
}

#[tokio::test]
async fn a_reply_to_a_comment_in_another_forum_reads_as_one_that_does_not_exist() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let elsewhere = stage(&app, "parents", 1).await;
    let id = draft(&app, &st).await;
    let hidden_from_member = commented(&app, &elsewhere.s.members[0], &elsewhere.finding, "Ours", None).await;
    let member = &st.s.members[0];
    let other_forum = hidden_from_member["id"].as_str().unwrap();
    let nowhere = "00000000-0000-7000-8000-000000000000";
    for subject in [&st.finding, &id] {
        let mut answers = Vec::new();
        for parent in [other_forum, nowhere] {
            let body = comment(&app, Some(&member.access_token), subject, "Reply", Some(parent)).await;
            assert_bad_input(&body, "parentId");
            answers.push(body["errors"][0]["message"].clone());
        }
        assert_eq!(answers[0], answers[1], "the answers tell the comment exists");
    }
}

#[tokio::test]
async fn only_the_forums_facilitators_hide_comments() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let elsewhere = stage(&app, "parents", 0).await;
    let member = &st.s.members[0];
    let kept = commented(&app, member, &st.finding, "Fair point", None).await;
    let kept_id = kept["id"].as_str().unwrap();
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let officer = app.officer(&st.s.admin).await;
    for (who, code) in [
        (Some(member.access_token.as_str()), "FORBIDDEN"),
        (Some(officer.access_token.as_str()), "FORBIDDEN"),
        (Some(elsewhere.s.facilitator.access_token.as_str()), "NOT_FOUND"),
        (Some(outsider.access_token.as_str()), "NOT_FOUND"),
        (None, "UNAUTHENTICATED"),
    ] {
        assert_code(&hide(&app, who, kept_id).await, code);
    }
    let listed = finding_comments(&app, member, &st.finding).await;
    assert_eq!(listed[0]["body"], "Fair point", "{listed}");
    assert_eq!(listed[0]["hidden"], false);
    let unknown = hide(
        &app,
        Some(&st.s.facilitator.access_token),
        "00000000-0000-7000-8000-000000000000",
    )
    .await;
    assert_code(&unknown, "NOT_FOUND");
}
