//! Casting a ballot: a member's marks checked against the round's findings
//! in age order, and the round's running totals kept in step.
//!
//! Two steps, because the second needs what only the round's lock can tell
//! (the voter's standing ballot and the totals as they are): [`check`] runs
//! before the lock is taken, [`cast`] under it.

use std::collections::HashMap;

use crate::ids::FindingId;
use crate::tally::{self, Ballot, BallotError, Mark, Method, Totals};

/// Checks a member's marks, naming findings, against a round of `method`
/// whose findings are `by_age` (oldest first). A finding outside the round
/// is refused as [`BallotError::OutsideRound`], in the order the marks came.
pub fn check(
    method: &Method,
    by_age: &[FindingId],
    marks: &[(FindingId, i64)],
) -> Result<Ballot, BallotError> {
    let index: HashMap<FindingId, usize> = by_age.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    // One past the last finding: validation names it outside the round.
    let outside = by_age.len();
    let tally_marks: Vec<Mark> = marks
        .iter()
        .map(|(finding, value)| Mark::new(index.get(finding).copied().unwrap_or(outside), *value))
        .collect();
    tally::validate_ballot(method, by_age.len(), &tally_marks)
}

/// What becomes of a round's running totals once a ballot is cast.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Totalled {
    /// Ranked methods keep no totals: every ballot is counted at the close.
    NotKept,
    /// A round opened before totals were kept: count every ballot once
    /// (the new one included), and keep them from then on.
    CountAll,
    /// The totals with the voter's standing ballot taken back and the new
    /// one added.
    Kept(Totals),
}

/// Casts `ballot` (from [`check`]) in a round of `method` with `candidates`
/// findings, in place of the voter's `standing` ballot if they have one,
/// given the round's `totals` as they stand.
pub fn cast(
    method: &Method,
    candidates: usize,
    ballot: &Ballot,
    standing: Option<&[Mark]>,
    totals: Option<Totals>,
) -> Totalled {
    if Totals::kept_for(method, candidates).is_none() {
        return Totalled::NotKept;
    }
    let Some(mut totals) = totals else {
        return Totalled::CountAll;
    };
    if let Some(standing) = standing {
        totals.remove(standing);
    }
    totals.add(ballot.marks());
    Totalled::Kept(totals)
}

