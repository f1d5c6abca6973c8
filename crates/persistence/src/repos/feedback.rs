//! The feedback log's rows: items with their themes, remedies, raised
//! findings and history, and the "Tell us" submissions counted per client.
//! Which items a caller sees, and what is overdue, is decided above.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use coforum_domain::feedback::{
    FeedbackItem, FeedbackKind, FeedbackStatus, HistoryEntry, PersonalDetails, Referral, Remedy, Standing,
};
use coforum_domain::ids::{FeedbackId, FindingId, ForumId, RemedyId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use super::grouped;
use crate::database::stored_precision;
use crate::entities::{
    feedback_finding, feedback_history, feedback_item, feedback_remedy, feedback_submission, feedback_theme,
};
use crate::{StoreError, now};

/// What a new item is stored with, beyond its standing.
pub struct NewItem<'a> {
    pub reference: &'a str,
    pub channel: &'a str,
    pub standing: &'a Standing,
    pub summary: &'a str,
    pub themes: &'a [String],
    pub service: Option<&'a str>,
    pub personal: &'a PersonalDetails,
    pub forum_id: Option<ForumId>,
    pub logged_by: Option<UserId>,
}

/// Which items to load (all when every field is `None`).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub kind: Option<FeedbackKind>,
    pub status: Option<FeedbackStatus>,
    pub theme: Option<String>,
    pub received_from: Option<DateTime<Utc>>,
    pub received_before: Option<DateTime<Utc>>,
    pub logged_by: Option<UserId>,
}

/// The next reference of `year`, e.g. `FB-2026-0042`. Holds the
/// reference lock until the transaction ends, so two items never share one.
pub async fn next_reference(conn: &impl ConnectionTrait, year: i32) -> Result<String, StoreError> {
    super::locks::hold(conn, "feedback-reference").await?;
    let prefix = format!("FB-{year}-");
    let taken = feedback_item::Entity::find()
        .filter(feedback_item::Column::Reference.starts_with(&prefix))
        .count(conn)
        .await?;
    Ok(format!("{prefix}{:04}", taken + 1))
}

pub async fn insert(conn: &impl ConnectionTrait, new: NewItem<'_>) -> Result<FeedbackId, StoreError> {
    let id = FeedbackId::new();
    let personal = new.personal;
    let mut row = standing_columns(new.standing);
    row.id = Set(id.0);
    row.reference = Set(new.reference.to_owned());
    row.kind = Set(new.standing.kind.as_str().to_owned());
    row.route = Set(new.standing.route.map(|r| r.as_str().to_owned()));
    row.channel = Set(new.channel.to_owned());
    row.received_at = Set(stored_precision(new.standing.received_at));
    row.summary = Set(new.summary.to_owned());
    row.details = Set(personal.details.clone());
    row.person_name = Set(personal.person_name.clone());
    row.contact = Set(personal.contact.clone());
    row.adjustments = Set(personal.adjustments.clone());
    row.service = Set(new.service.map(str::to_owned));
    row.forum_id = Set(new.forum_id.map(|f| f.0));
    row.logged_by = Set(new.logged_by.map(|u| u.0));
    row.handler_id = Set(None);
    row.response = Set(None);
    row.learning = Set(None);
    row.ombudsman_referred_at = Set(None);
    row.ombudsman_outcome = Set(None);
    row.created_at = Set(now());
    feedback_item::Entity::insert(row)
        .exec_without_returning(conn)
        .await?;
    if !new.themes.is_empty() {
        feedback_theme::Entity::insert_many(new.themes.iter().map(|theme| feedback_theme::ActiveModel {
            feedback_id: Set(id.0),
            theme: Set(theme.clone()),
        }))
        .exec_without_returning(conn)
        .await?;
    }
    Ok(id)
}

