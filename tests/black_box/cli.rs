//! The `coforum` command, run as a real process in a temporary working
//! directory: SQLite there by default, or a fresh PostgreSQL database when
//! `COFORUM_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::*;

/// Flags with a fixed set of values.
mod choices;

const SCHEMA: &str = include_str!("../../schema.graphql");
const ADMIN_PASSWORD: &str = "admin password 1";

/// A working directory and the database the commands use.
struct Cli {
    dir: tempfile::TempDir,
    /// `None`: the default, `coforum.db` in the working directory.
    database_url: Option<String>,
}

impl Cli {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database_url = match std::env::var("COFORUM_TEST_DATABASE_URL") {
            Ok(server) if !server.is_empty() => Some(fresh_database_url(dir.path()).await),
            _ => None,
        };
        Self { dir, database_url }
    }

    /// Always the default SQLite file, whatever database the tests run on.
    fn sqlite() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            database_url: None,
        }
    }

    /// `coforum <args>` with nothing inherited from the test's environment
    /// (no COFORUM_JWT_SECRET, no DATABASE_URL).
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_coforum"));
        command.current_dir(self.dir.path()).env_clear().args(args);
        if let Some(url) = &self.database_url {
            command.args(["--database-url", url]);
        }
        command
    }

    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }

    /// Runs `command` to its end, which must come within a minute (a
    /// `serve` that should have refused to start fails the test instead of
    /// hanging it).
    fn run_to_end(&self, mut command: Command) -> Output {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                child.kill().unwrap();
                let output = child.wait_with_output().unwrap();
                panic!("still running: {}", String::from_utf8_lossy(&output.stdout));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        child.wait_with_output().unwrap()
    }

    fn create_admin(&self, email: &str, password_line: &str) -> Output {
        self.run(
            &["create-admin", "--email", email, "--display-name", "Ada"],
            password_line,
        )
    }

    /// `coforum serve --listen 127.0.0.1:0 <extra>`, once it listens.
    fn serve(&self, extra: &[&str]) -> Server {
        let stderr = std::fs::File::create(self.dir.path().join("serve.log")).unwrap();
        let mut child = self
            .command(&[&["serve", "--listen", "127.0.0.1:0"], extra].concat())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let (lines, receiver) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let mut server = Server {
            child,
            address: String::new(),
            banner: Vec::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while server.address.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = receiver.recv_timeout(left).unwrap_or_else(|_| {
                let log = std::fs::read_to_string(self.dir.path().join("serve.log")).unwrap_or_default();
                panic!("serve did not start: {:?}\n{log}", server.banner)
            });
            if let Some(rest) = line.strip_prefix("coforum is listening on http://") {
                server.address = rest.split('/').next().unwrap().to_owned();
            }
            server.banner.push(line);
        }
        server
    }
}

/// A running `coforum serve`; killed if a test fails before stopping it.
struct Server {
    child: Child,
    address: String,
    /// What it printed up to and including the "listening" line.
    banner: Vec<String>,
}

