//! `raiseFinding`: feedback becomes one finding of a forum, for members to
//! prioritise, in words that name nobody; each item then lists it.

use coforum_domain::feedback::raise::{Source, check_anonymous, earliest, finding_source, themes_together};
use coforum_domain::feedback::{HistoryAction, HistoryEntry};
use coforum_domain::finding::{Finding, FindingDraft, NewFinding};
use coforum_domain::ids::{FeedbackId, ForumId};
use coforum_persistence::now;
use coforum_persistence::repos::{feedback, findings, forums};

use super::access;
use super::work::locked;
use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub const MAX_ITEMS: usize = 100;

pub struct Raise<'a> {
    pub forum_id: ForumId,
    pub feedback_ids: &'a [FeedbackId],
    pub title: &'a str,
    pub body: &'a str,
}

pub async fn raise_finding(state: &AppState, caller: &Caller, raise: Raise<'_>) -> AppResult<Finding> {
    let actor = access::team(caller)?;
    let mut ids = raise.feedback_ids.to_vec();
    ids.sort();
    ids.dedup();
    if ids.is_empty() || ids.len() > MAX_ITEMS {
        return Err(AppError::invalid(
            "feedbackIds",
            format!("give 1 to {MAX_ITEMS} items"),
        ));
    }
    let txn = state.db.begin().await?;
    if forums::find(&txn, raise.forum_id).await?.is_none() {
        return Err(AppError::invalid("forumId", "must be a forum that exists"));
    }
    let mut items = Vec::with_capacity(ids.len());
    for &id in &ids {
        match locked(&txn, id).await {
            Ok(item) => items.push(item),
            Err(AppError::NotFound(_)) => {
                return Err(AppError::invalid(
                    "feedbackIds",
                    format!("{id} is not an item of the log"),
                ));
            }
            Err(other) => return Err(other),
        }
    }
    let sources: Vec<Source<'_>> = items
        .iter()
        .map(|item| Source {
            kind: item.standing.kind,
            themes: &item.themes,
            received_at: item.standing.received_at,
            person_name: item.personal.person_name.as_deref(),
            contact: item.personal.contact.as_deref(),
        })
        .collect();
    let themes = themes_together(&sources);
    let draft = FindingDraft {
        title: raise.title,
        body: raise.body,
        source: finding_source(items.iter().map(|item| item.standing.kind)),
        themes: &themes,
        reference: None,
        received_at: earliest(&sources),
    };
    let new = NewFinding::parse(draft, now())?;
    check_anonymous(&new.title, &new.body, &sources)?;
    let finding = findings::insert(&txn, raise.forum_id, &new, actor.user_id).await?;
    for item in &items {
        feedback::link_finding(&txn, item.id, finding.id).await?;
        let entry = HistoryEntry {
            at: now(),
            action: HistoryAction::RaisedAsFinding,
            actor: Some(actor.user_id),
            note: Some(finding.title.clone()),
        };
        feedback::add_history(&txn, item.id, &entry).await?;
    }
    txn.commit().await?;
    Ok(finding)
}
