//! Running totals are a nullable column on rounds: rounds opened before it
//! read as "not kept yet", and the column can be taken away again.
#![allow(clippy::unwrap_used)]

use coforum_migration::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::{ConnectOptions, ConnectionTrait, Database};

const BEFORE_ROUND_TOTALS: u32 = 6;

#[tokio::test]
async fn totals_arrive_empty_and_leave_cleanly() {
    let db = Database::connect(
        ConnectOptions::new("sqlite::memory:")
            .max_connections(1)
            .to_owned(),
    )
    .await
    .unwrap();
    Migrator::up(&db, Some(BEFORE_ROUND_TOTALS)).await.unwrap();
    db.execute_unprepared("PRAGMA foreign_keys = OFF").await.unwrap();
    db.execute_unprepared(
        "INSERT INTO rounds (id, forum_id, title, method, secret, hide_results, state, opened_by, opened_at) \
         VALUES (x'00', x'01', 'Spring', 'DOT', 0, 0, 'OPEN', x'02', '2026-01-01T00:00:00Z')",
    )
    .await
    .unwrap();

    Migrator::up(&db, Some(1)).await.unwrap();
    let nulls = db
        .execute_unprepared("UPDATE rounds SET title = title WHERE totals IS NULL")
        .await
        .unwrap();
    assert_eq!(nulls.rows_affected(), 1, "an older round keeps no totals yet");

    Migrator::down(&db, Some(1)).await.unwrap();
    assert!(
        db.execute_unprepared("SELECT totals FROM rounds").await.is_err(),
        "the column is gone"
    );
    let kept = db
        .execute_unprepared("UPDATE rounds SET title = title")
        .await
        .unwrap();
    assert_eq!(kept.rows_affected(), 1, "the round itself stays");
}
