use coforum_domain::permissions::Refusal;
use coforum_domain::validation::InvalidInput;
use coforum_persistence::StoreError;

/// Every way an operation can be refused, as the contract's error table.
/// Resolvers return it with `?`; the `ErrorCodes` extension turns it into
/// `extensions.code` on the wire.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
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

impl ApiError {
    pub const SIGN_IN_FIRST: Self = Self::Unauthenticated("sign in first");
    pub const WRONG_CREDENTIALS: Self = Self::Unauthenticated("wrong email or password");
    pub const EMAIL_LOCKED: Self = Self::RateLimited(
        "too many failed sign-ins for this email: wait 15 minutes, or sign in from a device that \
         has signed in to this account before",
    );
    pub const ADDRESS_LIMITED: Self =
        Self::RateLimited("too many failed sign-ins from your network: wait a minute and try again");

    /// The contract's code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound(_) => "NOT_FOUND",
            Self::BadUserInput(_) => "BAD_USER_INPUT",
            Self::Conflict(_) => "CONFLICT",
            Self::RateLimited(_) => "RATE_LIMITED",
            Self::Internal(_) => "INTERNAL",
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

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        Self::Internal(err.into())
    }
}

impl From<coforum_persistence::DbErr> for ApiError {
    fn from(err: coforum_persistence::DbErr) -> Self {
        Self::Internal(err.into())
    }
}

/// Turns a unique-constraint violation into a clean CONFLICT with `message`.
pub trait DuplicateIsConflict<T> {
    fn duplicate_is_conflict(self, message: &str) -> Result<T, ApiError>;
}

impl<T> DuplicateIsConflict<T> for Result<T, StoreError> {
    fn duplicate_is_conflict(self, message: &str) -> Result<T, ApiError> {
        self.map_err(|err| match err {
            StoreError::Duplicate => ApiError::conflict(message),
            other => other.into(),
        })
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
