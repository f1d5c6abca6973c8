use std::sync::Arc;

use chrono::Utc;
use coforum_domain::mail::{AfterFailure, after_failure};
use coforum_persistence::repos::outbox::{self, Claimed};
use coforum_persistence::{Database, StoreError, now};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use tokio::sync::Notify;

use crate::envelope::envelope;
use crate::settings::{MailSettings, SmtpUrl};

/// Messages one claim takes.
const BATCH: u64 = 10;
/// How long a claim holds its messages: longer than a batch can take (each
/// SMTP step times out after 30 s), so no other server takes one while it
/// is being sent; a sender killed mid-batch frees them when it runs out.
const LEASE: chrono::Duration = chrono::Duration::minutes(10);

/// What one pass over the outbox did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retried: usize,
    pub given_up: usize,
}

/// Delivers the outbox. Every server runs one; claims keep them apart.
#[derive(Clone)]
pub struct Sender {
    db: Database,
    settings: MailSettings,
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    wake: Arc<Notify>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Sender {
    pub fn new(db: Database, settings: MailSettings) -> Self {
        Self {
            transport: settings.smtp.as_ref().map(SmtpUrl::checked_transport),
            db,
            settings,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Whether mail leaves the outbox at all (an SMTP server is set).
    pub fn delivers(&self) -> bool {
        self.transport.is_some()
    }

    /// Wakes the sender now instead of at its next look: for a change that
    /// has just committed mail.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Sends what is due until `shutdown` completes, looking again whenever
    /// woken and at least every poll interval. Without an SMTP server it
    /// returns at once: mail stays in the outbox.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        if !self.delivers() {
            tracing::info!("no SMTP server set: mail stays in the outbox (admins read it at /admin/outbox)");
            return;
        }
        tokio::pin!(shutdown);
        loop {
            match self.send_due().await {
                Ok(pass) if pass != Pass::default() => tracing::info!(?pass, "outbox pass"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "the outbox could not be read; trying again"),
            }
            tokio::select! {
                () = &mut shutdown => return,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(self.settings.poll_interval) => {}
            }
        }
    }

    /// One pass: claims due messages batch by batch and sends each.
    pub async fn send_due(&self) -> Result<Pass, StoreError> {
        let mut pass = Pass::default();
        let Some(transport) = &self.transport else {
            return Ok(pass);
        };
        while outbox::any_due(self.db.conn(), now()).await? {
            let claimed = outbox::claim(&self.db, BATCH, LEASE).await?;
            if claimed.is_empty() {
                break; // another server took them
            }
            for message in claimed {
                self.deliver(transport, &message, &mut pass).await?;
            }
        }
        Ok(pass)
    }

    async fn deliver(
        &self,
        transport: &AsyncSmtpTransport<Tokio1Executor>,
        message: &Claimed,
        pass: &mut Pass,
    ) -> Result<(), StoreError> {
        let id = message.entry.id;
        let outcome = match envelope(&self.settings.from, &message.entry.email) {
            Ok(email) => transport.send(email).await.map(|_| ()).map_err(|err| {
                let permanent = err.is_permanent();
                (err.to_string(), permanent)
            }),
            // A message that cannot be written as an email never will be.
            Err(err) => Err((err.to_string(), true)),
        };
        let kept = match outcome {
            Ok(()) => {
                pass.sent += 1;
                outbox::mark_sent(&self.db, message).await?
            }
            Err((error, permanent)) => {
                let attempts = message.entry.attempts + 1;
                match after_failure(message.entry.created_at, attempts, permanent, Utc::now()) {
                    AfterFailure::RetryAt(at) => {
                        tracing::warn!(%id, attempts, %error, retry_at = %at, "mail not sent; will try again");
                        pass.retried += 1;
                        outbox::mark_failed(&self.db, message, &error, Some(at)).await?
                    }
                    AfterFailure::GiveUp => {
                        tracing::error!(%id, attempts, %error, "mail given up");
                        pass.given_up += 1;
                        outbox::mark_failed(&self.db, message, &error, None).await?
                    }
                }
            }
        };
        if !kept {
            tracing::warn!(%id, "a mail's claim ran out while it was being sent");
        }
        Ok(())
    }
}
