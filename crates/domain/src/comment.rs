use chrono::{DateTime, Utc};

use crate::ids::{CommentId, FindingId, ForumId, ImprovementId, UserId};
use crate::validation::{InvalidInput, is_blank};

pub const MAX_COMMENT_CHARS: usize = 10_000;
/// A facilitator's reason for hiding a comment, or a member's for reporting one.
pub const MAX_REASON_CHARS: usize = 500;

/// What a comment is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    Finding(FindingId),
    Improvement(ImprovementId),
}

/// A comment body, kept exactly as written: 1 to 10,000 characters, not
/// only spaces or other invisible characters.
pub fn comment_body(raw: &str) -> Result<String, InvalidInput> {
    let length = raw.chars().count();
    if is_blank(raw) || length > MAX_COMMENT_CHARS {
        return Err(InvalidInput::new(
            "body",
            format!("must be 1 to {MAX_COMMENT_CHARS} characters"),
        ));
    }
    Ok(raw.to_owned())
}

/// Why a comment is hidden or reported: 1 to 500 characters, trimmed. The
/// reason of a hidden comment is shown in its place, so it must say
/// something.
pub fn moderation_reason(raw: &str) -> Result<String, InvalidInput> {
    let reason = raw.trim();
    if is_blank(reason) || reason.chars().count() > MAX_REASON_CHARS {
        return Err(InvalidInput::new(
            "reason",
            format!("must be 1 to {MAX_REASON_CHARS} characters"),
        ));
    }
    Ok(reason.to_owned())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub id: CommentId,
    pub forum_id: ForumId,
    pub subject: Subject,
    pub parent_id: Option<CommentId>,
    pub author_id: UserId,
    pub body: String,
    pub hidden: bool,
    /// The facilitator's reason, shown in the comment's place while hidden.
    pub hidden_reason: Option<String>,
    /// Written by a council officer (or an admin), not as a forum member.
    pub by_officer: bool,
    pub created_at: DateTime<Utc>,
}

impl Comment {
    /// A hidden comment keeps its place in the thread but shows no body.
    pub fn visible_body(&self) -> Option<&str> {
        (!self.hidden).then_some(self.body.as_str())
    }

    /// Why it is hidden; none while it shows.
    pub fn visible_hidden_reason(&self) -> Option<&str> {
        self.hidden.then_some(self.hidden_reason.as_deref()).flatten()
    }
}

/// A member's report of a comment, for the forum's facilitators. Who
/// reported it is kept but never shown, so nobody is put off reporting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentReport {
    pub comment_id: CommentId,
    pub forum_id: ForumId,
    pub reporter_id: UserId,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// A reply must answer a comment on the same subject. `parent` is the
/// comment the reply names, `None` when there is no such comment. Both
/// refusals read the same: a different answer for a comment elsewhere (in a
/// forum the replier may not see) would tell that it exists.
pub fn check_parent(subject: Subject, parent: Option<&Comment>) -> Result<(), InvalidInput> {
    match parent {
        Some(parent) if parent.subject == subject => Ok(()),
        _ => Err(InvalidInput::new(
            "parentId",
            "must be a comment on the same finding or improvement",
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_kept_exactly_and_bounded() {
        assert_eq!(comment_body("  hello\n").unwrap(), "  hello\n");
        assert!(comment_body("   ").is_err());
        assert!(comment_body("\u{200B}\n\u{200D}").is_err());
        assert!(comment_body(&"a".repeat(10_001)).is_err());
        assert!(comment_body(&"a".repeat(10_000)).is_ok());
    }

    fn comment(subject: Subject, hidden: bool) -> Comment {
        Comment {
            id: CommentId::new(),
            forum_id: ForumId::new(),
            subject,
            parent_id: None,
            author_id: UserId::new(),
            body: "text".into(),
            hidden,
            hidden_reason: hidden.then(|| "Unkind".to_owned()),
            by_officer: false,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn replies_stay_on_their_subject() {
        let finding = Subject::Finding(FindingId::new());
        let other = Subject::Improvement(ImprovementId::new());
        assert!(check_parent(finding, Some(&comment(finding, false))).is_ok());
        let elsewhere = check_parent(finding, Some(&comment(other, false))).unwrap_err();
        assert_eq!(elsewhere.field, "parentId");
        // A comment that does not exist is refused in the same words.
        assert_eq!(check_parent(finding, None).unwrap_err(), elsewhere);
    }

    #[test]
    fn hidden_comments_show_no_body() {
        let subject = Subject::Finding(FindingId::new());
        assert_eq!(comment(subject, true).visible_body(), None);
        assert_eq!(comment(subject, false).visible_body(), Some("text"));
        assert_eq!(comment(subject, true).visible_hidden_reason(), Some("Unkind"));
        let shown = Comment {
            hidden_reason: Some("Unkind".into()),
            ..comment(subject, false)
        };
        assert_eq!(shown.visible_hidden_reason(), None);
    }

    #[test]
    fn reasons_are_trimmed_and_bounded() {
        assert_eq!(
            moderation_reason("  Personal details  ").unwrap(),
            "Personal details"
        );
        assert_eq!(moderation_reason(" \u{200B} ").unwrap_err().field, "reason");
        assert!(moderation_reason(&"a".repeat(501)).is_err());
        assert!(moderation_reason(&"a".repeat(500)).is_ok());
    }
}
