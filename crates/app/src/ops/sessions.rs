use chrono::{DateTime, Utc};
use coforum_domain::account::User;
use coforum_domain::ids::SessionId;
use coforum_domain::permissions::{Actor, PlatformAction, authorize};
use coforum_persistence::repos::sessions;
use coforum_persistence::{ConnectionTrait, now};

use crate::auth::principal::Caller;
use crate::auth::secrets::{REFRESH_TOKEN_PREFIX, hash_secret, random_token};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// What a successful sign-in, registration or refresh hands back.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

fn refresh_expiry(state: &AppState) -> DateTime<Utc> {
    now() + chrono::Duration::from_std(state.config.refresh_token_ttl).unwrap_or(chrono::Duration::days(30))
}

/// Starts a new session for `user`.
pub async fn start(state: &AppState, conn: &impl ConnectionTrait, user: User) -> AppResult<SignedIn> {
    let refresh_token = random_token(REFRESH_TOKEN_PREFIX);
    let session_id =
        sessions::start(conn, user.id, hash_secret(&refresh_token), refresh_expiry(state)).await?;
    sign(state, session_id, refresh_token, user)
}

/// Adds the next refresh token to `session_id`.
pub async fn rotate(
    state: &AppState,
    conn: &impl ConnectionTrait,
    session_id: SessionId,
    user: User,
) -> AppResult<SignedIn> {
    let refresh_token = random_token(REFRESH_TOKEN_PREFIX);
    sessions::add_refresh_token(
        conn,
        session_id,
        hash_secret(&refresh_token),
        refresh_expiry(state),
    )
    .await?;
    sign(state, session_id, refresh_token, user)
}

fn sign(state: &AppState, session_id: SessionId, refresh_token: String, user: User) -> AppResult<SignedIn> {
    let (access_token, expires_at) = state.access_tokens.issue(user.id, session_id, now())?;
    Ok(SignedIn {
        access_token,
        refresh_token,
        expires_at,
        user,
    })
}

/// The caller, if they may list and end their own sessions: signed in
/// with a session, as an API token is none.
pub(crate) fn session_owner(caller: &Caller) -> AppResult<&Actor> {
    authorize(caller.actor(), PlatformAction::ManageOwnSessions)
        .map_err(|r| AppError::refused(r, "session"))?;
    caller.signed_in()
}

/// Ends one of the caller's own sessions (this one too, if asked): its
/// refresh and access tokens stop working at once. True when it was live;
/// someone else's, or none, is `NOT_FOUND`.
pub async fn end(state: &AppState, caller: &Caller, session_id: SessionId) -> AppResult<bool> {
    let actor = session_owner(caller)?;
    let txn = state.db.begin().await?;
    if sessions::owner_of(&txn, session_id).await? != Some(actor.user_id) {
        return Err(AppError::NotFound("session"));
    }
    let ended = sessions::revoke(&txn, session_id).await?;
    txn.commit().await?;
    Ok(ended)
}

/// Ends every session of the caller, the one asking included: every
/// refresh and access token of the account stops working at once.
pub async fn sign_out_everywhere(state: &AppState, caller: &Caller) -> AppResult<bool> {
    let actor = session_owner(caller)?;
    let txn = state.db.begin().await?;
    sessions::revoke_all_of(&txn, actor.user_id).await?;
    txn.commit().await?;
    Ok(true)
}
