//! Who is at the other end of a request: the client's address, whether it
//! reached us over HTTPS, and its device cookie. A reverse proxy's
//! `X-Forwarded-For` and `X-Forwarded-Proto` are believed only when the
//! connection comes from one of the configured trusted proxies; from
//! anyone else they are the client's own say-so.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};
use axum_extra::extract::cookie::CookieJar;
use ipnet::IpNet;

use coforum_app::auth::devices::DEVICE_COOKIE;
use coforum_app::client::Client;

/// The client of a request that `transport` served: the peer is in its
/// extensions as axum's `ConnectInfo`.
pub fn client_of(trusted: &[IpNet], extensions: &Extensions, headers: &HeaderMap) -> Client {
    let device = read_device_cookie(headers);
    let Some(ConnectInfo(peer)) = extensions.get::<ConnectInfo<SocketAddr>>() else {
        return Client {
            device,
            ..Client::unknown()
        };
    };
    let peer = peer.ip().to_canonical();
    if !is_trusted(trusted, peer) {
        return Client {
            address: peer,
            https: false,
            device,
        };
    }
    Client {
        address: forwarded_for(trusted, headers).unwrap_or(peer),
        https: forwarded_https(headers),
        device,
    }
}

/// The device cookie's value in a request's `Cookie` headers, if any.
fn read_device_cookie(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(DEVICE_COOKIE)
        .map(|cookie| cookie.value().to_owned())
}

fn is_trusted(trusted: &[IpNet], address: IpAddr) -> bool {
    trusted.iter().any(|net| net.contains(&address))
}

/// The client behind our proxies: each proxy appends the address it was
/// reached from, so the right-most address that is not one of our proxies
/// is the client; anything left of it the client wrote itself. When every
/// hop is a proxy of ours, the left-most; when a hop cannot be read, the
/// nearest one that could.
fn forwarded_for(trusted: &[IpNet], headers: &HeaderMap) -> Option<IpAddr> {
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut nearest = None;
    for hop in hops.into_iter().rev() {
        let Some(address) = parse_hop(hop) else {
            break;
        };
        if !is_trusted(trusted, address) {
            return Some(address);
        }
        nearest = Some(address);
    }
    nearest
}

/// `203.0.113.7`, `2001:db8::1`, or either with a port (`[2001:db8::1]:443`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|address| address.to_canonical())
}

/// The scheme the outermost proxy was reached with.
fn forwarded_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|scheme| scheme.trim().eq_ignore_ascii_case("https"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;
    use coforum_app::config::parse_trusted_proxy;

    fn client(trusted: &[&str], peer: &str, headers: &[(&'static str, &'static str)]) -> Client {
        let trusted: Vec<IpNet> = trusted.iter().map(|t| parse_trusted_proxy(t).unwrap()).collect();
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(*name, HeaderValue::from_static(value));
        }
        client_of(&trusted, &extensions, &map)
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn forwarded_headers_from_an_untrusted_peer_are_ignored() {
        let headers = [
            ("x-forwarded-for", "198.51.100.1"),
            ("x-forwarded-proto", "https"),
        ];
        let seen = client(&[], "203.0.113.7:5000", &headers);
        assert_eq!(seen.address, ip("203.0.113.7"));
        assert!(!seen.https);
        let seen = client(&["10.0.0.0/8"], "203.0.113.7:5000", &headers);
        assert_eq!(seen.address, ip("203.0.113.7"));
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client() {
        let trusted = ["10.0.0.0/8", "192.0.2.1"];
        let one = client(&trusted, "10.1.1.1:80", &[("x-forwarded-for", "198.51.100.1")]);
        assert_eq!(one.address, ip("198.51.100.1"));
        // The client wrote the left one itself; our proxies appended the rest.
        let spoofed = client(
            &trusted,
            "10.1.1.1:80",
            &[("x-forwarded-for", "1.2.3.4, 198.51.100.1, 192.0.2.1")],
        );
        assert_eq!(spoofed.address, ip("198.51.100.1"));
        let two_headers = client(
            &trusted,
            "10.1.1.1:80",
            &[
                ("x-forwarded-for", "1.2.3.4"),
                ("x-forwarded-for", "198.51.100.1"),
            ],
        );
        assert_eq!(two_headers.address, ip("198.51.100.1"));
        let with_port = client(
            &trusted,
            "10.1.1.1:80",
            &[("x-forwarded-for", "[2001:db8::1]:443")],
        );
        assert_eq!(with_port.address, ip("2001:db8::1"));
    }

    #[test]
    fn unreadable_or_missing_hops_fall_back_to_the_nearest_known_address() {
        let trusted = ["10.0.0.0/8"];
        let garbage = client(&trusted, "10.1.1.1:80", &[("x-forwarded-for", "junk, 10.2.2.2")]);
        assert_eq!(garbage.address, ip("10.2.2.2"));
        let none = client(&trusted, "10.1.1.1:80", &[]);
        assert_eq!(none.address, ip("10.1.1.1"));
        let mapped = client(&[], "[::ffff:203.0.113.7]:80", &[]);
        assert_eq!(mapped.address, ip("203.0.113.7"));
    }

    #[test]
    fn the_device_cookie_is_read_from_the_cookie_header() {
        let seen = client(&[], "127.0.0.1:9", &[("cookie", "a=1; cf_device=xyz")]);
        assert_eq!(seen.device.as_deref(), Some("xyz"));
        assert_eq!(client(&[], "127.0.0.1:9", &[("cookie", "a=1")]).device, None);
    }

    #[test]
    fn https_is_believed_from_a_trusted_proxy_only() {
        let proto = [("x-forwarded-proto", "https")];
        assert!(client(&["127.0.0.1"], "127.0.0.1:9", &proto).https);
        assert!(!client(&[], "127.0.0.1:9", &proto).https);
        assert!(!client(&["127.0.0.1"], "127.0.0.1:9", &[("x-forwarded-proto", "http")]).https);
    }
}
