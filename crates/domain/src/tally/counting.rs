use super::ballot::Ballot;

/// Sum of each candidate's mark values over all ballots: total dots for
/// DOT, approvals for APPROVAL (every value is 1), the score sum for SCORE.
/// Marks outside `0..candidates` and negative values are ignored, so
/// ballots validated for another round cannot make this panic.
pub(crate) fn sums(candidates: usize, ballots: &[Ballot]) -> Vec<u64> {
    let mut totals = vec![0u64; candidates];
    for ballot in ballots {
        for mark in ballot.marks() {
            if let Some(total) = totals.get_mut(mark.candidate) {
                let value = u64::try_from(mark.value).unwrap_or(0);
                *total = total.saturating_add(value);
            }
        }
    }
    totals
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::tally::{Mark, Method, validate_ballot};

    #[test]
    fn adds_values_per_candidate() {
        let method = Method::dot(Some(10), Some(5)).unwrap();
        let ballots: Vec<Ballot> = [vec![(0, 5), (2, 5)], vec![(2, 3), (1, 1)]]
            .iter()
            .map(|pairs| {
                let marks: Vec<Mark> = pairs.iter().map(|&(c, v)| Mark::new(c, v)).collect();
                validate_ballot(&method, 3, &marks).unwrap()
            })
            .collect();
        assert_eq!(sums(3, &ballots), vec![5, 1, 8]);
        // A smaller round ignores the marks it does not have.
        assert_eq!(sums(2, &ballots), vec![5, 1]);
        assert_eq!(sums(3, &[]), vec![0, 0, 0]);
    }
}
