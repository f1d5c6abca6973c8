use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Failed sign-ins counted per client rather than per email: per client
/// address (`kind` = `address`, password spraying) and per device cookie
/// (`kind` = `device`, a trusted device's own allowance). Per-email failures
/// stay in `login_failures`, so a server of the previous version running
/// beside a new one during a restart keeps counting them.
#[derive(DeriveIden)]
enum ClientFailures {
    Table,
    Id,
    Kind,
    Key,
    FailedAt,
}

const INDEX: &str = "idx_client_failures_kind_key_failed_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ClientFailures::Table)
                    .if_not_exists()
                    .col(pk_uuid(ClientFailures::Id))
                    .col(string(ClientFailures::Kind))
                    .col(string(ClientFailures::Key))
                    .col(timestamp_with_time_zone(ClientFailures::FailedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name(INDEX)
                    .table(ClientFailures::Table)
                    .col(ClientFailures::Kind)
                    .col(ClientFailures::Key)
                    .col(ClientFailures::FailedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ClientFailures::Table).if_exists().to_owned())
            .await
    }
}
