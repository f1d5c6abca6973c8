//! Each forum's revision, kept by the database, and the next time anything
//! in a forum changes by the clock alone: what a response cache shared by
//! several servers asks before serving.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Utc};
use coforum_domain::ids::ForumId;
use coforum_persistence::repos::forums;
use serde_json::json;

use crate::co_design::*;
use crate::common::*;
use crate::support::*;

fn forum_id(id: &str) -> ForumId {
    ForumId(id.parse().unwrap())
}

async fn revision(app: &TestApp, forum: ForumId) -> i64 {
    forums::revision_of(app.state.db.conn(), forum)
        .await
        .unwrap()
        .unwrap()
}

async fn deadline(app: &TestApp, forums: &[ForumId]) -> Option<DateTime<Utc>> {
    forums::next_deadline(app.state.db.conn(), forums).await.unwrap()
}

#[track_caller]
fn about(seen: Option<DateTime<Utc>>, expected: &str) {
    let expected = time(&json!(expected));
    let off = seen.unwrap() - expected;
    assert!(off.num_milliseconds().abs() < 1, "{seen:?} is not {expected}");
}

#[tokio::test]
async fn writes_count_in_their_own_forum_and_sign_ins_in_none() {
    let app = spawn_app().await;
    let conn = app.state.db.conn();
    let st = stage(&app, "carers", 1).await;
    let quiet_id = app.forum(&st.s.admin, "quiet").await;
    let (forum, quiet) = (forum_id(&st.s.forum_id), forum_id(&quiet_id));

    let (found, start) = forums::revision_by_slug(conn, "carers").await.unwrap().unwrap();
    assert_eq!(found, forum);
    assert!(start > 0, "members joining and the finding count");
    assert_eq!(forums::revision_by_slug(conn, "nowhere").await.unwrap(), None);
    assert_eq!(forums::revision_of(conn, ForumId::new()).await.unwrap(), None);
    let quiet_start = revision(&app, quiet).await;
    let all = forums::revisions(conn).await.unwrap();
    let mut by_id = all.clone();
    by_id.sort();
    assert_eq!(all, by_id, "by id");
    assert!(
        all.contains(&(forum, start)) && all.contains(&(quiet, quiet_start)),
        "{all:?}"
    );

    let ids = findings(&app, &st.s.facilitator.access_token, &st.s.forum_id, 2).await;
    let round_id = open_id(
        &app,
        &st.s.facilitator.access_token,
        &st.s.forum_id,
        &ids,
        "APPROVAL",
        json!({}),
    )
    .await;
    let before = revision(&app, forum).await;
    assert!(before > start, "findings and a round count");
    vote(&app, &st.s.members[0], &round_id, &[(ids[0].as_str(), 1)]).await;
    assert!(revision(&app, forum).await > before, "a ballot counts");

    let before = revision(&app, forum).await;
    let signed_in = app.login(&st.s.members[0].email, PASSWORD).await;
    assert!(signed_in.get("errors").is_none(), "{signed_in}");
    app.ok(Some(&st.s.members[0].access_token), "Forums", json!({}))
        .await;
    assert_eq!(
        revision(&app, forum).await,
        before,
        "signing in and reading change nothing"
    );
    assert_eq!(
        revision(&app, quiet).await,
        quiet_start,
        "nothing happened in the quiet forum"
    );
}

#[tokio::test]
async fn the_next_deadline_is_the_earliest_open_round_or_decision_closing() {
    let app = spawn_app().await;
    let st = stage(&app, "carers", 1).await;
    let quiet_id = app.forum(&st.s.admin, "quiet").await;
    let (forum, quiet) = (forum_id(&st.s.forum_id), forum_id(&quiet_id));
    assert_eq!(deadline(&app, &[forum, quiet]).await, None);
    assert_eq!(deadline(&app, &[]).await, None);

    let token = &st.s.facilitator.access_token;
    let ids = findings(&app, token, &st.s.forum_id, 2).await;
    open_id(&app, token, &st.s.forum_id, &ids, "APPROVAL", json!({})).await;
    assert_eq!(
        deadline(&app, &[forum]).await,
        None,
        "a round with no closing time"
    );
    let round_closes = from_now(7200);
    let round_id = open_id(
        &app,
        token,
        &st.s.forum_id,
        &ids,
        "APPROVAL",
        json!({ "closesAt": round_closes }),
    )
    .await;
    about(deadline(&app, &[forum, quiet]).await, &round_closes);
    assert_eq!(
        deadline(&app, &[quiet]).await,
        None,
        "only the forums asked about"
    );

    let improvement = draft(&app, &st).await;
    let decision_closes = from_now(3600);
    let input = with(
        decision_terms(&improvement, "CONSENT", 0.5),
        json!({ "closesAt": decision_closes }),
    );
    let body = open_decision(&app, Some(&st.s.facilitator.access_token), input).await;
    assert!(body.get("errors").is_none(), "{body}");
    about(deadline(&app, &[forum]).await, &decision_closes);

    let body = close_decision(&app, Some(token), &improvement).await;
    assert!(body.get("errors").is_none(), "{body}");
    about(deadline(&app, &[forum]).await, &round_closes);
    close(&app, token, &round_id).await;
    assert_eq!(deadline(&app, &[forum]).await, None, "closed: nothing pending");
}
