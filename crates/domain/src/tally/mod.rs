//! Ballot validation and the published counting rules of prioritisation
//! rounds. Pure std: findings are candidate indices `0..n` in age order
//! (0 = oldest), so ties can be broken in favour of the older finding.

/// Ballot marks, validated ballots and why a ballot is refused.
mod ballot;
/// Borda points from ranked ballots.
mod borda;
/// Counting methods and the parameters a round opens with.
mod method;
/// Turning integer scores into competition ranks.
mod ranking;
/// Deterministic sample ballots for benchmarks and generated data.
pub mod samples;
/// The Schulze method (winning votes).
mod schulze;
/// Running sums of DOT, APPROVAL and SCORE rounds.
mod totals;

/// Property tests over every method.
#[cfg(test)]
mod proptests;
/// Worked examples from the voting-methods literature.
#[cfg(test)]
mod tests;

pub use ballot::{Ballot, BallotError, Mark, ValueKind, validate_ballot};
pub use method::{DEFAULT_DOT_BUDGET, MAX_DOT_BUDGET, MAX_SCORE, Method, MethodError, RankedRule};
pub use ranking::RankedEntry;
pub use totals::Totals;

/// Counts a round of `candidates` findings and returns every finding once,
/// in rank order (highest score first, equal scores sharing a rank, older
/// first within a tie). Scores are:
/// - DOT: total dots; APPROVAL: number of approvals;
/// - SCORE: mean over all ballots, unmarked counting 0 (ranked by the exact sum);
/// - RANKED/BORDA: per ballot, how many findings it puts strictly below;
/// - RANKED/SCHULZE: how many findings it beats on strongest paths.
///
/// Ballots are expected to be validated for this `method` and `candidates`;
/// marks naming findings outside the round are ignored rather than panicking.
pub fn tally(method: &Method, candidates: usize, ballots: &[Ballot]) -> Vec<RankedEntry> {
    match method {
        Method::Ranked(RankedRule::Borda) => {
            ranking::rank(&borda::points(candidates, ballots), |points| points as f64)
        }
        Method::Ranked(RankedRule::Schulze) => {
            ranking::rank(&schulze::wins(candidates, ballots), |wins| wins as f64)
        }
        Method::Dot { .. } | Method::Approval | Method::Score => {
            let totals = Totals::of(candidates, ballots.iter().map(Ballot::marks));
            rank_totals(method, &totals).unwrap_or_default()
        }
    }
}

/// Ranks a DOT, APPROVAL or SCORE round from its running [`Totals`], exactly
/// as [`tally`] ranks its ballots. None for ranked methods, which need
/// every ballot.
pub fn rank_totals(method: &Method, totals: &Totals) -> Option<Vec<RankedEntry>> {
    match method {
        Method::Dot { .. } | Method::Approval => Some(ranking::rank(totals.sums(), |sum| sum as f64)),
        Method::Score => {
            let count = totals.ballots();
            Some(ranking::rank(totals.sums(), |sum| {
                if count == 0 {
                    0.0
                } else {
                    sum as f64 / count as f64
                }
            }))
        }
        Method::Ranked(_) => None,
    }
}
