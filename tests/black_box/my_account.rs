//! Version 2, "Your account": `myData` and `deleteMyAccount`.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::co_design::*;
use crate::common::*;
use crate::support::*;

/// What a round counts, without names: compared byte for byte.
const ROUND_COUNTS: &str = "query RoundCounts($id: ID!) { round(id: $id) {
  state ballotCount eligibleCount
  result { ballotCount eligibleCount turnout final ranking { rank score tied finding { id } } }
} }";

/// What decisions count, without names.
const DECISION_COUNTS: &str = "query DecisionCounts($id: ID!) { improvement(id: $id) {
  status decisions { state outcome agree disagree abstain block voteCount turnout quorumMet }
} }";

/// Every place a name shows.
const NAMES: &str = "query Names($slug: String!, $finding: ID!, $improvement: ID!) {
  forum(slug: $slug) { memberCount members { role user { id displayName email } } }
  finding(id: $finding) { comments { body author { id displayName } } }
  improvement(id: $improvement) {
    coAuthors { id displayName }
    revisions { number author { id displayName } }
  }
}";

const AUDIT: &str = "query Audit { auditLog(first: 20) { action subject actor { id displayName email } } }";

async fn delete(app: &TestApp, token: &str, password: &str) -> Value {
    app.op(Some(token), "DeleteMyAccount", json!({ "password": password }))
        .await
}

async fn my_data(app: &TestApp, token: &str) -> Value {
    app.ok(Some(token), "ExportMyData", json!({})).await["myData"].clone()
}

async fn read(app: &TestApp, token: &str, query: &str, variables: Value) -> String {
    let body = app.graphql(Some(token), query, variables).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"].to_string()
}

/// A forum where the leaver (members[0]) has done everything a member can.
struct Busy {
    st: Stage,
    leaver: Session,
    finding: String,
    improvement: String,
    closed_round: String,
    open_round: String,
}

async fn busy(app: &TestApp) -> Busy {
    let st = stage(app, "leavers", 2).await;
    let leaver = st.s.members[0].clone();
    let other = st.s.members[1].clone();
    let fac = st.s.facilitator.access_token.clone();
    let finding = new_finding(app, &leaver, &st.s.forum_id, "The bus never comes on time").await;
    commented(app, &leaver, &finding, "It is late every day.", None).await;
    commented(app, &other, &finding, "Mine too.", None).await;
    let improvement = proposed(app, &leaver, &st.s.forum_id, "Timetables", &[&finding]).await;
    let improvement = improvement["id"].as_str().unwrap().to_owned();
    app.ok(
        Some(&leaver.access_token),
        "ReviseImprovement",
        json!({ "input": { "id": improvement, "title": "Timetables in easy read", "note": "Clearer" } }),
    )
    .await;
    add_co_author(app, Some(&leaver.access_token), &improvement, &other.user_id).await;

    let ids = vec![st.finding.clone(), finding.clone()];
    let closed_round = open_id(app, &fac, &st.s.forum_id, &ids, "DOT", json!({})).await;
    vote(app, &leaver, &closed_round, &[(&finding, 7), (&st.finding, 3)]).await;
    vote(app, &other, &closed_round, &[(&st.finding, 2)]).await;
    close(app, &fac, &closed_round).await;
    let open_round = open_id(app, &fac, &st.s.forum_id, &ids, "APPROVAL", json!({})).await;
    vote(app, &leaver, &open_round, &[(&finding, 1)]).await;

    opened(app, &st.s.facilitator, &improvement, "MAJORITY", 0.0).await;
    vote_why(app, &leaver, &improvement, "BLOCK", "Not yet").await;
    voted(app, &other, &improvement, "AGREE").await;
    Busy {
        st,
        leaver,
        finding,
        improvement,
        closed_round,
        open_round,
    }
}

#[tokio::test]
async fn a_wrong_password_deletes_nothing_and_counts_as_a_failed_sign_in() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let body = delete(&app, &sam.access_token, "not the password").await;
    assert_code(&body, "UNAUTHENTICATED");
    let me = app.me(&sam.access_token).await;
    assert_eq!(me["data"]["me"]["displayName"], "Sam", "{me}");
    assert_eq!(me["data"]["me"]["email"], "sam@example.org");
    assert!(
        app.login("sam@example.org", PASSWORD)
            .await
            .get("errors")
            .is_none()
    );

    // The sign-in above started the count again: five wrong guesses lock
    // the account's email out.
    for _ in 0..5 {
        assert_code(
            &delete(&app, &sam.access_token, "still not it").await,
            "UNAUTHENTICATED",
        );
    }
    assert_code(&delete(&app, &sam.access_token, PASSWORD).await, "RATE_LIMITED");
    assert_code(&app.login("sam@example.org", PASSWORD).await, "RATE_LIMITED");
    assert_eq!(
        app.me(&sam.access_token).await["data"]["me"]["displayName"],
        "Sam"
    );
}

