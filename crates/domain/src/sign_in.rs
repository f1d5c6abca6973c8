use std::net::{IpAddr, Ipv6Addr};

/// Failed sign-ins allowed for one email within [`LOGIN_WINDOW_MINUTES`]
/// from clients that are not a trusted device of that account.
pub const MAX_FAILED_LOGINS: u64 = 5;
pub const LOGIN_WINDOW_MINUTES: i64 = 15;

/// Failed sign-ins allowed from one client address within
/// [`ADDRESS_WINDOW_SECONDS`], whatever emails they were for: password
/// spraying tries one password on many emails, which the per-email limit
/// never sees.
pub const MAX_FAILED_SIGN_INS_PER_ADDRESS: u64 = 20;
pub const ADDRESS_WINDOW_SECONDS: i64 = 60;

/// Wrong passwords a trusted device may send within
/// [`LOGIN_WINDOW_MINUTES`] before it is trusted no more (a stolen device
/// cookie buys no more guesses than this).
pub const MAX_FAILED_SIGN_INS_PER_DEVICE: u64 = 10;

/// True when an email's recent failures use up its allowance.
pub fn login_is_rate_limited(failures_in_window: u64) -> bool {
    failures_in_window >= MAX_FAILED_LOGINS
}

/// True when an address's recent failures use up its allowance.
pub fn address_is_rate_limited(failures_in_window: u64) -> bool {
    failures_in_window >= MAX_FAILED_SIGN_INS_PER_ADDRESS
}

/// True while a device that signed in to the account before is still
/// trusted: it has not sent too many wrong passwords of late.
pub fn device_is_trusted(failures_in_window: u64) -> bool {
    failures_in_window < MAX_FAILED_SIGN_INS_PER_DEVICE
}

/// Which limit holds back a sign-in from a client that is not a trusted
/// device of the account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// Too many failures from this client address.
    Address,
    /// Too many failures for this email.
    Email,
}

/// Whether an untrusted client may try a password now, from the failures
/// in each window. A trusted device is judged by [`device_is_trusted`] alone.
pub fn untrusted_client_held(address_failures: u64, email_failures: u64) -> Option<Held> {
    if address_is_rate_limited(address_failures) {
        Some(Held::Address)
    } else if login_is_rate_limited(email_failures) {
        Some(Held::Email)
    } else {
        None
    }
}

/// The key an address's failures are counted under. An IPv6 client
/// usually holds a whole /64 and can pick any address in it, so IPv6
/// addresses count by their /64; an IPv4-mapped IPv6 address is its IPv4.
pub fn address_key(address: IpAddr) -> String {
    match address.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            format!("{}/64", Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn fifth_failure_closes_the_door() {
        assert!(!login_is_rate_limited(4));
        assert!(login_is_rate_limited(5));
    }

    #[test]
    fn twenty_failures_from_an_address_hold_it_whatever_the_email() {
        assert_eq!(untrusted_client_held(19, 0), None);
        assert_eq!(untrusted_client_held(20, 0), Some(Held::Address));
        assert_eq!(untrusted_client_held(0, 5), Some(Held::Email));
        assert_eq!(untrusted_client_held(20, 5), Some(Held::Address));
    }

    #[test]
    fn a_device_is_trusted_until_its_tenth_failure() {
        assert!(device_is_trusted(0));
        assert!(device_is_trusted(9));
        assert!(!device_is_trusted(10));
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_and_mapped_ipv4_as_ipv4() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let other: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let elsewhere: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(one), "2001:db8:1:2::/64");
        assert_eq!(address_key(one), address_key(other));
        assert_ne!(address_key(one), address_key(elsewhere));
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        assert_eq!(address_key(mapped), "203.0.113.7");
        assert_eq!(address_key("203.0.113.7".parse().unwrap()), "203.0.113.7");
    }
}
