//! Ballots cast before marks moved onto the ballot row keep every mark,
//! and the move can be undone.
#![allow(clippy::unwrap_used)]

use coforum_migration::{Migrator, MigratorTrait};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};

const BEFORE_COMPACT_BALLOTS: u32 = 5;

async fn insert(db: &DatabaseConnection, table: &str, columns: &[&str], values: Vec<SimpleExpr>) {
    let mut insert = Query::insert();
    insert
        .into_table(Alias::new(table))
        .columns(columns.iter().map(|c| Alias::new(*c)))
        .values_panic(values);
    db.execute(&insert).await.unwrap();
}

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<sea_orm_migration::sea_orm::QueryResult> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
}

#[tokio::test]
async fn marks_move_onto_the_ballot_row_by_position_and_back() {
    // One connection: each in-memory SQLite connection is its own database.
    let db = Database::connect(
        ConnectOptions::new("sqlite::memory:")
            .max_connections(1)
            .to_owned(),
    )
    .await
    .unwrap();
    Migrator::up(&db, Some(BEFORE_COMPACT_BALLOTS)).await.unwrap();
    // Only the rows this migration reads: rounds, users and findings are not needed.
    db.execute_unprepared("PRAGMA foreign_keys = OFF").await.unwrap();

    let round = Uuid::new_v4();
    let findings = [Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4()];
    for (position, finding) in findings.iter().enumerate() {
        let values = vec![Expr::val(round), Expr::val(*finding), Expr::val(position as i32)];
        insert(
            &db,
            "round_findings",
            &["round_id", "finding_id", "position"],
            values,
        )
        .await;
    }
    let (first, second) = (Uuid::new_v4(), Uuid::new_v4());
    for ballot in [first, second] {
        let values = vec![
            Expr::val(ballot),
            Expr::val(round),
            Expr::val(Uuid::new_v4()),
            Expr::val("2026-01-01T00:00:00Z"),
        ];
        insert(&db, "ballots", &["id", "round_id", "voter_id", "cast_at"], values).await;
    }
    for (ballot, finding, value) in [(first, 2, 1), (first, 0, 2), (second, 1, 5)] {
        let values = vec![Expr::val(ballot), Expr::val(findings[finding]), Expr::val(value)];
        insert(&db, "ballot_marks", &["ballot_id", "finding_id", "value"], values).await;
    }

    Migrator::up(&db, None).await.unwrap();
    let mut compact: Vec<(Uuid, Vec<u8>)> = rows(&db, "SELECT id, marks FROM ballots")
        .await
        .iter()
        .map(|row| (row.try_get("", "id").unwrap(), row.try_get("", "marks").unwrap()))
        .collect();
    compact.sort();
    // Position then value, u16 little-endian, in position order.
    let mut expected = vec![(first, vec![0, 0, 2, 0, 2, 0, 1, 0]), (second, vec![1, 0, 5, 0])];
    expected.sort();
    assert_eq!(compact, expected);
    assert!(
        db.execute_unprepared("SELECT * FROM ballot_marks").await.is_err(),
        "the old table is gone"
    );

    // Undo every migration from the compact ballots one on (later ones too).
    let after_it = Migrator::migrations().len() as u32 - BEFORE_COMPACT_BALLOTS;
    Migrator::down(&db, Some(after_it)).await.unwrap();
    let mut restored: Vec<(Uuid, Uuid, i32)> =
        rows(&db, "SELECT ballot_id, finding_id, value FROM ballot_marks")
            .await
            .iter()
            .map(|row| {
                (
                    row.try_get("", "ballot_id").unwrap(),
                    row.try_get("", "finding_id").unwrap(),
                    row.try_get("", "value").unwrap(),
                )
            })
            .collect();
    restored.sort();
    let mut original = vec![
        (first, findings[2], 1),
        (first, findings[0], 2),
        (second, findings[1], 5),
    ];
    original.sort();
    assert_eq!(restored, original);
}
