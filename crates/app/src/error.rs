use coforum_domain::permissions::Refusal;
use coforum_domain::validation::InvalidInput;
use coforum_persistence::StoreError;

/// The contract's error codes: what `extensions.code` says on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    RateLimited,
    Internal,
}

impl ErrorCode {
    /// As the contract spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::Conflict => "CONFLICT",
            Self::RateLimited => "RATE_LIMITED",
            Self::Internal => "INTERNAL",
        }
    }

    /// The code the contract spells `code`, if it is one.
    pub fn parse(code: &str) -> Option<Self> {
        [
            Self::Unauthenticated,
            Self::Forbidden,
            Self::NotFound,
            Self::BadUserInput,
            Self::Conflict,
            Self::RateLimited,
            Self::Internal,
        ]
        .into_iter()
        .find(|known| known.as_str() == code)
    }
}

/// Every way a use case can be refused, as the contract's error table.
/// Use cases return it with `?`; the GraphQL schema's `ErrorCodes`
/// extension turns it into `extensions.code` on the wire.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error("your role does not allow this")]
    Forbidden,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    BadUserInput(#[from] InvalidInput),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    RateLimited(&'static str),
    /// Anything else. The detail is logged, never shown.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    pub const SIGN_IN_FIRST: Self = Self::Unauthenticated("sign in first");
    pub const WRONG_CREDENTIALS: Self = Self::Unauthenticated("wrong email or password");
    pub const EMAIL_LOCKED: Self = Self::RateLimited(
        "too many failed sign-ins for this email: wait 15 minutes, or sign in from a device that \
         has signed in to this account before",
    );
    pub const ADDRESS_LIMITED: Self =
        Self::RateLimited("too many failed sign-ins from your network: wait a minute and try again");

    /// The contract's code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthenticated(_) => ErrorCode::Unauthenticated,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::BadUserInput(_) => ErrorCode::BadUserInput,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::RateLimited(_) => ErrorCode::RateLimited,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict(message.into())
    }

    pub fn invalid(field: &'static str, rule: impl Into<String>) -> Self {
        Self::BadUserInput(InvalidInput::new(field, rule))
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        Self::Internal(err.into())
    }

    /// Maps a permission refusal; `what` names the object for NOT_FOUND.
    pub fn refused(refusal: Refusal, what: &'static str) -> Self {
        match refusal {
            Refusal::Unauthenticated => Self::SIGN_IN_FIRST,
            Refusal::Forbidden => Self::Forbidden,
            Refusal::NotFound => Self::NotFound(what),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        Self::Internal(err.into())
    }
}

impl From<coforum_persistence::DbErr> for AppError {
    fn from(err: coforum_persistence::DbErr) -> Self {
        Self::Internal(err.into())
    }
}

/// Turns a unique-constraint violation into a clean CONFLICT with `message`.
pub trait DuplicateIsConflict<T> {
    fn duplicate_is_conflict(self, message: &str) -> Result<T, AppError>;
}

impl<T> DuplicateIsConflict<T> for Result<T, StoreError> {
    fn duplicate_is_conflict(self, message: &str) -> Result<T, AppError> {
        self.map_err(|err| match err {
            StoreError::Duplicate => AppError::conflict(message),
            other => other.into(),
        })
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn every_code_reads_back_as_itself() {
        for code in [
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "NOT_FOUND",
            "BAD_USER_INPUT",
            "CONFLICT",
            "RATE_LIMITED",
            "INTERNAL",
        ] {
            assert_eq!(ErrorCode::parse(code).map(ErrorCode::as_str), Some(code));
        }
        assert_eq!(ErrorCode::parse("TEAPOT"), None);
    }
}
