//! The delivery loop. No row lock is held across the SMTP call: rows are claimed under a lease
//! in a committed transaction, sent, then marked sent or failed.

use std::time::Duration;

use chrono::Utc;
use lettre::message::header::ContentType;
use lettre::Message;
use ombudsman_db::outbox::{self, OutboxMessage};
use ombudsman_db::{DbError, Pool};
use rand::Rng;
use tokio::sync::watch;

use crate::render::render;
use crate::transport::{Mailer, SendError};

/// How the worker behaves.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Names this worker in leases (host and process id by default).
    pub worker_id: String,
    /// The `From` mailbox, e.g. `Ombudsman <no-reply@ombudsman.uz>`.
    pub from: String,
    /// Messages claimed at once.
    pub batch_size: i64,
    /// How long a claim is held before another worker may take the message.
    pub lease_secs: i64,
    /// How often to look for work when idle.
    pub poll_interval: Duration,
    /// First retry delay; doubles with each attempt.
    pub base_backoff_secs: i64,
    /// Longest retry delay.
    pub max_backoff_secs: i64,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            worker_id: format!("worker-{}", std::process::id()),
            from: "Ombudsman <no-reply@ombudsman.localhost>".to_owned(),
            batch_size: 20,
            lease_secs: 120,
            poll_interval: Duration::from_secs(1),
            base_backoff_secs: 10,
            max_backoff_secs: 3600,
        }
    }
}

/// The delay before attempt `attempts + 1`: exponential, capped, with ±25% jitter so that
/// messages that failed together do not retry together.
pub fn backoff(attempts: i32, base_secs: i64, max_secs: i64) -> chrono::Duration {
    let exp = base_secs.saturating_mul(1i64 << attempts.clamp(0, 30).saturating_sub(1));
    let capped = exp.min(max_secs).max(1) as f64;
    let jitter = rand::thread_rng().gen_range(0.75..=1.25);
    chrono::Duration::milliseconds((capped * jitter * 1000.0) as i64)
}

/// A notification worker.
#[derive(Clone)]
pub struct Worker {
    pool: Pool,
    mailer: Mailer,
    config: WorkerConfig,
}

impl Worker {
    /// A worker over a pool and a transport.
    pub fn new(pool: Pool, mailer: Mailer, config: WorkerConfig) -> Self {
        Self { pool, mailer, config }
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut diesel::PgConnection) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await
        .map_err(|e| DbError::Unavailable(format!("worker task failed: {e}")))?
    }

    /// Runs until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(worker = %self.config.worker_id, "notification worker started");
        loop {
            if *shutdown.borrow() {
                break;
            }
            let handled = match self.run_once().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = %e, "notification worker cannot reach the database");
                    0
                }
            };
            if handled == 0 {
                tokio::select! {
                    _ = tokio::time::sleep(self.config.poll_interval) => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
        tracing::info!(worker = %self.config.worker_id, "notification worker stopped");
    }

    /// Claims one batch and delivers it; returns how many messages it handled.
    pub async fn run_once(&self) -> Result<usize, DbError> {
        let (id, batch, lease) = (
            self.config.worker_id.clone(),
            self.config.batch_size,
            self.config.lease_secs,
        );
        let claimed = self.blocking(move |c| outbox::claim(c, &id, batch, lease)).await?;
        let n = claimed.len();
        for message in claimed {
            self.deliver(message).await?;
        }
        Ok(n)
    }

    fn build(&self, msg: &OutboxMessage) -> Result<Message, SendError> {
        let rendered =
            render(&msg.kind, msg.language, &msg.payload).map_err(|e| SendError::Permanent(e.to_string()))?;
        let from = self
            .config
            .from
            .parse()
            .map_err(|e| SendError::Transient(format!("invalid From address: {e}")))?;
        let to = msg
            .recipient
            .parse()
            .map_err(|e| SendError::Permanent(format!("invalid recipient: {e}")))?;
        Message::builder()
            .from(from)
            .to(to)
            .subject(rendered.subject)
            .message_id(Some(msg.message_id.clone()))
            .header(ContentType::TEXT_PLAIN)
            .body(rendered.text)
            .map_err(|e| SendError::Permanent(e.to_string()))
    }

    async fn deliver(&self, msg: OutboxMessage) -> Result<(), DbError> {
        let outcome = match self.build(&msg) {
            Ok(message) => self.mailer.send(message).await,
            Err(e) => Err(e),
        };
        let worker = self.config.worker_id.clone();
        let id = msg.id;
        match outcome {
            Ok(()) => {
                tracing::info!(outbox_id = %id, kind = %msg.kind, "message sent");
                self.blocking(move |c| outbox::mark_sent(c, id, &worker).map(|_| ()))
                    .await
            }
            Err(err) => {
                let permanent = matches!(err, SendError::Permanent(_));
                let retry_at = Utc::now()
                    + backoff(
                        msg.attempts,
                        self.config.base_backoff_secs,
                        self.config.max_backoff_secs,
                    );
                tracing::warn!(outbox_id = %id, attempts = msg.attempts, permanent, error = %err, "message not sent");
                let error = err.to_string();
                self.blocking(move |c| outbox::mark_failed(c, id, &worker, &error, retry_at, permanent))
                    .await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_doubles_within_jitter_and_is_capped() {
        for (attempt, base) in [(1, 10.0), (2, 20.0), (3, 40.0), (4, 80.0)] {
            let secs = backoff(attempt, 10, 3600).num_milliseconds() as f64 / 1000.0;
            assert!(secs >= base * 0.75 && secs <= base * 1.25, "attempt {attempt}: {secs}");
        }
        let capped = backoff(40, 10, 3600).num_seconds();
        assert!((2700..=4500).contains(&capped));
    }
}
