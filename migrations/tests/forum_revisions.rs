//! Every insert, update and delete of a row a forum shows adds to that
//! forum's revision and to no other's; a change to a user adds to every
//! forum's; and the triggers can be taken away and put back. On SQLite, or
//! on a fresh PostgreSQL database when `COFORUM_TEST_DATABASE_URL` names a
//! server. Every table the catalogue finds to belong to a forum has a row
//! here (see `common::catalogue`).
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;

use coforum_migration::{Migrator, MigratorTrait};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};

fn now() -> SimpleExpr {
    Expr::cust("CURRENT_TIMESTAMP")
}

fn uuid(id: Uuid) -> SimpleExpr {
    Expr::val(id)
}

fn text(s: &str) -> SimpleExpr {
    Expr::val(s)
}

fn int(n: i32) -> SimpleExpr {
    Expr::val(n)
}

fn boolean(b: bool) -> SimpleExpr {
    Expr::val(b)
}

async fn insert(db: &impl ConnectionTrait, table: &str, values: Vec<(&str, SimpleExpr)>) {
    let (columns, values): (Vec<_>, Vec<_>) = values.into_iter().unzip();
    let mut insert = Query::insert();
    insert
        .into_table(Alias::new(table))
        .columns(columns.into_iter().map(Alias::new))
        .values_panic(values);
    db.execute(&insert).await.unwrap();
}

async fn update(db: &impl ConnectionTrait, table: &str, key: (&str, Uuid), set: (&str, SimpleExpr)) {
    let update = Query::update()
        .table(Alias::new(table))
        .value(Alias::new(set.0), set.1)
        .and_where(Expr::col(Alias::new(key.0)).eq(key.1))
        .to_owned();
    db.execute(&update).await.unwrap();
}

async fn delete(db: &impl ConnectionTrait, table: &str, key: (&str, Uuid)) {
    let delete = Query::delete()
        .from_table(Alias::new(table))
        .and_where(Expr::col(Alias::new(key.0)).eq(key.1))
        .to_owned();
    db.execute(&delete).await.unwrap();
}

async fn revision(db: &impl ConnectionTrait, forum: Uuid) -> i64 {
    let select = Query::select()
        .column(Alias::new("revision"))
        .from(Alias::new("forums"))
        .and_where(Expr::col(Alias::new("id")).eq(forum))
        .to_owned();
    db.query_one(&select)
        .await
        .unwrap()
        .unwrap()
        .try_get("", "revision")
        .unwrap()
}

