//! The command line of `coforum-loadbench`.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, bail};

use super::database::Backend;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DatabaseChoice {
    Sqlite,
    Postgres,
    Both,
}

impl DatabaseChoice {
    pub fn backends(self) -> Vec<Backend> {
        match self {
            DatabaseChoice::Sqlite => vec![Backend::Sqlite],
            DatabaseChoice::Postgres => vec![Backend::Postgres],
            DatabaseChoice::Both => vec![Backend::Sqlite, Backend::Postgres],
        }
    }
}

/// Starts coforum on a freshly generated council and drives it over HTTP on
/// loopback, then prints one table per database.
#[derive(Clone, Debug, clap::Parser)]
#[command(name = "coforum-loadbench", version)]
pub struct Options {
    /// The council's size, passed to `coforum seed-bench --scale`.
    #[arg(long, default_value_t = 1)]
    pub scale: u32,
    #[arg(long, value_enum, default_value = "sqlite")]
    pub db: DatabaseChoice,
    /// The PostgreSQL server to create (and drop) a `coforum_bench_…` database on.
    #[arg(
        long,
        env = "COFORUM_BENCH_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    pub postgres_url: String,
    /// The `coforum` binary; by default the one beside this program.
    #[arg(long)]
    pub coforum: Option<PathBuf>,
    /// Measured time per row, e.g. `5s`, `200ms`.
    #[arg(long, value_parser = parse_duration, default_value = "5s")]
    pub duration: Duration,
    /// Unmeasured time before each row: connections open, caches fill.
    #[arg(long, value_parser = parse_duration, default_value = "1s")]
    pub warmup: Duration,
    /// Concurrent clients, each with one keep-alive connection.
    #[arg(long, value_delimiter = ',', default_value = "1,16,64")]
    pub concurrency: Vec<usize>,
    /// Run only these rows (e.g. `--only cast-ballot,priorities`; the
    /// ceiling always runs, as the other rows are measured against it).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub only: Vec<crate::load::scenarios::Scenario>,
    /// Clients of each kind in the `Priorities` beside `Login` run.
    #[arg(long, default_value_t = 16)]
    pub beside_clients: usize,
    /// At most this many ballots (and voters signed in); all the manifest offers by default.
    #[arg(long)]
    pub max_ballots: Option<usize>,
    /// A council of two forums and a few dozen members (`seed-bench --tiny`):
    /// for checking that the benchmark runs, not for figures.
    #[arg(long)]
    pub tiny: bool,
    /// An extra argument for `coforum seed-bench` (repeatable), e.g. `--seed-arg=--seed=7`.
    #[arg(long = "seed-arg", allow_hyphen_values = true)]
    pub seed_args: Vec<String>,
    /// Worker threads of the driver; the server shares the machine's cores with it.
    #[arg(long, default_value_t = 2)]
    pub driver_threads: usize,
    /// Write the results as JSON here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// A results file from an earlier run (scale 1), for the "p99 at most twice" check.
    #[arg(long)]
    pub compare: Option<PathBuf>,
    /// Drive an already running server instead (with `--manifest`): no
    /// database, generator or memory figure. For developing the driver.
    #[arg(long, requires = "manifest")]
    pub server: Option<reqwest::Url>,
    /// The manifest of the data behind `--server`.
    #[arg(long, requires = "server")]
    pub manifest: Option<PathBuf>,
    /// Keep the run's directory (database, manifest, logs) and PostgreSQL database.
    #[arg(long)]
    pub keep: bool,
}

impl Options {
    /// Whether the `--only` list (empty: everything) includes `scenario`.
    pub fn runs(&self, scenario: crate::load::scenarios::Scenario) -> bool {
        use crate::load::scenarios::Scenario;
        scenario == Scenario::Ceiling || self.only.is_empty() || self.only.contains(&scenario)
    }

    /// What `coforum seed-bench` is given beyond the database, scale and manifest.
    pub fn seed_bench_args(&self) -> Vec<String> {
        let mut args = self.seed_args.clone();
        if self.tiny {
            args.push("--tiny".to_owned());
        }
        args
    }

    /// The `coforum` binary to run.
    pub fn coforum_binary(&self) -> anyhow::Result<PathBuf> {
        if let Some(path) = &self.coforum {
            return Ok(path.clone());
        }
        let this = std::env::current_exe().context("finding this program")?;
        let beside = this.with_file_name("coforum");
        if !beside.exists() {
            bail!("no coforum binary beside {}; give --coforum", this.display());
        }
        Ok(beside)
    }
}

/// `250ms`, `5s`, `2m`; a bare number is seconds.
pub fn parse_duration(text: &str) -> anyhow::Result<Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .with_context(|| format!("`{text}` is not a duration like 200ms, 5s or 1m"))?;
    let seconds = match unit {
        "ms" => number / 1000.0,
        "" | "s" => number,
        "m" => number * 60.0,
        _ => bail!("`{text}`: the unit must be ms, s or m"),
    };
    Duration::try_from_secs_f64(seconds).with_context(|| format!("`{text}` is not a duration"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_milliseconds_seconds_and_minutes() {
        assert_eq!(parse_duration("200ms").ok(), Some(Duration::from_millis(200)));
        assert_eq!(parse_duration("5s").ok(), Some(Duration::from_secs(5)));
        assert_eq!(parse_duration("1.5").ok(), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m").ok(), Some(Duration::from_secs(120)));
        assert!(parse_duration("5 parsecs").is_err());
        assert!(parse_duration("").is_err());
    }
}
