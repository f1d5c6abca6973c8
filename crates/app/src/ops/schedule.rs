use crate::state::AppState;

/// Closes rounds and decisions at their closing time with no request
/// needed, every `round_close_interval`, until dropped. Every server runs
/// one; the close itself is conditional, so each round closes once.
pub async fn close_when_due(state: AppState) {
    let mut ticks = tokio::time::interval(state.config.round_close_interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if let Err(err) = super::rounds::close_due_rounds(&state).await {
            tracing::warn!(error = %err, detail = ?err, "closing due rounds failed; will retry");
        }
        if let Err(err) = super::improvements::close_due_decisions(&state).await {
            tracing::warn!(error = %err, detail = ?err, "closing due decisions failed; will retry");
        }
    }
}
