use async_graphql::{Context, Object};

use super::accounts::{AuthPayload, refuse_api_tokens, vouch_for_device};
use super::context::{caller, state};
use coforum_app::ops::passwords;

type Result<T> = async_graphql::Result<T>;

#[derive(Default)]
pub struct PasswordMutation;

#[Object]
impl PasswordMutation {
    /// Emails a link to choose a new password, when an account has this
    /// email (at most 3 an hour). Always true, and takes the same time
    /// either way, so nobody learns which emails have accounts.
    async fn request_password_reset(&self, ctx: &Context<'_>, email: String) -> Result<bool> {
        refuse_api_tokens(ctx)?;
        Ok(passwords::request(state(ctx), &email).await?)
    }

    /// Sets a new password (10 to 256 characters) with the token from the
    /// email: once, within the hour. Ends every other session and signs in.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        token: String,
        new_password: String,
    ) -> Result<AuthPayload> {
        refuse_api_tokens(ctx)?;
        let signed_in = passwords::reset(state(ctx), &token, new_password.into()).await?;
        vouch_for_device(ctx, &signed_in.user.email);
        Ok(AuthPayload(signed_in))
    }

    /// Changes the password, given the current one (a wrong one counts as
    /// a failed sign-in). Ends every session of the account and starts a
    /// new one.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> Result<AuthPayload> {
        refuse_api_tokens(ctx)?;
        let signed_in = passwords::change(
            state(ctx),
            caller(ctx),
            current_password.into(),
            new_password.into(),
        )
        .await?;
        vouch_for_device(ctx, &signed_in.user.email);
        Ok(AuthPayload(signed_in))
    }
}
