//! Proposing improvements, reading them, and where they are listed
//! (`Finding.improvements`, `Priority.improvements`, `forum.improvements`).
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::co_design::*;
use crate::common::*;
use crate::support::*;

/// The forum's improvements as the contract's `ForumBySlug` lists them.
async fn forum_improvements(app: &TestApp, who: &Session, slug: &str) -> Value {
    let data = app
        .ok(Some(&who.access_token), "ForumBySlug", json!({ "slug": slug }))
        .await;
    data["forum"]["improvements"].clone()
}

#[tokio::test]
async fn members_and_facilitators_propose_drafts_at_revision_one_as_first_co_author() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let second = new_finding(&app, &st.s.members[0], &st.s.forum_id, "Nobody explains").await;
    for who in [&st.s.members[0], &st.s.facilitator] {
        let improvement = proposed(
            &app,
            who,
            &st.s.forum_id,
            "Easy read letters",
            &[&st.finding, &second],
        )
        .await;
        assert_eq!(improvement["title"], "Easy read letters");
        assert_eq!(improvement["summary"], "Send every letter in easy read as well.");
        assert_eq!(improvement["status"], "DRAFT");
        assert_eq!(improvement["revision"], 1);
        assert_eq!(improvement["coAuthors"], json!([{ "id": who.user_id }]));
        assert_eq!(
            ids(&improvement["findings"]),
            vec![st.finding.clone(), second.clone()]
        );
        assert_eq!(improvement["forum"], json!({ "id": st.s.forum_id }));
    }
    assert_eq!(
        forum_improvements(&app, &st.s.admin, "carers")
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn only_signed_in_members_of_the_forum_propose() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 0).await;
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let officer = app.officer(&st.s.admin).await;
    let token = api_token(&app, &officer).await;
    let input = proposal(&st.s.forum_id, "Easy read letters", &[&st.finding]);
    for (who, code) in [
        (Some(outsider.access_token.as_str()), "FORBIDDEN"),
        (Some(officer.access_token.as_str()), "FORBIDDEN"),
        (Some(st.s.admin.access_token.as_str()), "FORBIDDEN"),
        (Some(token.as_str()), "FORBIDDEN"),
        (None, "UNAUTHENTICATED"),
    ] {
        assert_code(&propose(&app, who, input.clone()).await, code);
    }
    assert_eq!(forum_improvements(&app, &st.s.admin, "carers").await, json!([]));
}

#[tokio::test]
async fn a_proposal_links_one_or_more_findings_of_its_own_forum_each_once() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let other_forum = app.forum(&st.s.admin, "parents").await;
    let elsewhere = new_finding(&app, &st.s.admin, &other_forum, "Elsewhere").await;
    let member = Some(st.s.members[0].access_token.as_str());
    for findings in [
        vec![st.finding.as_str(), elsewhere.as_str()],
        vec![elsewhere.as_str()],
        vec![],
        vec![st.finding.as_str(), st.finding.as_str()],
    ] {
        let input = proposal(&st.s.forum_id, "Easy read letters", &findings);
        assert_bad_input(&propose(&app, member, input).await, "findingIds");
    }
    assert_eq!(forum_improvements(&app, &st.s.admin, "carers").await, json!([]));
    assert_eq!(forum_improvements(&app, &st.s.admin, "parents").await, json!([]));
}

#[tokio::test]
async fn a_proposal_needs_a_title_of_three_characters_and_a_summary() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let member = Some(st.s.members[0].access_token.as_str());
    let base = proposal(&st.s.forum_id, "Easy read letters", &[&st.finding]);
    for (extra, field) in [
        (json!({ "title": "ab" }), "title"),
        (json!({ "title": "  ab  " }), "title"),
        (json!({ "summary": "" }), "summary"),
        (json!({ "summary": "  \n " }), "summary"),
    ] {
        assert_bad_input(&propose(&app, member, with(base.clone(), extra)).await, field);
    }
    assert_eq!(forum_improvements(&app, &st.s.admin, "carers").await, json!([]));
    let three = proposed(&app, &st.s.members[0], &st.s.forum_id, "abc", &[&st.finding]).await;
    assert_eq!(three["title"], "abc");
}

#[tokio::test]
async fn a_proposal_to_an_unknown_forum_is_not_found() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let input = proposal(
        "00000000-0000-7000-8000-000000000000",
        "Easy read letters",
        &[&st.finding],
    );
    let body = propose(&app, Some(&st.s.members[0].access_token), input).await;
    assert_code(&body, "NOT_FOUND");
}

