//! The two emails of a change of address: the link to the new address,
//! and the notice to the old one, which holds no link that changes
//! anything.

use askama::Template;
use coforum_domain::account::Email;
use coforum_domain::mail::OutgoingEmail;

use super::ComposeError;

#[derive(Template)]
#[template(path = "email_change_confirm.txt")]
struct ConfirmText<'a> {
    link: &'a str,
}

#[derive(Template)]
#[template(path = "email_change_confirm.html")]
struct ConfirmHtml<'a> {
    subject: &'a str,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "email_change_notice.txt")]
struct NoticeText<'a> {
    name: &'a str,
    masked: &'a str,
    forgot_link: &'a str,
}

#[derive(Template)]
#[template(path = "email_change_notice.html")]
struct NoticeHtml<'a> {
    subject: &'a str,
    name: &'a str,
    masked: &'a str,
    forgot_link: &'a str,
}

/// To the new address: the link that makes the change. It names nobody,
/// as the address may have been mistyped.
pub fn email_change_link(to: &Email, link: &str) -> Result<OutgoingEmail, ComposeError> {
    let subject = "Confirm your new coforum email address";
    Ok(OutgoingEmail {
        to: to.clone(),
        subject: subject.to_owned(),
        text: ConfirmText { link }.render()?,
        html: Some(ConfirmHtml { subject, link }.render()?),
        list_unsubscribe: None,
    })
}

/// To the old address: someone asked for a change to `masked` (the new
/// address, mostly hidden), and what to do if it was not them.
pub fn email_change_notice(
    to: &Email,
    name: &str,
    masked: &str,
    forgot_link: &str,
) -> Result<OutgoingEmail, ComposeError> {
    let subject = "Someone asked to change your coforum email address";
    Ok(OutgoingEmail {
        to: to.clone(),
        subject: subject.to_owned(),
        text: NoticeText {
            name,
            masked,
            forgot_link,
        }
        .render()?,
        html: Some(
            NoticeHtml {
                subject,
                name,
                masked,
                forgot_link,
            }
            .render()?,
        ),
        list_unsubscribe: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_link_goes_in_both_parts_and_names_nobody() {
        let to = Email::parse("to", "new@example.org").unwrap();
        let link = "https://forum.example/confirm-email/cfec_abc";
        let email = email_change_link(&to, link).unwrap();
        assert!(email.text.contains(link));
        assert!(email.text.starts_with("Hello,\n"));
        assert!(email.html.unwrap().contains(&format!("href=\"{link}\"")));
    }

    #[test]
    fn the_notice_shows_the_masked_address_and_no_confirmation_link() {
        let to = Email::parse("to", "old@example.org").unwrap();
        let forgot = "https://forum.example/forgot-password";
        let email = email_change_notice(&to, "Sam <b>", "n***@example.org", forgot).unwrap();
        assert!(email.text.contains("Hello Sam <b>,"));
        assert!(email.text.contains("to n***@example.org."));
        assert!(email.text.contains(forgot));
        assert!(!email.text.contains("confirm-email"));
        let html = email.html.unwrap();
        assert!(html.contains("n***@example.org") && html.contains(&format!("href=\"{forgot}\"")));
        assert!(
            html.contains("Sam &#60;b&#62;") || html.contains("Sam &lt;b&gt;"),
            "{html}"
        );
    }
}
