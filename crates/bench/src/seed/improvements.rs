//! Co-designed improvements: proposals, co-authors, revisions, comments,
//! decisions with votes, and officers' progress reports.

use anyhow::{anyhow, ensure};
use chrono::{DateTime, Duration, Utc};
use coforum_app::ops;
use coforum_domain::audit::AuditAction;
use coforum_domain::comment::Subject;
use coforum_domain::ids::{FindingId, ForumId, ImprovementId, UserId};
use coforum_domain::improvement::{
    DecisionRule, DecisionTerms, Design, Improvement, ImprovementStatus, Position, ProgressReport, Vote,
    revision_note,
};
use coforum_persistence::ConnectionTrait;
use coforum_persistence::repos::{decisions, improvements};
use rand::RngExt as _;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom as _;

use super::findings::seed_thread;
use super::themes::themes;
use super::words::{BLOCK_REASONS, DELIVERED_NOTES, IMPROVEMENT_QUALIFIERS, PROGRESS_NOTES, REVISIONS};

/// Who works on a forum's improvements.
pub struct ForumPeople<'a> {
    pub forum_id: ForumId,
    pub facilitator: UserId,
    pub officer: UserId,
    pub members: &'a [UserId],
}

/// What one improvement's history added up to.
#[derive(Debug, Default, Clone, Copy)]
pub struct ImprovementTally {
    pub revisions: usize,
    pub comments: usize,
    pub decisions: usize,
    pub votes: usize,
    pub progress_updates: usize,
}

/// Where a proposal is meant to end up; the decision rules have the last word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    StillDraft,
    DecisionOpen,
    NotAgreed,
    NoQuorum,
    Agreed,
}

fn fate(rng: &mut StdRng) -> Fate {
    match rng.random_range(0..100) {
        0..25 => Fate::StillDraft,
        25..35 => Fate::DecisionOpen,
        35..45 => Fate::NotAgreed,
        45..50 => Fate::NoQuorum,
        _ => Fate::Agreed,
    }
}

/// Proposes an improvement on 1 to 3 of `findings` (the first decides its
/// theme) and takes it as far as its fate allows.
pub async fn seed_improvement(
    conn: &impl ConnectionTrait,
    rng: &mut StdRng,
    people: &ForumPeople<'_>,
    findings: &[(FindingId, usize)],
    now: DateTime<Utc>,
) -> anyhow::Result<ImprovementTally> {
    let mut tally = ImprovementTally::default();
    let how_many = rng.random_range(1..=3).min(findings.len());
    let linked: Vec<(FindingId, usize)> = findings.sample(rng, how_many).copied().collect();
    let (title, summary) = themes()[linked[0].1].improvement;
    let qualifier = IMPROVEMENT_QUALIFIERS[rng.random_range(0..IMPROVEMENT_QUALIFIERS.len())];
    let design = Design::parse(&format!("{title}{qualifier}"), summary)?;
    let proposer = *people.members.choose(rng).unwrap_or(&people.facilitator);
    let ids: Vec<FindingId> = linked.iter().map(|(id, _)| *id).collect();
    let mut improvement = improvements::insert(conn, people.forum_id, &design, &ids, proposer).await?;
    tally.revisions += 1;

    let mut co_authors = vec![proposer];
    let invited = rng.random_range(0..=3);
    let invited: Vec<UserId> = people.members.sample(rng, invited).copied().collect();
    for member in invited {
        if improvements::add_co_author(conn, improvement.id, member).await? {
            co_authors.push(member);
        }
    }
    let revisions = rng.random_range(0..=3);
    for _ in 0..revisions {
        let author = *co_authors.choose(rng).unwrap_or(&proposer);
        improvement = revise(conn, rng, improvement, author).await?;
        tally.revisions += 1;
    }
    let subject = Subject::Improvement(improvement.id);
    tally.comments += seed_thread(conn, rng, people.forum_id, subject, people.members, 0..7).await?;

    let fate = fate(rng);
    if fate == Fate::StillDraft {
        return Ok(tally);
    }
    let rule = if rng.random_bool(0.6) {
        DecisionRule::Majority
    } else {
        DecisionRule::Consent
    };
    let quorum = [0.05, 0.1, 0.15][rng.random_range(0..3)];
    // An open decision closes in a fortnight; the others are closed by the facilitator.
    let closes_at = (fate == Fate::DecisionOpen).then(|| now + Duration::days(14));
    let terms = DecisionTerms::parse(rule, quorum, closes_at, now)?;
    let next = improvement
        .status
        .open_decision()
        .map_err(|r| anyhow!(r.message()))?;
    ensure!(improvements::change_status(conn, improvement.id, improvement.status, next, None).await?);
    let decision = decisions::open(conn, improvement.id, &terms, people.facilitator).await?;
    let detail = format!("{} with quorum {quorum}", rule.as_str());
    audit(conn, people, AuditAction::DecisionOpened, improvement.id, detail).await?;
    improvement.status = next;
    tally.decisions += 1;

    let members = people.members.len() as f64;
    let turnout = match fate {
        Fate::NoQuorum => quorum * rng.random_range(0.2..0.9),
        Fate::DecisionOpen => quorum * rng.random_range(0.3..1.5),
        _ => quorum + rng.random_range(0.02..0.12),
    };
    let voters = ((members * turnout).ceil() as usize).clamp(1, people.members.len());
    let voters: Vec<UserId> = people.members.sample(rng, voters).copied().collect();
    for voter in voters {
        let vote = vote(rng, fate, rule)?;
        decisions::vote(conn, decision.id, voter, &vote, None).await?;
        tally.votes += 1;
    }
    if fate == Fate::DecisionOpen {
        return Ok(tally);
    }
    let closed = ops::improvements::close_in(conn, &improvement, &decision, Some(people.facilitator))
        .await
        .map_err(|e| anyhow!("closing the decision on {}: {e}", improvement.id))?;
    ensure!(closed, "the decision on {} was already closed", improvement.id);
    let improvement = improvements::find(conn, improvement.id)
        .await?
        .ok_or_else(|| anyhow!("improvement {} vanished", improvement.id))?;
    if improvement.status == ImprovementStatus::Agreed {
        tally.progress_updates += seed_progress(conn, rng, people, improvement).await?;
    }
    Ok(tally)
}

