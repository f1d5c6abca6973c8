use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// When a facilitator withdrew an invite; null while it stands. A
/// withdrawn invite can no longer be used.
#[derive(DeriveIden)]
enum Invites {
    Table,
    WithdrawnAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Invites::Table)
                    .add_column(timestamp_with_time_zone_null(Invites::WithdrawnAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Invites::Table)
                    .drop_column(Invites::WithdrawnAt)
                    .to_owned(),
            )
            .await
    }
}
