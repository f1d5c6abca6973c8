use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Rows that transactions lock by name, to serialise a check-then-write
/// (the login limit of one email, demoting admins) on PostgreSQL as SQLite's
/// write lock does already.
#[derive(DeriveIden)]
enum NamedLocks {
    Table,
    Name,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NamedLocks::Table)
                    .if_not_exists()
                    .col(string(NamedLocks::Name).primary_key())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(NamedLocks::Table).if_exists().to_owned())
            .await
    }
}
