//! Invites after they are made: a forum's list for its facilitators
//! (`Forum.invites`), one invite by its code for the join page
//! (`invitation`), and withdrawing one (`withdrawInvite`).

use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use coforum_app::ops::forums as forum_ops;
use coforum_app::reads;
use coforum_domain::forum::{self, InviteUnusable};
use coforum_domain::ids::ForumId;
use coforum_domain::permissions::ForumAction;

use super::context::{caller, require_in_forum, state};
use super::forums::Forum;
use super::ids::parse_id;
use super::scalars::ForumRole;

type Result<T> = async_graphql::Result<T>;

/// Whether people can still join with an invite.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum InviteState {
    Open,
    Expired,
    UsedUp,
    Withdrawn,
}

fn state_of(invite: &forum::Invite) -> InviteState {
    match invite.check_usable(Utc::now()) {
        Ok(()) => InviteState::Open,
        Err(InviteUnusable::Expired) => InviteState::Expired,
        Err(InviteUnusable::UsedUp) => InviteState::UsedUp,
        Err(InviteUnusable::Withdrawn) => InviteState::Withdrawn,
    }
}

/// An invite as its forum's facilitators see it: never its code, which
/// is shown once when it is made.
pub struct ForumInvite(forum::Invite);

#[Object]
impl ForumInvite {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn role(&self) -> ForumRole {
        self.0.role.into()
    }
    /// How many people have joined with it.
    async fn uses(&self) -> u32 {
        self.0.uses
    }
    /// Null: any number of people may use it until it expires.
    async fn max_uses(&self) -> Option<u32> {
        self.0.max_uses
    }
    /// How many more people can join with it; null when there is no limit.
    async fn uses_left(&self) -> Option<u32> {
        self.0.uses_left()
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn withdrawn_at(&self) -> Option<DateTime<Utc>> {
        self.0.withdrawn_at
    }
    async fn state(&self) -> InviteState {
        state_of(&self.0)
    }
}

/// `Forum.invites`: facilitators of the forum and admins; FORBIDDEN to
/// anyone else.
pub async fn of_forum(ctx: &Context<'_>, forum_id: ForumId) -> Result<Vec<ForumInvite>> {
    require_in_forum(ctx, forum_id, ForumAction::Facilitate).await?;
    let found = reads::invites::of_forum(state(ctx), forum_id).await?;
    Ok(found.into_iter().map(ForumInvite).collect())
}

/// An invite looked up by its code: the forum it is for, and whether it
/// still works. Public, like the forum's name: the code is the secret.
pub struct Invitation {
    invite: forum::Invite,
    forum: forum::Forum,
}

#[Object]
impl Invitation {
    async fn forum(&self) -> Forum {
        Forum(self.forum.clone())
    }
    async fn role(&self) -> ForumRole {
        self.invite.role.into()
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        self.invite.expires_at
    }
    /// A withdrawn invite reads as expired here, as `joinForum` refuses it.
    async fn state(&self) -> InviteState {
        match state_of(&self.invite) {
            InviteState::Withdrawn => InviteState::Expired,
            other => other,
        }
    }
}

#[derive(Default)]
pub struct InviteQuery;

#[Object]
impl InviteQuery {
    /// The invite with this code; null when there is none. Anyone may ask.
    async fn invitation(&self, ctx: &Context<'_>, code: String) -> Result<Option<Invitation>> {
        let found = reads::invites::by_code(state(ctx), &code).await?;
        Ok(found.map(|(invite, forum)| Invitation { invite, forum }))
    }
}

#[derive(Default)]
pub struct InviteMutation;

#[Object]
impl InviteMutation {
    /// Facilitators of the invite's forum, and admins: no one can join with
    /// it any more. NOT_FOUND outside the forum; CONFLICT once it is
    /// withdrawn, used up or expired.
    async fn withdraw_invite(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let id = parse_id("id", &id)?;
        forum_ops::withdraw_invite(state(ctx), caller(ctx), id).await?;
        Ok(true)
    }
}
