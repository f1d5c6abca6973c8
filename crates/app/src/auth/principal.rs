use coforum_domain::permissions::{Actor, Credential};
use coforum_persistence::repos::{api_tokens, sessions};

use crate::auth::secrets::{API_TOKEN_PREFIX, hash_secret};
use crate::error::AppError;
use crate::state::AppState;

/// The caller of one request: nobody, or a signed-in actor.
#[derive(Clone, Copy, Debug, Default)]
pub struct Caller(pub Option<Actor>);

impl Caller {
    pub fn actor(&self) -> Option<&Actor> {
        self.0.as_ref()
    }

    /// The actor, or UNAUTHENTICATED.
    pub fn signed_in(&self) -> Result<&Actor, AppError> {
        self.0.as_ref().ok_or(AppError::SIGN_IN_FIRST)
    }
}

/// Reads `Authorization: Bearer <token>`. No header: nobody. A token that is
/// forged, expired, revoked or malformed: UNAUTHENTICATED, for the whole
/// request, so a client learns at once that its token is bad.
pub async fn resolve(state: &AppState, authorization: Option<&str>) -> Result<Caller, AppError> {
    Ok(resolve_named(state, authorization).await?.0)
}

/// Like [`resolve`], with the name the caller goes by, from the same read:
/// for the web client's header, which greets them on every page.
pub async fn resolve_named(
    state: &AppState,
    authorization: Option<&str>,
) -> Result<(Caller, Option<String>), AppError> {
    let Some(header) = authorization else {
        return Ok((Caller(None), None));
    };
    const BAD_TOKEN: AppError = AppError::Unauthenticated("the token is invalid or has expired");
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .ok_or(BAD_TOKEN)?;
    let conn = state.db.conn();
    let (user, credential) = if token.starts_with(API_TOKEN_PREFIX) {
        let user = api_tokens::owner_of_live(conn, &hash_secret(token)).await?;
        (user, Credential::ApiToken)
    } else {
        let claims = state.access_tokens.verify(token).ok_or(BAD_TOKEN)?;
        let user = sessions::live_session_user(conn, claims.session_id, claims.user_id).await?;
        (user, Credential::Session(claims.session_id))
    };
    let user = user.ok_or(BAD_TOKEN)?;
    let caller = Caller(Some(Actor {
        user_id: user.id,
        platform_role: user.platform_role,
        credential,
    }));
    Ok((caller, Some(user.display_name)))
}
