//! coforum's schema, one migration per change. Migrations run at start and by
//! `coforum migrate`; applied ones are recorded, so running them twice is
//! harmless.

pub use sea_orm_migration::prelude::*;

/// Accounts, sessions, forums, memberships, invites and API tokens.
mod m20261126_000001_accounts_and_forums;
/// Findings and their themes; rounds, ballots and stored results.
mod m20261126_000002_findings_and_rounds;
/// Improvements, revisions, co-authors, comments, decisions and progress.
mod m20261126_000003_improvements;
/// Named lock rows for check-then-write operations.
mod m20261126_000004_named_locks;
/// The audit log of privileged actions.
mod m20261126_000005_audit_log;
/// A ballot's marks stored compactly on the ballot's row.
mod m20261126_000006_compact_ballots;
/// Running totals of DOT, APPROVAL and SCORE rounds on the round's row.
mod m20261126_000007_round_totals;
/// An index for each forum's most recently closed round.
mod m20261126_000008_latest_closed_round_index;
/// Each forum's revision, kept by triggers on everything the forum shows.
mod m20261126_000009_forum_revisions;
/// Failed sign-ins per client address and per device cookie.
mod m20261126_000010_client_failures;
/// The mail outbox.
mod m20261207_000011_outbox;
/// Password resets asked for by email.
mod m20261207_000012_password_resets;
/// Notifications, each person's settings, and notices sent once.
mod m20261207_000013_notifications;
/// Changes of an account's email, waiting for the link to be followed.
mod m20261207_000014_email_changes;
/// Which closed rounds are the forum's priorities, and since when.
mod m20261207_000015_published_priorities;
/// Who recorded a ballot or decision vote for a member, and how.
mod m20261207_000016_assisted_votes;
/// The feedback log: items, themes, history, remedies, raised findings.
mod m20261207_000017_feedback_log;
/// When a facilitator withdrew an invite.
mod m20261207_000018_invite_withdrawn;
/// Learning plans: improvements' actions; safeguarding findings' answers.
mod m20261207_000019_learning_plans;
/// A forum's progress setting, officers' comments, hiding reasons, reports.
mod m20261207_000020_moderation;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_accounts_and_forums::Migration),
            Box::new(m20261126_000002_findings_and_rounds::Migration),
            Box::new(m20261126_000003_improvements::Migration),
            Box::new(m20261126_000004_named_locks::Migration),
            Box::new(m20261126_000005_audit_log::Migration),
            Box::new(m20261126_000006_compact_ballots::Migration),
            Box::new(m20261126_000007_round_totals::Migration),
            Box::new(m20261126_000008_latest_closed_round_index::Migration),
            Box::new(m20261126_000009_forum_revisions::Migration),
            Box::new(m20261126_000010_client_failures::Migration),
            Box::new(m20261207_000011_outbox::Migration),
            Box::new(m20261207_000012_password_resets::Migration),
            Box::new(m20261207_000013_notifications::Migration),
            Box::new(m20261207_000014_email_changes::Migration),
            Box::new(m20261207_000015_published_priorities::Migration),
            Box::new(m20261207_000016_assisted_votes::Migration),
            Box::new(m20261207_000017_feedback_log::Migration),
            Box::new(m20261207_000018_invite_withdrawn::Migration),
            Box::new(m20261207_000019_learning_plans::Migration),
            Box::new(m20261207_000020_moderation::Migration),
        ]
    }
}
