//! The forum home as a list of tasks for the person: the open votes and
//! decisions they have not had their say in (soonest closing first), in
//! whole sentences ("You have 2 votes to do. One closes on Friday 11
//! December 2026 at 5:00pm (UK time)."), and those they have.

use chrono::{DateTime, Utc};

use super::codes::{DecisionState, ImprovementStatus, RoundState};
use super::forum::web_forum_home::WebForumHomeForum as HomeForum;
use super::words;

/// Something open that the person can still do, or has done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The page to do it on.
    pub href: String,
    pub title: String,
    /// When it closes, in words; empty when it closes when a facilitator
    /// closes it.
    pub closes: String,
    /// For what is done: what they said ("You voted", "You said: Agree").
    pub said: String,
    /// When it closes, for ordering.
    at: Option<DateTime<Utc>>,
}

/// What the person has to do in the forum, and what they have done.
#[derive(Clone, Debug, Default)]
pub struct Tasks {
    pub votes: Vec<Item>,
    pub decisions: Vec<Item>,
    pub voted: Vec<Item>,
    pub decided: Vec<Item>,
}

fn parse(at: Option<&str>) -> Option<DateTime<Utc>> {
    at.and_then(|at| DateTime::parse_from_rfc3339(at).ok())
        .map(|at| at.with_timezone(&Utc))
}

fn item(href: String, title: &str, closes: Option<&str>, said: &str) -> Item {
    Item {
        href,
        title: title.to_owned(),
        closes: closes.map(words::day_time).unwrap_or_default(),
        said: said.to_owned(),
        at: parse(closes),
    }
}

/// Soonest closing first; those with no closing time last.
fn soonest_first(items: &mut [Item]) {
    items.sort_by_key(|i| (i.at.is_none(), i.at));
}

impl Tasks {
    /// The tasks in `forum`, as its home read it for the person.
    pub fn of(forum: &HomeForum) -> Self {
        let mut tasks = Self::default();
        for r in forum.rounds.iter().filter(|r| r.state == RoundState::Open) {
            let closes = r.closes_at.as_deref();
            if r.my_ballot.is_some() {
                let href = format!("/rounds/{}/vote", r.id);
                tasks.voted.push(item(
                    href,
                    &r.title,
                    closes,
                    "You have voted. You can change your vote",
                ));
            } else {
                tasks
                    .votes
                    .push(item(format!("/rounds/{}/vote", r.id), &r.title, closes, ""));
            }
        }
        for i in &forum.improvements {
            let Some(d) = i.decision.as_ref().filter(|d| d.state == DecisionState::Open) else {
                continue;
            };
            if i.status != ImprovementStatus::InDecision {
                continue;
            }
            let href = format!("/improvements/{}#decision", i.id);
            let closes = d.closes_at.as_deref();
            match &i.my_vote {
                Some(mine) => {
                    let said = format!("You said: {}. You can change it", mine.position.words());
                    tasks.decided.push(item(href, &i.title, closes, &said));
                }
                None => tasks.decisions.push(item(href, &i.title, closes, "")),
            }
        }
        for list in [
            &mut tasks.votes,
            &mut tasks.decisions,
            &mut tasks.voted,
            &mut tasks.decided,
        ] {
            soonest_first(list);
        }
        tasks
    }

    pub fn nothing_to_do(&self) -> bool {
        self.votes.is_empty() && self.decisions.is_empty()
    }

    /// The summary at the top of the list, as whole sentences.
    pub fn summary(&self) -> Vec<String> {
        let mut out = Vec::new();
        let soonest = |items: &[Item]| items.iter().find(|i| i.at.is_some()).map(|i| i.closes.clone());
        match self.votes.len() {
            0 => {}
            1 => {
                out.push("You have 1 vote to do.".to_owned());
                if let Some(when) = soonest(&self.votes) {
                    out.push(format!("It closes on {when}."));
                }
            }
            n => {
                out.push(format!("You have {n} votes to do."));
                if let Some(when) = soonest(&self.votes) {
                    out.push(format!("One closes on {when}."));
                }
            }
        }
        match self.decisions.len() {
            0 => {}
            1 => {
                out.push("1 decision is waiting for your view.".to_owned());
                if let Some(when) = soonest(&self.decisions) {
                    out.push(format!("It closes on {when}."));
                }
            }
            n => {
                out.push(format!("{n} decisions are waiting for your view."));
                if let Some(when) = soonest(&self.decisions) {
                    out.push(format!("One closes on {when}."));
                }
            }
        }
        if out.is_empty() {
            out.push("There is nothing for you to vote on or decide right now.".to_owned());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn todo(title: &str, closes: Option<&str>) -> Item {
        item(format!("/{title}"), title, closes, "")
    }

    #[test]
    fn the_summary_is_whole_sentences_with_the_soonest_close() {
        let mut tasks = Tasks {
            votes: vec![
                todo("b", None),
                todo("c", Some("2026-12-18T17:00:00Z")),
                todo("a", Some("2026-12-11T17:00:00Z")),
            ],
            decisions: vec![todo("d", Some("2026-07-03T08:00:00Z"))],
            ..Tasks::default()
        };
        soonest_first(&mut tasks.votes);
        let order: Vec<_> = tasks.votes.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(order, ["a", "c", "b"]);
        assert_eq!(
            tasks.summary(),
            [
                "You have 3 votes to do.",
                "One closes on Friday 11 December 2026 at 5:00pm (UK time).",
                "1 decision is waiting for your view.",
                "It closes on Friday 3 July 2026 at 9:00am (UK time).",
            ]
        );
    }

    #[test]
    fn one_vote_with_no_closing_time_and_nothing_to_do() {
        let one = Tasks {
            votes: vec![todo("a", None)],
            ..Tasks::default()
        };
        assert_eq!(one.summary(), ["You have 1 vote to do."]);
        assert!(!one.nothing_to_do());
        let none = Tasks::default();
        assert!(none.nothing_to_do());
        assert_eq!(
            none.summary(),
            ["There is nothing for you to vote on or decide right now."]
        );
    }
}
