//! A fresh database for a migration test: in-memory SQLite, or a new
//! database on the PostgreSQL server `COFORUM_TEST_DATABASE_URL` names.

pub mod catalogue;

use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};

/// A migration test's database; on PostgreSQL, dropped by [`Fresh::drop`].
pub struct Fresh {
    pub db: DatabaseConnection,
    /// The server and the database's name, on PostgreSQL.
    pub postgres: Option<(String, String)>,
}

pub async fn fresh_database() -> Fresh {
    match std::env::var("COFORUM_TEST_DATABASE_URL") {
        Ok(server) if !server.is_empty() => {
            let name = format!("coforum_test_{}", Uuid::new_v4().simple());
            let admin = Database::connect(&server).await.unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            admin.close().await.unwrap();
            let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
            let db = Database::connect(format!("{base}/{name}")).await.unwrap();
            Fresh {
                db,
                postgres: Some((server, name)),
            }
        }
        // One connection: each in-memory SQLite connection is its own database.
        _ => {
            let options = ConnectOptions::new("sqlite::memory:")
                .max_connections(1)
                .to_owned();
            Fresh {
                db: Database::connect(options).await.unwrap(),
                postgres: None,
            }
        }
    }
}

impl Fresh {
    /// Closes the connection and drops a PostgreSQL database.
    pub async fn drop(self) {
        self.db.close().await.unwrap();
        if let Some((server, name)) = self.postgres {
            let admin = Database::connect(&server).await.unwrap();
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                .await
                .unwrap();
        }
    }
}
