//! The email that invites someone to a forum (`inviteByEmail`).

use askama::Template;
use coforum_domain::account::Email;
use coforum_domain::mail::OutgoingEmail;

use super::ComposeError;

/// What one invite email says.
#[derive(Clone, Copy, Debug)]
pub struct ForumInvite<'a> {
    pub forum: &'a str,
    /// The display name of who invites.
    pub inviter: &'a str,
    pub facilitator: bool,
    /// The inviter's own words, quoted as theirs.
    pub message: Option<&'a str>,
    /// `<public URL>/join/<code>`.
    pub link: &'a str,
    /// How long the link works.
    pub days: i64,
}

#[derive(Template)]
#[template(path = "forum_invite.txt")]
struct InviteText<'a> {
    forum: &'a str,
    inviter: &'a str,
    facilitator: bool,
    lines: Vec<&'a str>,
    link: &'a str,
    days: i64,
}

#[derive(Template)]
#[template(path = "forum_invite.html")]
struct InviteHtml<'a> {
    subject: &'a str,
    forum: &'a str,
    inviter: &'a str,
    facilitator: bool,
    lines: Vec<&'a str>,
    link: &'a str,
    days: i64,
}

/// The invite to `to`. The subject names the forum, on one line whatever
/// the forum's name holds.
pub fn forum_invite(to: &Email, invite: &ForumInvite<'_>) -> Result<OutgoingEmail, ComposeError> {
    let forum = invite.forum.split_whitespace().collect::<Vec<_>>().join(" ");
    let subject = format!("You are invited to join {forum} on coforum");
    let lines: Vec<&str> = invite
        .message
        .map_or_else(Vec::new, |m| m.lines().map(str::trim_end).collect());
    let text = InviteText {
        forum: &forum,
        inviter: invite.inviter,
        facilitator: invite.facilitator,
        lines: lines.clone(),
        link: invite.link,
        days: invite.days,
    }
    .render()?;
    let html = InviteHtml {
        subject: &subject,
        forum: &forum,
        inviter: invite.inviter,
        facilitator: invite.facilitator,
        lines,
        link: invite.link,
        days: invite.days,
    }
    .render()?;
    Ok(OutgoingEmail {
        to: to.clone(),
        subject,
        text,
        html: Some(html),
        list_unsubscribe: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn invite<'a>(message: Option<&'a str>, facilitator: bool) -> ForumInvite<'a> {
        ForumInvite {
            forum: "Inspire\nforum",
            inviter: "Sam <b>",
            facilitator,
            message,
            link: "https://forum.example/join/abc",
            days: 7,
        }
    }

    #[test]
    fn an_invite_names_the_forum_and_holds_the_link_in_both_parts() {
        let to = Email::parse("to", "kim@example.org").unwrap();
        let email = forum_invite(&to, &invite(None, false)).unwrap();
        assert_eq!(email.subject, "You are invited to join Inspire forum on coforum");
        assert!(
            email.text.contains("\nhttps://forum.example/join/abc\n"),
            "{}",
            email.text
        );
        assert!(
            email
                .text
                .contains("Sam <b> invites you to join Inspire forum on coforum.")
        );
        assert!(email.text.contains("for 7 days"));
        assert!(!email.text.contains("A message from"), "{}", email.text);
        assert!(!email.text.contains("facilitator"));
        let html = email.html.unwrap();
        assert!(html.contains("href=\"https://forum.example/join/abc\""));
        assert!(!html.contains("<b>"), "names are escaped: {html}");
        assert!(html.contains("We have not made an account for you."));
    }

    #[test]
    fn the_message_is_quoted_as_the_inviters_words() {
        let to = Email::parse("to", "kim@example.org").unwrap();
        let said = "Hello Kim!\nCome on <i>Tuesday</i>.";
        let email = forum_invite(&to, &invite(Some(said), true)).unwrap();
        assert!(email.text.contains("A message from Sam <b>:\n"), "{}", email.text);
        assert!(
            email
                .text
                .contains("\n    Hello Kim!\n    Come on <i>Tuesday</i>.\n"),
            "{}",
            email.text
        );
        assert!(email.text.contains("as a facilitator."));
        let html = email.html.unwrap();
        assert!(html.contains("<blockquote"), "{html}");
        assert!(
            html.contains("Hello Kim!<br>Come on &#60;i&#62;Tuesday")
                || html.contains("Hello Kim!<br>Come on &lt;i&gt;Tuesday"),
            "{html}"
        );
    }
}
