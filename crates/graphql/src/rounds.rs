use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use coforum_domain::ids::{FindingId, RoundId};
use coforum_domain::permissions::ForumAction;
use coforum_domain::round;
use coforum_domain::round::{RoundRequest, result_visible, turnout};
use coforum_domain::tally::Method;

use super::context::{caller, caller_role, loader, require_inside_forum, state};
use super::findings::{Finding, load_finding};
use super::forums::{Forum, load_forum};
use super::ids::parse_id;
use super::loaders::{BallotCountOf, FindingsOfRound, MemberCountOf, StoredResultOf};
use super::scalars::{RoundState, TallyRule, VotingMethod};
use coforum_app::error::{AppError, AppResult};
use coforum_app::ops::rounds as round_ops;

type Result<T> = async_graphql::Result<T>;

/// A prioritisation round: members rank some of the forum's findings by
/// one method, counted by published rules.
pub struct Round(pub round::Round);

#[Object]
impl Round {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn state(&self) -> RoundState {
        self.0.state.into()
    }
    async fn method(&self) -> VotingMethod {
        self.0.voting_method().into()
    }
    /// How RANKED ballots are counted; null for other methods.
    async fn tally(&self) -> Option<TallyRule> {
        match self.0.method {
            Method::Ranked(rule) => Some(rule.into()),
            _ => None,
        }
    }
    /// DOT: dots each member may spread.
    async fn budget(&self) -> Option<u32> {
        match self.0.method {
            Method::Dot { budget, .. } => Some(budget),
            _ => None,
        }
    }
    /// DOT: most dots on one finding.
    async fn max_per_item(&self) -> Option<u32> {
        match self.0.method {
            Method::Dot { max_per_item, .. } => Some(max_per_item),
            _ => None,
        }
    }
    /// No one can see who voted how; voters see their own ballot.
    async fn secret(&self) -> bool {
        self.0.secret
    }
    /// Members see no result until the round closes.
    async fn hide_results_until_closed(&self) -> bool {
        self.0.hide_results_until_closed
    }
    async fn closes_at(&self) -> Option<DateTime<Utc>> {
        self.0.closes_at
    }
    async fn opened_at(&self) -> DateTime<Utc> {
        self.0.opened_at
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    /// Its result becomes the forum's priorities when it closes, if the
    /// turnout reaches `minTurnout`.
    async fn publish_as_priorities(&self) -> bool {
        self.0.publish_as_priorities
    }
    /// 0 to 1: the least turnout for the result to become the priorities.
    async fn min_turnout(&self) -> f64 {
        self.0.min_turnout
    }
    /// When its result became the forum's priorities; null if never.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    async fn forum(&self, ctx: &Context<'_>) -> Result<Forum> {
        Ok(load_forum(ctx, self.0.forum_id).await?)
    }
    /// Oldest first: the order ties are broken in.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::ROUND_FINDINGS, child_complexity)")]
    async fn findings(&self, ctx: &Context<'_>) -> Result<Vec<Finding>> {
        let ids = loader(ctx)
            .load_one(FindingsOfRound(self.0.id))
            .await?
            .unwrap_or_default();
        let mut found = loader(ctx).load_many(ids.iter().copied()).await?;
        Ok(ids
            .iter()
            .filter_map(|id| found.remove(id))
            .map(Finding)
            .collect())
    }
    async fn ballot_count(&self, ctx: &Context<'_>) -> Result<u32> {
        if let Some(frozen) = self.0.ballot_count {
            return Ok(frozen);
        }
        Ok(loader(ctx).load_one(BallotCountOf(self.0.id)).await?.unwrap_or(0))
    }
    /// The forum's members (facilitators included); frozen at close.
    async fn eligible_count(&self, ctx: &Context<'_>) -> Result<u32> {
        if let Some(frozen) = self.0.eligible_count {
            return Ok(frozen);
        }
        let members = loader(ctx)
            .load_one(MemberCountOf(self.0.forum_id))
            .await?
            .unwrap_or(0);
        Ok(u32::try_from(members).unwrap_or(u32::MAX))
    }
    /// The caller's own ballot; null when they have not voted.
    async fn my_ballot(&self, ctx: &Context<'_>) -> Result<Option<MyBallot>> {
        let Some(actor) = caller(ctx).actor() else {
            return Ok(None);
        };
        let marks = coforum_app::reads::rounds::my_ballot(state(ctx), self.0.id, actor.user_id).await?;
        let Some(marks) = marks else {
            return Ok(None);
        };
        let assisted =
            coforum_app::reads::rounds::my_ballot_assistance(state(ctx), self.0.id, actor.user_id).await?;
        Ok(Some(MyBallot {
            marks: marks
                .into_iter()
                .map(|(finding_id, value)| BallotMark { finding_id, value })
                .collect(),
            assistance: assisted.map(|a| a.how.into()),
            assisted_by_id: assisted.map(|a| a.by),
        }))
    }
    /// The ranking. Null for members while a round that hides results is
    /// open; facilitators, officers and admins see it running. A secret
    /// round's running result is null for everyone under 3 ballots.
    async fn result(&self, ctx: &Context<'_>) -> Result<Option<RoundResult>> {
        // Only a running result that is hidden depends on who asks.
        let asks_role = self.0.state != round::RoundState::Closed && self.0.hide_results_until_closed;
        let sees_running = asks_role && {
            let role = caller_role(ctx, self.0.forum_id).await?;
            coforum_app::reads::access::may(caller(ctx), role, ForumAction::SeeRunningResult)
        };
        // Any ballot count passes here when the role alone refuses; the
        // count is checked once known, below.
        if !result_visible(&self.0, sees_running, u32::MAX) {
            return Ok(None);
        }
        if self.0.state == round::RoundState::Closed {
            // The stored ranking is read only when asked for.
            let rows = if ctx.look_ahead().field("ranking").exists() {
                loader(ctx).load_one(StoredResultOf(self.0.id)).await?
            } else {
                None
            };
            let ballots = self.0.ballot_count.unwrap_or(0);
            let eligible = self.0.eligible_count.unwrap_or(0);
            return Ok(Some(RoundResult {
                ballot_count: ballots,
                eligible_count: eligible,
                turnout: turnout(ballots, eligible),
                is_final: true,
                ranking: rows
                    .iter()
                    .flat_map(|rows| rows.iter())
                    .map(|r| RankedFinding {
                        rank: r.rank,
                        score: r.score,
                        tied: r.tied,
                        finding_id: r.finding_id,
                    })
                    .collect(),
            }));
        }
        let outcome = coforum_app::reads::rounds::count_now(state(ctx), &self.0).await?;
        if !result_visible(&self.0, sees_running, outcome.ballots) {
            return Ok(None);
        }
        Ok(Some(RoundResult {
            ballot_count: outcome.ballots,
            eligible_count: outcome.eligible,
            turnout: turnout(outcome.ballots, outcome.eligible),
            is_final: false,
            ranking: outcome
                .ranking
                .into_iter()
                .map(|(finding_id, e)| RankedFinding {
                    rank: e.rank,
                    score: e.score,
                    tied: e.tied,
                    finding_id,
                })
                .collect(),
        }))
    }
}

