//! Notifications (contract, "Your account"): what happened, to whom, and
//! how each person wants to hear of it.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveTime, TimeZone as _, Utc};
use chrono_tz::Europe::London;

use crate::account::UnknownVariant;
use crate::ids::{FeedbackId, ForumId, ImprovementId, RoundId};
use crate::validation::InvalidInput;

/// What a notification is about, as the contract's table names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

/// How a person hears of one kind: an email now, one email a day, or only
/// on the site ("What's new" lists every notification whatever this says).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Delivery {
    Immediately,
    DailyDigest,
    Off,
}

impl NotificationKind {
    pub const ALL: [Self; 10] = [
        Self::RoundOpened,
        Self::RoundClosing,
        Self::RoundResult,
        Self::DecisionOpened,
        Self::DecisionResult,
        Self::Progress,
        Self::CommentReply,
        Self::BallotRecordedForYou,
        Self::FeedbackDue,
        Self::ActionDue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::RoundOpened => "ROUND_OPENED",
            Self::RoundClosing => "ROUND_CLOSING",
            Self::RoundResult => "ROUND_RESULT",
            Self::DecisionOpened => "DECISION_OPENED",
            Self::DecisionResult => "DECISION_RESULT",
            Self::Progress => "PROGRESS",
            Self::CommentReply => "COMMENT_REPLY",
            Self::BallotRecordedForYou => "BALLOT_RECORDED_FOR_YOU",
            Self::FeedbackDue => "FEEDBACK_DUE",
            Self::ActionDue => "ACTION_DUE",
        }
    }

    /// The contract's default: news people act on comes at once, results
    /// and progress once a day.
    pub fn default_delivery(self) -> Delivery {
        match self {
            Self::RoundResult | Self::DecisionResult | Self::Progress => Delivery::DailyDigest,
            _ => Delivery::Immediately,
        }
    }

    /// A ballot recorded for someone always tells them, so nobody can vote
    /// in their name unseen.
    pub fn may_be_off(self) -> bool {
        self != Self::BallotRecordedForYou
    }

    /// A short name for it on the settings page and in unsubscribe pages.
    pub fn plain_name(self) -> &'static str {
        match self {
            Self::RoundOpened => "A vote opens",
            Self::RoundClosing => "A vote closes in a day and you have not voted",
            Self::RoundResult => "The results of a vote",
            Self::DecisionOpened => "A decision opens",
            Self::DecisionResult => "The result of a decision",
            Self::Progress => "News of what the council did",
            Self::CommentReply => "Someone replies to your comment",
            Self::BallotRecordedForYou => "Someone records your vote for you",
            Self::FeedbackDue => "A reply to feedback is due",
            Self::ActionDue => "An action you own is due",
        }
    }

    /// The bit this kind takes in an unsubscribe link.
    pub fn bit(self) -> u16 {
        let index = Self::ALL.iter().position(|k| *k == self).unwrap_or(0);
        1 << index
    }

    /// The kinds whose bits are set in `bits`.
    pub fn from_bits(bits: u16) -> Vec<Self> {
        Self::ALL.into_iter().filter(|k| bits & k.bit() != 0).collect()
    }
}

impl FromStr for NotificationKind {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownVariant(s.to_owned()))
    }
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediately => "IMMEDIATELY",
            Self::DailyDigest => "DAILY_DIGEST",
            Self::Off => "OFF",
        }
    }
}

impl FromStr for Delivery {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "IMMEDIATELY" => Ok(Self::Immediately),
            "DAILY_DIGEST" => Ok(Self::DailyDigest),
            "OFF" => Ok(Self::Off),
            other => Err(UnknownVariant(other.to_owned())),
        }
    }
}

/// One person's notification of one event, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub id: crate::ids::NotificationId,
    pub user_id: crate::ids::UserId,
    pub forum_id: Option<crate::ids::ForumId>,
    pub kind: NotificationKind,
    pub title: String,
    /// The page it is about, from the root of the public URL: `/rounds/<id>`.
    pub path: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    /// How it was to be emailed, fixed when it was written (a later change
    /// of settings moves the ones not yet mailed).
    pub delivery: Delivery,
    pub mailed_at: Option<DateTime<Utc>>,
}

/// What happened, before it is given to each person it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: NotificationKind,
    pub forum_id: Option<crate::ids::ForumId>,
    pub title: String,
    pub path: String,
}

impl Notice {
    fn about(kind: NotificationKind, forum_id: ForumId, title: String, path: String) -> Self {
        Self {
            kind,
            forum_id: Some(forum_id),
            title,
            path,
        }
    }

    pub fn round_opened(forum_id: ForumId, round: RoundId, title: &str) -> Self {
        let title = format!("Voting is open: {title}");
        Self::about(
            NotificationKind::RoundOpened,
            forum_id,
            title,
            format!("/rounds/{round}"),
        )
    }

    pub fn round_closing(forum_id: ForumId, round: RoundId, title: &str) -> Self {
        let title = format!("Voting closes in a day, and you have not voted: {title}");
        Self::about(
            NotificationKind::RoundClosing,
            forum_id,
            title,
            format!("/rounds/{round}"),
        )
    }

