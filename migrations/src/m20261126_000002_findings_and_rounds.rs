use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Forums {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Findings {
    Table,
    Id,
    ForumId,
    Title,
    Body,
    Source,
    Reference,
    ReceivedAt,
    Status,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FindingThemes {
    Table,
    FindingId,
    Theme,
}

#[derive(DeriveIden)]
enum Rounds {
    Table,
    Id,
    ForumId,
    Title,
    Method,
    Tally,
    Budget,
    MaxPerItem,
    Secret,
    HideResults,
    ClosesAt,
    State,
    OpenedBy,
    OpenedAt,
    ClosedAt,
    EligibleCount,
    BallotCount,
}

#[derive(DeriveIden)]
enum RoundFindings {
    Table,
    RoundId,
    FindingId,
    Position,
}

#[derive(DeriveIden)]
enum Ballots {
    Table,
    Id,
    RoundId,
    VoterId,
    CastAt,
}

#[derive(DeriveIden)]
enum BallotMarks {
    Table,
    BallotId,
    FindingId,
    Value,
}

#[derive(DeriveIden)]
enum RoundResults {
    Table,
    RoundId,
    FindingId,
    Rank,
    Score,
    Tied,
}

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Findings::Table)
                    .if_not_exists()
                    .col(pk_uuid(Findings::Id))
                    .col(uuid(Findings::ForumId))
                    .col(string(Findings::Title))
                    .col(text(Findings::Body))
                    .col(string(Findings::Source))
                    .col(string_null(Findings::Reference))
                    .col(timestamp_with_time_zone(Findings::ReceivedAt))
                    .col(string(Findings::Status))
                    .col(uuid(Findings::CreatedBy))
                    .col(timestamp_with_time_zone(Findings::CreatedAt))
                    .foreign_key(&mut fk(
                        (Findings::Table, Findings::ForumId),
                        (Forums::Table, Forums::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Findings::Table, Findings::CreatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_findings_forum_received")
                    .table(Findings::Table)
                    .col(Findings::ForumId)
                    .col(Findings::ReceivedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(FindingThemes::Table)
                    .if_not_exists()
                    .col(uuid(FindingThemes::FindingId))
                    .col(string(FindingThemes::Theme))
                    .primary_key(
                        Index::create()
                            .col(FindingThemes::FindingId)
                            .col(FindingThemes::Theme),
                    )
                    .foreign_key(&mut fk(
                        (FindingThemes::Table, FindingThemes::FindingId),
                        (Findings::Table, Findings::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_finding_themes_theme")
                    .table(FindingThemes::Table)
                    .col(FindingThemes::Theme)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Rounds::Table)
                    .if_not_exists()
                    .col(pk_uuid(Rounds::Id))
                    .col(uuid(Rounds::ForumId))
                    .col(string(Rounds::Title))
                    .col(string(Rounds::Method))
                    .col(string_null(Rounds::Tally))
                    .col(integer_null(Rounds::Budget))
                    .col(integer_null(Rounds::MaxPerItem))
                    .col(boolean(Rounds::Secret))
                    .col(boolean(Rounds::HideResults))
                    .col(timestamp_with_time_zone_null(Rounds::ClosesAt))
                    .col(string(Rounds::State))
                    .col(uuid(Rounds::OpenedBy))
                    .col(timestamp_with_time_zone(Rounds::OpenedAt))
                    .col(timestamp_with_time_zone_null(Rounds::ClosedAt))
                    .col(integer_null(Rounds::EligibleCount))
                    .col(integer_null(Rounds::BallotCount))
                    .foreign_key(&mut fk(
                        (Rounds::Table, Rounds::ForumId),
                        (Forums::Table, Forums::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Rounds::Table, Rounds::OpenedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_rounds_forum_closed", vec![Rounds::ForumId, Rounds::ClosedAt]),
            ("idx_rounds_state_closes", vec![Rounds::State, Rounds::ClosesAt]),
        ] {
            let mut index = Index::create();
            index.if_not_exists().name(name).table(Rounds::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(RoundFindings::Table)
                    .if_not_exists()
                    .col(uuid(RoundFindings::RoundId))
                    .col(uuid(RoundFindings::FindingId))
                    .col(integer(RoundFindings::Position))
                    .primary_key(
                        Index::create()
                            .col(RoundFindings::RoundId)
                            .col(RoundFindings::FindingId),
                    )
                    .foreign_key(&mut fk(
                        (RoundFindings::Table, RoundFindings::RoundId),
                        (Rounds::Table, Rounds::Id),
                    ))
                    .foreign_key(&mut fk(
                        (RoundFindings::Table, RoundFindings::FindingId),
                        (Findings::Table, Findings::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Ballots::Table)
                    .if_not_exists()
                    .col(pk_uuid(Ballots::Id))
                    .col(uuid(Ballots::RoundId))
                    .col(uuid(Ballots::VoterId))
                    .col(timestamp_with_time_zone(Ballots::CastAt))
                    .foreign_key(&mut fk(
                        (Ballots::Table, Ballots::RoundId),
                        (Rounds::Table, Rounds::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Ballots::Table, Ballots::VoterId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // One ballot per member per round, held by the database itself.
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .unique()
                    .name("uq_ballots_round_voter")
                    .table(Ballots::Table)
                    .col(Ballots::RoundId)
                    .col(Ballots::VoterId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BallotMarks::Table)
                    .if_not_exists()
                    .col(uuid(BallotMarks::BallotId))
                    .col(uuid(BallotMarks::FindingId))
                    .col(integer(BallotMarks::Value))
                    .primary_key(
                        Index::create()
                            .col(BallotMarks::BallotId)
                            .col(BallotMarks::FindingId),
                    )
                    .foreign_key(&mut fk(
                        (BallotMarks::Table, BallotMarks::BallotId),
                        (Ballots::Table, Ballots::Id),
                    ))
                    .foreign_key(&mut fk(
                        (BallotMarks::Table, BallotMarks::FindingId),
                        (Findings::Table, Findings::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RoundResults::Table)
                    .if_not_exists()
                    .col(uuid(RoundResults::RoundId))
                    .col(uuid(RoundResults::FindingId))
                    .col(integer(RoundResults::Rank))
                    .col(double(RoundResults::Score))
                    .col(boolean(RoundResults::Tied))
                    .primary_key(
                        Index::create()
                            .col(RoundResults::RoundId)
                            .col(RoundResults::FindingId),
                    )
                    .foreign_key(&mut fk(
                        (RoundResults::Table, RoundResults::RoundId),
                        (Rounds::Table, Rounds::Id),
                    ))
                    .foreign_key(&mut fk(
                        (RoundResults::Table, RoundResults::FindingId),
                        (Findings::Table, Findings::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RoundResults::Table.into_iden(),
            BallotMarks::Table.into_iden(),
            Ballots::Table.into_iden(),
            RoundFindings::Table.into_iden(),
            Rounds::Table.into_iden(),
            FindingThemes::Table.into_iden(),
            Findings::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
