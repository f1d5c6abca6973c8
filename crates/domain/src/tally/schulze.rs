use super::ballot::Ballot;
use super::borda::by_position;

/// Below this many ranked marks per candidate in the round, a ballot's pairs
/// are counted one by one (O(k²)); above it, row by row over all candidates
/// (O(k·n)), which the compiler vectorises.
const DENSE_FACTOR: usize = 8;

/// The pairwise matrix, row-major: `d[i * n + j]` is the number of ballots
/// that strictly prefer `i` to `j`. A ranked candidate beats every unranked
/// one, so `d[i][j] = ranked[i] - not_ahead[i][j]`, where `not_ahead` counts
/// ballots ranking both with `i` not strictly ahead; only ranked pairs are
/// visited per ballot.
pub(crate) fn pairwise(n: usize, ballots: &[Ballot]) -> Vec<u64> {
    let mut ranked_count = vec![0u64; n];
    // 32-bit cells (a round would need 4 billion ballots to overflow one)
    // put twice as many in each vector instruction as 64-bit ones.
    let mut not_ahead = vec![0u32; n * n];
    let mut ranked = Vec::new();
    // Compact ordinals (equal positions share one) so that the dense path
    // can use u32::MAX for "unranked" whatever the position values are.
    let mut ordinals: Vec<(usize, u32)> = Vec::new();
    let mut dense = vec![u32::MAX; n];
    for ballot in ballots {
        by_position(n, ballot, &mut ranked);
        ordinals.clear();
        let mut ordinal: u32 = 0;
        for (index, &(position, candidate)) in ranked.iter().enumerate() {
            if index > 0 && ranked[index - 1].0 != position {
                ordinal += 1;
            }
            ordinals.push((candidate, ordinal));
            ranked_count[candidate] += 1;
        }
        if ordinals.len() * DENSE_FACTOR >= n {
            for &(candidate, ordinal) in &ordinals {
                dense[candidate] = ordinal;
            }
            for &(i, ord_i) in &ordinals {
                let row = &mut not_ahead[i * n..(i + 1) * n];
                // Unranked j hold u32::MAX, so they never count as not-behind.
                for (cell, &ord_j) in row.iter_mut().zip(&dense) {
                    *cell += u32::from(ord_i >= ord_j);
                }
            }
            for &(candidate, _) in &ordinals {
                dense[candidate] = u32::MAX;
            }
        } else {
            for &(i, ord_i) in &ordinals {
                let row = &mut not_ahead[i * n..(i + 1) * n];
                for &(j, ord_j) in &ordinals {
                    row[j] += u32::from(ord_i >= ord_j);
                }
            }
        }
    }
    // The diagonal collected i-vs-i counts above; it is defined as 0.
    not_ahead
        .chunks_exact(n.max(1))
        .enumerate()
        .flat_map(|(i, row)| {
            let ranked = ranked_count[i];
            row.iter()
                .enumerate()
                .map(move |(j, &cell)| if i == j { 0 } else { ranked - u64::from(cell) })
        })
        .collect()
}

/// Strongest path strengths (winning votes): the direct link i→j is d[i][j]
/// when i beats j head to head, else 0, then widest paths by Floyd–Warshall.
pub(crate) fn strongest_paths(n: usize, d: &[u64]) -> Vec<u64> {
    let mut p = vec![0u64; n * n];
    for i in 0..n {
        for j in 0..n {
            let (ij, ji) = (d[i * n + j], d[j * n + i]);
            if i != j && ij > ji {
                p[i * n + j] = ij;
            }
        }
    }
    // A copy of row k lets row i be borrowed mutably alongside it. Updating
    // the i==j and j==k cells too is harmless (they can only hold a weaker
    // path) and keeps the inner loop branch-free.
    let mut row_k = vec![0u64; n];
    for k in 0..n {
        row_k.copy_from_slice(&p[k * n..(k + 1) * n]);
        for i in 0..n {
            let row_i = &mut p[i * n..(i + 1) * n];
            let p_ik = row_i[k];
            if i == k || p_ik == 0 {
                continue;
            }
            for (cell, &p_kj) in row_i.iter_mut().zip(&row_k) {
                *cell = (*cell).max(p_ik.min(p_kj));
            }
        }
    }
    for i in 0..n {
        p[i * n + i] = 0;
    }
    p
}

