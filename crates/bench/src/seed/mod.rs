//! `coforum seed-bench`: fills an empty database with a realistic council
//! for the load benchmark, through the product's repositories, domain
//! parsers and closing rules, in large transactions.
//!
//! Bench-only accounts: the officer and the login accounts have hashes at
//! the product's argon2id cost; every other member shares one hash made at
//! argon2id's minimum cost, so the load driver can sign thousands in. Never
//! seed a database real people use.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context as _, bail, ensure};
use coforum_app::AppState;
use coforum_persistence::repos::forums;
use rand::rngs::StdRng;
use rand::{RngExt as _, SeedableRng as _};
use tokio::task::JoinSet;

use crate::manifest::{Account, Manifest};

/// Believable ballots, stored as `castBallot` stores them.
mod ballots;
/// A forum's findings and comment threads.
mod findings;
/// One forum's history in one transaction.
mod forum;
/// Improvements from proposal to delivery.
mod improvements;
/// Accounts, forums and memberships.
mod people;
/// How much of everything to make.
mod plan;
/// Closed rounds and ballot boxes.
mod rounds;
/// The theme vocabulary, from `themes.txt`.
mod themes;
/// The council's wording.
mod words;

pub use forum::Counts;
pub use people::{LOGIN_PASSWORD, OFFICER_EMAIL, VOTER_PASSWORD, cheap_hash};
pub use plan::Plan;

use forum::{ForumOutcome, ForumQuota, seed_forum};
use people::Council;
use plan::{apportion, apportion_capped};

/// What to make, and from which random seed.
#[derive(Clone, Copy, Debug)]
pub struct SeedOptions {
    pub plan: Plan,
    /// The same seed makes the same council (ids and times aside).
    pub seed: u64,
}

/// What the generator made.
#[derive(Debug)]
pub struct SeedReport {
    pub manifest: Manifest,
    pub counts: Counts,
    pub seconds: f64,
}

/// Fills the (migrated, empty) database behind `state` with the council
/// `options` describe. Refuses a database that already has forums: seeding
/// twice would mix two councils and break the counts the benchmark relies on.
pub async fn run(state: &AppState, options: SeedOptions) -> anyhow::Result<SeedReport> {
    let started = Instant::now();
    let existing = forums::list(state.db.conn()).await?.len();
    if existing > 0 {
        bail!(
            "the database already has {existing} forums: seed-bench fills an empty database only \
             (create a new one, or delete the SQLite file)"
        );
    }
    let plan = options.plan;
    let now = coforum_persistence::now();
    let mut rng = StdRng::seed_from_u64(options.seed);

    let council = Arc::new(people::seed_council(state, &plan, &mut rng, now).await?);
    tracing::info!(
        members = council.people.ids.len(),
        forums = council.forums.len(),
        seconds = started.elapsed().as_secs_f64(),
        "accounts, forums and memberships seeded"
    );
    let quotas = quotas(&plan, &council, &mut rng)?;

    // SQLite has one writer: forums go one after another. PostgreSQL takes
    // a few at a time, each in its own transaction.
    let parallel = if state.db.is_sqlite() { 1 } else { 4 };
    let mut outcomes: Vec<Option<ForumOutcome>> = (0..quotas.len()).map(|_| None).collect();
    let mut running = JoinSet::new();
    for (index, quota) in quotas.into_iter().enumerate() {
        if running.len() >= parallel {
            collect_one(&mut running, &mut outcomes).await?;
        }
        let (db, council) = (state.db.clone(), Arc::clone(&council));
        running.spawn(async move {
            let outcome = seed_forum(db, council, index, quota, options.seed, now).await;
            (index, outcome)
        });
    }
    while !running.is_empty() {
        collect_one(&mut running, &mut outcomes).await?;
    }

    let mut manifest = Manifest {
        scale: plan.scale,
        officer: Account {
            email: OFFICER_EMAIL.to_owned(),
            password: LOGIN_PASSWORD.to_owned(),
        },
        login_accounts: council
            .login_emails
            .iter()
            .map(|email| Account {
                email: email.clone(),
                password: LOGIN_PASSWORD.to_owned(),
            })
            .collect(),
        forum_slugs: council.forums.iter().map(|f| f.slug.clone()).collect(),
        closed_round_ids: Vec::new(),
        ballot_boxes: Vec::new(),
        voter_password: VOTER_PASSWORD.to_owned(),
    };
    let mut counts = Counts::default();
    for outcome in outcomes.into_iter().flatten() {
        manifest.closed_round_ids.extend(outcome.closed_round_ids);
        manifest.ballot_boxes.extend(outcome.ballot_boxes);
        counts += outcome.counts;
    }
    ensure!(
        counts.forums == plan.forums,
        "seeded {} forums of {}",
        counts.forums,
        plan.forums
    );
    Ok(SeedReport {
        manifest,
        counts,
        seconds: started.elapsed().as_secs_f64(),
    })
}

