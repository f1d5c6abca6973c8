use std::time::Duration;

use coforum_domain::account::RegistrationPolicy;
use coforum_mail::MailSettings;
use ipnet::IpNet;
use secrecy::SecretSlice;
use url::Url;

/// Abuse limits, each configurable. Defaults are generous for the contract's
/// documents and officers' reports, and tight for anything hand-crafted.
#[derive(Clone, Debug)]
pub struct Limits {
    pub max_depth: usize,
    pub max_complexity: usize,
    pub max_aliases: usize,
    /// Fields in a document once every fragment spread is replaced by its
    /// fragment, counted before validation walks it.
    pub max_fields: usize,
    pub max_directives: usize,
    pub max_batch: usize,
    pub max_body_bytes: usize,
    /// The largest answer to a query; past it, a clear error instead.
    pub max_response_bytes: usize,
    pub request_timeout: Duration,
    pub introspection: bool,
    /// A request's head (line and headers) must arrive within this, counted
    /// from when the connection opens or its previous answer is sent.
    pub header_read_timeout: Duration,
    /// A kept-alive connection with no request for this long is closed.
    pub idle_timeout: Duration,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 12,
            max_complexity: 50_000,
            max_aliases: 30,
            max_fields: 2_000,
            max_directives: 20,
            max_batch: 10,
            max_body_bytes: 256 * 1024,
            max_response_bytes: 8 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            introspection: true,
            header_read_timeout: Duration::from_secs(10),
            // Apache's and Node's default: long enough for a page's files to
            // come over one connection, short enough that idle browsers do
            // not hold the slots below.
            idle_timeout: Duration::from_secs(5),
            // Under the usual limit of 1,024 open files, with room for the
            // database pool and logs; a connection stuck in its headers
            // holds at most a 64 KB buffer, so all of them at most 32 MB.
            max_connections: 512,
        }
    }
}

/// Everything the API needs to know that is not in the database.
#[derive(Clone, Debug)]
pub struct Config {
    /// HS256 key for access tokens, and the root of the device-cookie and
    /// CSRF keys: at least 32 bytes. Redacted in `Debug`, wiped on drop.
    pub jwt_secret: SecretSlice<u8>,
    pub registration: RegistrationPolicy,
    pub limits: Limits,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// Password hashes computed at once; each takes 19 MiB and a core.
    /// Half the cores by default, so a burst of sign-ins leaves the other
    /// half to everyone else.
    pub password_hash_concurrency: usize,
    /// How often the background closer looks for rounds whose time has come.
    pub round_close_interval: Duration,
    /// How often each server writes the emails of waiting notifications
    /// and looks for rounds closing within a day.
    pub notice_interval: Duration,
    /// When the daily digest goes, in England (the contract: 08:00).
    pub digest_time: chrono::NaiveTime,
    /// Browser origins allowed to call `/graphql` from other sites (CORS);
    /// none by default, so browsers keep other sites out.
    pub cors_origins: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are
    /// believed; none by default, so a client cannot pick its own address.
    pub trusted_proxies: Vec<IpNet>,
    /// The address people reach coforum at: every link in an email starts
    /// with it.
    pub public_url: Url,
    /// Where mail goes (no SMTP server: it stays in the outbox) and whom it
    /// comes from.
    pub mail: MailSettings,
    /// England's working days, that the feedback log's clocks count: the
    /// shipped bank holidays, and any `--bank-holidays FILE` adds.
    pub working_days: coforum_domain::feedback::WorkingDays,
}

impl Config {
    pub const MIN_JWT_SECRET_BYTES: usize = 32;

    pub fn new(jwt_secret: impl Into<SecretSlice<u8>>) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            jwt_secret: jwt_secret.into(),
            registration: RegistrationPolicy::Open,
            limits: Limits::default(),
            access_token_ttl: Duration::from_secs(15 * 60),
            refresh_token_ttl: Duration::from_secs(30 * 24 * 60 * 60),
            password_hash_concurrency: (cores / 2).max(1),
            round_close_interval: Duration::from_secs(1),
            notice_interval: Duration::from_secs(5),
            digest_time: coforum_domain::notification::digest_time(),
            cors_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            public_url: Url::parse("http://127.0.0.1:8080/").expect("a URL"),
            mail: MailSettings::default(),
            working_days: crate::feedback::calendar::shipped(),
        }
    }
}

/// A trusted proxy as given on the command line: an address (`10.0.0.5`,
/// `::1`) or a CIDR range (`10.0.0.0/8`).
pub fn parse_trusted_proxy(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| format!("`{text}` is not an IP address or CIDR range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_does_not_show_the_jwt_secret() {
        let secret = b"a signing key nobody may read 0123456789".to_vec();
        let listed = secret.iter().map(u8::to_string).collect::<Vec<_>>().join(", ");
        let printed = format!("{:?}", Config::new(secret));
        assert!(!printed.contains(&listed), "{printed}");
        assert!(!printed.contains("nobody may read"), "{printed}");
        assert!(
            printed.contains("jwt_secret: SecretBox<[u8]>([REDACTED])"),
            "{printed}"
        );
    }
}