#[tokio::test]
async fn the_last_admin_cannot_delete_their_account_but_one_of_two_can() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    assert_code(&delete(&app, &admin.access_token, PASSWORD).await, "CONFLICT");
    assert_eq!(
        app.me(&admin.access_token).await["data"]["me"]["platformRole"],
        "ADMIN"
    );

    let second = app.admin().await;
    let body = delete(&app, &second.access_token, PASSWORD).await;
    assert_eq!(body["data"]["deleteMyAccount"], true, "{body}");
    // Now the first is the last again.
    assert_code(&delete(&app, &admin.access_token, PASSWORD).await, "CONFLICT");
}

#[tokio::test]
async fn api_tokens_and_anonymous_callers_cannot_delete_or_export() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let token = api_token(&app, &officer).await;
    assert_code(&delete(&app, &token, PASSWORD).await, "FORBIDDEN");
    assert_code(
        &app.op(Some(&token), "ExportMyData", json!({})).await,
        "FORBIDDEN",
    );
    assert_code(
        &app.op(None, "DeleteMyAccount", json!({ "password": PASSWORD }))
            .await,
        "UNAUTHENTICATED",
    );
    assert_code(&app.op(None, "ExportMyData", json!({})).await, "UNAUTHENTICATED");
    assert!(
        app.me(&token).await.get("errors").is_none(),
        "the token still works"
    );
}

#[tokio::test]
async fn a_deleted_account_ends_at_once_and_its_email_can_register_again() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let officer = app.officer(&admin).await;
    let token = api_token(&app, &officer).await;
    let other_login = app.login(&officer.email, PASSWORD).await;
    let other_session = session(&other_login["data"]["login"], &officer.email);

    let body = delete(&app, &officer.access_token, PASSWORD).await;
    assert_eq!(body["data"]["deleteMyAccount"], true, "{body}");

    assert_code(&app.me(&officer.access_token).await, "UNAUTHENTICATED");
    assert_code(&app.me(&other_session.access_token).await, "UNAUTHENTICATED");
    assert_code(&app.me(&token).await, "UNAUTHENTICATED");
    for refresh in [&officer.refresh_token, &other_session.refresh_token] {
        let body = app
            .op(None, "RefreshSession", json!({ "refreshToken": refresh }))
            .await;
        assert_code(&body, "UNAUTHENTICATED");
    }
    assert_code(&app.login(&officer.email, PASSWORD).await, "UNAUTHENTICATED");
    assert_code(
        &app.login(&officer.email.to_uppercase(), PASSWORD).await,
        "UNAUTHENTICATED",
    );

    // The address is free: a new, separate account.
    let again = app.register(&officer.email, "Back again").await;
    assert_ne!(again.user_id, officer.user_id);
    let me = app.me(&again.access_token).await;
    assert_eq!(me["data"]["me"]["platformRole"], "NONE", "{me}");
    assert_eq!(me["data"]["me"]["displayName"], "Back again");

    // The audit log says so, with the account as "Former member".
    let log = app.graphql(Some(&admin.access_token), AUDIT, json!({})).await;
    let nodes = log["data"]["auditLog"].as_array().unwrap().clone();
    let entry = nodes
        .iter()
        .find(|n| n["action"] == "ACCOUNT_DELETED")
        .unwrap_or_else(|| panic!("{log}"));
    assert_eq!(entry["subject"], officer.user_id.as_str());
    assert_eq!(entry["actor"]["displayName"], "Former member");
    assert!(entry["actor"]["email"].is_null(), "{entry}");
}

