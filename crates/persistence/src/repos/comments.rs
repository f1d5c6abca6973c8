use std::collections::HashMap;

use coforum_domain::comment::{Comment, CommentReport, Subject};
use coforum_domain::ids::{CommentId, FindingId, ForumId, ImprovementId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};

use crate::entities::{comment, comment_report};
use crate::{StoreError, now};

impl TryFrom<comment::Model> for Comment {
    type Error = StoreError;
    fn try_from(row: comment::Model) -> Result<Self, StoreError> {
        let subject = match (row.finding_id, row.improvement_id) {
            (Some(finding), None) => Subject::Finding(FindingId(finding)),
            (None, Some(improvement)) => Subject::Improvement(ImprovementId(improvement)),
            _ => return Err(StoreError::corrupt("a comment needs exactly one subject")),
        };
        Ok(Comment {
            id: CommentId(row.id),
            forum_id: ForumId(row.forum_id),
            subject,
            parent_id: row.parent_id.map(CommentId),
            author_id: UserId(row.author_id),
            body: row.body,
            hidden: row.hidden,
            hidden_reason: row.hidden_reason,
            by_officer: row.by_officer,
            created_at: row.created_at,
        })
    }
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    subject: Subject,
    parent_id: Option<CommentId>,
    author: UserId,
    body: &str,
    by_officer: bool,
) -> Result<Comment, StoreError> {
    let (finding_id, improvement_id) = match subject {
        Subject::Finding(id) => (Some(id.0), None),
        Subject::Improvement(id) => (None, Some(id.0)),
    };
    comment::Entity::insert(comment::ActiveModel {
        id: Set(CommentId::new().0),
        forum_id: Set(forum_id.0),
        finding_id: Set(finding_id),
        improvement_id: Set(improvement_id),
        parent_id: Set(parent_id.map(|p| p.0)),
        author_id: Set(author.0),
        body: Set(body.to_owned()),
        hidden: Set(false),
        hidden_reason: Set(None),
        by_officer: Set(by_officer),
        created_at: Set(now()),
    })
    .exec_with_returning(conn)
    .await?
    .try_into()
}

pub async fn find(conn: &impl ConnectionTrait, id: CommentId) -> Result<Option<Comment>, StoreError> {
    comment::Entity::find_by_id(id.0)
        .one(conn)
        .await?
        .map(Comment::try_from)
        .transpose()
}

/// The comments with these ids, in no order.
pub async fn find_many(conn: &impl ConnectionTrait, ids: &[CommentId]) -> Result<Vec<Comment>, StoreError> {
    comment::Entity::find()
        .filter(comment::Column::Id.is_in(ids.iter().map(|id| id.0)))
        .all(conn)
        .await?
        .into_iter()
        .map(Comment::try_from)
        .collect()
}

/// Hides a comment (with `Some(reason)`) or shows it again (`None`).
pub async fn set_hidden(
    conn: &impl ConnectionTrait,
    id: CommentId,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    comment::Entity::update_many()
        .col_expr(comment::Column::Hidden, Expr::value(reason.is_some()))
        .col_expr(
            comment::Column::HiddenReason,
            Expr::value(reason.map(str::to_owned)),
        )
        .filter(comment::Column::Id.eq(id.0))
        .exec(conn)
        .await?;
    Ok(())
}

impl From<comment_report::Model> for CommentReport {
    fn from(row: comment_report::Model) -> Self {
        CommentReport {
            comment_id: CommentId(row.comment_id),
            forum_id: ForumId(row.forum_id),
            reporter_id: UserId(row.reporter_id),
            reason: row.reason,
            created_at: row.created_at,
        }
    }
}

/// Records `reporter`'s report of `comment`; reporting again replaces the
/// reason, so one person counts once.
pub async fn report(
    conn: &impl ConnectionTrait,
    comment: &Comment,
    reporter: UserId,
    reason: &str,
) -> Result<(), StoreError> {
    comment_report::Entity::delete_many()
        .filter(comment_report::Column::CommentId.eq(comment.id.0))
        .filter(comment_report::Column::ReporterId.eq(reporter.0))
        .exec(conn)
        .await?;
    comment_report::Entity::insert(comment_report::ActiveModel {
        comment_id: Set(comment.id.0),
        reporter_id: Set(reporter.0),
        forum_id: Set(comment.forum_id.0),
        reason: Set(reason.to_owned()),
        created_at: Set(now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Takes away every report of `comment`; how many there were.
pub async fn clear_reports(conn: &impl ConnectionTrait, comment: CommentId) -> Result<u64, StoreError> {
    let done = comment_report::Entity::delete_many()
        .filter(comment_report::Column::CommentId.eq(comment.0))
        .exec(conn)
        .await?;
    Ok(done.rows_affected)
}

/// The reports of comments in `forum` that still show, oldest first.
pub async fn reports_in(
    conn: &impl ConnectionTrait,
    forum: ForumId,
) -> Result<Vec<CommentReport>, StoreError> {
    let shown = comment::Entity::find()
        .select_only()
        .column(comment::Column::Id)
        .filter(comment::Column::ForumId.eq(forum.0))
        .filter(comment::Column::Hidden.eq(false))
        .into_query();
    let rows = comment_report::Entity::find()
        .filter(comment_report::Column::ForumId.eq(forum.0))
        .filter(comment_report::Column::CommentId.in_subquery(shown))
        .order_by_asc(comment_report::Column::CreatedAt)
        .order_by_asc(comment_report::Column::CommentId)
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(CommentReport::from).collect())
}

/// Comments on each subject, oldest first (threads are built by parentId).
pub async fn on_subjects(
    conn: &impl ConnectionTrait,
    subjects: &[Subject],
) -> Result<HashMap<Subject, Vec<Comment>>, StoreError> {
    let findings = subjects.iter().filter_map(|s| match s {
        Subject::Finding(id) => Some(id.0),
        Subject::Improvement(_) => None,
    });
    let improvements = subjects.iter().filter_map(|s| match s {
        Subject::Improvement(id) => Some(id.0),
        Subject::Finding(_) => None,
    });
    let rows = comment::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(comment::Column::FindingId.is_in(findings))
                .add(comment::Column::ImprovementId.is_in(improvements)),
        )
        .order_by_asc(comment::Column::CreatedAt)
        .order_by_asc(comment::Column::Id)
        .all(conn)
        .await?;
    let mut found: HashMap<Subject, Vec<Comment>> = HashMap::new();
    for row in rows {
        let comment = Comment::try_from(row)?;
        found.entry(comment.subject).or_default().push(comment);
    }
    Ok(found)
}
