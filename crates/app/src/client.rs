//! Who is at the other end of a request, as the server worked it out: the
//! client's address, whether it reached us over HTTPS, and its device
//! cookie. Use cases that limit by address or trust a device read it.

use std::net::{IpAddr, Ipv4Addr};

#[derive(Clone, Debug)]
pub struct Client {
    pub address: IpAddr,
    pub https: bool,
    /// The device cookie, as sent.
    pub device: Option<String>,
}

impl Client {
    /// A request with no connection behind it (an in-process call): all
    /// such callers share the unspecified address.
    pub const fn unknown() -> Self {
        Self {
            address: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            https: false,
            device: None,
        }
    }
}
