//! The printed report: one Markdown table per database, the targets
//! with PASS or MISS, and the scale comparison.

use std::fmt::Write as _;

use super::results::{DatabaseRun, Results, Row};
use super::scenarios::Scenario;

/// The targets are stated at 16 concurrent clients.
pub const TARGET_CONCURRENCY: usize = 16;
const PRIORITIES_MIN_CEILING_RATIO: f64 = 0.04;
const PRIORITIES_MAX_P99_MS: f64 = 25.0;
const FORUM_MAX_P99_MS: f64 = 20.0;
const BALLOTS_MIN_PER_SECOND: f64 = 2_000.0;
/// 150 MB, decimal: the stricter reading.
const MEMORY_MAX_BYTES: u64 = 150_000_000;
/// At a larger scale, no p99 may be more than this many times its scale-1 figure.
const SCALE_MAX_P99_GROWTH: f64 = 2.0;

pub fn render(results: &Results, previous: Option<&Results>) -> String {
    let mut out = String::new();
    for run in &results.runs {
        render_run(&mut out, results, run);
        render_targets(&mut out, results.scale, run);
        if let Some(previous) = previous {
            render_comparison(&mut out, results.scale, run, previous);
        }
    }
    out
}

fn render_run(out: &mut String, results: &Results, run: &DatabaseRun) {
    let scale = if results.tiny {
        "a tiny council".to_owned()
    } else {
        format!("scale {}", results.scale)
    };
    let _ = writeln!(
        out,
        "\n### {} at {scale}: {} ms per row after {} ms warm-up\n",
        run.database, results.duration_ms, results.warmup_ms
    );
    let _ = writeln!(
        out,
        "| Operation | Clients | req/s | of ceiling | p50 ms | p99 ms | Errors | server CPU µs/req | driver CPU µs/req |"
    );
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|--:|");
    let or_dash = |value: Option<f64>| value.map_or("–".to_owned(), thousands);
    for row in &run.rows {
        let ran_out = if row.ran_out { " (ran out)" } else { "" };
        let ratio = row.ceiling_ratio.map(|r| format!("{:.1}%", r * 100.0));
        let _ = writeln!(
            out,
            "| {}{ran_out} | {} | {} | {} | {:.2} | {:.2} | {} | {} | {} |",
            row.scenario.label(),
            row.concurrency,
            thousands(row.per_second),
            ratio.as_deref().unwrap_or("–"),
            row.p50_ms,
            row.p99_ms,
            row.errors,
            or_dash(row.server_cpu_us),
            or_dash(row.driver_cpu_us),
        );
    }
    let _ = writeln!(out);
    let memory = run.peak_memory_kib.map_or("not measured".to_owned(), |kib| {
        format!("{:.1} MB", megabytes(kib))
    });
    let seed = run
        .seed_seconds
        .map_or("not run".to_owned(), |s| format!("{s:.1} s"));
    let load = run
        .load_average
        .map_or("unknown".to_owned(), |load| format!("{load:.2}"));
    let before_login = run.peak_memory_before_login_kib.map_or(String::new(), |kib| {
        format!(" ({:.1} MB before the Login rows)", megabytes(kib))
    });
    let _ = writeln!(
        out,
        "Server peak memory (VmHWM): {memory}{before_login}. Seed: {seed}. \
         Load average before measuring: {load}."
    );
    if let Some(ballots) = &run.ballots {
        let _ = writeln!(
            out,
            "Ballots: {} acknowledged, {} counted afterwards through `Round.ballotCount`, \
             lost: {}, unexpected: {} ({} voters signed in).",
            ballots.acknowledged, ballots.counted, ballots.lost, ballots.unexpected, ballots.voters_signed_in
        );
    }
    for note in &run.notes {
        let _ = writeln!(out, "Note: {note}.");
    }
    for row in run.rows.iter().filter(|row| row.errors > 0) {
        let _ = writeln!(
            out,
            "ERRORS in {} at {} clients, first: {}",
            row.scenario.label(),
            row.concurrency,
            row.first_error.as_deref().unwrap_or("?")
        );
    }
}

struct Check {
    target: String,
    measured: Option<String>,
    met: Option<bool>,
}

fn p99_check(run: &DatabaseRun, scenario: Scenario, limit_ms: f64) -> Check {
    let row = run.row(scenario, TARGET_CONCURRENCY);
    Check {
        target: format!("{} p99 < {limit_ms} ms", scenario.label()),
        measured: row.map(|r| format!("{:.2} ms", r.p99_ms)),
        met: row.map(|r| r.p99_ms < limit_ms && r.requests > 0),
    }
}

