use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use coforum_app::reads;
use coforum_domain::account;
use coforum_domain::forum;
use coforum_domain::ids::ForumId;
use coforum_domain::permissions::ForumAction;

use super::accounts::{User, load_user};
use super::context::{caller, caller_role, loader, require_in_forum, state};
use super::findings::{FindingConnection, findings_page};
use super::ids::parse_id;
use super::loaders::MemberCountOf;
use super::rounds::Round;
use super::scalars::ForumRole;
use coforum_app::error::{AppError, AppResult};

type Result<T> = async_graphql::Result<T>;
use coforum_app::ops::forums::{self as forum_ops, InviteRequest};
use coforum_app::ops::members as member_ops;

/// A lived-experience group. Its name, slug, description and size are
/// public; everything inside needs membership or an officer's role.
pub struct Forum(pub forum::Forum);

#[Object]
impl Forum {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Whether its facilitators record progress on agreed improvements, as
    /// officers do; an admin's choice, false unless set.
    async fn facilitators_record_progress(&self) -> bool {
        self.0.settings.facilitators_record_progress
    }

    async fn member_count(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(loader(ctx).load_one(MemberCountOf(self.0.id)).await?.unwrap_or(0))
    }

    /// The caller's role here; null when not a member.
    async fn my_role(&self, ctx: &Context<'_>) -> Result<Option<ForumRole>> {
        Ok(caller_role(ctx, self.0.id).await?.map(Into::into))
    }

    /// Newest received first; `first` 1 to 100 (20 when omitted).
    #[graphql(complexity = "super::list_cost(first, 20, child_complexity)")]
    async fn findings(
        &self,
        ctx: &Context<'_>,
        first: Option<i64>,
        after: Option<String>,
        theme: Option<String>,
    ) -> Result<FindingConnection> {
        Ok(findings_page(ctx, self.0.id, first, after, theme).await?)
    }

    /// Facilitators of the forum and admins (FORBIDDEN to anyone else):
    /// its invites, newest first (at most 100), without their codes.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::INVITES, child_complexity)")]
    async fn invites(&self, ctx: &Context<'_>) -> Result<Vec<super::invites::ForumInvite>> {
        super::invites::of_forum(ctx, self.0.id).await
    }

    /// Newest first.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::ROUNDS_OF_FORUM, child_complexity)")]
    async fn rounds(&self, ctx: &Context<'_>) -> Result<Vec<Round>> {
        require_in_forum(ctx, self.0.id, ForumAction::Read).await?;
        let rounds = reads::forums::rounds(state(ctx), self.0.id).await?;
        Ok(rounds.into_iter().map(Round).collect())
    }

