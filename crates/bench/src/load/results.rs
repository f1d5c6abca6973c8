//! The machine-readable results (`--out`), also read back by `--compare`.

use std::path::Path;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use super::runner::Measurement;
use super::scenarios::Scenario;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Results {
    pub scale: u32,
    /// Seeded with `--tiny`: the run only shows that the benchmark works.
    #[serde(default)]
    pub tiny: bool,
    pub warmup_ms: u64,
    pub duration_ms: u64,
    pub runs: Vec<DatabaseRun>,
}

/// Everything measured against one database.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DatabaseRun {
    /// `sqlite`, `postgres`, or `external` for `--server`.
    pub database: String,
    /// The one-minute load average just before measuring.
    #[serde(default)]
    pub load_average: Option<f64>,
    pub seed_seconds: Option<f64>,
    /// The server's VmHWM at the end of the run.
    pub peak_memory_kib: Option<u64>,
    /// The server's VmHWM just before the `Login` rows.
    #[serde(default)]
    pub peak_memory_before_login_kib: Option<u64>,
    pub ballots: Option<BallotAudit>,
    pub rows: Vec<Row>,
    /// Rows that were not run, and why.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl DatabaseRun {
    pub fn row(&self, scenario: Scenario, concurrency: usize) -> Option<&Row> {
        self.rows
            .iter()
            .find(|row| row.scenario == scenario && row.concurrency == concurrency)
    }

    /// Errors of every row, and ballots lost or counted twice.
    pub fn faults(&self) -> u64 {
        let errors: u64 = self.rows.iter().map(|row| row.errors).sum();
        let ballots = self.ballots.as_ref().map_or(0, |b| b.lost + b.unexpected);
        errors + ballots
    }
}

/// Ballots acknowledged by the server against the growth of the rounds'
/// `ballotCount`, counted through the API afterwards.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BallotAudit {
    pub acknowledged: u64,
    pub counted: u64,
    /// Acknowledged but not counted.
    pub lost: u64,
    /// Counted but never acknowledged (a request that failed yet landed).
    pub unexpected: u64,
    pub voters_signed_in: usize,
}

impl BallotAudit {
    pub fn new(before: &[u64], acknowledged: &[u64], after: &[u64], voters_signed_in: usize) -> Self {
        let mut audit = Self {
            acknowledged: acknowledged.iter().sum(),
            counted: 0,
            lost: 0,
            unexpected: 0,
            voters_signed_in,
        };
        for ((before, acknowledged), after) in before.iter().zip(acknowledged).zip(after) {
            let grown = after.saturating_sub(*before);
            audit.counted += grown;
            audit.lost += acknowledged.saturating_sub(grown);
            audit.unexpected += grown.saturating_sub(*acknowledged);
        }
        audit
    }
}

/// One scenario at one concurrency.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Row {
    pub scenario: Scenario,
    pub concurrency: usize,
    pub requests: u64,
    pub per_second: f64,
    /// Throughput over the `{ __typename }` throughput at the same
    /// concurrency in the same run.
    pub ceiling_ratio: Option<f64>,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Server CPU time per answer counted; None without the server's process.
    #[serde(default)]
    pub server_cpu_us: Option<f64>,
    /// The driver's own CPU time per answer counted.
    #[serde(default)]
    pub driver_cpu_us: Option<f64>,
    pub errors: u64,
    pub first_error: Option<String>,
    /// The scenario's one-off requests (ballots) ran out before the window ended.
    pub ran_out: bool,
}

impl Row {
    pub fn new(
        scenario: Scenario,
        concurrency: usize,
        measurement: Measurement,
        ceiling: Option<f64>,
    ) -> Self {
        let per_second = measurement.per_second();
        let per_answer = |cpu: Option<std::time::Duration>| {
            let answers = measurement.completed;
            cpu.filter(|_| answers > 0)
                .map(|cpu| cpu.as_secs_f64() * 1e6 / answers as f64)
        };
        let server_cpu_us = per_answer(measurement.cpu.server);
        let driver_cpu_us = per_answer(measurement.cpu.driver);
        Self {
            scenario,
            concurrency,
            requests: measurement.completed,
            per_second,
            ceiling_ratio: ceiling.filter(|c| *c > 0.0).map(|c| per_second / c),
            p50_ms: measurement.percentile_ms(0.50),
            p99_ms: measurement.percentile_ms(0.99),
            max_ms: measurement.latency.max() as f64 / 1000.0,
            server_cpu_us,
            driver_cpu_us,
            errors: measurement.errors,
            first_error: measurement.first_error,
            ran_out: measurement.ran_out,
        }
    }
}

impl Results {
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let json = serde_json::to_string_pretty(self)?;
        std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))
    }

    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let json = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&json).with_context(|| format!("{} is not a results file", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::BallotAudit;

    #[test]
    fn the_audit_tells_lost_ballots_from_unexpected_ones() {
        let audit = BallotAudit::new(&[5, 0, 2], &[10, 4, 0], &[15, 3, 3], 20);
        assert_eq!(audit.acknowledged, 14);
        assert_eq!(audit.counted, 14);
        assert_eq!(audit.lost, 1, "round 2 counted 3 of 4");
        assert_eq!(audit.unexpected, 1, "round 3 counted one never acknowledged");
    }
}
