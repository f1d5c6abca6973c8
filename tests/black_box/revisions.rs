//! Revising improvements and inviting co-authors (`ReviseImprovement`, `AddCoAuthor`).
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::co_design::*;
use crate::common::*;
use crate::support::*;

/// What a refused revision must leave as it was.
fn design(improvement: &Value) -> Value {
    json!({
        "title": improvement["title"],
        "summary": improvement["summary"],
        "revision": improvement["revision"],
        "revisions": improvement["revisions"],
    })
}

/// A revision input for `id` with `extra` over a harmless note.
fn change(id: &str, extra: Value) -> Value {
    with(json!({ "id": id, "note": "After the March meeting" }), extra)
}

#[tokio::test]
async fn a_co_author_revises_a_draft_and_every_revision_is_kept_whole() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let author = &st.s.members[0];
    let input = change(
        &id,
        json!({ "title": "Easy read and large print", "summary": "Both formats, on request." }),
    );
    let body = revise(&app, Some(&author.access_token), input).await;
    let revised = &body["data"]["reviseImprovement"];
    assert_eq!(revised["id"], id.as_str(), "{body}");
    assert_eq!(revised["revision"], 2);
    assert_eq!(revised["title"], "Easy read and large print");
    assert_eq!(revised["summary"], "Both formats, on request.");
    let revisions = revised["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2, "{body}");
    let strip = |r: &Value| {
        json!({ "number": r["number"], "title": r["title"], "summary": r["summary"],
                "note": r["note"], "author": r["author"] })
    };
    assert_eq!(
        strip(&revisions[0]),
        json!({ "number": 1, "title": "Easy read letters",
                "summary": "Send every letter in easy read as well.",
                "note": "Proposed", "author": { "id": author.user_id } })
    );
    assert_eq!(
        strip(&revisions[1]),
        json!({ "number": 2, "title": "Easy read and large print",
                "summary": "Both formats, on request.",
                "note": "After the March meeting", "author": { "id": author.user_id } })
    );
    assert!(time(&revisions[0]["createdAt"]) <= time(&revisions[1]["createdAt"]));
    let read = full(&app, &st.s.facilitator, &id).await;
    assert_eq!(read["revision"], 2);
    assert_eq!(read["revisions"], revised["revisions"]);
}

#[tokio::test]
async fn a_revision_of_only_the_title_or_only_the_summary_keeps_the_other() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let author = Some(st.s.members[0].access_token.as_str());
    let body = revise(&app, author, change(&id, json!({ "title": "Plain letters" }))).await;
    let revised = &body["data"]["reviseImprovement"];
    assert_eq!(revised["title"], "Plain letters", "{body}");
    assert_eq!(revised["summary"], "Send every letter in easy read as well.");
    assert_eq!(revised["revision"], 2);

    let body = revise(&app, author, change(&id, json!({ "summary": "Plain English." }))).await;
    let revised = &body["data"]["reviseImprovement"];
    assert_eq!(revised["title"], "Plain letters", "{body}");
    assert_eq!(revised["summary"], "Plain English.");
    assert_eq!(revised["revision"], 3);
    let numbers: Vec<&Value> = revised["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["number"])
        .collect();
    assert_eq!(numbers, [&json!(1), &json!(2), &json!(3)]);
    assert_eq!(revised["revisions"][2]["title"], "Plain letters");
    assert_eq!(
        revised["revisions"][1]["summary"],
        "Send every letter in easy read as well."
    );
}

#[tokio::test]
async fn only_co_authors_revise_and_outsiders_find_nothing() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 2).await;
    let id = draft(&app, &st).await;
    let before = design(&full(&app, &st.s.facilitator, &id).await);
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let officer = app.officer(&st.s.admin).await;
    let input = change(&id, json!({ "title": "Hijacked" }));
    for (who, code) in [
        (Some(&st.s.members[1].access_token), "FORBIDDEN"),
        (Some(&st.s.facilitator.access_token), "FORBIDDEN"),
        (Some(&officer.access_token), "FORBIDDEN"),
        (Some(&outsider.access_token), "NOT_FOUND"),
        (None, "UNAUTHENTICATED"),
    ] {
        let body = revise(&app, who.map(String::as_str), input.clone()).await;
        assert_code(&body, code);
    }
    assert_eq!(design(&full(&app, &st.s.facilitator, &id).await), before);
}

