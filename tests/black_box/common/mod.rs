//! The black-box harness: each test starts the real coforum server on a free
//! port, with a database of its own (an SQLite file in a temporary folder,
//! or a fresh PostgreSQL database when `COFORUM_TEST_DATABASE_URL` names a
//! server), and speaks GraphQL to it over HTTP.
#![allow(dead_code, clippy::unwrap_used)]

pub mod operations;

use std::net::SocketAddr;

use coforum_api::{AppState, Config};
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
        coforum_api::serve(listener, server_state, async {
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
        coforum_api::ops::accounts::create_admin(&self.state, &email, "Admin", PASSWORD)
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
