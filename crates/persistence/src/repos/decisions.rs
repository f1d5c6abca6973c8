use std::collections::HashMap;

use chrono::{DateTime, Utc};
use coforum_domain::assistance::Assisted;
use coforum_domain::ids::{DecisionId, ForumId, ImprovementId, UserId};
use coforum_domain::improvement::{
    CastVote, Decision, DecisionOutcome, DecisionState, DecisionTerms, Tally, Vote,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::entities::{decision, decision_vote, improvement};
use crate::{StoreError, now};

impl TryFrom<decision::Model> for Decision {
    type Error = StoreError;
    fn try_from(row: decision::Model) -> Result<Self, StoreError> {
        let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok());
        let closed_tally = match (
            count(row.agree),
            count(row.disagree),
            count(row.abstain),
            count(row.block),
        ) {
            (Some(agree), Some(disagree), Some(abstain), Some(block)) => Some((
                Tally {
                    agree,
                    disagree,
                    abstain,
                    block,
                },
                count(row.eligible_count).unwrap_or(0),
            )),
            _ => None,
        };
        Ok(Decision {
            id: DecisionId(row.id),
            improvement_id: ImprovementId(row.improvement_id),
            rule: row.rule.parse().map_err(StoreError::corrupt)?,
            quorum: row.quorum,
            closes_at: row.closes_at,
            state: row.state.parse().map_err(StoreError::corrupt)?,
            opened_at: row.opened_at,
            closed_at: row.closed_at,
            outcome: row
                .outcome
                .map(|o| o.parse())
                .transpose()
                .map_err(StoreError::corrupt)?,
            closed_tally,
        })
    }
}

pub async fn open(
    conn: &impl ConnectionTrait,
    improvement: ImprovementId,
    terms: &DecisionTerms,
    opened_by: UserId,
) -> Result<Decision, StoreError> {
    decision::Entity::insert(decision::ActiveModel {
        id: Set(DecisionId::new().0),
        improvement_id: Set(improvement.0),
        rule: Set(terms.rule.as_str().to_owned()),
        quorum: Set(terms.quorum),
        closes_at: Set(terms.closes_at.map(crate::database::stored_precision)),
        state: Set(DecisionState::Open.as_str().to_owned()),
        opened_by: Set(opened_by.0),
        opened_at: Set(now()),
        closed_at: Set(None),
        outcome: Set(None),
        agree: Set(None),
        disagree: Set(None),
        abstain: Set(None),
        block: Set(None),
        eligible_count: Set(None),
    })
    .exec_with_returning(conn)
    .await?
    .try_into()
}

/// Every decision of each improvement, oldest first.
pub async fn of_improvements(
    conn: &impl ConnectionTrait,
    ids: &[ImprovementId],
) -> Result<HashMap<ImprovementId, Vec<Decision>>, StoreError> {
    let rows = decision::Entity::find()
        .filter(decision::Column::ImprovementId.is_in(ids.iter().map(|id| id.0)))
        .order_by_asc(decision::Column::OpenedAt)
        .order_by_asc(decision::Column::Id)
        .all(conn)
        .await?;
    let mut found: HashMap<ImprovementId, Vec<Decision>> = HashMap::new();
    for row in rows {
        let decision = Decision::try_from(row)?;
        found.entry(decision.improvement_id).or_default().push(decision);
    }
    Ok(found)
}

/// The latest decision of an improvement.
pub async fn latest(conn: &impl ConnectionTrait, id: ImprovementId) -> Result<Option<Decision>, StoreError> {
    Ok(of_improvements(conn, &[id])
        .await?
        .remove(&id)
        .and_then(|mut list| list.pop()))
}

