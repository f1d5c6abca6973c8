//! `coforum seed-bench`, run as a real process on a fresh database (at its
//! hidden `--tiny` size), then read back through the server: the counts
//! the plan promises, results stored as the product stores them, and a
//! voter from the manifest signing in and casting a ballot.
//! Only with the `bench` feature, which puts the command in the binary
//! (`without_bench.rs` checks it is absent otherwise).
#![cfg(feature = "bench")]
#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::process::Command;

use coforum_bench::manifest::Manifest;
use coforum_bench::seed::Plan;
use serde_json::{Value, json};

use crate::common::*;

fn seed(database_url: &str, manifest: &std::path::Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_coforum"))
        .env_clear()
        .args([
            "seed-bench",
            "--tiny",
            "--seed",
            "11",
            "--database-url",
            database_url,
        ])
        .arg("--manifest")
        .arg(manifest)
        .args(extra)
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_seeded_council_reads_back_through_the_api_and_takes_ballots() {
    let files = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(files.path()).await;
    let manifest_path = files.path().join("manifest.json");
    let output = seed(&database_url, &manifest_path, &[]);
    assert!(
        output.status.success(),
        "seed-bench failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let manifest: Manifest = serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    let plan = Plan::tiny();
    assert_eq!(manifest.forum_slugs.len(), plan.forums);
    assert_eq!(manifest.closed_round_ids.len(), plan.closed_rounds);
    assert_eq!(manifest.login_accounts.len(), plan.login_accounts);
    assert_eq!(
        manifest.ballot_boxes.len(),
        plan.forums * plan.ballot_boxes_per_forum
    );

    let app = spawn_app_on(&database_url).await;
    let forums = app.forums().await;
    assert_eq!(forums.len(), plan.forums);

    // The officer (production-cost hash) reads every forum.
    let officer = app
        .login(&manifest.officer.email, &manifest.officer.password)
        .await;
    let officer = session(&officer["data"]["login"], &manifest.officer.email);
    let mut findings = 0;
    let mut improvements = 0;
    for slug in &manifest.forum_slugs {
        let data = app
            .ok(
                Some(&officer.access_token),
                "ForumBySlug",
                json!({ "slug": slug, "first": 20 }),
            )
            .await;
        let forum = &data["forum"];
        findings += forum["findings"]["totalCount"].as_u64().unwrap();
        assert_eq!(forum["findings"]["edges"].as_array().unwrap().len(), 20);
        improvements += forum["improvements"].as_array().unwrap().len();
        let facilitators = forum["members"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["role"] == "FACILITATOR")
            .count();
        assert_eq!(facilitators, 1, "{slug} has one facilitator");
    }
    assert_eq!(findings, plan.findings as u64);
    assert_eq!(improvements, plan.improvements);

    // Closed rounds of every method, with stored results adding up to the plan's ballots.
    let mut ballots = 0;
    let mut kinds = HashSet::new();
    for id in &manifest.closed_round_ids {
        let data = app
            .ok(Some(&officer.access_token), "Round", json!({ "id": id }))
            .await;
        let round = &data["round"];
        assert_eq!(round["state"], "CLOSED");
        let result = &round["result"];
        assert!(!result["ranking"].as_array().unwrap().is_empty(), "{round}");
        assert_eq!(result["ballotCount"], round["ballotCount"]);
        ballots += round["ballotCount"].as_u64().unwrap();
        kinds.insert(format!("{}/{}", round["method"], round["tally"]));
    }
    assert_eq!(ballots, plan.ballots as u64);
    assert_eq!(kinds.len(), 5, "every method and both ranked tallies: {kinds:?}");

    // The officer's priorities come from the closed rounds.
    let data = app
        .ok(Some(&officer.access_token), "Priorities", json!({ "first": 50 }))
        .await;
    assert!(!data["priorities"].as_array().unwrap().is_empty());

    // A login account (production-cost hash) signs in.
    let login = &manifest.login_accounts[0];
    let body = app.login(&login.email, &login.password).await;
    assert!(body.get("errors").is_none(), "{body}");

    // A voter (minimum-cost hash) signs in and fills a ballot box.
    let ballot_box = &manifest.ballot_boxes[0];
    assert!(ballot_box.finding_ids.len() >= 8);
    let voter_email = &ballot_box.voter_emails[0];
    let body = app.login(voter_email, &manifest.voter_password).await;
    let voter = session(&body["data"]["login"], voter_email);
    let marks: Vec<Value> = ballot_box.finding_ids[..3]
        .iter()
        .map(|id| json!({ "findingId": id, "value": 1 }))
        .collect();
    let data = app
        .ok(
            Some(&voter.access_token),
            "CastBallot",
            json!({ "input": { "roundId": ballot_box.round_id, "marks": marks } }),
        )
        .await;
    assert_eq!(data["castBallot"]["ballotCount"], 1);

    // Seeding twice would mix two councils: refused, nothing added.
    let again = seed(&database_url, &files.path().join("again.json"), &[]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has"));
    assert_eq!(app.forums().await.len(), plan.forums);
}
