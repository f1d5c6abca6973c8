use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::context::{caller, state};
use coforum_app::notices::{mailer, mine};
use coforum_domain::notification as domain;

type Result<T> = async_graphql::Result<T>;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::notification::NotificationKind")]
pub enum NotificationKind {
    RoundOpened,
    RoundClosing,
    RoundResult,
    DecisionOpened,
    DecisionResult,
    Progress,
    CommentReply,
    BallotRecordedForYou,
    FeedbackDue,
    ActionDue,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::notification::Delivery")]
pub enum Delivery {
    Immediately,
    DailyDigest,
    Off,
}

/// How one kind of notification reaches a person by email.
#[derive(SimpleObject)]
pub struct NotificationSetting {
    kind: NotificationKind,
    delivery: Delivery,
}

#[derive(InputObject)]
pub struct NotificationSettingInput {
    kind: NotificationKind,
    delivery: Delivery,
}

pub fn settings_out(settings: Vec<(domain::NotificationKind, domain::Delivery)>) -> Vec<NotificationSetting> {
    settings
        .into_iter()
        .map(|(kind, delivery)| NotificationSetting {
            kind: kind.into(),
            delivery: delivery.into(),
        })
        .collect()
}

/// Something that happened that concerns the caller.
#[derive(SimpleObject)]
pub struct Notification {
    id: ID,
    kind: NotificationKind,
    title: String,
    /// The page it is about, a whole address on the public URL.
    url: String,
    created_at: DateTime<Utc>,
    read_at: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct NotificationQuery;

#[Object]
impl NotificationQuery {
    /// The caller's notifications, newest first. `first` 1 to 100 (20).
    #[graphql(complexity = "super::list_cost(first, 20, child_complexity)")]
    async fn notifications(&self, ctx: &Context<'_>, first: Option<i64>) -> Result<Vec<Notification>> {
        let state = state(ctx);
        mine::newest(state, caller(ctx), first)
            .await?
            .into_iter()
            .map(|n| {
                Ok(Notification {
                    id: ID(n.id.to_string()),
                    kind: n.kind.into(),
                    title: n.title,
                    url: mailer::page_link(state, &n.path)?,
                    created_at: n.created_at,
                    read_at: n.read_at,
                })
            })
            .collect()
    }
}

#[derive(Default)]
pub struct NotificationMutation;

#[Object]
impl NotificationMutation {
    /// Chooses how each kind given reaches the caller by email; answers
    /// every kind. `BALLOT_RECORDED_FOR_YOU` cannot be `OFF`.
    async fn update_notification_settings(
        &self,
        ctx: &Context<'_>,
        settings: Vec<NotificationSettingInput>,
    ) -> Result<Vec<NotificationSetting>> {
        let changes: Vec<_> = settings
            .into_iter()
            .map(|s| (s.kind.into(), s.delivery.into()))
            .collect();
        Ok(settings_out(
            mine::update_settings(state(ctx), caller(ctx), &changes).await?,
        ))
    }

    /// Marks the caller's notifications with these ids as read. Always
    /// true; ids that are not the caller's are passed over.
    async fn mark_notifications_read(&self, ctx: &Context<'_>, ids: Vec<ID>) -> Result<bool> {
        let ids: Vec<String> = ids.into_iter().map(|id| id.0).collect();
        Ok(mine::mark_read(state(ctx), caller(ctx), &ids).await?)
    }

    /// Turns off the kinds an unsubscribe link from an email names, with no
    /// sign-in: the link is the authority. Answers the kinds turned off.
    async fn unsubscribe(&self, ctx: &Context<'_>, token: String) -> Result<Vec<NotificationKind>> {
        let off = mine::unsubscribe(state(ctx), &token).await?;
        Ok(off.into_iter().map(NotificationKind::from).collect())
    }
}
