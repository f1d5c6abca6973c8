use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A forum's most recently closed round in one index probe (`priorities`
/// asks for it on every request): forum, state, then newest `closed_at`
/// and highest id, the order that breaks a tie.
#[derive(DeriveIden)]
enum Rounds {
    Table,
    ForumId,
    State,
    ClosedAt,
    Id,
}

const NAME: &str = "idx_rounds_forum_state_closed_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name(NAME)
                    .table(Rounds::Table)
                    .col(Rounds::ForumId)
                    .col(Rounds::State)
                    .col(Rounds::ClosedAt)
                    .col(Rounds::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .if_exists()
                    .name(NAME)
                    .table(Rounds::Table)
                    .to_owned(),
            )
            .await
    }
}
