//! Closing a round end to end — what `closeRound` does, without HTTP: read
//! every ballot (ranked methods) or the round's running totals (DOT,
//! APPROVAL, SCORE), count, store the result, commit. Ballots are loaded in
//! bulk and their totals counted once, as if cast one by one.
//! The targets (release, 2 cores): SCHULZE 100 findings × 10,000
//! full ballots < 200 ms; 500 × 10,000 partial (10 ranked) < 2 s;
//! DOT/APPROVAL/SCORE over 100,000 ballots < 100 ms.
//!
//! `cargo bench -p coforum-app --bench close_round` uses a fresh SQLite file;
//! set `COFORUM_BENCH_DATABASE_URL` to an empty PostgreSQL database to measure that.

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use coforum_app::auth::principal::Caller;
use coforum_app::ops::rounds::{close_round, open_round, recount_totals};
use coforum_app::{AppState, Config};
use coforum_domain::account::{DisplayName, Email, PlatformRole};
use coforum_domain::finding::{FindingDraft, FindingSource, NewFinding};
use coforum_domain::forum::{ForumRole, NewForum};
use coforum_domain::ids::{FindingId, ForumId, SessionId, UserId};
use coforum_domain::permissions::{Actor, Credential};
use coforum_domain::round::{RoundRequest, VotingMethod};
use coforum_domain::tally::samples::{approval_ballots, dot_ballots, ranked_ballots, score_ballots};
use coforum_domain::tally::{Ballot, Method, RankedRule};
use coforum_persistence::repos::{ballots, findings, forums, users};
use coforum_persistence::{Database, now};

const RUNS: usize = 5;

struct Scenario {
    name: &'static str,
    findings: usize,
    method: VotingMethod,
    tally: Option<RankedRule>,
    target: Duration,
    ballots: fn(usize) -> Vec<Ballot>,
    voters: usize,
}

fn scenarios() -> Vec<Scenario> {
    let ms = Duration::from_millis;
    vec![
        Scenario {
            name: "SCHULZE 100 findings × 10,000 full ballots",
            findings: 100,
            method: VotingMethod::Ranked,
            tally: Some(RankedRule::Schulze),
            target: ms(200),
            ballots: |n| ranked_ballots(&Method::Ranked(RankedRule::Schulze), n, n, 10_000, 1),
            voters: 10_000,
        },
        Scenario {
            name: "SCHULZE 500 findings × 10,000 partial (10 ranked)",
            findings: 500,
            method: VotingMethod::Ranked,
            tally: Some(RankedRule::Schulze),
            target: ms(2_000),
            ballots: |n| ranked_ballots(&Method::Ranked(RankedRule::Schulze), n, 10, 10_000, 2),
            voters: 10_000,
        },
        Scenario {
            name: "DOT 50 findings × 100,000 ballots",
            findings: 50,
            method: VotingMethod::Dot,
            tally: None,
            target: ms(100),
            ballots: |n| dot_ballots(&Method::dot(Some(10), Some(10)).unwrap(), n, 10, 100_000, 3),
            voters: 100_000,
        },
        Scenario {
            name: "APPROVAL 50 findings × 100,000 ballots",
            findings: 50,
            method: VotingMethod::Approval,
            tally: None,
            target: ms(100),
            ballots: |n| approval_ballots(n, 100_000, 4),
            voters: 100_000,
        },
        Scenario {
            name: "SCORE 50 findings × 100,000 ballots",
            findings: 50,
            method: VotingMethod::Score,
            tally: None,
            target: ms(100),
            ballots: |n| score_ballots(n, 100_000, 5),
            voters: 100_000,
        },
    ]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    let scratch = tempfile::tempdir().unwrap();
    let url = std::env::var("COFORUM_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/bench.db", scratch.path().display()));
    let db = Database::connect(&url, 4).await.unwrap();
    db.migrate().await.unwrap();
    let state = AppState::new(db, Config::new(b"close-round-bench-secret-0123456789".to_vec()));
    let (admin, forum, voters) = council(&state, 100_000).await;
    let caller = Caller(Some(Actor {
        user_id: admin,
        platform_role: PlatformRole::Admin,
        credential: Credential::Session(SessionId::new()),
    }));
    let backend = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("closeRound end to end on {backend}, {RUNS} runs each (a fresh round per run)");
    println!("| scenario | min | median | max | target | reading every ballot instead (median) |");
    println!("|---|---|---|---|---|---|");
    for scenario in scenarios() {
        let finding_ids = add_findings(&state, admin, forum, scenario.findings).await;
        let sample = (scenario.ballots)(scenario.findings);
        let mut times = Vec::new();
        let mut reads = Vec::new();
        for run in 0..RUNS {
            let request = RoundRequest {
                title: &format!("{} (run {run})", scenario.name),
                finding_ids: &finding_ids,
                method: scenario.method,
                tally: scenario.tally,
                budget: None,
                max_per_item: None,
                closes_at: None,
                secret: true,
                hide_results_until_closed: false,
                publish_as_priorities: true,
                min_turnout: 0.0,
            };
            let round = open_round(&state, &caller, forum, request).await.unwrap();
            let cast: Vec<(UserId, Ballot)> = voters.iter().copied().zip(sample.iter().cloned()).collect();
            let txn = state.db.begin().await.unwrap();
            ballots::insert_many(&txn, round.id, &cast, now()).await.unwrap();
            recount_totals(&txn, &round, scenario.findings).await.unwrap();
            txn.commit().await.unwrap();

            let started = Instant::now();
            let stored = ballots::marks_of_round(state.db.conn(), round.id).await.unwrap();
            reads.push(started.elapsed());
            assert_eq!(stored.len(), scenario.voters);
            drop(stored);

            let started = Instant::now();
            let closed = close_round(&state, &caller, round.id).await.unwrap();
            times.push(started.elapsed());
            assert_eq!(
                closed.ballot_count,
                Some(scenario.voters as u32),
                "every ballot counted"
            );
        }
        times.sort();
        reads.sort();
        let verdict = if times[RUNS / 2] < scenario.target {
            "met"
        } else {
            "MISSED"
        };
        println!(
            "| {} | {:.1} ms | {:.1} ms | {:.1} ms | < {} ms: {verdict} | {:.1} ms |",
            scenario.name,
            millis(times[0]),
            millis(times[RUNS / 2]),
            millis(times[RUNS - 1]),
            scenario.target.as_millis(),
            millis(reads[RUNS / 2])
        );
    }
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

