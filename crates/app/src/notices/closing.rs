use coforum_domain::notification::{CLOSING_NOTICE, Notice};
use coforum_persistence::now;
use coforum_persistence::repos::{notifications, rounds};

use super::fan_out::{Audience, notify};
use crate::error::AppResult;
use crate::state::AppState;

/// Tells the members of each round closing within a day who have not voted
/// yet, once per round whichever server gets there first. Answers how many
/// rounds it told of.
pub async fn send_closing_notices(state: &AppState) -> AppResult<usize> {
    let at = now();
    let soon = rounds::open_closing_between(state.db.conn(), at, at + CLOSING_NOTICE).await?;
    let mut told = 0;
    for round in soon {
        let txn = state.db.begin().await?;
        if !notifications::first_to_mark(&txn, &format!("round-closing:{}", round.id)).await? {
            continue;
        }
        let notice = Notice::round_closing(round.forum_id, round.id, &round.title);
        notify(
            &txn,
            &notice,
            Audience::NotYetVoted(round.forum_id, round.id),
            None,
        )
        .await?;
        txn.commit().await?;
        told += 1;
    }
    Ok(told)
}
