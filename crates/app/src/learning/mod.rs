//! Learning plans (contract, "Learning plans"): actions on agreed
//! improvements, the plans members and officers read, reminders to owners,
//! and the answers to safeguarding review findings with their report.

/// `addAction` and `updateAction`.
pub mod actions;
/// `ACTION_DUE`: owners told one working day before.
pub mod due;
/// `learningPlan`.
pub mod plans;
/// `respondToFinding` and `safeguardingReport`.
pub mod safeguarding;
