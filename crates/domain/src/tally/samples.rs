//! Deterministic sample ballots for benchmarks and generated data: the same
//! seed always gives the same ballots.
//!
//! Each generator panics if asked for ballots its method refuses (say, a
//! dot budget under 5): that is a mistake in the caller, not in data.

use super::{Ballot, Mark, Method, validate_ballot};

/// SplitMix64: deterministic and dependency-free.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-enough index in 0..bound.
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// `k` distinct candidates out of `n`, by a partial Fisher–Yates shuffle.
    pub fn pick(&mut self, pool: &mut [usize], k: usize) -> Vec<usize> {
        for i in 0..k {
            let j = i + self.below(pool.len() - i);
            pool.swap(i, j);
        }
        pool[..k].to_vec()
    }
}

/// Ballots ranking `k` random candidates of `n` at distinct positions 1..=k.
pub fn ranked_ballots(method: &Method, n: usize, k: usize, count: usize, seed: u64) -> Vec<Ballot> {
    let mut rng = Rng::new(seed);
    let mut pool: Vec<usize> = (0..n).collect();
    (0..count)
        .map(|_| {
            let marks: Vec<Mark> = rng
                .pick(&mut pool, k)
                .into_iter()
                .enumerate()
                .map(|(pos, c)| Mark::new(c, pos as i64 + 1))
                .collect();
            validate_ballot(method, n, &marks).expect("a generated ballot is valid")
        })
        .collect()
}

/// Ballots each spending the whole dot budget on up to 5 candidates.
pub fn dot_ballots(method: &Method, n: usize, budget: i64, count: usize, seed: u64) -> Vec<Ballot> {
    let mut rng = Rng::new(seed);
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
            validate_ballot(method, n, &marks).expect("a generated ballot is valid")
        })
        .collect()
}

/// Ballots approving each candidate with probability 1/5 (at least one).
pub fn approval_ballots(n: usize, count: usize, seed: u64) -> Vec<Ballot> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let mut marks: Vec<Mark> = (0..n)
                .filter(|_| rng.below(5) == 0)
                .map(|c| Mark::new(c, 1))
                .collect();
            if marks.is_empty() {
                marks.push(Mark::new(rng.below(n), 1));
            }
            validate_ballot(&Method::Approval, n, &marks).expect("a generated ballot is valid")
        })
        .collect()
}

/// Ballots scoring every candidate 0..=5.
pub fn score_ballots(n: usize, count: usize, seed: u64) -> Vec<Ballot> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let marks: Vec<Mark> = (0..n).map(|c| Mark::new(c, rng.below(6) as i64)).collect();
            validate_ballot(&Method::Score, n, &marks).expect("a generated ballot is valid")
        })
        .collect()
}
