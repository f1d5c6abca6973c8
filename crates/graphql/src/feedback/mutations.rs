use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use coforum_app::feedback::{intake, ombudsman, raise, work};
use coforum_domain::feedback::intake::FeedbackDraft;
use coforum_domain::ids::FeedbackId;

use super::super::context::{caller, client, state};
use super::super::findings::Finding;
use super::super::ids::parse_id;
use super::super::scalars::Date;
use super::{
    Channel, ComplaintRoute, FeedbackItem, FeedbackKind, FeedbackOutcome, FeedbackReceipt, OmbudsmanOutcome,
    Remedy, Result,
};
use coforum_app::AppResult;

#[derive(InputObject)]
pub struct LogFeedbackInput {
    kind: FeedbackKind,
    /// Required for a complaint, refused for anything else.
    route: Option<ComplaintRoute>,
    channel: Channel,
    /// When the council received it; now when omitted.
    received_at: Option<DateTime<Utc>>,
    /// 3 to 300 characters.
    summary: String,
    details: Option<String>,
    themes: Vec<String>,
    service: Option<String>,
    person_name: Option<String>,
    contact: Option<String>,
    adjustments: Option<String>,
    /// The forum it concerns, if any.
    forum_id: Option<ID>,
}

#[derive(InputObject)]
pub struct SubmitFeedbackInput {
    kind: FeedbackKind,
    summary: String,
    details: Option<String>,
    person_name: Option<String>,
    contact: Option<String>,
    adjustments: Option<String>,
}

#[derive(InputObject)]
pub struct ExtendFeedbackInput {
    id: ID,
    respond_by: Date,
    reason: String,
}

#[derive(InputObject)]
pub struct RespondToFeedbackInput {
    id: ID,
    outcome: FeedbackOutcome,
    response: String,
    learning: Option<String>,
}

#[derive(InputObject)]
pub struct RecordOmbudsmanInput {
    id: ID,
    referred_at: DateTime<Utc>,
    outcome: Option<OmbudsmanOutcome>,
    /// Added to those already asked for.
    remedies: Option<Vec<String>>,
}

#[derive(InputObject)]
pub struct RaiseFindingInput {
    forum_id: ID,
    feedback_ids: Vec<ID>,
    title: String,
    /// Must not hold any item's person's name or contact.
    body: String,
}

#[derive(Default)]
pub struct FeedbackMutation;

fn item_id(id: &ID) -> AppResult<FeedbackId> {
    parse_id("id", id)
}

#[Object]
impl FeedbackMutation {
    /// Officers, the complaints team and admins: logs what the council
    /// heard, however it came.
    async fn log_feedback(&self, ctx: &Context<'_>, input: LogFeedbackInput) -> Result<FeedbackItem> {
        let forum = input
            .forum_id
            .as_ref()
            .map(|id| parse_id("forumId", id))
            .transpose()?;
        let draft = FeedbackDraft {
            kind: Some(input.kind.into()),
            route: input.route.map(Into::into),
            channel: Some(input.channel.into()),
            received_at: input.received_at,
            summary: &input.summary,
            details: input.details.as_deref(),
            themes: &input.themes,
            service: input.service.as_deref(),
            person_name: input.person_name.as_deref(),
            contact: input.contact.as_deref(),
            adjustments: input.adjustments.as_deref(),
        };
        let item = intake::log_feedback(state(ctx), caller(ctx), &draft, forum).await?;
        Ok(FeedbackItem(item))
    }

    /// Anyone, signed in or not: at most 10 a minute from one address.
    async fn submit_feedback(
        &self,
        ctx: &Context<'_>,
        input: SubmitFeedbackInput,
    ) -> Result<FeedbackReceipt> {
        let draft = FeedbackDraft {
            kind: Some(input.kind.into()),
            summary: &input.summary,
            details: input.details.as_deref(),
            person_name: input.person_name.as_deref(),
            contact: input.contact.as_deref(),
            adjustments: input.adjustments.as_deref(),
            ..FeedbackDraft::default()
        };
        let item = intake::submit_feedback(state(ctx), caller(ctx), client(ctx), &draft).await?;
        Ok(FeedbackReceipt {
            reference: item.reference,
        })
    }

