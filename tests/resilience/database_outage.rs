//! PostgreSQL stops mid-load and comes back: coforum says it is unhealthy,
//! refuses with INTERNAL meanwhile, and serves again without a restart,
//! with nothing acknowledged lost.

use std::process::Command;
use std::time::Duration;

use serde_json::json;

use crate::common::*;

fn cluster(action: &str) {
    let version = std::fs::read_dir("/etc/postgresql")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .max()
        .unwrap();
    let status = Command::new("pg_ctlcluster")
        .args(["--skip-systemctl-redirect", &version, "main", action])
        .status()
        .unwrap();
    assert!(status.success(), "pg_ctlcluster {action} failed");
}

async fn health(app: &TestApp) -> u16 {
    app.client
        .get(app.url("/health"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
#[ignore = "stops the local PostgreSQL: run alone (see main.rs)"]
async fn postgres_going_away_and_coming_back_loses_nothing_acknowledged() {
    if std::env::var("COFORUM_TEST_DATABASE_URL")
        .unwrap_or_default()
        .is_empty()
    {
        eprintln!("COFORUM_TEST_DATABASE_URL names no PostgreSQL server: nothing to stop");
        return;
    }
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum_id = app.forum(&admin, "outage").await;
    let mut findings = Vec::new();
    for i in 0..2 {
        let input = json!({ "input": { "forumId": forum_id, "title": format!("Finding {i}"), "body": "", "source": "AUDIT", "themes": [] } });
        let data = app.ok(Some(&admin.access_token), "AddFinding", input).await;
        findings.push(data["addFinding"]["id"].as_str().unwrap().to_owned());
    }
    let voters = [
        app.member(&admin, &forum_id, "MEMBER").await,
        app.member(&admin, &forum_id, "MEMBER").await,
    ];
    let round = app
        .ok(Some(&admin.access_token), "OpenRound", json!({ "input": { "forumId": forum_id, "title": "Before and after", "findingIds": findings, "method": "APPROVAL" } }))
        .await;
    let round_id = round["openRound"]["id"].as_str().unwrap().to_owned();
    let ballot = |finding: &str| json!({ "input": { "roundId": round_id, "marks": [{ "findingId": finding, "value": 1 }] } });
    app.ok(Some(&voters[0].access_token), "CastBallot", ballot(&findings[0]))
        .await;

    // Nothing between stop and start may panic, so the cluster always comes back.
    cluster("stop");
    let health_while_down = health(&app).await;
    let refused = app
        .op(Some(&voters[1].access_token), "CastBallot", ballot(&findings[1]))
        .await;
    cluster("start");
    assert_eq!(health_while_down, 503);
    assert_code(&refused, "INTERNAL");
    assert_eq!(refused["errors"][0]["message"], "internal error");

    // Back without a restart of coforum.
    let mut healthy = false;
    for _ in 0..60 {
        if health(&app).await == 200 {
            healthy = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(healthy, "coforum did not become healthy again");
    app.ok(Some(&voters[1].access_token), "CastBallot", ballot(&findings[1]))
        .await;
    let closed = app
        .ok(Some(&admin.access_token), "CloseRound", json!({ "id": round_id }))
        .await;
    assert_eq!(
        closed["closeRound"]["result"]["ballotCount"], 2,
        "the ballot acknowledged before the outage is kept"
    );
}
