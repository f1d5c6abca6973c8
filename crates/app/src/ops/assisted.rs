//! castBallotFor and castDecisionVoteFor (contract, "Assisted
//! participation"): a facilitator records a member's ballot or vote given
//! by phone, on paper, in person or through an advocate. It is the
//! member's own: checked and counted exactly like one they cast, and
//! replaced by any they cast later.

use coforum_domain::assistance::{Assistance, Assisted, note};
use coforum_domain::ids::{FindingId, ForumId, ImprovementId, RoundId, UserId};
use coforum_domain::improvement::{Improvement, Position};
use coforum_domain::permissions::ForumAction;
use coforum_domain::round::Round;
use coforum_persistence::ConnectionTrait;
use coforum_persistence::repos::{forums, users};

use super::improvements::put_vote;
use super::rounds::{RecordedFor, put_ballot, visible_round};
use crate::auth::principal::Caller;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// What a facilitator records for a member in a round.
pub struct BallotFor<'a> {
    pub round_id: RoundId,
    pub voter: UserId,
    pub marks: &'a [(FindingId, i64)],
    pub assistance: Assistance,
    pub note: Option<&'a str>,
}

/// Records `ballot` for its voter; answers the round.
pub async fn cast_ballot_for(state: &AppState, caller: &Caller, ballot: BallotFor<'_>) -> AppResult<Round> {
    let actor = caller.signed_in()?;
    let round = visible_round(caller, state.db.conn(), ballot.round_id, ForumAction::Facilitate).await?;
    require_member(state.db.conn(), round.forum_id, ballot.voter).await?;
    let note = note(ballot.note)?;
    let recorded = RecordedFor {
        assisted: Assisted {
            by: actor.user_id,
            how: ballot.assistance,
        },
        note: note.as_deref(),
    };
    put_ballot(state, &round, ballot.voter, ballot.marks, Some(recorded)).await?;
    Ok(round)
}

/// Records a decision vote for `voter`; answers the improvement.
pub async fn cast_decision_vote_for(
    state: &AppState,
    caller: &Caller,
    id: ImprovementId,
    voter: UserId,
    vote: (Position, Option<&str>),
    assistance: Assistance,
) -> AppResult<Improvement> {
    let actor = caller.signed_in()?;
    let assisted = Assisted {
        by: actor.user_id,
        how: assistance,
    };
    put_vote(state, actor, id, voter, vote, Some(assisted)).await
}

/// The voter must be a member of the forum, with an account not deleted.
pub(crate) async fn require_member(
    conn: &impl ConnectionTrait,
    forum: ForumId,
    voter: UserId,
) -> AppResult<()> {
    let member = forums::role_of(conn, voter, forum).await?.is_some();
    let live = users::find(conn, voter)
        .await?
        .is_some_and(|user| !user.is_erased());
    if member && live {
        Ok(())
    } else {
        Err(AppError::invalid("voterId", "must be a member of this forum"))
    }
}
