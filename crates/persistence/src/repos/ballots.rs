use std::collections::HashMap;

use chrono::{DateTime, Utc};
use coforum_domain::assistance::Assisted;
use coforum_domain::ids::{BallotId, RoundId, UserId};
use coforum_domain::tally::{Ballot, Mark};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query, SelectStatement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QuerySelect,
    Statement,
};

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
    assisted: Option<Assisted>,
) -> Result<(), StoreError> {
    ballot::Entity::insert(ballot::ActiveModel {
        id: Set(BallotId::new().0),
        round_id: Set(round_id.0),
        voter_id: Set(voter.0),
        cast_at: Set(at),
        marks: Set(encode(ballot.marks())?),
        assistance: Set(assisted.map(|a| a.how.as_str().to_owned())),
        assisted_by: Set(assisted.map(|a| a.by.0)),
    })
    .on_conflict(
        // A ballot replaced is replaced whole: cast by the voter, it is no
        // longer a recorded one.
        OnConflict::columns([ballot::Column::RoundId, ballot::Column::VoterId])
            .update_columns([
                ballot::Column::CastAt,
                ballot::Column::Marks,
                ballot::Column::Assistance,
                ballot::Column::AssistedBy,
            ])
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
                    assistance: Set(None),
                    assisted_by: Set(None),
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
    // Closing a ranked round reads every ballot: the database joins them
    // into one value, so 10,000 ballots cost one row, not 10,000.
    // PostgreSQL joins the bytes, each ballot led by its length (2 bytes,
    // big-endian); SQLite's group_concat is for text, so it joins hex.
    let backend = conn.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "SELECT string_agg(int2send(length(marks)::int2) || marks, ''::bytea) AS marks \
             FROM ballots WHERE round_id = $1"
        }
        _ => "SELECT group_concat(hex(marks), ',') AS marks FROM ballots WHERE round_id = ?",
    };
    let statement = Statement::from_sql_and_values(backend, sql, [round_id.0.into()]);
    let Some(row) = conn.query_one_raw(statement).await? else {
        return Ok(Vec::new());
    };
    match backend {
        DatabaseBackend::Postgres => {
            let joined: Option<Vec<u8>> = row.try_get("", "marks")?;
            joined.map_or(Ok(Vec::new()), |bytes| decode_length_prefixed(&bytes))
        }
        _ => {
            let joined: Option<String> = row.try_get("", "marks")?;
            joined.map_or(Ok(Vec::new()), |hex| hex.split(',').map(decode_hex).collect())
        }
    }
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

/// Who recorded the voter's ballot in the round for them, if someone did.
pub async fn assistance_of(
    conn: &impl ConnectionTrait,
    round_id: RoundId,
    voter: UserId,
) -> Result<Option<Assisted>, StoreError> {
    let row: Option<(Option<String>, Option<uuid::Uuid>)> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::Assistance)
        .column(ballot::Column::AssistedBy)
        .filter(ballot::Column::RoundId.eq(round_id.0))
        .filter(ballot::Column::VoterId.eq(voter.0))
        .into_tuple()
        .one(conn)
        .await?;
    assisted_from(row.and_then(|(how, by)| how.zip(by)))
}

pub(crate) fn assisted_from(row: Option<(String, uuid::Uuid)>) -> Result<Option<Assisted>, StoreError> {
    row.map(|(how, by)| {
        Ok(Assisted {
            by: UserId(by),
            how: how.parse().map_err(StoreError::corrupt)?,
        })
    })
    .transpose()
}

