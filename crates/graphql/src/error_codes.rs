use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextRequest};
use async_graphql::{Response, ServerError, Value};

use coforum_domain::validation::InvalidInput;

use coforum_app::error::AppError;

/// Gives every error the contract's `extensions.code`: a resolver's
/// `AppError` maps to its code; an error the GraphQL library raised about
/// the request (parse, validation, a limit, a bad variable) is
/// BAD_USER_INPUT; any other failure is INTERNAL, logged in full and shown
/// with no detail.
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodes)
    }
}

#[async_trait::async_trait]
impl Extension for ErrorCodes {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            label(error);
        }
        response
    }
}

fn label(error: &mut ServerError) {
    let mut field = None;
    let code = match error.source::<AppError>() {
        Some(api_error) => {
            if let AppError::Internal(detail) = api_error {
                tracing::error!(path = ?error.path, error = ?detail, "internal error");
            }
            if let AppError::BadUserInput(invalid) = api_error {
                field = Some(invalid.field);
            }
            api_error.code().as_str()
        }
        None if error.extensions.as_ref().is_some_and(|e| e.get("code").is_some()) => return,
        // A domain validation failure passed up as it is.
        None if error.source::<InvalidInput>().is_some() => {
            field = error.source::<InvalidInput>().map(|invalid| invalid.field);
            "BAD_USER_INPUT"
        }
        // Raised by the GraphQL library itself, with no cause of ours: the
        // request is at fault (a parse or validation failure, a limit, a
        // variable missing or of the wrong type).
        None if error.source.is_none() => "BAD_USER_INPUT",
        // A failure of ours that is not an AppError (a batched load): internal.
        None => {
            tracing::error!(path = ?error.path, message = %error.message, "internal error");
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
