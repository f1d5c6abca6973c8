//! What one person wrote or cast, for the export of their data (`myData`).
//! Each read is by the person's id; none decides who may ask.

use chrono::{DateTime, Utc};
use coforum_domain::comment::Comment;
use coforum_domain::finding::Finding;
use coforum_domain::ids::{DecisionId, FindingId, ImprovementId, RoundId, UserId};
use coforum_domain::improvement::{Improvement, Position, Revision};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::StoreError;
use crate::entities::{ballot, co_author, comment, decision, decision_vote, finding, revision};
use crate::repos::{findings, improvements};

/// The findings `user` added, oldest first.
pub async fn findings_by(conn: &impl ConnectionTrait, user: UserId) -> Result<Vec<Finding>, StoreError> {
    let ids: Vec<uuid::Uuid> = finding::Entity::find()
        .select_only()
        .column(finding::Column::Id)
        .filter(finding::Column::CreatedBy.eq(user.0))
        .order_by_asc(finding::Column::CreatedAt)
        .into_tuple()
        .all(conn)
        .await?;
    let ids: Vec<FindingId> = ids.into_iter().map(FindingId).collect();
    let mut found = findings::find_many(conn, &ids).await?;
    found.sort_by_key(|f| (f.created_at, f.id.0));
    Ok(found)
}

/// The comments `user` wrote, hidden ones included, oldest first.
pub async fn comments_by(conn: &impl ConnectionTrait, user: UserId) -> Result<Vec<Comment>, StoreError> {
    comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(user.0))
        .order_by_asc(comment::Column::CreatedAt)
        .order_by_asc(comment::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(Comment::try_from)
        .collect()
}

/// The improvements `user` co-authors, each with when they became a
/// co-author, in that order.
pub async fn co_authored_by(
    conn: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<(Improvement, DateTime<Utc>)>, StoreError> {
    let rows = co_author::Entity::find()
        .filter(co_author::Column::UserId.eq(user.0))
        .order_by_asc(co_author::Column::AddedAt)
        .all(conn)
        .await?;
    let ids: Vec<ImprovementId> = rows.iter().map(|r| ImprovementId(r.improvement_id)).collect();
    let found = improvements::find_many(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let improvement = found.iter().find(|i| i.id.0 == row.improvement_id)?;
            Some((improvement.clone(), row.added_at))
        })
        .collect())
}

/// The revisions `user` wrote, oldest first.
pub async fn revisions_by(
    conn: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<(ImprovementId, Revision)>, StoreError> {
    revision::Entity::find()
        .filter(revision::Column::AuthorId.eq(user.0))
        .order_by_asc(revision::Column::CreatedAt)
        .order_by_asc(revision::Column::Number)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            Ok((
                ImprovementId(row.improvement_id),
                Revision {
                    number: u32::try_from(row.number).map_err(StoreError::corrupt)?,
                    title: row.title,
                    summary: row.summary,
                    note: row.note,
                    author_id: UserId(row.author_id),
                    created_at: row.created_at,
                },
            ))
        })
        .collect()
}

/// The rounds `user` has a ballot in, with when it was cast, oldest first.
pub async fn ballots_of(
    conn: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<(RoundId, DateTime<Utc>)>, StoreError> {
    let rows: Vec<(uuid::Uuid, DateTime<Utc>)> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::RoundId)
        .column(ballot::Column::CastAt)
        .filter(ballot::Column::VoterId.eq(user.0))
        .order_by_asc(ballot::Column::CastAt)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|(id, at)| (RoundId(id), at)).collect())
}

/// One of the person's own decision votes.
#[derive(Clone, Debug)]
pub struct OwnDecisionVote {
    pub decision_id: DecisionId,
    pub improvement_id: ImprovementId,
    pub position: Position,
    pub reason: Option<String>,
    pub cast_at: DateTime<Utc>,
}

/// The decision votes `user` cast, oldest first.
pub async fn decision_votes_of(
    conn: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<OwnDecisionVote>, StoreError> {
    let votes = decision_vote::Entity::find()
        .filter(decision_vote::Column::VoterId.eq(user.0))
        .order_by_asc(decision_vote::Column::CastAt)
        .all(conn)
        .await?;
    let decisions: Vec<(uuid::Uuid, uuid::Uuid)> = decision::Entity::find()
        .select_only()
        .column(decision::Column::Id)
        .column(decision::Column::ImprovementId)
        .filter(decision::Column::Id.is_in(votes.iter().map(|v| v.decision_id)))
        .into_tuple()
        .all(conn)
        .await?;
    votes
        .into_iter()
        .map(|vote| {
            let improvement = decisions
                .iter()
                .find(|(id, _)| *id == vote.decision_id)
                .map(|(_, improvement)| ImprovementId(*improvement))
                .ok_or_else(|| StoreError::corrupt("a decision vote without its decision"))?;
            Ok(OwnDecisionVote {
                decision_id: DecisionId(vote.decision_id),
                improvement_id: improvement,
                position: vote.position.parse().map_err(StoreError::corrupt)?,
                reason: vote.reason,
                cast_at: vote.cast_at,
            })
        })
        .collect()
}
