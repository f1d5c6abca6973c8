//! A fresh database for each run, removed afterwards: an SQLite file in the
//! run's directory, or a PostgreSQL database of its own.

use std::path::Path;

use anyhow::{Context as _, bail};
use coforum_persistence::{ConnectionTrait as _, Database};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

pub struct FreshDatabase {
    pub url: String,
    /// For PostgreSQL: the server to drop the database on, and its name.
    postgres: Option<(String, String)>,
}

impl FreshDatabase {
    /// An SQLite file inside `directory` (removed with it), or a new
    /// PostgreSQL database on the server of `postgres_admin_url`.
    pub async fn create(
        backend: Backend,
        directory: &Path,
        postgres_admin_url: &str,
    ) -> anyhow::Result<Self> {
        match backend {
            Backend::Sqlite => Ok(Self {
                url: format!("sqlite://{}", directory.join("coforum-bench.db").display()),
                postgres: None,
            }),
            Backend::Postgres => {
                let name = format!(
                    "coforum_bench_{}_{}",
                    std::process::id(),
                    chrono::Utc::now().timestamp_millis()
                );
                run_on_server(postgres_admin_url, &format!("CREATE DATABASE {name}")).await?;
                let mut url = reqwest::Url::parse(postgres_admin_url).context("parsing --postgres-url")?;
                url.set_path(&name);
                Ok(Self {
                    url: url.to_string(),
                    postgres: Some((postgres_admin_url.to_owned(), name)),
                })
            }
        }
    }

    /// Drops the PostgreSQL database, even if a server still holds connections.
    pub async fn remove(self) -> anyhow::Result<()> {
        if let Some((admin_url, name)) = self.postgres {
            run_on_server(
                &admin_url,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await?;
        }
        Ok(())
    }
}

async fn run_on_server(admin_url: &str, statement: &str) -> anyhow::Result<()> {
    if !admin_url.starts_with("postgres") {
        bail!("--postgres-url must be a postgres:// URL, not {admin_url}");
    }
    let db = Database::connect(admin_url, 1)
        .await
        .with_context(|| format!("connecting to PostgreSQL at {admin_url}"))?;
    let result = db.conn().execute_unprepared(statement).await;
    db.close().await.ok();
    result.with_context(|| format!("running `{statement}`"))?;
    Ok(())
}
