use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The mail outbox: each email is a row written in the same transaction as
/// the change that causes it, then claimed (a lease, so several servers
/// never send one message twice), sent and marked sent by a background
/// sender. Rows carry the whole rendered email, so a restart or a new
/// version of the templates never changes what was decided.
#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    Id,
    ToAddress,
    Subject,
    TextBody,
    HtmlBody,
    ListUnsubscribe,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    LeaseToken,
    SentAt,
    FailedAt,
    LastError,
}

const DUE_INDEX: &str = "idx_outbox_messages_due";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OutboxMessages::Table)
                    .if_not_exists()
                    .col(pk_uuid(OutboxMessages::Id))
                    .col(string(OutboxMessages::ToAddress))
                    .col(string(OutboxMessages::Subject))
                    .col(text(OutboxMessages::TextBody))
                    .col(text_null(OutboxMessages::HtmlBody))
                    .col(string_null(OutboxMessages::ListUnsubscribe))
                    .col(timestamp_with_time_zone(OutboxMessages::CreatedAt))
                    .col(integer(OutboxMessages::Attempts).default(0))
                    .col(timestamp_with_time_zone(OutboxMessages::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(OutboxMessages::LeaseUntil))
                    .col(uuid_null(OutboxMessages::LeaseToken))
                    .col(timestamp_with_time_zone_null(OutboxMessages::SentAt))
                    .col(timestamp_with_time_zone_null(OutboxMessages::FailedAt))
                    .col(text_null(OutboxMessages::LastError))
                    .to_owned(),
            )
            .await?;
        // What the sender asks for: unsent, not given up, due soonest.
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name(DUE_INDEX)
                    .table(OutboxMessages::Table)
                    .col(OutboxMessages::SentAt)
                    .col(OutboxMessages::FailedAt)
                    .col(OutboxMessages::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OutboxMessages::Table).if_exists().to_owned())
            .await
    }
}
