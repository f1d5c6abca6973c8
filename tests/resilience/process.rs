//! Starting and killing the real binary.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::common::JWT_SECRET;

pub struct Server {
    pub child: Child,
    pub base: String,
}

/// Starts `coforum serve` on `database_url` and a free port.
pub fn start(database_url: &str, dir: &std::path::Path) -> Server {
    start_with(database_url, dir, &[])
}

/// As [`start`], with more flags for `serve` (`--smtp-url …`).
pub fn start_with(database_url: &str, dir: &std::path::Path, flags: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coforum"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database-url", database_url])
        .args(flags)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "COFORUM_JWT_SECRET",
            String::from_utf8_lossy(JWT_SECRET).to_string(),
        )
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines.next().expect("the server printed its address").unwrap();
        if let Some(rest) = line.split("listening on ").nth(1) {
            break rest
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_owned();
        }
    };
    // Keep reading stdout so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, base }
}

impl Server {
    /// SIGKILL: no graceful shutdown, no chance to flush anything.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}
