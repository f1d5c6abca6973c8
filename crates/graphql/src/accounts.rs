use async_graphql::{Context, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};

use coforum_app::reads;
use coforum_domain::account;
use coforum_domain::account::normalize_email;
use coforum_domain::ids::{ApiTokenId, UserId};
use coforum_domain::permissions::{PlatformAction, authorize, authorize_open_mutation};

use super::context::{caller, client, loader, state};
use super::forums::Membership;
use super::ids::parse_id;
use super::scalars::PlatformRole;
use coforum_app::auth::devices;
use coforum_app::error::{AppError, AppResult};

type Result<T> = async_graphql::Result<T>;
use coforum_app::ops::accounts::{self, Registration, SignInFrom};
use coforum_app::ops::api_tokens;
use coforum_app::ops::sessions::SignedIn;

/// A person's account. Their email and memberships are shown only to
/// themselves and to admins.
pub struct User(pub account::User);

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    async fn platform_role(&self) -> PlatformRole {
        self.0.platform_role.into()
    }

    /// Null unless the caller is this person or an admin, and for a
    /// deleted account (its email is erased).
    async fn email(&self, ctx: &Context<'_>) -> Option<&str> {
        let see = PlatformAction::SeeAccount { owner: self.0.id };
        authorize(caller(ctx).actor(), see)
            .ok()
            .filter(|()| !self.0.is_erased())
            .map(|()| self.0.email.as_str())
    }

    /// The forums this person belongs to: for themselves and admins only.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::MEMBERSHIPS, child_complexity)")]
    async fn memberships(&self, ctx: &Context<'_>) -> Result<Vec<Membership>> {
        let memberships = reads::accounts::memberships_of(state(ctx), caller(ctx), self.0.id).await?;
        Ok(memberships.into_iter().map(Membership::new).collect())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// How each kind of notification reaches this person: only they may
    /// read it.
    async fn notification_settings(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<super::notifications::NotificationSetting>> {
        let settings = coforum_app::notices::mine::settings(state(ctx), caller(ctx), self.0.id).await?;
        Ok(super::notifications::settings_out(settings))
    }
}

/// Loads a user for a resolver that holds only the id.
pub async fn load_user(ctx: &Context<'_>, id: UserId) -> AppResult<User> {
    let user = loader(ctx)
        .load_one(id)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    Ok(User(user))
}

/// A signed-in session: a short-lived access token and the single-use
/// refresh token that renews it.
pub struct AuthPayload(pub(crate) SignedIn);

#[Object]
impl AuthPayload {
    async fn access_token(&self) -> &str {
        &self.0.access_token
    }
    async fn refresh_token(&self) -> &str {
        &self.0.refresh_token
    }
    /// When the access token expires.
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
    async fn user(&self) -> User {
        User(self.0.user.clone())
    }
}

/// An officer's read-only API token (its secret is never shown again).
pub struct ApiToken(reads::ApiToken);

#[Object]
impl ApiToken {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
}

/// A new API token: `token` is the secret, shown only this once.
#[derive(SimpleObject)]
pub struct NewApiToken {
    token: String,
    api_token: ApiToken,
}

#[derive(InputObject)]
pub struct RegisterInput {
    email: String,
    /// 10 to 256 characters.
    password: String,
    display_name: String,
    /// Joins the invite's forum as well.
    invite_code: Option<String>,
}

#[derive(InputObject)]
pub struct LoginInput {
    email: String,
    password: String,
}

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The signed-in person.
    async fn me(&self, ctx: &Context<'_>) -> Result<User> {
        let actor = caller(ctx).signed_in()?;
        Ok(load_user(ctx, actor.user_id).await?)
    }

    /// The caller's own API tokens, newest first.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::API_TOKENS, child_complexity)")]
    async fn api_tokens(&self, ctx: &Context<'_>) -> Result<Vec<ApiToken>> {
        let tokens = reads::accounts::api_tokens(state(ctx), caller(ctx)).await?;
        Ok(tokens.into_iter().map(ApiToken).collect())
    }

    /// Everything coforum holds about the signed-in person, as one JSON
    /// document (its field names are listed in the project's decisions).
    /// Not to API tokens.
    async fn my_data(&self, ctx: &Context<'_>) -> Result<Json<reads::my_data::MyData>> {
        Ok(Json(reads::my_data::my_data(state(ctx), caller(ctx)).await?))
    }
}

