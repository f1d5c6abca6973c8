//! Mail in black-box tests: a real SMTP server (aiosmtpd, the same harness
//! as coforum-mail's own tests) for servers that deliver, and the outbox
//! for servers that keep mail.

use std::time::{Duration, Instant};

use coforum_mail::{MailSettings, SmtpUrl};
use coforum_persistence::repos::outbox;
use serde_json::json;

use super::TestApp;

#[path = "../../../crates/mail/tests/smtp_sink/mod.rs"]
mod smtp_sink;
pub use smtp_sink::SmtpSink;

/// The public URL test servers put in their links.
pub const PUBLIC_URL: &str = "http://forum.test/";

/// Mail settings that deliver to `sink`.
pub fn delivering_to(sink: &SmtpSink) -> MailSettings {
    let smtp = SmtpUrl::parse(&sink.url()).expect("the sink's URL");
    let mut settings = MailSettings::new(Some(smtp), Some("Test forum <forum@forum.test>"), "forum.test")
        .expect("mail settings");
    settings.poll_interval = Duration::from_millis(200);
    settings
}

/// The first whole link in `text` to a page under `/path`.
pub fn link_in(text: &str, path: &str) -> Option<String> {
    let within = format!("/{path}");
    text.split_whitespace()
        .find(|word| word.starts_with("http") && word.contains(&within))
        .map(|word| word.trim_end_matches(['.', ',', ')']).to_owned())
}

impl SmtpSink {
    /// Waits up to 10 s for `count` messages to `to` (any case) and returns
    /// them; fewer after that fails the test.
    pub async fn wait_for(&self, to: &str, count: usize) -> Vec<String> {
        let start = Instant::now();
        loop {
            let found = self.to(to);
            if found.len() >= count {
                return found;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{} of {count} messages to {to} arrived; all received: {:?}",
                found.len(),
                self.received()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Every message received so far addressed to `to`, its
    /// quoted-printable parts decoded as a mail program would.
    pub fn to(&self, to: &str) -> Vec<String> {
        let header = format!("to: {}", to.to_lowercase());
        self.received()
            .into_iter()
            .filter(|m| m.lines().any(|l| l.to_lowercase() == header))
            .map(|m| decode_quoted_printable(&m))
            .collect()
    }
}

impl TestApp {
    /// Asks for a password reset for `email` and reads the token from the
    /// outbox (for servers with no SMTP server, where mail stays there).
    pub async fn reset_token(&self, email: &str) -> String {
        let body = self
            .op(None, "RequestPasswordReset", json!({ "email": email }))
            .await;
        assert_eq!(body["data"]["requestPasswordReset"], true, "{body}");
        let kept = outbox::newest(self.state.db.conn(), 50)
            .await
            .expect("the outbox");
        let message = kept
            .iter()
            .find(|m| m.email.to.as_str().eq_ignore_ascii_case(email))
            .unwrap_or_else(|| panic!("no mail to {email} in the outbox"));
        let link = link_in(&message.email.text, "reset-password/").expect("a reset link");
        link.rsplit('/').next().expect("a token").to_owned()
    }
}

impl TestApp {
    /// Asks, as `session`, to change its email to `new_email` and reads the
    /// confirmation token from the outbox (for servers that keep mail).
    pub async fn email_change_token(&self, session: &super::Session, new_email: &str) -> String {
        let body = self
            .op(
                Some(&session.access_token),
                "RequestEmailChange",
                json!({ "newEmail": new_email, "password": super::PASSWORD }),
            )
            .await;
        assert_eq!(body["data"]["requestEmailChange"], true, "{body}");
        let kept = outbox::newest(self.state.db.conn(), 50)
            .await
            .expect("the outbox");
        let message = kept
            .iter()
            .find(|m| m.email.to.as_str().eq_ignore_ascii_case(new_email))
            .unwrap_or_else(|| panic!("no mail to {new_email} in the outbox"));
        let link = link_in(&message.email.text, "confirm-email/").expect("a confirmation link");
        link.rsplit('/').next().expect("a token").to_owned()
    }
}

/// Undoes quoted-printable: soft line breaks (`=` at a line's end) and
/// `=XX` bytes. Applied to a whole message, it leaves headers as they are.
fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'=', Some(byte))
                if hex.is_some_and(|h| h.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())) =>
            {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
