use std::fmt;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, Tokio1Executor};
use percent_encoding::percent_decode_str;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

/// How long one SMTP conversation may take before it counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("the SMTP URL must look like smtp://[user:password@]host:port or smtps://…: {0}")]
    SmtpUrl(String),
    #[error("the sender must be an address, like \"Inspire forum <forum@council.example>\": {0}")]
    From(String),
}

/// `smtp://[user:password@]host[:port]` (STARTTLS when the server offers
/// it) or `smtps://…` (TLS from the start). The password is kept secret.
#[derive(Clone)]
pub struct SmtpUrl {
    host: String,
    port: u16,
    wrapped_tls: bool,
    credentials: Option<(String, SecretString)>,
}

impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.wrapped_tls { "smtps" } else { "smtp" };
        let user = self.credentials.as_ref().map_or("", |(user, _)| user.as_str());
        write!(f, "{scheme}://{user}@{}:{}", self.host, self.port)
    }
}

impl SmtpUrl {
    pub fn parse(raw: &str) -> Result<Self, SettingsError> {
        let url = Url::parse(raw).map_err(|e| SettingsError::SmtpUrl(e.to_string()))?;
        let wrapped_tls = match url.scheme() {
            "smtp" => false,
            "smtps" => true,
            other => return Err(SettingsError::SmtpUrl(format!("unknown scheme {other}"))),
        };
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| SettingsError::SmtpUrl("no host".to_owned()))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let port = url.port().unwrap_or(if wrapped_tls { 465 } else { 587 });
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        let credentials = (!url.username().is_empty()).then(|| {
            let password = decode(url.password().unwrap_or_default());
            (decode(url.username()), SecretString::from(password))
        });
        let url = Self {
            host,
            port,
            wrapped_tls,
            credentials,
        };
        // The TLS name is checked now, so a bad host stops `serve` at start.
        TlsParameters::new(url.host.clone()).map_err(|e| SettingsError::SmtpUrl(e.to_string()))?;
        Ok(url)
    }

    /// A transport for this server (it connects when it first sends; its
    /// pool needs the Tokio runtime).
    fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, lettre::transport::smtp::Error> {
        let parameters = TlsParameters::new(self.host.clone())?;
        let tls = if self.wrapped_tls {
            Tls::Wrapper(parameters)
        } else {
            Tls::Opportunistic(parameters)
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(self.host.clone())
            .port(self.port)
            .tls(tls)
            .timeout(Some(SMTP_TIMEOUT));
        if let Some((user, password)) = &self.credentials {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                password.expose_secret().to_owned(),
            ));
        }
        Ok(builder.build())
    }
}

impl SmtpUrl {
    /// The transport, checked when the URL was parsed.
    pub(crate) fn checked_transport(&self) -> AsyncSmtpTransport<Tokio1Executor> {
        self.transport().expect("checked by SmtpUrl::parse")
    }
}

/// Where mail goes and whom it comes from.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// None: mail stays in the outbox, for admins to read.
    pub smtp: Option<SmtpUrl>,
    pub from: Mailbox,
    /// How often each server looks for due messages when nothing wakes it.
    pub poll_interval: Duration,
}

impl Default for MailSettings {
    /// No SMTP server: mail stays in the outbox.
    fn default() -> Self {
        Self::new(None, None, "localhost").expect("coforum <coforum@localhost> is an address")
    }
}

impl MailSettings {
    /// `from` as given, or `coforum@<host of the public URL>` when unset.
    pub fn new(smtp: Option<SmtpUrl>, from: Option<&str>, public_host: &str) -> Result<Self, SettingsError> {
        let from = match from {
            Some(from) => from
                .parse::<Mailbox>()
                .map_err(|e| SettingsError::From(e.to_string()))?,
            None => format!("coforum <coforum@{public_host}>")
                .parse::<Mailbox>()
                .map_err(|e| SettingsError::From(e.to_string()))?,
        };
        Ok(Self {
            smtp,
            from,
            poll_interval: Duration::from_secs(5),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        let plain = SmtpUrl::parse("smtp://127.0.0.1:2525").unwrap();
        assert_eq!(
            (plain.host.as_str(), plain.port, plain.wrapped_tls),
            ("127.0.0.1", 2525, false)
        );
        assert!(plain.credentials.is_none());

        let tls = SmtpUrl::parse("smtps://forum%40council.example:p%40ss%20word@mail.example").unwrap();
        assert_eq!((tls.port, tls.wrapped_tls), (465, true));
        let (user, password) = tls.credentials.clone().unwrap();
        assert_eq!(user, "forum@council.example");
        assert_eq!(password.expose_secret(), "p@ss word");
        assert!(!format!("{tls:?}").contains("p@ss"), "Debug hides the password");

        assert!(SmtpUrl::parse("http://mail.example").is_err());
        assert!(SmtpUrl::parse("smtp://").is_err());
    }

    #[test]
    fn the_sender_defaults_to_the_public_host() {
        let settings = MailSettings::new(None, None, "forum.council.example").unwrap();
        assert_eq!(settings.from.email.to_string(), "coforum@forum.council.example");
        let named = MailSettings::new(None, Some("Inspire forum <forum@council.example>"), "x").unwrap();
        assert_eq!(named.from.name.as_deref(), Some("Inspire forum"));
        assert!(MailSettings::new(None, Some("not an address"), "x").is_err());
    }
}
