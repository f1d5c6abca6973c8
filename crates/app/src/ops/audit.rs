use coforum_domain::audit::{AuditAction, AuditRecord};
use coforum_domain::ids::{ForumId, UserId};
use coforum_persistence::ConnectionTrait;
use coforum_persistence::repos::audit;

use crate::error::AppResult;

/// Records a privileged action in the caller's transaction.
pub async fn record(
    conn: &impl ConnectionTrait,
    actor: Option<UserId>,
    action: AuditAction,
    forum_id: Option<ForumId>,
    subject: impl ToString,
    detail: impl Into<String>,
) -> AppResult<()> {
    let record = AuditRecord {
        actor,
        action,
        forum_id,
        subject: Some(subject.to_string()),
        detail: detail.into(),
    };
    Ok(audit::record(conn, record).await?)
}
