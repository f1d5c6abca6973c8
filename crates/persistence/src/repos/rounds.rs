use std::collections::HashMap;

use chrono::{DateTime, Utc};
use coforum_domain::ids::{FindingId, ForumId, RoundId, UserId};
use coforum_domain::round::{NewRound, Round, RoundState};
use coforum_domain::tally::{Method, RankedEntry, RankedRule, Totals};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

pub use super::round_locks::{BallotLock, Locked, lock_for_ballot, lock_if_open};
use super::{ballots, round_totals};
use crate::entities::{forum, round, round_finding, round_result};
use crate::{StoreError, now};

fn method_columns(method: &Method) -> (&'static str, Option<&'static str>, Option<i32>, Option<i32>) {
    let int = |n: u32| Some(i32::try_from(n).unwrap_or(i32::MAX));
    match *method {
        Method::Dot { budget, max_per_item } => ("DOT", None, int(budget), int(max_per_item)),
        Method::Approval => ("APPROVAL", None, None, None),
        Method::Score => ("SCORE", None, None, None),
        Method::Ranked(RankedRule::Schulze) => ("RANKED", Some("SCHULZE"), None, None),
        Method::Ranked(RankedRule::Borda) => ("RANKED", Some("BORDA"), None, None),
    }
}

fn method_of(row: &round::Model) -> Result<Method, StoreError> {
    let count = |n: Option<i32>| {
        n.and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| StoreError::corrupt("DOT round without budget"))
    };
    Ok(match (row.method.as_str(), row.tally.as_deref()) {
        ("DOT", _) => Method::Dot {
            budget: count(row.budget)?,
            max_per_item: count(row.max_per_item)?,
        },
        ("APPROVAL", _) => Method::Approval,
        ("SCORE", _) => Method::Score,
        ("RANKED", Some("BORDA")) => Method::Ranked(RankedRule::Borda),
        ("RANKED", _) => Method::Ranked(RankedRule::Schulze),
        (other, _) => return Err(StoreError::corrupt(format!("round method {other}"))),
    })
}

impl TryFrom<round::Model> for Round {
    type Error = StoreError;
    fn try_from(row: round::Model) -> Result<Self, StoreError> {
        let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok());
        Ok(Round {
            id: RoundId(row.id),
            forum_id: ForumId(row.forum_id),
            method: method_of(&row)?,
            state: row.state.parse().map_err(StoreError::corrupt)?,
            eligible_count: count(row.eligible_count),
            ballot_count: count(row.ballot_count),
            title: row.title,
            closes_at: row.closes_at,
            secret: row.secret,
            hide_results_until_closed: row.hide_results,
            opened_by: UserId(row.opened_by),
            opened_at: row.opened_at,
            closed_at: row.closed_at,
            publish_as_priorities: row.publish_as_priorities,
            min_turnout: row.min_turnout,
            published_at: row.published_at,
        })
    }
}

/// Opens a round over `findings_by_age` (oldest first: their positions are
/// the candidates' indices for the tally, fixed for good).
pub async fn insert(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    new: &NewRound,
    findings_by_age: &[FindingId],
    opened_by: UserId,
) -> Result<Round, StoreError> {
    let id = RoundId::new();
    let (method, tally, budget, max_per_item) = method_columns(&new.method);
    let row = round::ActiveModel {
        id: Set(id.0),
        forum_id: Set(forum_id.0),
        title: Set(new.title.clone()),
        method: Set(method.to_owned()),
        tally: Set(tally.map(str::to_owned)),
        budget: Set(budget),
        max_per_item: Set(max_per_item),
        secret: Set(new.secret),
        hide_results: Set(new.hide_results_until_closed),
        closes_at: Set(new.closes_at.map(crate::database::stored_precision)),
        state: Set(RoundState::Open.as_str().to_owned()),
        opened_by: Set(opened_by.0),
        opened_at: Set(now()),
        closed_at: Set(None),
        eligible_count: Set(None),
        ballot_count: Set(None),
        totals: Set(Totals::kept_for(&new.method, findings_by_age.len()).map(|t| round_totals::encode(&t))),
        publish_as_priorities: Set(new.publish_as_priorities),
        min_turnout: Set(new.min_turnout),
        published_at: Set(None),
    };
    let inserted = round::Entity::insert(row).exec_with_returning(conn).await?;
    round_finding::Entity::insert_many(findings_by_age.iter().enumerate().map(|(position, finding)| {
        round_finding::ActiveModel {
            round_id: Set(id.0),
            finding_id: Set(finding.0),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        }
    }))
    .exec_without_returning(conn)
    .await?;
    inserted.try_into()
}

