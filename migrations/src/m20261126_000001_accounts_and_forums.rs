use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    EmailKey,
    DisplayName,
    PasswordHash,
    PlatformRole,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    SessionId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    Id,
    EmailKey,
    FailedAt,
}

#[derive(DeriveIden)]
enum Forums {
    Table,
    Id,
    Slug,
    Name,
    Description,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    ForumId,
    UserId,
    Role,
    JoinedAt,
}

#[derive(DeriveIden)]
enum Invites {
    Table,
    Id,
    ForumId,
    CodeHash,
    Role,
    MaxUses,
    Uses,
    ExpiresAt,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    CreatedAt,
    RevokedAt,
}

fn foreign_key(
    from_table: impl IntoIden,
    from_column: impl IntoIden,
    to_table: impl IntoIden,
    to_column: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_column)
        .to(to_table, to_column)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .if_not_exists()
                    .col(pk_uuid(Users::Id))
                    .col(string(Users::Email))
                    .col(string_uniq(Users::EmailKey))
                    .col(string(Users::DisplayName))
                    .col(string(Users::PasswordHash))
                    .col(string(Users::PlatformRole))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .if_not_exists()
                    .col(pk_uuid(Sessions::Id))
                    .col(uuid(Sessions::UserId))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone_null(Sessions::RevokedAt))
                    .foreign_key(&mut foreign_key(
                        Sessions::Table,
                        Sessions::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .if_not_exists()
                    .col(pk_uuid(RefreshTokens::Id))
                    .col(uuid(RefreshTokens::SessionId))
                    .col(string_uniq(RefreshTokens::TokenHash))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                    .foreign_key(&mut foreign_key(
                        RefreshTokens::Table,
                        RefreshTokens::SessionId,
                        Sessions::Table,
                        Sessions::Id,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginFailures::Table)
                    .if_not_exists()
                    .col(pk_uuid(LoginFailures::Id))
                    .col(string(LoginFailures::EmailKey))
                    .col(timestamp_with_time_zone(LoginFailures::FailedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_login_failures_email_key_failed_at")
                    .table(LoginFailures::Table)
                    .col(LoginFailures::EmailKey)
                    .col(LoginFailures::FailedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Forums::Table)
                    .if_not_exists()
                    .col(pk_uuid(Forums::Id))
                    .col(string_uniq(Forums::Slug))
                    .col(string(Forums::Name))
                    .col(text(Forums::Description))
                    .col(timestamp_with_time_zone(Forums::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Memberships::Table)
                    .if_not_exists()
                    .col(uuid(Memberships::ForumId))
                    .col(uuid(Memberships::UserId))
                    .col(string(Memberships::Role))
                    .col(timestamp_with_time_zone(Memberships::JoinedAt))
                    .primary_key(Index::create().col(Memberships::ForumId).col(Memberships::UserId))
                    .foreign_key(&mut foreign_key(
                        Memberships::Table,
                        Memberships::ForumId,
                        Forums::Table,
                        Forums::Id,
                    ))
                    .foreign_key(&mut foreign_key(
                        Memberships::Table,
                        Memberships::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("idx_memberships_user_id")
                    .table(Memberships::Table)
                    .col(Memberships::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Invites::Table)
                    .if_not_exists()
                    .col(pk_uuid(Invites::Id))
                    .col(uuid(Invites::ForumId))
                    .col(string_uniq(Invites::CodeHash))
                    .col(string(Invites::Role))
                    .col(integer_null(Invites::MaxUses))
                    .col(integer(Invites::Uses).default(0))
                    .col(timestamp_with_time_zone(Invites::ExpiresAt))
                    .col(uuid(Invites::CreatedBy))
                    .col(timestamp_with_time_zone(Invites::CreatedAt))
                    .foreign_key(&mut foreign_key(
                        Invites::Table,
                        Invites::ForumId,
                        Forums::Table,
                        Forums::Id,
                    ))
                    .foreign_key(&mut foreign_key(
                        Invites::Table,
                        Invites::CreatedBy,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .if_not_exists()
                    .col(pk_uuid(ApiTokens::Id))
                    .col(uuid(ApiTokens::UserId))
                    .col(string(ApiTokens::Name))
                    .col(string_uniq(ApiTokens::TokenHash))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .foreign_key(&mut foreign_key(
                        ApiTokens::Table,
                        ApiTokens::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ApiTokens::Table.into_iden(),
            Invites::Table.into_iden(),
            Memberships::Table.into_iden(),
            Forums::Table.into_iden(),
            LoginFailures::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
