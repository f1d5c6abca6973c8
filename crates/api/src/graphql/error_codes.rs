use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute};
use async_graphql::{Response, ServerError, Value};

use crate::error::ApiError;

/// Gives every error raised by a resolver the contract's `extensions.code`.
/// Internal errors are logged in full and reach the client as "internal
/// error" with no detail.
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodes)
    }
}

#[async_trait::async_trait]
impl Extension for ErrorCodes {
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        for error in &mut response.errors {
            label(error, operation_name);
        }
        response
    }
}

fn label(error: &mut ServerError, operation_name: Option<&str>) {
    let mut field = None;
    let code = match error.source::<ApiError>() {
        Some(api_error) => {
            if let ApiError::Internal(detail) = api_error {
                tracing::error!(operation = operation_name, path = ?error.path, error = ?detail, "internal error");
            }
            if let ApiError::BadUserInput(invalid) = api_error {
                field = Some(invalid.field);
            }
            api_error.code()
        }
        None if error.extensions.as_ref().is_some_and(|e| e.get("code").is_some()) => return,
        // An argument the library could not coerce: the caller's input.
        None if error.message.starts_with("Failed to parse")
            || error.message.starts_with("Invalid value") =>
        {
            "BAD_USER_INPUT"
        }
        // Anything else that is not ours is internal: logged, not shown.
        None => {
            tracing::error!(operation = operation_name, path = ?error.path, message = %error.message, "unlabelled error");
            error.message = "internal error".to_owned();
            "INTERNAL"
        }
    };
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", Value::from(code));
    if let Some(field) = field {
        extensions.set("field", Value::from(field));
    }
}