pub async fn find(conn: &impl ConnectionTrait, id: RoundId) -> Result<Option<Round>, StoreError> {
    round::Entity::find_by_id(id.0)
        .one(conn)
        .await?
        .map(Round::try_from)
        .transpose()
}

pub async fn find_many(conn: &impl ConnectionTrait, ids: &[RoundId]) -> Result<Vec<Round>, StoreError> {
    round::Entity::find()
        .filter(round::Column::Id.is_in(ids.iter().map(|id| id.0)))
        .all(conn)
        .await?
        .into_iter()
        .map(Round::try_from)
        .collect()
}

/// A forum's rounds, newest first.
pub async fn for_forum(conn: &impl ConnectionTrait, forum_id: ForumId) -> Result<Vec<Round>, StoreError> {
    round::Entity::find()
        .filter(round::Column::ForumId.eq(forum_id.0))
        .order_by_desc(round::Column::OpenedAt)
        .order_by_desc(round::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(Round::try_from)
        .collect()
}

/// The findings of each round, oldest first (their tally positions).
pub async fn findings_of(
    conn: &impl ConnectionTrait,
    rounds: &[RoundId],
) -> Result<HashMap<RoundId, Vec<FindingId>>, StoreError> {
    let rows = round_finding::Entity::find()
        .filter(round_finding::Column::RoundId.is_in(rounds.iter().map(|id| id.0)))
        .order_by_asc(round_finding::Column::RoundId)
        .order_by_asc(round_finding::Column::Position)
        .all(conn)
        .await?;
    Ok(super::grouped(
        rows.into_iter()
            .map(|row| (RoundId(row.round_id), FindingId(row.finding_id))),
    ))
}

/// How many ballots stand in each round: read from the running totals where
/// the round keeps them (no scan of its ballots), counted otherwise.
pub async fn ballot_counts(
    conn: &impl ConnectionTrait,
    ids: &[RoundId],
) -> Result<HashMap<RoundId, u32>, StoreError> {
    let rows: Vec<(uuid::Uuid, Option<Vec<u8>>)> = round::Entity::find()
        .select_only()
        .column(round::Column::Id)
        .column(round::Column::Totals)
        .filter(round::Column::Id.is_in(ids.iter().map(|id| id.0)))
        .into_tuple()
        .all(conn)
        .await?;
    let mut counts = HashMap::with_capacity(rows.len());
    let mut uncounted = Vec::new();
    for (id, totals) in rows {
        match totals.as_deref().map(round_totals::decode).transpose()? {
            Some(totals) => {
                let ballots = u32::try_from(totals.ballots()).map_err(StoreError::corrupt)?;
                counts.insert(RoundId(id), ballots);
            }
            None => uncounted.push(RoundId(id)),
        }
    }
    if !uncounted.is_empty() {
        counts.extend(ballots::counts(conn, &uncounted).await?);
    }
    Ok(counts)
}

/// Marks an open round closed with its frozen counts, and published at the
/// same time when `published`. False when someone else closed it first:
/// exactly one closer computes the result.
pub async fn close(
    conn: &impl ConnectionTrait,
    id: RoundId,
    closed_at: DateTime<Utc>,
    eligible: u32,
    ballots: u32,
    published: bool,
) -> Result<bool, StoreError> {
    let int = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    let result = round::Entity::update_many()
        .col_expr(round::Column::State, Expr::value(RoundState::Closed.as_str()))
        .col_expr(round::Column::ClosedAt, Expr::value(closed_at))
        .col_expr(
            round::Column::PublishedAt,
            Expr::value(published.then_some(closed_at)),
        )
        .col_expr(round::Column::EligibleCount, Expr::value(int(eligible)))
        .col_expr(round::Column::BallotCount, Expr::value(int(ballots)))
        .filter(round::Column::Id.eq(id.0))
        .filter(round::Column::State.eq(RoundState::Open.as_str()))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// A stored ranking row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResultRow {
    pub finding_id: FindingId,
    pub rank: u32,
    pub score: f64,
    pub tied: bool,
}

/// Stores a round's ranking, one row per finding.
pub async fn store_result(
    conn: &impl ConnectionTrait,
    id: RoundId,
    ranking: &[(FindingId, RankedEntry)],
) -> Result<(), StoreError> {
    let rows: Vec<round_result::ActiveModel> = ranking
        .iter()
        .map(|(finding, entry)| round_result::ActiveModel {
            round_id: Set(id.0),
            finding_id: Set(finding.0),
            rank: Set(i32::try_from(entry.rank).unwrap_or(i32::MAX)),
            score: Set(entry.score),
            tied: Set(entry.tied),
        })
        .collect();
    for chunk in rows.chunks(1000) {
        round_result::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// The stored rankings of `rounds`, each in rank order (older first in ties).
pub async fn results_of(
    conn: &impl ConnectionTrait,
    rounds: &[RoundId],
) -> Result<HashMap<RoundId, Vec<ResultRow>>, StoreError> {
    let positions = round_finding::Entity::find()
        .filter(round_finding::Column::RoundId.is_in(rounds.iter().map(|id| id.0)))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| ((row.round_id, row.finding_id), row.position))
        .collect::<HashMap<_, _>>();
    let rows = round_result::Entity::find()
        .filter(round_result::Column::RoundId.is_in(rounds.iter().map(|id| id.0)))
        .all(conn)
        .await?;
    let mut results: HashMap<RoundId, Vec<(i32, ResultRow)>> = HashMap::new();
    for row in rows {
        let position = positions
            .get(&(row.round_id, row.finding_id))
            .copied()
            .unwrap_or(i32::MAX);
        results.entry(RoundId(row.round_id)).or_default().push((
            position,
            ResultRow {
                finding_id: FindingId(row.finding_id),
                rank: u32::try_from(row.rank).map_err(StoreError::corrupt)?,
                score: row.score,
                tied: row.tied,
            },
        ));
    }
    Ok(results
        .into_iter()
        .map(|(round, mut rows)| {
            rows.sort_by_key(|(position, row)| (row.rank, *position));
            (round, rows.into_iter().map(|(_, row)| row).collect())
        })
        .collect())
}

/// Open rounds whose closing time has come.
pub async fn due(conn: &impl ConnectionTrait, at: DateTime<Utc>) -> Result<Vec<RoundId>, StoreError> {
    Ok(round::Entity::find()
        .filter(round::Column::State.eq(RoundState::Open.as_str()))
        .filter(round::Column::ClosesAt.lte(at))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| RoundId(row.id))
        .collect())
}

/// Open rounds closing after `from` and by `until`, soonest first.
pub async fn open_closing_between(
    conn: &impl ConnectionTrait,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Round>, StoreError> {
    round::Entity::find()
        .filter(round::Column::State.eq(RoundState::Open.as_str()))
        .filter(round::Column::ClosesAt.gt(from))
        .filter(round::Column::ClosesAt.lte(until))
        .order_by_asc(round::Column::ClosesAt)
        .all(conn)
        .await?
        .into_iter()
        .map(Round::try_from)
        .collect()
}

/// Makes a closed round the forum's priorities from `at`. False when the
/// round is not closed.
pub async fn publish(
    conn: &impl ConnectionTrait,
    id: RoundId,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let result = round::Entity::update_many()
        .col_expr(round::Column::PublishedAt, Expr::value(at))
        .filter(round::Column::Id.eq(id.0))
        .filter(round::Column::State.eq(RoundState::Closed.as_str()))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// A forum's `first` published rounds, most recently published first (then highest id).
pub async fn published_of_forum(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    first: usize,
) -> Result<Vec<Round>, StoreError> {
    round::Entity::find()
        .filter(round::Column::ForumId.eq(forum_id.0))
        .filter(round::Column::PublishedAt.is_not_null())
        .order_by_desc(round::Column::PublishedAt)
        .order_by_desc(round::Column::Id)
        .limit(u64::try_from(first).unwrap_or(u64::MAX))
        .all(conn)
        .await?
        .into_iter()
        .map(Round::try_from)
        .collect()
}

/// The most recently published round of each of `forums` that has one: the
/// forum's priorities. One index probe per forum (newest `published_at`,
/// then highest id), so the cost does not grow with the forums' history.
pub async fn latest_published(
    conn: &impl ConnectionTrait,
    forums: &[ForumId],
) -> Result<Vec<Round>, StoreError> {
    let older = Alias::new("older");
    let newest_of_forum = Query::select()
        .column((older.clone(), round::Column::Id))
        .from_as(round::Entity, older.clone())
        .and_where(
            Expr::col((older.clone(), round::Column::ForumId)).equals((forum::Entity, forum::Column::Id)),
        )
        .and_where(Expr::col((older.clone(), round::Column::PublishedAt)).is_not_null())
        .order_by((older.clone(), round::Column::PublishedAt), Order::Desc)
        .order_by((older, round::Column::Id), Order::Desc)
        .limit(1)
        .to_owned();
    let per_forum = Query::select()
        .expr(newest_of_forum)
        .from(forum::Entity)
        .and_where(forum::Column::Id.is_in(forums.iter().map(|id| id.0)))
        .to_owned();
    round::Entity::find()
        .filter(round::Column::Id.in_subquery(per_forum))
        .all(conn)
        .await?
        .into_iter()
        .map(Round::try_from)
        .collect()
}
