use super::ballot::Mark;
use super::method::Method;

/// The running count of a DOT, APPROVAL or SCORE round: how many ballots
/// stand and each finding's sum of values. These methods rank by sums
/// alone, so keeping the sums as ballots arrive lets a close (or a running
/// result) read one row instead of every ballot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals {
    ballots: u64,
    sums: Vec<u64>,
}

impl Totals {
    /// No ballots yet in a round of `candidates` findings.
    pub fn empty(candidates: usize) -> Self {
        Self {
            ballots: 0,
            sums: vec![0; candidates],
        }
    }

    /// Empty totals when `method` ranks by sums (DOT, APPROVAL, SCORE), so
    /// its round keeps them from the start; None for ranked methods, which
    /// need every ballot.
    pub fn kept_for(method: &Method, candidates: usize) -> Option<Self> {
        match method {
            Method::Dot { .. } | Method::Approval | Method::Score => Some(Self::empty(candidates)),
            Method::Ranked(_) => None,
        }
    }

    /// Totals as stored. `sums` has one entry per finding, oldest first.
    pub fn from_parts(ballots: u64, sums: Vec<u64>) -> Self {
        Self { ballots, sums }
    }

    /// The totals of `ballots`, counted from scratch.
    pub fn of<'a>(candidates: usize, ballots: impl IntoIterator<Item = &'a [Mark]>) -> Self {
        let mut totals = Self::empty(candidates);
        for marks in ballots {
            totals.add(marks);
        }
        totals
    }

    pub fn ballots(&self) -> u64 {
        self.ballots
    }

    /// Each finding's sum, oldest finding first.
    pub fn sums(&self) -> &[u64] {
        &self.sums
    }

    /// Counts a new ballot. Marks outside the round and negative values are
    /// ignored, as in a count from scratch.
    pub fn add(&mut self, marks: &[Mark]) {
        self.ballots = self.ballots.saturating_add(1);
        for mark in marks {
            if let (Some(sum), Ok(value)) = (self.sums.get_mut(mark.candidate), u64::try_from(mark.value)) {
                *sum = sum.saturating_add(value);
            }
        }
    }

    /// Takes back a ballot that [`add`](Self::add) counted: a member
    /// replacing their ballot is `remove(old)` then `add(new)`.
    pub fn remove(&mut self, marks: &[Mark]) {
        self.ballots = self.ballots.saturating_sub(1);
        for mark in marks {
            if let (Some(sum), Ok(value)) = (self.sums.get_mut(mark.candidate), u64::try_from(mark.value)) {
                *sum = sum.saturating_sub(value);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::tally::{RankedRule, validate_ballot};

    fn marks(pairs: &[(usize, i64)]) -> Vec<Mark> {
        pairs.iter().map(|&(c, v)| Mark::new(c, v)).collect()
    }

    #[test]
    fn adds_values_per_finding() {
        let method = Method::dot(Some(10), Some(5)).unwrap();
        let ballots: Vec<Vec<Mark>> = [vec![(0, 5), (2, 5)], vec![(2, 3), (1, 1)]]
            .iter()
            .map(|pairs| validate_ballot(&method, 3, &marks(pairs)).unwrap().into_marks())
            .collect();
        let totals = Totals::of(3, ballots.iter().map(Vec::as_slice));
        assert_eq!((totals.ballots(), totals.sums()), (2, &[5, 1, 8][..]));
        // A smaller round ignores the marks it does not have.
        assert_eq!(Totals::of(2, ballots.iter().map(Vec::as_slice)).sums(), &[5, 1]);
        assert_eq!(Totals::of(3, []), Totals::empty(3));
    }

    #[test]
    fn only_methods_that_rank_by_sums_keep_totals() {
        assert_eq!(Totals::kept_for(&Method::Approval, 2), Some(Totals::empty(2)));
        assert_eq!(Totals::kept_for(&Method::Score, 1), Some(Totals::empty(1)));
        assert!(Totals::kept_for(&Method::dot(None, None).unwrap(), 3).is_some());
        assert_eq!(Totals::kept_for(&Method::Ranked(RankedRule::Borda), 3), None);
        assert_eq!(Totals::kept_for(&Method::Ranked(RankedRule::Schulze), 3), None);
    }

    #[test]
    fn replacing_a_ballot_is_remove_then_add() {
        let mut totals = Totals::empty(3);
        totals.add(&marks(&[(0, 2), (1, 3)]));
        totals.add(&marks(&[(2, 4)]));
        totals.remove(&marks(&[(0, 2), (1, 3)]));
        totals.add(&marks(&[(1, 1)]));
        assert_eq!(totals, Totals::from_parts(2, vec![0, 1, 4]));
    }

    #[test]
    fn damaged_marks_neither_panic_nor_wrap() {
        let mut totals = Totals::empty(2);
        totals.remove(&marks(&[(0, 3), (9, 1), (1, -4)]));
        assert_eq!(totals, Totals::empty(2));
    }
}