/// One row of a table a forum shows: what to insert, which row it is, and a
/// change to make to it.
struct Row {
    table: &'static str,
    values: Vec<(&'static str, SimpleExpr)>,
    key: (&'static str, Uuid),
    change: (&'static str, SimpleExpr),
}

/// One row in each table, all in `forum`, parents before children.
fn rows_of(forum: Uuid, user: Uuid) -> Vec<Row> {
    let [
        invite,
        finding,
        round,
        ballot,
        improvement,
        progress,
        decision,
        comment,
        audit,
        action,
    ] = [(); 10].map(|()| Uuid::new_v4());
    let row = |table, values, key, change| Row {
        table,
        values,
        key,
        change,
    };
    vec![
        row(
            "memberships",
            vec![
                ("forum_id", uuid(forum)),
                ("user_id", uuid(user)),
                ("role", text("MEMBER")),
                ("joined_at", now()),
            ],
            ("user_id", user),
            ("role", text("FACILITATOR")),
        ),
        row(
            "invites",
            vec![
                ("id", uuid(invite)),
                ("forum_id", uuid(forum)),
                ("code_hash", text(&invite.to_string())),
                ("role", text("MEMBER")),
                ("expires_at", now()),
                ("created_by", uuid(user)),
                ("created_at", now()),
            ],
            ("id", invite),
            ("uses", int(1)),
        ),
        row(
            "findings",
            vec![
                ("id", uuid(finding)),
                ("forum_id", uuid(forum)),
                ("title", text("Stairs")),
                ("body", text("Steep")),
                ("source", text("SURVEY")),
                ("received_at", now()),
                ("status", text("NEW")),
                ("created_by", uuid(user)),
                ("created_at", now()),
            ],
            ("id", finding),
            ("status", text("PRIORITISED")),
        ),
        row(
            "finding_themes",
            vec![("finding_id", uuid(finding)), ("theme", text("access"))],
            ("finding_id", finding),
            ("theme", text("safety")),
        ),
        row(
            "rounds",
            vec![
                ("id", uuid(round)),
                ("forum_id", uuid(forum)),
                ("title", text("Spring")),
                ("method", text("DOT")),
                ("secret", boolean(false)),
                ("hide_results", boolean(false)),
                ("state", text("OPEN")),
                ("opened_by", uuid(user)),
                ("opened_at", now()),
            ],
            ("id", round),
            ("state", text("CLOSED")),
        ),
        row(
            "round_findings",
            vec![
                ("round_id", uuid(round)),
                ("finding_id", uuid(finding)),
                ("position", int(0)),
            ],
            ("round_id", round),
            ("position", int(1)),
        ),
        row(
            "ballots",
            vec![
                ("id", uuid(ballot)),
                ("round_id", uuid(round)),
                ("voter_id", uuid(user)),
                ("cast_at", now()),
            ],
            ("id", ballot),
            ("cast_at", now()),
        ),
        row(
            "round_results",
            vec![
                ("round_id", uuid(round)),
                ("finding_id", uuid(finding)),
                ("rank", int(1)),
                ("score", Expr::val(2.5)),
                ("tied", boolean(false)),
            ],
            ("round_id", round),
            ("tied", boolean(true)),
        ),
        row(
            "improvements",
            vec![
                ("id", uuid(improvement)),
                ("forum_id", uuid(forum)),
                ("title", text("Ramp")),
                ("summary", text("Build one")),
                ("status", text("PROPOSED")),
                ("revision", int(1)),
                ("proposed_by", uuid(user)),
                ("created_at", now()),
            ],
            ("id", improvement),
            ("status", text("AGREED")),
        ),
        row(
            "improvement_findings",
            vec![
                ("improvement_id", uuid(improvement)),
                ("finding_id", uuid(finding)),
            ],
            ("improvement_id", improvement),
            ("finding_id", uuid(finding)),
        ),
        row(
            "co_authors",
            vec![
                ("improvement_id", uuid(improvement)),
                ("user_id", uuid(user)),
                ("added_at", now()),
            ],
            ("improvement_id", improvement),
            ("added_at", now()),
        ),
        row(
            "revisions",
            vec![
                ("improvement_id", uuid(improvement)),
                ("number", int(1)),
                ("title", text("Ramp")),
                ("summary", text("Build one")),
                ("note", text("First")),
                ("author_id", uuid(user)),
                ("created_at", now()),
            ],
            ("improvement_id", improvement),
            ("note", text("Second")),
        ),
        row(
            "progress_updates",
            vec![
                ("id", uuid(progress)),
                ("improvement_id", uuid(improvement)),
                ("note", text("Begun")),
                ("percent_complete", int(10)),
                ("status", text("ON_TRACK")),
                ("author_id", uuid(user)),
                ("created_at", now()),
            ],
            ("id", progress),
            ("percent_complete", int(20)),
        ),
        row(
            "improvement_actions",
            vec![
                ("id", uuid(action)),
                ("improvement_id", uuid(improvement)),
                ("title", text("Write the letter")),
                (
                    "due_on",
                    Expr::val(sea_orm_migration::sea_orm::prelude::Date::from_ymd_opt(
                        2026, 12, 31,
                    )),
                ),
                ("status", text("NOT_STARTED")),
                ("created_by", uuid(user)),
                ("created_at", now()),
            ],
            ("id", action),
            ("status", text("DONE")),
        ),
        row(
            "decisions",
            vec![
                ("id", uuid(decision)),
                ("improvement_id", uuid(improvement)),
                ("rule", text("CONSENT")),
                ("quorum", Expr::val(0.5)),
                ("state", text("OPEN")),
                ("opened_by", uuid(user)),
                ("opened_at", now()),
            ],
            ("id", decision),
            ("state", text("CLOSED")),
        ),
        row(
            "decision_votes",
            vec![
                ("decision_id", uuid(decision)),
                ("voter_id", uuid(user)),
                ("position", text("AGREE")),
                ("cast_at", now()),
            ],
            ("decision_id", decision),
            ("position", text("BLOCK")),
        ),
        row(
            "comments",
            vec![
                ("id", uuid(comment)),
                ("forum_id", uuid(forum)),
                ("finding_id", uuid(finding)),
                ("author_id", uuid(user)),
                ("body", text("Agreed")),
                ("hidden", boolean(false)),
                ("created_at", now()),
            ],
            ("id", comment),
            ("hidden", boolean(true)),
        ),
        row(
            "comment_reports",
            vec![
                ("comment_id", uuid(comment)),
                ("reporter_id", uuid(user)),
                ("forum_id", uuid(forum)),
                ("reason", text("Unkind")),
                ("created_at", now()),
            ],
            ("comment_id", comment),
            ("reason", text("Rude")),
        ),
        row(
            "audit_events",
            vec![
                ("id", uuid(audit)),
                ("at", now()),
                ("action", text("ROUND_CLOSED")),
                ("forum_id", uuid(forum)),
                ("detail", text("")),
            ],
            ("id", audit),
            ("detail", text("again")),
        ),
    ]
}

async fn new_user(db: &DatabaseConnection) -> Uuid {
    let id = Uuid::new_v4();
    let values = vec![
        ("id", uuid(id)),
        ("email", text(&format!("{id}@example.org"))),
        ("email_key", text(&format!("{id}@example.org"))),
        ("display_name", text("Sam")),
        ("password_hash", text("x")),
        ("platform_role", text("NONE")),
        ("created_at", now()),
    ];
    insert(db, "users", values).await;
    id
}

async fn new_forum(db: &DatabaseConnection) -> Uuid {
    let id = Uuid::new_v4();
    let values = vec![
        ("id", uuid(id)),
        ("slug", text(&id.to_string())),
        ("name", text("Forum")),
        ("description", text("")),
        ("created_at", now()),
    ];
    insert(db, "forums", values).await;
    id
}

/// Runs `write` and asserts it added exactly one to `forum` and nothing to `other`.
macro_rules! bumps_once {
    ($db:expr, $forum:expr, $other:expr, $what:expr, $write:expr) => {{
        let (before, other_before) = (revision($db, $forum).await, revision($db, $other).await);
        $write;
        assert_eq!(revision($db, $forum).await, before + 1, "{} counts once", $what);
        assert_eq!(
            revision($db, $other).await,
            other_before,
            "{} leaves other forums",
            $what
        );
    }};
}

#[tokio::test]
async fn every_write_a_forum_shows_counts_in_its_revision() {
    let fresh = common::fresh_database().await;
    let (db, postgres) = (&fresh.db, &fresh.postgres);
    Migrator::up(db, None).await.unwrap();
    let user = new_user(db).await;
    let (forum, other) = (new_forum(db).await, new_forum(db).await);
    assert_eq!(revision(db, forum).await, 0, "a new forum starts at 0");

    let rows = rows_of(forum, user);
    // A row for every table of a forum's the catalogue finds, so a new table
    // is checked here too.
    let tried: BTreeSet<String> = rows.iter().map(|row| row.table.to_owned()).collect();
    let mut owned = common::catalogue::forum_tables(db).await;
    for (table, _) in common::catalogue::WITHOUT_TRIGGERS {
        owned.remove(*table);
    }
    assert_eq!(tried, owned, "every table of a forum's has a row in rows_of");
    for row in &rows {
        let what = format!("an insert into {}", row.table);
        bumps_once!(
            db,
            forum,
            other,
            what,
            insert(db, row.table, row.values.clone()).await
        );
    }
    for row in &rows {
        let what = format!("an update of {}", row.table);
        bumps_once!(
            db,
            forum,
            other,
            what,
            update(db, row.table, row.key, row.change.clone()).await
        );
    }
    for row in rows.iter().rev() {
        let what = format!("a delete from {}", row.table);
        bumps_once!(db, forum, other, what, delete(db, row.table, row.key).await);
    }

    // Its own row, but not a write of the revision itself.
    bumps_once!(
        db,
        forum,
        other,
        "renaming the forum",
        update(db, "forums", ("id", forum), ("name", text("New"))).await
    );
    let (before, other_before) = (revision(db, forum).await, revision(db, other).await);
    let moved = rows_of(forum, user)
        .into_iter()
        .find(|row| row.table == "findings")
        .unwrap();
    insert(db, moved.table, moved.values.clone()).await;
    update(db, "findings", moved.key, ("forum_id", uuid(other))).await;
    assert_eq!(
        revision(db, forum).await,
        before + 2,
        "a finding moved away counts where it was"
    );
    assert_eq!(revision(db, other).await, other_before + 1, "and where it went");
    delete(db, "findings", moved.key).await;

    // A transaction counts at least once; on PostgreSQL exactly once, even
    // when a savepoint that bumped first rolls back.
    let (before, other_before) = (revision(db, forum).await, revision(db, other).await);
    let txn = db.begin().await.unwrap();
    let savepoint = txn.begin().await.unwrap();
    update(&savepoint, "forums", ("id", forum), ("name", text("Undone"))).await;
    insert(&savepoint, moved.table, moved.values.clone()).await;
    savepoint.rollback().await.unwrap();
    let mut twice = rows_of(forum, user).into_iter();
    let (finding, theme) = (twice.nth(2).unwrap(), twice.next().unwrap());
    insert(&txn, finding.table, finding.values).await;
    insert(&txn, theme.table, theme.values).await;
    txn.commit().await.unwrap();
    let expected = if postgres.is_some() { 1 } else { 2 };
    assert_eq!(
        revision(db, forum).await,
        before + expected,
        "a transaction counts"
    );
    assert_eq!(revision(db, other).await, other_before, "only in its forum");
    delete(db, theme.table, theme.key).await;
    delete(db, finding.table, finding.key).await;

    // A user: every forum.
    let (before, other_before) = (revision(db, forum).await, revision(db, other).await);
    update(db, "users", ("id", user), ("display_name", text("Alex"))).await;
    assert_eq!(
        revision(db, forum).await,
        before + 1,
        "a renamed user counts in every forum"
    );
    assert_eq!(
        revision(db, other).await,
        other_before + 1,
        "a renamed user counts in every forum"
    );
    let gone = new_user(db).await;
    assert_eq!(
        revision(db, forum).await,
        before + 1,
        "a new user is in no forum yet"
    );
    delete(db, "users", ("id", gone)).await;
    assert_eq!(
        revision(db, other).await,
        other_before + 2,
        "a deleted user counts everywhere"
    );
    update(
        db,
        "users",
        ("id", Uuid::new_v4()),
        ("display_name", text("Nobody")),
    )
    .await;
    assert_eq!(
        revision(db, other).await,
        other_before + 2,
        "an update of no user counts nowhere"
    );

    // Deleting a forum cascades to its rows, whose triggers then find no forum.
    for row in rows_of(forum, user) {
        insert(db, row.table, row.values).await;
    }
    let other_before = revision(db, other).await;
    delete(db, "forums", ("id", forum)).await;
    assert_eq!(
        revision(db, other).await,
        other_before,
        "deleting a forum leaves the others"
    );

    // Down takes the column and every trigger away; writes still work; up
    // again. Later migrations are undone first.
    let later = Migrator::migrations()
        .iter()
        .rev()
        .position(|m| m.name() == "m20261126_000009_forum_revisions")
        .unwrap();
    Migrator::down(db, Some(later as u32 + 1)).await.unwrap();
    assert!(
        db.execute_unprepared("SELECT revision FROM forums")
            .await
            .is_err(),
        "the column is gone"
    );
    let third = new_forum(db).await;
    // Tables made by migrations after 9 are gone with them.
    let later_tables = ["comment_reports", "improvement_actions"];
    for row in rows_of(third, user) {
        if !later_tables.contains(&row.table) {
            insert(db, row.table, row.values).await;
        }
    }
    update(db, "users", ("id", user), ("display_name", text("Sam"))).await;
    Migrator::up(db, None).await.unwrap();
    assert_eq!(revision(db, third).await, 0, "existing forums start at 0");
    bumps_once!(
        db,
        third,
        other,
        "a write after up again",
        update(db, "findings", ("forum_id", third), ("status", text("NEW"))).await
    );

    fresh.drop().await;
}
