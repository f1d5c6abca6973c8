//! Notification emails: one about one event, or the day's digest. Each
//! carries its one-click unsubscribe address (RFC 8058) in the headers and
//! a link to it in the text.

use askama::Template;
use coforum_domain::account::Email;
use coforum_domain::mail::OutgoingEmail;

use crate::compose::ComposeError;

/// One notification, ready to write: whole addresses on the public URL.
#[derive(Clone, Debug)]
pub struct Item {
    pub forum: String,
    pub title: String,
    pub link: String,
}

#[derive(Template)]
#[template(path = "notification.txt")]
struct NotificationText<'a> {
    name: &'a str,
    forum: &'a str,
    title: &'a str,
    link: &'a str,
    unsubscribe: &'a str,
}

#[derive(Template)]
#[template(path = "notification.html")]
struct NotificationHtml<'a> {
    subject: &'a str,
    name: &'a str,
    forum: &'a str,
    title: &'a str,
    link: &'a str,
    unsubscribe: &'a str,
}

#[derive(Template)]
#[template(path = "digest.txt")]
struct DigestText<'a> {
    name: &'a str,
    items: &'a [Item],
    unsubscribe: &'a str,
}

#[derive(Template)]
#[template(path = "digest.html")]
struct DigestHtml<'a> {
    subject: &'a str,
    name: &'a str,
    items: &'a [Item],
    unsubscribe: &'a str,
}

/// The email about one event, its subject led by the forum's name.
pub fn notification(
    to: &Email,
    name: &str,
    item: &Item,
    unsubscribe: &str,
) -> Result<OutgoingEmail, ComposeError> {
    let subject = format!("{}: {}", item.forum, item.title);
    let (forum, title, link) = (item.forum.as_str(), item.title.as_str(), item.link.as_str());
    Ok(OutgoingEmail {
        to: to.clone(),
        text: NotificationText {
            name,
            forum,
            title,
            link,
            unsubscribe,
        }
        .render()?,
        html: Some(
            NotificationHtml {
                subject: &subject,
                name,
                forum,
                title,
                link,
                unsubscribe,
            }
            .render()?,
        ),
        subject,
        list_unsubscribe: Some(unsubscribe.to_owned()),
    })
}

/// The day's digest: every item in one email, oldest first.
pub fn digest(
    to: &Email,
    name: &str,
    items: &[Item],
    unsubscribe: &str,
) -> Result<OutgoingEmail, ComposeError> {
    let subject = format!("Your daily news from {}", forums_named(items));
    Ok(OutgoingEmail {
        to: to.clone(),
        text: DigestText {
            name,
            items,
            unsubscribe,
        }
        .render()?,
        html: Some(
            DigestHtml {
                subject: &subject,
                name,
                items,
                unsubscribe,
            }
            .render()?,
        ),
        subject,
        list_unsubscribe: Some(unsubscribe.to_owned()),
    })
}

/// "Inspire", "Inspire and Autism group", "Inspire, Autism group and 2 more".
fn forums_named(items: &[Item]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for item in items {
        if !names.contains(&item.forum.as_str()) {
            names.push(&item.forum);
        }
    }
    match names.as_slice() {
        [] => "coforum".to_owned(),
        [one] => (*one).to_owned(),
        [one, two] => format!("{one} and {two}"),
        [one, two, rest @ ..] => format!("{one}, {two} and {} more", rest.len()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn item(forum: &str, title: &str) -> Item {
        Item {
            forum: forum.to_owned(),
            title: title.to_owned(),
            link: "https://forum.example/rounds/1".to_owned(),
        }
    }

    #[test]
    fn a_notification_names_the_forum_and_carries_its_unsubscribe_link() {
        let to = Email::parse("to", "sam@example.org").unwrap();
        let unsubscribe = "https://forum.example/unsubscribe/abc.def";
        let email = notification(&to, "Sam", &item("Inspire", "Voting is open: Buses"), unsubscribe).unwrap();
        assert_eq!(email.subject, "Inspire: Voting is open: Buses");
        assert!(email.text.contains("https://forum.example/rounds/1"));
        assert!(email.text.contains(unsubscribe));
        assert_eq!(email.list_unsubscribe.as_deref(), Some(unsubscribe));
        assert!(email.html.unwrap().contains(&format!("href=\"{unsubscribe}\"")));
    }

    #[test]
    fn a_digest_lists_every_item_and_names_its_forums() {
        let to = Email::parse("to", "sam@example.org").unwrap();
        let items = [
            item("Inspire", "A decision was made: Buses"),
            item("Autism group", "Voting has closed. See the result: Leaflets"),
            item("Inspire", "News of what the council did: Buses"),
        ];
        let email = digest(&to, "Sam", &items, "https://forum.example/unsubscribe/x.y").unwrap();
        assert_eq!(email.subject, "Your daily news from Inspire and Autism group");
        for item in &items {
            assert!(
                email.text.contains(&format!("{}: {}", item.forum, item.title)),
                "{}",
                email.text
            );
        }
        assert_eq!(forums_named(&items[..1]), "Inspire");
        let many = [item("A", "t"), item("B", "t"), item("C", "t"), item("D", "t")];
        assert_eq!(forums_named(&many), "A, B and 2 more");
    }
}
