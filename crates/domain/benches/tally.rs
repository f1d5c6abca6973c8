//! Tally timings against the contract's targets (release, 2 cores):
//! Schulze 100×10k full < 200 ms, Schulze 500×10k partial < 2 s,
//! DOT/APPROVAL/SCORE over 100k ballots < 100 ms each.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use coforum_domain::tally::samples::{approval_ballots, dot_ballots, ranked_ballots, score_ballots};
use coforum_domain::tally::{Method, RankedRule, tally};
use criterion::{Criterion, criterion_group, criterion_main};

fn ranked(c: &mut Criterion) {
    let schulze = Method::Ranked(RankedRule::Schulze);
    let borda = Method::Ranked(RankedRule::Borda);
    let mut group = c.benchmark_group("ranked");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));

    let full = ranked_ballots(&schulze, 100, 100, 10_000, 1);
    group.bench_function("schulze_100x10k_full", |b| {
        b.iter(|| tally(&schulze, 100, black_box(&full)))
    });
    drop(full);

    let partial = ranked_ballots(&schulze, 500, 10, 10_000, 2);
    group.bench_function("schulze_500x10k_partial10", |b| {
        b.iter(|| tally(&schulze, 500, black_box(&partial)))
    });
    group.bench_function("borda_500x10k_partial10", |b| {
        b.iter(|| tally(&borda, 500, black_box(&partial)))
    });
    group.finish();
}

fn cardinal(c: &mut Criterion) {
    const N: usize = 50;
    const BALLOTS: usize = 100_000;
    let dot = Method::dot(Some(10), Some(10)).unwrap();
    let mut group = c.benchmark_group("cardinal_100k");
    group.sample_size(20);

    let dots = dot_ballots(&dot, N, 10, BALLOTS, 3);
    group.bench_function("dot_50", |b| b.iter(|| tally(&dot, N, black_box(&dots))));
    let approvals = approval_ballots(N, BALLOTS, 4);
    group.bench_function("approval_50", |b| {
        b.iter(|| tally(&Method::Approval, N, black_box(&approvals)))
    });
    let scores = score_ballots(N, BALLOTS, 5);
    group.bench_function("score_50_all_marked", |b| {
        b.iter(|| tally(&Method::Score, N, black_box(&scores)))
    });
    group.finish();
}

criterion_group!(benches, ranked, cardinal);
criterion_main!(benches);