    /// The complaints team and admins.
    async fn acknowledge_feedback(&self, ctx: &Context<'_>, id: ID) -> Result<FeedbackItem> {
        Ok(FeedbackItem(
            work::acknowledge(state(ctx), caller(ctx), item_id(&id)?).await?,
        ))
    }

    /// Gives the item to a member of the complaints team or an admin.
    async fn assign_feedback(&self, ctx: &Context<'_>, id: ID, handler_id: ID) -> Result<FeedbackItem> {
        let handler = parse_id("handlerId", &handler_id)?;
        Ok(FeedbackItem(
            work::assign(state(ctx), caller(ctx), item_id(&id)?, handler).await?,
        ))
    }

    /// An adult social care complaint: any later date agreed with the
    /// person; a corporate one: at most 10 working days more.
    async fn extend_feedback(&self, ctx: &Context<'_>, input: ExtendFeedbackInput) -> Result<FeedbackItem> {
        let id = item_id(&input.id)?;
        let item = work::extend(state(ctx), caller(ctx), id, input.respond_by.0, &input.reason).await?;
        Ok(FeedbackItem(item))
    }

    /// Answers the current stage (and acknowledges it, if not yet done).
    async fn respond_to_feedback(
        &self,
        ctx: &Context<'_>,
        input: RespondToFeedbackInput,
    ) -> Result<FeedbackItem> {
        let id = item_id(&input.id)?;
        let answer = work::Response {
            outcome: input.outcome.into(),
            response: &input.response,
            learning: input.learning.as_deref(),
        };
        Ok(FeedbackItem(
            work::respond(state(ctx), caller(ctx), id, answer).await?,
        ))
    }

    /// A corporate complaint answered at stage 1 goes to stage 2.
    async fn escalate_feedback(&self, ctx: &Context<'_>, id: ID, reason: String) -> Result<FeedbackItem> {
        Ok(FeedbackItem(
            work::escalate(state(ctx), caller(ctx), item_id(&id)?, &reason).await?,
        ))
    }

    /// A complaint referred to the Ombudsman: when, what it found, and
    /// the remedies it asked for.
    async fn record_ombudsman(&self, ctx: &Context<'_>, input: RecordOmbudsmanInput) -> Result<FeedbackItem> {
        let id = item_id(&input.id)?;
        let remedies = input.remedies.unwrap_or_default();
        let referral = ombudsman::Referral {
            referred_at: input.referred_at,
            outcome: input.outcome.map(Into::into),
            remedies: &remedies,
        };
        Ok(FeedbackItem(
            ombudsman::record(state(ctx), caller(ctx), id, referral).await?,
        ))
    }

    async fn complete_remedy(&self, ctx: &Context<'_>, id: ID) -> Result<Remedy> {
        let id = parse_id("id", &id)?;
        Ok(Remedy(
            ombudsman::complete_remedy(state(ctx), caller(ctx), id).await?,
        ))
    }

    /// Feedback becomes a finding of a forum, in words naming nobody.
    async fn raise_finding(&self, ctx: &Context<'_>, input: RaiseFindingInput) -> Result<Finding> {
        let forum_id = parse_id("forumId", &input.forum_id)?;
        let ids = input
            .feedback_ids
            .iter()
            .map(|id| parse_id("feedbackIds", id))
            .collect::<AppResult<Vec<FeedbackId>>>()?;
        let request = raise::Raise {
            forum_id,
            feedback_ids: &ids,
            title: &input.title,
            body: &input.body,
        };
        Ok(Finding(
            raise::raise_finding(state(ctx), caller(ctx), request).await?,
        ))
    }
}
