//! The emails coforum writes, from the templates in `crates/mail/templates`:
//! a plain-text part always, and a simple HTML part with the same words.
//! Each has one clear link, a whole address on the public URL.

use askama::Template;
use coforum_domain::account::Email;
use coforum_domain::mail::OutgoingEmail;

/// Changing an account's email: the link and the notice.
mod email_change;
pub use email_change::{email_change_link, email_change_notice};
/// The invite to a forum.
mod invite;
pub use invite::{ForumInvite, forum_invite};

#[derive(Template)]
#[template(path = "password_reset.txt")]
struct PasswordResetText<'a> {
    name: &'a str,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "password_reset.html")]
struct PasswordResetHtml<'a> {
    subject: &'a str,
    name: &'a str,
    link: &'a str,
}

/// A template that failed to render: a bug in a template, never the
/// user's doing.
#[derive(Debug, thiserror::Error)]
#[error("an email template failed: {0}")]
pub struct ComposeError(#[from] askama::Error);

/// The email with a link to choose a new password.
pub fn password_reset(to: &Email, name: &str, link: &str) -> Result<OutgoingEmail, ComposeError> {
    let subject = "Reset your coforum password";
    Ok(OutgoingEmail {
        to: to.clone(),
        subject: subject.to_owned(),
        text: PasswordResetText { name, link }.render()?,
        html: Some(PasswordResetHtml { subject, name, link }.render()?),
        list_unsubscribe: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_email_has_the_link_in_both_parts_and_escapes_names_in_html() {
        let to = Email::parse("to", "sam@example.org").unwrap();
        let link = "https://forum.example/reset-password/cfpr_abc";
        let email = password_reset(&to, "Sam <b>", link).unwrap();
        assert!(email.text.contains(link));
        assert!(email.text.contains("Hello Sam <b>,"), "text is not escaped");
        let html = email.html.unwrap();
        assert!(html.contains(&format!("href=\"{link}\"")));
        assert!(
            html.contains("Sam &#60;b&#62;") || html.contains("Sam &lt;b&gt;"),
            "{html}"
        );
        assert!(html.contains("lang=\"en-GB\""));
    }
}
