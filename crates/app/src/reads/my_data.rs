//! `myData`: one document of everything coforum holds about the caller.
//! Its field names are part of the contract of the export (listed in
//! `docs/decisions.md`, "Your data and deleting your account"): add fields,
//! never rename them.

use chrono::{DateTime, Utc};
use coforum_domain::comment::Subject;
use coforum_domain::ids::{ForumId, RoundId};
use coforum_domain::notification::Settings;
use coforum_domain::permissions::{PlatformAction, authorize};
use coforum_persistence::repos::{forums, notifications, personal, rounds, users};
use serde::Serialize;

use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::ops;
use crate::state::AppState;

/// The whole export. Ids are strings as in the API; times are RFC 3339 UTC.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyData {
    pub exported_at: DateTime<Utc>,
    pub account: Account,
    pub memberships: Vec<MyMembership>,
    pub findings: Vec<MyFinding>,
    pub comments: Vec<MyComment>,
    pub improvements: Vec<MyImprovement>,
    pub revisions: Vec<MyRevision>,
    pub ballots: Vec<MyBallot>,
    pub decision_votes: Vec<MyDecisionVote>,
    /// Every notification, oldest first: `id`, `kind`, `title`, `path`,
    /// `createdAt`, `readAt`, `delivery`, `mailedAt`.
    pub notifications: Vec<serde_json::Value>,
    /// Every kind with its delivery: `kind`, `delivery`.
    pub notification_settings: Vec<serde_json::Value>,
    /// Feedback the caller logged, or told the council while signed in:
    /// `id`, `reference`, `kind`, `route`, `channel`, `status`,
    /// `receivedAt`, `summary`, `themes`, and for what they told the council
    /// as themselves `details`, `personName`, `contact`, `adjustments`.
    pub feedback: Vec<serde_json::Value>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub platform_role: &'static str,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyMembership {
    pub forum_id: String,
    pub forum_slug: String,
    pub forum_name: String,
    pub role: &'static str,
    pub joined_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyFinding {
    pub id: String,
    pub forum_id: String,
    pub title: String,
    pub body: String,
    pub source: &'static str,
    pub themes: Vec<String>,
    pub reference: Option<String>,
    pub received_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyComment {
    pub id: String,
    pub forum_id: String,
    pub finding_id: Option<String>,
    pub improvement_id: Option<String>,
    pub parent_id: Option<String>,
    pub body: String,
    /// Hidden by a facilitator: others see no body, the author still has it here.
    pub hidden: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyImprovement {
    pub id: String,
    pub forum_id: String,
    pub title: String,
    pub summary: String,
    pub status: &'static str,
    pub proposed_by_me: bool,
    pub co_author_since: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyRevision {
    pub improvement_id: String,
    pub number: u32,
    pub title: String,
    pub summary: String,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyBallot {
    pub round_id: String,
    pub round_title: String,
    pub forum_id: String,
    pub cast_at: DateTime<Utc>,
    pub marks: Vec<MyMark>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyMark {
    pub finding_id: String,
    pub value: i64,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyDecisionVote {
    pub decision_id: String,
    pub improvement_id: String,
    pub position: &'static str,
    pub reason: Option<String>,
    pub cast_at: DateTime<Utc>,
}

/// Everything held about the signed-in caller. Not to API tokens
/// (`FORBIDDEN`): a token is for reports, and this is personal data.
pub async fn my_data(state: &AppState, caller: &Caller) -> AppResult<MyData> {
    authorize(caller.actor(), PlatformAction::ExportOwnData).map_err(|r| AppError::refused(r, "account"))?;
    let me = caller.signed_in()?.user_id;
    let conn = state.db.conn();
    let user = users::find(conn, me).await?.ok_or(AppError::SIGN_IN_FIRST)?;

    let memberships = forums::memberships_of(conn, me).await?;
    let forum_ids: Vec<ForumId> = memberships.iter().map(|m| m.forum_id).collect();
    let forums = forums::find_many(conn, &forum_ids).await?;
    let memberships = memberships
        .into_iter()
        .filter_map(|m| {
            let forum = forums.iter().find(|f| f.id == m.forum_id)?;
            Some(MyMembership {
                forum_id: m.forum_id.to_string(),
                forum_slug: forum.slug.clone(),
                forum_name: forum.name.clone(),
                role: m.role.as_str(),
                joined_at: m.joined_at,
            })
        })
        .collect();

    let findings = personal::findings_by(conn, me)
        .await?
        .into_iter()
        .map(|f| MyFinding {
            id: f.id.to_string(),
            forum_id: f.forum_id.to_string(),
            title: f.title,
            body: f.body,
            source: f.source.as_str(),
            themes: f.themes,
            reference: f.reference,
            received_at: f.received_at,
            created_at: f.created_at,
        })
        .collect();

    let comments = personal::comments_by(conn, me)
        .await?
        .into_iter()
        .map(|c| {
            let (finding_id, improvement_id) = match c.subject {
                Subject::Finding(id) => (Some(id.to_string()), None),
                Subject::Improvement(id) => (None, Some(id.to_string())),
            };
            MyComment {
                id: c.id.to_string(),
                forum_id: c.forum_id.to_string(),
                finding_id,
                improvement_id,
                parent_id: c.parent_id.map(|id| id.to_string()),
                body: c.body,
                hidden: c.hidden,
                created_at: c.created_at,
            }
        })
        .collect();

    let improvements = personal::co_authored_by(conn, me)
        .await?
        .into_iter()
        .map(|(i, since)| MyImprovement {
            id: i.id.to_string(),
            forum_id: i.forum_id.to_string(),
            title: i.title,
            summary: i.summary,
            status: i.status.as_str(),
            proposed_by_me: i.proposed_by == me,
            co_author_since: since,
        })
        .collect();

    let revisions = personal::revisions_by(conn, me)
        .await?
        .into_iter()
        .map(|(improvement, r)| MyRevision {
            improvement_id: improvement.to_string(),
            number: r.number,
            title: r.title,
            summary: r.summary,
            note: r.note,
            created_at: r.created_at,
        })
        .collect();

    let cast = personal::ballots_of(conn, me).await?;
    let round_ids: Vec<RoundId> = cast.iter().map(|(id, _)| *id).collect();
    let found_rounds = rounds::find_many(conn, &round_ids).await?;
    let mut ballots = Vec::with_capacity(cast.len());
    for (round_id, cast_at) in cast {
        let Some(round) = found_rounds.iter().find(|r| r.id == round_id) else {
            continue;
        };
        let marks = ops::rounds::my_ballot(conn, round_id, me)
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(|(finding, value)| MyMark {
                finding_id: finding.to_string(),
                value,
            })
            .collect();
        ballots.push(MyBallot {
            round_id: round_id.to_string(),
            round_title: round.title.clone(),
            forum_id: round.forum_id.to_string(),
            cast_at,
            marks,
        });
    }

    let decision_votes = personal::decision_votes_of(conn, me)
        .await?
        .into_iter()
        .map(|v| MyDecisionVote {
            decision_id: v.decision_id.to_string(),
            improvement_id: v.improvement_id.to_string(),
            position: v.position.as_str(),
            reason: v.reason,
            cast_at: v.cast_at,
        })
        .collect();

    let notifications = notifications::all_of(conn, me)
        .await?
        .into_iter()
        .map(|n| {
            serde_json::json!({
                "id": n.id.to_string(),
                "kind": n.kind.as_str(),
                "title": n.title,
                "path": n.path,
                "createdAt": n.created_at,
                "readAt": n.read_at,
                "delivery": n.delivery.as_str(),
                "mailedAt": n.mailed_at,
            })
        })
        .collect();
    let choices = notifications::choices_of(conn, me).await?;
    let notification_settings = Settings::with_choices(choices)
        .all()
        .into_iter()
        .map(|(kind, delivery)| serde_json::json!({ "kind": kind.as_str(), "delivery": delivery.as_str() }))
        .collect();

    let filter = coforum_persistence::repos::feedback::Filter {
        logged_by: Some(me),
        ..Default::default()
    };
    // Staff log what others told them: those details are not theirs to export.
    let own_words = user.platform_role == coforum_domain::account::PlatformRole::None;
    let feedback = coforum_persistence::repos::feedback::list(conn, &filter)
        .await?
        .into_iter()
        .map(|item| {
            let mut entry = serde_json::json!({
                "id": item.id.to_string(),
                "reference": item.reference,
                "kind": item.standing.kind.as_str(),
                "route": item.standing.route.map(|r| r.as_str()),
                "channel": item.channel.as_str(),
                "status": item.standing.status.as_str(),
                "receivedAt": item.standing.received_at,
                "summary": item.summary,
                "themes": item.themes,
            });
            if own_words {
                entry["details"] = serde_json::json!(item.personal.details);
                entry["personName"] = serde_json::json!(item.personal.person_name);
                entry["contact"] = serde_json::json!(item.personal.contact);
                entry["adjustments"] = serde_json::json!(item.personal.adjustments);
            }
            entry
        })
        .collect();

    Ok(MyData {
        exported_at: coforum_persistence::now(),
        account: Account {
            id: user.id.to_string(),
            email: user.email,
            display_name: user.display_name,
            platform_role: user.platform_role.as_str(),
            created_at: user.created_at,
        },
        memberships,
        findings,
        comments,
        improvements,
        revisions,
        ballots,
        decision_votes,
        notifications,
        notification_settings,
        feedback,
    })
}
