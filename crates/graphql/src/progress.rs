use async_graphql::{Context, Object};
use chrono::{DateTime, Utc};
use coforum_domain::improvement;
use coforum_domain::improvement::ProgressEntry;

use super::accounts::{User, load_user};
use super::context::loader;
use super::findings::Finding;
use super::improvements::Improvement;
use super::loaders::ProgressOf;
use super::scalars::ImprovementStatus;

type Result<T> = async_graphql::Result<T>;

pub struct Progress(pub(super) ProgressEntry);

#[Object]
impl Progress {
    async fn note(&self) -> &str {
        &self.0.note
    }
    async fn percent_complete(&self) -> u8 {
        self.0.percent_complete
    }
    async fn status(&self) -> ImprovementStatus {
        self.0.status.into()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn author(&self, ctx: &Context<'_>) -> Result<User> {
        Ok(load_user(ctx, self.0.author_id).await?)
    }
}

/// An agreed improvement with the findings behind it and what was done.
pub struct YouSaidWeDid(pub(super) improvement::Improvement);

#[Object]
impl YouSaidWeDid {
    async fn agreed_at(&self) -> Option<DateTime<Utc>> {
        self.0.agreed_at
    }
    async fn improvement(&self) -> Improvement {
        Improvement(self.0.clone())
    }
    /// "You said": the findings it answers.
    #[graphql(
        complexity = "super::list_bounds::cost(super::list_bounds::FINDINGS_OF_IMPROVEMENT, child_complexity)"
    )]
    async fn findings(&self, ctx: &Context<'_>) -> Result<Vec<Finding>> {
        Ok(super::improvements::findings_of(ctx, self.0.id).await?)
    }
    /// "We did": the latest progress, if any.
    async fn latest_progress(&self, ctx: &Context<'_>) -> Result<Option<Progress>> {
        let entries = loader(ctx)
            .load_one(ProgressOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(entries.last().cloned().map(Progress))
    }
}
