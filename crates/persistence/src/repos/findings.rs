use std::collections::HashMap;

use chrono::{DateTime, Utc};
use coforum_domain::finding::{Finding, FindingSource, FindingStatus, NewFinding};
use coforum_domain::ids::{FindingId, ForumId, UserId};
use coforum_domain::learning::Answer;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::entities::{finding, finding_theme};
use crate::{StoreError, now};

fn to_domain(row: finding::Model, themes: Vec<String>) -> Result<Finding, StoreError> {
    Ok(Finding {
        id: FindingId(row.id),
        forum_id: ForumId(row.forum_id),
        title: row.title,
        body: row.body,
        source: row.source.parse().map_err(StoreError::corrupt)?,
        themes,
        reference: row.reference,
        received_at: row.received_at,
        status: row.status.parse().map_err(StoreError::corrupt)?,
        created_by: UserId(row.created_by),
        created_at: row.created_at,
        answer: match row.response {
            Some(response) => Some(Answer {
                finding_id: FindingId(row.id),
                response: response.parse().map_err(StoreError::corrupt)?,
                reason: row.response_reason,
            }),
            None => None,
        },
    })
}

/// Records a safeguarding review finding's answer.
pub async fn answer(conn: &impl ConnectionTrait, answer: &Answer) -> Result<(), StoreError> {
    finding::Entity::update_many()
        .col_expr(finding::Column::Response, Expr::value(answer.response.as_str()))
        .col_expr(
            finding::Column::ResponseReason,
            Expr::value(answer.reason.clone()),
        )
        .col_expr(finding::Column::RespondedAt, Expr::value(now()))
        .filter(finding::Column::Id.eq(answer.finding_id.0))
        .exec(conn)
        .await?;
    Ok(())
}

/// The findings of `source` received in [from, to), oldest first.
pub async fn of_source_received(
    conn: &impl ConnectionTrait,
    source: FindingSource,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Finding>, StoreError> {
    let rows = finding::Entity::find()
        .filter(finding::Column::Source.eq(source.as_str()))
        .filter(finding::Column::ReceivedAt.gte(crate::database::stored_precision(from)))
        .filter(finding::Column::ReceivedAt.lt(crate::database::stored_precision(to)))
        .order_by_asc(finding::Column::ReceivedAt)
        .order_by_asc(finding::Column::Id)
        .all(conn)
        .await?;
    with_themes(conn, rows).await
}

/// Themes of each finding, alphabetically.
async fn themes_of(
    conn: &impl ConnectionTrait,
    ids: &[uuid::Uuid],
) -> Result<HashMap<uuid::Uuid, Vec<String>>, StoreError> {
    let mut themes: HashMap<uuid::Uuid, Vec<String>> = HashMap::new();
    let rows = finding_theme::Entity::find()
        .filter(finding_theme::Column::FindingId.is_in(ids.iter().copied()))
        .order_by_asc(finding_theme::Column::Theme)
        .all(conn)
        .await?;
    for row in rows {
        themes.entry(row.finding_id).or_default().push(row.theme);
    }
    Ok(themes)
}

async fn with_themes(
    conn: &impl ConnectionTrait,
    rows: Vec<finding::Model>,
) -> Result<Vec<Finding>, StoreError> {
    let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.id).collect();
    let mut themes = themes_of(conn, &ids).await?;
    rows.into_iter()
        .map(|row| {
            let own = themes.remove(&row.id).unwrap_or_default();
            to_domain(row, own)
        })
        .collect()
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    new: &NewFinding,
    created_by: UserId,
) -> Result<Finding, StoreError> {
    let id = FindingId::new();
    let row = finding::ActiveModel {
        id: Set(id.0),
        forum_id: Set(forum_id.0),
        title: Set(new.title.clone()),
        body: Set(new.body.clone()),
        source: Set(new.source.as_str().to_owned()),
        reference: Set(new.reference.clone()),
        received_at: Set(crate::database::stored_precision(new.received_at)),
        status: Set(FindingStatus::Open.as_str().to_owned()),
        created_by: Set(created_by.0),
        created_at: Set(now()),
        response: Set(None),
        response_reason: Set(None),
        responded_at: Set(None),
    };
    let inserted = finding::Entity::insert(row).exec_with_returning(conn).await?;
    if !new.themes.is_empty() {
        finding_theme::Entity::insert_many(new.themes.iter().map(|theme| finding_theme::ActiveModel {
            finding_id: Set(id.0),
            theme: Set(theme.clone()),
        }))
        .exec_without_returning(conn)
        .await?;
    }
    to_domain(inserted, new.themes.clone())
}

