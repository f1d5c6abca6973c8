//! Tally timings against the contract's targets (release, 2 cores):
//! Schulze 100×10k full < 200 ms, Schulze 500×10k partial < 2 s,
//! DOT/APPROVAL/SCORE over 100k ballots < 100 ms each.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use coforum_domain::tally::{Ballot, Mark, Method, RankedRule, tally, validate_ballot};
use criterion::{Criterion, criterion_group, criterion_main};

/// SplitMix64: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-enough index in 0..bound.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    /// `k` distinct candidates out of `n`, by a partial Fisher–Yates shuffle.
    fn pick(&mut self, pool: &mut [usize], k: usize) -> Vec<usize> {
        for i in 0..k {
            let j = i + self.below(pool.len() - i);
            pool.swap(i, j);
        }
        pool[..k].to_vec()
    }
}

/// Ballots ranking `k` random candidates of `n` at distinct positions 1..=k.
fn ranked_ballots(method: &Method, n: usize, k: usize, count: usize, seed: u64) -> Vec<Ballot> {
    let mut rng = Rng(seed);
    let mut pool: Vec<usize> = (0..n).collect();
    (0..count)
        .map(|_| {
            let marks: Vec<Mark> = rng
                .pick(&mut pool, k)
                .into_iter()
                .enumerate()
                .map(|(pos, c)| Mark::new(c, pos as i64 + 1))
                .collect();
            validate_ballot(method, n, &marks).unwrap()
        })
        .collect()
}

/// Ballots each spending the whole dot budget on up to 5 candidates.
fn dot_ballots(method: &Method, n: usize, budget: i64, count: usize, seed: u64) -> Vec<Ballot> {
    let mut rng = Rng(seed);
    let mut pool: Vec<usize> = (0..n).collect();
    (0..count)
        .map(|_| {
            let k = 1 + rng.below(5);
            let chosen = rng.pick(&mut pool, k);
            let mut left = budget;
            let mut marks = Vec::new();
            for (index, &c) in chosen.iter().enumerate() {
                let dots = if index + 1 == chosen.len() {
                    left
                } else {
                    1 + rng.below(left as usize - (chosen.len() - index - 1)) as i64
                };
                if dots > 0 {
                    marks.push(Mark::new(c, dots));
                    left -= dots;
                }
            }
            validate_ballot(method, n, &marks).unwrap()
        })
        .collect()
}

/// Ballots approving each candidate with probability 1/5 (at least one).
fn approval_ballots(n: usize, count: usize, seed: u64) -> Vec<Ballot> {
    let mut rng = Rng(seed);
    (0..count)
        .map(|_| {
            let mut marks: Vec<Mark> = (0..n)
                .filter(|_| rng.below(5) == 0)
                .map(|c| Mark::new(c, 1))
                .collect();
            if marks.is_empty() {
                marks.push(Mark::new(rng.below(n), 1));
            }
            validate_ballot(&Method::Approval, n, &marks).unwrap()
        })
        .collect()
}

/// Ballots scoring every candidate 0..=5.
fn score_ballots(n: usize, count: usize, seed: u64) -> Vec<Ballot> {
    let mut rng = Rng(seed);
    (0..count)
        .map(|_| {
            let marks: Vec<Mark> = (0..n).map(|c| Mark::new(c, rng.below(6) as i64)).collect();
            validate_ballot(&Method::Score, n, &marks).unwrap()
        })
        .collect()
}

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