    /// Newest first.
    #[graphql(
        complexity = "super::list_bounds::cost(super::list_bounds::IMPROVEMENTS_OF_FORUM, child_complexity)"
    )]
    async fn improvements(&self, ctx: &Context<'_>) -> Result<Vec<super::improvements::Improvement>> {
        require_in_forum(ctx, self.0.id, ForumAction::Read).await?;
        let current = reads::forums::improvements(state(ctx), self.0.id).await?;
        Ok(current
            .into_iter()
            .map(super::improvements::Improvement)
            .collect())
    }

    /// Root `priorities(forumId:)` of this forum: the ranking of its most
    /// recently published round. `first`: 1 to 500, 50 when omitted.
    #[graphql(complexity = "super::list_cost(first, 50, child_complexity)")]
    async fn priorities(
        &self,
        ctx: &Context<'_>,
        theme: Option<String>,
        first: Option<i64>,
    ) -> Result<Vec<super::reports::Priority>> {
        Ok(super::reports::priorities(ctx, Some(self.0.id), theme.as_deref(), first).await?)
    }

    /// Root `priorityHistory(forumId:)` of this forum: its published
    /// rounds, most recently published first. `first`: 1 to 50, 12 when omitted.
    #[graphql(complexity = "super::list_cost(first, super::list_bounds::PUBLISHED_ROUNDS, child_complexity)")]
    async fn priority_history(&self, ctx: &Context<'_>, first: Option<i64>) -> Result<Vec<Round>> {
        let rounds =
            coforum_app::ops::reports::priority_history(state(ctx), caller(ctx), self.0.id, first).await?;
        Ok(rounds.into_iter().map(Round).collect())
    }

    /// Root `youSaidWeDid(forumId:)` of this forum: its agreed improvements,
    /// newest agreed first.
    #[graphql(
        complexity = "super::list_bounds::cost(super::list_bounds::AGREED_IMPROVEMENTS, child_complexity)"
    )]
    async fn you_said_we_did(&self, ctx: &Context<'_>) -> Result<Vec<super::progress::YouSaidWeDid>> {
        Ok(super::improvements::you_said_we_did(ctx, Some(self.0.id)).await?)
    }

    /// Comments members reported that still show, the longest waiting
    /// first: for the forum's facilitators and admins.
    #[graphql(
        complexity = "super::list_bounds::cost(super::list_bounds::REPORTED_COMMENTS, child_complexity)"
    )]
    async fn reported_comments(&self, ctx: &Context<'_>) -> Result<Vec<super::comments::ReportedComment>> {
        let reported = reads::comments::reported_in(state(ctx), caller(ctx), self.0.id).await?;
        Ok(reported
            .into_iter()
            .map(super::comments::ReportedComment)
            .collect())
    }

    /// Longest-standing first.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::MEMBERS, child_complexity)")]
    async fn members(&self, ctx: &Context<'_>) -> Result<Vec<Membership>> {
        require_in_forum(ctx, self.0.id, ForumAction::Read).await?;
        if !ctx.look_ahead().field("user").exists() {
            let members = reads::forums::members(state(ctx), self.0.id).await?;
            return Ok(members.into_iter().map(Membership::new).collect());
        }
        // Hundreds of members: their accounts come in the same statement.
        let members = reads::forums::members_with_users(state(ctx), self.0.id).await?;
        Ok(members
            .into_iter()
            .map(|(membership, user)| Membership(membership, Some(user)))
            .collect())
    }
}

/// Loads a forum for a resolver that holds only the id.
pub async fn load_forum(ctx: &Context<'_>, id: ForumId) -> AppResult<Forum> {
    let forum = loader(ctx)
        .load_one(id)
        .await?
        .ok_or(AppError::NotFound("forum"))?;
    Ok(Forum(forum))
}

/// A person's place in a forum, with their account when it was read with it.
pub struct Membership(pub forum::Membership, pub Option<account::User>);

impl Membership {
    pub fn new(membership: forum::Membership) -> Self {
        Self(membership, None)
    }
}

#[Object]
impl Membership {
    async fn role(&self) -> ForumRole {
        self.0.role.into()
    }
    async fn joined_at(&self) -> DateTime<Utc> {
        self.0.joined_at
    }
    async fn forum(&self, ctx: &Context<'_>) -> Result<Forum> {
        Ok(load_forum(ctx, self.0.forum_id).await?)
    }
    async fn user(&self, ctx: &Context<'_>) -> Result<User> {
        if let Some(user) = &self.1 {
            return Ok(User(user.clone()));
        }
        Ok(load_user(ctx, self.0.user_id).await?)
    }
}

/// An invite to join a forum. `code` is shown only when it is created.
pub struct Invite {
    code: String,
    invite: forum::Invite,
}

#[Object]
impl Invite {
    async fn id(&self) -> ID {
        ID(self.invite.id.to_string())
    }
    /// The secret to share: as `inviteCode` in `register`, or in `joinForum`.
    async fn code(&self) -> &str {
        &self.code
    }
    async fn role(&self) -> ForumRole {
        self.invite.role.into()
    }
    /// Null: any number of people may use it until it expires.
    async fn max_uses(&self) -> Option<u32> {
        self.invite.max_uses
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        self.invite.expires_at
    }
    async fn forum(&self, ctx: &Context<'_>) -> Result<Forum> {
        Ok(load_forum(ctx, self.invite.forum_id).await?)
    }
}

#[derive(InputObject)]
pub struct CreateForumInput {
    /// 3 to 40 of a-z, 0-9 and hyphens: the forum's address.
    slug: String,
    name: String,
    description: String,
}