/// Deletes the voter's ballot in a round (a member leaving the forum while
/// it is open); false when they had none. The caller holds the round's lock.
pub async fn withdraw(
    conn: &impl ConnectionTrait,
    round_id: RoundId,
    voter: UserId,
) -> Result<bool, StoreError> {
    let result = ballot::Entity::delete_many()
        .filter(ballot::Column::RoundId.eq(round_id.0))
        .filter(ballot::Column::VoterId.eq(voter.0))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The stored marks of the voter's ballot in a round, as a subquery.
pub(crate) fn marks_query(round_id: RoundId, voter: UserId) -> SelectStatement {
    Query::select()
        .column(ballot::Column::Marks)
        .from(ballot::Entity)
        .and_where(ballot::Column::RoundId.eq(round_id.0))
        .and_where(ballot::Column::VoterId.eq(voter.0))
        .to_owned()
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

/// Everyone with a ballot standing in `round`.
pub async fn voters_of(conn: &impl ConnectionTrait, round: RoundId) -> Result<Vec<UserId>, StoreError> {
    let ids: Vec<uuid::Uuid> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::VoterId)
        .filter(ballot::Column::RoundId.eq(round.0))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(ids.into_iter().map(UserId).collect())
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

/// Reads a ballot straight from its hex form (8 digits a mark), with no
/// bytes in between: a close may read millions of marks.
fn decode_hex(hex: &str) -> Result<Vec<Mark>, StoreError> {
    const CORRUPT: &str = "a stored ballot did not read back as hex";
    let hex = hex.as_bytes();
    if !hex.len().is_multiple_of(8) {
        return Err(StoreError::corrupt(CORRUPT));
    }
    let digit = |c: u8| -> Result<u16, StoreError> {
        match c {
            b'0'..=b'9' => Ok(u16::from(c - b'0')),
            b'a'..=b'f' => Ok(u16::from(c - b'a' + 10)),
            b'A'..=b'F' => Ok(u16::from(c - b'A' + 10)),
            _ => Err(StoreError::corrupt(CORRUPT)),
        }
    };
    // Each u16 is little-endian: its low byte's two digits come first.
    let little_endian = |d: &[u8]| -> Result<u16, StoreError> {
        Ok(((digit(d[0])? << 4) | digit(d[1])?) | ((digit(d[2])? << 12) | (digit(d[3])? << 8)))
    };
    let mut marks = Vec::with_capacity(hex.len() / 8);
    for mark in hex.chunks_exact(8) {
        let position = little_endian(&mark[..4])?;
        let value = little_endian(&mark[4..])?;
        marks.push(Mark::new(usize::from(position), i64::from(value)));
    }
    Ok(marks)
}

/// Reads ballots joined as (length: u16 big-endian, marks) pairs.
fn decode_length_prefixed(mut bytes: &[u8]) -> Result<Vec<Vec<Mark>>, StoreError> {
    let mut ballots = Vec::new();
    while let [high, low, rest @ ..] = bytes {
        let length = usize::from(u16::from_be_bytes([*high, *low]));
        let (marks, next) = rest
            .split_at_checked(length)
            .ok_or_else(|| StoreError::corrupt("a stored ballot is cut short"))?;
        ballots.push(decode(marks)?);
        bytes = next;
    }
    if !bytes.is_empty() {
        return Err(StoreError::corrupt("a stored ballot is cut short"));
    }
    Ok(ballots)
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Vec<Mark>, StoreError> {
    if !bytes.len().is_multiple_of(4) {
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
    fn hex_from_either_database_reads_back() {
        let marks = vec![Mark::new(0, 3), Mark::new(300, 1000)];
        let bytes = encode(&marks).unwrap_or_default();
        let lower: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(decode_hex(&lower).unwrap_or_default(), marks);
        assert_eq!(decode_hex(&lower.to_uppercase()).unwrap_or_default(), marks);
        assert!(decode_hex("0000030g").is_err());
        assert!(decode_hex("000003").is_err());
    }

    #[test]
    fn length_prefixed_ballots_from_postgresql_read_back() {
        let first = vec![Mark::new(0, 3), Mark::new(300, 1000)];
        let second = vec![Mark::new(2, 1)];
        let mut joined = Vec::new();
        for marks in [&first, &second] {
            let bytes = encode(marks).unwrap_or_default();
            joined.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
            joined.extend_from_slice(&bytes);
        }
        assert_eq!(
            decode_length_prefixed(&joined).unwrap_or_default(),
            vec![first, second]
        );
        assert!(decode_length_prefixed(&joined[..joined.len() - 1]).is_err());
        assert!(decode_length_prefixed(&[0]).is_err());
        assert_eq!(
            decode_length_prefixed(&[]).unwrap_or_default(),
            Vec::<Vec<Mark>>::new()
        );
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
