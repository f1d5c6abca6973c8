#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use super::*;

fn any_method() -> impl Strategy<Value = Method> {
    prop_oneof![
        (1u32..=12)
            .prop_flat_map(|budget| (Just(budget), 1..=budget))
            .prop_map(|(budget, max)| Method::dot(Some(budget), Some(max)).unwrap()),
        Just(Method::Approval),
        Just(Method::Score),
        Just(Method::Ranked(RankedRule::Borda)),
        Just(Method::Ranked(RankedRule::Schulze)),
    ]
}

/// Raw marks for up to `n` findings with values in and just around the
/// method's range, kept only when they pass validation.
fn valid_ballots(method: Method, n: usize, max_ballots: usize) -> impl Strategy<Value = Vec<Ballot>> {
    let (min, max) = method.value_range(n);
    let mark = (0..n, min..=max).prop_map(|(c, v)| Mark::new(c, v));
    prop::collection::vec(prop::collection::vec(mark, 1..=n), 0..=max_ballots).prop_map(move |raw| {
        raw.into_iter()
            .map(|mut marks| {
                marks.sort_by_key(|m| m.candidate);
                marks.dedup_by_key(|m| m.candidate);
                marks
            })
            .filter_map(|marks| validate_ballot(&method, n, &marks).ok())
            .collect()
    })
}

/// A method, a round size and ballots valid for both.
fn round() -> impl Strategy<Value = (Method, usize, Vec<Ballot>)> {
    (any_method(), 1usize..=7)
        .prop_flat_map(|(method, n)| (Just(method), Just(n), valid_ballots(method, n, 12)))
}

/// Full rankings with distinct positions: each ballot a permutation.
fn full_rankings(n: usize, max_ballots: usize) -> impl Strategy<Value = Vec<Vec<usize>>> {
    let order: Vec<usize> = (0..n).collect();
    prop::collection::vec(Just(order).prop_shuffle(), 1..=max_ballots)
}

fn ranked_ballots(method: &Method, orders: &[Vec<usize>]) -> Vec<Ballot> {
    orders
        .iter()
        .map(|order| {
            let marks: Vec<Mark> = order
                .iter()
                .enumerate()
                .map(|(pos, &c)| Mark::new(c, pos as i64 + 1))
                .collect();
            validate_ballot(method, order.len(), &marks).unwrap()
        })
        .collect()
}

