use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every forum counts its changes in `revision`, and the database itself
/// keeps the count: a trigger on each table whose rows a forum shows adds
/// one to the forum's revision on every insert, update and delete, so no
/// write path can forget it. A response cache shared by several servers
/// then asks one small row whether anything a forum shows has changed
/// (see `coforum_persistence::repos::forums::revisions`). What changes by
/// the clock alone (a round or decision past its closing time) changes no
/// row: `forums::next_deadline` covers it.
///
/// A change to a forum's own row counts, and so does a change to any user
/// (their names appear in many forums; users change rarely, never on sign-in).
#[derive(DeriveIden)]
enum Forums {
    Table,
    Revision,
}

/// A table whose rows belong to a forum: `via` is the path of foreign keys
/// from a row to a table with a `forum_id` column, as (column, the table
/// whose `id` it names); empty when the row has `forum_id` itself.
pub(crate) struct Owned {
    table: &'static str,
    via: &'static [(&'static str, &'static str)],
}

pub(crate) const fn owned(table: &'static str, via: &'static [(&'static str, &'static str)]) -> Owned {
    Owned { table, via }
}

const FINDING: &[(&str, &str)] = &[("finding_id", "findings")];
const ROUND: &[(&str, &str)] = &[("round_id", "rounds")];
pub(crate) const IMPROVEMENT: &[(&str, &str)] = &[("improvement_id", "improvements")];
const DECISION: &[(&str, &str)] = &[("decision_id", "decisions"), ("improvement_id", "improvements")];

/// Every table a forum shows, and how to find a row's forum. Audit events
/// count when they name a forum (a null `forum_id` matches none).
const OWNED: &[Owned] = &[
    owned("findings", &[]),
    owned("comments", &[]),
    owned("rounds", &[]),
    owned("improvements", &[]),
    owned("invites", &[]),
    owned("memberships", &[]),
    owned("audit_events", &[]),
    owned("finding_themes", FINDING),
    owned("round_findings", ROUND),
    owned("round_results", ROUND),
    owned("ballots", ROUND),
    owned("improvement_findings", IMPROVEMENT),
    owned("co_authors", IMPROVEMENT),
    owned("revisions", IMPROVEMENT),
    owned("progress_updates", IMPROVEMENT),
    owned("decisions", IMPROVEMENT),
    owned("decision_votes", DECISION),
];

const BUMP: &str = "UPDATE forums SET revision = revision + 1";

impl Owned {
    /// The statements that make a later table bump its forum's revision,
    /// as this migration's own tables do.
    pub(crate) fn triggers(&self, backend: DbBackend) -> Vec<String> {
        match backend {
            DbBackend::Postgres => self.postgres_statements(),
            _ => self.sqlite_triggers(),
        }
    }

    /// The statements that remove them again.
    pub(crate) fn drop_triggers(&self, backend: DbBackend) -> Vec<String> {
        let t = self.table;
        let postgres = backend == DbBackend::Postgres;
        let mut statements: Vec<String> = EVENTS
            .iter()
            .map(|event| {
                if postgres {
                    format!("DROP TRIGGER IF EXISTS forum_revision_{t}_{event} ON {t}")
                } else {
                    format!("DROP TRIGGER IF EXISTS forum_revision_{t}_{event}")
                }
            })
            .collect();
        if postgres {
            statements.push(format!("DROP FUNCTION IF EXISTS forum_revision_{t}()"));
        }
        statements
    }

    /// The forum of the row `row` (SQLite's NEW or OLD), as an expression.
    fn forum_of_row(&self, row: &str) -> String {
        let Some(((first_column, first_table), rest)) = self.via.split_first() else {
            return format!("{row}.forum_id");
        };
        let mut joins = String::new();
        let mut previous = 0;
        for (n, (column, table)) in rest.iter().enumerate() {
            joins.push_str(&format!(
                " JOIN {table} p{} ON p{}.id = p{previous}.{column}",
                n + 1,
                n + 1
            ));
            previous = n + 1;
        }
        format!(
            "(SELECT p{previous}.forum_id FROM {first_table} p0{joins} WHERE p0.id = {row}.{first_column})"
        )
    }

    /// The forums of every row in the transition table `rows` (PostgreSQL).
    fn forums_of_rows(&self, rows: &str) -> String {
        let mut joins = String::new();
        let mut previous = "r".to_owned();
        for (n, (column, table)) in self.via.iter().enumerate() {
            joins.push_str(&format!(" JOIN {table} p{n} ON p{n}.id = {previous}.{column}"));
            previous = format!("p{n}");
        }
        format!("SELECT {previous}.forum_id FROM {rows} r{joins}")
    }

    /// SQLite: one row trigger per event.
    pub(crate) fn sqlite_triggers(&self) -> Vec<String> {
        let t = self.table;
        let (old, new) = (self.forum_of_row("OLD"), self.forum_of_row("NEW"));
        [
            ("insert", format!("WHERE id = {new}")),
            ("update", format!("WHERE id IN ({old}, {new})")),
            ("delete", format!("WHERE id = {old}")),
        ]
        .into_iter()
        .map(|(event, filter)| {
            format!(
                "CREATE TRIGGER IF NOT EXISTS forum_revision_{t}_{event} AFTER {} ON {t} \
                 BEGIN {BUMP} {filter}; END",
                event.to_uppercase()
            )
        })
        .collect()
    }

