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
        marks: Set(encode(ballot.marks())),
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
        ballot::Entity::insert_many(chunk.iter().map(|(voter, ballot)| ballot::ActiveModel {
            id: Set(BallotId::new().0),
            round_id: Set(round_id.0),
            voter_id: Set(voter.0),
            cast_at: Set(at),
            marks: Set(encode(ballot.marks())),
        }))
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
    let rows: Vec<String> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::Marks)
        .filter(ballot::Column::RoundId.eq(round_id.0))
        .into_tuple()
        .all(conn)
        .await?;
    rows.iter().map(|text| decode(text)).collect()
}

/// The voter's own ballot in a round, by finding position.
pub async fn marks_of_voter(
    conn: &impl ConnectionTrait,
    round_id: RoundId,
    voter: UserId,
) -> Result<Option<Vec<Mark>>, StoreError> {
    let text: Option<String> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::Marks)
        .filter(ballot::Column::RoundId.eq(round_id.0))
        .filter(ballot::Column::VoterId.eq(voter.0))
        .into_tuple()
        .one(conn)
        .await?;
    text.map(|text| decode(&text)).transpose()
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

/// "position:value,…", the stored form of a ballot's marks.
fn encode(marks: &[Mark]) -> String {
    let mut text = String::with_capacity(marks.len() * 5);
    for (i, mark) in marks.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("{}:{}", mark.candidate, mark.value));
    }
    text
}

fn decode(text: &str) -> Result<Vec<Mark>, StoreError> {
    text.split(',')
        .filter(|mark| !mark.is_empty())
        .map(|mark| {
            mark.split_once(':')
                .and_then(|(position, value)| Some(Mark::new(position.parse().ok()?, value.parse().ok()?)))
                .ok_or_else(|| StoreError::Corrupt(format!("unreadable ballot mark {mark:?}")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_survive_the_round_trip() {
        let marks = vec![Mark::new(0, 3), Mark::new(7, 1), Mark::new(12, 10)];
        assert_eq!(encode(&marks), "0:3,7:1,12:10");
        assert_eq!(decode(&encode(&marks)).unwrap_or_default(), marks);
    }

    #[test]
    fn an_unreadable_mark_is_an_error_not_a_zero() {
        assert!(decode("0:3,x:1").is_err());
        assert!(decode("0:3,4").is_err());
    }
}