#[tokio::test]
async fn a_revision_needs_a_new_title_or_summary_and_a_note() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let author = &st.s.members[0];
    let before = design(&full(&app, author, &id).await);
    for (input, field) in [
        (json!({ "id": id, "note": "Nothing new" }), "title"),
        (change(&id, json!({ "title": "Plain", "note": "   " })), "note"),
        (change(&id, json!({ "title": "Plain", "note": "" })), "note"),
        (change(&id, json!({ "title": "ab" })), "title"),
        (change(&id, json!({ "summary": "  " })), "summary"),
    ] {
        assert_bad_input(&revise(&app, Some(&author.access_token), input).await, field);
    }
    assert_eq!(design(&full(&app, author, &id).await), before);
}

#[tokio::test]
async fn no_revision_while_a_decision_is_open_or_after_agreement() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let author = &st.s.members[0];
    opened(&app, &st.s.facilitator, &id, "MAJORITY", 0.0).await;
    let before = design(&full(&app, author, &id).await);
    let input = change(&id, json!({ "title": "Too late" }));
    assert_code(
        &revise(&app, Some(&author.access_token), input.clone()).await,
        "CONFLICT",
    );
    assert_eq!(design(&full(&app, author, &id).await), before);

    voted(&app, author, &id, "AGREE").await;
    assert_eq!(closed(&app, &st.s.facilitator, &id).await["status"], "AGREED");
    assert_code(&revise(&app, Some(&author.access_token), input).await, "CONFLICT");
    let after = full(&app, author, &id).await;
    assert_eq!(design(&after), before);
    assert_eq!(after["status"], "AGREED");
}

#[tokio::test]
async fn an_added_co_author_can_revise() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 2).await;
    let id = draft(&app, &st).await;
    let (proposer, newcomer) = (&st.s.members[0], &st.s.members[1]);
    let body = add_co_author(&app, Some(&proposer.access_token), &id, &newcomer.user_id).await;
    let added = &body["data"]["addCoAuthor"];
    assert_eq!(added["id"], id.as_str(), "{body}");
    assert_eq!(
        added["coAuthors"],
        json!([{ "id": proposer.user_id }, { "id": newcomer.user_id }])
    );
    let body = revise(
        &app,
        Some(&newcomer.access_token),
        change(&id, json!({ "title": "Co-written" })),
    )
    .await;
    let revised = &body["data"]["reviseImprovement"];
    assert_eq!(revised["title"], "Co-written", "{body}");
    assert_eq!(revised["revisions"][1]["author"]["id"], newcomer.user_id.as_str());
    // And the newcomer may invite in turn: a facilitator, who is a member.
    let body = add_co_author(&app, Some(&newcomer.access_token), &id, &st.s.facilitator.user_id).await;
    assert_eq!(
        ids(&body["data"]["addCoAuthor"]["coAuthors"]),
        vec![
            proposer.user_id.clone(),
            newcomer.user_id.clone(),
            st.s.facilitator.user_id.clone()
        ],
        "{body}"
    );
}

