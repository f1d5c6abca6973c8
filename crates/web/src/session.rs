//! The browser's session: cookies for the access and refresh tokens (the
//! CSRF tokens bound to it are in `csrf`).

use axum::http::HeaderMap;
use axum::http::header;

pub const ACCESS_COOKIE: &str = "cf_access";
pub const REFRESH_COOKIE: &str = "cf_refresh";

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

/// The name of the cookie a `Set-Cookie` value sets.
pub fn cookie_name(set_cookie: &str) -> &str {
    set_cookie.split('=').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

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
        assert_eq!(read_cookie(&headers, "cf_csrf").as_deref(), Some("xyz"));
        assert_eq!(read_cookie(&headers, ACCESS_COOKIE), None);
    }
}