type ForumTask = (usize, anyhow::Result<ForumOutcome>);

async fn collect_one(
    running: &mut JoinSet<ForumTask>,
    outcomes: &mut [Option<ForumOutcome>],
) -> anyhow::Result<()> {
    if let Some(joined) = running.join_next().await {
        let (index, outcome) = joined.context("a forum's seeding task failed")?;
        let outcome = outcome.with_context(|| format!("seeding forum {index}"))?;
        tracing::debug!(forum = index, "forum seeded");
        outcomes[index] = Some(outcome);
    }
    Ok(())
}

/// Shares the plan's totals out over the forums: findings and improvements
/// partly evenly, partly by forum size; ballots by forum size with a
/// turnout that varies from round to round, never more than a forum has members.
fn quotas(plan: &Plan, council: &Council, rng: &mut StdRng) -> anyhow::Result<Vec<ForumQuota>> {
    let forums = &council.forums;
    let total_weight: f64 = forums.iter().map(|f| f.weight).sum();
    let mixed: Vec<f64> = forums
        .iter()
        .map(|f| 0.4 / forums.len() as f64 + 0.6 * f.weight / total_weight)
        .collect();
    let findings = apportion(plan.findings, &mixed);
    let improvements = apportion(plan.improvements, &mixed);
    let rounds = apportion(plan.closed_rounds, &vec![1.0; forums.len()]);

    let mut round_forum = Vec::new();
    let mut round_weights = Vec::new();
    let mut round_caps = Vec::new();
    for (forum, &count) in forums.iter().zip(&rounds) {
        for _ in 0..count {
            round_forum.push(forum.index);
            round_weights.push(forum.members.len() as f64 * rng.random_range(0.45..0.95));
            round_caps.push(forum.members.len());
        }
    }
    let ballots = apportion_capped(plan.ballots, &round_weights, &round_caps)
        .context("the forums have too few members for that many ballots")?;

    let mut quotas: Vec<ForumQuota> = forums
        .iter()
        .map(|forum| ForumQuota {
            findings: findings[forum.index],
            closed_round_ballots: Vec::new(),
            ballot_boxes: plan.ballot_boxes_per_forum,
            improvements: improvements[forum.index],
        })
        .collect();
    for (forum, ballots) in round_forum.into_iter().zip(ballots) {
        quotas[forum].closed_round_ballots.push(ballots);
    }
    for (forum, quota) in forums.iter().zip(&quotas) {
        ensure!(
            quota.findings >= 2,
            "forum {} would get {} findings; a round needs 2",
            forum.slug,
            quota.findings
        );
    }
    Ok(quotas)
}

/// Writes the manifest as pretty JSON.
pub fn write_manifest(path: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    let json = serde_json::to_vec_pretty(manifest)?;
    std::fs::write(path, json).with_context(|| format!("writing the manifest to {}", path.display()))
}
