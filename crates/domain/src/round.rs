use std::collections::HashSet;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::account::UnknownVariant;
use crate::ids::{FindingId, ForumId, RoundId, UserId};
use crate::tally::{Method, MethodError, RankedRule};
use crate::validation::{InvalidInput, trimmed_text};

pub const MIN_ROUND_FINDINGS: usize = 2;
pub const MAX_ROUND_FINDINGS: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundState {
    Open,
    Closed,
}

impl RoundState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "OPEN",
            Self::Closed => "CLOSED",
        }
    }
}

impl FromStr for RoundState {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "OPEN" => Ok(Self::Open),
            "CLOSED" => Ok(Self::Closed),
            other => Err(UnknownVariant(other.to_owned())),
        }
    }
}

/// The voting method as the API names it (the tally rule is apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VotingMethod {
    Dot,
    Approval,
    Score,
    Ranked,
}

/// What a facilitator asked for when opening a round.
pub struct RoundRequest<'a> {
    pub title: &'a str,
    pub finding_ids: &'a [FindingId],
    pub method: VotingMethod,
    pub tally: Option<RankedRule>,
    pub budget: Option<i64>,
    pub max_per_item: Option<i64>,
    pub closes_at: Option<DateTime<Utc>>,
    pub secret: bool,
    pub hide_results_until_closed: bool,
    pub publish_as_priorities: bool,
    pub min_turnout: f64,
}

/// A round ready to open: its settings can never change afterwards.
#[derive(Clone, Debug, PartialEq)]
pub struct NewRound {
    pub title: String,
    pub finding_ids: Vec<FindingId>,
    pub method: Method,
    pub closes_at: Option<DateTime<Utc>>,
    pub secret: bool,
    pub hide_results_until_closed: bool,
    pub publish_as_priorities: bool,
    /// 0 to 1: the least turnout at close for the result to be published.
    pub min_turnout: f64,
}

impl NewRound {
    pub fn parse(request: RoundRequest<'_>, now: DateTime<Utc>) -> Result<Self, InvalidInput> {
        let title = trimmed_text("title", request.title, 3, 200)?;
        let count = request.finding_ids.len();
        if !(MIN_ROUND_FINDINGS..=MAX_ROUND_FINDINGS).contains(&count) {
            return Err(InvalidInput::new(
                "findingIds",
                format!("a round needs {MIN_ROUND_FINDINGS} to {MAX_ROUND_FINDINGS} findings"),
            ));
        }
        let distinct: HashSet<_> = request.finding_ids.iter().collect();
        if distinct.len() != count {
            return Err(InvalidInput::new(
                "findingIds",
                "each finding may be listed only once",
            ));
        }
        if request.method != VotingMethod::Dot && (request.budget.is_some() || request.max_per_item.is_some())
        {
            return Err(InvalidInput::new(
                "budget",
                "budget and maxPerItem apply only to the DOT method",
            ));
        }
        if request.method != VotingMethod::Ranked && request.tally.is_some() {
            return Err(InvalidInput::new(
                "tally",
                "a tally rule applies only to the RANKED method",
            ));
        }
        let method = match request.method {
            VotingMethod::Dot => Method::dot(
                dot_setting("budget", request.budget)?,
                dot_setting("maxPerItem", request.max_per_item)?,
            )
            .map_err(|err| match err {
                MethodError::BudgetOutOfRange { .. } => InvalidInput::new("budget", err.to_string()),
                MethodError::MaxPerItemOutOfRange { .. } => InvalidInput::new("maxPerItem", err.to_string()),
            })?,
            VotingMethod::Approval => Method::Approval,
            VotingMethod::Score => Method::Score,
            VotingMethod::Ranked => Method::ranked(request.tally),
        };
        if request.closes_at.is_some_and(|at| at <= now) {
            return Err(InvalidInput::new("closesAt", "must be in the future"));
        }
        if !(0.0..=1.0).contains(&request.min_turnout) {
            return Err(InvalidInput::new(
                "minTurnout",
                "the least turnout must be from 0 to 1 (0% to 100% of members)",
            ));
        }
        Ok(Self {
            title,
            finding_ids: request.finding_ids.to_vec(),
            method,
            closes_at: request.closes_at,
            secret: request.secret,
            hide_results_until_closed: request.hide_results_until_closed,
            publish_as_priorities: request.publish_as_priorities,
            min_turnout: request.min_turnout,
        })
    }
}

