use std::net::IpAddr;

use chrono::Duration;
use coforum_domain::account::{
    DisplayName, Email, NewPassword, PlatformRole, User, change_platform_role, delete_account,
    normalize_email,
};
use coforum_domain::audit::AuditAction;
use coforum_domain::ids::UserId;
use coforum_domain::permissions::{PlatformAction, authorize};
use coforum_domain::sign_in::{
    ADDRESS_WINDOW_SECONDS, Held, LOGIN_WINDOW_MINUTES, address_key, device_is_trusted,
    login_is_rate_limited, untrusted_client_held,
};
use coforum_persistence::now;
use coforum_persistence::repos::client_failures::{self, ClientKind::Address, ClientKind::Device};
use coforum_persistence::repos::{
    api_tokens, email_changes, locks, login_failures, outbox, password_resets, sessions as session_repo,
    users,
};
use secrecy::{ExposeSecret as _, SecretString};

use super::audit;
use super::forums::join_with_invite_code;
use super::sessions::{self, SignedIn};
use crate::auth::principal::Caller;
use crate::auth::secrets::{hash_secret, random_token};
use crate::error::{AppError, AppResult, DuplicateIsConflict};
use crate::state::AppState;

pub struct Registration {
    pub email: String,
    pub password: SecretString,
    pub display_name: String,
    pub invite_code: Option<String>,
}

pub(crate) const EMAIL_TAKEN: &str = "an account with this email already exists";

pub async fn register(state: &AppState, input: Registration) -> AppResult<SignedIn> {
    let email = Email::parse("email", &input.email)?;
    // Checked here, hashed from the secret itself below.
    NewPassword::parse(input.password.expose_secret())?;
    let display_name = DisplayName::parse(&input.display_name)?;
    let invite_code = input.invite_code.filter(|code| !code.trim().is_empty());
    state
        .config
        .registration
        .admits(invite_code.is_some())
        .map_err(|r| AppError::refused(r, "invite"))?;
    // Hash before the transaction: the write lock is never held for argon2.
    let password_hash = state.passwords.hash(input.password).await?;

    let txn = state.db.begin().await?;
    let user = users::insert(&txn, &email, &display_name, password_hash, PlatformRole::None)
        .await
        .duplicate_is_conflict(EMAIL_TAKEN)?;
    if let Some(code) = invite_code {
        join_with_invite_code(&txn, user.id, code.trim()).await?;
    }
    let signed_in = sessions::start(state, &txn, user).await?;
    txn.commit().await?;
    Ok(signed_in)
}

/// Emails longer than this have no account (addresses are at most 254).
const MAX_EMAIL_KEY: usize = 320;

/// Where a sign-in comes from, as the transport tells it.
#[derive(Clone, Copy, Debug)]
pub struct SignInFrom<'a> {
    pub address: IpAddr,
    /// The device cookie the client sent, if any.
    pub device_cookie: Option<&'a str>,
}

/// Signs in. A client with a device cookie for this account that is still
/// trusted is held back by that cookie's own failures only; any other is
/// held back by its address's failures and then the email's. Every attempt
/// counts as a failure from the start, and is forgiven only when the
/// password proves right: guesses sent at once all count, and the locks
/// make the count-then-record step one at a time per address and email.
pub async fn login(
    state: &AppState,
    from: SignInFrom<'_>,
    email: &str,
    password: SecretString,
) -> AppResult<SignedIn> {
    let email_key = normalize_email(email);
    if email_key.len() > MAX_EMAIL_KEY {
        return Err(AppError::WRONG_CREDENTIALS);
    }
    let address = address_key(from.address);
    let device = from
        .device_cookie
        .and_then(|cookie| state.devices.recognise(cookie, &email_key));
    let at = now();
    let email_window = at - Duration::minutes(LOGIN_WINDOW_MINUTES);
    let address_window = at - Duration::seconds(ADDRESS_WINDOW_SECONDS);
    let txn = state.db.begin().await?;
    // Always the address first, then the email, so two sign-ins never wait
    // for each other's lock.
    locks::hold(&txn, &format!("sign-in-address:{address}")).await?;
    locks::hold(&txn, &format!("login:{email_key}")).await?;
    let trusted_device = match device {
        Some(nonce) => {
            let failures = client_failures::count_since(&txn, Device, nonce, email_window).await?;
            device_is_trusted(failures).then_some(nonce)
        }
        None => None,
    };
    // Failures to take back if the password is right.
    let mut provisional = Vec::new();
    match trusted_device {
        Some(nonce) => {
            provisional.push(client_failures::record(&txn, Device, nonce, at, email_window).await?);
        }
        None => {
            let address_failures =
                client_failures::count_since(&txn, Address, &address, address_window).await?;
            let email_failures = login_failures::count_since(&txn, &email_key, email_window).await?;
            match untrusted_client_held(address_failures, email_failures) {
                Some(Held::Address) => return Err(AppError::ADDRESS_LIMITED),
                Some(Held::Email) => return Err(AppError::EMAIL_LOCKED),
                None => {
                    login_failures::record(&txn, &email_key, at, email_window).await?;
                }
            }
        }
    }
    // A trusted device's wrong passwords count toward its address too.
    provisional.push(client_failures::record(&txn, Address, &address, at, address_window).await?);
    txn.commit().await?;

    let credentials = users::find_credentials(state.db.conn(), &email_key).await?;
    let stored_hash = credentials.as_ref().map(|c| c.password_hash.clone());
    let genuine = state.passwords.verify(password, stored_hash).await?;
    let Some(credentials) = credentials.filter(|_| genuine) else {
        return Err(AppError::WRONG_CREDENTIALS);
    };
    let txn = state.db.begin().await?;
    for failure in provisional {
        client_failures::forgive(&txn, failure).await?;
    }
    login_failures::clear(&txn, &email_key).await?;
    let signed_in = sessions::start(state, &txn, credentials.user).await?;
    txn.commit().await?;
    Ok(signed_in)
}

