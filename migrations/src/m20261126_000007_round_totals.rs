use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// DOT, APPROVAL and SCORE rounds keep their running totals on the round's
/// row (how many ballots stand, then each finding's sum, u64 little-endian;
/// see `coforum_persistence::repos::rounds`), adjusted by every ballot in
/// its own transaction, so a close or a running result reads one row rather
/// than every ballot. Null means "not kept yet": rounds opened before this
/// migration are counted from their ballots the first time they need it.
#[derive(DeriveIden)]
enum Rounds {
    Table,
    Totals,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Rounds::Table)
                    .add_column(blob_null(Rounds::Totals))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Rounds::Table)
                    .drop_column(Rounds::Totals)
                    .to_owned(),
            )
            .await
    }
}
