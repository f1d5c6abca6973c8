//! Who may use which page. The pages ask the domain's own rules (the ones
//! the API asks), so a link or button shows only when its page would let
//! the visitor in, and a direct address answers "You can't do this here"
//! before any form is shown (and again on POST, before anything is sent).

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use coforum_domain::forum::{ForumRole as DomainRole, ForumSettings};
use coforum_domain::permissions::{ForumAction, authorize_in_forum, reads_every_forum};

use super::codes::ForumRole;
use super::layout::{Chrome, render, urlencode};
use super::visitor::Visitor;

/// Something a page lets a person do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    StartVote,
    Invite,
    CloseVote,
    PublishPriorities,
    OpenDecision,
    CloseDecision,
    HideComment,
    ManageMembers,
    Vote,
    SuggestImprovement,
    Comment,
    AddFinding,
    /// Recording progress: `facilitators` when the forum's settings let
    /// its facilitators record it too.
    RecordProgress {
        facilitators: bool,
    },
    /// The officers' dashboard and its downloads.
    OfficersDashboard,
    /// The mail outbox.
    ReadEmails,
    /// Changing an improvement or adding a co-author: its co-authors,
    /// while it is a draft (the page decides; this only says who).
    ChangeImprovement,
}

/// Where the "can't" page sends the person back to: the address and its
/// link text.
#[derive(Clone, Debug)]
pub struct Back {
    pub href: String,
    pub text: String,
}

impl Back {
    pub fn new(href: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            href: href.into(),
            text: text.into(),
        }
    }

    /// Back to a forum's home.
    pub fn forum(slug: &str, name: &str) -> Self {
        Self::new(format!("/forums/{slug}"), format!("Go back to {name}"))
    }
}

impl Task {
    /// The forum action the task needs, for tasks inside a forum.
    fn action(self) -> Option<ForumAction> {
        Some(match self {
            Self::StartVote
            | Self::Invite
            | Self::CloseVote
            | Self::PublishPriorities
            | Self::OpenDecision
            | Self::CloseDecision
            | Self::HideComment
            | Self::ManageMembers => ForumAction::Facilitate,
            Self::Vote => ForumAction::Vote,
            Self::SuggestImprovement | Self::ChangeImprovement => ForumAction::Participate,
            Self::Comment => ForumAction::Comment,
            Self::AddFinding => ForumAction::AddFinding,
            Self::RecordProgress { facilitators } => ForumAction::RecordProgress(ForumSettings {
                facilitators_record_progress: facilitators,
            }),
            Self::OfficersDashboard | Self::ReadEmails => return None,
        })
    }

    /// Who can do it, as one sentence.
    pub fn who(self) -> &'static str {
        match self {
            Self::StartVote => "Only the forum's facilitators can start a vote.",
            Self::Invite => "Only the forum's facilitators can invite people.",
            Self::CloseVote => "Only the forum's facilitators can close a vote.",
            Self::PublishPriorities => {
                "Only the forum's facilitators can make a vote's results the forum's priorities."
            }
            Self::OpenDecision => "Only the forum's facilitators can ask members to decide.",
            Self::CloseDecision => "Only the forum's facilitators can close a decision.",
            Self::HideComment => "Only the forum's facilitators can hide a comment.",
            Self::ManageMembers => "Only the forum's facilitators can change roles or remove people.",
            Self::Vote => {
                "Only the forum's members can vote. Council officers see the results but do not vote."
            }
            Self::SuggestImprovement => "Only the forum's members can suggest an improvement.",
            Self::Comment => "Only the forum's members and council officers can comment.",
            Self::AddFinding => "Only the forum's members and council officers can add a finding.",
            Self::RecordProgress { .. } => "Only council officers can record what the council did.",
            Self::OfficersDashboard => "Only council officers can see the officers' dashboard.",
            Self::ReadEmails => "Only the site's admins can read the emails it sends.",
            Self::ChangeImprovement => {
                "Only the people who wrote this improvement can change it, while it is a draft."
            }
        }
    }
}

fn domain_role(role: Option<ForumRole>) -> Option<DomainRole> {
    role.map(|r| match r {
        ForumRole::Member => DomainRole::Member,
        ForumRole::Facilitator => DomainRole::Facilitator,
    })
}

/// May the visitor, whose role in the forum is `role` (as the page read
/// it), do `task`?
pub fn may(v: &Visitor, role: Option<ForumRole>, task: Task) -> bool {
    let actor = v.caller.actor();
    match task.action() {
        Some(action) => authorize_in_forum(actor, domain_role(role), action).is_ok(),
        None if task == Task::ReadEmails => v.me.as_ref().is_some_and(|m| m.is_admin()),
        None => actor.is_some_and(reads_every_forum),
    }
}

/// None lets the visitor through; else the answer instead of the page:
/// the sign-in page (nobody signed in; `here` is where to come back) or
/// the "can't" page. Pages write `refusal(…).map_or(Ok(()), Err)?`.
pub fn refusal(v: &Visitor, role: Option<ForumRole>, task: Task, here: &str, back: Back) -> Option<Response> {
    if v.me.is_none() {
        Some(sign_in(here))
    } else if may(v, role, task) {
        None
    } else {
        Some(cannot(v, task, back))
    }
}

/// The sign-in page, coming back to `here`.
pub fn sign_in(here: &str) -> Response {
    Redirect::to(&format!("/sign-in?next={}", urlencode(here))).into_response()
}

#[derive(Template)]
#[template(path = "cannot.html")]
struct CannotPage {
    c: Chrome,
    who: &'static str,
    back: Back,
}

/// "You can't do this here" (403): who can, and the way back.
pub fn cannot(v: &Visitor, task: Task, back: Back) -> Response {
    let page = CannotPage {
        c: Chrome::new(v, "You can't do this here"),
        who: task.who(),
        back,
    };
    render(&page, StatusCode::FORBIDDEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_is_a_whole_sentence() {
        use Task::*;
        for task in [
            StartVote,
            Invite,
            CloseVote,
            PublishPriorities,
            OpenDecision,
            CloseDecision,
            HideComment,
            ManageMembers,
            Vote,
            SuggestImprovement,
            Comment,
            AddFinding,
            RecordProgress { facilitators: false },
            OfficersDashboard,
            ReadEmails,
            ChangeImprovement,
        ] {
            let who = task.who();
            assert!(who.starts_with("Only "), "{who}");
            assert!(who.ends_with('.'), "{who}");
        }
    }
}