/// An API token may send no mutation, not even one that needs no sign-in.
pub(crate) fn refuse_api_tokens(ctx: &Context<'_>) -> AppResult<()> {
    authorize_open_mutation(caller(ctx).actor()).map_err(|r| AppError::refused(r, "operation"))
}

/// Gives the client a device cookie (`Set-Cookie` on the answer) that
/// vouches for the account it has just signed in to.
pub(crate) fn vouch_for_device(ctx: &Context<'_>, email: &str) {
    let client = client(ctx);
    let value = state(ctx)
        .devices
        .renew(client.device.as_deref(), &normalize_email(email));
    ctx.insert_http_header("set-cookie", devices::set_cookie(&value, client.https));
}

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Makes an account and signs it in; with `inviteCode`, also joins that forum.
    async fn register(&self, ctx: &Context<'_>, input: RegisterInput) -> Result<AuthPayload> {
        refuse_api_tokens(ctx)?;
        let registration = Registration {
            email: input.email,
            password: input.password.into(),
            display_name: input.display_name,
            invite_code: input.invite_code,
        };
        let signed_in = accounts::register(state(ctx), registration).await?;
        vouch_for_device(ctx, &signed_in.user.email);
        Ok(AuthPayload(signed_in))
    }

    // A client holding a device cookie from an earlier sign-in to this
    // account is not held back by the account's lockout (`ops::accounts::login`).
    async fn login(&self, ctx: &Context<'_>, input: LoginInput) -> Result<AuthPayload> {
        refuse_api_tokens(ctx)?;
        let client = client(ctx);
        let from = SignInFrom {
            address: client.address,
            device_cookie: client.device.as_deref(),
        };
        let signed_in = accounts::login(state(ctx), from, &input.email, input.password.into()).await?;
        vouch_for_device(ctx, &signed_in.user.email);
        Ok(AuthPayload(signed_in))
    }

    /// Swaps a refresh token for a new pair; the old one stops working.
    async fn refresh_session(&self, ctx: &Context<'_>, refresh_token: String) -> Result<AuthPayload> {
        refuse_api_tokens(ctx)?;
        Ok(AuthPayload(accounts::refresh(state(ctx), &refresh_token).await?))
    }

    /// Ends the session the refresh token belongs to.
    async fn logout(&self, ctx: &Context<'_>, refresh_token: String) -> Result<bool> {
        refuse_api_tokens(ctx)?;
        Ok(accounts::logout(state(ctx), &refresh_token).await?)
    }

    /// Deletes the signed-in person's account, with its current password:
    /// it can no longer sign in, its sessions and tokens end, its email and
    /// name are erased and it shows as "Former member". Its ballots and
    /// votes stay counted. The last admin cannot (`CONFLICT`).
    async fn delete_my_account(&self, ctx: &Context<'_>, password: String) -> Result<bool> {
        Ok(accounts::delete_my_account(state(ctx), caller(ctx), password.into()).await?)
    }

    /// Admins only.
    async fn grant_platform_role(&self, ctx: &Context<'_>, user_id: ID, role: PlatformRole) -> Result<User> {
        let user_id = parse_id("userId", &user_id)?;
        let user = accounts::grant_platform_role(state(ctx), caller(ctx), user_id, role.into()).await?;
        Ok(User(user))
    }

    /// Officers and admins: a read-only token for reports and integrations.
    async fn create_api_token(&self, ctx: &Context<'_>, name: String) -> Result<NewApiToken> {
        let (token, api_token) = api_tokens::create(state(ctx), caller(ctx), &name).await?;
        Ok(NewApiToken {
            token,
            api_token: ApiToken(api_token),
        })
    }

    /// True when the token was live and is now revoked.
    async fn revoke_api_token(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let id: ApiTokenId = parse_id("id", &id)?;
        Ok(api_tokens::revoke(state(ctx), caller(ctx), id).await?)
    }
}
