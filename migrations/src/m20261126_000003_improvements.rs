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
}

#[derive(DeriveIden)]
enum Improvements {
    Table,
    Id,
    ForumId,
    Title,
    Summary,
    Status,
    Revision,
    ProposedBy,
    CreatedAt,
    AgreedAt,
}

#[derive(DeriveIden)]
enum ImprovementFindings {
    Table,
    ImprovementId,
    FindingId,
}

#[derive(DeriveIden)]
enum CoAuthors {
    Table,
    ImprovementId,
    UserId,
    AddedAt,
}

#[derive(DeriveIden)]
enum Revisions {
    Table,
    ImprovementId,
    Number,
    Title,
    Summary,
    Note,
    AuthorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    ForumId,
    FindingId,
    ImprovementId,
    ParentId,
    AuthorId,
    Body,
    Hidden,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Decisions {
    Table,
    Id,
    ImprovementId,
    Rule,
    Quorum,
    ClosesAt,
    State,
    OpenedBy,
    OpenedAt,
    ClosedAt,
    Outcome,
    Agree,
    Disagree,
    Abstain,
    Block,
    EligibleCount,
}

#[derive(DeriveIden)]
enum DecisionVotes {
    Table,
    DecisionId,
    VoterId,
    Position,
    Reason,
    CastAt,
}

#[derive(DeriveIden)]
enum ProgressUpdates {
    Table,
    Id,
    ImprovementId,
    Note,
    PercentComplete,
    Status,
    AuthorId,
    CreatedAt,
}

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, columns: Vec<Alias>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.if_not_exists().name(name).table(table);
    for column in columns {
        index.col(column);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Improvements::Table)
                    .if_not_exists()
                    .col(pk_uuid(Improvements::Id))
                    .col(uuid(Improvements::ForumId))
                    .col(string(Improvements::Title))
                    .col(text(Improvements::Summary))
                    .col(string(Improvements::Status))
                    .col(integer(Improvements::Revision))
                    .col(uuid(Improvements::ProposedBy))
                    .col(timestamp_with_time_zone(Improvements::CreatedAt))
                    .col(timestamp_with_time_zone_null(Improvements::AgreedAt))
                    .foreign_key(&mut fk(
                        (Improvements::Table, Improvements::ForumId),
                        (Forums::Table, Forums::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Improvements::Table, Improvements::ProposedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_improvements_forum",
                Improvements::Table,
                vec![Alias::new("forum_id")],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ImprovementFindings::Table)
                    .if_not_exists()
                    .col(uuid(ImprovementFindings::ImprovementId))
                    .col(uuid(ImprovementFindings::FindingId))
                    .primary_key(
                        Index::create()
                            .col(ImprovementFindings::ImprovementId)
                            .col(ImprovementFindings::FindingId),
                    )
                    .foreign_key(&mut fk(
                        (ImprovementFindings::Table, ImprovementFindings::ImprovementId),
                        (Improvements::Table, Improvements::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ImprovementFindings::Table, ImprovementFindings::FindingId),
                        (Findings::Table, Findings::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_improvement_findings_finding",
                ImprovementFindings::Table,
                vec![Alias::new("finding_id")],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CoAuthors::Table)
                    .if_not_exists()
                    .col(uuid(CoAuthors::ImprovementId))
                    .col(uuid(CoAuthors::UserId))
                    .col(timestamp_with_time_zone(CoAuthors::AddedAt))
                    .primary_key(
                        Index::create()
                            .col(CoAuthors::ImprovementId)
                            .col(CoAuthors::UserId),
                    )
                    .foreign_key(&mut fk(
                        (CoAuthors::Table, CoAuthors::ImprovementId),
                        (Improvements::Table, Improvements::Id),
                    ))
                    .foreign_key(&mut fk(
                        (CoAuthors::Table, CoAuthors::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Revisions::Table)
                    .if_not_exists()
                    .col(uuid(Revisions::ImprovementId))
                    .col(integer(Revisions::Number))
                    .col(string(Revisions::Title))
                    .col(text(Revisions::Summary))
                    .col(text(Revisions::Note))
                    .col(uuid(Revisions::AuthorId))
                    .col(timestamp_with_time_zone(Revisions::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Revisions::ImprovementId)
                            .col(Revisions::Number),
                    )
                    .foreign_key(&mut fk(
                        (Revisions::Table, Revisions::ImprovementId),
                        (Improvements::Table, Improvements::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Revisions::Table, Revisions::AuthorId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .if_not_exists()
                    .col(pk_uuid(Comments::Id))
                    .col(uuid(Comments::ForumId))
                    .col(uuid_null(Comments::FindingId))
                    .col(uuid_null(Comments::ImprovementId))
                    .col(uuid_null(Comments::ParentId))
                    .col(uuid(Comments::AuthorId))
                    .col(text(Comments::Body))
                    .col(boolean(Comments::Hidden))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .foreign_key(&mut fk(
                        (Comments::Table, Comments::ForumId),
                        (Forums::Table, Forums::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Comments::Table, Comments::FindingId),
                        (Findings::Table, Findings::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Comments::Table, Comments::ImprovementId),
                        (Improvements::Table, Improvements::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Comments::Table, Comments::AuthorId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_comments_finding",
                Comments::Table,
                vec![Alias::new("finding_id")],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_comments_improvement",
                Comments::Table,
                vec![Alias::new("improvement_id")],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Decisions::Table)
                    .if_not_exists()
                    .col(pk_uuid(Decisions::Id))
                    .col(uuid(Decisions::ImprovementId))
                    .col(string(Decisions::Rule))
                    .col(double(Decisions::Quorum))
                    .col(timestamp_with_time_zone_null(Decisions::ClosesAt))
                    .col(string(Decisions::State))
                    .col(uuid(Decisions::OpenedBy))
                    .col(timestamp_with_time_zone(Decisions::OpenedAt))
                    .col(timestamp_with_time_zone_null(Decisions::ClosedAt))
                    .col(string_null(Decisions::Outcome))
                    .col(integer_null(Decisions::Agree))
                    .col(integer_null(Decisions::Disagree))
                    .col(integer_null(Decisions::Abstain))
                    .col(integer_null(Decisions::Block))
                    .col(integer_null(Decisions::EligibleCount))
                    .foreign_key(&mut fk(
                        (Decisions::Table, Decisions::ImprovementId),
                        (Improvements::Table, Improvements::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Decisions::Table, Decisions::OpenedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_decisions_improvement",
                Decisions::Table,
                vec![Alias::new("improvement_id")],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_decisions_state_closes",
                Decisions::Table,
                vec![Alias::new("state"), Alias::new("closes_at")],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DecisionVotes::Table)
                    .if_not_exists()
                    .col(uuid(DecisionVotes::DecisionId))
                    .col(uuid(DecisionVotes::VoterId))
                    .col(string(DecisionVotes::Position))
                    .col(text_null(DecisionVotes::Reason))
                    .col(timestamp_with_time_zone(DecisionVotes::CastAt))
                    .primary_key(
                        Index::create()
                            .col(DecisionVotes::DecisionId)
                            .col(DecisionVotes::VoterId),
                    )
                    .foreign_key(&mut fk(
                        (DecisionVotes::Table, DecisionVotes::DecisionId),
                        (Decisions::Table, Decisions::Id),
                    ))
                    .foreign_key(&mut fk(
                        (DecisionVotes::Table, DecisionVotes::VoterId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProgressUpdates::Table)
                    .if_not_exists()
                    .col(pk_uuid(ProgressUpdates::Id))
                    .col(uuid(ProgressUpdates::ImprovementId))
                    .col(text(ProgressUpdates::Note))
                    .col(integer(ProgressUpdates::PercentComplete))
                    .col(string(ProgressUpdates::Status))
                    .col(uuid(ProgressUpdates::AuthorId))
                    .col(timestamp_with_time_zone(ProgressUpdates::CreatedAt))
                    .foreign_key(&mut fk(
                        (ProgressUpdates::Table, ProgressUpdates::ImprovementId),
                        (Improvements::Table, Improvements::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ProgressUpdates::Table, ProgressUpdates::AuthorId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_progress_improvement",
                ProgressUpdates::Table,
                vec![Alias::new("improvement_id")],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ProgressUpdates::Table.into_iden(),
            DecisionVotes::Table.into_iden(),
            Decisions::Table.into_iden(),
            Comments::Table.into_iden(),
            Revisions::Table.into_iden(),
            CoAuthors::Table.into_iden(),
            ImprovementFindings::Table.into_iden(),
            Improvements::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
