//! A forum's members: `SetForumRole` and `RemoveMember` (contract version 2,
//! "Your account"): who may run them, the last facilitator, and what a
//! removal does to open and closed rounds and open decisions.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::co_design::*;
use crate::common::*;
use crate::support::*;

async fn set_role(app: &TestApp, token: Option<&str>, forum_id: &str, user_id: &str, role: &str) -> Value {
    app.op(
        token,
        "SetForumRole",
        json!({ "forumId": forum_id, "userId": user_id, "role": role }),
    )
    .await
}

async fn remove(app: &TestApp, token: Option<&str>, forum_id: &str, user_id: &str) -> Value {
    app.op(
        token,
        "RemoveMember",
        json!({ "forumId": forum_id, "userId": user_id }),
    )
    .await
}

/// `who`'s role in the forum as the forum itself says (`myRole`), read
/// through `/graphql` so that a kept answer would show.
async fn my_role(app: &TestApp, who: &Session, slug: &str) -> Value {
    let body = read_forum(app, Some(&who.access_token), slug, json!({})).await;
    body["data"]["forum"]["myRole"].clone()
}

const AUDIT_LOG: &str = "query AuditLog($first: Int) {
  auditLog(first: $first) { action subject detail actor { id } forum { slug } }
}";

#[tokio::test]
async fn facilitators_and_admins_change_a_members_role() {
    let app = spawn_app().await;
    let s = scene(&app, "roles-change", 2).await;
    let sam = &s.members[0];
    // Read once before, so a kept answer of the old role would be served.
    assert_eq!(my_role(&app, sam, &s.slug).await, "MEMBER");

    let body = set_role(
        &app,
        Some(&s.facilitator.access_token),
        &s.forum_id,
        &sam.user_id,
        "FACILITATOR",
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["setForumRole"]["role"], "FACILITATOR");
    assert_eq!(body["data"]["setForumRole"]["user"]["id"], sam.user_id.as_str());
    assert_eq!(my_role(&app, sam, &s.slug).await, "FACILITATOR");
    // The new facilitator facilitates at once.
    let code = app.invite(sam, &s.forum_id, "MEMBER").await;
    assert!(!code.is_empty());

    let body = set_role(
        &app,
        Some(&s.admin.access_token),
        &s.forum_id,
        &sam.user_id,
        "MEMBER",
    )
    .await;
    assert_eq!(body["data"]["setForumRole"]["role"], "MEMBER", "{body}");
    assert_eq!(my_role(&app, sam, &s.slug).await, "MEMBER");
    let body = app
        .op(
            Some(&sam.access_token),
            "CreateInvite",
            json!({ "input": { "forumId": s.forum_id, "role": "MEMBER" } }),
        )
        .await;
    assert_code(&body, "FORBIDDEN");

    // Setting the role someone already holds changes nothing and is no error.
    let body = set_role(
        &app,
        Some(&s.admin.access_token),
        &s.forum_id,
        &sam.user_id,
        "MEMBER",
    )
    .await;
    assert_eq!(body["data"]["setForumRole"]["role"], "MEMBER", "{body}");
}

#[tokio::test]
async fn members_officers_and_outsiders_are_refused() {
    let app = spawn_app().await;
    let s = scene(&app, "roles-refused", 2).await;
    let officer = app.officer(&s.admin).await;
    let other_forum = app.forum(&s.admin, "roles-elsewhere").await;
    let outsider = app.member(&s.admin, &other_forum, "FACILITATOR").await;
    let target = &s.members[1];

    let callers = [
        (&s.members[0], "FORBIDDEN"),
        (&officer, "FORBIDDEN"),
        // Forums are public: through a forum, an outsider is FORBIDDEN, as
        // for CreateInvite and OpenRound (docs/decisions.md, "Roles").
        (&outsider, "FORBIDDEN"),
    ];
    for (caller, code) in callers {
        let token = Some(caller.access_token.as_str());
        let body = set_role(&app, token, &s.forum_id, &target.user_id, "FACILITATOR").await;
        assert_code(&body, code);
        assert_code(&remove(&app, token, &s.forum_id, &target.user_id).await, code);
    }
    assert_code(
        &set_role(&app, None, &s.forum_id, &target.user_id, "FACILITATOR").await,
        "UNAUTHENTICATED",
    );
    assert_code(
        &remove(&app, None, &s.forum_id, &target.user_id).await,
        "UNAUTHENTICATED",
    );

    let fac = Some(s.facilitator.access_token.as_str());
    // No such forum.
    let unknown = uuid::Uuid::now_v7().to_string();
    assert_code(
        &set_role(&app, fac, &unknown, &target.user_id, "MEMBER").await,
        "NOT_FOUND",
    );
    assert_code(&remove(&app, fac, &unknown, &target.user_id).await, "NOT_FOUND");
    // Not a member of this forum (or nobody at all): BAD_USER_INPUT naming userId.
    for user in [outsider.user_id.as_str(), unknown.as_str()] {
        assert_bad_input(&set_role(&app, fac, &s.forum_id, user, "MEMBER").await, "userId");
        assert_bad_input(&remove(&app, fac, &s.forum_id, user).await, "userId");
    }
    assert_bad_input(&remove(&app, fac, "abc", &target.user_id).await, "forumId");
    assert_bad_input(&remove(&app, fac, &s.forum_id, "abc").await, "userId");

    // Nothing changed.
    assert_eq!(my_role(&app, target, &s.slug).await, "MEMBER");
    assert_eq!(my_role(&app, &outsider, "roles-elsewhere").await, "FACILITATOR");
}

