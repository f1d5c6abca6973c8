use std::collections::HashMap;

use coforum_domain::comment::{Comment, Subject};
use coforum_domain::ids::{CommentId, FindingId, ForumId, ImprovementId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::comment;
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

pub async fn hide(conn: &impl ConnectionTrait, id: CommentId) -> Result<(), StoreError> {
    comment::Entity::update_many()
        .col_expr(comment::Column::Hidden, Expr::value(true))
        .filter(comment::Column::Id.eq(id.0))
        .exec(conn)
        .await?;
    Ok(())
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
