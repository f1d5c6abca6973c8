use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::m20261126_000009_forum_revisions::owned;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Officers in the conversation and moderation (issue 16): a forum's
/// setting letting its facilitators record progress (off), whether a
/// comment was written by a council officer, why a facilitator hid it,
/// and members' reports of comments, one per person and comment.
#[derive(DeriveIden)]
enum Forums {
    Table,
    Id,
    FacilitatorsRecordProgress,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    ByOfficer,
    HiddenReason,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CommentReports {
    Table,
    CommentId,
    ReporterId,
    ForumId,
    Reason,
    CreatedAt,
}

const REPORTS: &str = "comment_reports";
const REPORTS_INDEX: &str = "idx_comment_reports_forum";

fn cascade(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        let columns = [
            (
                Forums::Table.into_iden(),
                boolean(Forums::FacilitatorsRecordProgress)
                    .default(false)
                    .to_owned(),
            ),
            (
                Comments::Table.into_iden(),
                boolean(Comments::ByOfficer).default(false).to_owned(),
            ),
            (Comments::Table.into_iden(), text_null(Comments::HiddenReason)),
        ];
        for (table, mut column) in columns {
            manager
                .alter_table(Table::alter().table(table).add_column(&mut column).to_owned())
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(CommentReports::Table)
                    .if_not_exists()
                    .col(uuid(CommentReports::CommentId))
                    .col(uuid(CommentReports::ReporterId))
                    .col(uuid(CommentReports::ForumId))
                    .col(text(CommentReports::Reason))
                    .col(timestamp_with_time_zone(CommentReports::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(CommentReports::CommentId)
                            .col(CommentReports::ReporterId),
                    )
                    .foreign_key(&mut cascade(
                        (CommentReports::Table, CommentReports::CommentId),
                        (Comments::Table, Comments::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (CommentReports::Table, CommentReports::ReporterId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (CommentReports::Table, CommentReports::ForumId),
                        (Forums::Table, Forums::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name(REPORTS_INDEX)
                    .table(CommentReports::Table)
                    .col(CommentReports::ForumId)
                    .to_owned(),
            )
            .await?;
        // Reports are shown on the forum's pages: the revision counts them.
        let table = owned(REPORTS, &[]);
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => table.postgres_statements(),
            _ => table.sqlite_triggers(),
        };
        let conn = manager.get_connection();
        for statement in statements {
            conn.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        // Dropping the table drops its triggers; the function stays behind.
        manager
            .drop_table(Table::drop().table(CommentReports::Table).if_exists().to_owned())
            .await?;
        if postgres {
            manager
                .get_connection()
                .execute_unprepared(&format!("DROP FUNCTION IF EXISTS forum_revision_{REPORTS}()"))
                .await?;
        }
        let columns = [
            (Comments::Table.into_iden(), Comments::HiddenReason.into_iden()),
            (Comments::Table.into_iden(), Comments::ByOfficer.into_iden()),
            (
                Forums::Table.into_iden(),
                Forums::FacilitatorsRecordProgress.into_iden(),
            ),
        ];
        for (table, column) in columns {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
