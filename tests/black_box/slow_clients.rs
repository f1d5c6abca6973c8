//! Slow clients (issue 13, item 7), spoken to over raw TCP: a connection
//! that never finishes its headers, or sits idle after an answer, is closed
//! by the server; past the bound on connections, new ones wait until
//! others end; ordinary requests and graceful shutdown still work.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout};

use crate::common::*;

const HEALTH: &[u8] = b"GET /health HTTP/1.1\r\nHost: coforum.test\r\n\r\n";
const LONG: Duration = Duration::from_secs(30);
const SHORT: Duration = Duration::from_millis(500);

/// Reads until the server closes the connection and returns what came, or
/// None when it was still open after `wait`.
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> Option<Vec<u8>> {
    let mut received = Vec::new();
    let until_closed = async {
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    };
    timeout(wait, until_closed).await.ok().map(|()| received)
}

/// Reads one answer (head and `Content-Length` body) off a connection that
/// stays open; returns the head.
async fn read_answer(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut buffer).await.unwrap();
        assert!(
            n > 0,
            "closed before an answer: {:?}",
            String::from_utf8_lossy(&received)
        );
        received.extend_from_slice(&buffer[..n]);
    };
    let head = String::from_utf8_lossy(&received[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().unwrap())
        })
        .unwrap_or_else(|| panic!("no Content-Length in {head}"));
    while received.len() < head_end + length {
        let n = stream.read(&mut buffer).await.unwrap();
        assert!(n > 0, "closed in the middle of an answer");
        received.extend_from_slice(&buffer[..n]);
    }
    head
}

async fn spawn_with_timeouts(header_read: Duration, idle: Duration) -> TestApp {
    spawn_app_with(|c| {
        c.limits.header_read_timeout = header_read;
        c.limits.idle_timeout = idle;
    })
    .await
}

#[tokio::test]
async fn a_connection_that_sends_half_a_header_is_closed_by_the_server() {
    let app = spawn_with_timeouts(SHORT, LONG).await;
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: coforum.test\r\n")
        .await
        .unwrap();
    let closed = closed_within(&mut stream, Duration::from_secs(5)).await;
    assert!(closed.is_some(), "still open 5 s after half a header");
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "closed before the timeout"
    );
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_by_the_server() {
    let app = spawn_with_timeouts(SHORT, LONG).await;
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    let closed = closed_within(&mut stream, Duration::from_secs(5)).await;
    assert_eq!(closed, Some(Vec::new()), "still open 5 s after connecting");
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_by_the_server() {
    // The header timeout is long: the idle timeout alone must close it.
    let app = spawn_with_timeouts(LONG, SHORT).await;
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    stream.write_all(HEALTH).await.unwrap();
    let head = read_answer(&mut stream).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let closed = closed_within(&mut stream, Duration::from_secs(5)).await;
    assert_eq!(closed, Some(Vec::new()), "an idle connection stayed open 5 s");
}

#[tokio::test]
async fn requests_keep_a_connection_alive_and_are_served_as_usual() {
    let app = spawn_with_timeouts(SHORT, Duration::from_secs(2)).await;
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    for _ in 0..3 {
        stream.write_all(HEALTH).await.unwrap();
        let head = read_answer(&mut stream).await;
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.register("sam@example.org", "Sam").await;
    assert_eq!(app.forums().await, Vec::<serde_json::Value>::new());
}

#[tokio::test]
async fn connections_past_the_bound_wait_until_others_end() {
    let app = spawn_app_with(|c| {
        c.limits.max_connections = 2;
        c.limits.header_read_timeout = LONG;
        c.limits.idle_timeout = LONG;
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(app.address).await.unwrap();
        stream.write_all(HEALTH).await.unwrap();
        read_answer(&mut stream).await;
        held.push(stream);
    }
    // The kernel takes the third connection, but the server does not serve it.
    let mut third = TcpStream::connect(app.address).await.unwrap();
    third.write_all(HEALTH).await.unwrap();
    let early = timeout(Duration::from_secs(1), read_answer(&mut third)).await;
    assert!(
        early.is_err(),
        "a third connection was served past the bound of 2"
    );

    drop(held.pop());
    let head = timeout(Duration::from_secs(5), read_answer(&mut third))
        .await
        .expect("served once another connection ended");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
}

#[tokio::test]
async fn stopping_the_server_finishes_the_request_in_flight_then_closes() {
    let mut app = spawn_app().await;
    let body = br#"{"query":"{ __typename }"}"#;
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: coforum.test\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..5]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.stop();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stream.write_all(&body[5..]).await.unwrap();
    let answer = read_answer(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let closed = closed_within(&mut stream, Duration::from_secs(5)).await;
    assert!(closed.is_some(), "the connection stayed open after shutdown");
    assert!(
        TcpStream::connect(app.address).await.is_err(),
        "a stopped server still accepts connections"
    );
}

#[tokio::test]
async fn a_request_head_over_64_kb_is_refused_with_431() {
    let app = spawn_app().await;
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    let padding = "x".repeat(70 * 1024);
    let request = format!("GET /health HTTP/1.1\r\nHost: coforum.test\r\nX-Padding: {padding}\r\n\r\n");
    // The server may close before it has read everything we send.
    let _ = stream.write_all(request.as_bytes()).await;
    let answer = closed_within(&mut stream, Duration::from_secs(5)).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
}
