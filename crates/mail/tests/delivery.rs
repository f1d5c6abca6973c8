#![allow(clippy::unwrap_used)]
//! The outbox's sender against a real SMTP server (aiosmtpd), on SQLite or,
//! with `COFORUM_TEST_DATABASE_URL`, a fresh PostgreSQL database.

mod smtp_sink;

use std::collections::HashMap;

use coforum_domain::account::Email;
use coforum_domain::mail::OutgoingEmail;
use coforum_mail::{MailSettings, Pass, Sender, SmtpUrl};
use coforum_persistence::repos::outbox;
use coforum_persistence::{ConnectionTrait, Database};
use smtp_sink::SmtpSink;

/// A migrated database of the test's own, and what to drop afterwards.
struct Fresh {
    db: Database,
    _dir: Option<tempfile::TempDir>,
}

async fn fresh_database() -> Fresh {
    match std::env::var("COFORUM_TEST_DATABASE_URL") {
        Ok(server) if !server.is_empty() => {
            let name = format!("coforum_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&server, 1).await.unwrap();
            admin
                .conn()
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
            let db = Database::connect(&format!("{base}/{name}"), 4).await.unwrap();
            db.migrate().await.unwrap();
            Fresh { db, _dir: None }
        }
        _ => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}/mail.db?mode=rwc", dir.path().display());
            let db = Database::connect(&url, 4).await.unwrap();
            db.migrate().await.unwrap();
            Fresh { db, _dir: Some(dir) }
        }
    }
}

fn email(n: usize) -> OutgoingEmail {
    OutgoingEmail {
        to: Email::parse("to", &format!("member{n}@example.org")).unwrap(),
        subject: format!("Inspire forum: message {n}"),
        text: format!("Message number {n}."),
        html: n.is_multiple_of(2).then(|| format!("<p>Message number {n}.</p>")),
        list_unsubscribe: Some(format!("http://127.0.0.1/unsubscribe/{n}")),
    }
}

/// Writes `count` messages in one transaction, as a change would.
async fn enqueue(db: &Database, range: std::ops::Range<usize>) {
    let txn = db.begin().await.unwrap();
    for n in range {
        outbox::enqueue(&txn, &email(n)).await.unwrap();
    }
    txn.commit().await.unwrap();
}

fn sender(db: &Database, smtp: &str) -> Sender {
    let settings = MailSettings::new(
        Some(SmtpUrl::parse(smtp).unwrap()),
        Some("Inspire forum <forum@council.example>"),
        "127.0.0.1",
    )
    .unwrap();
    Sender::new(db.clone(), settings)
}

/// How many times each subject arrived.
fn subjects(sink: &SmtpSink) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for message in sink.received() {
        let subject = message
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap()
            .to_owned();
        *seen.entry(subject).or_default() += 1;
    }
    seen
}

