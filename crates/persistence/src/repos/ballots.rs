use std::collections::HashMap;

use chrono::{DateTime, Utc};
use coforum_domain::ids::{BallotId, RoundId, UserId};
use coforum_domain::tally::{Ballot, Mark};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::StoreError;
use crate::entities::ballot;

/// Casts or replaces `voter`'s ballot in one statement. The caller holds the
/// round's lock; the unique (round, voter) index holds the rule even if it
/// did not.
pub async fn cast(
    conn: &impl ConnectionTrait,
    round_id: RoundId,
    voter: UserId,
    ballot: &Ballot,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    ballot::Entity::insert(ballot::ActiveModel {
        id: Set(BallotId::new().0),
        round_id: Set(round_id.0),
        voter_id: Set(voter.0),
        cast_at: Set(at),
        marks: Set(encode(ballot.marks())?),
    })
    .on_conflict(
        OnConflict::columns([ballot::Column::RoundId, ballot::Column::VoterId])
            .update_columns([ballot::Column::CastAt, ballot::Column::Marks])
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Stores many first ballots at once, for loading generated data: unlike
/// [`cast`], a voter who already voted is an error, not a replacement.
pub async fn insert_many(
    conn: &impl ConnectionTrait,
    round_id: RoundId,
    ballots: &[(UserId, Ballot)],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    // SQLite binds at most 32,766 values per statement; 5 per row.
    for chunk in ballots.chunks(5_000) {
        let rows = chunk
            .iter()
            .map(|(voter, ballot)| {
                Ok(ballot::ActiveModel {
                    id: Set(BallotId::new().0),
                    round_id: Set(round_id.0),
                    voter_id: Set(voter.0),
                    cast_at: Set(at),
                    marks: Set(encode(ballot.marks())?),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        ballot::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await
            .map_err(StoreError::from_insert)?;
    }
    Ok(())
}

/// Every ballot of a round as it was stored (who cast it is not read). The
/// marks name findings by their position in the round.
pub async fn marks_of_round(
    conn: &impl ConnectionTrait,
    round_id: RoundId,
) -> Result<Vec<Vec<Mark>>, StoreError> {
    let rows: Vec<Vec<u8>> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::Marks)
        .filter(ballot::Column::RoundId.eq(round_id.0))
        .into_tuple()
        .all(conn)
        .await?;
    rows.iter().map(|bytes| decode(bytes)).collect()
}

/// The voter's own ballot in a round, by finding position.
pub async fn marks_of_voter(
    conn: &impl ConnectionTrait,
    round_id: RoundId,
    voter: UserId,
) -> Result<Option<Vec<Mark>>, StoreError> {
    let bytes: Option<Vec<u8>> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::Marks)
        .filter(ballot::Column::RoundId.eq(round_id.0))
        .filter(ballot::Column::VoterId.eq(voter.0))
        .into_tuple()
        .one(conn)
        .await?;
    bytes.map(|bytes| decode(&bytes)).transpose()
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

/// The stored form of a ballot's marks: 4 bytes a mark, the finding's
/// position in the round then the value, both u16 little-endian. Compact
/// and cheap to read, because closing a round reads every ballot.
fn encode(marks: &[Mark]) -> Result<Vec<u8>, StoreError> {
    let mut bytes = Vec::with_capacity(marks.len() * 4);
    for mark in marks {
        let position = u16::try_from(mark.candidate);
        let value = u16::try_from(mark.value);
        let (Ok(position), Ok(value)) = (position, value) else {
            return Err(StoreError::corrupt(format!(
                "mark {mark:?} does not fit a stored ballot"
            )));
        };
        bytes.extend_from_slice(&position.to_le_bytes());
        bytes.extend_from_slice(&value.to_le_bytes());
    }
    Ok(bytes)
}

fn decode(bytes: &[u8]) -> Result<Vec<Mark>, StoreError> {
    if bytes.len() % 4 != 0 {
        return Err(StoreError::corrupt("a stored ballot is cut short"));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|mark| {
            let position = u16::from_le_bytes([mark[0], mark[1]]);
            let value = u16::from_le_bytes([mark[2], mark[3]]);
            Mark::new(usize::from(position), i64::from(value))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_survive_the_round_trip() {
        let marks = vec![Mark::new(0, 3), Mark::new(7, 1), Mark::new(12, 10)];
        let bytes = encode(&marks).unwrap_or_default();
        assert_eq!(bytes, [0, 0, 3, 0, 7, 0, 1, 0, 12, 0, 10, 0]);
        assert_eq!(decode(&bytes).unwrap_or_default(), marks);
    }

    #[test]
    fn a_cut_short_ballot_is_an_error_not_a_guess() {
        assert!(decode(&[0, 0, 3]).is_err());
    }

    #[test]
    fn a_mark_too_large_to_store_is_refused() {
        assert!(encode(&[Mark::new(70_000, 1)]).is_err());
        assert!(encode(&[Mark::new(1, -1)]).is_err());
    }
}
