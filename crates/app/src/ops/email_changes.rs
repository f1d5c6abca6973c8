//! requestEmailChange and confirmEmailChange: a link to the new address, a
//! notice to the old one, and the address changes only when the link is
//! followed (issue 15; the choices are in docs/decisions.md).

use coforum_domain::account::{Email, normalize_email};
use coforum_domain::audit::AuditAction;
use coforum_domain::email_change::{LINK_LIFETIME, WINDOW, masked, may_request};
use coforum_domain::permissions::{PlatformAction, authorize};
use coforum_mail::compose;
use coforum_persistence::now;
use coforum_persistence::repos::{email_changes, locks, outbox, users};
use secrecy::SecretString;

use super::accounts::{EMAIL_TAKEN, check_current_password};
use super::audit;
use crate::auth::principal::Caller;
use crate::auth::secrets::{EMAIL_CHANGE_PREFIX, hash_secret, random_token};
use crate::error::{AppError, AppResult, DuplicateIsConflict};
use crate::state::AppState;

const BAD_LINK: AppError = AppError::Unauthenticated("this link is used, expired or unknown");
const TOO_MANY: AppError =
    AppError::RateLimited("you asked to change your email 3 times in the last hour: wait, then try again");

/// Asks to change the caller's email to `new_email`, given their password
/// (a wrong one counts as a failed sign-in). Sends the new address a link
/// and the old one a notice, in the transaction that stores the request;
/// earlier links of the account stop working. An address another account
/// has is `CONFLICT`, as `register` answers, and only once the password
/// is right.
pub async fn request(
    state: &AppState,
    caller: &Caller,
    new_email: &str,
    password: SecretString,
) -> AppResult<bool> {
    authorize(caller.actor(), PlatformAction::ChangeOwnEmail).map_err(|r| AppError::refused(r, "account"))?;
    let actor = caller.signed_in()?;
    let new_email = Email::parse("newEmail", new_email)?;
    let user = users::find(state.db.conn(), actor.user_id)
        .await?
        .filter(|user| !user.is_erased())
        .ok_or(AppError::SIGN_IN_FIRST)?;
    if new_email.key() == normalize_email(&user.email) {
        return Err(AppError::invalid("newEmail", "is already your email address"));
    }
    check_current_password(state, &user, password).await?;

    let txn = state.db.begin().await?;
    // One request at a time per account, so the limit holds.
    locks::hold(&txn, &format!("email-change:{}", user.id)).await?;
    let at = now();
    if !may_request(email_changes::count_since(&txn, user.id, at - WINDOW).await?) {
        return Err(TOO_MANY);
    }
    if users::find_credentials(&txn, &new_email.key()).await?.is_some() {
        return Err(AppError::conflict(EMAIL_TAKEN));
    }
    // Only the newest link works: a mistyped address's link is gone.
    email_changes::end_pending_of(&txn, user.id).await?;
    let token = random_token(EMAIL_CHANGE_PREFIX);
    email_changes::insert(&txn, user.id, &new_email, hash_secret(&token), at + LINK_LIFETIME).await?;
    let public_url = &state.config.public_url;
    let link = public_url
        .join(&format!("confirm-email/{token}"))
        .map_err(AppError::internal)?;
    let forgot = public_url.join("forgot-password").map_err(AppError::internal)?;
    let old_email = Email::parse("email", &user.email)?;
    let to_new = compose::email_change_link(&new_email, link.as_str()).map_err(AppError::internal)?;
    let to_old = compose::email_change_notice(
        &old_email,
        &user.display_name,
        &masked(new_email.as_str()),
        forgot.as_str(),
    )
    .map_err(AppError::internal)?;
    outbox::enqueue(&txn, &to_new).await?;
    outbox::enqueue(&txn, &to_old).await?;
    txn.commit().await?;
    state.mail.wake();
    Ok(true)
}

/// Follows the emailed link: the account's email becomes the new address,
/// if the link is unused and unexpired (else `UNAUTHENTICATED`) and the
/// address is still free (else `CONFLICT`, and the link still works once
/// the address is free). No sign-in: the token is the authority. Every
/// other waiting link of the account stops working. Answers the new address.
pub async fn confirm(state: &AppState, token: &str) -> AppResult<Email> {
    let token_hash = hash_secret(token.trim());
    let txn = state.db.begin().await?;
    let followed = email_changes::use_token(&txn, &token_hash, now())
        .await?
        .ok_or(BAD_LINK)?;
    let user = users::find(&txn, followed.user_id)
        .await?
        .filter(|user| !user.is_erased())
        .ok_or(BAD_LINK)?;
    let new_email = followed.new_email;
    let holder = users::find_credentials(&txn, &new_email.key()).await?;
    if holder.is_some_and(|holder| holder.user.id != user.id) {
        // Dropping the transaction takes back the use of the token.
        return Err(AppError::conflict(EMAIL_TAKEN));
    }
    users::set_email(&txn, user.id, &new_email)
        .await
        .duplicate_is_conflict(EMAIL_TAKEN)?;
    email_changes::end_pending_of(&txn, user.id).await?;
    // No address in the record: the audit log outlives an erased account.
    audit::record(
        &txn,
        Some(user.id),
        AuditAction::EmailChanged,
        None,
        user.id,
        "email address changed by its owner, through the link sent to the new address",
    )
    .await?;
    txn.commit().await?;
    Ok(new_email)
}
