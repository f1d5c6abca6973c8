//! The feedback log's use cases (contract, "Version 2", "The feedback
//! log"): staff log what they hear and anyone may tell the council
//! something; the complaints team works each item to the statutory clocks;
//! the report counts it all; and what is learned is raised as findings
//! for a forum to prioritise.

/// Who may do what, and what of an item they see.
pub mod access;
/// The bank holidays of England and Wales, shipped and overridden.
pub mod calendar;
/// Reminders one working day before a due date.
pub mod due;
/// Logging and submitting an item.
pub mod intake;
/// The Ombudsman: referrals, outcomes, remedies.
pub mod ombudsman;
/// Raising a finding from feedback.
pub mod raise;
/// One item, the log, its history, the report.
pub mod reads;
/// Acknowledge, assign, extend, respond, escalate.
pub mod work;