/// Loads a round the caller may read, closing it first if its time has come.
pub async fn load_round(ctx: &Context<'_>, id: RoundId) -> AppResult<Round> {
    let round = loader(ctx)
        .load_one(id)
        .await?
        .ok_or(AppError::NotFound("round"))?;
    require_inside_forum(ctx, round.forum_id, ForumAction::Read, "round").await?;
    Ok(Round(
        coforum_app::reads::rounds::current(state(ctx), round).await?,
    ))
}

/// A round's ranking: stored at close, or counted now while it runs.
#[derive(SimpleObject)]
pub struct RoundResult {
    ballot_count: u32,
    eligible_count: u32,
    /// ballotCount / eligibleCount.
    turnout: f64,
    /// True once the round has closed and the result is stored for good.
    #[graphql(name = "final")]
    is_final: bool,
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::ROUND_FINDINGS, child_complexity)")]
    ranking: Vec<RankedFinding>,
}

/// One finding's place: equal scores share a rank and are `tied`; within a
/// tie the older finding comes first.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct RankedFinding {
    rank: u32,
    score: f64,
    tied: bool,
    #[graphql(skip)]
    finding_id: FindingId,
}

#[async_graphql::ComplexObject]
impl RankedFinding {
    async fn finding(&self, ctx: &Context<'_>) -> Result<Finding> {
        Ok(load_finding(ctx, self.finding_id).await?)
    }
}

/// The caller's own ballot.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct MyBallot {
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::ROUND_FINDINGS, child_complexity)")]
    marks: Vec<BallotMark>,
    /// How a facilitator recorded it for the caller; null when they cast it.
    assistance: Option<super::assisted::Assistance>,
    #[graphql(skip)]
    assisted_by_id: Option<coforum_domain::ids::UserId>,
}

#[async_graphql::ComplexObject]
impl MyBallot {
    /// Who recorded it for the caller; null when they cast it.
    async fn assisted_by(&self, ctx: &Context<'_>) -> Result<Option<super::accounts::User>> {
        match self.assisted_by_id {
            Some(id) => Ok(Some(super::accounts::load_user(ctx, id).await?)),
            None => Ok(None),
        }
    }
}

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct BallotMark {
    value: i64,
    #[graphql(skip)]
    finding_id: FindingId,
}

#[async_graphql::ComplexObject]
impl BallotMark {
    async fn finding(&self, ctx: &Context<'_>) -> Result<Finding> {
        Ok(load_finding(ctx, self.finding_id).await?)
    }
}

