use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use coforum_app::AppState;
use coforum_app::error::AppError;
use coforum_app::rankings::Ranking;
use coforum_app::reads::batch::Batches;
use coforum_domain::account;
use coforum_domain::comment;
use coforum_domain::comment::Subject;
use coforum_domain::finding;
use coforum_domain::forum;
use coforum_domain::ids::{DecisionId, FindingId, ForumId, ImprovementId, RoundId, UserId};
use coforum_domain::improvement;
use coforum_domain::improvement::{CastVote, ProgressEntry};
use coforum_domain::round;

/// Loads objects in batches, one query per kind per request, through the
/// application's batched reads. Holds the caller's id for loads that depend
/// on who asks.
pub struct Loaders(Batches);

impl Loaders {
    pub fn new(state: &AppState, caller: Option<UserId>) -> Self {
        Self(Batches::new(state, caller))
    }
}

/// A failed batch, shared by every resolver that waited on it.
#[derive(Clone, Debug, thiserror::Error)]
#[error("batched load failed: {0}")]
pub struct LoadError(Arc<AppError>);

impl From<AppError> for LoadError {
    fn from(err: AppError) -> Self {
        Self(Arc::new(err))
    }
}

impl From<LoadError> for AppError {
    fn from(err: LoadError) -> Self {
        AppError::internal(anyhow::anyhow!("batched load failed: {}", err.0))
    }
}

/// Number of members of a forum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MemberCountOf(pub ForumId);

/// The calling user's role in a forum (absent when not a member).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CallerRoleIn(pub ForumId);

impl Loader<UserId> for Loaders {
    type Value = account::User;
    type Error = LoadError;
    async fn load(&self, keys: &[UserId]) -> Result<HashMap<UserId, account::User>, LoadError> {
        let found = self.0.users(keys).await?;
        Ok(found.into_iter().map(|u| (u.id, u)).collect())
    }
}

impl Loader<ForumId> for Loaders {
    type Value = forum::Forum;
    type Error = LoadError;
    async fn load(&self, keys: &[ForumId]) -> Result<HashMap<ForumId, forum::Forum>, LoadError> {
        let found = self.0.forums(keys).await?;
        Ok(found.into_iter().map(|f| (f.id, f)).collect())
    }
}

impl Loader<MemberCountOf> for Loaders {
    type Value = u64;
    type Error = LoadError;
    async fn load(&self, keys: &[MemberCountOf]) -> Result<HashMap<MemberCountOf, u64>, LoadError> {
        let ids: Vec<ForumId> = keys.iter().map(|k| k.0).collect();
        let counts = self.0.member_counts(&ids).await?;
        Ok(keys
            .iter()
            .map(|&key| (key, counts.get(&key.0).copied().unwrap_or(0)))
            .collect())
    }
}

/// Every key gets a value, `None` for "not a member", so that a known
/// absence is cached like a role.
impl Loader<CallerRoleIn> for Loaders {
    type Value = Option<forum::ForumRole>;
    type Error = LoadError;
    async fn load(
        &self,
        keys: &[CallerRoleIn],
    ) -> Result<HashMap<CallerRoleIn, Option<forum::ForumRole>>, LoadError> {
        let ids: Vec<ForumId> = keys.iter().map(|k| k.0).collect();
        let roles = self.0.caller_roles(&ids).await?;
        Ok(keys.iter().map(|&k| (k, roles.get(&k.0).copied())).collect())
    }
}

impl Loader<FindingId> for Loaders {
    type Value = finding::Finding;
    type Error = LoadError;
    async fn load(&self, keys: &[FindingId]) -> Result<HashMap<FindingId, finding::Finding>, LoadError> {
        let found = self.0.findings(keys).await?;
        Ok(found.into_iter().map(|f| (f.id, f)).collect())
    }
}

impl Loader<RoundId> for Loaders {
    type Value = round::Round;
    type Error = LoadError;
    async fn load(&self, keys: &[RoundId]) -> Result<HashMap<RoundId, round::Round>, LoadError> {
        let found = self.0.rounds(keys).await?;
        Ok(found.into_iter().map(|r| (r.id, r)).collect())
    }
}

/// A round's findings, oldest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FindingsOfRound(pub RoundId);

