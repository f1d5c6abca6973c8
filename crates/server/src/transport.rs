//! The HTTP/1.1 transport: our own accept loop over hyper, since
//! `axum::serve` sets no header-read timeout, no idle timeout and no bound
//! on connections, so slow clients could hold connections (and memory)
//! for as long as they liked.
//!
//! - Headers: hyper's `header_read_timeout`. In hyper 1.12 its timer starts
//!   when a connection opens and again whenever it finishes an answer, so
//!   it also bounds how long a kept-alive connection can sit idle.
//! - Idle: a connection with no request in progress for `idle_timeout` is
//!   asked to close (an answer being written is finished first); one still
//!   open after another `idle_timeout` (a client that does not read what
//!   we send) is dropped.
//! - Bound: each connection holds one of `max_connections` slots; past
//!   that, new connections wait in the listen backlog, unanswered. A
//!   request's line and headers may take at most 64 KB.
//!
//! Request bodies are bounded by the request timeout around the handlers.
//! TLS and HTTP/2 belong to the reverse proxy in front.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};
use tokio::time::Instant;
use tower::ServiceExt as _;

use coforum_app::config::Limits;

/// How long shutdown waits for connections to finish their requests.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The most a request's line and headers may take: browsers send a few KB
/// (nginx allows 32 KB by default).
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Serves `app` on `listener` until `shutdown` resolves; then stops
/// accepting, lets each connection finish its request in progress, and
/// returns when all have ended or [`SHUTDOWN_GRACE`] has passed.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let bound = u32::try_from(limits.max_connections).unwrap_or(u32::MAX).max(1);
    let slots = Arc::new(Semaphore::new(bound as usize));
    let (stop, stopping) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // A slot before accepting: past the bound, the kernel holds new
        // connections until one of ours ends.
        let slot = tokio::select! {
            biased;
            () = &mut shutdown => break,
            slot = Arc::clone(&slots).acquire_owned() => slot.map_err(io::Error::other)?,
        };
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    accept_failed(err).await;
                    continue;
                }
            },
        };
        // Answers go out at once rather than waiting to fill a packet.
        let _ = stream.set_nodelay(true);
        let connection = serve_connection(stream, peer, app.clone(), limits.clone(), stopping.clone(), slot);
        tokio::spawn(connection);
    }
    drop(listener);
    let _ = stop.send(true);
    // Each connection gives its slot back as it ends.
    if tokio::time::timeout(SHUTDOWN_GRACE, slots.acquire_many(bound))
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the shutdown grace period");
    }
    Ok(())
}

/// As `axum::serve` does: a client that gave up is nothing; anything else
/// (out of file descriptors, say) is logged and waited out.
async fn accept_failed(err: io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        err.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %err, "accepting a connection failed");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: Limits,
    mut stopping: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    let activity = Arc::new(Activity::new());
    let tracked = Arc::clone(&activity);
    let service = tower::service_fn(move |mut request: Request<Incoming>| {
        // Handlers learn the client's address as axum's `ConnectInfo`.
        request.extensions_mut().insert(ConnectInfo(peer));
        let busy = tracked.start();
        let app = app.clone();
        async move {
            let response = app.oneshot(request.map(Body::new)).await;
            drop(busy);
            response
        }
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        // A longer head is answered 431: a connection stuck in its headers
        // holds at most this much (hyper would buffer ~400 KB).
        .max_header_size(MAX_HEAD_BYTES)
        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
    let mut connection = std::pin::pin!(connection);
    let mut closing = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(err) = result {
                    tracing::debug!(%peer, error = %err, "connection ended");
                }
                return;
            }
            _ = stopping.wait_for(|stop| *stop), if !closing => {
                connection.as_mut().graceful_shutdown();
                closing = true;
            }
            () = activity.idle_for(limits.idle_timeout) => {
                if closing {
                    // Asked to close a while ago and still open, with
                    // nothing of ours in progress: the client is stalling.
                    return;
                }
                connection.as_mut().graceful_shutdown();
                closing = true;
                activity.touch();
            }
        }
    }
}

/// What the idle timer watches: requests in progress on a connection, and
/// when the last one ended.
struct Activity {
    state: Mutex<(usize, Instant)>,
    changed: Notify,
}

/// A request in progress; it ends when this is dropped.
struct Busy(Arc<Activity>);

impl Activity {
    fn new() -> Self {
        Self {
            state: Mutex::new((0, Instant::now())),
            changed: Notify::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (usize, Instant)> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn start(self: &Arc<Self>) -> Busy {
        self.lock().0 += 1;
        Busy(Arc::clone(self))
    }

    /// Counts idleness from now.
    fn touch(&self) {
        self.lock().1 = Instant::now();
    }

    /// Resolves once no request has been in progress for `idle`.
    async fn idle_for(&self, idle: Duration) {
        loop {
            let changed = self.changed.notified();
            let (busy, since) = *self.lock();
            if busy > 0 {
                changed.await;
                continue;
            }
            let deadline = since + idle;
            if Instant::now() >= deadline {
                return;
            }
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => {}
                () = changed => {}
            }
        }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.0 = state.0.saturating_sub(1);
        state.1 = Instant::now();
        drop(state);
        self.0.changed.notify_waiters();
    }
}
