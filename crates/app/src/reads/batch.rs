//! Loads by id in batches: the schema's data loaders gather the ids a
//! request's resolvers ask for and call these once per kind. What a load
//! may show was decided by the read that handed out the ids.

use std::collections::HashMap;

use coforum_domain::account::User;
use coforum_domain::comment::{Comment, Subject};
use coforum_domain::finding::Finding;
use coforum_domain::forum::{Forum, ForumRole};
use coforum_domain::ids::{DecisionId, FindingId, ForumId, ImprovementId, RoundId, UserId};
use coforum_domain::improvement::{CastVote, Decision, Improvement, ProgressEntry};
use coforum_domain::round::Round;
use coforum_persistence::Database;
use coforum_persistence::repos::{comments, decisions, findings, forums, improvements, rounds, users};

use crate::error::AppResult;
use crate::rankings::{ClosedRankings, Ranking};
use crate::state::AppState;

/// One request's batched loads, as the caller `caller`.
pub struct Batches {
    db: Database,
    caller: Option<UserId>,
    rankings: ClosedRankings,
}

impl Batches {
    pub fn new(state: &AppState, caller: Option<UserId>) -> Self {
        Self {
            db: state.db.clone(),
            caller,
            rankings: state.rankings.clone(),
        }
    }

    pub async fn users(&self, ids: &[UserId]) -> AppResult<Vec<User>> {
        Ok(users::find_many(self.db.conn(), ids).await?)
    }

    pub async fn forums(&self, ids: &[ForumId]) -> AppResult<Vec<Forum>> {
        Ok(forums::find_many(self.db.conn(), ids).await?)
    }

    pub async fn member_counts(&self, ids: &[ForumId]) -> AppResult<HashMap<ForumId, u64>> {
        Ok(forums::member_counts(self.db.conn(), ids).await?)
    }

    /// The caller's role in each forum they belong to (none when signed out).
    pub async fn caller_roles(&self, ids: &[ForumId]) -> AppResult<HashMap<ForumId, ForumRole>> {
        let Some(user_id) = self.caller else {
            return Ok(HashMap::new());
        };
        Ok(forums::roles_of(self.db.conn(), user_id, ids).await?)
    }

    pub async fn findings(&self, ids: &[FindingId]) -> AppResult<Vec<Finding>> {
        Ok(findings::find_many(self.db.conn(), ids).await?)
    }

    pub async fn rounds(&self, ids: &[RoundId]) -> AppResult<Vec<Round>> {
        Ok(rounds::find_many(self.db.conn(), ids).await?)
    }

    /// Each round's findings, oldest first.
    pub async fn findings_of_rounds(&self, ids: &[RoundId]) -> AppResult<HashMap<RoundId, Vec<FindingId>>> {
        Ok(rounds::findings_of(self.db.conn(), ids).await?)
    }

    /// Ballots cast so far in each open round.
    pub async fn ballot_counts(&self, ids: &[RoundId]) -> AppResult<HashMap<RoundId, u32>> {
        Ok(rounds::ballot_counts(self.db.conn(), ids).await?)
    }

    /// Closed rounds' stored rankings: ask only for rounds read as CLOSED.
    pub async fn closed_rankings(&self, ids: &[RoundId]) -> AppResult<HashMap<RoundId, Ranking>> {
        Ok(self.rankings.of_closed(self.db.conn(), ids).await?)
    }

    pub async fn improvements(&self, ids: &[ImprovementId]) -> AppResult<Vec<Improvement>> {
        Ok(improvements::find_many(self.db.conn(), ids).await?)
    }

    /// Co-authors of each improvement, proposer first.
    pub async fn co_authors(&self, ids: &[ImprovementId]) -> AppResult<HashMap<ImprovementId, Vec<UserId>>> {
        Ok(improvements::co_authors_of(self.db.conn(), ids).await?)
    }

    /// The findings each improvement answers.
    pub async fn findings_of_improvements(
        &self,
        ids: &[ImprovementId],
    ) -> AppResult<HashMap<ImprovementId, Vec<FindingId>>> {
        Ok(improvements::findings_of(self.db.conn(), ids).await?)
    }

    /// Improvements linked to each finding, newest first.
    pub async fn improvements_of_findings(
        &self,
        ids: &[FindingId],
    ) -> AppResult<HashMap<FindingId, Vec<Improvement>>> {
        Ok(improvements::improvements_of_findings(self.db.conn(), ids).await?)
    }

    /// Every decision of each improvement, oldest first.
    pub async fn decisions(&self, ids: &[ImprovementId]) -> AppResult<HashMap<ImprovementId, Vec<Decision>>> {
        Ok(decisions::of_improvements(self.db.conn(), ids).await?)
    }

    pub async fn votes(&self, ids: &[DecisionId]) -> AppResult<HashMap<DecisionId, Vec<CastVote>>> {
        Ok(decisions::votes_of(self.db.conn(), ids).await?)
    }

    /// Progress history of each improvement, oldest first.
    pub async fn progress(
        &self,
        ids: &[ImprovementId],
    ) -> AppResult<HashMap<ImprovementId, Vec<ProgressEntry>>> {
        Ok(improvements::progress_of(self.db.conn(), ids).await?)
    }

    /// Comments on each finding or improvement, oldest first.
    pub async fn comments(&self, subjects: &[Subject]) -> AppResult<HashMap<Subject, Vec<Comment>>> {
        Ok(comments::on_subjects(self.db.conn(), subjects).await?)
    }
}
