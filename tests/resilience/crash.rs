//! SIGKILL in the middle of a ballot storm.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{PASSWORD, fresh_database_url, operation};
use crate::process;

pub(crate) async fn call(
    client: &reqwest::Client,
    base: &str,
    token: Option<&str>,
    name: &str,
    variables: Value,
) -> Option<Value> {
    let mut request = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": operation(name), "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let body: Value = request.send().await.ok()?.json().await.ok()?;
    Some(body)
}

pub(crate) async fn data(
    client: &reqwest::Client,
    base: &str,
    token: Option<&str>,
    name: &str,
    variables: Value,
) -> Value {
    let body = call(client, base, token, name, variables.clone()).await.unwrap();
    assert!(body.get("errors").is_none(), "{name} failed: {body}");
    body["data"].clone()
}

/// A ballot's marks: (finding id, value).
type Marks = Vec<(String, i64)>;

const VOTERS: usize = 24;
const FINDINGS: usize = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "kills the server process: run alone (see main.rs)"]
async fn acknowledged_ballots_survive_sigkill_and_no_ballot_is_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let server = process::start(&database_url, dir.path());
    let client = reqwest::Client::new();
    let base = server.base.clone();

    // A forum, its facilitator, voters and a DOT round over six findings.
    let admin_email = "admin@example.org";
    coforum_persistence::Database::connect(&database_url, 2)
        .await
        .unwrap();
    let state = coforum_app::AppState::new(
        coforum_persistence::Database::connect(&database_url, 2)
            .await
            .unwrap(),
        coforum_app::Config::new(crate::common::JWT_SECRET.to_vec()),
    );
    coforum_app::ops::accounts::create_admin(&state, admin_email, "Admin", PASSWORD.into())
        .await
        .unwrap();
    let login = data(
        &client,
        &base,
        None,
        "Login",
        json!({ "input": { "email": admin_email, "password": PASSWORD } }),
    )
    .await;
    let admin = login["login"]["accessToken"].as_str().unwrap().to_owned();
    let forum = data(
        &client,
        &base,
        Some(&admin),
        "CreateForum",
        json!({ "input": { "slug": "storm", "name": "Storm", "description": "" } }),
    )
    .await;
    let forum_id = forum["createForum"]["id"].as_str().unwrap().to_owned();
    let mut findings = Vec::new();
    for i in 0..FINDINGS {
        let input = json!({ "input": { "forumId": forum_id, "title": format!("Finding {i}"), "body": "", "source": "SURVEY", "themes": [] } });
        let added = data(&client, &base, Some(&admin), "AddFinding", input).await;
        findings.push(added["addFinding"]["id"].as_str().unwrap().to_owned());
    }
    let mut voters = Vec::new();
    for i in 0..VOTERS {
        let invite = data(
            &client,
            &base,
            Some(&admin),
            "CreateInvite",
            json!({ "input": { "forumId": forum_id, "role": "MEMBER" } }),
        )
        .await;
        let code = invite["createInvite"]["code"].as_str().unwrap();
        let input = json!({ "input": { "email": format!("voter{i}@example.org"), "password": PASSWORD, "displayName": format!("Voter {i}"), "inviteCode": code } });
        let registered = data(&client, &base, None, "Register", input).await;
        voters.push(registered["register"]["accessToken"].as_str().unwrap().to_owned());
    }
    let round = data(&client, &base, Some(&admin), "OpenRound", json!({ "input": { "forumId": forum_id, "title": "Storm round", "findingIds": findings, "method": "DOT", "budget": 30, "maxPerItem": 10 } })).await;
    let round_id = round["openRound"]["id"].as_str().unwrap().to_owned();

    // The storm: each voter recasts ballots of three marks; every ballot
    // the server acknowledged is remembered, and every one sent.
    let acknowledged: Arc<Mutex<HashMap<usize, Marks>>> = Arc::default();
    let sent: Arc<Mutex<HashMap<usize, Vec<Marks>>>> = Arc::default();
    let mut tasks = Vec::new();
    for (voter, token) in voters.iter().enumerate() {
        let (client, base, token, round_id, findings) = (
            client.clone(),
            base.clone(),
            token.clone(),
            round_id.clone(),
            findings.clone(),
        );
        let (acknowledged, sent) = (acknowledged.clone(), sent.clone());
        tasks.push(tokio::spawn(async move {
            for attempt in 0usize.. {
                let marks: Vec<(String, i64)> = (0..3)
                    .map(|k| (findings[(voter + attempt + k) % FINDINGS].clone(), ((attempt + k) % 10 + 1) as i64))
                    .collect();
                sent.lock().unwrap().entry(voter).or_default().push(marks.clone());
                let input = json!({ "input": { "roundId": round_id, "marks": marks.iter().map(|(f, v)| json!({ "findingId": f, "value": v })).collect::<Vec<_>>() } });
                match call(&client, &base, Some(&token), "CastBallot", input).await {
                    Some(body) if body.get("errors").is_none() => {
                        acknowledged.lock().unwrap().insert(voter, marks);
                    }
                    Some(body) => panic!("a ballot was refused: {body}"),
                    None => return, // the server is gone
                }
            }
        }));
    }
    // Kill it mid-storm, once every voter has had a ballot acknowledged.
    for _ in 0..600 {
        if acknowledged.lock().unwrap().len() == VOTERS {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill();
    for task in tasks {
        task.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let sent = sent.lock().unwrap().clone();
    assert!(
        acknowledged.len() == VOTERS,
        "every voter had a ballot acknowledged before the kill"
    );

    // Restart on the same database: every acknowledged ballot is there, or
    // one sent after it (in flight when the server died); none is partial.
    let server = process::start(&database_url, dir.path());
    for (voter, token) in voters.iter().enumerate() {
        let body = data(
            &client,
            &server.base,
            Some(token),
            "Round",
            json!({ "id": round_id }),
        )
        .await;
        let mut stored: Vec<(String, i64)> = body["round"]["myBallot"]["marks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["finding"]["id"].as_str().unwrap().to_owned(),
                    m["value"].as_i64().unwrap(),
                )
            })
            .collect();
        stored.sort();
        let mut last_acknowledged = acknowledged[&voter].clone();
        last_acknowledged.sort();
        let history = &sent[&voter];
        let acknowledged_at = history
            .iter()
            .rposition(|marks| {
                let mut marks = marks.clone();
                marks.sort();
                marks == last_acknowledged
            })
            .unwrap();
        let allowed: Vec<Vec<(String, i64)>> = history[acknowledged_at..]
            .iter()
            .map(|marks| {
                let mut marks = marks.clone();
                marks.sort();
                marks
            })
            .collect();
        assert_eq!(
            stored.len(),
            3,
            "voter {voter}: a half-written ballot: {stored:?}"
        );
        assert!(
            allowed.contains(&stored),
            "voter {voter}: lost the acknowledged ballot {last_acknowledged:?}, found {stored:?}"
        );
    }
    let body = data(
        &client,
        &server.base,
        Some(&admin),
        "Round",
        json!({ "id": round_id }),
    )
    .await;
    assert_eq!(body["round"]["ballotCount"], VOTERS);
    server.kill();
}
