//! SIGKILL between the change that writes an email and its sending: the
//! outbox keeps it, and the restarted server sends it, once.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::mail::{SmtpSink, link_in};
use crate::common::{JWT_SECRET, PASSWORD, fresh_database_url};
use crate::crash::data;
use crate::process;

const OUTBOX: &str = "query { outbox(first: 10) { to subject attempts sentAt failedAt lastError } }";

/// A port where nothing listens (yet): mail sent there is refused at once.
fn silent_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The outbox's messages to `to`, as an admin sees them.
async fn mail_to(client: &reqwest::Client, base: &str, admin: &str, to: &str) -> Vec<Value> {
    let body: Value = client
        .post(format!("{base}/graphql"))
        .bearer_auth(admin)
        .json(&json!({ "query": OUTBOX }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["data"]["outbox"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["to"] == to)
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "kills the server process: run alone (see main.rs)"]
async fn mail_written_before_a_sigkill_is_sent_once_after_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let port = silent_port();
    let smtp = format!("smtp://127.0.0.1:{port}");
    let flags = ["--smtp-url", &smtp, "--public-url", "http://forum.test/"];
    let server = process::start_with(&database_url, dir.path(), &flags);
    let client = reqwest::Client::new();

    let state = coforum_app::AppState::new(
        coforum_persistence::Database::connect(&database_url, 2)
            .await
            .unwrap(),
        coforum_app::Config::new(JWT_SECRET.to_vec()),
    );
    coforum_app::ops::accounts::create_admin(&state, "admin@example.org", "Admin", PASSWORD.into())
        .await
        .unwrap();
    let login = json!({ "input": { "email": "admin@example.org", "password": PASSWORD } });
    let admin = data(&client, &server.base, None, "Login", login).await["login"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let sam = json!({ "input": { "email": "sam@example.org", "password": PASSWORD, "displayName": "Sam" } });
    data(&client, &server.base, None, "Register", sam).await;

    // The change commits its email; the mail server is not there, so the
    // first try fails and the message waits for its retry.
    let asked = data(
        &client,
        &server.base,
        None,
        "RequestPasswordReset",
        json!({ "email": "sam@example.org" }),
    )
    .await;
    assert_eq!(asked["requestPasswordReset"], true);
    let started = Instant::now();
    let waiting = loop {
        let mail = mail_to(&client, &server.base, &admin, "sam@example.org").await;
        if mail.first().is_some_and(|m| m["attempts"] == 1) {
            break mail;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no failed try: {mail:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert!(
        waiting[0]["sentAt"].is_null() && waiting[0]["failedAt"].is_null(),
        "in the outbox, unsent and not given up: {waiting:?}"
    );
    assert!(waiting[0]["lastError"].is_string(), "{waiting:?}");

    server.kill();

    // The mail server comes up, and coforum starts again on the same
    // database: the retry goes out when it is due (30 s after the failed try).
    let sink = SmtpSink::start_on(port);
    let server = process::start_with(&database_url, dir.path(), &flags);
    let delivered = Instant::now();
    let mail = loop {
        let mail = sink.to("sam@example.org");
        if !mail.is_empty() {
            break mail;
        }
        assert!(
            delivered.elapsed() < Duration::from_secs(50),
            "the email was not sent after the restart"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    println!("sent {:?} after the restart", delivered.elapsed());
    assert!(
        mail[0].contains("Subject: Reset your coforum password"),
        "{}",
        mail[0]
    );

    // Long enough for another look by the sender (every 5 s): no second copy.
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(sink.received().len(), 1, "sent once: {:?}", sink.received());
    let stored = mail_to(&client, &server.base, &admin, "sam@example.org").await;
    assert!(stored[0]["sentAt"].is_string(), "{stored:?}");
    assert_eq!(stored[0]["attempts"], 2, "{stored:?}");

    // And it is the real thing: the link in it resets the password.
    let link = link_in(&mail[0], "reset-password/").unwrap();
    let token = link.rsplit('/').next().unwrap();
    let reset = json!({ "token": token, "newPassword": "a brand new passphrase" });
    let body = data(&client, &server.base, None, "ResetPassword", reset).await;
    assert!(body["resetPassword"]["accessToken"].is_string(), "{body}");
    server.kill();
}