/// Withdraws a voter's `standing` ballot (a member leaving the forum while
/// the round is open): what becomes of the round's running totals, the
/// same way [`cast`] takes a replaced ballot back.
pub fn withdraw(method: &Method, candidates: usize, standing: &[Mark], totals: Option<Totals>) -> Totalled {
    if Totals::kept_for(method, candidates).is_none() {
        return Totalled::NotKept;
    }
    let Some(mut totals) = totals else {
        return Totalled::CountAll;
    };
    totals.remove(standing);
    Totalled::Kept(totals)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::tally::RankedRule;

    fn findings(n: u128) -> Vec<FindingId> {
        (1..=n).map(|i| FindingId(Uuid::from_u128(i))).collect()
    }

    fn dot() -> Method {
        Method::dot(Some(10), Some(5)).unwrap()
    }

    #[test]
    fn marks_name_findings_by_their_place_in_age_order() {
        let by_age = findings(3);
        let ballot = check(&dot(), &by_age, &[(by_age[2], 4), (by_age[0], 1)]).unwrap();
        assert_eq!(ballot.marks(), &[Mark::new(0, 1), Mark::new(2, 4)]);
    }

    #[test]
    fn a_finding_outside_the_round_is_refused_before_later_marks() {
        let by_age = findings(2);
        let stranger = FindingId(Uuid::from_u128(99));
        // The stranger comes first, so its error wins over the bad value after it.
        let err = check(&dot(), &by_age, &[(stranger, 1), (by_age[0], 50)]).unwrap_err();
        assert_eq!(
            err,
            BallotError::OutsideRound {
                candidate: 2,
                candidates: 2
            }
        );
        assert_eq!(
            err.to_string(),
            "every mark must name one of the 2 findings in this round"
        );
        let err = check(&dot(), &by_age, &[(by_age[0], 3), (by_age[0], 2)]).unwrap_err();
        assert_eq!(err, BallotError::Repeated { candidate: 0 });
    }

    #[test]
    fn a_first_ballot_is_added() {
        let by_age = findings(3);
        let ballot = check(&Method::Approval, &by_age, &[(by_age[1], 1)]).unwrap();
        let after = cast(&Method::Approval, 3, &ballot, None, Some(Totals::empty(3)));
        assert_eq!(after, Totalled::Kept(Totals::from_parts(1, vec![0, 1, 0])));
    }

    #[test]
    fn a_replaced_ballot_is_taken_back_first() {
        let by_age = findings(3);
        let standing = [Mark::new(0, 5), Mark::new(1, 2)];
        let totals = Totals::of(3, [&standing[..], &[Mark::new(2, 3)][..]]);
        let ballot = check(&dot(), &by_age, &[(by_age[2], 4)]).unwrap();
        let after = cast(&dot(), 3, &ballot, Some(&standing), Some(totals));
        // Still two ballots: the voter's, replaced, and the other one.
        assert_eq!(after, Totalled::Kept(Totals::from_parts(2, vec![0, 0, 7])));
    }

    #[test]
    fn casting_again_and_again_matches_a_count_from_scratch() {
        let by_age = findings(4);
        let voters: Vec<Vec<Vec<(FindingId, i64)>>> = vec![
            vec![vec![(by_age[0], 5)], vec![(by_age[1], 3), (by_age[3], 2)]],
            vec![vec![(by_age[2], 5), (by_age[3], 5)]],
            vec![vec![(by_age[3], 1)], vec![(by_age[0], 2)], vec![(by_age[1], 4)]],
        ];
        let mut totals = Totals::kept_for(&dot(), 4);
        let mut last: Vec<Ballot> = Vec::new();
        for ballots in &voters {
            let mut standing: Option<Ballot> = None;
            for marks in ballots {
                let ballot = check(&dot(), &by_age, marks).unwrap();
                match cast(&dot(), 4, &ballot, standing.as_ref().map(Ballot::marks), totals) {
                    Totalled::Kept(after) => totals = Some(after),
                    other => panic!("{other:?}"),
                }
                standing = Some(ballot);
            }
            last.extend(standing);
        }
        assert_eq!(totals, Some(Totals::of(4, last.iter().map(Ballot::marks))));
    }

    #[test]
    fn ranked_rounds_keep_no_totals_and_old_rounds_count_once() {
        let by_age = findings(2);
        let ranked = Method::Ranked(RankedRule::Schulze);
        let ballot = check(&ranked, &by_age, &[(by_age[0], 1), (by_age[1], 2)]).unwrap();
        assert_eq!(cast(&ranked, 2, &ballot, None, None), Totalled::NotKept);
        assert_eq!(
            cast(&ranked, 2, &ballot, None, Some(Totals::empty(2))),
            Totalled::NotKept
        );
        let ballot = check(&Method::Score, &by_age, &[(by_age[0], 3)]).unwrap();
        assert_eq!(cast(&Method::Score, 2, &ballot, None, None), Totalled::CountAll);
    }

    #[test]
    fn a_withdrawn_ballot_is_taken_back() {
        let standing = [Mark::new(0, 5), Mark::new(1, 2)];
        let other = [Mark::new(2, 3)];
        let totals = Totals::of(3, [&standing[..], &other[..]]);
        let after = withdraw(&dot(), 3, &standing, Some(totals));
        assert_eq!(after, Totalled::Kept(Totals::of(3, [&other[..]])));
        assert_eq!(withdraw(&dot(), 3, &standing, None), Totalled::CountAll);
        let ranked = Method::Ranked(RankedRule::Borda);
        assert_eq!(withdraw(&ranked, 3, &standing, None), Totalled::NotKept);
    }
}