const BAD_REFRESH: AppError = AppError::Unauthenticated("the refresh token is invalid, used or expired");

/// Swaps a refresh token for a new pair. A token presented twice ends its
/// whole session: whoever holds the other copy is signed out too.
pub async fn refresh(state: &AppState, refresh_token: &str) -> AppResult<SignedIn> {
    let txn = state.db.begin().await?;
    let record = session_repo::find_refresh_token(&txn, &hash_secret(refresh_token))
        .await?
        .ok_or(BAD_REFRESH)?;
    if record.session_revoked || record.expires_at <= now() {
        return Err(BAD_REFRESH);
    }
    let first_use = !record.used && session_repo::mark_refresh_token_used(&txn, record.token_id).await?;
    if !first_use {
        session_repo::revoke(&txn, record.session_id).await?;
        txn.commit().await?;
        tracing::warn!(session = %record.session_id, "refresh token reused: session revoked");
        return Err(BAD_REFRESH);
    }
    let user = users::find(&txn, record.user_id).await?.ok_or(BAD_REFRESH)?;
    let signed_in = sessions::rotate(state, &txn, record.session_id, user).await?;
    txn.commit().await?;
    Ok(signed_in)
}

/// Ends the session the refresh token belongs to.
pub async fn logout(state: &AppState, refresh_token: &str) -> AppResult<bool> {
    let txn = state.db.begin().await?;
    let record = session_repo::find_refresh_token(&txn, &hash_secret(refresh_token))
        .await?
        .ok_or(BAD_REFRESH)?;
    session_repo::revoke(&txn, record.session_id).await?;
    txn.commit().await?;
    Ok(true)
}

