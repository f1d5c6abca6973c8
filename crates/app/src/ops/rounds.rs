use chrono::{DateTime, Utc};

use coforum_domain::assistance::Assisted;
use coforum_domain::audit::AuditAction;
use coforum_domain::ballot_box::{self, Totalled};
use coforum_domain::ids::{FindingId, ForumId, RoundId, UserId};
use coforum_domain::notification::Notice;
use coforum_domain::permissions::{ForumAction, authorize_inside_forum};
use coforum_domain::round::{
    NewRound, Round, RoundNotOpen, RoundRequest, RoundState, in_age_order, published_on_close,
};
use coforum_domain::tally::{self, Ballot, RankedEntry, Totals};
use coforum_persistence::repos::rounds::BallotLock;
use coforum_persistence::repos::{ballots, findings, forums, round_totals, rounds};
use coforum_persistence::{ConnectionTrait, now};

use super::access;
use super::audit;
use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::notices::{Audience, notify};
use crate::state::AppState;

pub async fn open_round(
    state: &AppState,
    caller: &Caller,
    forum_id: ForumId,
    request: RoundRequest<'_>,
) -> AppResult<Round> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    access::in_forum(&txn, actor, forum_id, ForumAction::Facilitate).await?;
    let new = NewRound::parse(request, now())?;
    let ages = findings::ages_in_forum(&txn, forum_id, &new.finding_ids).await?;
    if ages.len() != new.finding_ids.len() {
        return Err(AppError::invalid(
            "findingIds",
            "every finding must belong to this forum",
        ));
    }
    let by_age = in_age_order(ages);
    let round = rounds::insert(&txn, forum_id, &new, &by_age, actor.user_id).await?;
    let detail = format!("{} ({:?}, {} findings)", round.title, round.method, by_age.len());
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RoundOpened,
        Some(forum_id),
        round.id,
        detail,
    )
    .await?;
    let notice = Notice::round_opened(forum_id, round.id, &round.title);
    notify(
        &txn,
        &notice,
        Audience::ForumMembers(forum_id),
        Some(actor.user_id),
    )
    .await?;
    txn.commit().await?;
    Ok(round)
}

/// Loads a round the caller may see; others are told it does not exist.
pub async fn visible_round(
    caller: &Caller,
    conn: &impl ConnectionTrait,
    id: RoundId,
    action: ForumAction,
) -> AppResult<Round> {
    let round = rounds::find(conn, id).await?.ok_or(AppError::NotFound("round"))?;
    let role = match caller.actor() {
        Some(actor) => forums::role_of(conn, actor.user_id, round.forum_id).await?,
        None => None,
    };
    authorize_inside_forum(caller.actor(), role, action).map_err(|r| AppError::refused(r, "round"))?;
    Ok(round)
}

/// Casts or replaces the caller's ballot; returns the round.
pub async fn cast_ballot(
    state: &AppState,
    caller: &Caller,
    round_id: RoundId,
    marks: &[(FindingId, i64)],
) -> AppResult<Round> {
    let voter = caller.signed_in()?.user_id;
    let round = visible_round(caller, state.db.conn(), round_id, ForumAction::Vote).await?;
    put_ballot(state, &round, voter, marks, None).await?;
    Ok(round)
}

/// A ballot a facilitator records for its voter, and their note.
pub(crate) struct RecordedFor<'a> {
    pub assisted: Assisted,
    pub note: Option<&'a str>,
}

