//! Learning plans in the schema: actions, plans, and safeguarding answers.

use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use coforum_app::learning::{actions, plans, safeguarding};
use coforum_domain::learning as domain;

use super::accounts::{User, load_user};
use super::context::{caller, state};
use super::findings::Finding;
use super::ids::parse_id;
use super::improvements::Improvement;
use super::scalars::Date;

type Result<T> = async_graphql::Result<T>;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::learning::ActionStatus")]
pub enum ActionStatus {
    NotStarted,
    InProgress,
    Done,
    Dropped,
}

/// A safeguarding review finding's answer (Care Act 2014, schedule 2).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::learning::FindingResponse")]
pub enum FindingResponse {
    Implemented,
    InHand,
    NotImplemented,
}

/// One step of an improvement's plan: who does what by when.
pub struct Action(domain::Action);

#[Object]
impl Action {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn due_on(&self) -> Date {
        Date(self.0.due_on)
    }
    async fn status(&self) -> ActionStatus {
        self.0.status.into()
    }
    /// Past its due day (in England) and neither done nor dropped.
    async fn overdue(&self) -> bool {
        self.0.overdue(actions::today())
    }
    async fn done_on(&self) -> Option<Date> {
        self.0.done_on.map(Date)
    }
    /// Why it was dropped, or the latest note.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn owner(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        match self.0.owner {
            Some(id) => Ok(Some(load_user(ctx, id).await?)),
            None => Ok(None),
        }
    }
}

/// An improvement's plan, with the findings it answers.
pub struct PlanEntry(plans::PlanEntry);

#[Object(name = "LearningPlanEntry")]
impl PlanEntry {
    async fn improvement(&self) -> Improvement {
        Improvement(self.0.improvement.clone())
    }
    async fn findings(&self) -> Vec<Finding> {
        self.0.findings.iter().cloned().map(Finding).collect()
    }
    /// By due day, then title.
    async fn actions(&self) -> Vec<Action> {
        self.0.actions.iter().cloned().map(Action).collect()
    }
}

/// Safeguarding review findings received in a period, by their answer.
pub struct SafeguardingReport(safeguarding::SafeguardingReport);

#[Object]
impl SafeguardingReport {
    async fn implemented(&self) -> u64 {
        self.0.counts.implemented
    }
    async fn in_hand(&self) -> u64 {
        self.0.counts.in_hand
    }
    async fn not_implemented(&self) -> u64 {
        self.0.counts.not_implemented
    }
    async fn no_response(&self) -> u64 {
        self.0.counts.no_response
    }
    /// Oldest received first.
    async fn findings(&self) -> Vec<Finding> {
        self.0.findings.iter().map(|(f, _)| Finding(f.clone())).collect()
    }
}

#[derive(InputObject)]
pub struct AddActionInput {
    improvement_id: ID,
    /// 3 to 200 characters.
    title: String,
    /// Someone who can read the forum.
    owner_id: Option<ID>,
    /// Today or later.
    due_on: Date,
}

#[derive(InputObject)]
pub struct UpdateActionInput {
    id: ID,
    status: ActionStatus,
    /// Required for DROPPED: why.
    note: Option<String>,
}

#[derive(Default)]
pub struct LearningQuery;

#[Object]
impl LearningQuery {
    /// Every improvement with actions, for the forum (or every forum the
    /// caller may read), newest agreed first.
    #[graphql(
        complexity = "super::list_bounds::cost(super::list_bounds::AGREED_IMPROVEMENTS, child_complexity)"
    )]
    async fn learning_plan(&self, ctx: &Context<'_>, forum_id: Option<ID>) -> Result<Vec<PlanEntry>> {
        let forum = forum_id.as_ref().map(|id| parse_id("forumId", id)).transpose()?;
        let entries = plans::learning_plan(state(ctx), caller(ctx), forum).await?;
        Ok(entries.into_iter().map(PlanEntry).collect())
    }

    /// Officers, admins and API tokens: safeguarding review findings
    /// received in [from, to), counted by their latest answer.
    async fn safeguarding_report(
        &self,
        ctx: &Context<'_>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<SafeguardingReport> {
        let report = safeguarding::report(state(ctx), caller(ctx), from, to).await?;
        Ok(SafeguardingReport(report))
    }
}

#[derive(Default)]
pub struct LearningMutation;

#[Object]
impl LearningMutation {
    /// Officers, admins and the forum's facilitators, on an agreed
    /// improvement or one in progress.
    async fn add_action(&self, ctx: &Context<'_>, input: AddActionInput) -> Result<Action> {
        let improvement = parse_id("improvementId", &input.improvement_id)?;
        let owner = input
            .owner_id
            .as_ref()
            .map(|id| parse_id("ownerId", id))
            .transpose()?;
        let plan = (input.title.as_str(), owner, input.due_on.0);
        Ok(Action(
            actions::add_action(state(ctx), caller(ctx), improvement, plan).await?,
        ))
    }

    /// The same people, and the action's owner.
    async fn update_action(&self, ctx: &Context<'_>, input: UpdateActionInput) -> Result<Action> {
        let id = parse_id("id", &input.id)?;
        let change = (input.status.into(), input.note.as_deref());
        Ok(Action(
            actions::update_action(state(ctx), caller(ctx), id, change).await?,
        ))
    }

    /// Officers and admins, on a safeguarding review finding.
    async fn respond_to_finding(
        &self,
        ctx: &Context<'_>,
        finding_id: ID,
        response: FindingResponse,
        reason: Option<String>,
    ) -> Result<Finding> {
        let id = parse_id("findingId", &finding_id)?;
        let finding =
            safeguarding::respond_to_finding(state(ctx), caller(ctx), id, response.into(), reason.as_deref())
                .await?;
        Ok(Finding(finding))
    }
}
