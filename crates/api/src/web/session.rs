//! The browser's session: cookies for the access and refresh tokens, and the
//! double-submit CSRF token (a random value in its own cookie and in a hidden
//! field of every form, compared on every POST).

use axum::http::HeaderMap;
use axum::http::header;

use crate::auth::secrets::random_token;

pub const ACCESS_COOKIE: &str = "cf_access";
pub const REFRESH_COOKIE: &str = "cf_refresh";
pub const CSRF_COOKIE: &str = "cf_csrf";
/// The hidden field every form carries.
pub const CSRF_FIELD: &str = "csrf";

/// The value of cookie `name` in the request, if any.
pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"').to_owned())
        .filter(|value| !value.is_empty())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, path `/`, and `Secure` on
/// HTTPS. No `Max-Age`: the cookie ends when the browser closes, which suits
/// shared computers in libraries and day centres.
pub fn set_cookie(name: &str, value: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}")
}

/// A `Set-Cookie` value that removes the cookie.
pub fn clear_cookie(name: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// A fresh CSRF token: 256 random bits.
pub fn new_csrf_token() -> String {
    random_token("")
}

/// A CSRF token we could have made: 43 URL-safe base64 characters.
pub fn plausible_csrf(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The double-submit check: the form's field equals the cookie, compared in
/// constant time. A missing cookie or field fails.
pub fn csrf_matches(cookie: Option<&str>, field: Option<&str>) -> bool {
    let (Some(cookie), Some(field)) = (cookie, field) else {
        return false;
    };
    if !plausible_csrf(cookie) || cookie.len() != field.len() {
        return false;
    }
    cookie
        .bytes()
        .zip(field.bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// The name of the cookie a `Set-Cookie` value sets.
pub fn cookie_name(set_cookie: &str) -> &str {
    set_cookie.split('=').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn csrf_needs_both_halves_to_match() {
        let token = new_csrf_token();
        assert!(plausible_csrf(&token));
        assert!(csrf_matches(Some(&token), Some(&token)));
        assert!(!csrf_matches(Some(&token), None));
        assert!(!csrf_matches(None, Some(&token)));
        assert!(!csrf_matches(Some(&token), Some(&new_csrf_token())));
        assert!(!csrf_matches(Some("short"), Some("short")));
        let mut altered = token.clone();
        altered.pop();
        altered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert!(!csrf_matches(Some(&token), Some(&altered)));
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_on_https() {
        let plain = set_cookie(ACCESS_COOKIE, "abc", false);
        assert_eq!(plain, "cf_access=abc; Path=/; HttpOnly; SameSite=Lax");
        let secure = set_cookie(ACCESS_COOKIE, "abc", true);
        assert!(secure.ends_with("; Secure"));
        assert!(clear_cookie(REFRESH_COOKIE, false).contains("Max-Age=0"));
        assert_eq!(cookie_name(&plain), ACCESS_COOKIE);
    }

    #[test]
    fn reads_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; cf_csrf=xyz; cf_access="),
        );
        assert_eq!(read_cookie(&headers, CSRF_COOKIE).as_deref(), Some("xyz"));
        assert_eq!(read_cookie(&headers, ACCESS_COOKIE), None);
    }
}
