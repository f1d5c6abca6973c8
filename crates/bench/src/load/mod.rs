//! The load benchmark: a fresh database, `coforum seed-bench`, `coforum
//! serve` on loopback, then every scenario at every concurrency, driven over
//! HTTP by closed-loop clients with one keep-alive connection each.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use coforum_domain::sign_in::MAX_FAILED_LOGINS;

use crate::manifest::Manifest;

/// `CastBallot` by distinct voters, and the count afterwards.
mod ballots;
/// The contract's documents, one operation at a time.
pub mod contract;
/// Fresh SQLite and PostgreSQL databases.
mod database;
/// Prepared requests and cheap answer checks.
mod http;
/// The command line.
mod options;
/// CPU time and peak memory of the server and the driver.
mod process;
/// The Markdown report, targets and the scale comparison.
pub mod report;
/// The machine-readable results.
pub mod results;
/// The closed-loop load loop and its latency histograms.
mod runner;
/// What each row sends.
mod scenarios;
/// The `coforum` processes under test.
mod server;

pub use database::Backend;
pub use options::{DatabaseChoice, Options, parse_duration};
use results::{BallotAudit, DatabaseRun, Results, Row};
use runner::{Plan, RequestSource, drive};
use scenarios::{Scenario, sign_in};

/// Runs the whole benchmark as `options` say.
pub async fn run(options: &Options) -> anyhow::Result<Results> {
    let mut runs = Vec::new();
    if let (Some(server), Some(manifest)) = (&options.server, &options.manifest) {
        let manifest = read_manifest(manifest)?;
        runs.push(measure(options, server, None, &manifest, "external").await?);
    } else {
        let coforum = options.coforum_binary()?;
        let directory = run_directory()?;
        for backend in options.db.backends() {
            runs.push(run_database(options, &coforum, backend, &directory.join(backend.name())).await?);
        }
        if options.keep {
            eprintln!("kept {}", directory.display());
        } else {
            std::fs::remove_dir_all(&directory).ok();
        }
    }
    Ok(Results {
        scale: options.scale,
        tiny: options.tiny,
        warmup_ms: millis(options.warmup),
        duration_ms: millis(options.duration),
        runs,
    })
}

/// The machine's one-minute load average before measuring: figures taken
/// while something else keeps the two cores busy are not comparable.
fn load_average() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// A directory of this run's own under the system's temporary directory.
fn run_directory() -> anyhow::Result<PathBuf> {
    let directory = std::env::temp_dir().join(format!(
        "coforum-bench-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_millis()
    ));
    std::fs::create_dir_all(&directory).with_context(|| format!("creating {}", directory.display()))?;
    Ok(directory)
}

fn read_manifest(path: &Path) -> anyhow::Result<Manifest> {
    let json = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&json).with_context(|| format!("{} is not a manifest", path.display()))
}

/// Generates a council into a fresh database, serves it, measures, and
/// removes the database whatever happened (unless `--keep`).
async fn run_database(
    options: &Options,
    coforum: &Path,
    backend: Backend,
    directory: &Path,
) -> anyhow::Result<DatabaseRun> {
    std::fs::create_dir_all(directory).with_context(|| format!("creating {}", directory.display()))?;
    let database = database::FreshDatabase::create(backend, directory, &options.postgres_url).await?;
    let outcome = seed_serve_and_measure(options, coforum, backend, &database.url, directory).await;
    if !options.keep
        && let Err(error) = database.remove().await
    {
        eprintln!("could not remove the {} database: {error:#}", backend.name());
    }
    if outcome.is_err() {
        eprintln!("the run's files (logs, manifest) are in {}", directory.display());
    }
    outcome
}