/// Every message due now: moves retries and leases into the past, as time
/// passing would.
async fn time_passes(db: &Database) {
    db.conn()
        .execute_unprepared(
            "UPDATE outbox_messages SET next_attempt_at = created_at, \
             lease_until = CASE WHEN lease_until IS NULL THEN NULL ELSE created_at END",
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn each_message_is_sent_once_with_its_parts_and_headers() {
    let fresh = fresh_database().await;
    let sink = SmtpSink::start();
    enqueue(&fresh.db, 0..3).await;
    let sender = sender(&fresh.db, &sink.url());

    assert_eq!(
        sender.send_due().await.unwrap(),
        Pass {
            sent: 3,
            retried: 0,
            given_up: 0
        }
    );
    assert_eq!(
        sender.send_due().await.unwrap(),
        Pass::default(),
        "nothing is sent twice"
    );

    let received = sink.received();
    assert_eq!(received.len(), 3);
    let with_html = received
        .iter()
        .find(|m| m.contains("Subject: Inspire forum: message 0"))
        .unwrap();
    assert!(
        with_html.contains("From: \"Inspire forum\" <forum@council.example>"),
        "{with_html}"
    );
    assert!(with_html.contains("To: member0@example.org"));
    assert!(with_html.contains("text/plain") && with_html.contains("text/html"));
    assert!(with_html.contains("List-Unsubscribe: <http://127.0.0.1/unsubscribe/0>"));
    assert!(with_html.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let text_only = received.iter().find(|m| m.contains("message 1")).unwrap();
    assert!(!text_only.contains("text/html"));

    let stored = outbox::newest(fresh.db.conn(), 10).await.unwrap();
    assert!(stored.iter().all(|m| m.sent_at.is_some() && m.attempts == 1));
}

#[tokio::test]
async fn mail_waits_while_the_server_is_down_and_goes_when_it_returns() {
    let fresh = fresh_database().await;
    let sink = SmtpSink::start();
    let port = sink.port;
    sink.stop();
    enqueue(&fresh.db, 0..2).await;
    let sender = sender(&fresh.db, &format!("smtp://127.0.0.1:{port}"));

    assert_eq!(
        sender.send_due().await.unwrap(),
        Pass {
            sent: 0,
            retried: 2,
            given_up: 0
        }
    );
    assert_eq!(
        sender.send_due().await.unwrap(),
        Pass::default(),
        "retries wait their turn"
    );
    let waiting = outbox::newest(fresh.db.conn(), 10).await.unwrap();
    assert!(
        waiting
            .iter()
            .all(|m| m.sent_at.is_none() && m.failed_at.is_none() && m.attempts == 1)
    );
    assert!(waiting.iter().all(|m| m.last_error.is_some()));

    let sink = SmtpSink::start_on(port);
    time_passes(&fresh.db).await;
    assert_eq!(
        sender.send_due().await.unwrap(),
        Pass {
            sent: 2,
            retried: 0,
            given_up: 0
        }
    );
    assert_eq!(subjects(&sink).values().copied().collect::<Vec<_>>(), vec![1, 1]);
}

#[tokio::test]
async fn a_claim_left_by_a_killed_sender_is_sent_once_when_it_runs_out() {
    let fresh = fresh_database().await;
    let sink = SmtpSink::start();
    enqueue(&fresh.db, 0..1).await;
    // A sender claims the message, then dies before sending it.
    let taken = outbox::claim(&fresh.db, 10, chrono::Duration::minutes(10))
        .await
        .unwrap();
    assert_eq!(taken.len(), 1);
    let sender = sender(&fresh.db, &sink.url());
    assert_eq!(
        sender.send_due().await.unwrap(),
        Pass::default(),
        "held by the dead sender's claim"
    );

    time_passes(&fresh.db).await;
    assert_eq!(sender.send_due().await.unwrap().sent, 1);
    assert!(
        !outbox::mark_sent(&fresh.db, &taken[0]).await.unwrap(),
        "the dead claim marks nothing"
    );
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn several_senders_on_one_database_send_each_message_once() {
    let fresh = fresh_database().await;
    let sink = SmtpSink::start();
    enqueue(&fresh.db, 0..120).await;
    let senders: Vec<Sender> = (0..4).map(|_| sender(&fresh.db, &sink.url())).collect();

    let passes = futures_join_all(senders.iter().map(|s| {
        let s = s.clone();
        tokio::spawn(async move { s.send_due().await.unwrap() })
    }))
    .await;
    let sent: usize = passes.iter().map(|p| p.sent).sum();
    assert_eq!(sent, 120, "{passes:?}");
    let seen = subjects(&sink);
    assert_eq!(seen.len(), 120);
    assert!(seen.values().all(|&n| n == 1), "{seen:?}");
}

async fn futures_join_all(handles: impl Iterator<Item = tokio::task::JoinHandle<Pass>>) -> Vec<Pass> {
    let mut passes = Vec::new();
    for handle in handles.collect::<Vec<_>>() {
        passes.push(handle.await.unwrap());
    }
    passes
}