    /// PostgreSQL: one function, called once per statement with the rows it
    /// changed, so bulk writes (a round's results, generated data) bump each
    /// forum once per statement rather than once per row; and once per
    /// transaction (see `postgres_bump`).
    pub(crate) fn postgres_statements(&self) -> Vec<String> {
        let t = self.table;
        let (old, new) = (self.forums_of_rows("old_rows"), self.forums_of_rows("new_rows"));
        let (insert, update, delete) = (
            postgres_bump(&new),
            postgres_bump(&format!("{old} UNION {new}")),
            postgres_bump(&old),
        );
        let mut statements = vec![format!(
            "CREATE OR REPLACE FUNCTION forum_revision_{t}() RETURNS trigger LANGUAGE plpgsql AS $$ \
             DECLARE bumped bigint; \
             BEGIN \
             IF TG_OP = 'INSERT' THEN {insert}; \
             ELSIF TG_OP = 'UPDATE' THEN {update}; \
             ELSE {delete}; \
             END IF; \
             RETURN NULL; \
             END $$"
        )];
        statements.extend(postgres_triggers(t));
        statements
    }
}

/// PostgreSQL: bumps the forums `ids` (a query) once per transaction.
/// Other transactions see every change at commit, so one bump per forum is
/// enough, and a transaction writing thousands of rows (a close, generated
/// data) then leaves one new version of the forum's row, not thousands. A
/// transaction-local setting per forum remembers the bump, and is undone
/// with it if a savepoint rolls back.
fn postgres_bump(ids: &str) -> String {
    const MARK: &str = "'coforum_revision.f' || md5(id::text)";
    format!(
        "WITH b AS ({BUMP} WHERE id IN ({ids}) \
         AND current_setting({MARK}, true) IS DISTINCT FROM 'bumped' RETURNING id) \
         SELECT count(set_config({MARK}, 'bumped', true)) INTO bumped FROM b"
    )
}

/// PostgreSQL: a statement trigger per event, each with its transition tables.
fn postgres_triggers(t: &str) -> Vec<String> {
    [
        ("insert", "NEW TABLE AS new_rows"),
        ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("delete", "OLD TABLE AS old_rows"),
    ]
    .into_iter()
    .map(|(event, tables)| {
        format!(
            "CREATE TRIGGER forum_revision_{t}_{event} AFTER {} ON {t} REFERENCING {tables} \
             FOR EACH STATEMENT EXECUTE FUNCTION forum_revision_{t}()",
            event.to_uppercase()
        )
    })
    .collect()
}

/// A forum's own row: a change to anything but `revision` counts, once.
const SQLITE_FORUMS: &str = "CREATE TRIGGER IF NOT EXISTS forum_revision_forums_update \
     AFTER UPDATE ON forums WHEN NEW.revision = OLD.revision \
     BEGIN UPDATE forums SET revision = revision + 1 WHERE id = NEW.id; END";

const POSTGRES_FORUMS: [&str; 2] = [
    "CREATE OR REPLACE FUNCTION forum_revision_forums() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN \
     IF NEW.revision = OLD.revision THEN NEW.revision := OLD.revision + 1; END IF; \
     RETURN NEW; \
     END $$",
    "CREATE TRIGGER forum_revision_forums_update BEFORE UPDATE ON forums \
     FOR EACH ROW EXECUTE FUNCTION forum_revision_forums()",
];

/// Any change to a user: every forum.
fn sqlite_users() -> Vec<String> {
    ["update", "delete"]
        .into_iter()
        .map(|event| {
            format!(
                "CREATE TRIGGER IF NOT EXISTS forum_revision_users_{event} AFTER {} ON users \
                 BEGIN {BUMP}; END",
                event.to_uppercase()
            )
        })
        .collect()
}

fn postgres_users() -> Vec<String> {
    let function = format!(
        "CREATE OR REPLACE FUNCTION forum_revision_users() RETURNS trigger LANGUAGE plpgsql AS $$ \
         BEGIN \
         IF EXISTS (SELECT 1 FROM old_rows) THEN {BUMP}; END IF; \
         RETURN NULL; \
         END $$"
    );
    let triggers = ["update", "delete"].into_iter().map(|event| {
        format!(
            "CREATE TRIGGER forum_revision_users_{event} AFTER {} ON users \
             REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION forum_revision_users()",
            event.to_uppercase()
        )
    });
    std::iter::once(function).chain(triggers).collect()
}

/// Every trigger's (name, table) and every function's table, to take them away.
fn all_tables() -> impl Iterator<Item = &'static str> {
    OWNED.iter().map(|owned| owned.table).chain(["forums", "users"])
}

const EVENTS: [&str; 3] = ["insert", "update", "delete"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Forums::Table)
                    .add_column(big_integer(Forums::Revision).default(0))
                    .to_owned(),
            )
            .await?;
        let statements: Vec<String> = match manager.get_database_backend() {
            DbBackend::Postgres => OWNED
                .iter()
                .flat_map(Owned::postgres_statements)
                .chain(POSTGRES_FORUMS.map(str::to_owned))
                .chain(postgres_users())
                .collect(),
            _ => OWNED
                .iter()
                .flat_map(Owned::sqlite_triggers)
                .chain([SQLITE_FORUMS.to_owned()])
                .chain(sqlite_users())
                .collect(),
        };
        let conn = manager.get_connection();
        for statement in statements {
            conn.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        let conn = manager.get_connection();
        for table in all_tables() {
            for event in EVENTS {
                let drop = if postgres {
                    format!("DROP TRIGGER IF EXISTS forum_revision_{table}_{event} ON {table}")
                } else {
                    format!("DROP TRIGGER IF EXISTS forum_revision_{table}_{event}")
                };
                conn.execute_unprepared(&drop).await?;
            }
            if postgres {
                conn.execute_unprepared(&format!("DROP FUNCTION IF EXISTS forum_revision_{table}()"))
                    .await?;
            }
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Forums::Table)
                    .drop_column(Forums::Revision)
                    .to_owned(),
            )
            .await
    }
}