/// Schulze score: how many other candidates each one beats on strongest paths.
pub(crate) fn wins(n: usize, ballots: &[Ballot]) -> Vec<u64> {
    let p = strongest_paths(n, &pairwise(n, ballots));
    (0..n)
        .map(|i| (0..n).filter(|&j| p[i * n + j] > p[j * n + i]).count() as u64)
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::tally::{Mark, Method, validate_ballot};

    fn ballot(n: usize, positions: &[(usize, i64)]) -> Ballot {
        let marks: Vec<Mark> = positions.iter().map(|&(c, v)| Mark::new(c, v)).collect();
        validate_ballot(&Method::ranked(None), n, &marks).unwrap()
    }

    /// Ballots from an order string such as "ACBED" (A = 0), `count` times.
    fn ordered(order: &str, count: usize) -> Vec<Ballot> {
        let marks: Vec<(usize, i64)> = order
            .bytes()
            .enumerate()
            .map(|(pos, c)| (usize::from(c - b'A'), pos as i64 + 1))
            .collect();
        vec![ballot(order.len(), &marks); count]
    }

    /// Wikipedia "Schulze method", the 45-voter example.
    fn wikipedia_ballots() -> Vec<Ballot> {
        [
            ("ACBED", 5),
            ("ADECB", 5),
            ("BEDAC", 8),
            ("CABED", 3),
            ("CAEBD", 7),
            ("CBADE", 2),
            ("DCEBA", 7),
            ("EBADC", 8),
        ]
        .iter()
        .flat_map(|&(order, count)| ordered(order, count))
        .collect()
    }

    #[test]
    fn wikipedia_pairwise_and_paths() {
        let d = pairwise(5, &wikipedia_ballots());
        #[rustfmt::skip]
        let expected_d = vec![
            0, 20, 26, 30, 22,
            25, 0, 16, 33, 18,
            19, 29, 0, 17, 24,
            15, 12, 28, 0, 14,
            23, 27, 21, 31, 0,
        ];
        assert_eq!(d, expected_d);
        #[rustfmt::skip]
        let expected_p = vec![
            0, 28, 28, 30, 24,
            25, 0, 28, 33, 24,
            25, 29, 0, 29, 24,
            25, 28, 28, 0, 24,
            25, 28, 28, 31, 0,
        ];
        assert_eq!(strongest_paths(5, &d), expected_p);
        assert_eq!(wins(5, &wikipedia_ballots()), vec![3, 1, 2, 0, 4]);
    }

    #[test]
    fn sparse_and_dense_counting_agree() {
        // 20 candidates: 2 marks take the sparse path, 10 the dense one.
        let n = 20;
        let short = ballot(n, &[(7, 1), (3, 2)]);
        let long_marks: Vec<(usize, i64)> = (0..10).map(|c| (c * 2, (c % 4) as i64 + 1)).collect();
        let long = ballot(n, &long_marks);
        let both = pairwise(n, &[short.clone(), long.clone()]);
        let separate: Vec<u64> = pairwise(n, &[short])
            .iter()
            .zip(pairwise(n, &[long]))
            .map(|(a, b)| a + b)
            .collect();
        assert_eq!(both, separate);
        // Brute force: i beats j when ranked and ahead, or ranked against unranked.
        let pos =
            |marks: &[(usize, i64)], c: usize| marks.iter().find(|m| m.0 == c).map_or(i64::MAX, |m| m.1);
        let d = pairwise(n, &[ballot(n, &long_marks)]);
        for i in 0..n {
            for j in 0..n {
                let expected = u64::from(i != j && pos(&long_marks, i) < pos(&long_marks, j));
                assert_eq!(d[i * n + j], expected, "d[{i}][{j}]");
            }
        }
    }

    #[test]
    fn partial_ballot_ranked_beats_unranked() {
        let d = pairwise(3, &[ballot(3, &[(2, 1)])]);
        assert_eq!(d, vec![0, 0, 0, 0, 0, 0, 1, 1, 0]);
        assert_eq!(wins(3, &[ballot(3, &[(2, 1)])]), vec![0, 0, 2]);
    }

    #[test]
    fn equal_positions_are_no_preference() {
        let d = pairwise(3, &[ballot(3, &[(0, 1), (1, 1), (2, 2)])]);
        assert_eq!(d, vec![0, 0, 1, 0, 0, 1, 0, 0, 0]);
    }

    #[test]
    fn no_candidates_or_ballots() {
        assert!(wins(0, &[]).is_empty());
        assert_eq!(wins(3, &[]), vec![0, 0, 0]);
    }
}
