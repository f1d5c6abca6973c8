use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One row per person told of something: what "What's new" lists, and,
/// while `mailed_at` is null and `delivery` is not `OFF`, an email still to
/// write (at once, or in the next daily digest). Written in the transaction
/// of the change it tells of.
#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    ForumId,
    Kind,
    Title,
    Path,
    CreatedAt,
    ReadAt,
    Delivery,
    MailedAt,
}

/// Each person's choices; a kind with no row has the contract's default.
#[derive(DeriveIden)]
enum NotificationSettings {
    Table,
    UserId,
    Kind,
    Delivery,
}

/// Notices that go once whatever the number of servers, e.g.
/// `round-closing:<round id>`: the first to insert the key sends it.
#[derive(DeriveIden)]
enum NoticeMarks {
    Table,
    Key,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

const BY_USER: &str = "idx_notifications_user_id_created_at";
const TO_MAIL: &str = "idx_notifications_mailed_at_delivery";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .if_not_exists()
                    .col(pk_uuid(Notifications::Id))
                    .col(uuid(Notifications::UserId))
                    .col(uuid_null(Notifications::ForumId))
                    .col(string(Notifications::Kind))
                    .col(string(Notifications::Title))
                    .col(string(Notifications::Path))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .col(string(Notifications::Delivery))
                    .col(timestamp_with_time_zone_null(Notifications::MailedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notifications::Table, Notifications::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name(BY_USER)
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name(TO_MAIL)
                    .table(Notifications::Table)
                    .col(Notifications::MailedAt)
                    .col(Notifications::Delivery)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationSettings::Table)
                    .if_not_exists()
                    .col(uuid(NotificationSettings::UserId))
                    .col(string(NotificationSettings::Kind))
                    .col(string(NotificationSettings::Delivery))
                    .primary_key(
                        Index::create()
                            .col(NotificationSettings::UserId)
                            .col(NotificationSettings::Kind),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(NotificationSettings::Table, NotificationSettings::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NoticeMarks::Table)
                    .if_not_exists()
                    .col(string(NoticeMarks::Key).primary_key())
                    .col(timestamp_with_time_zone(NoticeMarks::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            NoticeMarks::Table.into_iden(),
            NotificationSettings::Table.into_iden(),
            Notifications::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
