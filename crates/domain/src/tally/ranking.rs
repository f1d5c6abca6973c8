/// One finding's place in a round's result.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RankedEntry {
    /// The finding's index in the round (0 = oldest).
    pub candidate: usize,
    /// Standard competition rank: 1, 2, 2, 4, ...
    pub rank: u32,
    /// The score the method publishes for this finding.
    pub score: f64,
    /// Whether another finding shares this rank.
    pub tied: bool,
}

/// Orders candidates by `keys` (highest first, equal keys sharing a rank,
/// older first within a tie). Ranking on exact integer keys rather than
/// on the published float scores keeps ties exact.
pub(crate) fn rank(keys: &[u64], score: impl Fn(u64) -> f64) -> Vec<RankedEntry> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    // Stable sort on ascending indices leaves the older candidate first in a tie.
    order.sort_by(|&a, &b| keys[b].cmp(&keys[a]));
    let mut entries = Vec::with_capacity(order.len());
    let mut start = 0;
    while start < order.len() {
        let key = keys[order[start]];
        let end = order[start..]
            .iter()
            .position(|&c| keys[c] != key)
            .map_or(order.len(), |len| start + len);
        let rank = u32::try_from(start + 1).unwrap_or(u32::MAX);
        let tied = end - start > 1;
        entries.extend(order[start..end].iter().map(|&candidate| RankedEntry {
            candidate,
            rank,
            score: score(key),
            tied,
        }));
        start = end;
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(entries: &[RankedEntry]) -> Vec<(usize, u32, bool)> {
        entries.iter().map(|e| (e.candidate, e.rank, e.tied)).collect()
    }

    #[test]
    fn competition_ranks_with_older_first() {
        // Candidates 1 and 3 tie for second; 3 is younger so it comes after 1.
        let entries = rank(&[5, 7, 2, 7, 9], |k| k as f64);
        assert_eq!(
            summary(&entries),
            vec![
                (4, 1, false),
                (1, 2, true),
                (3, 2, true),
                (0, 4, false),
                (2, 5, false)
            ]
        );
        assert_eq!(entries[1].score, 7.0);
    }

    #[test]
    fn all_equal_share_first() {
        let entries = rank(&[0, 0, 0], |_| 0.0);
        assert_eq!(summary(&entries), vec![(0, 1, true), (1, 1, true), (2, 1, true)]);
    }

    #[test]
    fn empty_and_single() {
        assert!(rank(&[], |k| k as f64).is_empty());
        assert_eq!(summary(&rank(&[3], |k| k as f64)), vec![(0, 1, false)]);
    }
}
