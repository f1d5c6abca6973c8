//! The feedback log in the schema (contract, "The feedback log"): its
//! enums, `FeedbackItem`, the log's connection and the report. Resolvers
//! only map what `coforum_app::feedback` answers.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use coforum_app::feedback::reads::{self, today};
use coforum_domain::feedback as domain;

use super::accounts::{User, load_user};
use super::context::state;
use super::findings::{Finding, load_finding};
use super::scalars::Date;

/// The operations: logging, working and raising.
mod mutations;
/// `feedbackItem`, `feedbackLog` and `feedbackReport`.
mod queries;

pub use mutations::FeedbackMutation;
pub use queries::FeedbackQuery;

type Result<T> = async_graphql::Result<T>;

/// What the person told the council.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::feedback::FeedbackKind")]
pub enum FeedbackKind {
    Complaint,
    ServiceRequest,
    Compliment,
    Suggestion,
}

/// The rules a complaint is handled under: the 2009 adult social care
/// regulations (one stage) or the Ombudsman's code (two stages).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::feedback::ComplaintRoute")]
pub enum ComplaintRoute {
    AdultSocialCare,
    Corporate,
}

/// How it reached the council.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::feedback::Channel")]
pub enum Channel {
    Phone,
    Email,
    Letter,
    InPerson,
    Web,
    Forum,
    Advocate,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::feedback::FeedbackStatus")]
pub enum FeedbackStatus {
    Received,
    Acknowledged,
    Responded,
    Escalated,
    Closed,
    Withdrawn,
}

/// A complaint: UPHELD, PARTLY_UPHELD, NOT_UPHELD or WITHDRAWN; anything
/// else: RESOLVED or WITHDRAWN.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::feedback::FeedbackOutcome")]
pub enum FeedbackOutcome {
    Upheld,
    PartlyUpheld,
    NotUpheld,
    Resolved,
    Withdrawn,
}

/// What the Ombudsman found.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::feedback::OmbudsmanOutcome")]
pub enum OmbudsmanOutcome {
    Upheld,
    NotUpheld,
    NotInvestigated,
}

/// One kind of change in an item's history.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::feedback::HistoryAction")]
pub enum FeedbackAction {
    Received,
    Acknowledged,
    Assigned,
    Extended,
    Responded,
    Escalated,
    Referred,
    RemedyDone,
    RaisedAsFinding,
}

/// A complaint, service request, compliment or suggestion. Personal
/// details (name, contact, adjustments, details, response) are null for
/// anyone but the complaints team and admins.
pub struct FeedbackItem(pub domain::FeedbackItem);

#[Object]
impl FeedbackItem {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// A short human reference, e.g. FB-2026-0042.
    async fn reference(&self) -> &str {
        &self.0.reference
    }
    async fn kind(&self) -> FeedbackKind {
        self.0.standing.kind.into()
    }
    /// Complaints only.
    async fn route(&self) -> Option<ComplaintRoute> {
        self.0.standing.route.map(Into::into)
    }
    /// 1, or 2 once a corporate complaint is escalated.
    async fn stage(&self) -> i32 {
        i32::from(self.0.standing.stage)
    }
    async fn status(&self) -> FeedbackStatus {
        self.0.standing.status.into()
    }
    async fn channel(&self) -> Channel {
        self.0.channel.into()
    }
    async fn received_at(&self) -> DateTime<Utc> {
        self.0.standing.received_at
    }
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    async fn details(&self) -> Option<&str> {
        self.0.personal.details.as_deref()
    }
    async fn person_name(&self) -> Option<&str> {
        self.0.personal.person_name.as_deref()
    }
    async fn contact(&self) -> Option<&str> {
        self.0.personal.contact.as_deref()
    }
    /// What the person needs to take part: large print, an advocate, a call.
    async fn adjustments(&self) -> Option<&str> {
        self.0.personal.adjustments.as_deref()
    }
    async fn themes(&self) -> &[String] {
        &self.0.themes
    }
    async fn service(&self) -> Option<&str> {
        self.0.service.as_deref()
    }
    /// At the current stage.
    async fn acknowledged_at(&self) -> Option<DateTime<Utc>> {
        self.0.standing.acknowledged_at
    }
    /// Null for anything that is not a complaint.
    async fn acknowledge_by(&self) -> Option<Date> {
        self.0.standing.acknowledge_by.map(Date)
    }
    async fn acknowledged_on_time(&self) -> Option<bool> {
        self.0.standing.acknowledged_on_time()
    }
    /// Null for anything that is not a complaint.
    async fn respond_by(&self) -> Option<Date> {
        self.0.standing.respond_by.map(Date)
    }
    /// At the current stage.
    async fn responded_at(&self) -> Option<DateTime<Utc>> {
        self.0.standing.responded_at
    }
    async fn responded_on_time(&self) -> Option<bool> {
        self.0.standing.responded_on_time()
    }
    /// Past a due date with nothing done, today in England.
    async fn overdue(&self) -> bool {
        self.0.overdue(today())
    }
    /// The latest outcome.
    async fn outcome(&self) -> Option<FeedbackOutcome> {
        self.0.standing.outcome.map(Into::into)
    }
    async fn response(&self) -> Option<&str> {
        self.0.personal.response.as_deref()
    }
    /// What the council learned from it.
    async fn learning(&self) -> Option<&str> {
        self.0.learning.as_deref()
    }
    async fn handler(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        match self.0.handler {
            Some(id) => Ok(Some(load_user(ctx, id).await?)),
            None => Ok(None),
        }
    }
    /// Findings raised from it.
    #[graphql(
        complexity = "super::list_bounds::cost(super::list_bounds::FINDINGS_OF_FEEDBACK, child_complexity)"
    )]
    async fn findings(&self, ctx: &Context<'_>) -> Result<Vec<Finding>> {
        let mut found = Vec::with_capacity(self.0.findings.len());
        for &id in &self.0.findings {
            found.push(load_finding(ctx, id).await?);
        }
        Ok(found)
    }
    /// Every change, oldest first.
    #[graphql(
        complexity = "super::list_bounds::cost(super::list_bounds::FEEDBACK_HISTORY, child_complexity)"
    )]
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<HistoryEntry>> {
        let entries = reads::history(state(ctx), self.0.id).await?;
        Ok(entries.into_iter().map(HistoryEntry).collect())
    }
    /// The Ombudsman referral, if there is one.
    async fn ombudsman(&self) -> Option<OmbudsmanReferral> {
        self.0.referral.clone().map(OmbudsmanReferral)
    }
}