#[tokio::test]
async fn a_forum_keeps_its_last_facilitator() {
    let app = spawn_app().await;
    let s = scene(&app, "roles-last", 1).await;
    let fac = &s.facilitator;
    for token in [&fac.access_token, &s.admin.access_token] {
        let body = set_role(&app, Some(token), &s.forum_id, &fac.user_id, "MEMBER").await;
        assert_code(&body, "CONFLICT");
        assert_code(
            &remove(&app, Some(token), &s.forum_id, &fac.user_id).await,
            "CONFLICT",
        );
    }
    assert_eq!(my_role(&app, fac, &s.slug).await, "FACILITATOR");

    // With a second facilitator, the first may step down, then leave.
    let sam = &s.members[0];
    set_role(
        &app,
        Some(&fac.access_token),
        &s.forum_id,
        &sam.user_id,
        "FACILITATOR",
    )
    .await;
    let body = set_role(&app, Some(&fac.access_token), &s.forum_id, &fac.user_id, "MEMBER").await;
    assert_eq!(body["data"]["setForumRole"]["role"], "MEMBER", "{body}");
    // Now Sam is the last one.
    let body = remove(&app, Some(&s.admin.access_token), &s.forum_id, &sam.user_id).await;
    assert_code(&body, "CONFLICT");
    let body = remove(&app, Some(&sam.access_token), &s.forum_id, &fac.user_id).await;
    assert_eq!(body["data"]["removeMember"], true, "{body}");
}

#[tokio::test]
async fn a_removal_withdraws_open_ballots_and_votes_and_leaves_closed_results_alone() {
    let app = spawn_app().await;
    let s = scene(&app, "roles-removal", 2).await;
    let (sam, kim) = (&s.members[0], &s.members[1]);
    let fac = s.facilitator.access_token.as_str();
    let found = findings(&app, fac, &s.forum_id, 3).await;

    let closed_round = open_id(&app, fac, &s.forum_id, &found, "APPROVAL", json!({})).await;
    vote(&app, sam, &closed_round, &[(&found[0], 1), (&found[1], 1)]).await;
    vote(&app, kim, &closed_round, &[(&found[1], 1)]).await;
    close(&app, fac, &closed_round).await;
    let closed_before = round_result(&app, fac, &closed_round).await;

    // Not secret, so running results show however few ballots stand.
    let dot = open_id(&app, fac, &s.forum_id, &found, "DOT", json!({ "secret": false })).await;
    vote(&app, sam, &dot, &[(&found[0], 5), (&found[2], 5)]).await;
    vote(&app, kim, &dot, &[(&found[1], 3)]).await;
    let ranked = open_id(
        &app,
        fac,
        &s.forum_id,
        &found,
        "RANKED",
        json!({ "secret": false }),
    )
    .await;
    vote(&app, sam, &ranked, &[(&found[0], 1), (&found[1], 2)]).await;
    vote(&app, kim, &ranked, &[(&found[2], 1)]).await;
    let before = round_result(&app, fac, &dot).await;
    assert_eq!(before["ballotCount"], 2, "{before}");
    // The facilitator and the two members.
    assert_eq!(before["eligibleCount"], 3, "{before}");

    let draft = proposed(&app, kim, &s.forum_id, "Easy read letters", &[&found[0]]).await;
    let draft = draft["id"].as_str().unwrap().to_owned();
    opened(&app, &s.facilitator, &draft, "MAJORITY", 0.0).await;
    voted(&app, sam, &draft, "AGREE").await;
    voted(&app, kim, &draft, "AGREE").await;

    let body = remove(&app, Some(fac), &s.forum_id, &sam.user_id).await;
    assert_eq!(body["data"]["removeMember"], true, "{body}");

    // The open DOT round: Sam's ballot is gone from the count and the totals.
    let after = round_result(&app, fac, &dot).await;
    assert_eq!(after["ballotCount"], 1, "{after}");
    assert_eq!(after["eligibleCount"], 2, "{after}");
    assert_eq!(after["result"]["ballotCount"], 1, "{after}");
    let scores: Vec<(String, f64)> = ranking(&after)
        .into_iter()
        .map(|(id, _, score, _)| (id, score))
        .collect();
    assert_eq!(scores[0], (found[1].clone(), 3.0), "{after}");
    assert!(scores[1..].iter().all(|(_, score)| *score == 0.0), "{after}");
    // A ranked round keeps no totals: its count reads the ballots left.
    let after = round_result(&app, fac, &ranked).await;
    assert_eq!(after["ballotCount"], 1, "{after}");
    assert_eq!(ranking(&after)[0].0, found[2], "{after}");
    // The closed round is exactly as it was.
    let closed_after = round_result(&app, fac, &closed_round).await;
    assert_eq!(
        closed_after["result"].to_string(),
        closed_before["result"].to_string()
    );
    assert_eq!(closed_after["ballotCount"], 2);

    // The open decision: Sam's vote is withdrawn.
    let improvement = full(&app, kim, &draft).await;
    assert_eq!(improvement["decision"]["agree"], 1, "{improvement}");

    // Closing now counts only those who stand.
    let closed_now = close(&app, fac, &dot).await;
    assert_eq!(closed_now["result"]["ballotCount"], 1, "{closed_now}");
    // One ballot of the two members left.
    assert_eq!(closed_now["result"]["turnout"], 0.5, "{closed_now}");
}

