//! The GraphQL schema. Resolvers are thin: they parse arguments, ask the
//! domain's permission rules, and call an operation or a loader.

use async_graphql::{EmptySubscription, MergedObject, Schema, SchemaBuilder};

use coforum_app::config::Limits;
use coforum_app::state::AppState;

/// Accounts, sessions, roles and API tokens.
mod accounts;
/// Ballots and decision votes recorded for a member.
mod assisted;
/// The audit log of privileged actions, for admins.
mod audit;
/// Comments on findings and improvements.
mod comments;
/// Reading the request's caller, state and loaders inside resolvers.
pub mod context;
/// Decisions on improvements and their votes.
mod decisions;
/// Inviting people by email.
mod email_invites;
/// Mapping `AppError` to `extensions.code`, logging internal errors.
mod error_codes;
/// The feedback log: items, their work, the log and the report.
mod feedback;
/// Findings and the forum's findings connection.
mod findings;
/// Forums, memberships and invites.
mod forums;
/// Parsing GraphQL `ID`s into typed ids.
mod ids;
/// Improvements: proposals, revisions, co-authors, and their operations.
mod improvements;
/// A forum's invites, one invite by its code, and withdrawing one.
mod invites;
/// Learning plans: actions, plans, safeguarding answers.
mod learning;
/// Limits that async-graphql does not have built in: aliases, fields once
/// fragments are spread, fragment cycles; checked before validation.
mod limits;
/// What each list may hold, for the complexity limit.
mod list_bounds;
/// Batched loads: one query per kind of object per request.
mod loaders;
/// Notifications, their settings, and one-click unsubscribe.
mod notifications;
/// The mail outbox, for admins.
mod outbox;
/// The caller's own account: changing its email, its sessions.
mod own_account;
/// Passwords: a forgotten one reset by email, or changed.
mod passwords;
/// Progress reports and "you said, we did".
mod progress;
/// Priorities and theme trends: what officers pull.
mod reports;
/// Prioritisation rounds, ballots and results.
mod rounds;
/// Enums shared by several parts of the schema.
mod scalars;

/// The forums' own queries: accounts, forums, findings, rounds, reports,
/// improvements. (Merged in two halves: one merge of every part nests too
/// deep for the compiler's default recursion limit.)
#[derive(MergedObject, Default)]
pub struct ForumQueries(
    accounts::AccountQuery,
    forums::ForumQuery,
    findings::FindingQuery,
    rounds::RoundQuery,
    reports::ReportQuery,
    improvements::ImprovementQuery,
);

/// The council's and each person's queries.
#[derive(MergedObject, Default)]
pub struct CouncilQueries(
    audit::AuditQuery,
    outbox::OutboxQuery,
    notifications::NotificationQuery,
    own_account::OwnAccountQuery,
    feedback::FeedbackQuery,
    learning::LearningQuery,
    invites::InviteQuery,
);

#[derive(MergedObject, Default)]
pub struct Query(ForumQueries, CouncilQueries);

/// The forums' own operations.
#[derive(MergedObject, Default)]
pub struct ForumMutations(
    accounts::AccountMutation,
    forums::ForumMutation,
    findings::FindingMutation,
    rounds::RoundMutation,
    improvements::ImprovementMutation,
    comments::CommentMutation,
    assisted::AssistedMutation,
);

/// The council's and each person's operations.
#[derive(MergedObject, Default)]
pub struct CouncilMutations(
    passwords::PasswordMutation,
    notifications::NotificationMutation,
    own_account::OwnAccountMutation,
    email_invites::EmailInviteMutation,
    feedback::FeedbackMutation,
    learning::LearningMutation,
    invites::InviteMutation,
);

#[derive(MergedObject, Default)]
pub struct Mutation(ForumMutations, CouncilMutations);

pub type CoforumSchema = Schema<Query, Mutation, EmptySubscription>;

/// The complexity of a paged list: its page size times what each item
/// costs, so asking for 500 entries costs 500 times one. Values out of range
/// are refused later by the resolver; here they count at their size.
fn list_cost(first: Option<i64>, default: i64, child_complexity: usize) -> usize {
    let items = usize::try_from(first.unwrap_or(default).max(1)).unwrap_or(usize::MAX);
    list_bounds::cost(items, child_complexity)
}

fn builder() -> SchemaBuilder<Query, Mutation, EmptySubscription> {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
}

/// The schema with its limits and extensions, serving `state`.
pub fn build_schema(state: AppState) -> CoforumSchema {
    let limits: Limits = state.config.limits.clone();
    let mut builder = builder()
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity)
        .limit_directives(limits.max_directives)
        .extension(limits::DocumentLimits::new(limits.max_aliases, limits.max_fields))
        .extension(error_codes::ErrorCodes)
        .data(state);
    if !limits.introspection {
        // "Did you mean …?" would name the fields introspection hides.
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder.finish()
}

/// The schema's SDL, as checked in at `schema.graphql`.
pub fn export_sdl() -> String {
    builder().finish().sdl()
}