async fn seed_serve_and_measure(
    options: &Options,
    coforum: &Path,
    backend: Backend,
    database_url: &str,
    directory: &Path,
) -> anyhow::Result<DatabaseRun> {
    let manifest_path = directory.join("manifest.json");
    eprintln!("[{}] seeding scale {}…", backend.name(), options.scale);
    let seeding = {
        let (coforum, url, manifest, log) = (
            coforum.to_owned(),
            database_url.to_owned(),
            manifest_path.clone(),
            directory.join("seed.log"),
        );
        let (scale, extra) = (options.scale, options.seed_bench_args());
        tokio::task::spawn_blocking(move || server::seed(&coforum, &url, scale, &manifest, &extra, &log))
    };
    let seed_time = seeding.await.context("the generator's watcher panicked")??;
    eprintln!("[{}] seeded in {:.1} s", backend.name(), seed_time.as_secs_f64());
    let manifest = read_manifest(&manifest_path)?;
    let server = server::Server::start(coforum, database_url, &directory.join("server.log")).await?;
    let measured = measure(options, &server.base_url, server.pid(), &manifest, backend.name()).await;
    let peak_memory_kib = server.pid().and_then(process::peak_memory_kib);
    server.stop();
    let mut run = measured?;
    run.seed_seconds = Some(seed_time.as_secs_f64());
    run.peak_memory_kib = peak_memory_kib;
    Ok(run)
}

fn plan(options: &Options, concurrency: usize, server_pid: Option<u32>) -> Plan {
    Plan {
        concurrency,
        warmup: options.warmup,
        duration: options.duration,
        server_pid,
    }
}

/// Every scenario at every concurrency against the server at `base_url`.
async fn measure(
    options: &Options,
    base_url: &reqwest::Url,
    server_pid: Option<u32>,
    manifest: &Manifest,
    database: &str,
) -> anyhow::Result<DatabaseRun> {
    let setup = http::GraphqlClient::new(base_url)?;
    let mut run = DatabaseRun {
        database: database.to_owned(),
        load_average: load_average(),
        seed_seconds: None,
        peak_memory_kib: None,
        peak_memory_before_login_kib: None,
        ballots: None,
        rows: Vec::new(),
        notes: Vec::new(),
    };
    let mut ceilings: HashMap<usize, f64> = HashMap::new();
    let record = |run: &mut DatabaseRun, row: Row| {
        eprintln!("{}", report::progress_line(database, &row));
        run.rows.push(row);
    };
    for scenario in Scenario::EVERY_CONCURRENCY {
        if !options.runs(scenario) {
            continue;
        }
        // Access tokens live 15 minutes: sign the officer in afresh for
        // each scenario so long runs never send an expired one.
        let source = match scenario {
            Scenario::Ceiling => scenarios::ceiling(),
            Scenario::Priorities => scenarios::priorities(&sign_in(&setup, &manifest.officer).await?)?,
            Scenario::ForumBySlug => {
                scenarios::forum_by_slug(manifest, &sign_in(&setup, &manifest.officer).await?)?
            }
            Scenario::Round => scenarios::rounds(manifest, &sign_in(&setup, &manifest.officer).await?)?,
            Scenario::Login => {
                // argon2 takes 19 MiB a hash: the peak before any sign-in
                // load tells the memory of serving apart from that of hashing.
                run.peak_memory_before_login_kib = server_pid.and_then(process::peak_memory_kib);
                scenarios::logins(manifest)?
            }
            Scenario::CastBallot => {
                let (rows, audit) =
                    cast_ballots(options, base_url, server_pid, manifest, &setup, &ceilings).await?;
                for row in rows {
                    record(&mut run, row);
                }
                run.ballots = Some(audit);
                continue;
            }
            Scenario::PrioritiesBesideLogin | Scenario::LoginBesidePriorities => continue,
        };
        for &concurrency in &options.concurrency {
            if scenario == Scenario::Login
                && let Some(reason) = too_few_login_accounts(manifest, concurrency, "Login")
            {
                eprintln!("{reason}");
                run.notes.push(reason);
                continue;
            }
            let measurement = drive(base_url, &source, plan(options, concurrency, server_pid)).await?;
            if scenario == Scenario::Ceiling {
                ceilings.insert(concurrency, measurement.per_second());
            }
            let ceiling = ceilings.get(&concurrency).copied();
            let row = Row::new(scenario, concurrency, measurement, ceiling);
            record(&mut run, row);
        }
    }
    if !options.runs(Scenario::PrioritiesBesideLogin) {
        return Ok(run);
    }
    if let Some(reason) = too_few_login_accounts(manifest, options.beside_clients, "Priorities beside Login")
    {
        eprintln!("{reason}");
        run.notes.push(reason);
        return Ok(run);
    }
    for row in priorities_beside_login(options, base_url, manifest, &setup, &ceilings).await? {
        record(&mut run, row);
    }
    Ok(run)
}

