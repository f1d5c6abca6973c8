#![allow(clippy::unwrap_used)]

use super::*;

fn ballot(method: &Method, n: usize, pairs: &[(usize, i64)]) -> Ballot {
    let marks: Vec<Mark> = pairs.iter().map(|&(c, v)| Mark::new(c, v)).collect();
    validate_ballot(method, n, &marks).unwrap()
}

/// `count` copies of a full ranking, most important first.
fn ranking(method: &Method, order: &[usize], count: usize) -> Vec<Ballot> {
    let pairs: Vec<(usize, i64)> = order
        .iter()
        .enumerate()
        .map(|(pos, &c)| (c, pos as i64 + 1))
        .collect();
    vec![ballot(method, order.len(), &pairs); count]
}

/// (candidate, rank, score, tied) for compact assertions.
fn summary(entries: &[RankedEntry]) -> Vec<(usize, u32, f64, bool)> {
    entries
        .iter()
        .map(|e| (e.candidate, e.rank, e.score, e.tied))
        .collect()
}

#[test]
fn schulze_wikipedia_example() {
    // Wikipedia "Schulze method": A..E = 0..4; result E > A > C > B > D.
    let method = Method::ranked(None);
    let (a, b, c, d, e) = (0, 1, 2, 3, 4);
    let ballots: Vec<Ballot> = [
        ([a, c, b, e, d], 5),
        ([a, d, e, c, b], 5),
        ([b, e, d, a, c], 8),
        ([c, a, b, e, d], 3),
        ([c, a, e, b, d], 7),
        ([c, b, a, d, e], 2),
        ([d, c, e, b, a], 7),
        ([e, b, a, d, c], 8),
    ]
    .iter()
    .flat_map(|(order, count)| ranking(&method, order, *count))
    .collect();
    assert_eq!(ballots.len(), 45);
    assert_eq!(
        summary(&tally(&method, 5, &ballots)),
        vec![
            (e, 1, 4.0, false),
            (a, 2, 3.0, false),
            (c, 3, 2.0, false),
            (b, 4, 1.0, false),
            (d, 5, 0.0, false),
        ]
    );
}

/// Wikipedia's Tennessee capital example, as 100 voters.
fn tennessee(method: &Method) -> Vec<Ballot> {
    let (mem, nash, chat, knox) = (0, 1, 2, 3);
    [
        ([mem, nash, chat, knox], 42),
        ([nash, chat, knox, mem], 26),
        ([chat, knox, nash, mem], 15),
        ([knox, chat, nash, mem], 17),
    ]
    .iter()
    .flat_map(|(order, count)| ranking(method, order, *count))
    .collect()
}

#[test]
fn borda_tennessee_example() {
    let method = Method::ranked(Some(RankedRule::Borda));
    assert_eq!(
        summary(&tally(&method, 4, &tennessee(&method))),
        vec![
            (1, 1, 194.0, false), // Nashville
            (2, 2, 173.0, false), // Chattanooga
            (0, 3, 126.0, false), // Memphis
            (3, 4, 107.0, false), // Knoxville
        ]
    );
}

#[test]
fn schulze_tennessee_follows_the_condorcet_order() {
    // Nashville beats each rival head to head, Chattanooga beats Knoxville
    // and Memphis, Knoxville beats Memphis.
    let method = Method::ranked(None);
    assert_eq!(
        summary(&tally(&method, 4, &tennessee(&method))),
        vec![
            (1, 1, 3.0, false),
            (2, 2, 2.0, false),
            (3, 3, 1.0, false),
            (0, 4, 0.0, false),
        ]
    );
}

#[test]
fn dot_totals() {
    let method = Method::dot(Some(5), Some(3)).unwrap();
    let ballots = [
        ballot(&method, 4, &[(0, 3), (2, 2)]),
        ballot(&method, 4, &[(1, 3), (2, 2)]),
        ballot(&method, 4, &[(3, 1), (0, 2)]),
    ];
    assert_eq!(
        summary(&tally(&method, 4, &ballots)),
        vec![
            (0, 1, 5.0, false),
            (2, 2, 4.0, false),
            (1, 3, 3.0, false),
            (3, 4, 1.0, false),
        ]
    );
}

