use coforum_domain::audit::AuditAction;
use coforum_domain::ballot_box::{self, Totalled};
use coforum_domain::forum::{ForumRole, Membership, change_forum_role};
use coforum_domain::ids::{ForumId, UserId};
use coforum_domain::permissions::ForumAction;
use coforum_domain::round::RoundState;
use coforum_persistence::repos::{ballots, decisions, forums, improvements, locks, round_totals, rounds};
use coforum_persistence::{ConnectionTrait, now};

use super::access;
use super::audit;
use super::improvements as improvement_ops;
use super::rounds as round_ops;
use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The named lock that two facilitators changing roles at once both take,
/// so that together they cannot leave a forum with none.
fn facilitators_lock(forum_id: ForumId) -> String {
    format!("forum-facilitators:{forum_id}")
}

/// The member's standing in the forum, refused as the contract's
/// `BAD_USER_INPUT` naming `userId` (as `addCoAuthor` does) when they are
/// not a member.
async fn member(conn: &impl ConnectionTrait, forum_id: ForumId, user_id: UserId) -> AppResult<Membership> {
    forums::membership(conn, forum_id, user_id)
        .await?
        .ok_or_else(|| AppError::invalid("userId", "this person is not a member of the forum"))
}

/// Checks the caller facilitates the forum, takes the forum's facilitators
/// lock and asks the domain whether `user_id` may go from their role to
/// `to` (None: leaving the forum).
async fn check_change(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    forum_id: ForumId,
    user_id: UserId,
    to: Option<ForumRole>,
) -> AppResult<Membership> {
    let actor = caller.signed_in()?;
    access::in_forum(conn, actor, forum_id, ForumAction::Facilitate).await?;
    locks::hold(conn, &facilitators_lock(forum_id)).await?;
    let membership = member(conn, forum_id, user_id).await?;
    let facilitators = forums::facilitator_count(conn, forum_id).await?;
    change_forum_role(membership.role, to, facilitators).map_err(|e| AppError::conflict(e.to_string()))?;
    Ok(membership)
}

/// Facilitators of the forum (and admins) make a member a facilitator or a
/// member again. A forum keeps at least one facilitator.
pub async fn set_forum_role(
    state: &AppState,
    caller: &Caller,
    forum_id: ForumId,
    user_id: UserId,
    role: ForumRole,
) -> AppResult<Membership> {
    let txn = state.db.begin().await?;
    let before = check_change(&txn, caller, forum_id, user_id, Some(role)).await?;
    if before.role == role {
        // Nothing changes, so nothing is written or recorded.
        return Ok(before);
    }
    forums::set_member_role(&txn, forum_id, user_id, role).await?;
    let detail = format!("{} -> {}", before.role.as_str(), role.as_str());
    audit::record(
        &txn,
        caller.actor().map(|a| a.user_id),
        AuditAction::ForumRoleChanged,
        Some(forum_id),
        user_id,
        detail,
    )
    .await?;
    let after = member(&txn, forum_id, user_id).await?;
    txn.commit().await?;
    Ok(after)
}

/// Facilitators of the forum (and admins) take a member out of it. Their
/// ballots in closed rounds stay counted; in open rounds they are withdrawn
/// (the running totals taken back as when a ballot is replaced), and so are
/// their votes in open decisions. Rounds and decisions whose closing time
/// has passed are closed first, as they stand.
pub async fn remove_member(
    state: &AppState,
    caller: &Caller,
    forum_id: ForumId,
    user_id: UserId,
) -> AppResult<bool> {
    let txn = state.db.begin().await?;
    let before = check_change(&txn, caller, forum_id, user_id, None).await?;
    let ballots_withdrawn = withdraw_ballots(&txn, forum_id, user_id).await?;
    let votes_withdrawn = withdraw_decision_votes(&txn, forum_id, user_id).await?;
    if !forums::remove_member(&txn, forum_id, user_id).await? {
        return Err(AppError::invalid(
            "userId",
            "this person is not a member of the forum",
        ));
    }
    let detail = format!(
        "was {}; {ballots_withdrawn} ballots in open rounds and {votes_withdrawn} votes in open decisions withdrawn",
        before.role.as_str()
    );
    audit::record(
        &txn,
        caller.actor().map(|a| a.user_id),
        AuditAction::MemberRemoved,
        Some(forum_id),
        user_id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Withdraws the member's ballot from each open round of the forum, under
/// the round's lock, keeping its running totals in step. Returns how many.
async fn withdraw_ballots(conn: &impl ConnectionTrait, forum_id: ForumId, voter: UserId) -> AppResult<usize> {
    let mut withdrawn = 0;
    let open = rounds::for_forum(conn, forum_id)
        .await?
        .into_iter()
        .filter(|round| round.state == RoundState::Open);
    for round in open {
        if round.is_due(now()) {
            round_ops::close_in(conn, &round, None).await?;
            continue;
        }
        let Some(locked) = rounds::lock_for_ballot(conn, round.id, None, voter).await? else {
            continue;
        };
        let Some(standing) = locked.standing else {
            continue;
        };
        let candidates = rounds::findings_of(conn, &[round.id])
            .await?
            .remove(&round.id)
            .map_or(0, |by_age| by_age.len());
        let totalled = ballot_box::withdraw(&round.method, candidates, &standing, locked.totals);
        if !ballots::withdraw(conn, round.id, voter).await? {
            continue;
        }
        withdrawn += 1;
        match totalled {
            Totalled::NotKept => {}
            Totalled::CountAll => round_ops::recount_totals(conn, &round, candidates).await?,
            Totalled::Kept(totals) => round_totals::set(conn, round.id, &totals).await?,
        }
    }
    Ok(withdrawn)
}

/// Withdraws the member's vote from each open decision of the forum.
async fn withdraw_decision_votes(
    conn: &impl ConnectionTrait,
    forum_id: ForumId,
    voter: UserId,
) -> AppResult<usize> {
    let mut withdrawn = 0;
    for decision in decisions::open_voted_by(conn, forum_id, voter).await? {
        if decision.is_due(now()) {
            if let Some(improvement) = improvements::find(conn, decision.improvement_id).await? {
                improvement_ops::close_in(conn, &improvement, &decision, None).await?;
            }
            continue;
        }
        if decisions::lock_if_open(conn, decision.id, None).await?
            && decisions::withdraw_vote(conn, decision.id, voter).await?
        {
            withdrawn += 1;
        }
    }
    Ok(withdrawn)
}