/// A co-author's revision: one more sentence in the summary, with why.
async fn revise(
    conn: &impl ConnectionTrait,
    rng: &mut StdRng,
    improvement: Improvement,
    author: UserId,
) -> anyhow::Result<Improvement> {
    improvement.status.revise().map_err(|r| anyhow!(r.message()))?;
    let (addition, note) = REVISIONS[rng.random_range(0..REVISIONS.len())];
    let current = Design {
        title: improvement.title.clone(),
        summary: improvement.summary.clone(),
    };
    let summary = format!("{} {addition}", improvement.summary);
    let design = current.revise(None, Some(&summary))?;
    let note = revision_note(note)?;
    let revised =
        improvements::revise(conn, improvement.id, improvement.revision, &design, &note, author).await?;
    ensure!(
        revised,
        "improvement {} changed while being revised",
        improvement.id
    );
    Ok(Improvement {
        summary: design.summary,
        revision: improvement.revision + 1,
        ..improvement
    })
}

/// A member's vote, leaning the way the improvement's fate does. Consent
/// decisions meant to pass have no blocks.
fn vote(rng: &mut StdRng, fate: Fate, rule: DecisionRule) -> anyhow::Result<Vote> {
    let roll = rng.random_range(0..100);
    let position = match fate {
        Fate::NotAgreed => match roll {
            0..35 => Position::Agree,
            35..80 => Position::Disagree,
            80..90 => Position::Abstain,
            _ => Position::Block,
        },
        _ => match roll {
            0..72 => Position::Agree,
            72..86 => Position::Disagree,
            86..99 => Position::Abstain,
            _ if rule == DecisionRule::Majority => Position::Block,
            _ => Position::Abstain,
        },
    };
    let reason =
        (position == Position::Block).then(|| BLOCK_REASONS[rng.random_range(0..BLOCK_REASONS.len())]);
    Ok(Vote::parse(position, reason)?)
}

/// The officer's reports on an agreed improvement: none yet, under way, or
/// delivered. Returns how many were recorded.
async fn seed_progress(
    conn: &impl ConnectionTrait,
    rng: &mut StdRng,
    people: &ForumPeople<'_>,
    improvement: Improvement,
) -> anyhow::Result<usize> {
    let mut reports: Vec<(&str, i64, ImprovementStatus)> = Vec::new();
    let stage = rng.random_range(0..3);
    if stage >= 1 {
        for step in 0..rng.random_range(1..=2_i64) {
            let note = PROGRESS_NOTES[rng.random_range(0..PROGRESS_NOTES.len())];
            reports.push((note, 20 + 30 * step, ImprovementStatus::InProgress));
        }
    }
    if stage == 2 {
        let note = DELIVERED_NOTES[rng.random_range(0..DELIVERED_NOTES.len())];
        reports.push((note, 100, ImprovementStatus::Delivered));
    }
    let mut status = improvement.status;
    for (note, percent, asked) in &reports {
        let report = ProgressReport::parse(note, *percent, *asked)?;
        let next = status
            .record_progress(report.status)
            .map_err(|r| anyhow!(r.message()))?;
        ensure!(improvements::change_status(conn, improvement.id, status, next, None).await?);
        improvements::add_progress(conn, improvement.id, &report, people.officer).await?;
        let detail = format!("{}% {}", report.percent_complete, next.as_str());
        audit(
            conn,
            people,
            AuditAction::ProgressRecorded,
            improvement.id,
            detail,
        )
        .await?;
        status = next;
    }
    Ok(reports.len())
}

/// The audit entry the product writes for the same step.
async fn audit(
    conn: &impl ConnectionTrait,
    people: &ForumPeople<'_>,
    action: AuditAction,
    id: ImprovementId,
    detail: String,
) -> anyhow::Result<()> {
    let actor = match action {
        AuditAction::ProgressRecorded => people.officer,
        _ => people.facilitator,
    };
    ops::audit::record(conn, Some(actor), action, Some(people.forum_id), id, detail)
        .await
        .map_err(|e| anyhow!("audit: {e}"))
}