#[test]
fn approval_ties_rank_one_two_two_four_older_first() {
    let method = Method::Approval;
    let ballots = [
        ballot(&method, 4, &[(3, 1), (2, 1), (1, 1)]),
        ballot(&method, 4, &[(2, 1), (3, 1)]),
        ballot(&method, 4, &[(0, 1), (1, 1), (2, 1)]),
    ];
    assert_eq!(
        summary(&tally(&method, 4, &ballots)),
        vec![
            (2, 1, 3.0, false),
            (1, 2, 2.0, true),
            (3, 2, 2.0, true),
            (0, 4, 1.0, false),
        ]
    );
}

#[test]
fn score_is_the_mean_over_all_ballots() {
    let method = Method::Score;
    let ballots = [
        ballot(&method, 3, &[(0, 5), (1, 3)]),
        ballot(&method, 3, &[(1, 4)]),
        ballot(&method, 3, &[(2, 0), (0, 1)]),
    ];
    assert_eq!(
        summary(&tally(&method, 3, &ballots)),
        vec![(1, 1, 7.0 / 3.0, false), (0, 2, 2.0, false), (2, 3, 0.0, false),]
    );
}

#[test]
fn score_ties_and_no_ballots() {
    let method = Method::Score;
    let ballots = [ballot(&method, 3, &[(2, 4), (0, 4)])];
    assert_eq!(
        summary(&tally(&method, 3, &ballots)),
        vec![(0, 1, 4.0, true), (2, 1, 4.0, true), (1, 3, 0.0, false)]
    );
    assert_eq!(
        summary(&tally(&method, 2, &[])),
        vec![(0, 1, 0.0, true), (1, 1, 0.0, true)]
    );
}

/// Three partial ballots over four findings; both rules give ranks 1, 2, 2, 4.
fn partial_ballots(method: &Method) -> Vec<Ballot> {
    vec![
        ballot(method, 4, &[(3, 1)]),
        ballot(method, 4, &[(0, 1), (1, 2)]),
        ballot(method, 4, &[(1, 1)]),
    ]
}

#[test]
fn borda_partial_ballots() {
    let method = Method::ranked(Some(RankedRule::Borda));
    assert_eq!(
        summary(&tally(&method, 4, &partial_ballots(&method))),
        vec![
            (1, 1, 5.0, false),
            (0, 2, 3.0, true),
            (3, 2, 3.0, true),
            (2, 4, 0.0, false),
        ]
    );
}

#[test]
fn schulze_partial_ballots() {
    let method = Method::ranked(None);
    assert_eq!(
        summary(&tally(&method, 4, &partial_ballots(&method))),
        vec![
            (1, 1, 2.0, false),
            (0, 2, 1.0, true),
            (3, 2, 1.0, true),
            (2, 4, 0.0, false),
        ]
    );
}

#[test]
fn equal_positions_under_both_rules() {
    let borda = Method::ranked(Some(RankedRule::Borda));
    let schulze = Method::ranked(None);
    let ballots = |m: &Method| {
        vec![
            ballot(m, 3, &[(0, 1), (1, 1), (2, 2)]),
            ballot(m, 3, &[(0, 1), (1, 1), (2, 2)]),
            ballot(m, 3, &[(1, 1), (0, 2)]),
        ]
    };
    assert_eq!(
        summary(&tally(&borda, 3, &ballots(&borda))),
        vec![(1, 1, 4.0, false), (0, 2, 3.0, false), (2, 3, 0.0, false)]
    );
    assert_eq!(
        summary(&tally(&schulze, 3, &ballots(&schulze))),
        vec![(1, 1, 2.0, false), (0, 2, 1.0, false), (2, 3, 0.0, false)]
    );
}

#[test]
fn empty_rounds() {
    for method in [
        Method::dot(None, None).unwrap(),
        Method::Approval,
        Method::Score,
        Method::ranked(Some(RankedRule::Borda)),
        Method::ranked(None),
    ] {
        assert!(tally(&method, 0, &[]).is_empty());
        let entries = tally(&method, 2, &[]);
        assert_eq!(summary(&entries), vec![(0, 1, 0.0, true), (1, 1, 0.0, true)]);
    }
}

#[test]
fn ballots_from_a_larger_round_do_not_panic() {
    let method = Method::ranked(None);
    let big = ballot(&method, 5, &[(4, 1), (0, 2)]);
    let entries = tally(&method, 3, &[big]);
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0].candidate, 0);
}
