//! Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device
//! Cookies"): a browser or client that signed in to an account is given a
//! token `nonce.HMAC(key, email key, nonce)`. Presented again, it shows
//! the sign-in comes from somewhere the account's owner has been, so the
//! account's lockout (which anyone can trigger) does not hold it back.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cookie::{Cookie, SameSite};
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;

/// The cookie that carries the device tokens.
pub const DEVICE_COOKIE: &str = "cf_device";
/// How long a browser keeps it; every sign-in renews it.
const LIFETIME_DAYS: i64 = 365;
/// Accounts one cookie vouches for: a shared computer in a library or a
/// day centre serves several members.
const MAX_ACCOUNTS: usize = 5;
const NONCE_BYTES: usize = 16;
/// Base64 lengths of the nonce and of the tag (SHA-256).
const NONCE_CHARS: usize = 22;
const TAG_CHARS: usize = 43;

/// The key device tags are made with.
pub struct DeviceKeys {
    mac: Hmac<Sha256>,
}

impl DeviceKeys {
    /// A key of its own, derived from the token-signing secret: a device tag
    /// is never a valid token signature, nor the other way round. A new
    /// signing secret ends every device's trust, as it ends every session.
    pub fn new(signing_secret: &[u8]) -> Self {
        let mut derive = keyed(signing_secret);
        derive.update(b"coforum device cookies v1");
        Self {
            mac: keyed(&derive.finalize().into_bytes()),
        }
    }

    fn tag(&self, email_key: &str, nonce: &str) -> Hmac<Sha256> {
        let mut mac = self.mac.clone();
        mac.update(email_key.as_bytes());
        mac.update(b"\0");
        mac.update(nonce.as_bytes());
        mac
    }

    /// Whether `token` was made for `email_key` (checked in constant time).
    fn vouches(&self, token: Token<'_>, email_key: &str) -> bool {
        let Ok(tag) = URL_SAFE_NO_PAD.decode(token.tag) else {
            return false;
        };
        self.tag(email_key, token.nonce).verify_slice(&tag).is_ok()
    }

    /// The nonce of the token in `cookie` made for `email_key`, if any: what
    /// that device's own failures are counted under.
    pub fn recognise<'c>(&self, cookie: &'c str, email_key: &str) -> Option<&'c str> {
        tokens(cookie)
            .find(|token| self.vouches(*token, email_key))
            .map(|token| token.nonce)
    }

    /// The cookie's value after a sign-in to `email_key`: a new token for
    /// that account first, then the tokens for other accounts it held.
    pub fn renew(&self, cookie: Option<&str>, email_key: &str) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::fill(&mut nonce);
        let nonce = URL_SAFE_NO_PAD.encode(nonce);
        let tag = URL_SAFE_NO_PAD.encode(self.tag(email_key, &nonce).finalize().into_bytes());
        let others = cookie
            .into_iter()
            .flat_map(tokens)
            .filter(|token| !self.vouches(*token, email_key))
            .map(|token| format!("{}.{}", token.nonce, token.tag));
        std::iter::once(format!("{nonce}.{tag}"))
            .chain(others)
            .take(MAX_ACCOUNTS)
            .collect::<Vec<_>>()
            .join("~")
    }
}

/// An HMAC-SHA-256 keyed with `key`; unsubscribe links use it too.
pub(crate) fn keyed(key: &[u8]) -> Hmac<Sha256> {
    Hmac::new_from_slice(key).expect("HMAC takes a key of any length")
}

#[derive(Clone, Copy)]
struct Token<'c> {
    nonce: &'c str,
    tag: &'c str,
}

/// The well-formed tokens of a cookie value, at most [`MAX_ACCOUNTS`].
fn tokens(cookie: &str) -> impl Iterator<Item = Token<'_>> {
    let base64url = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    cookie
        .split('~')
        .take(MAX_ACCOUNTS)
        .filter_map(|token| token.split_once('.'))
        .filter(move |(nonce, tag)| {
            nonce.len() == NONCE_CHARS && tag.len() == TAG_CHARS && base64url(nonce) && base64url(tag)
        })
        .map(|(nonce, tag)| Token { nonce, tag })
}

/// The `Set-Cookie` value for a device cookie: long-lived, HttpOnly (no
/// script can read it), SameSite=Strict (other sites' pages never send it)
/// and Secure on HTTPS.
pub fn set_cookie(value: &str, secure: bool) -> String {
    Cookie::build((DEVICE_COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(cookie::time::Duration::days(LIFETIME_DAYS))
        .build()
        .to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_token_vouches_for_its_own_account_only() {
        let keys = DeviceKeys::new(b"a signing secret of 32 bytes or more!");
        let cookie = keys.renew(None, "sam@example.org");
        assert!(keys.recognise(&cookie, "sam@example.org").is_some());
        assert!(keys.recognise(&cookie, "priya@example.org").is_none());
        let other_key = DeviceKeys::new(b"another signing secret, 32 bytes long");
        assert!(other_key.recognise(&cookie, "sam@example.org").is_none());
        let mut altered = cookie.clone();
        let last = altered.pop().unwrap();
        altered.push(if last == 'A' { 'B' } else { 'A' });
        assert!(keys.recognise(&altered, "sam@example.org").is_none());
    }

    #[test]
    fn one_cookie_keeps_a_token_per_account_and_renews_its_own() {
        let keys = DeviceKeys::new(b"a signing secret of 32 bytes or more!");
        let sam = keys.renew(None, "sam@example.org");
        let both = keys.renew(Some(&sam), "priya@example.org");
        assert!(keys.recognise(&both, "sam@example.org").is_some());
        assert!(keys.recognise(&both, "priya@example.org").is_some());
        let renewed = keys.renew(Some(&both), "sam@example.org");
        assert_eq!(renewed.split('~').count(), 2, "{renewed}");
        assert_ne!(
            keys.recognise(&renewed, "sam@example.org"),
            keys.recognise(&both, "sam@example.org")
        );
        let mut crowded = renewed;
        for i in 0..10 {
            crowded = keys.renew(Some(&crowded), &format!("member{i}@example.org"));
        }
        assert_eq!(crowded.split('~').count(), MAX_ACCOUNTS);
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_on_https() {
        let plain = set_cookie("abc", false);
        assert!(plain.starts_with("cf_device=abc"), "{plain}");
        for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=31536000"] {
            assert!(plain.contains(part), "{part} missing from {plain}");
        }
        assert!(!plain.contains("Secure"));
        assert!(set_cookie("abc", true).contains("Secure"));
    }
}
