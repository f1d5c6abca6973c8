//! Prioritisation rounds: closed ones with their ballots and stored results,
//! and open APPROVAL rounds left as ballot boxes for the load driver.

use anyhow::{anyhow, ensure};
use chrono::{DateTime, Duration, Utc};
use coforum_domain::ids::{FindingId, ForumId, UserId};
use coforum_domain::round::{NewRound, Round, RoundRequest, VotingMethod};
use coforum_domain::tally::RankedRule;
use coforum_persistence::ConnectionTrait;
use coforum_persistence::repos::rounds;
use rand::RngExt as _;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom as _, SliceRandom as _};

use super::ballots;
use super::findings::SeededFinding;
use super::words::{BALLOT_BOX_TITLES, ROUND_TITLES};

/// The round kinds, in the order a forum takes turns with them: every
/// method and both ranked tallies.
pub const METHODS: [(VotingMethod, Option<RankedRule>); 5] = [
    (VotingMethod::Dot, None),
    (VotingMethod::Approval, None),
    (VotingMethod::Score, None),
    (VotingMethod::Ranked, Some(RankedRule::Schulze)),
    (VotingMethod::Ranked, Some(RankedRule::Borda)),
];

/// Who acts on a forum's rounds.
pub struct RoundPeople<'a> {
    pub forum_id: ForumId,
    pub facilitator: UserId,
    pub members: &'a [UserId],
}

/// Opens a round the way `openRound` does: the request checked by the
/// domain, the findings stored oldest first (their tally order).
async fn open(
    conn: &impl ConnectionTrait,
    people: &RoundPeople<'_>,
    request: RoundRequest<'_>,
    findings: &[SeededFinding],
    now: DateTime<Utc>,
) -> anyhow::Result<(Round, Vec<FindingId>)> {
    let new = NewRound::parse(request, now)?;
    let mut by_age: Vec<(DateTime<Utc>, FindingId)> =
        findings.iter().map(|f| (f.received_at, f.id)).collect();
    // The same order `openRound` sorts by: a tie goes to the older finding.
    by_age.sort_unstable();
    let by_age: Vec<FindingId> = by_age.into_iter().map(|(_, id)| id).collect();
    let round = rounds::insert(conn, people.forum_id, &new, &by_age, people.facilitator).await?;
    Ok((round, by_age))
}

/// Dot budgets facilitators choose: the default, and two tighter ones.
fn dot_settings(rng: &mut StdRng) -> (Option<i64>, Option<i64>) {
    match rng.random_range(0..3) {
        0 => (None, None),
        1 => (Some(12), Some(4)),
        _ => (Some(5), Some(3)),
    }
}

/// Opens a round of the `kind`th method over some of the forum's findings,
/// has `ballot_count` members vote, and closes it with the product's own
/// closing code (result computed and stored, findings PRIORITISED).
/// Returns the round and the findings it ranked.
pub async fn seed_closed_round(
    conn: &impl ConnectionTrait,
    rng: &mut StdRng,
    people: &RoundPeople<'_>,
    forum_findings: &[SeededFinding],
    kind: usize,
    ballot_count: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<(Round, Vec<FindingId>)> {
    let (method, tally) = METHODS[kind % METHODS.len()];
    let size = rng.random_range(8..=20).min(forum_findings.len());
    let findings: Vec<SeededFinding> = forum_findings.sample(rng, size).copied().collect();
    let (budget, max_per_item) = match method {
        VotingMethod::Dot => dot_settings(rng),
        _ => (None, None),
    };
    let title = ROUND_TITLES[rng.random_range(0..ROUND_TITLES.len())];
    let request = RoundRequest {
        title,
        finding_ids: &findings.iter().map(|f| f.id).collect::<Vec<_>>(),
        method,
        tally,
        budget,
        max_per_item,
        closes_at: None,
        secret: true,
        hide_results_until_closed: true,
        publish_as_priorities: true,
        min_turnout: 0.0,
    };
    let (round, by_age) = open(conn, people, request, &findings, now).await?;

    ensure!(
        ballot_count <= people.members.len(),
        "{ballot_count} ballots in a forum of {} members",
        people.members.len()
    );
    let popularity = ballots::popularity(rng, by_age.len());
    let voters: Vec<UserId> = people.members.sample(rng, ballot_count).copied().collect();
    for voter in voters {
        let ballot = ballots::ballot(rng, &round.method, &popularity)?;
        ballots::store(conn, &round, by_age.len(), voter, &ballot, now).await?;
    }
    let closed = coforum_app::ops::rounds::close_in(conn, &round, Some(people.facilitator))
        .await
        .map_err(|e| anyhow!("closing round {}: {e}", round.id))?;
    ensure!(closed, "round {} was already closed", round.id);
    Ok((round, by_age))
}

/// An open APPROVAL round over 8 to 15 of the forum's newer findings,
/// closing in a year: a ballot box for the load driver.
pub async fn seed_ballot_box(
    conn: &impl ConnectionTrait,
    rng: &mut StdRng,
    people: &RoundPeople<'_>,
    newest_first: &[SeededFinding],
    now: DateTime<Utc>,
) -> anyhow::Result<(Round, Vec<FindingId>)> {
    let pool = &newest_first[..newest_first.len().min(40)];
    let size = rng.random_range(8..=15).min(pool.len());
    let mut findings: Vec<SeededFinding> = pool.sample(rng, size).copied().collect();
    findings.shuffle(rng);
    let request = RoundRequest {
        title: BALLOT_BOX_TITLES[rng.random_range(0..BALLOT_BOX_TITLES.len())],
        finding_ids: &findings.iter().map(|f| f.id).collect::<Vec<_>>(),
        method: VotingMethod::Approval,
        tally: None,
        budget: None,
        max_per_item: None,
        closes_at: Some(now + Duration::days(365)),
        secret: true,
        hide_results_until_closed: true,
        publish_as_priorities: true,
        min_turnout: 0.0,
    };
    open(conn, people, request, &findings, now).await
}
