//! The demo council's feedback log: the year 2022-23 as the regulator's
//! assessment reports it (35 adult social care complaints, 14 of them
//! upheld or partly upheld; 6 referred to the Ombudsman, all upheld, every
//! remedy done), with compliments, requests and suggestions, and a few
//! items of this month waiting in the complaints team's queue. Each item
//! goes through the domain's state machine at the time it happened.

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use coforum_domain::feedback::intake::{FeedbackDraft, NewFeedback};
use coforum_domain::feedback::{
    Channel, ComplaintRoute, FeedbackKind, FeedbackOutcome, HistoryAction, HistoryEntry, Standing,
    day_in_england,
};
use coforum_domain::ids::{FeedbackId, UserId};
use coforum_persistence::ConnectionTrait;
use coforum_persistence::repos::feedback;

use crate::error::AppResult;
use crate::state::AppState;

/// Complaint themes, in turn; the two raised as findings come first.
const THEMES: [&[&str]; 6] = [
    &["hospital discharge", "communication"],
    &["assessment", "waiting times"],
    &["care visits"],
    &["charges"],
    &["communication"],
    &["care visits", "communication"],
];

const COMPLAINT_SUMMARIES: [&str; 6] = [
    "Family not told their father was moving to a step-down bed",
    "Waited months for a care assessment with no news",
    "Carers came late and in a rush",
    "A bill for care arrived with no explanation",
    "Nobody called back after a message was left",
    "Different carers every day, and nobody said why",
];

/// The items raised as the demo's two findings in Inspire.
pub struct Raised {
    pub hospital_discharge: Vec<FeedbackId>,
    pub waiting_times: Vec<FeedbackId>,
}

struct Story<'a> {
    kind: FeedbackKind,
    route: Option<ComplaintRoute>,
    channel: Channel,
    summary: &'a str,
    themes: &'a [&'a str],
    received_at: DateTime<Utc>,
    /// Working days to acknowledge, and calendar days to respond (none: still open).
    acknowledged_after: Option<u32>,
    responded_after: Option<i64>,
    outcome: FeedbackOutcome,
}

fn at_ten(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, 10, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
}

/// Loads the log; answers the items to raise as findings.
pub async fn load(state: &AppState, team: UserId) -> AppResult<Raised> {
    let mut raised = Raised {
        hospital_discharge: Vec::new(),
        waiting_times: Vec::new(),
    };
    let txn = state.db.begin().await?;
    let start = at_ten(2022, 4, 4);
    for i in 0..35_i64 {
        let theme = (i % 6) as usize;
        // 9 upheld and 5 partly upheld: 14 of 35, 40%.
        let outcome = match i {
            0..=8 => FeedbackOutcome::Upheld,
            9..=13 => FeedbackOutcome::PartlyUpheld,
            _ => FeedbackOutcome::NotUpheld,
        };
        let story = Story {
            kind: FeedbackKind::Complaint,
            route: Some(ComplaintRoute::AdultSocialCare),
            channel: [Channel::Phone, Channel::Email, Channel::Letter, Channel::Advocate][(i % 4) as usize],
            summary: COMPLAINT_SUMMARIES[theme],
            themes: THEMES[theme],
            received_at: start + Duration::days(i * 10),
            // Two acknowledged a day late, to show on the report.
            acknowledged_after: Some(if i % 17 == 5 { 4 } else { 1 + (i % 3) as u32 }),
            responded_after: Some(20 + (i % 5) * 8),
            outcome,
        };
        let id = tell(state, &txn, team, &story).await?;
        // Six of the upheld went to the Ombudsman, who upheld them too.
        if i < 6 {
            refer(&txn, team, id, story.received_at + Duration::days(120)).await?;
        }
        match theme {
            0 if raised.hospital_discharge.len() < 4 => raised.hospital_discharge.push(id),
            1 if raised.waiting_times.len() < 4 => raised.waiting_times.push(id),
            _ => {}
        }
    }
    let others = [
        (
            FeedbackKind::Compliment,
            24,
            "Thank you to the occupational therapist",
            &["occupational therapy"][..],
        ),
        (
            FeedbackKind::ServiceRequest,
            18,
            "Asked for a carers' assessment",
            &["carers"][..],
        ),
        (
            FeedbackKind::Suggestion,
            9,
            "Print letters in larger type",
            &["information and advice"][..],
        ),
    ];
    for (kind, count, summary, themes) in others {
        for i in 0..count {
            let story = Story {
                kind,
                route: None,
                channel: [Channel::Phone, Channel::Web, Channel::Forum][(i % 3) as usize],
                summary,
                themes,
                received_at: start + Duration::days(i * 360 / count + 3),
                acknowledged_after: Some(1),
                responded_after: Some(7),
                outcome: FeedbackOutcome::Resolved,
            };
            tell(state, &txn, team, &story).await?;
        }
    }
    waiting_now(state, &txn, team).await?;
    txn.commit().await?;
    Ok(raised)
}

