use std::collections::HashMap;

use chrono::{DateTime, Utc};
use coforum_domain::ids::{BallotId, FindingId, RoundId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::StoreError;
use crate::entities::{ballot, ballot_mark};

/// A ballot's marks: (finding, value).
pub type Marks = Vec<(FindingId, i64)>;

/// Casts or replaces `voter`'s ballot. The caller holds the round's lock;
/// the unique (round, voter) index holds the rule even if it did not.
pub async fn cast(
    conn: &impl ConnectionTrait,
    round_id: RoundId,
    voter: UserId,
    marks: &[(FindingId, i64)],
    at: DateTime<Utc>,
) -> Result<BallotId, StoreError> {
    let existing = ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round_id.0))
        .filter(ballot::Column::VoterId.eq(voter.0))
        .one(conn)
        .await?;
    let id = match existing {
        Some(row) => {
            ballot_mark::Entity::delete_many()
                .filter(ballot_mark::Column::BallotId.eq(row.id))
                .exec(conn)
                .await?;
            ballot::Entity::update_many()
                .col_expr(ballot::Column::CastAt, Expr::value(at))
                .filter(ballot::Column::Id.eq(row.id))
                .exec(conn)
                .await?;
            BallotId(row.id)
        }
        None => {
            let id = BallotId::new();
            ballot::Entity::insert(ballot::ActiveModel {
                id: Set(id.0),
                round_id: Set(round_id.0),
                voter_id: Set(voter.0),
                cast_at: Set(at),
            })
            .exec_without_returning(conn)
            .await
            .map_err(StoreError::from_insert)?;
            id
        }
    };
    ballot_mark::Entity::insert_many(marks.iter().map(|(finding, value)| ballot_mark::ActiveModel {
        ballot_id: Set(id.0),
        finding_id: Set(finding.0),
        value: Set(i32::try_from(*value).unwrap_or(i32::MAX)),
    }))
    .exec_without_returning(conn)
    .await?;
    Ok(id)
}

/// Every ballot of a round (marks only: who cast it is not read).
pub async fn marks_of_round(
    conn: &impl ConnectionTrait,
    round_id: RoundId,
) -> Result<Vec<Marks>, StoreError> {
    let rows = ballot_mark::Entity::find()
        .filter(
            ballot_mark::Column::BallotId.in_subquery(
                Query::select()
                    .column(ballot::Column::Id)
                    .from(ballot::Entity)
                    .and_where(ballot::Column::RoundId.eq(round_id.0))
                    .to_owned(),
            ),
        )
        .order_by_asc(ballot_mark::Column::BallotId)
        .all(conn)
        .await?;
    let mut ballots: Vec<Marks> = Vec::new();
    let mut current = None;
    for row in rows {
        if current != Some(row.ballot_id) {
            current = Some(row.ballot_id);
            ballots.push(Vec::new());
        }
        if let Some(marks) = ballots.last_mut() {
            marks.push((FindingId(row.finding_id), i64::from(row.value)));
        }
    }
    Ok(ballots)
}

/// The voter's own ballot in a round.
pub async fn marks_of_voter(
    conn: &impl ConnectionTrait,
    round_id: RoundId,
    voter: UserId,
) -> Result<Option<Marks>, StoreError> {
    let Some(ballot) = ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round_id.0))
        .filter(ballot::Column::VoterId.eq(voter.0))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let marks = ballot_mark::Entity::find()
        .filter(ballot_mark::Column::BallotId.eq(ballot.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| (FindingId(row.finding_id), i64::from(row.value)))
        .collect();
    Ok(Some(marks))
}

/// How many ballots each round has, in one query.
pub async fn counts(
    conn: &impl ConnectionTrait,
    rounds: &[RoundId],
) -> Result<HashMap<RoundId, u32>, StoreError> {
    let rows: Vec<(uuid::Uuid, i64)> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::RoundId)
        .column_as(Expr::col(ballot::Column::Id).count(), "ballots")
        .filter(ballot::Column::RoundId.is_in(rounds.iter().map(|id| id.0)))
        .group_by(ballot::Column::RoundId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(round, n)| (RoundId(round), u32::try_from(n).unwrap_or(u32::MAX)))
        .collect())
}
