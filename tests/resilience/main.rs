//! Resilience: what happens to acknowledged ballots when the server is
//! killed mid-storm, to mail written but not yet sent when it is killed,
//! and to requests while PostgreSQL is down. These tests
//! start the real `coforum` binary and kill or starve it, so they run one
//! at a time, apart from the main suite: `cargo test --test resilience --
//! --ignored --test-threads=1` (`.ci/run` does).
#![allow(clippy::unwrap_used)]

#[path = "../black_box/common/mod.rs"]
mod common;

mod process;

mod crash;
mod database_outage;
mod mail_crash;
