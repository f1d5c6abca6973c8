//! The black-box harness: each test starts the real coforum server on a free
//! port, with a database of its own (an SQLite file in a temporary folder,
//! or a fresh PostgreSQL database when `COFORUM_TEST_DATABASE_URL` names a
//! server), and speaks GraphQL to it over HTTP.
#![allow(dead_code, clippy::unwrap_used)]

pub mod mail;
pub mod operations;
/// Signing in as a particular client: address, device cookie, web form.
pub mod sign_ins;

use std::net::SocketAddr;

use coforum_app::{AppState, Config};
use coforum_persistence::Database;
use serde_json::{Value, json};
use tokio::sync::oneshot;

pub use operations::operation;

/// The signing key every test server uses, so tests can forge tokens.
pub const JWT_SECRET: &[u8] = b"test-secret-test-secret-test-secret!";
pub const PASSWORD: &str = "a long enough password";

pub struct TestApp {
    pub address: SocketAddr,
    pub database_url: String,
    pub client: reqwest::Client,
    pub state: AppState,
    stop: Option<oneshot::Sender<()>>,
    _files: tempfile::TempDir,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A signed-in test user.
#[derive(Clone, Debug)]
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub user_id: String,
    pub email: String,
}

/// A fresh database URL: an SQLite file in `dir`, or a new PostgreSQL database.
pub async fn fresh_database_url(dir: &std::path::Path) -> String {
    match std::env::var("COFORUM_TEST_DATABASE_URL") {
        Ok(server) if !server.is_empty() => {
            let name = format!("coforum_test_{}", uuid::Uuid::new_v4().simple());
            let admin = sea_orm::Database::connect(&server)
                .await
                .expect("connect to the PostgreSQL server");
            sea_orm::ConnectionTrait::execute_unprepared(&admin, &format!("CREATE DATABASE {name}"))
                .await
                .expect("create a test database");
            admin.close().await.ok();
            let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}", dir.join("coforum.db").display()),
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    let files = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(files.path()).await;
    start(files, database_url, configure).await
}

/// A second server on the database of an earlier one, as after a restart.
/// Keep the earlier `TestApp` alive: it owns the SQLite file.
pub async fn spawn_app_on(database_url: &str) -> TestApp {
    spawn_app_on_with(database_url, |_| {}).await
}

pub async fn spawn_app_on_with(database_url: &str, configure: impl FnOnce(&mut Config)) -> TestApp {
    start(tempfile::tempdir().unwrap(), database_url.to_owned(), configure).await
}

async fn start(
    files: tempfile::TempDir,
    database_url: String,
    configure: impl FnOnce(&mut Config),
) -> TestApp {
    let db = Database::connect(&database_url, 8).await.expect("connect");
    db.migrate().await.expect("migrate");
    let mut config = Config::new(JWT_SECRET.to_vec());
    configure(&mut config);
    let state = AppState::new(db, config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server_state = state.clone();
    tokio::spawn(async move {
        coforum::serve(listener, server_state, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    TestApp {
        address,
        database_url,
        client: reqwest::Client::new(),
        state,
        stop: Some(stop),
        _files: files,
    }
}

impl TestApp {
    /// Stops serving (the database and its files stay).
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// The `Forums` query, anonymously: every forum.
    pub async fn forums(&self) -> Vec<Value> {
        let data = self.ok(None, "Forums", json!({})).await;
        data["forums"].as_array().expect("forums").clone()
    }

    /// The `Me` query with `token`: the whole body.
    pub async fn me(&self, token: &str) -> Value {
        self.op(Some(token), "Me", json!({})).await
    }

    /// Runs raw SQL on the test database, to set up what no operation can
    /// (an invite that has expired).
    pub async fn execute_sql(&self, sql: &str) {
        sea_orm::ConnectionTrait::execute_unprepared(self.state.db.conn(), sql)
            .await
            .expect("execute SQL");
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Sends `query` with `variables`, optionally with a bearer token, and
    /// returns the whole JSON body.
    pub async fn graphql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        response.json().await.unwrap()
    }

    /// Sends the contract's operation `name` (with the fragments it uses).
    pub async fn op(&self, token: Option<&str>, name: &str, variables: Value) -> Value {
        self.graphql(token, &operation(name), variables).await
    }

    /// Sends the contract's operations all at once, each with its token and
    /// variables; returns the bodies in the order given.
    pub async fn op_all(&self, calls: Vec<(Option<&str>, &str, Value)>) -> Vec<Value> {
        let tasks: Vec<_> = calls
            .into_iter()
            .map(|(token, name, variables)| {
                let mut request = self
                    .client
                    .post(self.url("/graphql"))
                    .json(&json!({ "query": operation(name), "variables": variables }));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                tokio::spawn(async move { request.send().await.unwrap().json::<Value>().await.unwrap() })
            })
            .collect();
        let mut bodies = Vec::new();
        for task in tasks {
            bodies.push(task.await.unwrap());
        }
        bodies
    }

    /// Like [`op`], but panics unless the operation succeeded; returns `data`.
    pub async fn ok(&self, token: Option<&str>, name: &str, variables: Value) -> Value {
        let body = self.op(token, name, variables).await;
        assert!(body.get("errors").is_none(), "{name} failed: {body}");
        body["data"].clone()
    }

    pub async fn register(&self, email: &str, display_name: &str) -> Session {
        self.register_with(email, display_name, None).await
    }

    pub async fn register_with(&self, email: &str, display_name: &str, invite: Option<&str>) -> Session {
        let data = self
            .ok(
                None,
                "Register",
                json!({ "input": { "email": email, "password": PASSWORD, "displayName": display_name, "inviteCode": invite } }),
            )
            .await;
        session(&data["register"], email)
    }

    pub async fn login(&self, email: &str, password: &str) -> Value {
        self.op(
            None,
            "Login",
            json!({ "input": { "email": email, "password": password } }),
        )
        .await
    }

    /// A platform admin, made the way `coforum create-admin` makes one.
    pub async fn admin(&self) -> Session {
        let email = format!("admin-{}@example.org", short_id());
        coforum_app::ops::accounts::create_admin(&self.state, &email, "Admin", PASSWORD.into())
            .await
            .unwrap();
        let data = self.login(&email, PASSWORD).await;
        session(&data["data"]["login"], &email)
    }

    /// A user whom `admin` made an officer.
    pub async fn officer(&self, admin: &Session) -> Session {
        let officer = self
            .register(&format!("officer-{}@example.org", short_id()), "Officer")
            .await;
        self.ok(
            Some(&admin.access_token),
            "GrantPlatformRole",
            json!({ "userId": officer.user_id, "role": "OFFICER" }),
        )
        .await;
        officer
    }

    /// A user whom `admin` put on the complaints team.
    pub async fn complaints_team(&self, admin: &Session) -> Session {
        let person = self
            .register(
                &format!("complaints-{}@example.org", short_id()),
                "Complaints officer",
            )
            .await;
        self.ok(
            Some(&admin.access_token),
            "GrantPlatformRole",
            json!({ "userId": person.user_id, "role": "COMPLAINTS" }),
        )
        .await;
        person
    }

    /// A new forum, made by `admin`; returns its id.
    pub async fn forum(&self, admin: &Session, slug: &str) -> String {
        let data = self
            .ok(
                Some(&admin.access_token),
                "CreateForum",
                json!({ "input": { "slug": slug, "name": format!("Forum {slug}"), "description": "A test forum" } }),
            )
            .await;
        data["createForum"]["id"].as_str().unwrap().to_owned()
    }

    /// An invite code for `forum_id`, made by `inviter` (a facilitator or admin).
    pub async fn invite(&self, inviter: &Session, forum_id: &str, role: &str) -> String {
        let data = self
            .ok(
                Some(&inviter.access_token),
                "CreateInvite",
                json!({ "input": { "forumId": forum_id, "role": role } }),
            )
            .await;
        data["createInvite"]["code"].as_str().unwrap().to_owned()
    }

    /// A new person who joined `forum_id` with `role`, invited by `admin`.
    pub async fn member(&self, admin: &Session, forum_id: &str, role: &str) -> Session {
        let code = self.invite(admin, forum_id, role).await;
        let email = format!("{}-{}@example.org", role.to_lowercase(), short_id());
        self.register_with(&email, role, Some(&code)).await
    }
}

pub fn session(payload: &Value, email: &str) -> Session {
    Session {
        access_token: payload["accessToken"].as_str().expect("accessToken").to_owned(),
        refresh_token: payload["refreshToken"].as_str().expect("refreshToken").to_owned(),
        user_id: payload["user"]["id"].as_str().expect("user.id").to_owned(),
        email: email.to_owned(),
    }
}

pub fn short_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

/// The `extensions.code` of the first error, if any.
pub fn error_code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}

/// Asserts the body failed with `code`, and returns its first error.
#[track_caller]
pub fn assert_code(body: &Value, code: &str) -> Value {
    assert_eq!(error_code(body), Some(code), "expected {code}, got {body}");
    body["errors"][0].clone()
}

/// Asserts the body failed with BAD_USER_INPUT naming `field`.
#[track_caller]
pub fn assert_bad_input(body: &Value, field: &str) {
    let error = assert_code(body, "BAD_USER_INPUT");
    assert_eq!(
        error["extensions"]["field"], field,
        "expected field {field}, got {body}"
    );
}

/// Asserts `value` (an RFC 3339 time) is `ahead` from now, give or take a minute.
#[track_caller]
pub fn assert_about_from_now(value: &Value, ahead: chrono::Duration) {
    let text = value.as_str().unwrap_or_else(|| panic!("not a time: {value}"));
    let at = chrono::DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let off = at.with_timezone(&chrono::Utc) - (chrono::Utc::now() + ahead);
    assert!(off.num_seconds().abs() < 60, "{text} is not {ahead} from now");
}
