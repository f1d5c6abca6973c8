use std::collections::HashMap;

use chrono::{DateTime, Utc};
use coforum_domain::ids::{FindingId, ForumId, ImprovementId, UserId};
use coforum_domain::improvement::{
    Design, Improvement, ImprovementStatus, ProgressEntry, ProgressReport, Revision,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{co_author, improvement, improvement_finding, progress_update, revision};
use crate::{StoreError, now};

impl TryFrom<improvement::Model> for Improvement {
    type Error = StoreError;
    fn try_from(row: improvement::Model) -> Result<Self, StoreError> {
        Ok(Improvement {
            id: ImprovementId(row.id),
            forum_id: ForumId(row.forum_id),
            title: row.title,
            summary: row.summary,
            status: row.status.parse().map_err(StoreError::corrupt)?,
            revision: u32::try_from(row.revision).map_err(StoreError::corrupt)?,
            proposed_by: UserId(row.proposed_by),
            created_at: row.created_at,
            agreed_at: row.agreed_at,
        })
    }
}

/// Creates an improvement in DRAFT with its first revision; the proposer is
/// its first co-author.
pub async fn insert(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    design: &Design,
    findings: &[FindingId],
    proposer: UserId,
) -> Result<Improvement, StoreError> {
    let id = ImprovementId::new();
    let at = now();
    let row = improvement::Entity::insert(improvement::ActiveModel {
        id: Set(id.0),
        forum_id: Set(forum_id.0),
        title: Set(design.title.clone()),
        summary: Set(design.summary.clone()),
        status: Set(ImprovementStatus::Draft.as_str().to_owned()),
        revision: Set(1),
        proposed_by: Set(proposer.0),
        created_at: Set(at),
        agreed_at: Set(None),
    })
    .exec_with_returning(conn)
    .await?;
    improvement_finding::Entity::insert_many(findings.iter().map(|f| improvement_finding::ActiveModel {
        improvement_id: Set(id.0),
        finding_id: Set(f.0),
    }))
    .exec_without_returning(conn)
    .await?;
    add_co_author(conn, id, proposer).await?;
    add_revision(conn, id, 1, design, "Proposed", proposer).await?;
    row.try_into()
}

pub async fn find_many(
    conn: &impl ConnectionTrait,
    ids: &[ImprovementId],
) -> Result<Vec<Improvement>, StoreError> {
    improvement::Entity::find()
        .filter(improvement::Column::Id.is_in(ids.iter().map(|id| id.0)))
        .all(conn)
        .await?
        .into_iter()
        .map(Improvement::try_from)
        .collect()
}

pub async fn find(conn: &impl ConnectionTrait, id: ImprovementId) -> Result<Option<Improvement>, StoreError> {
    Ok(find_many(conn, &[id]).await?.pop())
}

/// A forum's improvements, newest first.
pub async fn for_forum(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
) -> Result<Vec<Improvement>, StoreError> {
    improvement::Entity::find()
        .filter(improvement::Column::ForumId.eq(forum_id.0))
        .order_by_desc(improvement::Column::CreatedAt)
        .order_by_desc(improvement::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(Improvement::try_from)
        .collect()
}

/// Agreed improvements (agreed, in progress or delivered) of `forums`,
/// newest agreed first.
pub async fn agreed_in(
    conn: &impl ConnectionTrait,
    forums: &[ForumId],
) -> Result<Vec<Improvement>, StoreError> {
    improvement::Entity::find()
        .filter(improvement::Column::ForumId.is_in(forums.iter().map(|id| id.0)))
        .filter(improvement::Column::AgreedAt.is_not_null())
        .filter(improvement::Column::Status.is_in(ImprovementStatus::AGREED.map(ImprovementStatus::as_str)))
        .order_by_desc(improvement::Column::AgreedAt)
        .order_by_desc(improvement::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(Improvement::try_from)
        .collect()
}

/// Moves the status from `from` to `to`. False when it was no longer `from`
/// (a concurrent change): the caller answers CONFLICT.
pub async fn change_status(
    conn: &impl ConnectionTrait,
    id: ImprovementId,
    from: ImprovementStatus,
    to: ImprovementStatus,
    agreed_at: Option<DateTime<Utc>>,
) -> Result<bool, StoreError> {
    let mut update = improvement::Entity::update_many()
        .col_expr(improvement::Column::Status, Expr::value(to.as_str()))
        .filter(improvement::Column::Id.eq(id.0))
        .filter(improvement::Column::Status.eq(from.as_str()));
    if let Some(at) = agreed_at {
        update = update.col_expr(improvement::Column::AgreedAt, Expr::value(at));
    }
    Ok(update.exec(conn).await?.rows_affected == 1)
}

/// Stores a new revision and makes it current. False when the improvement
/// was no longer a draft at revision `expected`.
pub async fn revise(
    conn: &impl ConnectionTrait,
    id: ImprovementId,
    expected: u32,
    design: &Design,
    note: &str,
    author: UserId,
) -> Result<bool, StoreError> {
    let next = expected + 1;
    let next_number = i32::try_from(next).map_err(StoreError::corrupt)?;
    let updated = improvement::Entity::update_many()
        .col_expr(improvement::Column::Title, Expr::value(design.title.clone()))
        .col_expr(improvement::Column::Summary, Expr::value(design.summary.clone()))
        .col_expr(
            improvement::Column::Revision,
            Expr::col(improvement::Column::Revision).add(1),
        )
        .filter(improvement::Column::Id.eq(id.0))
        .filter(improvement::Column::Revision.eq(next_number - 1))
        .filter(improvement::Column::Status.eq(ImprovementStatus::Draft.as_str()))
        .exec(conn)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(false);
    }
    add_revision(conn, id, next, design, note, author).await?;
    Ok(true)
}

async fn add_revision(
    conn: &impl ConnectionTrait,
    id: ImprovementId,
    number: u32,
    design: &Design,
    note: &str,
    author: UserId,
) -> Result<(), StoreError> {
    revision::Entity::insert(revision::ActiveModel {
        improvement_id: Set(id.0),
        number: Set(i32::try_from(number).map_err(StoreError::corrupt)?),
        title: Set(design.title.clone()),
        summary: Set(design.summary.clone()),
        note: Set(note.to_owned()),
        author_id: Set(author.0),
        created_at: Set(now()),
    })
    .exec_without_returning(conn)
    .await
    .map_err(StoreError::from_insert)?;
    Ok(())
}

/// Every revision, first to latest.
pub async fn revisions(conn: &impl ConnectionTrait, id: ImprovementId) -> Result<Vec<Revision>, StoreError> {
    revision::Entity::find()
        .filter(revision::Column::ImprovementId.eq(id.0))
        .order_by_asc(revision::Column::Number)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            Ok(Revision {
                number: u32::try_from(row.number).map_err(StoreError::corrupt)?,
                title: row.title,
                summary: row.summary,
                note: row.note,
                author_id: UserId(row.author_id),
                created_at: row.created_at,
            })
        })
        .collect()
}