    pub fn round_result(forum_id: ForumId, round: RoundId, title: &str) -> Self {
        let title = format!("Voting has closed. See the result: {title}");
        Self::about(
            NotificationKind::RoundResult,
            forum_id,
            title,
            format!("/rounds/{round}"),
        )
    }

    pub fn decision_opened(forum_id: ForumId, improvement: ImprovementId, title: &str) -> Self {
        let title = format!("Have your say on a decision: {title}");
        let path = format!("/improvements/{improvement}");
        Self::about(NotificationKind::DecisionOpened, forum_id, title, path)
    }

    pub fn decision_result(forum_id: ForumId, improvement: ImprovementId, title: &str) -> Self {
        let title = format!("A decision was made: {title}");
        let path = format!("/improvements/{improvement}");
        Self::about(NotificationKind::DecisionResult, forum_id, title, path)
    }

    pub fn progress(forum_id: ForumId, improvement: ImprovementId, title: &str) -> Self {
        let title = format!("News of what the council did: {title}");
        let path = format!("/improvements/{improvement}");
        Self::about(NotificationKind::Progress, forum_id, title, path)
    }

    /// `path` is the finding's or improvement's page the comment is on.
    pub fn comment_reply(forum_id: ForumId, on: &str, path: String) -> Self {
        let title = format!("Someone replied to your comment on {on}");
        Self::about(NotificationKind::CommentReply, forum_id, title, path)
    }

    pub fn decision_vote_recorded_for_you(
        forum_id: ForumId,
        improvement: ImprovementId,
        title: &str,
    ) -> Self {
        let title = format!("Your vote on a decision was recorded for you: {title}");
        let path = format!("/improvements/{improvement}");
        Self::about(NotificationKind::BallotRecordedForYou, forum_id, title, path)
    }

    /// A reminder, one working day before, that `what` ("an
    /// acknowledgement", "a response") is due on `due` (a day in words).
    /// Nothing personal: the email may be read over someone's shoulder.
    pub fn feedback_due(item: FeedbackId, reference: &str, what: &str, due: &str) -> Self {
        Self {
            kind: NotificationKind::FeedbackDue,
            forum_id: None,
            title: format!("{what} to {reference} is due by {due}"),
            path: format!("/feedback/{item}"),
        }
    }

    /// A reminder to an action's owner, one working day before its due day.
    pub fn action_due(forum_id: ForumId, improvement: ImprovementId, action: &str, due: &str) -> Self {
        let title = format!("Your action is due by {due}: {action}");
        let path = format!("/improvements/{improvement}");
        Self::about(NotificationKind::ActionDue, forum_id, title, path)
    }

    pub fn ballot_recorded_for_you(forum_id: ForumId, round: RoundId, title: &str) -> Self {
        let title = format!("Your vote was recorded for you: {title}");
        let path = format!("/rounds/{round}");
        Self::about(NotificationKind::BallotRecordedForYou, forum_id, title, path)
    }
}

/// One person's delivery for every kind: their choices over the defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings(HashMap<NotificationKind, Delivery>);

impl Settings {
    pub fn with_choices(choices: impl IntoIterator<Item = (NotificationKind, Delivery)>) -> Self {
        Self(choices.into_iter().collect())
    }

    pub fn delivery(&self, kind: NotificationKind) -> Delivery {
        delivery_of(kind, self.0.get(&kind).copied())
    }

    /// Every kind in the contract's order, with how it is delivered.
    pub fn all(&self) -> Vec<(NotificationKind, Delivery)> {
        NotificationKind::ALL
            .into_iter()
            .map(|k| (k, self.delivery(k)))
            .collect()
    }
}

/// How one person hears of `kind`, given their choice if they made one.
pub fn delivery_of(kind: NotificationKind, choice: Option<Delivery>) -> Delivery {
    match choice {
        Some(Delivery::Off) if !kind.may_be_off() => kind.default_delivery(),
        Some(chosen) => chosen,
        None => kind.default_delivery(),
    }
}

/// Checks a change of settings: each kind once, and nothing turned off
/// that may not be.
pub fn parse_changes(
    changes: &[(NotificationKind, Delivery)],
) -> Result<Vec<(NotificationKind, Delivery)>, InvalidInput> {
    let mut seen = Vec::with_capacity(changes.len());
    for (kind, delivery) in changes {
        if seen.iter().any(|(k, _)| k == kind) {
            return Err(InvalidInput::new(
                "settings",
                format!("{} is there twice; give each kind once", kind.as_str()),
            ));
        }
        if *delivery == Delivery::Off && !kind.may_be_off() {
            return Err(InvalidInput::new(
                "settings",
                format!(
                    "{} cannot be OFF: you are always told when someone votes for you",
                    kind.as_str()
                ),
            ));
        }
        seen.push((*kind, *delivery));
    }
    Ok(seen)
}

