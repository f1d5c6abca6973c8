use coforum_domain::account::api_token_name;
use coforum_domain::audit::AuditAction;
use coforum_domain::ids::ApiTokenId;
use coforum_domain::permissions::{PlatformAction, Refusal, authorize};
use coforum_persistence::repos::api_tokens::{self, ApiToken};

use super::audit;
use crate::auth::principal::Caller;
use crate::auth::secrets::{API_TOKEN_PREFIX, hash_secret, random_token};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A new read-only token for the calling officer; the secret is shown once.
pub async fn create(state: &AppState, caller: &Caller, name: &str) -> AppResult<(String, ApiToken)> {
    authorize(caller.actor(), PlatformAction::CreateApiToken).map_err(|r| AppError::refused(r, "token"))?;
    let actor = caller.signed_in()?;
    let name = api_token_name(name)?;
    let secret = random_token(API_TOKEN_PREFIX);
    let txn = state.db.begin().await?;
    let token = api_tokens::insert(&txn, actor.user_id, &name, hash_secret(&secret)).await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::ApiTokenCreated,
        None,
        token.id,
        name,
    )
    .await?;
    txn.commit().await?;
    Ok((secret, token))
}

/// Revokes a token. Someone else's token is NOT_FOUND to all but admins.
pub async fn revoke(state: &AppState, caller: &Caller, id: ApiTokenId) -> AppResult<bool> {
    let actor = caller.signed_in()?;
    let own = PlatformAction::RevokeApiToken { owner: actor.user_id };
    authorize(Some(actor), own).map_err(|r| AppError::refused(r, "API token"))?;
    let txn = state.db.begin().await?;
    let token = api_tokens::find(&txn, id)
        .await?
        .ok_or(AppError::NotFound("API token"))?;
    authorize(
        Some(actor),
        PlatformAction::RevokeApiToken { owner: token.user_id },
    )
    .map_err(|r| match r {
        Refusal::Forbidden => AppError::NotFound("API token"),
        other => AppError::refused(other, "API token"),
    })?;
    let revoked = api_tokens::revoke(&txn, id).await?;
    if revoked {
        let detail = format!("{} (owner {})", token.name, token.user_id);
        audit::record(
            &txn,
            Some(actor.user_id),
            AuditAction::ApiTokenRevoked,
            None,
            id,
            detail,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(revoked)
}
