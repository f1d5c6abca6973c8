//! The demo forums' history, made through the same operations the API
//! runs, as the people who would have done each step.

use chrono::{DateTime, Duration, Utc};
use coforum_domain::account::PlatformRole;
use coforum_domain::finding::{FindingDraft, FindingSource};

use coforum_domain::ids::{FindingId, ForumId, SessionId, UserId};
use coforum_domain::improvement::{DecisionRule, ImprovementStatus, Position};
use coforum_domain::permissions::{Actor, Credential};
use coforum_domain::round::{RoundRequest, VotingMethod};

use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::ops::{findings, improvements, rounds};
use crate::state::AppState;

/// The demo accounts by email.
#[derive(Default)]
pub struct People(Vec<(&'static str, UserId, PlatformRole)>);

impl People {
    pub fn add(&mut self, email: &'static str, id: UserId, role: PlatformRole) {
        self.0.push((email, id, role));
    }

    pub fn id(&self, email: &str) -> AppResult<UserId> {
        self.0
            .iter()
            .find(|(e, _, _)| *e == email)
            .map(|(_, id, _)| *id)
            .ok_or(AppError::NotFound("demo account"))
    }

    fn caller(&self, email: &str) -> AppResult<Caller> {
        let (_, user_id, platform_role) = self
            .0
            .iter()
            .find(|(e, _, _)| *e == email)
            .copied()
            .ok_or(AppError::NotFound("demo account"))?;
        Ok(Caller(Some(Actor {
            user_id,
            platform_role,
            // The demo acts as each person outside any real session.
            credential: Credential::Session(SessionId::new()),
        })))
    }
}

struct Seed {
    title: &'static str,
    body: &'static str,
    source: FindingSource,
    themes: &'static [&'static str],
    days_ago: i64,
}

const INSPIRE_FINDINGS: [Seed; 8] = [
    Seed {
        title: "Assessment letters are hard to understand",
        body: "A case file audit found that letters after a Care Act assessment use long words and do not say what happens next.",
        source: FindingSource::Audit,
        themes: &["information and advice", "assessment"],
        days_ago: 300,
    },
    Seed {
        title: "Family not told about changes to step-down care",
        body: "A family said they were given incomplete information when their father moved from hospital to a step-down bed.",
        source: FindingSource::Complaint,
        themes: &["hospital discharge", "communication"],
        days_ago: 250,
    },
    Seed {
        title: "Deaf and blind people need specialist assessors",
        body: "A safeguarding adults review found that an assessment did not meet the person's communication needs.",
        source: FindingSource::SafeguardingReview,
        themes: &["assessment", "accessibility"],
        days_ago: 200,
    },
    Seed {
        title: "Carers want one place to find support",
        body: "At an engagement event, unpaid carers said support is spread over many websites and phone numbers.",
        source: FindingSource::Engagement,
        themes: &["carers", "information and advice"],
        days_ago: 150,
    },
    Seed {
        title: "Informal complaints are not recorded",
        body: "Staff told us there is no way to record complaints that are settled informally, so themes are lost.",
        source: FindingSource::Survey,
        themes: &["complaints"],
        days_ago: 120,
    },
    Seed {
        title: "Occupational therapy visit was quick and kind",
        body: "A compliment: the occupational therapist came within a week and explained everything clearly.",
        source: FindingSource::Compliment,
        themes: &["occupational therapy"],
        days_ago: 90,
    },
    Seed {
        title: "Few staff have Mental Capacity Act training",
        body: "Workforce data show fewer staff than average completed Mental Capacity Act and DoLS training.",
        source: FindingSource::Audit,
        themes: &["mental capacity", "training"],
        days_ago: 60,
    },
    Seed {
        title: "Waiting too long for a care assessment",
        body: "Several people said they waited months for an assessment and did not know where they were in the queue.",
        source: FindingSource::Complaint,
        themes: &["assessment", "waiting times"],
        days_ago: 20,
    },
];

const AUTISM_FINDINGS: [Seed; 4] = [
    Seed {
        title: "Few respite options near home",
        body: "Families of autistic adults said respite is far away and hard to book.",
        source: FindingSource::Engagement,
        themes: &["respite"],
        days_ago: 240,
    },
    Seed {
        title: "Staff need training on autism and sensory needs",
        body: "A survey of autistic people found many staff do not know about sensory overload.",
        source: FindingSource::Survey,
        themes: &["training", "sensory needs"],
        days_ago: 180,
    },
    Seed {
        title: "Appointment letters give no clear time",
        body: "Letters do not say exactly when a visit will happen or who will come.",
        source: FindingSource::Complaint,
        themes: &["communication", "information and advice"],
        days_ago: 100,
    },
    Seed {
        title: "A quiet place to wait",
        body: "People asked for a quiet room at the council offices with low light and no announcements.",
        source: FindingSource::Engagement,
        themes: &["sensory needs", "environment"],
        days_ago: 30,
    },
];

async fn add_findings(
    state: &AppState,
    author: &Caller,
    forum_id: ForumId,
    seeds: &[Seed],
    now: DateTime<Utc>,
    already: &[(usize, FindingId)],
) -> AppResult<Vec<FindingId>> {
    let mut ids = Vec::new();
    for (index, seed) in seeds.iter().enumerate() {
        if let Some((_, id)) = already.iter().find(|(i, _)| *i == index) {
            ids.push(*id);
            continue;
        }
        let themes: Vec<String> = seed.themes.iter().map(|t| t.to_string()).collect();
        let draft = FindingDraft {
            title: seed.title,
            body: seed.body,
            source: seed.source,
            themes: &themes,
            reference: None,
            received_at: Some(now - Duration::days(seed.days_ago)),
        };
        ids.push(findings::add_finding(state, author, forum_id, draft).await?.id);
    }
    Ok(ids)
}

fn round_request<'a>(title: &'a str, findings: &'a [FindingId], method: VotingMethod) -> RoundRequest<'a> {
    RoundRequest {
        title,
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

pub async fn load(
    state: &AppState,
    people: &People,
    forums: &[(&str, ForumId)],
    raised: super::feedback::Raised,
) -> AppResult<()> {
    let forum = |slug: &str| {
        forums
            .iter()
            .find(|(s, _)| *s == slug)
            .map(|(_, id)| *id)
            .ok_or(AppError::NotFound("forum"))
    };
    let (inspire, autism) = (forum(super::INSPIRE)?, forum(super::AUTISM)?);
    let now = coforum_persistence::now();
    let officer = people.caller("officer@example.org")?;
    let fran = people.caller("facilitator@example.org")?;
    let sam = people.caller("member@example.org")?;
    let priya = people.caller("priya@example.org")?;
    let jordan = people.caller("jordan@example.org")?;

    // Two of Inspire's complaint findings were raised from the feedback log.
    let kim = people.caller("complaints@example.org")?;
    let mut from_feedback = Vec::new();
    for (index, items) in [(1, raised.hospital_discharge), (7, raised.waiting_times)] {
        let seed = &INSPIRE_FINDINGS[index];
        let raise = crate::feedback::raise::Raise {
            forum_id: inspire,
            feedback_ids: &items,
            title: seed.title,
            body: seed.body,
        };
        from_feedback.push((
            index,
            crate::feedback::raise::raise_finding(state, &kim, raise)
                .await?
                .id,
        ));
    }
    let inspire_findings =
        add_findings(state, &officer, inspire, &INSPIRE_FINDINGS, now, &from_feedback).await?;
    let autism_findings = add_findings(state, &fran, autism, &AUTISM_FINDINGS, now, &[]).await?;

    // Inspire: a closed dot-voting round, then an open ranked one.
    let spring = &inspire_findings[..6];
    let round = rounds::open_round(
        state,
        &fran,
        inspire,
        round_request("Spring priorities", spring, VotingMethod::Dot),
    )
    .await?;
    let dots = |marks: &[(usize, i64)]| marks.iter().map(|&(i, v)| (spring[i], v)).collect::<Vec<_>>();
    rounds::cast_ballot(state, &sam, round.id, &dots(&[(0, 5), (1, 3), (3, 2)])).await?;
    rounds::cast_ballot(state, &priya, round.id, &dots(&[(0, 4), (3, 4), (4, 2)])).await?;
    rounds::cast_ballot(state, &fran, round.id, &dots(&[(1, 5), (0, 3), (2, 2)])).await?;
    rounds::close_round(state, &fran, round.id).await?;
    let mut autumn = round_request("Autumn priorities", &inspire_findings[2..], VotingMethod::Ranked);
    autumn.closes_at = Some(now + Duration::days(14));
    rounds::open_round(state, &fran, inspire, autumn).await?;

    // Autism Better Together: a closed approval round.
    let approval = rounds::open_round(
        state,
        &fran,
        autism,
        round_request("What matters most", &autism_findings, VotingMethod::Approval),
    )
    .await?;
    let approve = |picks: &[usize]| picks.iter().map(|&i| (autism_findings[i], 1)).collect::<Vec<_>>();
    rounds::cast_ballot(state, &jordan, approval.id, &approve(&[0, 1])).await?;
    rounds::cast_ballot(state, &sam, approval.id, &approve(&[1, 3])).await?;
    rounds::cast_ballot(state, &fran, approval.id, &approve(&[1])).await?;
    rounds::close_round(state, &fran, approval.id).await?;

    // An improvement co-designed, agreed by consent, and under way.
    let letters = improvements::propose(
        state,
        &sam,
        inspire,
        (
            "Easy read assessment letters",
            "Every assessment letter comes with an easy read version that says what happens next.",
        ),
        &[inspire_findings[0]],
    )
    .await?;
    improvements::add_co_author(state, &sam, letters.id, people_id(people, "priya@example.org")?).await?;
    improvements::revise(
        state,
        &priya,
        letters.id,
        None,
        Some("Every assessment letter comes with an easy read version, with pictures, that says what happens next and who to call."),
        "Added pictures and a named contact, as people asked at the last meeting.",
    )
    .await?;
    crate::ops::comments::add_comment(
        state,
        &fran,
        letters.id.0,
        "Could we test the easy read version with the group first?",
        None,
    )
    .await?;
    improvements::open_decision(state, &fran, letters.id, (DecisionRule::Consent, 0.5, None)).await?;
    for voter in [&sam, &priya, &fran] {
        improvements::cast_vote(state, voter, letters.id, Position::Agree, None).await?;
    }
    improvements::close_decision(state, &fran, letters.id).await?;
    improvements::record_progress(
        state,
        &officer,
        letters.id,
        (
            "The first five letters have easy read versions; the group is checking them.",
            40,
            ImprovementStatus::InProgress,
        ),
    )
    .await?;

    // A second idea still being designed.
    improvements::propose(
        state,
        &priya,
        inspire,
        (
            "Information sessions on hospital discharge",
            "Short sessions for families on what step-down care is and who to ask.",
        ),
        &[inspire_findings[1]],
    )
    .await?;
    Ok(())
}

fn people_id(people: &People, email: &str) -> AppResult<UserId> {
    people
        .caller(email)?
        .0
        .map(|a| a.user_id)
        .ok_or(AppError::NotFound("demo account"))
}
