//! Every table whose rows belong to a forum carries the triggers that add to
//! the forum's revision (migration 9), found from the database's own
//! catalogue rather than a list: a table added later without them would let
//! kept answers go stale (see `crates/api/src/answers.rs`), and fails here.
//! A table belongs to a forum when it has a `forum_id` column, a foreign key
//! to `forums`, or a foreign key to a table that belongs to one. On SQLite,
//! or on a fresh PostgreSQL database when `COFORUM_TEST_DATABASE_URL` names
//! a server. `forum_revisions.rs` checks what the triggers do, table by table.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use coforum_migration::{Migrator, MigratorTrait};
use common::catalogue::{WITHOUT_TRIGGERS, forum_tables, postgres, rows, text};
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseConnection};

const EVENTS: [&str; 3] = ["DELETE", "INSERT", "UPDATE"];

/// What every revision trigger's action runs.
const BUMP: &str = "UPDATE FORUMS SET REVISION = REVISION + 1";

/// The events (INSERT, UPDATE, DELETE) on each table that fire a trigger
/// whose action bumps a forum's revision: on PostgreSQL the action is the
/// trigger's function, on SQLite the trigger's own body.
async fn bumping_events(db: &DatabaseConnection) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if postgres(db) {
        // pg_trigger.tgtype's event bits: 4 insert, 8 delete, 16 update.
        let sql = "SELECT c.relname::text AS tbl, t.tgtype::int4 AS kind, p.prosrc AS action \
                   FROM pg_trigger t \
                   JOIN pg_class c ON c.oid = t.tgrelid \
                   JOIN pg_proc p ON p.oid = t.tgfoid \
                   WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace";
        for row in rows(db, sql).await {
            let kind: i32 = row.try_get("", "kind").unwrap();
            if !normalised(&text(&row, "action")).contains(BUMP) {
                continue;
            }
            let events = found.entry(text(&row, "tbl")).or_default();
            for (bit, event) in [(4, "INSERT"), (8, "DELETE"), (16, "UPDATE")] {
                if kind & bit != 0 {
                    events.insert(event.to_owned());
                }
            }
        }
        return found;
    }
    let sql = "SELECT tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger'";
    for row in rows(db, sql).await {
        let sql = normalised(&text(&row, "sql"));
        let Some((head, body)) = sql.split_once(" BEGIN ") else {
            continue;
        };
        // `CREATE TRIGGER name [BEFORE|AFTER|INSTEAD OF] event ...`: the
        // event follows the timing (the name may contain an event's word).
        let mut words = head
            .split(' ')
            .skip(3)
            .skip_while(|word| !["BEFORE", "AFTER", "OF"].contains(word));
        let event = words.nth(1).unwrap_or_default();
        if body.contains(BUMP) && EVENTS.contains(&event) {
            found
                .entry(text(&row, "tbl"))
                .or_default()
                .insert(event.to_owned());
        }
    }
    found
}

/// Upper case, one space between words.
fn normalised(sql: &str) -> String {
    sql.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// What is missing, one line per table: "table: EVENT, EVENT".
async fn missing_triggers(db: &DatabaseConnection) -> Vec<String> {
    let owned = forum_tables(db).await;
    let bumping = bumping_events(db).await;
    let allowed: BTreeSet<&str> = WITHOUT_TRIGGERS.iter().map(|(table, _)| *table).collect();
    for table in &allowed {
        assert!(
            owned.contains(*table),
            "{table} is allowed no triggers but belongs to no forum"
        );
    }
    owned
        .iter()
        .filter(|table| !allowed.contains(table.as_str()))
        .filter_map(|table| {
            let has = bumping.get(table).cloned().unwrap_or_default();
            let lacks: Vec<&str> = EVENTS.into_iter().filter(|event| !has.contains(*event)).collect();
            (!lacks.is_empty()).then(|| format!("{table}: {}", lacks.join(", ")))
        })
        .collect()
}

#[tokio::test]
async fn every_table_of_a_forum_bumps_its_revision() {
    let fresh = common::fresh_database().await;
    let db = &fresh.db;
    Migrator::up(db, None).await.unwrap();

    // The search reaches rows two links away and leaves unlinked tables out.
    let owned = forum_tables(db).await;
    for table in ["findings", "audit_events", "ballots", "decision_votes"] {
        assert!(owned.contains(table), "{table} belongs to a forum: {owned:?}");
    }
    for table in ["users", "forums", "sessions", "client_failures"] {
        assert!(!owned.contains(table), "{table} belongs to no forum: {owned:?}");
    }

    assert_eq!(
        missing_triggers(db).await,
        Vec::<String>::new(),
        "tables without revision triggers"
    );
    fresh.drop().await;
}

#[tokio::test]
async fn a_table_without_revision_triggers_is_named() {
    let fresh = common::fresh_database().await;
    let db = &fresh.db;
    Migrator::up(db, None).await.unwrap();

    let drop = if postgres(db) {
        "DROP TRIGGER forum_revision_decision_votes_update ON decision_votes"
    } else {
        "DROP TRIGGER forum_revision_decision_votes_update"
    };
    db.execute_unprepared(drop).await.unwrap();
    // A new table of a forum's, and one linked to it only by a foreign key.
    db.execute_unprepared("CREATE TABLE notes (id integer PRIMARY KEY, forum_id uuid NOT NULL)")
        .await
        .unwrap();
    db.execute_unprepared("CREATE TABLE note_links (note_id integer NOT NULL REFERENCES notes (id))")
        .await
        .unwrap();

    assert_eq!(
        missing_triggers(db).await,
        [
            "decision_votes: UPDATE",
            "note_links: DELETE, INSERT, UPDATE",
            "notes: DELETE, INSERT, UPDATE",
        ]
    );
    fresh.drop().await;
}
