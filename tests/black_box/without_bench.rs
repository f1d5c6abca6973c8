//! Without the `bench` feature (a plain `cargo build`, the production
//! binary) `coforum` has no `seed-bench`: the load benchmark's generator is
//! not linked into it.
#![cfg(not(feature = "bench"))]
#![allow(clippy::unwrap_used)]

use std::process::Command;

#[test]
fn the_production_binary_has_no_seed_bench() {
    let output = Command::new(env!("CARGO_BIN_EXE_coforum"))
        .env_clear()
        .args(["seed-bench", "--tiny"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // 2: clap's exit code for a usage error.
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("unrecognized subcommand 'seed-bench'"),
        "{stderr}"
    );
}
