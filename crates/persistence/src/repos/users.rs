use chrono::{DateTime, Utc};
use coforum_domain::account::{DisplayName, Email, FORMER_MEMBER, PlatformRole, User};
use coforum_domain::ids::UserId;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

use crate::entities::user;
use crate::{StoreError, now};

impl TryFrom<user::Model> for User {
    type Error = StoreError;
    fn try_from(row: user::Model) -> Result<Self, StoreError> {
        Ok(User {
            id: UserId(row.id),
            email: row.email,
            display_name: row.display_name,
            platform_role: row.platform_role.parse().map_err(StoreError::corrupt)?,
            created_at: row.created_at,
        })
    }
}

/// A user with the hash their password is checked against.
#[derive(Debug)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

/// Creates an account; an email already taken (in any case) is `Duplicate`.
pub async fn insert(
    conn: &impl ConnectionTrait,
    email: &Email,
    display_name: &DisplayName,
    password_hash: String,
    role: PlatformRole,
) -> Result<User, StoreError> {
    let row = user::ActiveModel {
        id: Set(UserId::new().0),
        email: Set(email.as_str().to_owned()),
        email_key: Set(email.key()),
        display_name: Set(display_name.as_str().to_owned()),
        password_hash: Set(password_hash),
        platform_role: Set(role.as_str().to_owned()),
        created_at: Set(now()),
    };
    let inserted = user::Entity::insert(row)
        .exec_with_returning(conn)
        .await
        .map_err(StoreError::from_insert)?;
    inserted.try_into()
}

/// A user's public columns: id, email, display name, platform role, created.
/// Reads leave out the password hash and email key, which no `User` holds.
pub(crate) type UserRow = (uuid::Uuid, String, String, String, DateTime<Utc>);

pub(crate) const USER_COLUMNS: [user::Column; 5] = [
    user::Column::Id,
    user::Column::Email,
    user::Column::DisplayName,
    user::Column::PlatformRole,
    user::Column::CreatedAt,
];

pub(crate) fn user_from_row(row: UserRow) -> Result<User, StoreError> {
    let (id, email, display_name, platform_role, created_at) = row;
    Ok(User {
        id: UserId(id),
        email,
        display_name,
        platform_role: platform_role.parse().map_err(StoreError::corrupt)?,
        created_at,
    })
}

pub async fn find(conn: &impl ConnectionTrait, id: UserId) -> Result<Option<User>, StoreError> {
    Ok(find_many(conn, &[id]).await?.pop())
}

pub async fn find_many(conn: &impl ConnectionTrait, ids: &[UserId]) -> Result<Vec<User>, StoreError> {
    user::Entity::find()
        .select_only()
        .columns(USER_COLUMNS)
        .filter(user::Column::Id.is_in(ids.iter().map(|id| id.0)))
        .into_tuple::<UserRow>()
        .all(conn)
        .await?
        .into_iter()
        .map(user_from_row)
        .collect()
}

pub async fn find_credentials(
    conn: &impl ConnectionTrait,
    email_key: &str,
) -> Result<Option<Credentials>, StoreError> {
    let Some(row) = user::Entity::find()
        .filter(user::Column::EmailKey.eq(email_key))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let password_hash = row.password_hash.clone();
    Ok(Some(Credentials {
        user: row.try_into()?,
        password_hash,
    }))
}

pub async fn set_platform_role(
    conn: &impl ConnectionTrait,
    id: UserId,
    role: PlatformRole,
) -> Result<Option<User>, StoreError> {
    user::Entity::update_many()
        .col_expr(user::Column::PlatformRole, Expr::value(role.as_str()))
        .filter(user::Column::Id.eq(id.0))
        .exec(conn)
        .await?;
    find(conn, id).await
}

pub async fn set_password_hash(
    conn: &impl ConnectionTrait,
    id: UserId,
    password_hash: String,
) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .filter(user::Column::Id.eq(id.0))
        .exec(conn)
        .await?;
    Ok(())
}

/// Gives the account a new email; one another account has (in any case)
/// is `Duplicate`.
pub async fn set_email(conn: &impl ConnectionTrait, id: UserId, email: &Email) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(user::Column::Email, Expr::value(email.as_str()))
        .col_expr(user::Column::EmailKey, Expr::value(email.key()))
        .filter(user::Column::Id.eq(id.0))
        .exec(conn)
        .await
        .map_err(StoreError::from_insert)?;
    Ok(())
}

/// The accounts with `role` (erased ones too: callers leave them out): e.g. the complaints team, told of
/// feedback nobody handles yet.
pub async fn with_role(conn: &impl ConnectionTrait, role: PlatformRole) -> Result<Vec<UserId>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::PlatformRole.eq(role.as_str()))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| UserId(row.id))
        .collect())
}

pub async fn count_with_role(conn: &impl ConnectionTrait, role: PlatformRole) -> Result<u64, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::PlatformRole.eq(role.as_str()))
        .count(conn)
        .await?)
}

/// How many accounts there are.
pub async fn count(conn: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(user::Entity::find().count(conn).await?)
}

/// How many of the addresses with these (normalised) keys have an account.
pub async fn count_with_email_keys(
    conn: &impl ConnectionTrait,
    email_keys: &[String],
) -> Result<u64, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::EmailKey.is_in(email_keys.iter().cloned()))
        .count(conn)
        .await?)
}

/// Erases a deleted account: its email is stored empty and its unique key
/// becomes `erased_key` (unguessable, and never an address, so the address
/// can make a new account), its name becomes "Former member", its password
/// hash one that no password matches, and its platform role NONE. The row
/// stays, so what the account did keeps counting and shows that name.
pub async fn erase(conn: &impl ConnectionTrait, id: UserId, erased_key: &str) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(user::Column::Email, Expr::value(""))
        .col_expr(user::Column::EmailKey, Expr::value(erased_key))
        .col_expr(user::Column::DisplayName, Expr::value(FORMER_MEMBER))
        .col_expr(user::Column::PasswordHash, Expr::value(ERASED_PASSWORD_HASH))
        .col_expr(
            user::Column::PlatformRole,
            Expr::value(PlatformRole::None.as_str()),
        )
        .filter(user::Column::Id.eq(id.0))
        .exec(conn)
        .await?;
    Ok(())
}

/// Not a PHC string: argon2 refuses to check any password against it.
pub const ERASED_PASSWORD_HASH: &str = "!erased";