impl Loader<FindingsOfRound> for Loaders {
    type Value = Vec<FindingId>;
    type Error = LoadError;
    async fn load(
        &self,
        keys: &[FindingsOfRound],
    ) -> Result<HashMap<FindingsOfRound, Vec<FindingId>>, LoadError> {
        let ids: Vec<RoundId> = keys.iter().map(|k| k.0).collect();
        let found = self.0.findings_of_rounds(&ids).await?;
        Ok(found
            .into_iter()
            .map(|(round, list)| (FindingsOfRound(round), list))
            .collect())
    }
}

/// Ballots cast so far in an open round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BallotCountOf(pub RoundId);

impl Loader<BallotCountOf> for Loaders {
    type Value = u32;
    type Error = LoadError;
    async fn load(&self, keys: &[BallotCountOf]) -> Result<HashMap<BallotCountOf, u32>, LoadError> {
        let ids: Vec<RoundId> = keys.iter().map(|k| k.0).collect();
        let counts = self.0.ballot_counts(&ids).await?;
        Ok(keys
            .iter()
            .map(|&k| (k, counts.get(&k.0).copied().unwrap_or(0)))
            .collect())
    }
}

/// A closed round's stored ranking: ask only for rounds read as CLOSED.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StoredResultOf(pub RoundId);

impl Loader<StoredResultOf> for Loaders {
    type Value = Ranking;
    type Error = LoadError;
    async fn load(&self, keys: &[StoredResultOf]) -> Result<HashMap<StoredResultOf, Ranking>, LoadError> {
        let ids: Vec<RoundId> = keys.iter().map(|k| k.0).collect();
        let found = self.0.closed_rankings(&ids).await?;
        Ok(found
            .into_iter()
            .map(|(round, rows)| (StoredResultOf(round), rows))
            .collect())
    }
}

/// Loads values keyed by a newtype over an id with one batched read.
macro_rules! keyed_loader {
    ($(#[$doc:meta])* $key:ident($id:ty) -> $value:ty, |$db:ident, $ids:ident| $load:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct $key(pub $id);

        impl Loader<$key> for Loaders {
            type Value = $value;
            type Error = LoadError;
            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, $value>, LoadError> {
                let $ids: Vec<$id> = keys.iter().map(|k| k.0).collect();
                let $db = &self.0;
                let found: HashMap<$id, $value> = $load.await?;
                Ok(found.into_iter().map(|(id, value)| ($key(id), value)).collect())
            }
        }
    };
}

impl Loader<ImprovementId> for Loaders {
    type Value = improvement::Improvement;
    type Error = LoadError;
    async fn load(
        &self,
        keys: &[ImprovementId],
    ) -> Result<HashMap<ImprovementId, improvement::Improvement>, LoadError> {
        let found = self.0.improvements(keys).await?;
        Ok(found.into_iter().map(|i| (i.id, i)).collect())
    }
}

keyed_loader!(
    /// Co-authors of an improvement, proposer first.
    CoAuthorsOf(ImprovementId) -> Vec<UserId>,
    |db, ids| db.co_authors(&ids)
);
keyed_loader!(
    /// Findings an improvement answers.
    FindingsOfImprovement(ImprovementId) -> Vec<FindingId>,
    |db, ids| db.findings_of_improvements(&ids)
);
keyed_loader!(
    /// Improvements linked to a finding, newest first.
    ImprovementsOfFinding(FindingId) -> Vec<improvement::Improvement>,
    |db, ids| db.improvements_of_findings(&ids)
);
keyed_loader!(
    /// Every decision of an improvement, oldest first.
    DecisionsOf(ImprovementId) -> Vec<improvement::Decision>,
    |db, ids| db.decisions(&ids)
);
keyed_loader!(
    /// The votes of a decision.
    VotesOf(DecisionId) -> Vec<CastVote>,
    |db, ids| db.votes(&ids)
);
keyed_loader!(
    /// Progress history of an improvement, oldest first.
    ProgressOf(ImprovementId) -> Vec<ProgressEntry>,
    |db, ids| db.progress(&ids)
);
keyed_loader!(
    /// Comments on a finding or an improvement, oldest first.
    CommentsOn(Subject) -> Vec<comment::Comment>,
    |db, ids| db.comments(&ids)
);
