//! Believable ballots: members mostly agree on what matters, not entirely.

use anyhow::anyhow;
use chrono::{DateTime, Utc};
use coforum_domain::ids::UserId;
use coforum_domain::round::Round;
use coforum_domain::tally::{self, Ballot, MAX_SCORE, Mark, Method};
use coforum_persistence::ConnectionTrait;
use coforum_persistence::repos::rounds;
use rand::RngExt as _;
use rand::rngs::StdRng;

/// How much a round's members care about each finding, shared by all its
/// ballots so that results have clear leaders and a long tail.
pub fn popularity(rng: &mut StdRng, candidates: usize) -> Vec<f64> {
    (0..candidates)
        .map(|_| 0.2 + 4.0 * rng.random_range(0.0..1.0_f64).powi(3))
        .collect()
}

/// Candidates in one voter's order of preference: popular ones tend to come
/// first (weighted sampling without replacement, Efraimidis–Spirakis keys).
fn preference_order(rng: &mut StdRng, popularity: &[f64]) -> Vec<usize> {
    let mut keyed: Vec<(f64, usize)> = popularity
        .iter()
        .enumerate()
        .map(|(candidate, weight)| {
            (
                rng.random_range(f64::MIN_POSITIVE..1.0).powf(1.0 / weight),
                candidate,
            )
        })
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
    keyed.into_iter().map(|(_, candidate)| candidate).collect()
}

/// One member's marks for a round of `method` over `popularity.len()`
/// findings, checked by the product's own ballot rules.
pub fn ballot(rng: &mut StdRng, method: &Method, popularity: &[f64]) -> anyhow::Result<Ballot> {
    let candidates = popularity.len();
    let order = preference_order(rng, popularity);
    let marks: Vec<Mark> = match *method {
        Method::Dot { budget, max_per_item } => {
            let mut left = i64::from(budget);
            let per_item = i64::from(max_per_item);
            let mut marks = Vec::new();
            for &candidate in order.iter().take(rng.random_range(1..=candidates.min(5))) {
                if left == 0 {
                    break;
                }
                let dots = rng.random_range(1..=per_item.min(left));
                marks.push(Mark::new(candidate, dots));
                left -= dots;
            }
            marks
        }
        Method::Approval => order
            .iter()
            .take(rng.random_range(1..=candidates.min(5)))
            .map(|&candidate| Mark::new(candidate, 1))
            .collect(),
        Method::Score => {
            // Most people score everything; the favourite gets the top score.
            let scored = rng.random_range(candidates.div_ceil(2)..=candidates);
            order
                .iter()
                .take(scored)
                .enumerate()
                .map(|(place, &candidate)| {
                    let fall = i64::try_from(place * 6 / candidates).unwrap_or(MAX_SCORE);
                    let score = (MAX_SCORE - fall + rng.random_range(-1..=1)).clamp(0, MAX_SCORE);
                    Mark::new(candidate, score)
                })
                .collect()
        }
        Method::Ranked(_) => {
            // Most rank their top few; now and then two share a position.
            let ranked = rng.random_range(candidates.min(3)..=candidates);
            let mut position = 0_i64;
            order
                .iter()
                .take(ranked)
                .enumerate()
                .map(|(place, &candidate)| {
                    if place == 0 || !rng.random_bool(0.1) {
                        position = i64::try_from(place).unwrap_or(i64::MAX) + 1;
                    }
                    Mark::new(candidate, position)
                })
                .collect()
        }
    };
    tally::validate_ballot(method, candidates, &marks)
        .map_err(|e| anyhow!("generated an invalid ballot: {e}"))
}

/// Stores a validated ballot through `castBallot`'s own steps once it has
/// checked the ballot: the round's lock, then the ballot and its totals.
pub async fn store(
    conn: &impl ConnectionTrait,
    round: &Round,
    candidates: usize,
    voter: UserId,
    ballot: &Ballot,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let locked = rounds::lock_for_ballot(conn, round.id, None, voter)
        .await?
        .ok_or_else(|| anyhow!("round {} is not open", round.id))?;
    coforum_app::ops::rounds::record_ballot(conn, round, candidates, locked, voter, ballot, at, None)
        .await
        .map_err(|e| anyhow!("storing a ballot in round {}: {e}", round.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use coforum_domain::tally::RankedRule;
    use rand::SeedableRng as _;

    #[test]
    fn every_method_makes_valid_ballots() {
        let mut rng = StdRng::seed_from_u64(7);
        let methods = [
            Method::Dot {
                budget: 10,
                max_per_item: 10,
            },
            Method::Dot {
                budget: 5,
                max_per_item: 3,
            },
            Method::Approval,
            Method::Score,
            Method::Ranked(RankedRule::Schulze),
            Method::Ranked(RankedRule::Borda),
        ];
        for method in &methods {
            for candidates in [2, 3, 8, 20] {
                let weights = popularity(&mut rng, candidates);
                for _ in 0..200 {
                    assert!(
                        ballot(&mut rng, method, &weights).is_ok(),
                        "{method:?} over {candidates}"
                    );
                }
            }
        }
    }
}
