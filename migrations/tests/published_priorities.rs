//! Closed rounds count as published when they closed, so with the defaults
//! a forum's priorities stay what they were; open rounds are not published.
#![allow(clippy::unwrap_used)]

use coforum_migration::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::{ConnectOptions, ConnectionTrait, Database};

const BEFORE_PUBLISHED: u32 = 14;

#[tokio::test]
async fn closed_rounds_are_published_at_their_close_and_the_columns_leave_cleanly() {
    let db = Database::connect(
        ConnectOptions::new("sqlite::memory:")
            .max_connections(1)
            .to_owned(),
    )
    .await
    .unwrap();
    Migrator::up(&db, Some(BEFORE_PUBLISHED)).await.unwrap();
    db.execute_unprepared("PRAGMA foreign_keys = OFF").await.unwrap();
    // Triggers bump the forum's revision; there is no forum row here.
    db.execute_unprepared(
        "INSERT INTO rounds (id, forum_id, title, method, secret, hide_results, state, opened_by, opened_at, closed_at) VALUES \
         (x'00', x'01', 'Spring', 'APPROVAL', 1, 1, 'CLOSED', x'02', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'), \
         (x'03', x'01', 'Summer', 'APPROVAL', 1, 1, 'OPEN', x'02', '2026-03-01T00:00:00Z', NULL)",
    )
    .await
    .unwrap();

    Migrator::up(&db, Some(1)).await.unwrap();
    let published = db
        .execute_unprepared(
            "UPDATE rounds SET title = title WHERE published_at = closed_at \
             AND publish_as_priorities = 1 AND min_turnout = 0 AND id = x'00'",
        )
        .await
        .unwrap();
    assert_eq!(
        published.rows_affected(),
        1,
        "a closed round is published at its close"
    );
    let open = db
        .execute_unprepared("UPDATE rounds SET title = title WHERE published_at IS NULL AND id = x'03'")
        .await
        .unwrap();
    assert_eq!(open.rows_affected(), 1, "an open round is not published");

    Migrator::down(&db, Some(1)).await.unwrap();
    assert!(
        db.execute_unprepared("SELECT published_at FROM rounds")
            .await
            .is_err(),
        "the column is gone"
    );
    let kept = db
        .execute_unprepared("UPDATE rounds SET title = title")
        .await
        .unwrap();
    assert_eq!(kept.rows_affected(), 2, "the rounds themselves stay");
}
