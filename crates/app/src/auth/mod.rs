//! Authentication: proving who is calling.

/// Device cookies: proof that a client signed in to an account before.
pub mod devices;
/// argon2id hashing off the async runtime, at OWASP's parameters.
pub mod passwords;
/// Resolving an `Authorization` header into the caller.
pub mod principal;
/// Random secrets (refresh tokens, API tokens, invite codes) and their hashes.
pub mod secrets;
/// Signed, short-lived access tokens (JWT, HS256).
pub mod tokens;
