use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use coforum_app::ops::email_invites::{self as ops, EmailInviteRequest, SentInvite};

use super::context::{caller, state};
use super::ids::parse_id;
use super::scalars::ForumRole;

type Result<T> = async_graphql::Result<T>;

#[derive(InputObject)]
pub struct InviteByEmailInput {
    forum_id: ID,
    role: ForumRole,
    /// 1 to 100 addresses; a repeat (in any case) counts once.
    emails: Vec<String>,
    /// Up to 1,000 characters, quoted in each email as the inviter's words.
    message: Option<String>,
}

/// An address that was sent a single-use invite.
#[derive(SimpleObject)]
pub struct EmailInvite {
    email: String,
    expires_at: DateTime<Utc>,
}

impl From<SentInvite> for EmailInvite {
    fn from(sent: SentInvite) -> Self {
        Self {
            email: sent.email,
            expires_at: sent.expires_at,
        }
    }
}

#[derive(Default)]
pub struct EmailInviteMutation;

#[Object]
impl EmailInviteMutation {
    /// Facilitators of the forum, and admins: emails each address its own
    /// invite (one use, 7 days). Addresses of members are left out of the
    /// answer and sent nothing; one bad address refuses them all.
    async fn invite_by_email(
        &self,
        ctx: &Context<'_>,
        input: InviteByEmailInput,
    ) -> Result<Vec<EmailInvite>> {
        let request = EmailInviteRequest {
            forum_id: parse_id("forumId", &input.forum_id)?,
            role: input.role.into(),
            emails: input.emails,
            message: input.message,
        };
        let sent = ops::invite_by_email(state(ctx), caller(ctx), request).await?;
        Ok(sent.into_iter().map(EmailInvite::from).collect())
    }
}
