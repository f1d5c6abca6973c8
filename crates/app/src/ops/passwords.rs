//! requestPasswordReset, resetPassword and changePassword (contract, "Your
//! account").

use std::time::Duration;

use coforum_domain::account::{Email, NewPassword, normalize_email};
use coforum_domain::password_reset::{LINK_LIFETIME, WINDOW, may_send};
use coforum_mail::compose;
use coforum_persistence::now;
use coforum_persistence::repos::{
    email_changes, locks, login_failures, outbox, password_resets, sessions as session_repo, users,
};
use secrecy::{ExposeSecret as _, SecretString};
use tokio::time::Instant;

use super::accounts::check_current_password;
use super::sessions::{self, SignedIn};
use crate::auth::principal::Caller;
use crate::auth::secrets::{PASSWORD_RESET_PREFIX, hash_secret, random_token};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Every request takes at least this long, whether an email goes or not,
/// so the time of the answer does not tell whether an account exists.
const STEADY_ANSWER: Duration = Duration::from_millis(400);

const BAD_RESET: AppError = AppError::Unauthenticated("this reset link is used, expired or unknown");

/// Sends a reset link to the account with `email`, if there is one and it
/// has had fewer than 3 in the last hour. Always true, in the same time.
pub async fn request(state: &AppState, email: &str) -> AppResult<bool> {
    let started = Instant::now();
    let sent = send_link(state, email).await;
    tokio::time::sleep_until(started + STEADY_ANSWER).await;
    match sent {
        Ok(()) => Ok(true),
        // The caller learns nothing either way; we do.
        Err(err) => {
            tracing::error!(error = %err, "a password reset could not be sent");
            Ok(true)
        }
    }
}

async fn send_link(state: &AppState, email: &str) -> AppResult<()> {
    let email_key = normalize_email(email);
    let txn = state.db.begin().await?;
    let Some(account) = users::find_credentials(&txn, &email_key).await? else {
        return Ok(());
    };
    let user = account.user;
    // One request at a time per account, so the limit of 3 holds.
    locks::hold(&txn, &format!("password-reset:{}", user.id)).await?;
    let at = now();
    if !may_send(password_resets::count_since(&txn, user.id, at - WINDOW).await?) {
        return Ok(());
    }
    let token = random_token(PASSWORD_RESET_PREFIX);
    password_resets::insert(&txn, user.id, hash_secret(&token), at + LINK_LIFETIME).await?;
    let link = state
        .config
        .public_url
        .join(&format!("reset-password/{token}"))
        .map_err(AppError::internal)?;
    let to = Email::parse("email", &user.email)?;
    let message =
        compose::password_reset(&to, &user.display_name, link.as_str()).map_err(AppError::internal)?;
    outbox::enqueue(&txn, &message).await?;
    txn.commit().await?;
    state.mail.wake();
    Ok(())
}

/// Sets a new password with a reset token, ends every other session of the
/// account and any change of its email waiting for its link, and signs in.
pub async fn reset(state: &AppState, token: &str, new_password: SecretString) -> AppResult<SignedIn> {
    NewPassword::parse_as("newPassword", new_password.expose_secret())?;
    let token_hash = hash_secret(token.trim());
    // Hash before the transaction: the write lock is never held for argon2.
    let password_hash = state.passwords.hash(new_password).await?;
    let txn = state.db.begin().await?;
    let user_id = password_resets::use_token(&txn, &token_hash, now())
        .await?
        .ok_or(BAD_RESET)?;
    let user = users::find(&txn, user_id)
        .await?
        .filter(|user| !user.is_erased())
        .ok_or(BAD_RESET)?;
    users::set_password_hash(&txn, user_id, password_hash).await?;
    session_repo::revoke_all_of(&txn, user_id).await?;
    // What the notice of an email change advises: it stops the change.
    email_changes::end_pending_of(&txn, user_id).await?;
    // Whoever was locked out by wrong guesses can sign in with the new one.
    login_failures::clear(&txn, &normalize_email(&user.email)).await?;
    let signed_in = sessions::start(state, &txn, user).await?;
    txn.commit().await?;
    Ok(signed_in)
}

/// Changes the caller's password, given the current one (a wrong one counts
/// as a failed sign-in): every session of the account ends, access tokens
/// included, and a new one starts; a change of email waiting for its link
/// stops.
pub async fn change(
    state: &AppState,
    caller: &Caller,
    current_password: SecretString,
    new_password: SecretString,
) -> AppResult<SignedIn> {
    let actor = caller.signed_in()?;
    // Checked first, so a weak new password costs no sign-in attempt.
    NewPassword::parse_as("newPassword", new_password.expose_secret())?;
    let user = users::find(state.db.conn(), actor.user_id)
        .await?
        .filter(|user| !user.is_erased())
        .ok_or(AppError::SIGN_IN_FIRST)?;
    check_current_password(state, &user, current_password).await?;
    let password_hash = state.passwords.hash(new_password).await?;
    let txn = state.db.begin().await?;
    users::set_password_hash(&txn, user.id, password_hash).await?;
    session_repo::revoke_all_of(&txn, user.id).await?;
    email_changes::end_pending_of(&txn, user.id).await?;
    let signed_in = sessions::start(state, &txn, user).await?;
    txn.commit().await?;
    Ok(signed_in)
}