/// Takes the decision's row lock if it is open (and, with `voting_at`,
/// before its closing time): votes and the close never interleave.
pub async fn lock_if_open(
    conn: &impl ConnectionTrait,
    id: DecisionId,
    voting_at: Option<DateTime<Utc>>,
) -> Result<bool, StoreError> {
    let mut condition = Condition::all()
        .add(decision::Column::Id.eq(id.0))
        .add(decision::Column::State.eq(DecisionState::Open.as_str()));
    if let Some(at) = voting_at {
        condition = condition.add(
            Condition::any()
                .add(decision::Column::ClosesAt.is_null())
                .add(decision::Column::ClosesAt.gt(at)),
        );
    }
    let result = decision::Entity::update_many()
        .col_expr(decision::Column::State, Expr::value(DecisionState::Open.as_str()))
        .filter(condition)
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Casts or changes a vote.
pub async fn vote(
    conn: &impl ConnectionTrait,
    id: DecisionId,
    voter: UserId,
    vote: &Vote,
    assisted: Option<Assisted>,
) -> Result<(), StoreError> {
    decision_vote::Entity::delete_many()
        .filter(decision_vote::Column::DecisionId.eq(id.0))
        .filter(decision_vote::Column::VoterId.eq(voter.0))
        .exec(conn)
        .await?;
    decision_vote::Entity::insert(decision_vote::ActiveModel {
        decision_id: Set(id.0),
        voter_id: Set(voter.0),
        position: Set(vote.position.as_str().to_owned()),
        reason: Set(vote.reason.clone()),
        cast_at: Set(now()),
        assistance: Set(assisted.map(|a| a.how.as_str().to_owned())),
        assisted_by: Set(assisted.map(|a| a.by.0)),
    })
    .exec_without_returning(conn)
    .await
    .map_err(StoreError::from_insert)?;
    Ok(())
}

/// Deletes the voter's vote in a decision; false when they had none. The
/// caller holds the decision's lock.
pub async fn withdraw_vote(
    conn: &impl ConnectionTrait,
    id: DecisionId,
    voter: UserId,
) -> Result<bool, StoreError> {
    let result = decision_vote::Entity::delete_many()
        .filter(decision_vote::Column::DecisionId.eq(id.0))
        .filter(decision_vote::Column::VoterId.eq(voter.0))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The forum's open decisions in which `voter` has a vote.
pub async fn open_voted_by(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    voter: UserId,
) -> Result<Vec<Decision>, StoreError> {
    let to_improvement = decision::Entity::belongs_to(improvement::Entity)
        .from(decision::Column::ImprovementId)
        .to(improvement::Column::Id)
        .into();
    let to_votes = decision::Entity::belongs_to(decision_vote::Entity)
        .from(decision::Column::Id)
        .to(decision_vote::Column::DecisionId)
        .into();
    decision::Entity::find()
        .join(JoinType::InnerJoin, to_improvement)
        .join(JoinType::InnerJoin, to_votes)
        .filter(improvement::Column::ForumId.eq(forum_id.0))
        .filter(decision::Column::State.eq(DecisionState::Open.as_str()))
        .filter(decision_vote::Column::VoterId.eq(voter.0))
        .all(conn)
        .await?
        .into_iter()
        .map(Decision::try_from)
        .collect()
}

/// Votes of each decision, in the order cast.
pub async fn votes_of(
    conn: &impl ConnectionTrait,
    ids: &[DecisionId],
) -> Result<HashMap<DecisionId, Vec<CastVote>>, StoreError> {
    let rows = decision_vote::Entity::find()
        .filter(decision_vote::Column::DecisionId.is_in(ids.iter().map(|id| id.0)))
        .order_by_asc(decision_vote::Column::CastAt)
        .all(conn)
        .await?;
    let mut found: HashMap<DecisionId, Vec<CastVote>> = HashMap::new();
    for row in rows {
        found
            .entry(DecisionId(row.decision_id))
            .or_default()
            .push(CastVote {
                voter_id: UserId(row.voter_id),
                position: row.position.parse().map_err(StoreError::corrupt)?,
                reason: row.reason,
                cast_at: row.cast_at,
            });
    }
    Ok(found)
}

/// Closes an open decision with its frozen figures; false when it was not open.
pub async fn close(
    conn: &impl ConnectionTrait,
    id: DecisionId,
    outcome: DecisionOutcome,
    tally: Tally,
    members: u32,
) -> Result<bool, StoreError> {
    let int = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    let result = decision::Entity::update_many()
        .col_expr(
            decision::Column::State,
            Expr::value(DecisionState::Closed.as_str()),
        )
        .col_expr(decision::Column::ClosedAt, Expr::value(now()))
        .col_expr(decision::Column::Outcome, Expr::value(outcome.as_str()))
        .col_expr(decision::Column::Agree, Expr::value(int(tally.agree)))
        .col_expr(decision::Column::Disagree, Expr::value(int(tally.disagree)))
        .col_expr(decision::Column::Abstain, Expr::value(int(tally.abstain)))
        .col_expr(decision::Column::Block, Expr::value(int(tally.block)))
        .col_expr(decision::Column::EligibleCount, Expr::value(int(members)))
        .filter(decision::Column::Id.eq(id.0))
        .filter(decision::Column::State.eq(DecisionState::Open.as_str()))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Open decisions whose closing time has come, with their improvements.
pub async fn due(conn: &impl ConnectionTrait, at: DateTime<Utc>) -> Result<Vec<ImprovementId>, StoreError> {
    Ok(decision::Entity::find()
        .filter(decision::Column::State.eq(DecisionState::Open.as_str()))
        .filter(decision::Column::ClosesAt.lte(at))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| ImprovementId(row.improvement_id))
        .collect())
}
