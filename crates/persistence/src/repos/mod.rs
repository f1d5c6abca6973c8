//! Repositories: plain async functions over any connection or transaction,
//! so a mutation can run several of them in one transaction.

use std::collections::HashMap;
use std::hash::Hash;

/// Improvements' actions: learning plans.
pub mod actions;
/// Officers' read-only API tokens.
pub mod api_tokens;
/// The audit log of privileged actions.
pub mod audit;
/// Ballots and their marks.
pub mod ballots;
/// Failed sign-ins, counted per client address and per device cookie.
pub mod client_failures;
/// Comments on findings and improvements.
pub mod comments;
/// Decisions on improvements and their votes.
pub mod decisions;
/// Changes of an account's email, waiting for their link.
pub mod email_changes;
/// The feedback log: items, themes, history, remedies, raised findings.
pub mod feedback;
/// Findings and their themes.
pub mod findings;
/// Forums and their memberships.
pub mod forums;
/// Improvements, their findings, co-authors, revisions and progress.
pub mod improvements;
/// Invites to join a forum.
pub mod invites;
/// Named locks for check-then-write operations.
pub mod locks;
/// Failed sign-ins, counted per email for the rate limit.
pub mod login_failures;
/// Notifications, each person's settings, and notices sent once.
pub mod notifications;
/// The mail outbox: messages written with the change that causes them.
pub mod outbox;
/// Password resets asked for by email.
pub mod password_resets;
/// What one person wrote or cast, for the export of their data.
pub mod personal;
/// Taking an open round's row lock, for a ballot or a close.
pub mod round_locks;
/// Running totals of DOT, APPROVAL and SCORE rounds.
pub mod round_totals;
/// Prioritisation rounds, their findings and stored results.
pub mod rounds;
/// Sign-in sessions and their refresh tokens.
pub mod sessions;
/// Accounts and platform roles.
pub mod users;

/// Rows grouped by key, each group keeping the rows' order.
fn grouped<K: Eq + Hash, V>(rows: impl IntoIterator<Item = (K, V)>) -> HashMap<K, Vec<V>> {
    let mut groups: HashMap<K, Vec<V>> = HashMap::new();
    for (key, value) in rows {
        groups.entry(key).or_default().push(value);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn groups_keep_the_rows_order() {
        let groups = grouped([("a", 3), ("b", 1), ("a", 1), ("a", 2)]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups["a"], vec![3, 1, 2]);
        assert_eq!(groups["b"], vec![1]);
    }
}