#[derive(InputObject)]
pub struct OpenRoundInput {
    forum_id: ID,
    title: String,
    /// 2 to 500 findings of this forum.
    finding_ids: Vec<ID>,
    method: VotingMethod,
    /// RANKED only; SCHULZE when omitted.
    tally: Option<TallyRule>,
    /// DOT only: dots per member, 1 to 1000 (10 when omitted).
    budget: Option<i64>,
    /// DOT only: most dots on one finding (the budget when omitted).
    max_per_item: Option<i64>,
    /// The round closes by itself at this time.
    closes_at: Option<DateTime<Utc>>,
    #[graphql(default = true)]
    secret: bool,
    #[graphql(default = true)]
    hide_results_until_closed: bool,
    /// The result becomes the forum's priorities when the round closes.
    #[graphql(default = true)]
    publish_as_priorities: bool,
    /// 0 to 1: published only if at least this share of members voted.
    #[graphql(default = 0.0)]
    min_turnout: f64,
}

#[derive(InputObject)]
pub struct BallotMarkInput {
    pub(crate) finding_id: ID,
    /// DOT: dots; APPROVAL: 1; SCORE: 0 to 5; RANKED: position, 1 = most important.
    pub(crate) value: i64,
}

#[derive(InputObject)]
pub struct CastBallotInput {
    round_id: ID,
    marks: Vec<BallotMarkInput>,
}

#[derive(Default)]
pub struct RoundQuery;

#[Object]
impl RoundQuery {
    async fn round(&self, ctx: &Context<'_>, id: ID) -> Result<Round> {
        let id: RoundId = parse_id("id", &id)?;
        caller(ctx).signed_in()?;
        Ok(load_round(ctx, id).await?)
    }

    /// The forum's published rounds, most recently published first, each
    /// with its ranking: how its priorities moved. `first`: 1 to 50, 12
    /// when omitted.
    #[graphql(complexity = "super::list_cost(first, super::list_bounds::PUBLISHED_ROUNDS, child_complexity)")]
    async fn priority_history(
        &self,
        ctx: &Context<'_>,
        forum_id: ID,
        first: Option<i64>,
    ) -> Result<Vec<Round>> {
        let forum_id = parse_id("forumId", &forum_id)?;
        let rounds =
            coforum_app::ops::reports::priority_history(state(ctx), caller(ctx), forum_id, first).await?;
        Ok(rounds.into_iter().map(Round).collect())
    }
}

#[derive(Default)]
pub struct RoundMutation;

#[Object]
impl RoundMutation {
    /// Facilitators of the forum, and admins.
    async fn open_round(&self, ctx: &Context<'_>, input: OpenRoundInput) -> Result<Round> {
        let forum_id = parse_id("forumId", &input.forum_id)?;
        let finding_ids = input
            .finding_ids
            .iter()
            .map(|id| parse_id::<FindingId>("findingIds", id))
            .collect::<AppResult<Vec<_>>>()?;
        let request = RoundRequest {
            title: &input.title,
            finding_ids: &finding_ids,
            method: input.method.into(),
            tally: input.tally.map(Into::into),
            budget: input.budget,
            max_per_item: input.max_per_item,
            closes_at: input.closes_at,
            secret: input.secret,
            hide_results_until_closed: input.hide_results_until_closed,
            publish_as_priorities: input.publish_as_priorities,
            min_turnout: input.min_turnout,
        };
        let round = round_ops::open_round(state(ctx), caller(ctx), forum_id, request).await?;
        Ok(Round(round))
    }

    /// Members cast one ballot each; casting again replaces it while the round is open.
    async fn cast_ballot(&self, ctx: &Context<'_>, input: CastBallotInput) -> Result<Round> {
        let round_id = parse_id("roundId", &input.round_id)?;
        let marks = input
            .marks
            .iter()
            .map(|m| Ok((parse_id::<FindingId>("marks", &m.finding_id)?, m.value)))
            .collect::<AppResult<Vec<_>>>()?;
        let round = round_ops::cast_ballot(state(ctx), caller(ctx), round_id, &marks).await?;
        Ok(Round(round))
    }

    /// Facilitators of the forum, and admins: the result is computed and stored.
    async fn close_round(&self, ctx: &Context<'_>, id: ID) -> Result<Round> {
        let id = parse_id("id", &id)?;
        let round = round_ops::close_round(state(ctx), caller(ctx), id).await?;
        Ok(Round(round))
    }

    /// Facilitators of the forum, and admins: a closed round's result
    /// becomes the forum's priorities (`publishedAt` is now).
    async fn publish_priorities(&self, ctx: &Context<'_>, round_id: ID) -> Result<Round> {
        let id = parse_id("roundId", &round_id)?;
        let round = round_ops::publish_priorities(state(ctx), caller(ctx), id).await?;
        Ok(Round(round))
    }
}