/// Checks `marks` and casts or replaces `voter`'s ballot in `round`, which
/// the caller may vote in (or record for). A recorded ballot is logged
/// (who, for whom, how, never the marks) and its voter told, in the same
/// transaction.
pub(crate) async fn put_ballot(
    state: &AppState,
    round: &Round,
    voter: UserId,
    marks: &[(FindingId, i64)],
    recorded: Option<RecordedFor<'_>>,
) -> AppResult<()> {
    // A round's method and findings never change once open, so they are
    // read before the transaction: on SQLite it holds the one write lock,
    // and every read inside it makes other voters wait. Whether the round
    // is still open is checked again under its lock.
    close_in_own_transaction_if_due(state, round).await?;
    round.accepts_ballots(now()).map_err(not_open)?;
    let round_id = round.id;
    let by_age = rounds::findings_of(state.db.conn(), &[round_id])
        .await?
        .remove(&round_id)
        .unwrap_or_default();
    let ballot = ballot_box::check(&round.method, &by_age, marks)
        .map_err(|err| AppError::invalid("marks", err.to_string()))?;
    let txn = state.db.begin().await?;
    let Some(locked) = rounds::lock_for_ballot(&txn, round_id, Some(now()), voter).await? else {
        return Err(not_open(RoundNotOpen::Closed));
    };
    let assisted = recorded.as_ref().map(|r| r.assisted);
    record_ballot(&txn, round, by_age.len(), locked, voter, &ballot, now(), assisted).await?;
    if let Some(recorded) = recorded {
        let by = recorded.assisted.by;
        let mut detail = format!("for {voter} {}", recorded.assisted.how.words());
        if let Some(note) = recorded.note {
            detail.push_str(&format!(": {note}"));
        }
        audit::record(
            &txn,
            Some(by),
            AuditAction::BallotRecordedFor,
            Some(round.forum_id),
            round.id,
            detail,
        )
        .await?;
        let notice = Notice::ballot_recorded_for_you(round.forum_id, round.id, &round.title);
        notify(&txn, &notice, Audience::Person(voter), Some(by)).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Stores or replaces `voter`'s validated ballot in a round whose lock the
/// caller holds, and keeps a DOT, APPROVAL or SCORE round's running totals
/// in step (see `ballot_box::cast`). Public so that
/// generated data goes in exactly as `castBallot` puts it.
#[allow(clippy::too_many_arguments)] // each is a part of the one ballot
pub async fn record_ballot(
    conn: &impl ConnectionTrait,
    round: &Round,
    candidates: usize,
    locked: BallotLock,
    voter: UserId,
    ballot: &Ballot,
    at: DateTime<Utc>,
    assisted: Option<Assisted>,
) -> AppResult<()> {
    let standing = locked.standing.as_deref();
    let totalled = ballot_box::cast(&round.method, candidates, ballot, standing, locked.totals);
    ballots::cast(conn, round.id, voter, ballot, at, assisted).await?;
    match totalled {
        Totalled::NotKept => Ok(()),
        Totalled::CountAll => recount_totals(conn, round, candidates).await,
        Totalled::Kept(totals) => Ok(round_totals::set(conn, round.id, &totals).await?),
    }
}

/// Counts a DOT, APPROVAL or SCORE round's running totals from all its
/// ballots: for rounds opened before totals were kept, and for data
/// loaded in bulk. The caller holds the round's lock.
pub async fn recount_totals(conn: &impl ConnectionTrait, round: &Round, candidates: usize) -> AppResult<()> {
    if Totals::kept_for(&round.method, candidates).is_some() {
        let stored = ballots::marks_of_round(conn, round.id).await?;
        let totals = Totals::of(candidates, stored.iter().map(Vec::as_slice));
        round_totals::set(conn, round.id, &totals).await?;
    }
    Ok(())
}

fn not_open(reason: RoundNotOpen) -> AppError {
    AppError::conflict(match reason {
        RoundNotOpen::Closed => "this round is closed: ballots can no longer be cast or changed",
        RoundNotOpen::PastClosingTime => "this round has reached its closing time",
    })
}

/// A ranking with the findings it ranks, and the counts behind it.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub ballots: u32,
    pub eligible: u32,
    pub ranking: Vec<(FindingId, RankedEntry)>,
}

/// Counts a round's ballots as they stand (for a running result).
pub async fn count_now(conn: &impl ConnectionTrait, round: &Round) -> AppResult<Outcome> {
    let totals = round_totals::of(conn, round.id).await?;
    count(conn, round, totals).await
}

/// Ranks a round from its running totals when it keeps them, otherwise
/// from every ballot.
async fn count(conn: &impl ConnectionTrait, round: &Round, totals: Option<Totals>) -> AppResult<Outcome> {
    let by_age = rounds::findings_of(conn, &[round.id])
        .await?
        .remove(&round.id)
        .unwrap_or_default();
    let from_totals = totals
        .filter(|totals| totals.sums().len() == by_age.len())
        .and_then(|totals| Some((totals.ballots(), tally::rank_totals(&round.method, &totals)?)));
    let (ballots, entries) = match from_totals {
        Some(counted) => counted,
        None => {
            let stored = ballots::marks_of_round(conn, round.id).await?;
            // Stored ballots were valid when cast; checking again costs
            // little and keeps a damaged row out of the count.
            let valid: Vec<Ballot> = stored
                .iter()
                .filter_map(|marks| tally::validate_ballot(&round.method, by_age.len(), marks).ok())
                .collect();
            let entries = tally::tally(&round.method, by_age.len(), &valid);
            (stored.len() as u64, entries)
        }
    };
    let eligible = forums::member_counts(conn, &[round.forum_id])
        .await?
        .get(&round.forum_id)
        .copied()
        .unwrap_or(0);
    let ranking = entries
        .into_iter()
        .filter_map(|entry| by_age.get(entry.candidate).map(|id| (*id, entry)))
        .collect();
    Ok(Outcome {
        ballots: u32::try_from(ballots).unwrap_or(u32::MAX),
        eligible: u32::try_from(eligible).unwrap_or(u32::MAX),
        ranking,
    })
}

/// The caller's own ballot, naming findings again; None when they have not voted.
pub async fn my_ballot(
    conn: &impl ConnectionTrait,
    round_id: RoundId,
    voter: UserId,
) -> AppResult<Option<Vec<(FindingId, i64)>>> {
    let Some(marks) = ballots::marks_of_voter(conn, round_id, voter).await? else {
        return Ok(None);
    };
    let by_age = rounds::findings_of(conn, &[round_id])
        .await?
        .remove(&round_id)
        .unwrap_or_default();
    Ok(Some(
        marks
            .iter()
            .filter_map(|mark| by_age.get(mark.candidate).map(|finding| (*finding, mark.value)))
            .collect(),
    ))
}

/// Facilitators (and admins) close a round: its result is computed once and stored.
pub async fn close_round(state: &AppState, caller: &Caller, round_id: RoundId) -> AppResult<Round> {
    caller.signed_in()?;
    let txn = state.db.begin().await?;
    let round = visible_round(caller, &txn, round_id, ForumAction::Facilitate).await?;
    if !close_in(&txn, &round, caller.actor().map(|a| a.user_id)).await? {
        return Err(AppError::conflict("this round is already closed"));
    }
    txn.commit().await?;
    rounds::find(state.db.conn(), round_id)
        .await?
        .ok_or(AppError::NotFound("round"))
}

/// Facilitators (and admins) make a closed round's result the forum's
/// priorities, whatever it was opened with: `publishedAt` becomes now.
pub async fn publish_priorities(state: &AppState, caller: &Caller, round_id: RoundId) -> AppResult<Round> {
    let actor = caller.signed_in()?;
    let txn = state.db.begin().await?;
    let round = visible_round(caller, &txn, round_id, ForumAction::Facilitate).await?;
    if round.state == RoundState::Open || !rounds::publish(&txn, round.id, now()).await? {
        return Err(AppError::conflict(
            "this round is still open: close it before making its result the forum's priorities",
        ));
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::PrioritiesPublished,
        Some(round.forum_id),
        round.id,
        round.title.clone(),
    )
    .await?;
    txn.commit().await?;
    rounds::find(state.db.conn(), round_id)
        .await?
        .ok_or(AppError::NotFound("round"))
}

/// Closes `round` inside the caller's transaction. False when it was
/// already closed (by a request, or by another server's closer). Public so
/// the bench data generator closes rounds exactly as the product does.
pub async fn close_in(conn: &impl ConnectionTrait, round: &Round, actor: Option<UserId>) -> AppResult<bool> {
    let Some(locked) = rounds::lock_if_open(conn, round.id, None).await? else {
        return Ok(false);
    };
    let outcome = count(conn, round, locked.totals).await?;
    // Published in the same write as the close, so no reader ever sees the
    // round closed but not yet the forum's priorities.
    let published = published_on_close(
        round.publish_as_priorities,
        round.min_turnout,
        outcome.ballots,
        outcome.eligible,
    );
    let closed = rounds::close(
        conn,
        round.id,
        now(),
        outcome.eligible,
        outcome.ballots,
        published,
    )
    .await?;
    if closed {
        rounds::store_result(conn, round.id, &outcome.ranking).await?;
        let ranked: Vec<FindingId> = outcome.ranking.iter().map(|(finding, _)| *finding).collect();
        findings::mark_prioritised(conn, &ranked).await?;
        let detail = format!("{} ballots of {} eligible", outcome.ballots, outcome.eligible);
        audit::record(
            conn,
            actor,
            AuditAction::RoundClosed,
            Some(round.forum_id),
            round.id,
            detail,
        )
        .await?;
        let notice = Notice::round_result(round.forum_id, round.id, &round.title);
        notify(conn, &notice, Audience::ForumMembers(round.forum_id), actor).await?;
    }
    Ok(closed)
}

/// Closes the round if its closing time has passed. Safe to call from any
/// number of requests and servers: one of them closes it.
pub async fn close_if_due(state: &AppState, round_id: RoundId) -> AppResult<()> {
    match rounds::find(state.db.conn(), round_id).await? {
        Some(round) => close_in_own_transaction_if_due(state, &round).await,
        None => Ok(()),
    }
}

async fn close_in_own_transaction_if_due(state: &AppState, round: &Round) -> AppResult<()> {
    if round.is_due(now()) {
        let txn = state.db.begin().await?;
        if close_in(&txn, round, None).await? {
            tracing::info!(round = %round.id, "round closed at its closing time");
        }
        txn.commit().await?;
    }
    Ok(())
}

/// Closes every round whose time has come; run by the background closer.
pub async fn close_due_rounds(state: &AppState) -> AppResult<usize> {
    let due = rounds::due(state.db.conn(), now()).await?;
    for round_id in &due {
        close_if_due(state, *round_id).await?;
    }
    Ok(due.len())
}
