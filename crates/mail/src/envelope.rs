use coforum_domain::mail::OutgoingEmail;
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};

const LIST_UNSUBSCRIBE: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe");
const LIST_UNSUBSCRIBE_POST: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe-Post");

/// The email on the wire: a plain-text part always, an HTML alternative when
/// there is one, and RFC 8058 one-click unsubscribe headers when the
/// message offers it.
pub(crate) fn envelope(from: &Mailbox, email: &OutgoingEmail) -> Result<Message, lettre::error::Error> {
    let to: Mailbox = email
        .to
        .as_str()
        .parse()
        .map_err(|_| lettre::error::Error::MissingTo)?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&email.subject);
    if let Some(url) = &email.list_unsubscribe {
        builder = builder
            .raw_header(HeaderValue::new(LIST_UNSUBSCRIBE, format!("<{url}>")))
            .raw_header(HeaderValue::new(
                LIST_UNSUBSCRIBE_POST,
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    match &email.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            email.text.clone(),
            html.clone(),
        )),
        None => builder.singlepart(SinglePart::plain(email.text.clone())),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use coforum_domain::account::Email;

    use super::*;

    fn email(html: Option<&str>, unsubscribe: Option<&str>) -> OutgoingEmail {
        OutgoingEmail {
            to: Email::parse("to", "sam@example.org").unwrap(),
            subject: "Inspire forum: a vote has opened".to_owned(),
            text: "Have your say.".to_owned(),
            html: html.map(str::to_owned),
            list_unsubscribe: unsubscribe.map(str::to_owned),
        }
    }

    #[test]
    fn text_always_html_as_an_alternative_and_one_click_unsubscribe() {
        let from: Mailbox = "Inspire forum <forum@council.example>".parse().unwrap();
        let plain = String::from_utf8(envelope(&from, &email(None, None)).unwrap().formatted()).unwrap();
        assert!(plain.contains("Content-Type: text/plain"));
        assert!(!plain.contains("List-Unsubscribe"));

        let both = envelope(
            &from,
            &email(Some("<p>Have your say.</p>"), Some("https://x.example/u/1")),
        )
        .unwrap()
        .formatted();
        let both = String::from_utf8(both).unwrap();
        assert!(both.contains("multipart/alternative"));
        assert!(both.contains("text/plain") && both.contains("text/html"));
        assert!(both.contains("List-Unsubscribe: <https://x.example/u/1>"));
        assert!(both.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    }
}
