use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use coforum_domain::ids::{FindingId, ForumId, ImprovementId, UserId};
use coforum_domain::improvement;
use coforum_domain::permissions::ForumAction;

use super::accounts::{User, load_user};
use super::context::{caller, loader, require_inside_forum, state};
use super::decisions::{Decision, MyVote};
use super::findings::Finding;
use super::forums::{Forum, load_forum};
use super::ids::parse_id;
use super::loaders::{CoAuthorsOf, DecisionsOf, FindingsOfImprovement, ProgressOf, VotesOf};
use super::progress::{Progress, YouSaidWeDid};
use super::scalars::{DecisionRule, ImprovementStatus, Position};
use coforum_app::error::{AppError, AppResult};
use coforum_app::ops::improvements as ops;
use coforum_app::ops::reports;

type Result<T> = async_graphql::Result<T>;

/// An improvement members co-design from findings, decide on, and see delivered.
pub struct Improvement(pub improvement::Improvement);

#[Object]
impl Improvement {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    async fn status(&self) -> ImprovementStatus {
        self.0.status.into()
    }
    /// The current revision's number (1 when first proposed).
    async fn revision(&self) -> u32 {
        self.0.revision
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn agreed_at(&self) -> Option<DateTime<Utc>> {
        self.0.agreed_at
    }
    async fn forum(&self, ctx: &Context<'_>) -> Result<Forum> {
        Ok(load_forum(ctx, self.0.forum_id).await?)
    }
    /// The proposer first, then others in the order they joined.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::CO_AUTHORS, child_complexity)")]
    async fn co_authors(&self, ctx: &Context<'_>) -> Result<Vec<User>> {
        let ids = loader(ctx)
            .load_one(CoAuthorsOf(self.0.id))
            .await?
            .unwrap_or_default();
        let mut users = loader(ctx).load_many(ids.iter().copied()).await?;
        Ok(ids
            .iter()
            .filter_map(|id: &UserId| users.remove(id))
            .map(User)
            .collect())
    }
    #[graphql(
        complexity = "super::list_bounds::cost(super::list_bounds::FINDINGS_OF_IMPROVEMENT, child_complexity)"
    )]
    async fn findings(&self, ctx: &Context<'_>) -> Result<Vec<Finding>> {
        Ok(findings_of(ctx, self.0.id).await?)
    }
    /// Every revision kept whole, first to latest.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::REVISIONS, child_complexity)")]
    async fn revisions(&self, ctx: &Context<'_>) -> Result<Vec<Revision>> {
        let revisions = coforum_app::reads::improvements::revisions(state(ctx), self.0.id).await?;
        Ok(revisions.into_iter().map(Revision).collect())
    }
    /// The latest decision; null before the first.
    async fn decision(&self, ctx: &Context<'_>) -> Result<Option<Decision>> {
        let decisions = loader(ctx)
            .load_one(DecisionsOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(decisions.last().cloned().map(|d| Decision {
            decision: d,
            forum_id: self.0.forum_id,
        }))
    }
    /// Every decision, oldest first.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::DECISIONS, child_complexity)")]
    async fn decisions(&self, ctx: &Context<'_>) -> Result<Vec<Decision>> {
        let decisions = loader(ctx)
            .load_one(DecisionsOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(decisions
            .into_iter()
            .map(|d| Decision {
                decision: d,
                forum_id: self.0.forum_id,
            })
            .collect())
    }
    /// The caller's vote in the latest decision.
    async fn my_vote(&self, ctx: &Context<'_>) -> Result<Option<MyVote>> {
        let Some(actor) = caller(ctx).actor() else {
            return Ok(None);
        };
        let decisions = loader(ctx)
            .load_one(DecisionsOf(self.0.id))
            .await?
            .unwrap_or_default();
        let Some(latest) = decisions.last() else {
            return Ok(None);
        };
        let votes = loader(ctx)
            .load_one(VotesOf(latest.id))
            .await?
            .unwrap_or_default();
        Ok(votes
            .into_iter()
            .find(|v| v.voter_id == actor.user_id)
            .map(|v| MyVote {
                position: v.position.into(),
                reason: v.reason,
            }))
    }
    /// Oldest first; threads by parentId.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::COMMENTS, child_complexity)")]
    async fn comments(&self, ctx: &Context<'_>) -> Result<Vec<super::comments::Comment>> {
        let subject = coforum_domain::comment::Subject::Improvement(self.0.id);
        Ok(super::comments::comments_on(ctx, subject).await?)
    }
    /// What the council did, oldest first.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::PROGRESS, child_complexity)")]
    async fn progress(&self, ctx: &Context<'_>) -> Result<Vec<Progress>> {
        let entries = loader(ctx)
            .load_one(ProgressOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(entries.into_iter().map(Progress).collect())
    }
}

/// The findings an improvement answers (the caller already reads its forum).
pub async fn findings_of(ctx: &Context<'_>, id: ImprovementId) -> AppResult<Vec<Finding>> {
    let ids = loader(ctx)
        .load_one(FindingsOfImprovement(id))
        .await?
        .unwrap_or_default();
    let mut found = loader(ctx).load_many(ids.iter().copied()).await?;
    Ok(ids
        .iter()
        .filter_map(|id: &FindingId| found.remove(id))
        .map(Finding)
        .collect())
}

/// Loads an improvement the caller may read; others are told it does not exist.
pub async fn load_improvement(ctx: &Context<'_>, id: ImprovementId) -> AppResult<Improvement> {
    let improvement = loader(ctx)
        .load_one(id)
        .await?
        .ok_or(AppError::NotFound("improvement"))?;
    require_inside_forum(ctx, improvement.forum_id, ForumAction::Read, "improvement").await?;
    Ok(Improvement(
        coforum_app::reads::improvements::closed_if_due(state(ctx), improvement).await?,
    ))
}

pub struct Revision(improvement::Revision);

#[Object]
impl Revision {
    async fn number(&self) -> u32 {
        self.0.number
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    /// Why this revision was made.
    async fn note(&self) -> &str {
        &self.0.note
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn author(&self, ctx: &Context<'_>) -> Result<User> {
        Ok(load_user(ctx, self.0.author_id).await?)
    }
}

#[derive(InputObject)]
pub struct ProposeImprovementInput {
    forum_id: ID,
    /// 3 to 200 characters.
    title: String,
    /// Up to 10,000 characters.
    summary: String,
    /// One or more findings of the same forum.
    finding_ids: Vec<ID>,
}

#[derive(InputObject)]
pub struct ReviseImprovementInput {
    id: ID,
    title: Option<String>,
    summary: Option<String>,
    /// Why: shown beside the revision.
    note: String,
}

#[derive(InputObject)]
pub struct OpenDecisionInput {
    improvement_id: ID,
    rule: DecisionRule,
    /// 0 to 1: the share of members who must vote.
    quorum: f64,
    closes_at: Option<DateTime<Utc>>,
}

#[derive(InputObject)]
pub struct CastDecisionVoteInput {
    improvement_id: ID,
    position: Position,
    /// Required for BLOCK.
    reason: Option<String>,
}

#[derive(InputObject)]
pub struct RecordProgressInput {
    improvement_id: ID,
    note: String,
    /// 0 to 100; 100 exactly when DELIVERED.
    percent_complete: i64,
    /// IN_PROGRESS or DELIVERED.
    status: ImprovementStatus,
}

#[derive(Default)]
pub struct ImprovementQuery;

#[Object]
impl ImprovementQuery {
    async fn improvement(&self, ctx: &Context<'_>, id: ID) -> Result<Improvement> {
        let id: ImprovementId = parse_id("id", &id)?;
        caller(ctx).signed_in()?;
        Ok(load_improvement(ctx, id).await?)
    }

    /// Agreed improvements with their findings and latest progress, newest
    /// agreed first, for `forumId` or every forum the caller may read.
    #[graphql(
        complexity = "super::list_bounds::cost(super::list_bounds::AGREED_IMPROVEMENTS, child_complexity)"
    )]
    async fn you_said_we_did(&self, ctx: &Context<'_>, forum_id: Option<ID>) -> Result<Vec<YouSaidWeDid>> {
        let forum_id = forum_id.map(|id| parse_id("forumId", &id)).transpose()?;
        Ok(you_said_we_did(ctx, forum_id).await?)
    }
}

/// "You said, we did" of the forums the caller may read (or `forum_id`
/// alone), as the app reads it: for the root field and for
/// `Forum.youSaidWeDid`.
pub(crate) async fn you_said_we_did(
    ctx: &Context<'_>,
    forum_id: Option<ForumId>,
) -> AppResult<Vec<YouSaidWeDid>> {
    let agreed = reports::you_said_we_did(state(ctx), caller(ctx), forum_id).await?;
    Ok(agreed.into_iter().map(YouSaidWeDid).collect())
}

#[derive(Default)]
pub struct ImprovementMutation;

#[Object]
impl ImprovementMutation {
    /// Members propose; the proposer is the first co-author.
    async fn propose_improvement(
        &self,
        ctx: &Context<'_>,
        input: ProposeImprovementInput,
    ) -> Result<Improvement> {
        let forum_id = parse_id("forumId", &input.forum_id)?;
        let findings = input
            .finding_ids
            .iter()
            .map(|id| parse_id::<FindingId>("findingIds", id))
            .collect::<AppResult<Vec<_>>>()?;
        let design = (input.title.as_str(), input.summary.as_str());
        let improvement = ops::propose(state(ctx), caller(ctx), forum_id, design, &findings).await?;
        Ok(Improvement(improvement))
    }

    /// Co-authors revise a DRAFT; every revision is kept.
    async fn revise_improvement(
        &self,
        ctx: &Context<'_>,
        input: ReviseImprovementInput,
    ) -> Result<Improvement> {
        let id = parse_id("id", &input.id)?;
        let improvement = ops::revise(
            state(ctx),
            caller(ctx),
            id,
            input.title.as_deref(),
            input.summary.as_deref(),
            &input.note,
        )
        .await?;
        Ok(Improvement(improvement))
    }

    /// Co-authors invite another member of the forum.
    async fn add_co_author(&self, ctx: &Context<'_>, improvement_id: ID, user_id: ID) -> Result<Improvement> {
        let id = parse_id("improvementId", &improvement_id)?;
        let user = parse_id("userId", &user_id)?;
        let improvement = ops::add_co_author(state(ctx), caller(ctx), id, user).await?;
        Ok(Improvement(improvement))
    }

    /// Facilitators open a decision; the improvement can no longer be revised until it closes.
    async fn open_decision(&self, ctx: &Context<'_>, input: OpenDecisionInput) -> Result<Improvement> {
        let id = parse_id("improvementId", &input.improvement_id)?;
        let terms = (input.rule.into(), input.quorum, input.closes_at);
        Ok(Improvement(
            ops::open_decision(state(ctx), caller(ctx), id, terms).await?,
        ))
    }

    /// Members vote once each and may change their vote until the decision closes.
    async fn cast_decision_vote(
        &self,
        ctx: &Context<'_>,
        input: CastDecisionVoteInput,
    ) -> Result<Improvement> {
        let id = parse_id("improvementId", &input.improvement_id)?;
        let improvement = ops::cast_vote(
            state(ctx),
            caller(ctx),
            id,
            input.position.into(),
            input.reason.as_deref(),
        )
        .await?;
        Ok(Improvement(improvement))
    }

    /// Facilitators close the decision: AGREED, or back to DRAFT for redesign.
    async fn close_decision(&self, ctx: &Context<'_>, improvement_id: ID) -> Result<Improvement> {
        let id = parse_id("improvementId", &improvement_id)?;
        Ok(Improvement(
            ops::close_decision(state(ctx), caller(ctx), id).await?,
        ))
    }

    /// Officers and admins: "you said, we did".
    async fn record_progress(&self, ctx: &Context<'_>, input: RecordProgressInput) -> Result<Improvement> {
        let id = parse_id("improvementId", &input.improvement_id)?;
        let report = (input.note.as_str(), input.percent_complete, input.status.into());
        Ok(Improvement(
            ops::record_progress(state(ctx), caller(ctx), id, report).await?,
        ))
    }
}