pub async fn grant_platform_role(
    state: &AppState,
    caller: &Caller,
    user_id: UserId,
    role: PlatformRole,
) -> AppResult<User> {
    authorize(caller.actor(), PlatformAction::GrantPlatformRole).map_err(|r| AppError::refused(r, "user"))?;
    let txn = state.db.begin().await?;
    // Two admins demoting each other at once must not leave none.
    locks::hold(&txn, "platform-admins").await?;
    let user = users::find(&txn, user_id)
        .await?
        .filter(|user| !user.is_erased())
        .ok_or(AppError::NotFound("user"))?;
    let admins = users::count_with_role(&txn, PlatformRole::Admin).await?;
    change_platform_role(user.platform_role, role, admins).map_err(|e| AppError::conflict(e.to_string()))?;
    let previous = user.platform_role;
    let user = users::set_platform_role(&txn, user_id, role)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    let detail = format!("{} -> {}", previous.as_str(), role.as_str());
    let actor = caller.actor().map(|a| a.user_id);
    audit::record(
        &txn,
        actor,
        AuditAction::PlatformRoleGranted,
        None,
        user_id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

/// Creates an admin, or promotes an existing account and sets its password
/// (so it doubles as recovery for a locked-out admin).
pub async fn create_admin(
    state: &AppState,
    email: &str,
    display_name: &str,
    password: SecretString,
) -> AppResult<User> {
    let email = Email::parse("email", email)?;
    let display_name = DisplayName::parse(display_name)?;
    NewPassword::parse(password.expose_secret())?;
    let password_hash = state.passwords.hash(password).await?;
    let txn = state.db.begin().await?;
    let user = match users::find_credentials(&txn, &email.key()).await? {
        Some(existing) => {
            users::set_password_hash(&txn, existing.user.id, password_hash).await?;
            users::set_platform_role(&txn, existing.user.id, PlatformRole::Admin)
                .await?
                .ok_or(AppError::NotFound("user"))?
        }
        None => users::insert(&txn, &email, &display_name, password_hash, PlatformRole::Admin)
            .await
            .duplicate_is_conflict(EMAIL_TAKEN)?,
    };
    txn.commit().await?;
    Ok(user)
}

const WRONG_PASSWORD: AppError = AppError::Unauthenticated("the password is wrong");

/// Checks the signed-in person's current password, before a change only
/// they may make (deleting the account; later, changing the password). It
/// counts as a sign-in: while the account's email is locked out the answer
/// is RATE_LIMITED before the password is checked, and a wrong password is
/// a failed sign-in for that email. The failure is recorded before the
/// check and taken back when the password is right, as `login` does, so
/// guesses sent at once all count.
pub async fn check_current_password(state: &AppState, user: &User, password: SecretString) -> AppResult<()> {
    let email_key = normalize_email(&user.email);
    let at = now();
    let window = at - Duration::minutes(LOGIN_WINDOW_MINUTES);
    let txn = state.db.begin().await?;
    locks::hold(&txn, &format!("login:{email_key}")).await?;
    if login_is_rate_limited(login_failures::count_since(&txn, &email_key, window).await?) {
        return Err(AppError::EMAIL_LOCKED);
    }
    let failure = login_failures::record(&txn, &email_key, at, window).await?;
    txn.commit().await?;

    let credentials = users::find_credentials(state.db.conn(), &email_key)
        .await?
        .filter(|c| c.user.id == user.id);
    let stored_hash = credentials.map(|c| c.password_hash);
    if !state.passwords.verify(password, stored_hash).await? {
        return Err(WRONG_PASSWORD);
    }
    let txn = state.db.begin().await?;
    login_failures::forgive(&txn, failure).await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes the caller's own account, with its current password. At once:
/// every session ends (access tokens included, as each request checks its
/// session) and every API token is revoked; the email, name and password
/// are erased (`users::erase`), so it cannot sign in and shows as "Former
/// member"; mail not yet sent to it is withdrawn. The row stays, with its
/// memberships, ballots, votes, findings, comments and revisions, so no
/// count or result changes. The last admin may not (`CONFLICT`).
pub async fn delete_my_account(state: &AppState, caller: &Caller, password: SecretString) -> AppResult<bool> {
    authorize(caller.actor(), PlatformAction::DeleteOwnAccount)
        .map_err(|r| AppError::refused(r, "account"))?;
    let actor = caller.signed_in()?;
    let user = users::find(state.db.conn(), actor.user_id)
        .await?
        .filter(|user| !user.is_erased())
        .ok_or(AppError::SIGN_IN_FIRST)?;
    check_current_password(state, &user, password).await?;

    let txn = state.db.begin().await?;
    // Two admins deleting themselves at once must not leave none.
    locks::hold(&txn, "platform-admins").await?;
    let user = users::find(&txn, actor.user_id)
        .await?
        .filter(|user| !user.is_erased())
        .ok_or(AppError::SIGN_IN_FIRST)?;
    let admins = users::count_with_role(&txn, PlatformRole::Admin).await?;
    delete_account(user.platform_role, admins).map_err(|e| AppError::conflict(e.to_string()))?;
    let email_key = normalize_email(&user.email);
    let sessions_ended = session_repo::revoke_all_of(&txn, user.id).await?;
    let tokens_revoked = api_tokens::revoke_all_of(&txn, user.id).await?;
    users::erase(&txn, user.id, &random_token("erased:")).await?;
    // A reset link already emailed must not bring the account back.
    password_resets::delete_all_of(&txn, user.id).await?;
    // Nor an email change, and the address it names goes too.
    email_changes::delete_all_of(&txn, user.id).await?;
    login_failures::clear(&txn, &email_key).await?;
    outbox::withdraw_unsent_to(&txn, &email_key).await?;
    let detail = format!(
        "account deleted by its owner (was {}): email and name erased, {sessions_ended} sessions ended, \
         {tokens_revoked} API tokens revoked",
        user.platform_role.as_str()
    );
    audit::record(
        &txn,
        Some(user.id),
        AuditAction::AccountDeleted,
        None,
        user.id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}