/// The columns a transition changes.
fn standing_columns(standing: &Standing) -> feedback_item::ActiveModel {
    let at = |t: Option<DateTime<Utc>>| t.map(stored_precision);
    feedback_item::ActiveModel {
        stage: Set(i16::from(standing.stage)),
        status: Set(standing.status.as_str().to_owned()),
        escalated_at: Set(at(standing.escalated_at)),
        acknowledge_by: Set(standing.acknowledge_by),
        acknowledged_at: Set(at(standing.acknowledged_at)),
        respond_by: Set(standing.respond_by),
        extended_to: Set(standing.extended_to),
        responded_at: Set(at(standing.responded_at)),
        responded_by: Set(standing.responded_by.map(|u| u.0)),
        stage_one_responder: Set(standing.stage_one_responder.map(|u| u.0)),
        outcome: Set(standing.outcome.map(|o| o.as_str().to_owned())),
        ..Default::default()
    }
}

/// Stores the item's standing after a transition.
pub async fn save_standing(
    conn: &impl ConnectionTrait,
    id: FeedbackId,
    standing: &Standing,
) -> Result<(), StoreError> {
    let mut row = standing_columns(standing);
    row.id = Set(id.0);
    feedback_item::Entity::update(row).exec(conn).await?;
    Ok(())
}

