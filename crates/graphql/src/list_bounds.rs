//! What each list in the schema may hold, for the complexity limit: a list
//! costs its bound times what one item costs, so a small document cannot
//! ask for a large answer. Where the rules bound a list, that is its bound;
//! where only the data does, a generous size for one council (an answer
//! past the response limit is refused anyway, so these only have to stop
//! documents built to multiply lists).

use coforum_domain::priorities::{DEFAULT_HISTORY, MAX_TREND_MONTHS};
use coforum_domain::round::MAX_ROUND_FINDINGS;

/// A round's findings, its ranking, a ballot's marks: the rules' bound.
pub const ROUND_FINDINGS: usize = MAX_ROUND_FINDINGS;
/// Published rounds in `priorityHistory` when `first` is not given.
pub const PUBLISHED_ROUNDS: i64 = DEFAULT_HISTORY;
/// Months in a trend: the rules' bound.
pub const TREND_MONTHS: usize = MAX_TREND_MONTHS;
/// Sources a theme can come from (`FindingSource`'s values).
pub const SOURCES: usize = 7;

/// Estimates for lists only the data bounds.
pub const FORUMS: usize = 100;
pub const MEMBERS: usize = 1_000;
pub const ROUNDS_OF_FORUM: usize = 100;
pub const IMPROVEMENTS_OF_FORUM: usize = 200;
pub const IMPROVEMENTS_OF_FINDING: usize = 5;
pub const FINDINGS_OF_IMPROVEMENT: usize = 20;
pub const COMMENTS: usize = 200;
/// Reported comments waiting in one forum (a typical moderation queue).
pub const REPORTED_COMMENTS: usize = 50;
pub const CO_AUTHORS: usize = 20;
pub const REVISIONS: usize = 50;
pub const DECISIONS: usize = 5;
pub const VOTES: usize = MEMBERS;
pub const PROGRESS: usize = 50;
pub const MEMBERSHIPS: usize = 10;
pub const API_TOKENS: usize = 20;
pub const SESSIONS: usize = 20;
/// A forum's invites: the list shows the newest 100.
pub const INVITES: usize = 100;
pub const THEMES: usize = 50;
/// Findings raised from one feedback item.
pub const FINDINGS_OF_FEEDBACK: usize = 10;
/// Lines of one feedback item's history.
pub const FEEDBACK_HISTORY: usize = 100;
pub const AGREED_IMPROVEMENTS: usize = IMPROVEMENTS_OF_FORUM;

/// Far past any limit, and small enough that async-graphql's sums of
/// costs (unchecked additions) cannot overflow and wrap to a small number.
const CEILING: usize = 1 << 32;

/// The cost of a list of at most `bound` items, each costing `child`.
pub fn cost(bound: usize, child: usize) -> usize {
    bound.saturating_mul(child.max(1)).min(CEILING)
}
