//! coforum's rules, pure and synchronous: the types the contract speaks of,
//! their validation, who may do what, and how rounds are counted.
//! Nothing here knows about databases, HTTP or GraphQL.

#[macro_use]
mod named_enum;

/// Accounts: emails, display names, passwords and platform roles.
pub mod account;
/// Assisted participation: ballots recorded for a member, and how.
pub mod assistance;
/// The audit log of privileged actions.
pub mod audit;
/// Casting a ballot: marks checked, running totals kept in step.
pub mod ballot_box;
/// Comments on findings and improvements.
pub mod comment;
/// Changing an account's email: how long a link works, how often, and
/// how the new address shows in the notice to the old one.
pub mod email_change;
/// Inviting people by email: the addresses and message, checked.
pub mod email_invites;
/// The feedback log: complaints, requests, compliments and suggestions,
/// their clocks in England's working days, and the yearly report.
pub mod feedback;
/// Findings: sources, themes and what makes one valid.
pub mod finding;
/// Forums, memberships and invites.
pub mod forum;
/// Typed identifiers, so a forum's id can never be passed as a user's.
pub mod ids;
/// Co-designed improvements: status machine, decisions, progress.
pub mod improvement;
/// Learning plans: an agreed improvement's actions, and the answers to
/// safeguarding review findings.
pub mod learning;
/// Emails as sent, and when a refused one is tried again.
pub mod mail;
/// Notifications: kinds, who hears of them, and how.
pub mod notification;
/// Resetting a forgotten password by email: how long, how often.
pub mod password_reset;
/// Who may do what: every permission rule the API asks.
pub mod permissions;
/// What officers pull: normalized priorities and monthly trends.
pub mod priorities;
/// Prioritisation rounds: settings, states and who sees results.
pub mod round;
/// Sign-in limits: per email, per client address, and trusted devices.
pub mod sign_in;
/// Ballots and the published counting rules of prioritisation rounds.
pub mod tally;
/// Validation failures, each naming the field and the rule.
pub mod validation;