fn dot_setting(field: &'static str, value: Option<i64>) -> Result<Option<u32>, InvalidInput> {
    value
        .map(|v| u32::try_from(v).map_err(|_| InvalidInput::new(field, "must be a positive whole number")))
        .transpose()
}

/// A round as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    pub id: RoundId,
    pub forum_id: ForumId,
    pub title: String,
    pub method: Method,
    pub state: RoundState,
    pub closes_at: Option<DateTime<Utc>>,
    pub secret: bool,
    pub hide_results_until_closed: bool,
    pub opened_by: UserId,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Frozen at close: members then, and ballots cast.
    pub eligible_count: Option<u32>,
    pub ballot_count: Option<u32>,
    pub publish_as_priorities: bool,
    pub min_turnout: f64,
    /// When its result became the forum's priorities; None if never.
    pub published_at: Option<DateTime<Utc>>,
}

/// Why a ballot is refused by the round's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundNotOpen {
    Closed,
    PastClosingTime,
}

impl Round {
    /// Ballots are accepted while the round is open and before `closesAt`.
    pub fn accepts_ballots(&self, now: DateTime<Utc>) -> Result<(), RoundNotOpen> {
        if self.state == RoundState::Closed {
            return Err(RoundNotOpen::Closed);
        }
        if self.is_due(now) {
            return Err(RoundNotOpen::PastClosingTime);
        }
        Ok(())
    }

    /// Open, and its closing time has come.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.state == RoundState::Open && self.closes_at.is_some_and(|at| at <= now)
    }

    pub fn voting_method(&self) -> VotingMethod {
        match self.method {
            Method::Dot { .. } => VotingMethod::Dot,
            Method::Approval => VotingMethod::Approval,
            Method::Score => VotingMethod::Score,
            Method::Ranked(_) => VotingMethod::Ranked,
        }
    }
}

/// A round's findings in age order: oldest first, so a tie goes to the
/// finding that has waited longest; equal times by id, so the order of a
/// round never depends on how its findings were read.
pub fn in_age_order(mut ages: Vec<(FindingId, DateTime<Utc>)>) -> Vec<FindingId> {
    ages.sort_by_key(|&(id, received_at)| (received_at, id));
    ages.into_iter().map(|(id, _)| id).collect()
}

/// Ballots a secret round's running result must hold before anyone sees
/// it, so nobody can read a lone ballot from a tally.
pub const SECRET_RUNNING_MIN_BALLOTS: u32 = 3;

/// May someone see a round's result? After close, everyone who reads the
/// forum; before, only those allowed to see running results, unless the
/// round shows results while open; and a secret round's running result
/// only once it holds `SECRET_RUNNING_MIN_BALLOTS` ballots, whoever asks.
pub fn result_visible(round: &Round, sees_running_results: bool, running_ballots: u32) -> bool {
    if round.state == RoundState::Closed {
        return true;
    }
    let allowed = sees_running_results || !round.hide_results_until_closed;
    allowed && (!round.secret || running_ballots >= SECRET_RUNNING_MIN_BALLOTS)
}

/// Does a round's result become the forum's priorities when it closes?
/// Only if it was opened to count as priorities and enough members voted.
pub fn published_on_close(
    publish_as_priorities: bool,
    min_turnout: f64,
    ballots: u32,
    eligible: u32,
) -> bool {
    publish_as_priorities && turnout(ballots, eligible) >= min_turnout
}