/// One forum, an admin, and `voters` members (their password hashes are never checked).
async fn council(state: &AppState, voters: usize) -> (UserId, ForumId, Vec<UserId>) {
    let txn = state.db.begin().await.unwrap();
    let forum = forums::insert(
        &txn,
        &NewForum::parse("bench", "Bench forum", "Closing rounds").unwrap(),
    )
    .await
    .unwrap();
    let name = DisplayName::parse("Bench voter").unwrap();
    let admin_email = Email::parse("email", "admin@bench.example").unwrap();
    let admin = users::insert(&txn, &admin_email, &name, "unused".into(), PlatformRole::Admin)
        .await
        .unwrap();
    forums::add_member(&txn, forum.id, admin.id, ForumRole::Facilitator, now())
        .await
        .unwrap();
    let mut ids = Vec::with_capacity(voters);
    for i in 0..voters {
        let email = Email::parse("email", &format!("voter{i}@bench.example")).unwrap();
        let user = users::insert(&txn, &email, &name, "unused".into(), PlatformRole::None)
            .await
            .unwrap();
        forums::add_member(&txn, forum.id, user.id, ForumRole::Member, now())
            .await
            .unwrap();
        ids.push(user.id);
    }
    txn.commit().await.unwrap();
    (admin.id, forum.id, ids)
}

async fn add_findings(state: &AppState, by: UserId, forum: ForumId, count: usize) -> Vec<FindingId> {
    let txn = state.db.begin().await.unwrap();
    let mut ids = Vec::with_capacity(count);
    for i in 0..count {
        let draft = FindingDraft {
            title: &format!("Finding {i}"),
            body: "",
            source: FindingSource::Audit,
            themes: &[],
            reference: None,
            received_at: None,
        };
        let new = NewFinding::parse(draft, now()).unwrap();
        ids.push(findings::insert(&txn, forum, &new, by).await.unwrap().id);
    }
    txn.commit().await.unwrap();
    ids
}
