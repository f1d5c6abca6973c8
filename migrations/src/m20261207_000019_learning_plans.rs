use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261126_000009_forum_revisions::{IMPROVEMENT, owned};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Each agreed improvement's plan: actions with an owner, a due day and a
/// status. Its forum's pages show them, so they bump its revision.
#[derive(DeriveIden)]
enum ImprovementActions {
    Table,
    Id,
    ImprovementId,
    Title,
    OwnerId,
    DueOn,
    Status,
    DoneOn,
    Note,
    CreatedBy,
    CreatedAt,
}

/// A safeguarding review finding's latest answer (Care Act 2014, schedule 2).
#[derive(DeriveIden)]
enum Findings {
    Table,
    Response,
    ResponseReason,
    RespondedAt,
}

#[derive(DeriveIden)]
enum Improvements {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

const ACTIONS: &str = "improvement_actions";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImprovementActions::Table)
                    .if_not_exists()
                    .col(pk_uuid(ImprovementActions::Id))
                    .col(uuid(ImprovementActions::ImprovementId))
                    .col(string(ImprovementActions::Title))
                    .col(uuid_null(ImprovementActions::OwnerId))
                    .col(date(ImprovementActions::DueOn))
                    .col(string(ImprovementActions::Status))
                    .col(date_null(ImprovementActions::DoneOn))
                    .col(text_null(ImprovementActions::Note))
                    .col(uuid(ImprovementActions::CreatedBy))
                    .col(timestamp_with_time_zone(ImprovementActions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ImprovementActions::Table, ImprovementActions::ImprovementId)
                            .to(Improvements::Table, Improvements::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ImprovementActions::Table, ImprovementActions::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_improvement_actions_improvement_id")
                    .table(ImprovementActions::Table)
                    .col(ImprovementActions::ImprovementId)
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite adds one at a time.
        for mut column in [
            string_null(Findings::Response),
            text_null(Findings::ResponseReason),
            timestamp_with_time_zone_null(Findings::RespondedAt),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Findings::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        let conn = manager.get_connection();
        for statement in owned(ACTIONS, IMPROVEMENT).triggers(manager.get_database_backend()) {
            conn.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        for statement in owned(ACTIONS, IMPROVEMENT).drop_triggers(manager.get_database_backend()) {
            conn.execute_unprepared(&statement).await?;
        }
        for column in [
            Findings::Response,
            Findings::ResponseReason,
            Findings::RespondedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Findings::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(
                Table::drop()
                    .table(ImprovementActions::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}