fn checks(run: &DatabaseRun) -> Vec<Check> {
    let priorities = run.row(Scenario::Priorities, TARGET_CONCURRENCY);
    let ballots = run.row(Scenario::CastBallot, TARGET_CONCURRENCY);
    vec![
        Check {
            target: format!(
                "Priorities ≥ {:.0}% of the ceiling's throughput",
                PRIORITIES_MIN_CEILING_RATIO * 100.0
            ),
            measured: priorities
                .and_then(|r| r.ceiling_ratio)
                .map(|ratio| format!("{:.1}%", ratio * 100.0)),
            met: priorities
                .and_then(|r| r.ceiling_ratio)
                .map(|ratio| ratio >= PRIORITIES_MIN_CEILING_RATIO),
        },
        p99_check(run, Scenario::Priorities, PRIORITIES_MAX_P99_MS),
        p99_check(run, Scenario::PrioritiesBesideLogin, PRIORITIES_MAX_P99_MS),
        p99_check(run, Scenario::ForumBySlug, FORUM_MAX_P99_MS),
        Check {
            target: format!("CastBallot ≥ {} ballots/s", thousands(BALLOTS_MIN_PER_SECOND)),
            measured: ballots.map(|r| format!("{}/s", thousands(r.per_second))),
            met: ballots.map(|r| r.per_second >= BALLOTS_MIN_PER_SECOND && !r.ran_out),
        },
        Check {
            target: "CastBallot: none lost".to_owned(),
            measured: run.ballots.as_ref().map(|b| format!("lost: {}", b.lost)),
            met: run.ballots.as_ref().map(|b| b.lost == 0 && b.unexpected == 0),
        },
        Check {
            target: format!("server memory < {} MB", MEMORY_MAX_BYTES / 1_000_000),
            measured: run.peak_memory_kib.map(|kib| format!("{:.1} MB", megabytes(kib))),
            met: run.peak_memory_kib.map(|kib| kib * 1024 < MEMORY_MAX_BYTES),
        },
        Check {
            target: format!("… before the Login rows < {} MB", MEMORY_MAX_BYTES / 1_000_000),
            measured: run
                .peak_memory_before_login_kib
                .map(|kib| format!("{:.1} MB", megabytes(kib))),
            met: run
                .peak_memory_before_login_kib
                .map(|kib| kib * 1024 < MEMORY_MAX_BYTES),
        },
    ]
}

fn render_targets(out: &mut String, scale: u32, run: &DatabaseRun) {
    let note = if scale == 1 {
        String::new()
    } else {
        format!(" (the targets are set for scale 1; this is scale {scale})")
    };
    let _ = writeln!(
        out,
        "\nTargets, {}, {TARGET_CONCURRENCY} clients{note}:\n",
        run.database
    );
    let _ = writeln!(out, "| Target | Measured | |");
    let _ = writeln!(out, "|---|--:|---|");
    for check in checks(run) {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            check.target,
            check.measured.as_deref().unwrap_or("not measured"),
            verdict(check.met)
        );
    }
}

fn render_comparison(out: &mut String, scale: u32, run: &DatabaseRun, previous: &Results) {
    let Some(before) = previous.runs.iter().find(|r| r.database == run.database) else {
        let _ = writeln!(out, "\nNo {} run in the --compare file.", run.database);
        return;
    };
    let _ = writeln!(
        out,
        "\np99 at scale {scale} against scale {} ({}, {TARGET_CONCURRENCY} clients; at most {SCALE_MAX_P99_GROWTH}×):\n",
        previous.scale, run.database
    );
    let _ = writeln!(out, "| Operation | p99 before | p99 now | growth | |");
    let _ = writeln!(out, "|---|--:|--:|--:|---|");
    let rows = run.rows.iter().filter(|r| r.concurrency == TARGET_CONCURRENCY);
    for row in rows {
        let Some(old) = before.row(row.scenario, TARGET_CONCURRENCY) else {
            continue;
        };
        let growth = if old.p99_ms > 0.0 {
            row.p99_ms / old.p99_ms
        } else {
            f64::INFINITY
        };
        let _ = writeln!(
            out,
            "| {} | {:.2} ms | {:.2} ms | {growth:.2}× | {} |",
            row.scenario.label(),
            old.p99_ms,
            row.p99_ms,
            verdict(Some(growth <= SCALE_MAX_P99_GROWTH))
        );
    }
}

fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "PASS",
        Some(false) => "MISS",
        None => "–",
    }
}

fn megabytes(kib: u64) -> f64 {
    (kib * 1024) as f64 / 1_000_000.0
}

/// 12345.6 → "12,346"; small rates keep a decimal.
fn thousands(value: f64) -> String {
    if value < 100.0 {
        return format!("{value:.1}");
    }
    let digits = format!("{:.0}", value);
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// A row as it is measured, for the progress shown while the run goes on.
pub fn progress_line(database: &str, row: &Row) -> String {
    format!(
        "[{database}] {} × {}: {} req/s, p50 {:.2} ms, p99 {:.2} ms, errors {}{}",
        row.scenario.label(),
        row.concurrency,
        thousands(row.per_second),
        row.p50_ms,
        row.p99_ms,
        row.errors,
        if row.ran_out { " (ran out)" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn rates_are_grouped_by_thousands() {
        assert_eq!(thousands(12_345.6), "12,346");
        assert_eq!(thousands(999.4), "999");
        assert_eq!(thousands(1_000.0), "1,000");
        assert_eq!(thousands(42.24), "42.2");
    }
}
