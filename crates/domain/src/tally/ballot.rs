use std::fmt;

use super::method::Method;

/// One mark on a ballot: a finding (by index in the round, 0 = oldest) and
/// the value given to it (dots, 1 for approval, a score, or a position).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mark {
    pub candidate: usize,
    pub value: i64,
}

impl Mark {
    /// A mark giving `value` to the finding at index `candidate`.
    pub fn new(candidate: usize, value: i64) -> Self {
        Self { candidate, value }
    }
}

/// A ballot that passed [`validate_ballot`]. Its marks are kept in
/// candidate order so that equal ballots compare equal whatever order the
/// member sent them in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ballot {
    marks: Vec<Mark>,
}

impl Ballot {
    /// The marks, in candidate order.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    /// The marks, in candidate order, for storing.
    pub fn into_marks(self) -> Vec<Mark> {
        self.marks
    }
}

/// What a mark's value means, so a range error can say it in the method's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    Dots,
    Approval,
    Score,
    Position,
}

/// Why a ballot was refused; each variant is one rule of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BallotError {
    /// The ballot has no marks.
    Empty,
    /// A mark names an index at or past the number of findings.
    OutsideRound { candidate: usize, candidates: usize },
    /// A finding is marked more than once.
    Repeated { candidate: usize },
    /// A mark's value is outside `min..=max` for the method.
    ValueOutOfRange {
        candidate: usize,
        value: i64,
        min: i64,
        max: i64,
        kind: ValueKind,
    },
    /// A DOT ballot spends more dots than the budget.
    OverBudget { budget: u32, total: i64 },
}

impl fmt::Display for BallotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            BallotError::Empty => f.write_str("a ballot must mark at least one finding"),
            BallotError::OutsideRound { candidates, .. } => write!(
                f,
                "every mark must name one of the {candidates} findings in this round"
            ),
            BallotError::Repeated { .. } => {
                f.write_str("each finding may be marked only once on a ballot (repeated finding)")
            }
            BallotError::ValueOutOfRange {
                value,
                min,
                max,
                kind,
                ..
            } => match kind {
                ValueKind::Dots => write!(
                    f,
                    "each marked finding takes from {min} to {max} dots, not {value}"
                ),
                ValueKind::Approval => {
                    write!(f, "an approval mark must have the value 1, not {value}")
                }
                ValueKind::Score => write!(f, "scores go from {min} to {max}, not {value}"),
                ValueKind::Position => write!(
                    f,
                    "positions go from {min} (most important) to {max} (the number of findings), \
                     not {value}"
                ),
            },
            BallotError::OverBudget { budget, total } => {
                write!(f, "the dots add up to {total}, more than the budget of {budget}")
            }
        }
    }
}

impl std::error::Error for BallotError {}