/// ballots / eligible members; 0 when nobody is eligible.
pub fn turnout(ballots: u32, eligible: u32) -> f64 {
    if eligible == 0 {
        0.0
    } else {
        f64::from(ballots) / f64::from(eligible)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn findings_go_oldest_first_and_equal_times_by_id() {
        let at = |minute: i64| DateTime::from_timestamp(1_700_000_000 + minute * 60, 0).unwrap();
        let [a, b, c] = [1, 2, 3].map(|n| FindingId(uuid::Uuid::from_u128(n)));
        let ages = vec![(c, at(0)), (a, at(5)), (b, at(0))];
        assert_eq!(in_age_order(ages), vec![b, c, a]);
    }

    fn ids(n: usize) -> Vec<FindingId> {
        (0..n).map(|_| FindingId::new()).collect()
    }

    fn request(findings: &[FindingId], method: VotingMethod) -> RoundRequest<'_> {
        RoundRequest {
            title: "Spring priorities",
            finding_ids: findings,
            method,
            tally: None,
            budget: None,
            max_per_item: None,
            closes_at: None,
            secret: true,
            hide_results_until_closed: true,
            publish_as_priorities: true,
            min_turnout: 0.0,
        }
    }

    #[test]
    fn a_round_has_2_to_500_distinct_findings() {
        let now = Utc::now();
        assert_eq!(
            NewRound::parse(request(&ids(1), VotingMethod::Approval), now)
                .unwrap_err()
                .field,
            "findingIds"
        );
        assert!(NewRound::parse(request(&ids(2), VotingMethod::Approval), now).is_ok());
        assert!(NewRound::parse(request(&ids(500), VotingMethod::Approval), now).is_ok());
        assert!(NewRound::parse(request(&ids(501), VotingMethod::Approval), now).is_err());
        let one = FindingId::new();
        assert_eq!(
            NewRound::parse(request(&[one, one], VotingMethod::Approval), now)
                .unwrap_err()
                .field,
            "findingIds"
        );
    }

    #[test]
    fn dot_defaults_and_settings_apply_to_dot_only() {
        let now = Utc::now();
        let findings = ids(3);
        let dot = NewRound::parse(request(&findings, VotingMethod::Dot), now).unwrap();
        assert_eq!(
            dot.method,
            Method::Dot {
                budget: 10,
                max_per_item: 10
            }
        );
        let mut approval = request(&findings, VotingMethod::Approval);
        approval.budget = Some(5);
        assert_eq!(NewRound::parse(approval, now).unwrap_err().field, "budget");
        let mut over = request(&findings, VotingMethod::Dot);
        over.budget = Some(5);
        over.max_per_item = Some(6);
        assert_eq!(NewRound::parse(over, now).unwrap_err().field, "maxPerItem");
        let mut negative = request(&findings, VotingMethod::Dot);
        negative.budget = Some(-1);
        assert_eq!(NewRound::parse(negative, now).unwrap_err().field, "budget");
    }

    #[test]
    fn ranked_defaults_to_schulze_and_tally_applies_to_ranked_only() {
        let now = Utc::now();
        let findings = ids(3);
        let ranked = NewRound::parse(request(&findings, VotingMethod::Ranked), now).unwrap();
        assert_eq!(ranked.method, Method::Ranked(RankedRule::Schulze));
        let mut score = request(&findings, VotingMethod::Score);
        score.tally = Some(RankedRule::Borda);
        assert_eq!(NewRound::parse(score, now).unwrap_err().field, "tally");
    }

    #[test]
    fn closing_time_must_be_ahead() {
        let now = Utc::now();
        let findings = ids(2);
        let mut past = request(&findings, VotingMethod::Approval);
        past.closes_at = Some(now - Duration::seconds(1));
        assert_eq!(NewRound::parse(past, now).unwrap_err().field, "closesAt");
    }

    fn round(state: RoundState, closes_at: Option<DateTime<Utc>>, hide: bool) -> Round {
        Round {
            id: RoundId::new(),
            forum_id: ForumId::new(),
            title: "r".into(),
            method: Method::Approval,
            state,
            closes_at,
            secret: true,
            hide_results_until_closed: hide,
            opened_by: UserId::new(),
            opened_at: Utc::now(),
            closed_at: None,
            eligible_count: None,
            ballot_count: None,
            publish_as_priorities: true,
            min_turnout: 0.0,
            published_at: None,
        }
    }

    #[test]
    fn ballots_are_accepted_only_while_open_and_before_closing_time() {
        let now = Utc::now();
        assert_eq!(round(RoundState::Open, None, true).accepts_ballots(now), Ok(()));
        assert_eq!(
            round(RoundState::Closed, None, true).accepts_ballots(now),
            Err(RoundNotOpen::Closed)
        );
        let due = round(RoundState::Open, Some(now), true);
        assert_eq!(due.accepts_ballots(now), Err(RoundNotOpen::PastClosingTime));
        assert!(due.is_due(now));
    }

    fn not_secret(mut round: Round) -> Round {
        round.secret = false;
        round
    }

    #[test]
    fn hidden_results_show_only_to_those_who_see_running_results() {
        let open_hidden = not_secret(round(RoundState::Open, None, true));
        assert!(!result_visible(&open_hidden, false, 1));
        assert!(result_visible(&open_hidden, true, 1));
        assert!(result_visible(
            &not_secret(round(RoundState::Open, None, false)),
            false,
            0
        ));
        assert!(result_visible(&round(RoundState::Closed, None, true), false, 0));
    }

    #[test]
    fn a_secret_running_result_needs_three_ballots_whoever_asks() {
        let shown = round(RoundState::Open, None, false);
        let hidden = round(RoundState::Open, None, true);
        for ballots in 0..SECRET_RUNNING_MIN_BALLOTS {
            assert!(!result_visible(&shown, false, ballots));
            assert!(!result_visible(&hidden, true, ballots), "facilitators too");
        }
        assert!(result_visible(&shown, false, 3));
        assert!(result_visible(&hidden, true, 3));
        assert!(!result_visible(&hidden, false, 3), "hidden from members still");
        // Once closed, the stored result is shown however few voted.
        assert!(result_visible(&round(RoundState::Closed, None, true), false, 1));
    }

    #[test]
    fn a_result_is_published_when_asked_for_and_turnout_is_reached() {
        assert!(
            published_on_close(true, 0.0, 0, 0),
            "the defaults publish every round"
        );
        assert!(published_on_close(true, 0.0, 1, 40));
        assert!(!published_on_close(false, 0.0, 40, 40));
        assert!(
            published_on_close(true, 0.25, 1, 4),
            "exactly the least turnout is enough"
        );
        assert!(!published_on_close(true, 0.5, 1, 4));
        assert!(!published_on_close(true, 0.1, 0, 0));
        assert!(published_on_close(true, 1.0, 4, 4));
    }

    #[test]
    fn the_least_turnout_is_from_0_to_1() {
        let now = Utc::now();
        let findings = ids(2);
        for bad in [-0.1, 1.01, f64::NAN] {
            let mut r = request(&findings, VotingMethod::Approval);
            r.min_turnout = bad;
            assert_eq!(NewRound::parse(r, now).unwrap_err().field, "minTurnout");
        }
        let mut r = request(&findings, VotingMethod::Approval);
        r.min_turnout = 0.5;
        r.publish_as_priorities = false;
        let parsed = NewRound::parse(r, now).unwrap();
        assert_eq!(parsed.min_turnout, 0.5);
        assert!(!parsed.publish_as_priorities);
    }

    #[test]
    fn turnout_is_ballots_over_eligible() {
        assert_eq!(turnout(3, 4), 0.75);
        assert_eq!(turnout(0, 0), 0.0);
    }
}
