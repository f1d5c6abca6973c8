//! CSRF tokens bound to the browser's session (OWASP's "signed double
//! submit"). Every form carries a hidden field whose value is an HMAC of
//! the session it was shown in, and every POST must bring the token of the
//! session it arrives in: a token from another session, or from before
//! sign-in, does not pass, and none can be made without the server's key.
//!
//! A signed-out form (sign in, register, join) has no session yet: its
//! token binds to a random pre-session id in a cookie of its own, which is
//! minted anew at sign-in and at sign-out. A refresh keeps the session id,
//! so tokens stay good across it.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use coforum_domain::ids::SessionId;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;
use subtle::ConstantTimeEq as _;

use coforum_app::auth::secrets::random_token;

/// The cookie with the pre-session id of a signed-out browser.
pub const PRE_SESSION_COOKIE: &str = "cf_presession";
/// The hidden field every form carries.
pub const CSRF_FIELD: &str = "csrf";

/// What the label below makes of the server's secret: a key for CSRF tokens
/// only, so a token never doubles as anything signed with the secret itself.
const KEY_LABEL: &[u8] = b"coforum web CSRF token key v1";

/// What a token is bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding<'a> {
    /// A signed-in browser: its session.
    Session(SessionId),
    /// A signed-out browser: the id in its pre-session cookie.
    PreSession(&'a str),
}

/// The key that makes and checks tokens, derived from the server's secret.
#[derive(Clone)]
pub struct CsrfKey([u8; 32]);

impl CsrfKey {
    /// HMAC-SHA256 of a fixed label under `server_secret` (the JWT secret):
    /// a labelled derivation, so the raw secret signs nothing here.
    pub fn derive(server_secret: &[u8]) -> Self {
        Self(hmac(server_secret, &[KEY_LABEL]))
    }

    /// The token of forms shown to `binding`: 43 URL-safe characters.
    pub fn token(&self, binding: Binding<'_>) -> String {
        let mac = match binding {
            Binding::Session(id) => hmac(&self.0, &[b"session:", id.0.as_bytes()]),
            Binding::PreSession(id) => hmac(&self.0, &[b"pre-session:", id.as_bytes()]),
        };
        URL_SAFE_NO_PAD.encode(mac)
    }

    /// True when `field` is `binding`'s token, compared in constant time.
    pub fn verify(&self, binding: Binding<'_>, field: Option<&str>) -> bool {
        let Some(field) = field else {
            return false;
        };
        self.token(binding).as_bytes().ct_eq(field.as_bytes()).into()
    }
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// A fresh pre-session id: 256 random bits.
pub fn new_pre_session() -> String {
    random_token("")
}

/// A pre-session id we could have made: 43 URL-safe base64 characters.
pub fn plausible_pre_session(id: &str) -> bool {
    id.len() == 43
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_passes_only_for_its_own_binding() {
        let key = CsrfKey::derive(&[7; 32]);
        let (a, b) = (SessionId::new(), SessionId::new());
        let before = new_pre_session();
        assert!(plausible_pre_session(&before));
        let token = key.token(Binding::Session(a));
        assert_eq!(token.len(), 43);
        assert!(key.verify(Binding::Session(a), Some(&token)));
        assert!(!key.verify(Binding::Session(a), None));
        assert!(!key.verify(Binding::Session(a), Some("")));
        assert!(!key.verify(Binding::Session(b), Some(&token)));
        let signed_out = key.token(Binding::PreSession(&before));
        assert!(key.verify(Binding::PreSession(&before), Some(&signed_out)));
        assert!(!key.verify(Binding::Session(a), Some(&signed_out)));
        assert!(!key.verify(Binding::PreSession(&new_pre_session()), Some(&signed_out)));
        let mut altered = token.clone();
        altered.pop();
        altered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert!(!key.verify(Binding::Session(a), Some(&altered)));
    }

    #[test]
    fn the_key_depends_on_the_server_secret_and_is_not_it() {
        let session = Binding::Session(SessionId::new());
        let one = CsrfKey::derive(&[7; 32]);
        let other = CsrfKey::derive(&[8; 32]);
        assert_ne!(one.token(session), other.token(session));
        assert_ne!(one.0, [7; 32]);
        assert!(!plausible_pre_session("short"));
    }
}