pub struct HistoryEntry(domain::HistoryEntry);

#[Object]
impl HistoryEntry {
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    async fn action(&self) -> FeedbackAction {
        self.0.action.into()
    }
    /// Null when the public submitted it.
    async fn actor(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        match self.0.actor {
            Some(id) => Ok(Some(load_user(ctx, id).await?)),
            None => Ok(None),
        }
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
}

pub struct OmbudsmanReferral(domain::Referral);

#[Object]
impl OmbudsmanReferral {
    async fn referred_at(&self) -> DateTime<Utc> {
        self.0.referred_at
    }
    /// Null until the Ombudsman decides.
    async fn outcome(&self) -> Option<OmbudsmanOutcome> {
        self.0.outcome.map(Into::into)
    }
    async fn remedies(&self) -> Vec<Remedy> {
        self.0.remedies.iter().cloned().map(Remedy).collect()
    }
}

/// Something the Ombudsman asked the council to do.
pub struct Remedy(pub domain::Remedy);

#[Object]
impl Remedy {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// Null until done.
    async fn done_at(&self) -> Option<DateTime<Utc>> {
        self.0.done_at
    }
}

/// What someone who told the council something keeps: its reference.
#[derive(SimpleObject)]
pub struct FeedbackReceipt {
    reference: String,
}
