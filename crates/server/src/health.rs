use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::HttpState;

pub async fn health(State(state): State<HttpState>) -> (StatusCode, Json<Value>) {
    if state.app.db.is_healthy().await {
        (StatusCode::OK, Json(json!({ "status": "ok" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "reason": "the database does not answer" })),
        )
    }
}