/// Entries are a permutation of the candidates, scores never rise, ranks
/// are standard competition ranks, ties flagged and older first.
fn assert_well_ranked(entries: &[RankedEntry], n: usize) -> Result<(), TestCaseError> {
    let mut seen: Vec<usize> = entries.iter().map(|e| e.candidate).collect();
    seen.sort_unstable();
    prop_assert_eq!(seen, (0..n).collect::<Vec<_>>());
    for (index, entry) in entries.iter().enumerate() {
        let same_before = index > 0 && entries[index - 1].score == entry.score;
        let same_after = entries.get(index + 1).is_some_and(|e| e.score == entry.score);
        prop_assert_eq!(entry.tied, same_before || same_after);
        if same_before {
            let previous = &entries[index - 1];
            prop_assert_eq!(entry.rank, previous.rank);
            prop_assert!(previous.candidate < entry.candidate);
        } else {
            prop_assert_eq!(entry.rank as usize, index + 1);
        }
        if index > 0 {
            prop_assert!(entries[index - 1].score >= entry.score);
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn ballot_order_does_not_matter(
        (method, n, ballots, shuffled) in round().prop_flat_map(|(m, n, b)| {
            (Just(m), Just(n), Just(b.clone()), Just(b).prop_shuffle())
        })
    ) {
        let mut reversed = ballots.clone();
        reversed.reverse();
        let expected = tally(&method, n, &ballots);
        prop_assert_eq!(&tally(&method, n, &shuffled), &expected);
        prop_assert_eq!(&tally(&method, n, &reversed), &expected);
    }

    #[test]
    fn running_totals_rank_as_counting_every_ballot(
        (method, n, casts) in round().prop_flat_map(|(m, n, b)| {
            let voters = b.len().max(1);
            (Just(m), Just(n), prop::collection::vec((0..voters, 0..voters.max(1)), 0..=20)
                .prop_map(move |picks| {
                    picks.into_iter().filter_map(|(voter, ballot)| b.get(ballot).map(|b| (voter, b.clone()))).collect::<Vec<_>>()
                }))
        })
    ) {
        // Members cast and replace ballots in any order; the running totals
        // (remove the old ballot, add the new) must rank the round exactly
        // as counting the ballots that stand at the end.
        let mut standing: std::collections::BTreeMap<usize, Ballot> = Default::default();
        let mut running = Totals::empty(n);
        for (voter, ballot) in casts {
            if let Some(previous) = standing.insert(voter, ballot.clone()) {
                running.remove(previous.marks());
            }
            running.add(ballot.marks());
        }
        let ballots: Vec<Ballot> = standing.into_values().collect();
        prop_assert_eq!(running.ballots(), ballots.len() as u64);
        match rank_totals(&method, &running) {
            Some(entries) => prop_assert_eq!(entries, tally(&method, n, &ballots)),
            None => prop_assert!(matches!(method, Method::Ranked(_))),
        }
    }

    #[test]
    fn ranks_are_competition_ranks((method, n, ballots) in round()) {
        assert_well_ranked(&tally(&method, n, &ballots), n)?;
    }

    #[test]
    fn condorcet_winner_wins_schulze_alone(
        (n, orders) in (2usize..=6).prop_flat_map(|n| (Just(n), full_rankings(n, 15)))
    ) {
        let method = Method::ranked(None);
        // Head-to-head counts from the orders directly.
        let prefers = |i: usize, j: usize| {
            orders.iter().filter(|o| {
                let at = |c| o.iter().position(|&x| x == c);
                at(i) < at(j)
            }).count()
        };
        let winner = (0..n).find(|&c| (0..n).all(|o| o == c || prefers(c, o) > prefers(o, c)));
        let entries = tally(&method, n, &ranked_ballots(&method, &orders));
        if let Some(winner) = winner {
            prop_assert_eq!(entries[0].candidate, winner);
            prop_assert_eq!(entries[0].rank, 1);
            prop_assert!(!entries[0].tied);
            prop_assert_eq!(entries[0].score, (n - 1) as f64);
        }
    }

    #[test]
    fn borda_full_rankings_sum_to_ballots_times_pairs(
        (n, orders) in (1usize..=8).prop_flat_map(|n| (Just(n), full_rankings(n, 20)))
    ) {
        let method = Method::ranked(Some(RankedRule::Borda));
        let entries = tally(&method, n, &ranked_ballots(&method, &orders));
        let total: f64 = entries.iter().map(|e| e.score).sum();
        prop_assert_eq!(total, (orders.len() * n * (n - 1) / 2) as f64);
    }

    #[test]
    fn tally_never_panics_on_validated_ballots(
        validated_for in any_method(),
        counted_as in any_method(),
        n in 0usize..=9,
        counted_n in 0usize..=9,
        raw in prop::collection::vec(
            prop::collection::vec((0usize..11, -2i64..=12), 0..=9),
            0..=10,
        ),
    ) {
        let ballots: Vec<Ballot> = raw
            .iter()
            .filter_map(|pairs| {
                let marks: Vec<Mark> = pairs.iter().map(|&(c, v)| Mark::new(c, v)).collect();
                validate_ballot(&validated_for, n, &marks).ok()
            })
            .collect();
        // Counted as validated, and (robustness) under another method and size.
        assert_well_ranked(&tally(&validated_for, n, &ballots), n)?;
        assert_well_ranked(&tally(&counted_as, counted_n, &ballots), counted_n)?;
    }

    #[test]
    fn validation_accepts_exactly_the_rules(
        method in any_method(),
        n in 0usize..=6,
        pairs in prop::collection::vec((0usize..8, -1i64..=8), 0..=7),
    ) {
        let marks: Vec<Mark> = pairs.iter().map(|&(c, v)| Mark::new(c, v)).collect();
        let (min, max) = method.value_range(n);
        let mut candidates: Vec<usize> = pairs.iter().map(|p| p.0).collect();
        candidates.sort_unstable();
        candidates.dedup();
        let total: i64 = pairs.iter().map(|p| p.1).sum();
        let within_budget = match method {
            Method::Dot { budget, .. } => total <= i64::from(budget),
            _ => true,
        };
        let valid = !pairs.is_empty()
            && pairs.iter().all(|&(c, v)| c < n && (min..=max).contains(&v))
            && candidates.len() == pairs.len()
            && within_budget;
        prop_assert_eq!(validate_ballot(&method, n, &marks).is_ok(), valid);
    }
}
