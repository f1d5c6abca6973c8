use coforum_domain::ids::RoundId;
use coforum_domain::tally::Totals;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::StoreError;
use crate::entities::round;

/// A round's running totals, if it keeps them (see [`Totals`]).
pub async fn of(conn: &impl ConnectionTrait, id: RoundId) -> Result<Option<Totals>, StoreError> {
    let stored: Option<Option<Vec<u8>>> = round::Entity::find_by_id(id.0)
        .select_only()
        .column(round::Column::Totals)
        .into_tuple()
        .one(conn)
        .await?;
    stored.flatten().as_deref().map(decode).transpose()
}

/// Replaces a round's running totals; the caller holds the round's lock.
pub async fn set(conn: &impl ConnectionTrait, id: RoundId, totals: &Totals) -> Result<(), StoreError> {
    round::Entity::update_many()
        .col_expr(round::Column::Totals, Expr::value(encode(totals)))
        .filter(round::Column::Id.eq(id.0))
        .exec(conn)
        .await?;
    Ok(())
}

/// The stored form: the number of ballots, then each finding's sum by
/// position, all u64 little-endian.
pub(crate) fn encode(totals: &Totals) -> Vec<u8> {
    let mut bytes = Vec::with_capacity((totals.sums().len() + 1) * 8);
    bytes.extend_from_slice(&totals.ballots().to_le_bytes());
    for sum in totals.sums() {
        bytes.extend_from_slice(&sum.to_le_bytes());
    }
    bytes
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Totals, StoreError> {
    if bytes.is_empty() || !bytes.len().is_multiple_of(8) {
        return Err(StoreError::corrupt("a round's stored totals are cut short"));
    }
    let mut words = bytes
        .chunks_exact(8)
        .map(|word| u64::from_le_bytes(word.try_into().unwrap_or_default()));
    let ballots = words.next().unwrap_or_default();
    Ok(Totals::from_parts(ballots, words.collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_survive_the_round_trip() {
        let totals = Totals::from_parts(3, vec![7, 0, 300_000]);
        let bytes = encode(&totals);
        assert_eq!(bytes.len(), 32);
        assert_eq!(&bytes[..8], &[3, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(decode(&bytes).ok(), Some(totals));
        assert_eq!(decode(&encode(&Totals::empty(0))).ok(), Some(Totals::empty(0)));
    }

    #[test]
    fn damaged_totals_are_an_error_not_a_guess() {
        assert!(decode(&[]).is_err());
        assert!(decode(&[1, 0, 0]).is_err());
    }
}