impl Server {
    async fn graphql(&self, token: Option<&str>, name: &str, variables: Value) -> Value {
        let mut request = reqwest::Client::new()
            .post(format!("http://{}/graphql", self.address))
            .json(&json!({ "query": operation(name), "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap().json().await.unwrap()
    }

    async fn login(&self, email: &str, password: &str) -> Value {
        let input = json!({ "input": { "email": email, "password": password } });
        self.graphql(None, "Login", input).await
    }

    fn printed(&self, text: &str) -> bool {
        self.banner.iter().any(|line| line.contains(text))
    }

    /// Sends SIGTERM and waits for the process to end.
    fn stop(mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success(), "kill -TERM {pid} failed");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "serve did not stop within 20 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn export_schema_prints_the_checked_in_schema() {
    let cli = Cli::sqlite();
    let output = cli.run(&["export-schema"], "");
    assert!(output.status.success());
    assert!(
        String::from_utf8(output.stdout).unwrap() == SCHEMA,
        "export-schema differs from schema.graphql"
    );
}

#[tokio::test]
async fn migrate_can_run_twice() {
    let cli = Cli::new().await;
    for _ in 0..2 {
        let output = cli.run(&["migrate"], "");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
    }
}

#[tokio::test]
async fn create_admin_makes_an_admin_who_signs_in_and_serve_stops_gracefully() {
    let cli = Cli::new().await;
    let output = cli.create_admin("ada@example.org", &format!("{ADMIN_PASSWORD}\n"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let server = cli.serve(&[]);
    let login = server.login("ada@example.org", ADMIN_PASSWORD).await;
    let token = login["data"]["login"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{login}"));
    let me = server.graphql(Some(token), "Me", json!({})).await;
    assert_eq!(me["data"]["me"]["platformRole"], "ADMIN", "{me}");
    assert_eq!(me["data"]["me"]["displayName"], "Ada");
    let status = server.stop();
    assert!(status.success(), "SIGTERM should end serve cleanly, got {status}");
}

#[tokio::test]
async fn create_admin_without_a_usable_password_fails_and_makes_no_account() {
    let cli = Cli::new().await;
    for stdin in ["", "\n", "too short\n"] {
        let output = cli.create_admin("ada@example.org", stdin);
        assert!(!output.status.success(), "stdin {stdin:?} was accepted");
        assert!(!String::from_utf8_lossy(&output.stdout).contains("platform admin"));
    }
    let server = cli.serve(&[]);
    let login = server.login("ada@example.org", "too short").await;
    assert_code(&login, "UNAUTHENTICATED");
    server.stop();
}

#[tokio::test]
async fn serve_demo_loads_the_demo_once() {
    let cli = Cli::new().await;
    let first = cli.serve(&["--demo"]);
    assert!(first.printed("Loaded the demo forums."), "{:?}", first.banner);
    assert!(
        first.printed("password for all: coforum-demo"),
        "{:?}",
        first.banner
    );
    assert!(first.printed("member@example.org"), "{:?}", first.banner);
    let login = first.login("member@example.org", "coforum-demo").await;
    let token = login["data"]["login"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{login}"));
    let me = first.graphql(Some(token), "Me", json!({})).await;
    assert_eq!(
        me["data"]["me"]["memberships"].as_array().unwrap().len(),
        2,
        "{me}"
    );
    // The complaints team's year 2022-23, as the regulator's assessment reports it.
    let login = first.login("complaints@example.org", "coforum-demo").await;
    let kim = login["data"]["login"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{login}"));
    let year = json!({ "from": "2022-03-31T23:00:00Z", "to": "2023-03-31T23:00:00Z" });
    let report = first.graphql(Some(kim), "FeedbackReport", year).await;
    let complaints = &report["data"]["feedbackReport"]["complaints"];
    let figures: Vec<i64> = [
        "received",
        "wellFounded",
        "referredToOmbudsman",
        "ombudsmanUpheld",
        "remediesDue",
    ]
    .iter()
    .map(|f| complaints[*f].as_i64().unwrap_or(-1))
    .collect();
    assert_eq!(figures, [35, 14, 6, 6, 0], "{report}");
    let inspire = first
        .graphql(Some(kim), "ForumBySlug", json!({ "slug": "inspire" }))
        .await;
    let findings = inspire["data"]["forum"]["findings"]["totalCount"].as_i64();
    assert_eq!(
        findings,
        Some(8),
        "two raised from feedback among the eight: {inspire}"
    );
    // Someone makes an account of their own on the demo.
    let input =
        json!({ "input": { "email": "new@example.org", "password": PASSWORD, "displayName": "New" } });
    let body = first.graphql(None, "Register", input).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert!(first.stop().success());

    let second = cli.serve(&["--demo"]);
    assert!(!second.printed("Loaded the demo forums."), "{:?}", second.banner);
    assert!(second.printed("password for all: coforum-demo"));
    let forums = second.graphql(None, "Forums", json!({})).await;
    assert_eq!(forums["data"]["forums"].as_array().unwrap().len(), 2, "{forums}");
    assert!(second.stop().success());
}

#[tokio::test]
async fn without_a_jwt_secret_sqlite_keeps_one_beside_the_database_across_restarts() {
    let cli = Cli::sqlite();
    let secret_file = cli.dir.path().join("coforum.db.jwt-secret");
    let first = cli.serve(&[]);
    let secret = std::fs::read_to_string(&secret_file).expect("coforum.db.jwt-secret beside the database");
    assert!(secret.trim().len() >= 32);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&secret_file).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the secret must be private to its owner: {mode:o}"
        );
    }
    let input =
        json!({ "input": { "email": "sam@example.org", "password": PASSWORD, "displayName": "Sam" } });
    let body = first.graphql(None, "Register", input).await;
    let token = body["data"]["register"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    assert!(first.stop().success());

    let second = cli.serve(&[]);
    assert_eq!(std::fs::read_to_string(&secret_file).unwrap(), secret);
    let me = second.graphql(Some(&token), "Me", json!({})).await;
    assert_eq!(me["data"]["me"]["email"], "sam@example.org", "{me}");
    assert!(second.stop().success());
}

#[tokio::test]
async fn serve_demo_refuses_a_database_with_accounts_and_adds_no_demo_account() {
    let cli = Cli::new().await;
    let server = cli.serve(&[]);
    let input =
        json!({ "input": { "email": "sam@example.org", "password": PASSWORD, "displayName": "Sam" } });
    let body = server.graphql(None, "Register", input).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert!(server.stop().success());

    let output = cli.run_to_end(cli.command(&["serve", "--listen", "127.0.0.1:0", "--demo"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "serve --demo started: {stderr}");
    assert!(stderr.contains("already has accounts"), "{stderr}");
    assert!(stderr.contains("--demo"), "{stderr}");

    let server = cli.serve(&[]);
    for account in ["admin@example.org", "member@example.org"] {
        assert_code(&server.login(account, "coforum-demo").await, "UNAUTHENTICATED");
    }
    let forums = server.graphql(None, "Forums", json!({})).await;
    assert_eq!(forums["data"]["forums"], json!([]), "{forums}");
    let sam = server.login("sam@example.org", PASSWORD).await;
    assert!(sam.get("errors").is_none(), "{sam}");
    assert!(server.stop().success());
}

#[cfg(unix)]
#[tokio::test]
async fn the_sqlite_file_is_created_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt as _;
    let cli = Cli::sqlite();
    let server = cli.serve(&[]);
    // Written to, so SQLite has its -wal and -shm files open too.
    let input =
        json!({ "input": { "email": "sam@example.org", "password": PASSWORD, "displayName": "Sam" } });
    let body = server.graphql(None, "Register", input).await;
    assert!(body.get("errors").is_none(), "{body}");
    let file = cli.dir.path().join("coforum.db");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "coforum.db is {mode:o}");
    for sibling in ["coforum.db-wal", "coforum.db-shm"] {
        if let Ok(meta) = std::fs::metadata(cli.dir.path().join(sibling)) {
            let mode = meta.permissions().mode();
            assert_eq!(mode & 0o077, 0, "{sibling} is {mode:o}");
        }
    }
    assert!(server.stop().success());
}

#[tokio::test]
async fn a_jwt_secret_with_almost_no_entropy_stops_serve() {
    let cli = Cli::new().await;
    let mut command = cli.command(&["serve", "--listen", "127.0.0.1:0"]);
    command.env("COFORUM_JWT_SECRET", "a".repeat(40));
    let output = cli.run_to_end(command);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "serve started: {stderr}");
    assert!(
        stderr.contains("COFORUM_JWT_SECRET is too predictable"),
        "{stderr}"
    );
}