/// Adds a co-author; false when they already were one.
pub async fn add_co_author(
    conn: &impl ConnectionTrait,
    id: ImprovementId,
    user: UserId,
) -> Result<bool, StoreError> {
    let inserted = co_author::Entity::insert(co_author::ActiveModel {
        improvement_id: Set(id.0),
        user_id: Set(user.0),
        added_at: Set(now()),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(conn)
    .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0))
}

/// Co-authors of each improvement, in the order they joined.
pub async fn co_authors_of(
    conn: &impl ConnectionTrait,
    ids: &[ImprovementId],
) -> Result<HashMap<ImprovementId, Vec<UserId>>, StoreError> {
    let rows = co_author::Entity::find()
        .filter(co_author::Column::ImprovementId.is_in(ids.iter().map(|id| id.0)))
        .order_by_asc(co_author::Column::AddedAt)
        .all(conn)
        .await?;
    Ok(super::grouped(rows.into_iter().map(|row| {
        (ImprovementId(row.improvement_id), UserId(row.user_id))
    })))
}

/// Findings linked to each improvement.
pub async fn findings_of(
    conn: &impl ConnectionTrait,
    ids: &[ImprovementId],
) -> Result<HashMap<ImprovementId, Vec<FindingId>>, StoreError> {
    let rows = improvement_finding::Entity::find()
        .filter(improvement_finding::Column::ImprovementId.is_in(ids.iter().map(|id| id.0)))
        .all(conn)
        .await?;
    Ok(super::grouped(rows.into_iter().map(|row| {
        (ImprovementId(row.improvement_id), FindingId(row.finding_id))
    })))
}

/// Improvements linked to each finding, newest first.
pub async fn improvements_of_findings(
    conn: &impl ConnectionTrait,
    findings: &[FindingId],
) -> Result<HashMap<FindingId, Vec<Improvement>>, StoreError> {
    let links = improvement_finding::Entity::find()
        .filter(improvement_finding::Column::FindingId.is_in(findings.iter().map(|id| id.0)))
        .all(conn)
        .await?;
    let ids: Vec<ImprovementId> = links.iter().map(|l| ImprovementId(l.improvement_id)).collect();
    let mut improvements: HashMap<ImprovementId, Improvement> = find_many(conn, &ids)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let mut found: HashMap<FindingId, Vec<Improvement>> = HashMap::new();
    for link in links {
        if let Some(improvement) = improvements.get(&ImprovementId(link.improvement_id)) {
            found
                .entry(FindingId(link.finding_id))
                .or_default()
                .push(improvement.clone());
        }
    }
    improvements.clear();
    for list in found.values_mut() {
        list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    }
    Ok(found)
}

pub async fn add_progress(
    conn: &impl ConnectionTrait,
    id: ImprovementId,
    report: &ProgressReport,
    author: UserId,
) -> Result<(), StoreError> {
    progress_update::Entity::insert(progress_update::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        improvement_id: Set(id.0),
        note: Set(report.note.clone()),
        percent_complete: Set(i32::from(report.percent_complete)),
        status: Set(ImprovementStatus::from(report.status).as_str().to_owned()),
        author_id: Set(author.0),
        created_at: Set(now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Progress history of each improvement, oldest first.
pub async fn progress_of(
    conn: &impl ConnectionTrait,
    ids: &[ImprovementId],
) -> Result<HashMap<ImprovementId, Vec<ProgressEntry>>, StoreError> {
    let rows = progress_update::Entity::find()
        .filter(progress_update::Column::ImprovementId.is_in(ids.iter().map(|id| id.0)))
        .order_by_asc(progress_update::Column::CreatedAt)
        .order_by_asc(progress_update::Column::Id)
        .all(conn)
        .await?;
    let mut found: HashMap<ImprovementId, Vec<ProgressEntry>> = HashMap::new();
    for row in rows {
        found
            .entry(ImprovementId(row.improvement_id))
            .or_default()
            .push(ProgressEntry {
                note: row.note,
                percent_complete: u8::try_from(row.percent_complete).map_err(StoreError::corrupt)?,
                status: row.status.parse().map_err(StoreError::corrupt)?,
                author_id: UserId(row.author_id),
                created_at: row.created_at,
            });
    }
    Ok(found)
}