#[tokio::test]
async fn co_authors_are_forum_members_invited_by_a_co_author() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 2).await;
    let id = draft(&app, &st).await;
    let (proposer, other) = (&st.s.members[0], &st.s.members[1]);
    let outsider = app.register("outsider@example.org", "Outsider").await;
    let officer = app.officer(&st.s.admin).await;
    for user in [&outsider.user_id, &officer.user_id, &st.s.admin.user_id] {
        let body = add_co_author(&app, Some(&proposer.access_token), &id, user).await;
        assert_bad_input(&body, "userId");
    }
    let body = add_co_author(&app, Some(&other.access_token), &id, &other.user_id).await;
    assert_code(&body, "FORBIDDEN");
    let body = add_co_author(&app, Some(&st.s.facilitator.access_token), &id, &other.user_id).await;
    assert_code(&body, "FORBIDDEN");
    let body = add_co_author(&app, Some(&outsider.access_token), &id, &outsider.user_id).await;
    assert_code(&body, "NOT_FOUND");
    let body = add_co_author(&app, None, &id, &other.user_id).await;
    assert_code(&body, "UNAUTHENTICATED");
    let read = full(&app, proposer, &id).await;
    assert_eq!(read["coAuthors"], json!([{ "id": proposer.user_id }]));
    let body = revise(
        &app,
        Some(&other.access_token),
        change(&id, json!({ "title": "Still not mine" })),
    )
    .await;
    assert_code(&body, "FORBIDDEN");
}

#[tokio::test]
async fn adding_an_existing_co_author_changes_nothing() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 2).await;
    let id = draft(&app, &st).await;
    let (proposer, other) = (&st.s.members[0], &st.s.members[1]);
    add_co_author(&app, Some(&proposer.access_token), &id, &other.user_id).await;
    let expected = json!([{ "id": proposer.user_id }, { "id": other.user_id }]);
    for user in [&other.user_id, &proposer.user_id] {
        let body = add_co_author(&app, Some(&proposer.access_token), &id, user).await;
        assert_eq!(body["data"]["addCoAuthor"]["coAuthors"], expected, "{body}");
    }
    assert_eq!(full(&app, proposer, &id).await["coAuthors"], expected);
}

#[tokio::test]
async fn a_draft_sent_back_by_a_decision_is_revised_again() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let id = draft(&app, &st).await;
    let author = &st.s.members[0];
    opened(&app, &st.s.facilitator, &id, "CONSENT", 0.0).await;
    voted(&app, author, &id, "BLOCK").await;
    assert_eq!(closed(&app, &st.s.facilitator, &id).await["status"], "DRAFT");
    let body = revise(
        &app,
        Some(&author.access_token),
        change(&id, json!({ "summary": "Answering the block." })),
    )
    .await;
    let revised = &body["data"]["reviseImprovement"];
    assert_eq!(revised["revision"], 2, "{body}");
    assert_eq!(revised["summary"], "Answering the block.");
}

#[tokio::test]
async fn revisions_made_at_once_never_share_a_number() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 3).await;
    let id = draft(&app, &st).await;
    for other in &st.s.members[1..] {
        add_co_author(&app, Some(&st.s.members[0].access_token), &id, &other.user_id).await;
    }
    let calls: Vec<(Option<&str>, &str, Value)> =
        st.s.members
            .iter()
            .enumerate()
            .map(|(i, who)| {
                let input = change(&id, json!({ "title": format!("Version by {i}") }));
                (
                    Some(who.access_token.as_str()),
                    "ReviseImprovement",
                    json!({ "input": input }),
                )
            })
            .collect();
    let bodies = app.op_all(calls).await;
    let accepted: Vec<&Value> = bodies
        .iter()
        .filter(|b| b.get("errors").is_none())
        .map(|b| &b["data"]["reviseImprovement"]["title"])
        .collect();
    for body in bodies.iter().filter(|b| b.get("errors").is_some()) {
        assert_code(body, "CONFLICT");
    }
    assert!(!accepted.is_empty(), "{bodies:?}");
    let read = full(&app, &st.s.facilitator, &id).await;
    let numbers: Vec<u64> = read["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_u64().unwrap())
        .collect();
    let expected: Vec<u64> = (1..=1 + accepted.len() as u64).collect();
    assert_eq!(numbers, expected, "{read}");
    assert_eq!(read["revision"], accepted.len() + 1);
    assert_eq!(
        read["revisions"].as_array().unwrap().last().unwrap()["title"],
        read["title"]
    );
}
