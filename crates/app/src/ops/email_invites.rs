//! inviteByEmail (contract, "Your account"): a single-use invite for each
//! address, each sent in its own email, all in one transaction.

use chrono::{DateTime, Utc};
use coforum_domain::audit::AuditAction;
use coforum_domain::email_invites::EmailInvites;
use coforum_domain::forum::{ForumRole, InviteTerms};
use coforum_domain::ids::ForumId;
use coforum_domain::permissions::ForumAction;
use coforum_mail::compose::{self, ForumInvite};
use coforum_persistence::now;
use coforum_persistence::repos::{forums, invites, outbox, users};

use super::{access, audit};
use crate::auth::principal::Caller;
use crate::auth::secrets::{INVITE_CODE_PREFIX, hash_secret, random_token};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub struct EmailInviteRequest {
    pub forum_id: ForumId,
    pub role: ForumRole,
    pub emails: Vec<String>,
    pub message: Option<String>,
}

/// One address that was sent an invite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentInvite {
    /// As it was given (trimmed).
    pub email: String,
    pub expires_at: DateTime<Utc>,
}

/// Invites each address that is not a member of the forum yet. Every
/// address is checked first: one bad one refuses the lot, and nothing is
/// written or sent.
pub async fn invite_by_email(
    state: &AppState,
    caller: &Caller,
    request: EmailInviteRequest,
) -> AppResult<Vec<SentInvite>> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    access::in_forum(&txn, actor, request.forum_id, ForumAction::Facilitate).await?;
    let asked = EmailInvites::parse(request.role, &request.emails, request.message.as_deref(), now())?;
    let forum = forums::find(&txn, request.forum_id)
        .await?
        .ok_or(AppError::NotFound("forum"))?;
    let inviter = users::find(&txn, actor.user_id)
        .await?
        .ok_or(AppError::SIGN_IN_FIRST)?;
    let keys: Vec<String> = asked.addresses.iter().map(|a| a.key()).collect();
    let members = invites::members_among(&txn, forum.id, &keys).await?;
    let terms = &asked.terms;
    let mut sent = Vec::new();
    for to in asked.addresses.iter().filter(|a| !members.contains(&a.key())) {
        let code = random_token(INVITE_CODE_PREFIX);
        let invite = invites::insert(&txn, forum.id, hash_secret(&code), terms, actor.user_id).await?;
        let link = state
            .config
            .public_url
            .join(&format!("join/{code}"))
            .map_err(AppError::internal)?;
        let email = compose::forum_invite(
            to,
            &ForumInvite {
                forum: &forum.name,
                inviter: &inviter.display_name,
                facilitator: terms.role == ForumRole::Facilitator,
                message: asked.message.as_deref(),
                link: link.as_str(),
                days: InviteTerms::DEFAULT_HOURS / 24,
            },
        )
        .map_err(AppError::internal)?;
        outbox::enqueue(&txn, &email).await?;
        // No address in the log: it outlives an account's erasure.
        let detail = format!(
            "role {}, 1 use, expires {}, sent by email",
            terms.role.as_str(),
            terms.expires_at.to_rfc3339()
        );
        audit::record(
            &txn,
            Some(actor.user_id),
            AuditAction::InviteCreated,
            Some(forum.id),
            invite.id,
            detail,
        )
        .await?;
        sent.push(SentInvite {
            email: to.as_str().to_owned(),
            expires_at: invite.expires_at,
        });
    }
    txn.commit().await?;
    if !sent.is_empty() {
        state.mail.wake();
    }
    Ok(sent)
}