/// Checks a member's marks against the round's method and size. Errors are
/// reported in a fixed order: empty, then per mark (in the order sent)
/// outside-round and value range, then repeats, then the dot budget.
pub fn validate_ballot(method: &Method, candidates: usize, marks: &[Mark]) -> Result<Ballot, BallotError> {
    if marks.is_empty() {
        return Err(BallotError::Empty);
    }
    let (min, max) = method.value_range(candidates);
    let kind = match method {
        Method::Dot { .. } => ValueKind::Dots,
        Method::Approval => ValueKind::Approval,
        Method::Score => ValueKind::Score,
        Method::Ranked(_) => ValueKind::Position,
    };
    for mark in marks {
        if mark.candidate >= candidates {
            return Err(BallotError::OutsideRound {
                candidate: mark.candidate,
                candidates,
            });
        }
        if !(min..=max).contains(&mark.value) {
            return Err(BallotError::ValueOutOfRange {
                candidate: mark.candidate,
                value: mark.value,
                min,
                max,
                kind,
            });
        }
    }
    // Sorting finds repeats in O(k log k) without an n-sized table.
    let mut sorted = marks.to_vec();
    sorted.sort_unstable_by_key(|m| m.candidate);
    if let Some(pair) = sorted.windows(2).find(|w| w[0].candidate == w[1].candidate) {
        return Err(BallotError::Repeated {
            candidate: pair[0].candidate,
        });
    }
    if let Method::Dot { budget, .. } = *method {
        // Values are already within 1..=max_per_item, so this cannot overflow.
        let total: i64 = sorted.iter().map(|m| m.value).sum();
        if total > i64::from(budget) {
            return Err(BallotError::OverBudget { budget, total });
        }
    }
    Ok(Ballot { marks: sorted })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::tally::RankedRule;

    fn marks(pairs: &[(usize, i64)]) -> Vec<Mark> {
        pairs.iter().map(|&(c, v)| Mark::new(c, v)).collect()
    }

    fn dot(budget: u32, max_per_item: u32) -> Method {
        Method::dot(Some(budget), Some(max_per_item)).unwrap()
    }

    #[test]
    fn accepts_and_sorts_marks() {
        let ballot = validate_ballot(&Method::Score, 3, &marks(&[(2, 5), (0, 0)])).unwrap();
        assert_eq!(ballot.marks(), marks(&[(0, 0), (2, 5)]).as_slice());
        assert_eq!(ballot.into_marks(), marks(&[(0, 0), (2, 5)]));
    }

    #[test]
    fn refuses_empty() {
        for method in [dot(10, 10), Method::Approval, Method::Score, Method::ranked(None)] {
            let err = validate_ballot(&method, 3, &[]).unwrap_err();
            assert_eq!(err, BallotError::Empty);
            assert_eq!(err.to_string(), "a ballot must mark at least one finding");
        }
    }

    #[test]
    fn refuses_outside_round() {
        let err = validate_ballot(&Method::Approval, 3, &marks(&[(0, 1), (3, 1)])).unwrap_err();
        assert_eq!(
            err,
            BallotError::OutsideRound {
                candidate: 3,
                candidates: 3
            }
        );
        assert!(err.to_string().contains("one of the 3 findings in this round"));
        // A round with no findings takes no marks at all.
        assert!(matches!(
            validate_ballot(&Method::Approval, 0, &marks(&[(0, 1)])),
            Err(BallotError::OutsideRound { .. })
        ));
    }

    #[test]
    fn refuses_repeated() {
        let err = validate_ballot(&Method::Score, 4, &marks(&[(1, 2), (3, 1), (1, 4)])).unwrap_err();
        assert_eq!(err, BallotError::Repeated { candidate: 1 });
        assert!(err.to_string().contains("repeated finding"));
    }

    fn range_error(method: Method, n: usize, value: i64) -> BallotError {
        validate_ballot(&method, n, &marks(&[(0, value)])).unwrap_err()
    }

    #[test]
    fn dot_values_run_from_one_to_max_per_item() {
        assert!(validate_ballot(&dot(10, 4), 2, &marks(&[(0, 4), (1, 1)])).is_ok());
        for value in [0, -1] {
            let err = range_error(dot(10, 4), 2, value);
            assert!(matches!(err, BallotError::ValueOutOfRange { min: 1, max: 4, .. }));
        }
    }

    #[test]
    fn refuses_over_max_per_item() {
        let err = range_error(dot(10, 4), 2, 5);
        assert_eq!(
            err,
            BallotError::ValueOutOfRange {
                candidate: 0,
                value: 5,
                min: 1,
                max: 4,
                kind: ValueKind::Dots
            }
        );
        assert_eq!(
            err.to_string(),
            "each marked finding takes from 1 to 4 dots, not 5"
        );
    }

    #[test]
    fn refuses_over_budget() {
        let ok = marks(&[(0, 4), (1, 4), (2, 2)]);
        assert!(validate_ballot(&dot(10, 4), 3, &ok).is_ok());
        let over = marks(&[(0, 4), (1, 4), (2, 3)]);
        let err = validate_ballot(&dot(10, 4), 3, &over).unwrap_err();
        assert_eq!(
            err,
            BallotError::OverBudget {
                budget: 10,
                total: 11
            }
        );
        assert_eq!(
            err.to_string(),
            "the dots add up to 11, more than the budget of 10"
        );
    }

    #[test]
    fn approval_value_must_be_one() {
        assert!(validate_ballot(&Method::Approval, 2, &marks(&[(0, 1), (1, 1)])).is_ok());
        for value in [0, 2, -1] {
            let err = range_error(Method::Approval, 2, value);
            assert!(matches!(err, BallotError::ValueOutOfRange { min: 1, max: 1, .. }));
            assert!(
                err.to_string()
                    .starts_with("an approval mark must have the value 1")
            );
        }
    }

    #[test]
    fn score_values_run_from_zero_to_five() {
        assert!(validate_ballot(&Method::Score, 2, &marks(&[(0, 0), (1, 5)])).is_ok());
        for value in [-1, 6] {
            let err = range_error(Method::Score, 2, value);
            assert!(matches!(err, BallotError::ValueOutOfRange { min: 0, max: 5, .. }));
            assert_eq!(err.to_string(), format!("scores go from 0 to 5, not {value}"));
        }
    }

    #[test]
    fn positions_run_from_one_to_n_and_may_tie() {
        for rule in [RankedRule::Borda, RankedRule::Schulze] {
            let method = Method::Ranked(rule);
            let tied = marks(&[(0, 1), (1, 1), (2, 3)]);
            assert!(validate_ballot(&method, 3, &tied).is_ok());
            for value in [0, 4] {
                let err = range_error(method, 3, value);
                assert!(matches!(err, BallotError::ValueOutOfRange { min: 1, max: 3, .. }));
                assert!(err.to_string().contains("to 3 (the number of findings)"));
            }
        }
    }

    #[test]
    fn errors_are_std_errors() {
        let err: Box<dyn std::error::Error> = Box::new(BallotError::Empty);
        assert_eq!(err.to_string(), "a ballot must mark at least one finding");
    }
}
