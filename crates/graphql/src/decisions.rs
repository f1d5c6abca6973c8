use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use coforum_domain::improvement;
use coforum_domain::improvement::{CastVote, Tally, decide};

use super::accounts::{User, load_user};
use super::context::loader;
use super::loaders::{MemberCountOf, VotesOf};
use super::scalars::{DecisionOutcome, DecisionRule, DecisionState, Position};
use coforum_app::error::AppResult;

type Result<T> = async_graphql::Result<T>;

/// A decision on an improvement. While open, counts and turnout are live;
/// at close they are frozen with the outcome.
pub struct Decision {
    pub(super) decision: improvement::Decision,
    pub(super) forum_id: coforum_domain::ids::ForumId,
}

impl Decision {
    async fn figures(&self, ctx: &Context<'_>) -> AppResult<(Tally, u32)> {
        if let Some(frozen) = self.decision.closed_tally {
            return Ok(frozen);
        }
        let votes = loader(ctx)
            .load_one(VotesOf(self.decision.id))
            .await?
            .unwrap_or_default();
        let members = loader(ctx)
            .load_one(MemberCountOf(self.forum_id))
            .await?
            .unwrap_or(0);
        Ok((
            Tally::of(votes.iter().map(|v| v.position)),
            u32::try_from(members).unwrap_or(u32::MAX),
        ))
    }
}

#[Object]
impl Decision {
    async fn id(&self) -> ID {
        ID(self.decision.id.to_string())
    }
    async fn rule(&self) -> DecisionRule {
        self.decision.rule.into()
    }
    /// The share of the forum's members who must vote, 0 to 1.
    async fn quorum(&self) -> f64 {
        self.decision.quorum
    }
    async fn closes_at(&self) -> Option<DateTime<Utc>> {
        self.decision.closes_at
    }
    async fn state(&self) -> DecisionState {
        self.decision.state.into()
    }
    async fn opened_at(&self) -> DateTime<Utc> {
        self.decision.opened_at
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.decision.closed_at
    }
    /// Null until the decision closes.
    async fn outcome(&self) -> Option<DecisionOutcome> {
        self.decision.outcome.map(Into::into)
    }
    async fn agree(&self, ctx: &Context<'_>) -> Result<u32> {
        Ok(self.figures(ctx).await?.0.agree)
    }
    async fn disagree(&self, ctx: &Context<'_>) -> Result<u32> {
        Ok(self.figures(ctx).await?.0.disagree)
    }
    async fn abstain(&self, ctx: &Context<'_>) -> Result<u32> {
        Ok(self.figures(ctx).await?.0.abstain)
    }
    async fn block(&self, ctx: &Context<'_>) -> Result<u32> {
        Ok(self.figures(ctx).await?.0.block)
    }
    /// Members who have voted.
    async fn vote_count(&self, ctx: &Context<'_>) -> Result<u32> {
        Ok(self.figures(ctx).await?.0.voters())
    }
    /// Voters / the forum's members (frozen at close).
    async fn turnout(&self, ctx: &Context<'_>) -> Result<f64> {
        let (tally, members) = self.figures(ctx).await?;
        Ok(decide(self.decision.rule, self.decision.quorum, tally, members).turnout)
    }
    async fn quorum_met(&self, ctx: &Context<'_>) -> Result<bool> {
        let (tally, members) = self.figures(ctx).await?;
        Ok(decide(self.decision.rule, self.decision.quorum, tally, members).quorum_met)
    }
    /// Decisions are open: every vote with its reason, so a design can answer them.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::VOTES, child_complexity)")]
    async fn votes(&self, ctx: &Context<'_>) -> Result<Vec<DecisionVote>> {
        let votes = loader(ctx)
            .load_one(VotesOf(self.decision.id))
            .await?
            .unwrap_or_default();
        Ok(votes.into_iter().map(DecisionVote).collect())
    }
}

pub struct DecisionVote(pub(super) CastVote);

#[Object]
impl DecisionVote {
    async fn position(&self) -> Position {
        self.0.position.into()
    }
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    async fn cast_at(&self) -> DateTime<Utc> {
        self.0.cast_at
    }
    async fn voter(&self, ctx: &Context<'_>) -> Result<User> {
        Ok(load_user(ctx, self.0.voter_id).await?)
    }
}

#[derive(SimpleObject)]
pub struct MyVote {
    pub(super) position: Position,
    pub(super) reason: Option<String>,
}
