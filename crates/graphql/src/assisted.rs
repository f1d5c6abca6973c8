use async_graphql::{Context, Enum, ID, InputObject, Object};

use super::context::{caller, state};
use super::ids::parse_id;
use super::improvements::Improvement;
use super::rounds::{BallotMarkInput, Round};
use super::scalars::Position;
use coforum_app::AppResult;
use coforum_app::ops::assisted::{self, BallotFor};
use coforum_domain::ids::FindingId;

type Result<T> = async_graphql::Result<T>;

/// How the member gave the ballot a facilitator records for them.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::assistance::Assistance")]
pub enum Assistance {
    Phone,
    Paper,
    InPerson,
    Advocate,
}

#[derive(InputObject)]
pub struct CastBallotForInput {
    round_id: ID,
    voter_id: ID,
    marks: Vec<BallotMarkInput>,
    assistance: Assistance,
    /// Up to 500 characters, kept in the audit log.
    note: Option<String>,
}

#[derive(InputObject)]
pub struct CastDecisionVoteForInput {
    improvement_id: ID,
    voter_id: ID,
    position: Position,
    /// Required for BLOCK.
    reason: Option<String>,
    assistance: Assistance,
}

#[derive(Default)]
pub struct AssistedMutation;

#[Object]
impl AssistedMutation {
    /// Facilitators of the forum, and admins: records a member's ballot
    /// given by phone, on paper, in person or through an advocate. It is
    /// the member's own, replaces any they had, and they are told.
    async fn cast_ballot_for(&self, ctx: &Context<'_>, input: CastBallotForInput) -> Result<Round> {
        let round_id = parse_id("roundId", &input.round_id)?;
        let voter = parse_id("voterId", &input.voter_id)?;
        let marks = input
            .marks
            .iter()
            .map(|m| Ok((parse_id::<FindingId>("marks", &m.finding_id)?, m.value)))
            .collect::<AppResult<Vec<_>>>()?;
        let ballot = BallotFor {
            round_id,
            voter,
            marks: &marks,
            assistance: input.assistance.into(),
            note: input.note.as_deref(),
        };
        Ok(Round(
            assisted::cast_ballot_for(state(ctx), caller(ctx), ballot).await?,
        ))
    }

    /// Facilitators of the forum, and admins: records a member's decision
    /// vote for them, as `castBallotFor` does a ballot.
    async fn cast_decision_vote_for(
        &self,
        ctx: &Context<'_>,
        input: CastDecisionVoteForInput,
    ) -> Result<Improvement> {
        let id = parse_id("improvementId", &input.improvement_id)?;
        let voter = parse_id("voterId", &input.voter_id)?;
        let vote = (input.position.into(), input.reason.as_deref());
        let improvement = assisted::cast_decision_vote_for(
            state(ctx),
            caller(ctx),
            id,
            voter,
            vote,
            input.assistance.into(),
        )
        .await?;
        Ok(Improvement(improvement))
    }
}
