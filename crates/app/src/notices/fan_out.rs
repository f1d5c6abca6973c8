use std::collections::HashSet;

use coforum_domain::ids::{ForumId, RoundId, UserId};
use coforum_domain::notification::{Notice, delivery_of, excluding_actor};
use coforum_persistence::ConnectionTrait;
use coforum_persistence::repos::{ballots, forums, notifications, users};

use crate::error::AppResult;

/// The people an event concerns, before the one who caused it is left out.
#[derive(Clone, Copy, Debug)]
pub enum Audience {
    /// Everyone in the forum, whatever their role.
    ForumMembers(ForumId),
    /// The forum's members with no ballot standing in the round.
    NotYetVoted(ForumId, RoundId),
    /// One person.
    Person(UserId),
}

/// Writes `notice` for everyone in `audience` but `actor`, each with the
/// delivery they chose for its kind. Call it inside the transaction of the
/// change it tells of, so the two exist together or not at all. Erased
/// accounts hear nothing.
pub async fn notify(
    conn: &impl ConnectionTrait,
    notice: &Notice,
    audience: Audience,
    actor: Option<UserId>,
) -> AppResult<()> {
    let people = match audience {
        Audience::ForumMembers(forum) => members(conn, forum).await?,
        Audience::NotYetVoted(forum, round) => {
            let voted: HashSet<UserId> = ballots::voters_of(conn, round).await?.into_iter().collect();
            let mut people = members(conn, forum).await?;
            people.retain(|person| !voted.contains(person));
            people
        }
        Audience::Person(user) => users::find(conn, user)
            .await?
            .filter(|user| !user.is_erased())
            .map(|user| vec![user.id])
            .unwrap_or_default(),
    };
    let people = excluding_actor(people, actor);
    if people.is_empty() {
        return Ok(());
    }
    let choices = notifications::choices_for_kind(conn, &people, notice.kind).await?;
    let recipients: Vec<_> = people
        .into_iter()
        .map(|person| (person, delivery_of(notice.kind, choices.get(&person).copied())))
        .collect();
    notifications::insert_for(conn, notice, &recipients).await?;
    Ok(())
}

async fn members(conn: &impl ConnectionTrait, forum: ForumId) -> AppResult<Vec<UserId>> {
    Ok(forums::members_with_users(conn, forum)
        .await?
        .into_iter()
        .filter(|(_, user)| !user.is_erased())
        .map(|(membership, _)| membership.user_id)
        .collect())
}