/// Why `Login` cannot run at `concurrency` with the manifest's accounts, if
/// it cannot: attempts in flight for one email count as failures, and the
/// fifth is refused, so no account may be signed in by that many clients at once.
fn too_few_login_accounts(manifest: &Manifest, concurrency: usize, row: &str) -> Option<String> {
    let accounts = manifest.login_accounts.len();
    let sharing = runner::clients_per_request(concurrency, accounts);
    (sharing >= usize::try_from(MAX_FAILED_LOGINS).unwrap_or(usize::MAX)).then(|| {
        format!(
            "{row} at {concurrency} clients not run: {accounts} login accounts would put {sharing} \
             sign-ins of one email in flight, and the rate limit refuses the {MAX_FAILED_LOGINS}th"
        )
    })
}

/// Casts ballots at every concurrency, then counts them through the API.
async fn cast_ballots(
    options: &Options,
    base_url: &reqwest::Url,
    server_pid: Option<u32>,
    manifest: &Manifest,
    setup: &http::GraphqlClient,
    ceilings: &HashMap<usize, f64>,
) -> anyhow::Result<(Vec<Row>, BallotAudit)> {
    let started = std::time::Instant::now();
    let limit = options.max_ballots.unwrap_or(usize::MAX);
    let ballots = ballots::prepare(base_url, manifest, limit).await?;
    eprintln!(
        "signed {} voters in for {} ballots in {:.1} s",
        ballots.voters_signed_in,
        ballots.queue.total(),
        started.elapsed().as_secs_f64()
    );
    let officer = sign_in(setup, &manifest.officer).await?;
    let before = ballots::count(base_url, &officer, &ballots.round_ids).await?;
    let source = RequestSource::Once(ballots.queue.clone());
    let mut rows = Vec::new();
    for &concurrency in &options.concurrency {
        let measurement = drive(base_url, &source, plan(options, concurrency, server_pid)).await?;
        let ceiling = ceilings.get(&concurrency).copied();
        rows.push(Row::new(Scenario::CastBallot, concurrency, measurement, ceiling));
    }
    let officer = sign_in(setup, &manifest.officer).await?;
    let after = ballots::count(base_url, &officer, &ballots.round_ids).await?;
    let audit = BallotAudit::new(
        &before,
        &ballots.queue.acknowledged(),
        &after,
        ballots.voters_signed_in,
    );
    Ok((rows, audit))
}

/// `Priorities` with a `Login` load running at the same time: argon2 is
/// meant to take its bounded share of the machine, not stall the readers.
async fn priorities_beside_login(
    options: &Options,
    base_url: &reqwest::Url,
    manifest: &Manifest,
    setup: &http::GraphqlClient,
    ceilings: &HashMap<usize, f64>,
) -> anyhow::Result<Vec<Row>> {
    // Both loads share the server and the driver, so neither row can be
    // given a CPU time of its own.
    let plan = plan(options, options.beside_clients, None);
    let priorities = scenarios::priorities(&sign_in(setup, &manifest.officer).await?)?;
    let logins = scenarios::logins(manifest)?;
    let (priorities, logins) =
        tokio::join!(drive(base_url, &priorities, plan), drive(base_url, &logins, plan));
    let ceiling = ceilings.get(&plan.concurrency).copied();
    let mut rows = vec![
        Row::new(
            Scenario::PrioritiesBesideLogin,
            plan.concurrency,
            priorities?,
            ceiling,
        ),
        Row::new(
            Scenario::LoginBesidePriorities,
            plan.concurrency,
            logins?,
            ceiling,
        ),
    ];
    for row in &mut rows {
        row.driver_cpu_us = None;
    }
    Ok(rows)
}
