//! `CastBallot` by distinct voters: every request is one voter's first
//! ballot in one open round, and afterwards the rounds' ballot counts must
//! have grown by exactly the number of acknowledged casts.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;
use serde_json::json;

use super::contract;
use super::http::{GraphqlClient, PreparedRequest};
use super::runner::OnceQueue;
use super::scenarios::{round_body, sign_in};
use crate::manifest::{Account, BallotBox, Manifest};

/// Voters signed in at once while preparing (their hashes are cheap).
const SIGN_IN_CONCURRENCY: usize = 16;

/// The ballots to cast, ready to send, and the rounds they go to.
pub struct Ballots {
    pub queue: Arc<OnceQueue>,
    pub round_ids: Vec<String>,
    pub voters_signed_in: usize,
}

/// One (round, voter) pair per ballot, taken round after round so that
/// concurrent ballots spread over the open rounds as a council's would.
fn pairs(boxes: &[BallotBox], limit: usize) -> Vec<(usize, &str)> {
    let longest = boxes.iter().map(|b| b.voter_emails.len()).max().unwrap_or(0);
    let mut pairs = Vec::new();
    for position in 0..longest {
        for (slot, ballot_box) in boxes.iter().enumerate() {
            if let Some(voter) = ballot_box.voter_emails.get(position) {
                if pairs.len() == limit {
                    return pairs;
                }
                pairs.push((slot, voter.as_str()));
            }
        }
    }
    pairs
}

/// Approves between 1 and `max_approvals` findings of the round, chosen
/// from `seed` so the same run always casts the same ballots.
fn marks(ballot_box: &BallotBox, seed: usize) -> Vec<serde_json::Value> {
    let findings = &ballot_box.finding_ids;
    if findings.is_empty() {
        return Vec::new();
    }
    let most = (ballot_box.max_approvals as usize).clamp(1, findings.len());
    let mixed = seed.wrapping_mul(0x9E37_79B9).rotate_left(13);
    let approvals = 1 + mixed % most;
    let first = mixed / most % findings.len();
    (0..approvals)
        .map(|offset| json!({ "findingId": findings[(first + offset) % findings.len()], "value": 1 }))
        .collect()
}

/// Signs in every voter the first `limit` ballots need, and prepares those ballots.
pub async fn prepare(base_url: &reqwest::Url, manifest: &Manifest, limit: usize) -> anyhow::Result<Ballots> {
    let pairs = pairs(&manifest.ballot_boxes, limit);
    anyhow::ensure!(
        !pairs.is_empty(),
        "the manifest has no voters in its ballot_boxes"
    );
    let mut voters: Vec<&str> = pairs.iter().map(|(_, voter)| *voter).collect();
    voters.sort_unstable();
    voters.dedup();
    let tokens = sign_in_all(base_url, &voters, &manifest.voter_password).await?;
    let mut requests = Vec::with_capacity(pairs.len());
    for (seed, (slot, voter)) in pairs.iter().enumerate() {
        let ballot_box = &manifest.ballot_boxes[*slot];
        let body = contract::body(
            "CastBallot",
            json!({ "input": { "roundId": ballot_box.round_id, "marks": marks(ballot_box, seed) } }),
        )?;
        let token = tokens.get(*voter).context("a voter without a token")?;
        requests.push((PreparedRequest::signed_in(body, token)?, *slot));
    }
    let round_ids = manifest.ballot_boxes.iter().map(|b| b.round_id.clone()).collect();
    Ok(Ballots {
        queue: Arc::new(OnceQueue::new(requests, manifest.ballot_boxes.len())),
        round_ids,
        voters_signed_in: voters.len(),
    })
}

async fn sign_in_all(
    base_url: &reqwest::Url,
    voters: &[&str],
    password: &str,
) -> anyhow::Result<HashMap<String, String>> {
    let accounts: Arc<[Account]> = voters
        .iter()
        .map(|email| Account {
            email: (*email).to_owned(),
            password: password.to_owned(),
        })
        .collect();
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..SIGN_IN_CONCURRENCY {
        let client = GraphqlClient::new(base_url)?;
        let accounts = Arc::clone(&accounts);
        let next = Arc::clone(&next);
        workers.push(tokio::spawn(async move {
            let mut tokens = Vec::new();
            while let Some(account) = accounts.get(next.fetch_add(1, Ordering::Relaxed)) {
                tokens.push((account.email.clone(), sign_in(&client, account).await?));
            }
            anyhow::Ok(tokens)
        }));
    }
    let mut tokens = HashMap::with_capacity(voters.len());
    for worker in workers {
        tokens.extend(worker.await.context("a sign-in worker panicked")??);
    }
    Ok(tokens)
}

/// Each round's `ballotCount`, read through the contract's `Round` query.
pub async fn count(
    base_url: &reqwest::Url,
    officer_token: &str,
    round_ids: &[String],
) -> anyhow::Result<Vec<u64>> {
    let client = GraphqlClient::new(base_url)?;
    let mut counts = Vec::with_capacity(round_ids.len());
    for round_id in round_ids {
        let request = PreparedRequest::signed_in(round_body(round_id)?, officer_token)?;
        let data = client.data(&request).await?;
        let count = data["round"]["ballotCount"]
            .as_u64()
            .with_context(|| format!("no ballotCount for round {round_id} in {data}"))?;
        counts.push(count);
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ballot_box(round: &str, voters: &[&str], findings: usize, max_approvals: u32) -> BallotBox {
        BallotBox {
            round_id: round.to_owned(),
            finding_ids: (0..findings).map(|i| format!("f{i}")).collect(),
            max_approvals,
            voter_emails: voters.iter().map(|v| (*v).to_owned()).collect(),
        }
    }

    #[test]
    fn pairs_take_rounds_in_turn_and_stop_at_the_limit() {
        let boxes = [
            ballot_box("a", &["x", "y", "z"], 3, 1),
            ballot_box("b", &["x"], 3, 1),
        ];
        assert_eq!(pairs(&boxes, 10), vec![(0, "x"), (1, "x"), (0, "y"), (0, "z")]);
        assert_eq!(pairs(&boxes, 2), vec![(0, "x"), (1, "x")]);
    }

    #[test]
    fn a_ballot_approves_between_one_and_the_most_allowed_distinct_findings() {
        let ballot_box = ballot_box("a", &["x"], 7, 3);
        for seed in 0..500 {
            let marks = marks(&ballot_box, seed);
            assert!((1..=3).contains(&marks.len()), "{marks:?}");
            let mut ids: Vec<_> = marks.iter().map(|m| m["findingId"].to_string()).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), marks.len(), "distinct findings");
            assert!(marks.iter().all(|m| m["value"] == 1));
        }
    }
}