#[tokio::test]
async fn deleting_an_account_changes_no_result_and_names_read_former_member() {
    let app = spawn_app().await;
    let b = busy(&app).await;
    let fac = b.st.s.facilitator.access_token.clone();
    let admin = b.st.s.admin.access_token.clone();
    let counts = || async {
        (
            read(&app, &fac, ROUND_COUNTS, json!({ "id": b.closed_round })).await,
            read(&app, &fac, ROUND_COUNTS, json!({ "id": b.open_round })).await,
            read(&app, &fac, DECISION_COUNTS, json!({ "id": b.improvement })).await,
            app.ok(Some(&fac), "Priorities", json!({ "forumId": b.st.s.forum_id }))
                .await
                .to_string(),
        )
    };
    let before = counts().await;

    let body = delete(&app, &b.leaver.access_token, PASSWORD).await;
    assert_eq!(body["data"]["deleteMyAccount"], true, "{body}");
    assert_eq!(counts().await, before, "a result moved");

    // The decision closes with the leaver's BLOCK still counted.
    let closed = closed(&app, &b.st.s.facilitator, &b.improvement).await;
    let after_close = read(&app, &fac, DECISION_COUNTS, json!({ "id": b.improvement })).await;
    assert!(after_close.contains("\"block\":1"), "{after_close} {closed}");

    let vars = json!({ "slug": b.st.s.slug, "finding": b.finding, "improvement": b.improvement });
    let names: Value = serde_json::from_str(&read(&app, &admin, NAMES, vars).await).unwrap();
    let leaver = b.leaver.user_id.as_str();
    let members = names["forum"]["members"].as_array().unwrap();
    let former = members.iter().find(|m| m["user"]["id"] == leaver).unwrap();
    assert_eq!(former["user"]["displayName"], "Former member");
    assert!(former["user"]["email"].is_null(), "{former}");
    let comments = names["finding"]["comments"].as_array().unwrap();
    let own = comments.iter().find(|c| c["author"]["id"] == leaver).unwrap();
    assert_eq!(own["author"]["displayName"], "Former member");
    assert_eq!(own["body"], "It is late every day.", "the comment keeps its body");
    let authors = names["improvement"]["coAuthors"].as_array().unwrap();
    assert_eq!(authors[0]["displayName"], "Former member");
    for revision in names["improvement"]["revisions"].as_array().unwrap() {
        assert_eq!(revision["author"]["displayName"], "Former member", "{revision}");
    }
    let text = names.to_string();
    assert!(!text.contains(&b.leaver.email), "{text}");
}

#[tokio::test]
async fn my_data_holds_my_own_things_and_nobody_elses() {
    let app = spawn_app().await;
    let b = busy(&app).await;
    let other = &b.st.s.members[1];
    let data = my_data(&app, &b.leaver.access_token).await;
    let text = data.to_string();

    assert_eq!(data["account"]["id"], b.leaver.user_id.as_str());
    assert_eq!(data["account"]["email"], b.leaver.email.as_str());
    assert_eq!(data["account"]["displayName"], "MEMBER");
    assert_eq!(data["account"]["platformRole"], "NONE");
    assert!(data["account"]["createdAt"].is_string());
    assert_eq!(data["memberships"][0]["forumSlug"], "leavers");
    assert_eq!(data["memberships"][0]["role"], "MEMBER");
    assert_eq!(data["findings"].as_array().unwrap().len(), 1);
    assert_eq!(data["findings"][0]["id"], b.finding.as_str());
    assert_eq!(data["comments"].as_array().unwrap().len(), 1);
    assert_eq!(data["comments"][0]["body"], "It is late every day.");
    assert_eq!(data["comments"][0]["findingId"], b.finding.as_str());
    assert_eq!(data["improvements"][0]["id"], b.improvement.as_str());
    assert_eq!(data["improvements"][0]["proposedByMe"], true);
    assert_eq!(data["revisions"].as_array().unwrap().len(), 2);
    assert_eq!(data["revisions"][1]["title"], "Timetables in easy read");
    let ballots = data["ballots"].as_array().unwrap();
    assert_eq!(ballots.len(), 2);
    let closed = ballots
        .iter()
        .find(|x| x["roundId"] == b.closed_round.as_str())
        .unwrap();
    let mut marks: Vec<(String, i64)> = closed["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["findingId"].as_str().unwrap().to_owned(),
                m["value"].as_i64().unwrap(),
            )
        })
        .collect();
    marks.sort();
    assert_eq!(marks, marks_of(&[(&b.finding, 7), (&b.st.finding, 3)]));
    assert_eq!(data["decisionVotes"][0]["position"], "BLOCK");
    assert_eq!(data["decisionVotes"][0]["reason"], "Not yet");
    assert_eq!(data["decisionVotes"][0]["improvementId"], b.improvement.as_str());
    assert_eq!(data["feedback"], json!([]));
    // Their news, and how each kind reaches them.
    let kinds: Vec<&str> = data["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"ROUND_OPENED"), "{kinds:?}");
    assert_eq!(data["notificationSettings"].as_array().unwrap().len(), 10);
    assert_eq!(
        data["notificationSettings"][2],
        json!({ "kind": "ROUND_RESULT", "delivery": "DAILY_DIGEST" })
    );

    // Nothing of the other member's.
    assert!(!text.contains("Mine too."), "{text}");
    assert!(!text.contains(&other.email), "{text}");
    assert!(!text.contains(&other.user_id), "{text}");
    assert!(!text.contains("AGREE"), "{text}");

    // The other member's export has their things only.
    let theirs = my_data(&app, &other.access_token).await;
    assert_eq!(theirs["findings"], json!([]));
    assert_eq!(theirs["comments"][0]["body"], "Mine too.");
    assert_eq!(theirs["ballots"].as_array().unwrap().len(), 1);
    assert_eq!(theirs["decisionVotes"][0]["position"], "AGREE");
    assert!(!theirs.to_string().contains("It is late every day."));
}