#[tokio::test]
async fn members_officers_and_admins_read_an_improvement_and_outsiders_find_nothing() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 2).await;
    let id = draft(&app, &st).await;
    let officer = app.officer(&st.s.admin).await;
    let token = api_token(&app, &officer).await;
    let expected_co_authors = json!([{ "id": st.s.members[0].user_id, "displayName": "MEMBER" }]);
    for who in [
        &st.s.members[1].access_token,
        &st.s.facilitator.access_token,
        &officer.access_token,
        &st.s.admin.access_token,
        &token,
    ] {
        let data = app.ok(Some(who), "Improvement", json!({ "id": id })).await;
        let improvement = &data["improvement"];
        assert_eq!(improvement["id"], id.as_str());
        assert_eq!(improvement["status"], "DRAFT");
        assert_eq!(improvement["forum"]["slug"], "carers");
        assert_eq!(improvement["coAuthors"], expected_co_authors);
        assert_eq!(
            improvement["findings"],
            json!([{ "id": st.finding, "title": "Letters are hard to read" }])
        );
        assert_eq!(improvement["decision"], Value::Null);
        assert_eq!(improvement["myVote"], Value::Null);
        assert_eq!(improvement["comments"], json!([]));
        assert_eq!(improvement["progress"], json!([]));
    }
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let body = app
        .op(Some(&outsider.access_token), "Improvement", json!({ "id": id }))
        .await;
    assert_code(&body, "NOT_FOUND");
    assert_code(
        &app.op(None, "Improvement", json!({ "id": id })).await,
        "UNAUTHENTICATED",
    );
    let unknown = json!({ "id": "00000000-0000-7000-8000-000000000000" });
    let body = app
        .op(Some(&st.s.admin.access_token), "Improvement", unknown)
        .await;
    assert_code(&body, "NOT_FOUND");
}

#[tokio::test]
async fn a_finding_lists_the_improvements_linked_to_it() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let member = &st.s.members[0];
    let other = new_finding(&app, member, &st.s.forum_id, "Nobody explains").await;
    let both = proposed(&app, member, &st.s.forum_id, "Both", &[&st.finding, &other]).await;
    let only_other = proposed(&app, member, &st.s.forum_id, "Only other", &[&other]).await;
    let read = |id: String| {
        let app = &app;
        async move {
            let data = app
                .ok(Some(&member.access_token), "Finding", json!({ "id": id }))
                .await;
            data["finding"]["improvements"].clone()
        }
    };
    assert_eq!(
        read(st.finding.clone()).await,
        json!([{ "id": both["id"], "title": "Both", "status": "DRAFT" }])
    );
    let linked = read(other.clone()).await;
    let mut linked_ids = ids(&linked);
    linked_ids.sort();
    let mut expected = vec![
        both["id"].as_str().unwrap().to_owned(),
        only_other["id"].as_str().unwrap().to_owned(),
    ];
    expected.sort();
    assert_eq!(linked_ids, expected, "{linked}");
    let lonely = new_finding(&app, member, &st.s.forum_id, "Unanswered").await;
    assert_eq!(read(lonely).await, json!([]));
}

#[tokio::test]
async fn a_forum_lists_its_improvements_newest_first() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let other = stage(&app, "parents", 1).await;
    let mut made = Vec::new();
    for title in ["First idea", "Second idea", "Third idea"] {
        let improvement = proposed(&app, &st.s.members[0], &st.s.forum_id, title, &[&st.finding]).await;
        made.push(json!({ "id": improvement["id"], "title": title, "status": "DRAFT" }));
    }
    proposed(
        &app,
        &other.s.members[0],
        &other.s.forum_id,
        "Not here",
        &[&other.finding],
    )
    .await;
    made.reverse();
    assert_eq!(
        forum_improvements(&app, &st.s.members[0], "carers").await,
        Value::Array(made)
    );
}

#[tokio::test]
async fn priorities_list_the_improvements_linked_to_each_finding() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let member = &st.s.members[0];
    let other = new_finding(&app, member, &st.s.forum_id, "Nobody explains").await;
    let round_id = open_id(
        &app,
        &st.s.facilitator.access_token,
        &st.s.forum_id,
        &[st.finding.clone(), other.clone()],
        "APPROVAL",
        json!({}),
    )
    .await;
    vote(&app, member, &round_id, &[(st.finding.as_str(), 1)]).await;
    close(&app, &st.s.facilitator.access_token, &round_id).await;
    let improvement = proposed(&app, member, &st.s.forum_id, "Easy read letters", &[&st.finding]).await;

    let data = app
        .ok(
            Some(&st.s.admin.access_token),
            "Priorities",
            json!({ "forumId": st.s.forum_id }),
        )
        .await;
    let entries = data["priorities"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{data}");
    for entry in entries {
        let expected = if entry["finding"]["id"] == st.finding.as_str() {
            json!([{ "id": improvement["id"], "title": "Easy read letters", "status": "DRAFT" }])
        } else {
            json!([])
        };
        assert_eq!(entry["improvements"], expected, "{entry}");
    }
}
