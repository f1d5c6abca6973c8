//! What each row of the table sends, built from the generator's manifest.

use std::sync::Arc;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::contract;
use super::http::{GraphqlClient, PreparedRequest};
use super::runner::RequestSource;
use crate::manifest::{Account, Manifest};

/// The officers' page size for `Priorities`: the "50 entries".
pub const PRIORITIES_PAGE: u32 = 50;
/// A page of findings in `ForumBySlug`.
pub const FINDINGS_PAGE: u32 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    Ceiling,
    Priorities,
    ForumBySlug,
    Round,
    CastBallot,
    Login,
    /// `Priorities` measured while a `Login` load runs beside it.
    PrioritiesBesideLogin,
    /// The `Login` load that runs beside `PrioritiesBesideLogin`.
    LoginBesidePriorities,
}

impl Scenario {
    /// The rows of the table, each run at every concurrency.
    pub const EVERY_CONCURRENCY: [Scenario; 6] = [
        Scenario::Ceiling,
        Scenario::Priorities,
        Scenario::ForumBySlug,
        Scenario::Round,
        Scenario::CastBallot,
        Scenario::Login,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Scenario::Ceiling => "{ __typename } (ceiling)",
            Scenario::Priorities => "Priorities, 50, all forums",
            Scenario::ForumBySlug => "ForumBySlug, 20 findings",
            Scenario::Round => "Round, closed, with result",
            Scenario::CastBallot => "CastBallot, distinct voters",
            Scenario::Login => "Login (argon2, on purpose)",
            Scenario::PrioritiesBesideLogin => "Priorities beside Login load",
            Scenario::LoginBesidePriorities => "Login beside Priorities",
        }
    }
}

/// Signs `account` in and returns its access token.
pub async fn sign_in(client: &GraphqlClient, account: &Account) -> anyhow::Result<String> {
    let request = PreparedRequest::anonymous(login_body(account)?);
    let data = client
        .data(&request)
        .await
        .with_context(|| format!("signing in as {}", account.email))?;
    data["login"]["accessToken"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no access token for {} in {data}", account.email))
}

fn login_body(account: &Account) -> anyhow::Result<bytes::Bytes> {
    contract::body(
        "Login",
        json!({ "input": { "email": account.email, "password": account.password } }),
    )
}

/// The cheapest request the server answers: the ceiling of this machine.
pub fn ceiling() -> RequestSource {
    let body = serde_json::to_vec(&json!({ "query": "{ __typename }" })).unwrap_or_default();
    RequestSource::Cycle(Arc::new([PreparedRequest::anonymous(body.into())]))
}

/// The officers' ranked priorities across every forum.
pub fn priorities(officer_token: &str) -> anyhow::Result<RequestSource> {
    let body = contract::body("Priorities", json!({ "first": PRIORITIES_PAGE }))?;
    Ok(RequestSource::Cycle(Arc::new([PreparedRequest::signed_in(
        body,
        officer_token,
    )?])))
}

/// A forum's page with its first 20 findings, for every forum in turn. Read
/// by the officer: forums are public, but their findings and members are
/// not, and the officer may read every forum.
pub fn forum_by_slug(manifest: &Manifest, officer_token: &str) -> anyhow::Result<RequestSource> {
    let requests = manifest
        .forum_slugs
        .iter()
        .map(|slug| {
            let body = contract::body("ForumBySlug", json!({ "slug": slug, "first": FINDINGS_PAGE }))?;
            PreparedRequest::signed_in(body, officer_token)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    non_empty(requests, "forum_slugs")
}

/// Closed rounds of every method with their results, in turn.
pub fn rounds(manifest: &Manifest, officer_token: &str) -> anyhow::Result<RequestSource> {
    let requests = manifest
        .closed_round_ids
        .iter()
        .map(|id| PreparedRequest::signed_in(round_body(id)?, officer_token))
        .collect::<anyhow::Result<Vec<_>>>()?;
    non_empty(requests, "closed_round_ids")
}

pub fn round_body(round_id: &str) -> anyhow::Result<bytes::Bytes> {
    contract::body("Round", json!({ "id": round_id }))
}

/// Sign-ins with production-cost password hashes, account after account.
pub fn logins(manifest: &Manifest) -> anyhow::Result<RequestSource> {
    let requests = manifest
        .login_accounts
        .iter()
        .map(|account| Ok(PreparedRequest::anonymous(login_body(account)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    non_empty(requests, "login_accounts")
}

fn non_empty(requests: Vec<PreparedRequest>, field: &str) -> anyhow::Result<RequestSource> {
    anyhow::ensure!(!requests.is_empty(), "the manifest's {field} is empty");
    Ok(RequestSource::Cycle(requests.into()))
}