/// This month's queue: one overdue, one due soon, one answered at stage 1.
async fn waiting_now(state: &AppState, conn: &impl ConnectionTrait, team: UserId) -> AppResult<()> {
    let now = coforum_persistence::now();
    let open = [
        (
            Some(ComplaintRoute::AdultSocialCare),
            12,
            None,
            "No carer came on Sunday",
        ),
        (
            Some(ComplaintRoute::AdultSocialCare),
            1,
            None,
            "The new care plan was not explained",
        ),
        (
            Some(ComplaintRoute::Corporate),
            9,
            Some(1),
            "Parking permit for a carer refused",
        ),
    ];
    for (route, days_ago, acknowledged_after, summary) in open {
        let story = Story {
            kind: FeedbackKind::Complaint,
            route,
            channel: Channel::Phone,
            summary,
            themes: &["care visits"],
            received_at: now - Duration::days(days_ago),
            acknowledged_after,
            responded_after: None,
            outcome: FeedbackOutcome::NotUpheld,
        };
        tell(state, conn, team, &story).await?;
    }
    Ok(())
}

/// Stores one item and lives its story through the state machine.
async fn tell(
    state: &AppState,
    conn: &impl ConnectionTrait,
    team: UserId,
    story: &Story<'_>,
) -> AppResult<FeedbackId> {
    let calendar = &state.config.working_days;
    let themes: Vec<String> = story.themes.iter().map(|t| t.to_string()).collect();
    let draft = FeedbackDraft {
        kind: Some(story.kind),
        route: story.route,
        channel: Some(story.channel),
        received_at: Some(story.received_at),
        summary: story.summary,
        details: Some("The demo's made-up account of what happened."),
        themes: &themes,
        service: Some("Adult social care"),
        person_name: Some("A. Person"),
        contact: Some("01632 960000"),
        adjustments: None,
    };
    let new = NewFeedback::logged(&draft, coforum_persistence::now())?;
    let mut standing = Standing::received(new.kind, new.route, new.received_at, calendar);
    let year = day_in_england(new.received_at).year();
    let reference = feedback::next_reference(conn, year).await?;
    let id = feedback::insert(
        conn,
        feedback::NewItem {
            reference: &reference,
            channel: new.channel.as_str(),
            standing: &standing,
            summary: &new.summary,
            themes: &new.themes,
            service: new.service.as_deref(),
            personal: &new.personal,
            forum_id: None,
            logged_by: Some(team),
        },
    )
    .await?;
    let mut history = vec![(new.received_at, HistoryAction::Received)];
    if let Some(days) = story.acknowledged_after {
        let at = acknowledged_at(calendar, new.received_at, days);
        standing
            .acknowledge(at, calendar)
            .map_err(|r| crate::AppError::conflict(r.message()))?;
        history.push((at, HistoryAction::Acknowledged));
    }
    if let Some(days) = story.responded_after {
        let at = new.received_at + Duration::days(days);
        standing.respond(at, team, story.outcome, calendar)?;
        let response = "Thank you for telling us. Here is what we found and what we will do.";
        feedback::set_response(
            conn,
            id,
            response,
            Some("Shared with the team at its next meeting."),
        )
        .await?;
        history.push((at, HistoryAction::Responded));
    }
    feedback::save_standing(conn, id, &standing).await?;
    for (at, action) in history {
        let actor = (action != HistoryAction::Received || story.channel != Channel::Web).then_some(team);
        let entry = HistoryEntry {
            at,
            action,
            actor,
            note: None,
        };
        feedback::add_history(conn, id, &entry).await?;
    }
    Ok(id)
}

fn acknowledged_at(
    calendar: &coforum_domain::feedback::WorkingDays,
    received: DateTime<Utc>,
    days: u32,
) -> DateTime<Utc> {
    let day = calendar.after(day_in_england(received), days);
    let noon = day.and_hms_opt(11, 0, 0).unwrap_or_default();
    Utc.from_utc_datetime(&noon)
}

/// An Ombudsman referral that upheld the complaint; its remedies done.
async fn refer(
    conn: &impl ConnectionTrait,
    team: UserId,
    id: FeedbackId,
    referred_at: DateTime<Utc>,
) -> AppResult<()> {
    let remedies = [
        "Apologise in writing".to_owned(),
        "Review the care plan within a month".to_owned(),
    ];
    feedback::refer(conn, id, referred_at, Some("UPHELD"), &remedies).await?;
    let entry = HistoryEntry {
        at: referred_at,
        action: HistoryAction::Referred,
        actor: Some(team),
        note: None,
    };
    feedback::add_history(conn, id, &entry).await?;
    let item = feedback::find(conn, id).await?;
    let done = item
        .and_then(|item| item.referral)
        .map(|r| r.remedies)
        .unwrap_or_default();
    for (n, remedy) in done.iter().enumerate() {
        let at = referred_at + Duration::days(60 + n as i64 * 10);
        feedback::complete_remedy(conn, remedy.id, at).await?;
        let entry = HistoryEntry {
            at,
            action: HistoryAction::RemedyDone,
            actor: Some(team),
            note: Some(remedy.text.clone()),
        };
        feedback::add_history(conn, id, &entry).await?;
    }
    Ok(())
}
