use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The feedback log: one row per complaint, request, compliment or
/// suggestion, with its current stage's clocks (due dates are stored as
/// told, so a later calendar does not move them) and its personal details.
#[derive(DeriveIden)]
enum FeedbackItems {
    Table,
    Id,
    Reference,
    Kind,
    Route,
    Channel,
    Stage,
    Status,
    ReceivedAt,
    EscalatedAt,
    Summary,
    Details,
    PersonName,
    Contact,
    Adjustments,
    Service,
    ForumId,
    LoggedBy,
    HandlerId,
    AcknowledgeBy,
    AcknowledgedAt,
    RespondBy,
    ExtendedTo,
    RespondedAt,
    RespondedBy,
    StageOneResponder,
    Outcome,
    Response,
    Learning,
    OmbudsmanReferredAt,
    OmbudsmanOutcome,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FeedbackThemes {
    Table,
    FeedbackId,
    Theme,
}

/// Every change, with who made it: the item's history.
#[derive(DeriveIden)]
enum FeedbackHistory {
    Table,
    Id,
    FeedbackId,
    At,
    Action,
    ActorId,
    Note,
}

/// What the Ombudsman asked the council to do, each tracked to done.
#[derive(DeriveIden)]
enum FeedbackRemedies {
    Table,
    Id,
    FeedbackId,
    Position,
    Text,
    DoneAt,
}

/// Findings raised from feedback.
#[derive(DeriveIden)]
enum FeedbackFindings {
    Table,
    FeedbackId,
    FindingId,
}

/// Submissions through "Tell us", per client address (a keyed form, not
/// the address), kept only long enough to limit them.
#[derive(DeriveIden)]
enum FeedbackSubmissions {
    Table,
    Id,
    ClientKey,
    SubmittedAt,
}

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

fn to_users(column: FeedbackItems) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(FeedbackItems::Table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

fn cascade_from_item<T: IntoIden + 'static>(table: T, column: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(FeedbackItems::Table, FeedbackItems::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FeedbackItems::Table)
                    .if_not_exists()
                    .col(pk_uuid(FeedbackItems::Id))
                    .col(string_uniq(FeedbackItems::Reference))
                    .col(string(FeedbackItems::Kind))
                    .col(string_null(FeedbackItems::Route))
                    .col(string(FeedbackItems::Channel))
                    .col(small_integer(FeedbackItems::Stage))
                    .col(string(FeedbackItems::Status))
                    .col(timestamp_with_time_zone(FeedbackItems::ReceivedAt))
                    .col(timestamp_with_time_zone_null(FeedbackItems::EscalatedAt))
                    .col(string(FeedbackItems::Summary))
                    .col(text_null(FeedbackItems::Details))
                    .col(string_null(FeedbackItems::PersonName))
                    .col(string_null(FeedbackItems::Contact))
                    .col(text_null(FeedbackItems::Adjustments))
                    .col(string_null(FeedbackItems::Service))
                    .col(uuid_null(FeedbackItems::ForumId))
                    .col(uuid_null(FeedbackItems::LoggedBy))
                    .col(uuid_null(FeedbackItems::HandlerId))
                    .col(date_null(FeedbackItems::AcknowledgeBy))
                    .col(timestamp_with_time_zone_null(FeedbackItems::AcknowledgedAt))
                    .col(date_null(FeedbackItems::RespondBy))
                    .col(date_null(FeedbackItems::ExtendedTo))
                    .col(timestamp_with_time_zone_null(FeedbackItems::RespondedAt))
                    .col(uuid_null(FeedbackItems::RespondedBy))
                    .col(uuid_null(FeedbackItems::StageOneResponder))
                    .col(string_null(FeedbackItems::Outcome))
                    .col(text_null(FeedbackItems::Response))
                    .col(text_null(FeedbackItems::Learning))
                    .col(timestamp_with_time_zone_null(FeedbackItems::OmbudsmanReferredAt))
                    .col(string_null(FeedbackItems::OmbudsmanOutcome))
                    .col(timestamp_with_time_zone(FeedbackItems::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FeedbackItems::Table, FeedbackItems::ForumId)
                            .to(Forums::Table, Forums::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(&mut to_users(FeedbackItems::LoggedBy))
                    .foreign_key(&mut to_users(FeedbackItems::HandlerId))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_feedback_items_received_at", FeedbackItems::ReceivedAt),
            ("idx_feedback_items_handler_id", FeedbackItems::HandlerId),
            ("idx_feedback_items_logged_by", FeedbackItems::LoggedBy),
        ] {
            manager
                .create_index(
                    Index::create()
                        .if_not_exists()
                        .name(name)
                        .table(FeedbackItems::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(FeedbackThemes::Table)
                    .if_not_exists()
                    .col(uuid(FeedbackThemes::FeedbackId))
                    .col(string(FeedbackThemes::Theme))
                    .primary_key(
                        Index::create()
                            .col(FeedbackThemes::FeedbackId)
                            .col(FeedbackThemes::Theme),
                    )
                    .foreign_key(&mut cascade_from_item(
                        FeedbackThemes::Table,
                        FeedbackThemes::FeedbackId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackHistory::Table)
                    .if_not_exists()
                    .col(pk_uuid(FeedbackHistory::Id))
                    .col(uuid(FeedbackHistory::FeedbackId))
                    .col(timestamp_with_time_zone(FeedbackHistory::At))
                    .col(string(FeedbackHistory::Action))
                    .col(uuid_null(FeedbackHistory::ActorId))
                    .col(text_null(FeedbackHistory::Note))
                    .foreign_key(&mut cascade_from_item(
                        FeedbackHistory::Table,
                        FeedbackHistory::FeedbackId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_feedback_history_feedback_id")
                    .table(FeedbackHistory::Table)
                    .col(FeedbackHistory::FeedbackId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackRemedies::Table)
                    .if_not_exists()
                    .col(pk_uuid(FeedbackRemedies::Id))
                    .col(uuid(FeedbackRemedies::FeedbackId))
                    .col(integer(FeedbackRemedies::Position))
                    .col(text(FeedbackRemedies::Text))
                    .col(timestamp_with_time_zone_null(FeedbackRemedies::DoneAt))
                    .foreign_key(&mut cascade_from_item(
                        FeedbackRemedies::Table,
                        FeedbackRemedies::FeedbackId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackFindings::Table)
                    .if_not_exists()
                    .col(uuid(FeedbackFindings::FeedbackId))
                    .col(uuid(FeedbackFindings::FindingId))
                    .primary_key(
                        Index::create()
                            .col(FeedbackFindings::FeedbackId)
                            .col(FeedbackFindings::FindingId),
                    )
                    .foreign_key(&mut cascade_from_item(
                        FeedbackFindings::Table,
                        FeedbackFindings::FeedbackId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FeedbackFindings::Table, FeedbackFindings::FindingId)
                            .to(Findings::Table, Findings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackSubmissions::Table)
                    .if_not_exists()
                    .col(pk_uuid(FeedbackSubmissions::Id))
                    .col(string(FeedbackSubmissions::ClientKey))
                    .col(timestamp_with_time_zone(FeedbackSubmissions::SubmittedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_feedback_submissions_client_key")
                    .table(FeedbackSubmissions::Table)
                    .col(FeedbackSubmissions::ClientKey)
                    .col(FeedbackSubmissions::SubmittedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FeedbackSubmissions::Table.into_iden(),
            FeedbackFindings::Table.into_iden(),
            FeedbackRemedies::Table.into_iden(),
            FeedbackHistory::Table.into_iden(),
            FeedbackThemes::Table.into_iden(),
            FeedbackItems::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