/// Who nobody notifies: the person who caused the event.
pub fn excluding_actor(
    recipients: Vec<crate::ids::UserId>,
    actor: Option<crate::ids::UserId>,
) -> Vec<crate::ids::UserId> {
    recipients.into_iter().filter(|r| Some(*r) != actor).collect()
}

/// `ROUND_CLOSING` goes this long before a round's `closesAt`.
pub const CLOSING_NOTICE: Duration = Duration::hours(24);

/// The contract's digest time: 08:00 in England.
pub fn digest_time() -> NaiveTime {
    NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// The latest digest time (`at` each day, in Europe/London) at or before
/// `now`: a digest lists what came before it and was not yet sent.
pub fn last_digest_at(now: DateTime<Utc>, at: NaiveTime) -> DateTime<Utc> {
    let today = now.with_timezone(&London).date_naive();
    let on = |day: chrono::NaiveDate| {
        London
            .from_local_datetime(&day.and_time(at))
            .earliest()
            // A time that does not exist that day (the spring gap) is taken an hour on.
            .or_else(|| {
                London
                    .from_local_datetime(&(day.and_time(at) + Duration::hours(1)))
                    .earliest()
            })
            .map(|t| t.with_timezone(&Utc))
    };
    match on(today) {
        Some(t) if t <= now => t,
        _ => today.pred_opt().and_then(on).unwrap_or(now - Duration::days(1)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ids::UserId;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn defaults_follow_the_contract_table() {
        let settings = Settings::with_choices([]);
        assert_eq!(
            settings.delivery(NotificationKind::RoundOpened),
            Delivery::Immediately
        );
        assert_eq!(
            settings.delivery(NotificationKind::RoundResult),
            Delivery::DailyDigest
        );
        assert_eq!(
            settings.delivery(NotificationKind::Progress),
            Delivery::DailyDigest
        );
        assert_eq!(
            settings.delivery(NotificationKind::FeedbackDue),
            Delivery::Immediately
        );
        assert_eq!(
            settings.delivery(NotificationKind::ActionDue),
            Delivery::Immediately
        );
        assert_eq!(settings.all().len(), 10);
    }

    #[test]
    fn choices_win_over_defaults() {
        let settings = Settings::with_choices([(NotificationKind::RoundOpened, Delivery::Off)]);
        assert_eq!(settings.delivery(NotificationKind::RoundOpened), Delivery::Off);
    }

    #[test]
    fn a_ballot_recorded_for_you_cannot_be_off_and_kinds_come_once() {
        let off = [(NotificationKind::BallotRecordedForYou, Delivery::Off)];
        assert_eq!(parse_changes(&off).unwrap_err().field, "settings");
        let digest = [(NotificationKind::BallotRecordedForYou, Delivery::DailyDigest)];
        assert!(parse_changes(&digest).is_ok());
        let twice = [
            (NotificationKind::Progress, Delivery::Off),
            (NotificationKind::Progress, Delivery::Immediately),
        ];
        assert!(parse_changes(&twice).is_err());
    }

    #[test]
    fn kinds_round_trip_through_names_and_bits() {
        for kind in NotificationKind::ALL {
            assert_eq!(kind.as_str().parse::<NotificationKind>().unwrap(), kind);
            assert_eq!(NotificationKind::from_bits(kind.bit()), vec![kind]);
        }
        let both = NotificationKind::Progress.bit() | NotificationKind::RoundResult.bit();
        assert_eq!(
            NotificationKind::from_bits(both),
            vec![NotificationKind::RoundResult, NotificationKind::Progress]
        );
    }

    #[test]
    fn the_actor_is_never_notified() {
        let (a, b) = (UserId::new(), UserId::new());
        assert_eq!(excluding_actor(vec![a, b], Some(a)), vec![b]);
        assert_eq!(excluding_actor(vec![a, b], None), vec![a, b]);
    }

    #[test]
    fn digests_are_at_eight_in_england_through_the_clock_changes() {
        let eight = digest_time();
        // Winter: London is UTC.
        assert_eq!(
            last_digest_at(utc("2026-12-07T09:00:00Z"), eight),
            utc("2026-12-07T08:00:00Z")
        );
        assert_eq!(
            last_digest_at(utc("2026-12-07T07:59:59Z"), eight),
            utc("2026-12-06T08:00:00Z")
        );
        // Summer: 08:00 BST is 07:00 UTC.
        assert_eq!(
            last_digest_at(utc("2026-07-01T07:00:00Z"), eight),
            utc("2026-07-01T07:00:00Z")
        );
        assert_eq!(
            last_digest_at(utc("2026-07-01T06:59:00Z"), eight),
            utc("2026-06-30T07:00:00Z")
        );
        // The morning the clocks go forward (29 March 2026).
        assert_eq!(
            last_digest_at(utc("2026-03-29T12:00:00Z"), eight),
            utc("2026-03-29T07:00:00Z")
        );
        assert_eq!(
            last_digest_at(utc("2026-03-29T06:00:00Z"), eight),
            utc("2026-03-28T08:00:00Z")
        );
    }
}