/// Stores what the council wrote back and what it learned.
pub async fn set_response(
    conn: &impl ConnectionTrait,
    id: FeedbackId,
    response: &str,
    learning: Option<&str>,
) -> Result<(), StoreError> {
    feedback_item::Entity::update_many()
        .col_expr(feedback_item::Column::Response, Expr::value(response))
        .col_expr(
            feedback_item::Column::Learning,
            Expr::value(learning.map(str::to_owned)),
        )
        .filter(feedback_item::Column::Id.eq(id.0))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn set_handler(
    conn: &impl ConnectionTrait,
    id: FeedbackId,
    handler: UserId,
) -> Result<(), StoreError> {
    feedback_item::Entity::update_many()
        .col_expr(feedback_item::Column::HandlerId, Expr::value(handler.0))
        .filter(feedback_item::Column::Id.eq(id.0))
        .exec(conn)
        .await?;
    Ok(())
}

/// Records (or updates) the Ombudsman referral and adds `remedies`.
pub async fn refer(
    conn: &impl ConnectionTrait,
    id: FeedbackId,
    referred_at: DateTime<Utc>,
    outcome: Option<&str>,
    remedies: &[String],
) -> Result<(), StoreError> {
    feedback_item::Entity::update_many()
        .col_expr(
            feedback_item::Column::OmbudsmanReferredAt,
            Expr::value(stored_precision(referred_at)),
        )
        .col_expr(
            feedback_item::Column::OmbudsmanOutcome,
            Expr::value(outcome.map(str::to_owned)),
        )
        .filter(feedback_item::Column::Id.eq(id.0))
        .exec(conn)
        .await?;
    let already = feedback_remedy::Entity::find()
        .filter(feedback_remedy::Column::FeedbackId.eq(id.0))
        .count(conn)
        .await?;
    for (position, text) in (already..).zip(remedies) {
        feedback_remedy::Entity::insert(feedback_remedy::ActiveModel {
            id: Set(RemedyId::new().0),
            feedback_id: Set(id.0),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            text: Set(text.clone()),
            done_at: Set(None),
        })
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

pub async fn find_remedy(conn: &impl ConnectionTrait, id: RemedyId) -> Result<Option<Remedy>, StoreError> {
    Ok(feedback_remedy::Entity::find_by_id(id.0)
        .one(conn)
        .await?
        .map(remedy))
}

pub async fn complete_remedy(
    conn: &impl ConnectionTrait,
    id: RemedyId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    feedback_remedy::Entity::update_many()
        .col_expr(feedback_remedy::Column::DoneAt, Expr::value(stored_precision(at)))
        .filter(feedback_remedy::Column::Id.eq(id.0))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn link_finding(
    conn: &impl ConnectionTrait,
    id: FeedbackId,
    finding: FindingId,
) -> Result<(), StoreError> {
    feedback_finding::Entity::insert(feedback_finding::ActiveModel {
        feedback_id: Set(id.0),
        finding_id: Set(finding.0),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

pub async fn add_history(
    conn: &impl ConnectionTrait,
    id: FeedbackId,
    entry: &HistoryEntry,
) -> Result<(), StoreError> {
    feedback_history::Entity::insert(feedback_history::ActiveModel {
        id: Set(Uuid::now_v7()),
        feedback_id: Set(id.0),
        at: Set(stored_precision(entry.at)),
        action: Set(entry.action.as_str().to_owned()),
        actor_id: Set(entry.actor.map(|u| u.0)),
        note: Set(entry.note.clone()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// The item's history, oldest first.
pub async fn history(conn: &impl ConnectionTrait, id: FeedbackId) -> Result<Vec<HistoryEntry>, StoreError> {
    feedback_history::Entity::find()
        .filter(feedback_history::Column::FeedbackId.eq(id.0))
        .order_by_asc(feedback_history::Column::At)
        .order_by_asc(feedback_history::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            Ok(HistoryEntry {
                at: row.at,
                action: row.action.parse().map_err(StoreError::corrupt)?,
                actor: row.actor_id.map(UserId),
                note: row.note,
            })
        })
        .collect()
}

pub async fn find(conn: &impl ConnectionTrait, id: FeedbackId) -> Result<Option<FeedbackItem>, StoreError> {
    let Some(row) = feedback_item::Entity::find_by_id(id.0).one(conn).await? else {
        return Ok(None);
    };
    Ok(with_parts(conn, vec![row]).await?.pop())
}

/// The items `filter` picks, newest received first.
pub async fn list(conn: &impl ConnectionTrait, filter: &Filter) -> Result<Vec<FeedbackItem>, StoreError> {
    let mut query = feedback_item::Entity::find();
    if let Some(kind) = filter.kind {
        query = query.filter(feedback_item::Column::Kind.eq(kind.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(feedback_item::Column::Status.eq(status.as_str()));
    }
    if let Some(from) = filter.received_from {
        query = query.filter(feedback_item::Column::ReceivedAt.gte(stored_precision(from)));
    }
    if let Some(before) = filter.received_before {
        query = query.filter(feedback_item::Column::ReceivedAt.lt(stored_precision(before)));
    }
    if let Some(logged_by) = filter.logged_by {
        query = query.filter(feedback_item::Column::LoggedBy.eq(logged_by.0));
    }
    if let Some(theme) = &filter.theme {
        let tagged = feedback_theme::Entity::find()
            .select_only()
            .column(feedback_theme::Column::FeedbackId)
            .filter(feedback_theme::Column::Theme.eq(theme.as_str()))
            .into_query();
        query = query.filter(feedback_item::Column::Id.in_subquery(tagged));
    }
    let rows = query
        .order_by_desc(feedback_item::Column::ReceivedAt)
        .order_by_desc(feedback_item::Column::Id)
        .all(conn)
        .await?;
    with_parts(conn, rows).await
}

/// Items handled by someone, or by nobody, that still run to a clock: what
/// the `FEEDBACK_DUE` reminders look through.
pub async fn awaiting(conn: &impl ConnectionTrait) -> Result<Vec<FeedbackItem>, StoreError> {
    let open = [
        FeedbackStatus::Received,
        FeedbackStatus::Acknowledged,
        FeedbackStatus::Escalated,
    ]
    .map(|s| s.as_str());
    let rows = feedback_item::Entity::find()
        .filter(feedback_item::Column::Status.is_in(open))
        .filter(feedback_item::Column::RespondBy.is_not_null())
        .all(conn)
        .await?;
    with_parts(conn, rows).await
}

async fn with_parts(
    conn: &impl ConnectionTrait,
    rows: Vec<feedback_item::Model>,
) -> Result<Vec<FeedbackItem>, StoreError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut themes = HashMap::new();
    let mut remedies = HashMap::new();
    let mut findings = HashMap::new();
    for chunk in ids.chunks(500) {
        let theme_rows = feedback_theme::Entity::find()
            .filter(feedback_theme::Column::FeedbackId.is_in(chunk.iter().copied()))
            .order_by_asc(feedback_theme::Column::Theme)
            .all(conn)
            .await?;
        themes.extend(grouped(theme_rows.into_iter().map(|r| (r.feedback_id, r.theme))));
        let remedy_rows = feedback_remedy::Entity::find()
            .filter(feedback_remedy::Column::FeedbackId.is_in(chunk.iter().copied()))
            .order_by_asc(feedback_remedy::Column::Position)
            .all(conn)
            .await?;
        remedies.extend(grouped(
            remedy_rows.into_iter().map(|r| (r.feedback_id, remedy(r))),
        ));
        let finding_rows = feedback_finding::Entity::find()
            .filter(feedback_finding::Column::FeedbackId.is_in(chunk.iter().copied()))
            .order_by_asc(feedback_finding::Column::FindingId)
            .all(conn)
            .await?;
        findings.extend(grouped(
            finding_rows
                .into_iter()
                .map(|r| (r.feedback_id, FindingId(r.finding_id))),
        ));
    }
    rows.into_iter()
        .map(|row| {
            let id = row.id;
            to_domain(
                row,
                themes.remove(&id).unwrap_or_default(),
                remedies.remove(&id).unwrap_or_default(),
                findings.remove(&id).unwrap_or_default(),
            )
        })
        .collect()
}

fn remedy(row: feedback_remedy::Model) -> Remedy {
    Remedy {
        id: RemedyId(row.id),
        feedback_id: FeedbackId(row.feedback_id),
        text: row.text,
        done_at: row.done_at,
    }
}

fn parse_optional<T: std::str::FromStr>(text: Option<&str>) -> Result<Option<T>, StoreError>
where
    T::Err: std::fmt::Display,
{
    text.map(str::parse).transpose().map_err(StoreError::corrupt)
}

fn to_domain(
    row: feedback_item::Model,
    themes: Vec<String>,
    remedies: Vec<Remedy>,
    findings: Vec<FindingId>,
) -> Result<FeedbackItem, StoreError> {
    let standing = Standing {
        kind: row.kind.parse().map_err(StoreError::corrupt)?,
        route: row
            .route
            .as_ref()
            .map(|r| r.parse())
            .transpose()
            .map_err(StoreError::corrupt)?,
        stage: u8::try_from(row.stage).map_err(StoreError::corrupt)?,
        status: row.status.parse().map_err(StoreError::corrupt)?,
        received_at: row.received_at,
        escalated_at: row.escalated_at,
        acknowledged_at: row.acknowledged_at,
        acknowledge_by: row.acknowledge_by,
        respond_by: row.respond_by,
        extended_to: row.extended_to,
        responded_at: row.responded_at,
        responded_by: row.responded_by.map(UserId),
        stage_one_responder: row.stage_one_responder.map(UserId),
        outcome: parse_optional(row.outcome.as_deref())?,
    };
    let referral = match row.ombudsman_referred_at {
        Some(referred_at) => Some(Referral {
            referred_at,
            outcome: parse_optional(row.ombudsman_outcome.as_deref())?,
            remedies,
        }),
        None => None,
    };
    Ok(FeedbackItem {
        id: FeedbackId(row.id),
        reference: row.reference,
        channel: row.channel.parse().map_err(StoreError::corrupt)?,
        standing,
        summary: row.summary,
        themes,
        service: row.service,
        personal: PersonalDetails {
            person_name: row.person_name,
            contact: row.contact,
            adjustments: row.adjustments,
            details: row.details,
            response: row.response,
        },
        learning: row.learning,
        forum_id: row.forum_id.map(ForumId),
        handler: row.handler_id.map(UserId),
        logged_by: row.logged_by.map(UserId),
        referral,
        findings,
    })
}

/// Submissions from `client_key` since `since`, from every server.
pub async fn submissions_since(
    conn: &impl ConnectionTrait,
    client_key: &str,
    since: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(feedback_submission::Entity::find()
        .filter(feedback_submission::Column::ClientKey.eq(client_key))
        .filter(feedback_submission::Column::SubmittedAt.gte(stored_precision(since)))
        .count(conn)
        .await?)
}

/// Counts one submission, and forgets every one before `forget_before`.
pub async fn record_submission(
    conn: &impl ConnectionTrait,
    client_key: &str,
    at: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> Result<(), StoreError> {
    feedback_submission::Entity::delete_many()
        .filter(feedback_submission::Column::SubmittedAt.lt(stored_precision(forget_before)))
        .exec(conn)
        .await?;
    feedback_submission::Entity::insert(feedback_submission::ActiveModel {
        id: Set(Uuid::now_v7()),
        client_key: Set(client_key.to_owned()),
        submitted_at: Set(stored_precision(at)),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
