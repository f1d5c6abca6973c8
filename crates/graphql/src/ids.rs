use std::str::FromStr;

use async_graphql::ID;

use coforum_app::error::AppError;

/// Parses a GraphQL `ID` argument into a typed id; a malformed one is
/// BAD_USER_INPUT naming the argument.
pub fn parse_id<T: FromStr>(field: &'static str, id: &ID) -> Result<T, AppError> {
    id.parse::<T>()
        .map_err(|_| AppError::invalid(field, "is not a valid id"))
}