pub async fn find_many(conn: &impl ConnectionTrait, ids: &[FindingId]) -> Result<Vec<Finding>, StoreError> {
    let rows = finding::Entity::find()
        .filter(finding::Column::Id.is_in(ids.iter().map(|id| id.0)))
        .all(conn)
        .await?;
    with_themes(conn, rows).await
}

pub async fn find(conn: &impl ConnectionTrait, id: FindingId) -> Result<Option<Finding>, StoreError> {
    Ok(find_many(conn, &[id]).await?.pop())
}

/// Where a page of findings starts: after this (receivedAt, id).
pub type FindingCursor = (DateTime<Utc>, uuid::Uuid);

fn in_forum_with_theme(forum_id: ForumId, theme: Option<&str>) -> Condition {
    let mut condition = Condition::all().add(finding::Column::ForumId.eq(forum_id.0));
    if let Some(theme) = theme {
        condition = condition.add(
            finding::Column::Id.in_subquery(
                Query::select()
                    .column(finding_theme::Column::FindingId)
                    .from(finding_theme::Entity)
                    .and_where(finding_theme::Column::Theme.eq(theme))
                    .to_owned(),
            ),
        );
    }
    condition
}

/// A forum's findings, newest received first, optionally with one theme.
pub async fn page(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    theme: Option<&str>,
    after: Option<FindingCursor>,
    limit: u64,
) -> Result<Vec<Finding>, StoreError> {
    let mut condition = in_forum_with_theme(forum_id, theme);
    if let Some((received_at, id)) = after {
        condition = condition.add(
            Condition::any()
                .add(finding::Column::ReceivedAt.lt(received_at))
                .add(
                    Condition::all()
                        .add(finding::Column::ReceivedAt.eq(received_at))
                        .add(finding::Column::Id.lt(id)),
                ),
        );
    }
    let rows = finding::Entity::find()
        .filter(condition)
        .order_by_desc(finding::Column::ReceivedAt)
        .order_by_desc(finding::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    with_themes(conn, rows).await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    theme: Option<&str>,
) -> Result<u64, StoreError> {
    Ok(finding::Entity::find()
        .filter(in_forum_with_theme(forum_id, theme))
        .count(conn)
        .await?)
}

/// Of `ids`, those in `forum_id`, with when each was received (for age order).
pub async fn ages_in_forum(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    ids: &[FindingId],
) -> Result<Vec<(FindingId, DateTime<Utc>)>, StoreError> {
    let rows: Vec<(uuid::Uuid, DateTime<Utc>)> = finding::Entity::find()
        .select_only()
        .column(finding::Column::Id)
        .column(finding::Column::ReceivedAt)
        .filter(finding::Column::ForumId.eq(forum_id.0))
        .filter(finding::Column::Id.is_in(ids.iter().map(|id| id.0)))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|(id, at)| (FindingId(id), at)).collect())
}

pub async fn mark_prioritised(conn: &impl ConnectionTrait, ids: &[FindingId]) -> Result<(), StoreError> {
    finding::Entity::update_many()
        .col_expr(
            finding::Column::Status,
            Expr::value(FindingStatus::Prioritised.as_str()),
        )
        .filter(finding::Column::Id.is_in(ids.iter().map(|id| id.0)))
        .exec(conn)
        .await?;
    Ok(())
}

/// One (theme, source, receivedAt) per theme of each finding of `forums`
/// received in [from, to): what theme trends are counted from.
pub async fn theme_occurrences(
    conn: &impl ConnectionTrait,
    forums: &[ForumId],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(String, FindingSource, DateTime<Utc>)>, StoreError> {
    let rows: Vec<(uuid::Uuid, String, DateTime<Utc>)> = finding::Entity::find()
        .select_only()
        .column(finding::Column::Id)
        .column(finding::Column::Source)
        .column(finding::Column::ReceivedAt)
        .filter(finding::Column::ForumId.is_in(forums.iter().map(|id| id.0)))
        .filter(finding::Column::ReceivedAt.gte(from))
        .filter(finding::Column::ReceivedAt.lt(to))
        .into_tuple()
        .all(conn)
        .await?;
    let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.0).collect();
    let mut themes = HashMap::new();
    for chunk in ids.chunks(10_000) {
        themes.extend(themes_of(conn, chunk).await?);
    }
    let mut occurrences = Vec::new();
    for (id, source, received_at) in rows {
        let source: FindingSource = source.parse().map_err(StoreError::corrupt)?;
        for theme in themes.remove(&id).unwrap_or_default() {
            occurrences.push((theme, source, received_at));
        }
    }
    Ok(occurrences)
}
