//! The browser's session: cookies for the access and refresh tokens (the
//! CSRF tokens bound to it are in `csrf`), read and written through
//! axum-extra's cookie jar.

use axum::http::{HeaderMap, HeaderValue, header};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use cookie::time::Duration;

pub const ACCESS_COOKIE: &str = "cf_access";
pub const REFRESH_COOKIE: &str = "cf_refresh";

/// The value of cookie `name` in the request, if any and not blank.
pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(name)
        .map(|cookie| cookie.value_trimmed().to_owned())
        .filter(|value| !value.is_empty())
}

/// A session cookie: HttpOnly, SameSite=Lax, path `/`, and `Secure` on
/// HTTPS. No `Max-Age`: it ends when the browser closes, which suits shared
/// computers in libraries and day centres.
pub fn set_cookie(name: &'static str, value: &str, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

/// A cookie that removes `name` from the browser.
pub fn clear_cookie(name: &'static str, secure: bool) -> Cookie<'static> {
    let mut cookie = set_cookie(name, "", secure);
    cookie.set_max_age(Duration::ZERO);
    cookie
}

/// The names of the cookies a response already sets.
pub fn names_set(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| Cookie::parse(value).ok())
        .map(|cookie| cookie.name().to_owned())
        .collect()
}

/// Appends `cookies` to an answer's headers as `Set-Cookie` lines.
pub fn append(headers: &mut HeaderMap, cookies: impl IntoIterator<Item = Cookie<'static>>) {
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            headers.append(header::SET_COOKIE, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_http_only_lax_and_secure_on_https() {
        let plain = set_cookie(ACCESS_COOKIE, "abc", false).to_string();
        for part in ["cf_access=abc", "Path=/", "HttpOnly", "SameSite=Lax"] {
            assert!(plain.contains(part), "{plain} lacks {part}");
        }
        assert!(!plain.contains("Secure") && !plain.contains("Max-Age"));
        assert!(
            set_cookie(ACCESS_COOKIE, "abc", true)
                .to_string()
                .contains("; Secure")
        );
        assert!(
            clear_cookie(REFRESH_COOKIE, false)
                .to_string()
                .contains("Max-Age=0")
        );
    }

    #[test]
    fn reads_cookies_and_the_names_an_answer_sets() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; cf_csrf=xyz; cf_access="),
        );
        assert_eq!(read_cookie(&headers, "cf_csrf").as_deref(), Some("xyz"));
        assert_eq!(read_cookie(&headers, ACCESS_COOKIE), None);

        let mut answer = HeaderMap::new();
        append(
            &mut answer,
            [
                set_cookie(ACCESS_COOKIE, "t", false),
                clear_cookie(REFRESH_COOKIE, true),
            ],
        );
        assert_eq!(names_set(&answer), vec![ACCESS_COOKIE, REFRESH_COOKIE]);
    }
}
