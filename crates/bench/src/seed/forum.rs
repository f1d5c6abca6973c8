//! One forum's whole history, in one transaction: findings, closed rounds,
//! ballot boxes and improvements.

use std::collections::HashSet;
use std::fmt;
use std::ops::AddAssign;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use coforum_domain::ids::{FindingId, UserId};
use coforum_persistence::Database;
use rand::RngExt as _;

use super::findings::seed_findings;
use super::improvements::{ForumPeople, seed_improvement};
use super::people::{Council, forum_rng};
use super::rounds::{RoundPeople, seed_ballot_box, seed_closed_round};
use crate::manifest::BallotBox;

/// How much of everything one forum gets.
#[derive(Clone, Debug)]
pub struct ForumQuota {
    pub findings: usize,
    /// Ballots in each of the forum's closed rounds.
    pub closed_round_ballots: Vec<usize>,
    pub ballot_boxes: usize,
    pub improvements: usize,
}

/// What was made, summed over forums for the report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub forums: usize,
    pub findings: usize,
    pub comments: usize,
    pub closed_rounds: usize,
    pub ballots: usize,
    pub ballot_boxes: usize,
    pub ballot_box_voters: usize,
    pub improvements: usize,
    pub revisions: usize,
    pub decisions: usize,
    pub decision_votes: usize,
    pub progress_updates: usize,
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Self) {
        self.forums += other.forums;
        self.findings += other.findings;
        self.comments += other.comments;
        self.closed_rounds += other.closed_rounds;
        self.ballots += other.ballots;
        self.ballot_boxes += other.ballot_boxes;
        self.ballot_box_voters += other.ballot_box_voters;
        self.improvements += other.improvements;
        self.revisions += other.revisions;
        self.decisions += other.decisions;
        self.decision_votes += other.decision_votes;
        self.progress_updates += other.progress_updates;
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  forums            {:>9}", self.forums)?;
        writeln!(f, "  findings          {:>9}", self.findings)?;
        writeln!(f, "  closed rounds     {:>9}", self.closed_rounds)?;
        writeln!(f, "  ballots           {:>9}", self.ballots)?;
        writeln!(
            f,
            "  ballot boxes      {:>9}  ({} voter-round pairs waiting)",
            self.ballot_boxes, self.ballot_box_voters
        )?;
        writeln!(f, "  improvements      {:>9}", self.improvements)?;
        writeln!(f, "  revisions         {:>9}", self.revisions)?;
        writeln!(f, "  comments          {:>9}", self.comments)?;
        writeln!(f, "  decisions         {:>9}", self.decisions)?;
        writeln!(f, "  decision votes    {:>9}", self.decision_votes)?;
        write!(f, "  progress updates  {:>9}", self.progress_updates)
    }
}

/// What one forum contributes to the manifest.
#[derive(Debug, Default)]
pub struct ForumOutcome {
    pub closed_round_ids: Vec<String>,
    pub ballot_boxes: Vec<BallotBox>,
    pub counts: Counts,
}

/// Seeds forum `index` of `council` in its own transaction, with a random
/// generator of its own so the result does not depend on which forums run
/// at the same time.
pub async fn seed_forum(
    db: Database,
    council: Arc<Council>,
    index: usize,
    quota: ForumQuota,
    seed: u64,
    now: DateTime<Utc>,
) -> anyhow::Result<ForumOutcome> {
    let mut rng = forum_rng(seed, index);
    let forum = &council.forums[index];
    let members: Vec<UserId> = forum.members.iter().map(|&m| council.people.ids[m]).collect();
    let facilitator = council.people.ids[forum.facilitator];
    // Officers add findings too, as the council's own audits come in.
    let mut authors = members.clone();
    authors.push(council.officer);
    let mut counts = Counts {
        forums: 1,
        ..Counts::default()
    };
    let mut outcome = ForumOutcome::default();

    let txn = db.begin().await?;
    let (mut findings, comments) =
        seed_findings(&txn, &mut rng, forum.id, &authors, quota.findings, now).await?;
    counts.findings = findings.len();
    counts.comments = comments;

    let round_people = RoundPeople {
        forum_id: forum.id,
        facilitator,
        members: &members,
    };
    let mut prioritised: HashSet<FindingId> = HashSet::new();
    for (k, &ballots) in quota.closed_round_ballots.iter().enumerate() {
        // Forums take turns with the methods, so every method is used equally.
        let kind = index + k;
        let (round, ranked) =
            seed_closed_round(&txn, &mut rng, &round_people, &findings, kind, ballots, now).await?;
        prioritised.extend(ranked);
        outcome.closed_round_ids.push(round.id.to_string());
        counts.closed_rounds += 1;
        counts.ballots += ballots;
    }

    findings.sort_by_key(|f| std::cmp::Reverse(f.received_at));
    let voter_emails: Vec<String> = forum
        .members
        .iter()
        .filter(|&&m| council.people.voters[m])
        .map(|&m| council.people.emails[m].clone())
        .collect();
    for _ in 0..quota.ballot_boxes {
        let (round, by_age) = seed_ballot_box(&txn, &mut rng, &round_people, &findings, now).await?;
        outcome.ballot_boxes.push(BallotBox {
            round_id: round.id.to_string(),
            finding_ids: by_age.iter().map(ToString::to_string).collect(),
            // APPROVAL has no cap of its own: a voter may approve them all.
            max_approvals: u32::try_from(by_age.len()).unwrap_or(u32::MAX),
            voter_emails: voter_emails.clone(),
        });
        counts.ballot_boxes += 1;
        counts.ballot_box_voters += voter_emails.len();
    }

    // Improvements mostly answer what members prioritised.
    let linkable: Vec<(FindingId, usize)> = findings
        .iter()
        .filter(|f| prioritised.contains(&f.id))
        .map(|f| (f.id, f.theme))
        .collect();
    let everything: Vec<(FindingId, usize)> = findings.iter().map(|f| (f.id, f.theme)).collect();
    let improvement_people = ForumPeople {
        forum_id: forum.id,
        facilitator,
        officer: council.officer,
        members: &members,
    };
    for _ in 0..quota.improvements {
        let pool = if linkable.is_empty() || rng.random_bool(0.2) {
            &everything
        } else {
            &linkable
        };
        let made = seed_improvement(&txn, &mut rng, &improvement_people, pool, now).await?;
        counts.improvements += 1;
        counts.revisions += made.revisions;
        counts.comments += made.comments;
        counts.decisions += made.decisions;
        counts.decision_votes += made.votes;
        counts.progress_updates += made.progress_updates;
    }
    txn.commit().await?;
    outcome.counts = counts;
    Ok(outcome)
}