#[tokio::test]
async fn a_removed_member_can_no_longer_read_the_forum() {
    let app = spawn_app().await;
    let s = scene(&app, "roles-gone", 1).await;
    let sam = &s.members[0];
    let fac = s.facilitator.access_token.as_str();
    let found = findings(&app, fac, &s.forum_id, 2).await;
    let round_id = open_id(&app, fac, &s.forum_id, &found, "APPROVAL", json!({})).await;
    // Read before, so a kept answer would be served if the removal did not show.
    assert_eq!(my_role(&app, sam, &s.slug).await, "MEMBER");
    round(&app, &sam.access_token, &round_id).await;

    let body = remove(&app, Some(&s.admin.access_token), &s.forum_id, &sam.user_id).await;
    assert_eq!(body["data"]["removeMember"], true, "{body}");

    assert_code(
        &read_forum(&app, Some(&sam.access_token), &s.slug, json!({})).await,
        "FORBIDDEN",
    );
    assert_code(
        &app.op(Some(&sam.access_token), "Round", json!({ "id": round_id }))
            .await,
        "NOT_FOUND",
    );
    assert_code(
        &cast(&app, Some(&sam.access_token), &round_id, &[(&found[0], 1)]).await,
        "NOT_FOUND",
    );
    let me = app.me(&sam.access_token).await;
    assert_eq!(me["data"]["me"]["memberships"], json!([]), "{me}");
    // Removing again: no longer a member.
    assert_bad_input(
        &remove(&app, Some(fac), &s.forum_id, &sam.user_id).await,
        "userId",
    );
}

#[tokio::test]
async fn role_changes_and_removals_are_audited() {
    let app = spawn_app().await;
    let s = scene(&app, "roles-audit", 2).await;
    let fac = &s.facilitator;
    let (sam, kim) = (&s.members[0], &s.members[1]);
    set_role(
        &app,
        Some(&fac.access_token),
        &s.forum_id,
        &sam.user_id,
        "FACILITATOR",
    )
    .await;
    remove(&app, Some(&s.admin.access_token), &s.forum_id, &kim.user_id).await;
    // Refused changes leave no record.
    remove(&app, Some(&kim.access_token), &s.forum_id, &sam.user_id).await;

    let body = app
        .graphql(Some(&s.admin.access_token), AUDIT_LOG, json!({ "first": 50 }))
        .await;
    let events = body["data"]["auditLog"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"));
    let mine: Vec<&Value> = events
        .iter()
        .filter(|e| e["action"] == "FORUM_ROLE_CHANGED" || e["action"] == "MEMBER_REMOVED")
        .collect();
    assert_eq!(mine.len(), 2, "{body}");
    // Newest first.
    let removed = mine[0];
    assert_eq!(removed["action"], "MEMBER_REMOVED");
    assert_eq!(removed["actor"]["id"], s.admin.user_id.as_str());
    assert_eq!(removed["subject"], kim.user_id.as_str());
    assert_eq!(removed["forum"]["slug"], s.slug.as_str());
    assert!(
        removed["detail"].as_str().unwrap().starts_with("was MEMBER"),
        "{removed}"
    );
    let changed = mine[1];
    assert_eq!(changed["action"], "FORUM_ROLE_CHANGED");
    assert_eq!(changed["actor"]["id"], fac.user_id.as_str());
    assert_eq!(changed["subject"], sam.user_id.as_str());
    assert_eq!(changed["detail"], "MEMBER -> FACILITATOR");
    assert_eq!(changed["forum"]["slug"], s.slug.as_str());
}