#[derive(InputObject)]
pub struct CreateInviteInput {
    forum_id: ID,
    role: ForumRole,
    /// 1 to 10,000; omit for any number of uses until it expires.
    max_uses: Option<i64>,
    /// 1 to 2,160 (90 days); 168 (a week) when omitted.
    expires_in_hours: Option<i64>,
}

#[derive(InputObject)]
pub struct ForumSettingsInput {
    forum_id: ID,
    /// Let the forum's facilitators record progress, as officers do.
    facilitators_record_progress: Option<bool>,
}

#[derive(Default)]
pub struct ForumQuery;

#[Object]
impl ForumQuery {
    /// Every forum, by name. Public.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::FORUMS, child_complexity)")]
    async fn forums(&self, ctx: &Context<'_>) -> Result<Vec<Forum>> {
        let forums = reads::forums::all(state(ctx)).await?;
        Ok(forums.into_iter().map(Forum).collect())
    }

    /// One forum by its slug; null when there is none.
    async fn forum(&self, ctx: &Context<'_>, slug: String) -> Result<Option<Forum>> {
        let forum = reads::forums::by_slug(state(ctx), &slug).await?;
        Ok(forum.map(Forum))
    }
}

#[derive(Default)]
pub struct ForumMutation;

#[Object]
impl ForumMutation {
    /// Admins only.
    async fn create_forum(&self, ctx: &Context<'_>, input: CreateForumInput) -> Result<Forum> {
        let caller = super::context::caller(ctx);
        let forum =
            forum_ops::create_forum(state(ctx), caller, (&input.slug, &input.name, &input.description))
                .await?;
        Ok(Forum(forum))
    }

    /// Facilitators of the forum, and admins.
    async fn create_invite(&self, ctx: &Context<'_>, input: CreateInviteInput) -> Result<Invite> {
        let request = InviteRequest {
            forum_id: parse_id("forumId", &input.forum_id)?,
            role: input.role.into(),
            max_uses: input.max_uses,
            expires_in_hours: input.expires_in_hours,
        };
        let (code, invite) =
            forum_ops::create_invite(state(ctx), super::context::caller(ctx), request).await?;
        Ok(Invite { code, invite })
    }

    /// Facilitators of the forum, and admins: makes a member a facilitator
    /// or a member. A forum keeps at least one facilitator (`CONFLICT`).
    async fn set_forum_role(
        &self,
        ctx: &Context<'_>,
        forum_id: ID,
        user_id: ID,
        role: ForumRole,
    ) -> Result<Membership> {
        let forum_id = parse_id("forumId", &forum_id)?;
        let user_id = parse_id("userId", &user_id)?;
        let membership = member_ops::set_forum_role(
            state(ctx),
            super::context::caller(ctx),
            forum_id,
            user_id,
            role.into(),
        )
        .await?;
        Ok(Membership::new(membership))
    }

    /// Facilitators of the forum, and admins: takes a member out of the
    /// forum. Their ballots in open rounds and votes in open decisions are
    /// withdrawn; closed results never change. A forum keeps at least one
    /// facilitator (`CONFLICT`).
    async fn remove_member(&self, ctx: &Context<'_>, forum_id: ID, user_id: ID) -> Result<bool> {
        let forum_id = parse_id("forumId", &forum_id)?;
        let user_id = parse_id("userId", &user_id)?;
        Ok(member_ops::remove_member(state(ctx), super::context::caller(ctx), forum_id, user_id).await?)
    }

    /// Admins choose a forum's settings; an omitted one stays as it is.
    async fn set_forum_settings(&self, ctx: &Context<'_>, input: ForumSettingsInput) -> Result<Forum> {
        let forum_id = parse_id("forumId", &input.forum_id)?;
        let forum = forum_ops::set_forum_settings(
            state(ctx),
            caller(ctx),
            forum_id,
            input.facilitators_record_progress,
        )
        .await?;
        Ok(Forum(forum))
    }

    /// Joins the forum an invite is for (or takes up its higher role).
    async fn join_forum(&self, ctx: &Context<'_>, code: String) -> Result<Membership> {
        let membership = forum_ops::join_forum(state(ctx), super::context::caller(ctx), &code).await?;
        Ok(Membership::new(membership))
    }
}
