//! How much of everything to make.

/// The totals the generator makes. Scale 1 is the council; scale N
/// is N times every total (the numbers per forum stay the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    pub scale: u32,
    pub forums: usize,
    /// Ordinary members (voters), the facilitators among them.
    pub members: usize,
    pub findings: usize,
    /// Closed rounds, every method in equal numbers.
    pub closed_rounds: usize,
    /// Ballots over all closed rounds, exactly.
    pub ballots: usize,
    pub improvements: usize,
    /// Open APPROVAL rounds per forum waiting for the load driver's ballots.
    pub ballot_boxes_per_forum: usize,
    /// Accounts with production-cost hashes for the load driver's `Login` row.
    pub login_accounts: usize,
}

impl Plan {
    /// The council times `scale` (at least 1).
    pub fn at_scale(scale: u32) -> Self {
        let n = usize::try_from(scale.max(1)).unwrap_or(usize::MAX);
        Self {
            scale: scale.max(1),
            forums: 20 * n,
            members: 5_000 * n,
            findings: 2_000 * n,
            closed_rounds: 100 * n,
            ballots: 20_000 * n,
            improvements: 500 * n,
            // Six boxes over forums averaging 400 members give about 48,000
            // (voter, round) pairs per 20 forums: more than the driver needs.
            ballot_boxes_per_forum: 6,
            // Enough that 64 Login clients share an account at most two at a time.
            login_accounts: 32,
        }
    }

    /// A council small enough for a test to seed and check in a few
    /// seconds, with something of everything: two forums, five closed
    /// rounds each (one per method).
    pub fn tiny() -> Self {
        Self {
            scale: 1,
            forums: 2,
            members: 60,
            findings: 60,
            closed_rounds: 10,
            ballots: 150,
            improvements: 12,
            ballot_boxes_per_forum: 2,
            login_accounts: 2,
        }
    }
}

/// Splits `total` into `parts` shares in proportion to `weights`, summing to
/// `total` exactly (the remainder goes to the largest fractions).
pub fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut shares: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut by_fraction: Vec<usize> = (0..weights.len()).collect();
    by_fraction.sort_by(|&a, &b| {
        let fraction = |i: usize| exact[i] - exact[i].floor();
        fraction(b).total_cmp(&fraction(a)).then(a.cmp(&b))
    });
    let given: usize = shares.iter().sum();
    for &i in by_fraction.iter().cycle().take(total.saturating_sub(given)) {
        shares[i] += 1;
    }
    shares
}

/// Like [`apportion`], but no share exceeds its cap: what a capped share
/// cannot take goes to the others. `None` when the caps are too small.
pub fn apportion_capped(total: usize, weights: &[f64], caps: &[usize]) -> Option<Vec<usize>> {
    if caps.iter().sum::<usize>() < total {
        return None;
    }
    let mut shares = vec![0; weights.len()];
    let mut open: Vec<usize> = (0..weights.len()).collect();
    let mut left = total;
    while left > 0 {
        let open_weights: Vec<f64> = open.iter().map(|&i| weights[i].max(f64::MIN_POSITIVE)).collect();
        let offer = apportion(left, &open_weights);
        let mut still_open = Vec::new();
        for (&i, extra) in open.iter().zip(offer) {
            let taken = extra.min(caps[i] - shares[i]);
            shares[i] += taken;
            left -= taken;
            if shares[i] < caps[i] {
                still_open.push(i);
            }
        }
        open = still_open;
    }
    Some(shares)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_the_total() {
        let shares = apportion(20_000, &[1.0, 2.5, 0.4, 3.3]);
        assert_eq!(shares.iter().sum::<usize>(), 20_000);
        assert!(shares[3] > shares[1] && shares[1] > shares[0] && shares[0] > shares[2]);
    }

    #[test]
    fn capped_shares_respect_caps_and_still_add_up() {
        let shares = apportion_capped(100, &[10.0, 1.0, 1.0], &[20, 50, 50]).unwrap_or_default();
        assert_eq!(shares.iter().sum::<usize>(), 100);
        assert_eq!(shares[0], 20);
        assert!(shares[1].abs_diff(shares[2]) <= 2, "{shares:?}");
        assert_eq!(apportion_capped(101, &[1.0], &[100]), None);
    }

    #[test]
    fn scale_multiplies_every_total() {
        let one = Plan::at_scale(1);
        let ten = Plan::at_scale(10);
        assert_eq!(ten.forums, 10 * one.forums);
        assert_eq!(ten.ballots, 10 * one.ballots);
        assert_eq!(ten.improvements, 10 * one.improvements);
    }
}
