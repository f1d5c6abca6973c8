use sea_orm::{DbErr, SqlErr};

/// What can go wrong in storage that a caller may want to tell apart.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the row: the thing already exists.
    #[error("already exists")]
    Duplicate,
    /// A stored value the code cannot read: a bug, never the user's fault.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl StoreError {
    /// Turns a unique-constraint violation into [`StoreError::Duplicate`] and
    /// keeps every other error as it is.
    pub fn from_insert(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Self::Duplicate,
            _ => Self::Db(err),
        }
    }

    pub fn corrupt(what: impl std::fmt::Display) -> Self {
        Self::Corrupt(what.to_string())
    }
}
