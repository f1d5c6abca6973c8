use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A forum's priorities come from its most recently *published* round, not
/// any closed one: a round says whether it counts (`publish_as_priorities`)
/// and the least turnout for that (`min_turnout`), and `published_at` says
/// when it became the priorities. Closed rounds count as published when
/// they closed, so with the defaults nothing changes for existing data.
#[derive(DeriveIden)]
enum Rounds {
    Table,
    ForumId,
    State,
    ClosedAt,
    PublishAsPriorities,
    MinTurnout,
    PublishedAt,
    Id,
}

/// A forum's newest published round in one index probe (`priorities` and
/// `priorityHistory`); null `published_at` rows sort apart.
const PUBLISHED_INDEX: &str = "idx_rounds_forum_published_id";
/// The index for "most recently closed", which nothing asks for any more.
const CLOSED_INDEX: &str = "idx_rounds_forum_state_closed_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in [
            boolean(Rounds::PublishAsPriorities).default(true).to_owned(),
            double(Rounds::MinTurnout).default(0.0).to_owned(),
            timestamp_with_time_zone_null(Rounds::PublishedAt),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Rounds::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .exec_stmt(
                Query::update()
                    .table(Rounds::Table)
                    .value(Rounds::PublishedAt, Expr::col(Rounds::ClosedAt))
                    .and_where(Expr::col(Rounds::State).eq("CLOSED"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .if_exists()
                    .name(CLOSED_INDEX)
                    .table(Rounds::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name(PUBLISHED_INDEX)
                    .table(Rounds::Table)
                    .col(Rounds::ForumId)
                    .col(Rounds::PublishedAt)
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
                    .name(PUBLISHED_INDEX)
                    .table(Rounds::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name(CLOSED_INDEX)
                    .table(Rounds::Table)
                    .col(Rounds::ForumId)
                    .col(Rounds::State)
                    .col(Rounds::ClosedAt)
                    .col(Rounds::Id)
                    .to_owned(),
            )
            .await?;
        for column in [
            Rounds::PublishedAt,
            Rounds::MinTurnout,
            Rounds::PublishAsPriorities,
        ] {
            manager
                .alter_table(Table::alter().table(Rounds::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
