//! What the database's catalogue says of its tables: which belong to a forum.

use std::collections::BTreeSet;

use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, QueryResult, Statement};

/// Tables that belong to a forum yet need no revision triggers, each with
/// the reason.
pub const WITHOUT_TRIGGERS: &[(&str, &str)] = &[
    (
        "notifications",
        "each person's own news: no forum page or cached answer shows it, and \
         reading one must not make every member's forum pages stale",
    ),
    (
        "feedback_items",
        "the council's feedback log: no forum page or kept answer shows it; a \
         finding raised from it is a finding, whose own triggers bump the forum",
    ),
    ("feedback_themes", "part of the feedback log (see feedback_items)"),
    (
        "feedback_history",
        "part of the feedback log (see feedback_items)",
    ),
    (
        "feedback_remedies",
        "part of the feedback log (see feedback_items)",
    ),
    (
        "feedback_findings",
        "part of the feedback log (see feedback_items)",
    ),
];

pub async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<QueryResult> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
}

pub fn text(row: &QueryResult, column: &str) -> String {
    row.try_get("", column).unwrap()
}

pub fn postgres(db: &DatabaseConnection) -> bool {
    db.get_database_backend() == DbBackend::Postgres
}

/// Every table but the migrator's own record.
pub async fn tables(db: &DatabaseConnection) -> BTreeSet<String> {
    let sql = if postgres(db) {
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    };
    rows(db, sql)
        .await
        .iter()
        .map(|row| text(row, "name"))
        .filter(|name| name != "seaql_migrations")
        .collect()
}

/// The tables with a `forum_id` column.
pub async fn with_forum_id(db: &DatabaseConnection, tables: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for table in tables {
        let sql = if postgres(db) {
            format!(
                "SELECT column_name::text AS name FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = '{table}'"
            )
        } else {
            format!("SELECT name FROM pragma_table_info('{table}')")
        };
        if rows(db, &sql)
            .await
            .iter()
            .any(|row| text(row, "name") == "forum_id")
        {
            found.insert(table.clone());
        }
    }
    found
}

/// Every foreign key, as (the table holding it, the table it names).
pub async fn references(db: &DatabaseConnection, tables: &BTreeSet<String>) -> Vec<(String, String)> {
    if postgres(db) {
        let sql = "SELECT source.relname::text AS source, target.relname::text AS target \
                   FROM pg_constraint c \
                   JOIN pg_class source ON source.oid = c.conrelid \
                   JOIN pg_class target ON target.oid = c.confrelid \
                   WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace";
        return rows(db, sql)
            .await
            .iter()
            .map(|row| (text(row, "source"), text(row, "target")))
            .collect();
    }
    let mut found = Vec::new();
    for table in tables {
        let sql = format!("SELECT \"table\" AS target FROM pragma_foreign_key_list('{table}')");
        for row in rows(db, &sql).await {
            found.push((table.clone(), text(&row, "target")));
        }
    }
    found
}

/// The tables whose rows belong to a forum: the closure of "has
/// `forum_id`, or names `forums` or such a table by a foreign key".
pub async fn forum_tables(db: &DatabaseConnection) -> BTreeSet<String> {
    let tables = tables(db).await;
    let mut owned = with_forum_id(db, &tables).await;
    let references = references(db, &tables).await;
    loop {
        let before = owned.len();
        for (source, target) in &references {
            if (target == "forums" || owned.contains(target)) && source != "forums" {
                owned.insert(source.clone());
            }
        }
        if owned.len() == before {
            return owned;
        }
    }
}
