use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A ballot or decision vote a facilitator recorded for a member (by
/// phone, on paper, in person, through an advocate): who recorded it and
/// how. Null when the member cast it themselves; casting it again
/// themselves clears both.
#[derive(DeriveIden)]
enum Ballots {
    Table,
    Assistance,
    AssistedBy,
}

#[derive(DeriveIden)]
enum DecisionVotes {
    Table,
    Assistance,
    AssistedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        let columns = [
            (Ballots::Table.into_iden(), string_null(Ballots::Assistance)),
            (Ballots::Table.into_iden(), uuid_null(Ballots::AssistedBy)),
            (
                DecisionVotes::Table.into_iden(),
                string_null(DecisionVotes::Assistance),
            ),
            (
                DecisionVotes::Table.into_iden(),
                uuid_null(DecisionVotes::AssistedBy),
            ),
        ];
        for (table, mut column) in columns {
            manager
                .alter_table(Table::alter().table(table).add_column(&mut column).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            (Ballots::Table.into_iden(), Ballots::Assistance.into_iden()),
            (Ballots::Table.into_iden(), Ballots::AssistedBy.into_iden()),
            (
                DecisionVotes::Table.into_iden(),
                DecisionVotes::Assistance.into_iden(),
            ),
            (
                DecisionVotes::Table.into_iden(),
                DecisionVotes::AssistedBy.into_iden(),
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
