use coforum_domain::audit::AuditAction;
use coforum_domain::forum::{
    Forum, ForumRole, ForumSettings, Invite, InviteTerms, InviteUnusable, JoinOutcome, Membership, NewForum,
    join_outcome,
};
use coforum_domain::ids::{ForumId, InviteId, UserId};
use coforum_domain::permissions::{ForumAction, PlatformAction, authorize, authorize_inside_forum};
use coforum_persistence::repos::{forums, invites};
use coforum_persistence::{ConnectionTrait, now};

use super::access;
use super::audit;
use crate::auth::principal::Caller;
use crate::auth::secrets::{INVITE_CODE_PREFIX, hash_secret, random_token};
use crate::error::{AppError, AppResult, DuplicateIsConflict};
use crate::state::AppState;

pub async fn create_forum(state: &AppState, caller: &Caller, new: (&str, &str, &str)) -> AppResult<Forum> {
    authorize(caller.actor(), PlatformAction::CreateForum).map_err(|r| AppError::refused(r, "forum"))?;
    let (slug, name, description) = new;
    let new = NewForum::parse(slug, name, description)?;
    let txn = state.db.begin().await?;
    let forum = forums::insert(&txn, &new)
        .await
        .duplicate_is_conflict("a forum with this slug already exists")?;
    let actor = caller.actor().map(|a| a.user_id);
    audit::record(
        &txn,
        actor,
        AuditAction::ForumCreated,
        Some(forum.id),
        forum.id,
        forum.slug.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(forum)
}

/// Admins choose a forum's settings; `None` keeps what it was.
pub async fn set_forum_settings(
    state: &AppState,
    caller: &Caller,
    forum_id: ForumId,
    facilitators_record_progress: Option<bool>,
) -> AppResult<Forum> {
    authorize(caller.actor(), PlatformAction::SetForumSettings).map_err(|r| AppError::refused(r, "forum"))?;
    let txn = state.db.begin().await?;
    let forum = forums::find(&txn, forum_id)
        .await?
        .ok_or(AppError::NotFound("forum"))?;
    let settings = ForumSettings {
        facilitators_record_progress: facilitators_record_progress
            .unwrap_or(forum.settings.facilitators_record_progress),
    };
    if settings == forum.settings {
        return Ok(forum);
    }
    forums::set_settings(&txn, forum_id, settings).await?;
    let detail = format!(
        "facilitators record progress: {}",
        if settings.facilitators_record_progress {
            "yes"
        } else {
            "no"
        }
    );
    let actor = caller.actor().map(|a| a.user_id);
    audit::record(
        &txn,
        actor,
        AuditAction::ForumSettingsChanged,
        Some(forum_id),
        forum_id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(Forum { settings, ..forum })
}

pub struct InviteRequest {
    pub forum_id: ForumId,
    pub role: ForumRole,
    pub max_uses: Option<i64>,
    pub expires_in_hours: Option<i64>,
}

/// A new invite and its code, which is shown only this once.
pub async fn create_invite(
    state: &AppState,
    caller: &Caller,
    request: InviteRequest,
) -> AppResult<(String, Invite)> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    access::in_forum(&txn, actor, request.forum_id, ForumAction::Facilitate).await?;
    let terms = InviteTerms::parse(request.role, request.max_uses, request.expires_in_hours, now())?;
    let code = random_token(INVITE_CODE_PREFIX);
    let invite = invites::insert(&txn, request.forum_id, hash_secret(&code), &terms, actor.user_id).await?;
    let detail = format!(
        "role {}, {} uses, expires {}",
        terms.role.as_str(),
        terms.max_uses.map_or("unlimited".to_owned(), |n| n.to_string()),
        terms.expires_at.to_rfc3339()
    );
    let forum = Some(request.forum_id);
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::InviteCreated,
        forum,
        invite.id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok((code, invite))
}

pub async fn join_forum(state: &AppState, caller: &Caller, code: &str) -> AppResult<Membership> {
    authorize(caller.actor(), PlatformAction::JoinForum).map_err(|r| AppError::refused(r, "invite"))?;
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let membership = join_with_invite_code(&txn, actor.user_id, code.trim()).await?;
    txn.commit().await?;
    Ok(membership)
}

/// Joins (or promotes) `user_id` with an invite code, inside the caller's
/// transaction. Joining never demotes and uses the invite only when it
/// changes something.
pub(crate) async fn join_with_invite_code(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    code: &str,
) -> AppResult<Membership> {
    let invite = invites::find_by_code_hash(conn, &hash_secret(code))
        .await?
        .ok_or(AppError::NotFound("invite"))?;
    invite.check_usable(now()).map_err(unusable)?;
    let current = forums::membership(conn, invite.forum_id, user_id).await?;
    match join_outcome(current.as_ref().map(|m| m.role), invite.role) {
        JoinOutcome::AlreadyMember(_) => current.ok_or(AppError::NotFound("membership")),
        JoinOutcome::Join(role) => {
            take_one_use(conn, &invite).await?;
            Ok(forums::add_member(conn, invite.forum_id, user_id, role, now()).await?)
        }
        JoinOutcome::Promote(role) => {
            take_one_use(conn, &invite).await?;
            forums::set_member_role(conn, invite.forum_id, user_id, role).await?;
            forums::membership(conn, invite.forum_id, user_id)
                .await?
                .ok_or(AppError::NotFound("membership"))
        }
    }
}

async fn take_one_use(conn: &impl ConnectionTrait, invite: &Invite) -> AppResult<()> {
    if invites::use_once(conn, invite.id).await? {
        Ok(())
    } else {
        Err(unusable(InviteUnusable::UsedUp))
    }
}

/// Withdraws an invite so no one can join with it (facilitators of its
/// forum, and admins): NOT_FOUND to those who may not read the forum,
/// CONFLICT once it is withdrawn, used up or expired.
pub async fn withdraw_invite(state: &AppState, caller: &Caller, id: InviteId) -> AppResult<()> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let invite = invites::find(&txn, id)
        .await?
        .ok_or(AppError::NotFound("invite"))?;
    let role = forums::role_of(&txn, actor.user_id, invite.forum_id).await?;
    authorize_inside_forum(Some(actor), role, ForumAction::Facilitate)
        .map_err(|r| AppError::refused(r, "invite"))?;
    invite.check_usable(now()).map_err(|reason| {
        AppError::conflict(match reason {
            InviteUnusable::Withdrawn => "this invite is withdrawn already",
            InviteUnusable::UsedUp => "this invite is used up: there is nothing to withdraw",
            InviteUnusable::Expired => "this invite has expired: there is nothing to withdraw",
        })
    })?;
    if !invites::withdraw(&txn, id).await? {
        return Err(AppError::conflict("this invite is withdrawn already"));
    }
    let detail = format!(
        "{} used of {}",
        invite.uses,
        invite.max_uses.map_or("any number".to_owned(), |n| n.to_string())
    );
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::InviteWithdrawn,
        Some(invite.forum_id),
        invite.id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn unusable(reason: InviteUnusable) -> AppError {
    AppError::conflict(match reason {
        // A withdrawn invite is refused as an expired one is: either way the
        // person needs a new one.
        InviteUnusable::Expired | InviteUnusable::Withdrawn => {
            "this invite has expired: ask your facilitator for a new one"
        }
        InviteUnusable::UsedUp => "this invite has been used up: ask your facilitator for a new one",
    })
}
