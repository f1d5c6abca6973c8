use super::ballot::Ballot;

/// A ballot's ranked marks as (position, candidate), most important first,
/// leaving out marks for candidates outside the round.
pub(crate) fn by_position(candidates: usize, ballot: &Ballot, out: &mut Vec<(i64, usize)>) {
    out.clear();
    out.extend(
        ballot
            .marks()
            .iter()
            .filter(|m| m.candidate < candidates)
            .map(|m| (m.value, m.candidate)),
    );
    out.sort_unstable();
}

/// Borda points: for each ballot, every ranked candidate gets one point per
/// candidate the ballot puts strictly below it (ranked lower, or unranked).
/// Unranked candidates get nothing. O(k log k) per ballot of k marks.
pub(crate) fn points(candidates: usize, ballots: &[Ballot]) -> Vec<u64> {
    let mut points = vec![0u64; candidates];
    let mut ranked = Vec::new();
    for ballot in ballots {
        by_position(candidates, ballot, &mut ranked);
        let k = ranked.len();
        let unranked = candidates.saturating_sub(k) as u64;
        let mut start = 0;
        while start < k {
            let position = ranked[start].0;
            let end = ranked[start..]
                .iter()
                .position(|&(p, _)| p != position)
                .map_or(k, |len| start + len);
            // Everything after this group of equal positions is strictly below it.
            let below = (k - end) as u64 + unranked;
            for &(_, candidate) in &ranked[start..end] {
                points[candidate] = points[candidate].saturating_add(below);
            }
            start = end;
        }
    }
    points
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::tally::{Mark, Method, RankedRule, validate_ballot};

    fn ballot(n: usize, positions: &[(usize, i64)]) -> Ballot {
        let marks: Vec<Mark> = positions.iter().map(|&(c, v)| Mark::new(c, v)).collect();
        validate_ballot(&Method::Ranked(RankedRule::Borda), n, &marks).unwrap()
    }

    #[test]
    fn full_ranking_gives_n_minus_one_down_to_zero() {
        let b = ballot(4, &[(2, 1), (0, 2), (3, 3), (1, 4)]);
        assert_eq!(points(4, &[b]), vec![2, 0, 3, 1]);
    }

    #[test]
    fn partial_ranking_puts_unranked_below() {
        // Of 5, only 3 then 1 are ranked: 3 beats 4 others, 1 beats the 3 unranked.
        let b = ballot(5, &[(3, 1), (1, 2)]);
        assert_eq!(points(5, &[b]), vec![0, 3, 0, 4, 0]);
    }

    #[test]
    fn equal_positions_do_not_score_against_each_other() {
        let b = ballot(4, &[(0, 1), (1, 1), (2, 2)]);
        assert_eq!(points(4, &[b]), vec![2, 2, 1, 0]);
        let all_equal = ballot(3, &[(0, 2), (1, 2), (2, 2)]);
        assert_eq!(points(3, &[all_equal]), vec![0, 0, 0]);
    }

    #[test]
    fn gaps_in_positions_do_not_matter() {
        let b = ballot(4, &[(0, 4), (1, 1)]);
        assert_eq!(points(4, &[b]), vec![2, 3, 0, 0]);
    }
}
