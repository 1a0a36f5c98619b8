//! The delivery loop. No row lock is held across the SMTP call: rows are claimed under a lease
//! in a committed transaction, sent, then marked sent or failed. A LISTEN connection wakes the
//! loop as soon as a row is committed; polling is the fallback when that connection is down.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Datelike, Timelike, Utc};
use futures_util::StreamExt;
use lettre::message::MultiPart;
use lettre::Message;
use ombudsman_db::offices;
use ombudsman_db::outbox::{self, OutboxMessage};
use ombudsman_db::{daily_digest, reminders};
use ombudsman_db::{DbError, Pool};
use ombudsman_domain::office::TASHKENT_UTC_OFFSET_SECS;
use rand::Rng;
use tokio::sync::{watch, Notify};

use crate::render::{parse_notification, render_letter, Letterhead};
use crate::transport::{Mailer, SendError};

/// When scheduled notifications are due.
#[derive(Debug, Clone)]
pub struct ScheduleConfig {
    /// Look for due reminders at all (one worker per deployment is enough, several are safe).
    pub enabled: bool,
    /// How often to look.
    pub interval: Duration,
    /// List an appeal in its officer's daily digest from this many days before its deadline (the
    /// day itself included).
    pub approaching_days: i32,
    /// Hour (Tashkent time) from which each member of staff's daily digest is sent.
    pub daily_digest_hour: u32,
    /// Day of the week of the managers' digest (Tashkent time).
    pub digest_weekday: chrono::Weekday,
    /// Hour of that day (Tashkent time) from which the digest is sent.
    pub digest_hour: u32,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            interval: Duration::from_secs(60),
            approaching_days: 3,
            daily_digest_hour: 8,
            digest_weekday: chrono::Weekday::Mon,
            digest_hour: 8,
        }
    }
}

/// How the worker behaves.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Names this worker in leases (host and process id by default).
    pub worker_id: String,
    /// The `From` mailbox, e.g. `Ombudsman <no-reply@ombudsman.uz>`.
    pub from: String,
    /// Domain of the Message-IDs of scheduled messages.
    pub mail_domain: String,
    /// Messages claimed at once.
    pub batch_size: i64,
    /// Messages of a batch sent at the same time (the SMTP pool holds as many connections).
    pub concurrency: usize,
    /// How long a claim is held before another worker may take the message.
    pub lease_secs: i64,
    /// How often to look for work when no notification arrives.
    pub poll_interval: Duration,
    /// The database to LISTEN on for new messages; `None` polls only.
    pub listen_url: Option<String>,
    /// First retry delay; doubles with each attempt.
    pub base_backoff: Duration,
    /// Longest retry delay.
    pub max_backoff: Duration,
    /// Scheduled notifications.
    pub schedule: ScheduleConfig,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            worker_id: default_worker_id(),
            from: "Ombudsman <no-reply@ombudsman.localhost>".to_owned(),
            mail_domain: "ombudsman.localhost".to_owned(),
            batch_size: 20,
            concurrency: 4,
            lease_secs: 120,
            poll_interval: Duration::from_secs(1),
            listen_url: None,
            base_backoff: Duration::from_secs(10),
            max_backoff: Duration::from_secs(3600),
            schedule: ScheduleConfig::default(),
        }
    }
}

fn default_worker_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned());
    format!("{host}-{}-{}", std::process::id(), uuid::Uuid::now_v7().simple())
}

/// The delay before attempt `attempts + 1`: exponential, capped, with ±25% jitter so that
/// messages that failed together do not retry together.
pub fn backoff(attempts: i32, base: Duration, max: Duration) -> chrono::Duration {
    let factor = 1u32 << attempts.clamp(1, 31).saturating_sub(1).min(20);
    let exp = base.saturating_mul(factor).min(max).max(Duration::from_millis(10));
    let jitter = rand::thread_rng().gen_range(0.75..=1.25);
    chrono::Duration::milliseconds((exp.as_secs_f64() * jitter * 1000.0) as i64)
}

/// The ISO week of a date, e.g. `2026-W48`.
pub fn iso_week(date: chrono::NaiveDate) -> String {
    let w = date.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// What one scheduler pass queued.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Scheduled {
    /// Daily digests of staff (one per person with something due soon or late).
    pub daily_digests: usize,
    /// Managers' weekly digests.
    pub weekly_digests: usize,
}

/// A notification worker.
#[derive(Clone)]
pub struct Worker {
    pool: Pool,
    mailer: Mailer,
    config: Arc<WorkerConfig>,
}

impl Worker {
    /// A worker over a pool and a transport.
    pub fn new(pool: Pool, mailer: Mailer, config: WorkerConfig) -> Self {
        Self {
            pool,
            mailer,
            config: Arc::new(config),
        }
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
        let wake = Arc::new(Notify::new());
        let listener = self
            .config
            .listen_url
            .clone()
            .map(|url| tokio::spawn(listen(url, wake.clone(), shutdown.clone())));
        let mut next_schedule = tokio::time::Instant::now();
        loop {
            if *shutdown.borrow() {
                break;
            }
            if self.config.schedule.enabled && tokio::time::Instant::now() >= next_schedule {
                next_schedule = tokio::time::Instant::now() + self.config.schedule.interval;
                match self.schedule(Utc::now()).await {
                    Ok(s) if s != Scheduled::default() => tracing::info!(?s, "scheduled notifications queued"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "cannot queue scheduled notifications"),
                }
            }
            let handled = match self.run_once().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = %e, "notification worker cannot reach the database");
                    0
                }
            };
            if handled == 0 {
                let mut pause = self.config.poll_interval;
                if self.config.schedule.enabled {
                    let until_schedule = next_schedule.saturating_duration_since(tokio::time::Instant::now());
                    pause = pause.min(until_schedule.max(Duration::from_millis(10)));
                }
                tokio::select! {
                    _ = tokio::time::sleep(pause) => {}
                    _ = wake.notified() => {}
                    changed = shutdown.changed() => {
                        // A dropped sender means nobody can stop us any more: stop now rather
                        // than spin on the closed channel.
                        if changed.is_err() {
                            break;
                        }
                    }
                }
            }
        }
        if let Some(listener) = listener {
            listener.abort();
        }
        tracing::info!(worker = %self.config.worker_id, "notification worker stopped");
    }

    /// Delivers until a claim finds nothing more; returns how many messages it handled. The
    /// next batch is claimed as soon as the last message of the current one has been handed to
    /// a send, while the others are still sending, so the connections never wait for a claim. A
    /// batch smaller than `batch_size` is the last of the call (the loop calls again at once
    /// when anything was handled, after looking at the schedule).
    pub async fn run_once(&self) -> Result<usize, DbError> {
        let concurrency = self.config.concurrency.max(1);
        let mut sending = tokio::task::JoinSet::new();
        let mut queue = std::collections::VecDeque::new();
        let (mut last, mut handled, mut failure) = (false, 0, None);
        loop {
            while sending.len() < concurrency {
                if let Some((message, letterhead)) = queue.pop_front() {
                    let worker = self.clone();
                    sending.spawn(async move { worker.deliver(message, &letterhead).await });
                    continue;
                }
                if last {
                    break;
                }
                // The sends already started go on while this claim runs.
                match self.claim().await {
                    Ok(batch) => {
                        last = (batch.len() as i64) < self.config.batch_size;
                        queue.extend(batch);
                    }
                    Err(e) => {
                        last = true;
                        failure.get_or_insert(e);
                    }
                }
            }
            let Some(done) = sending.join_next().await else { break };
            handled += 1;
            let result = done.unwrap_or_else(|e| Err(DbError::Unavailable(format!("delivery task failed: {e}"))));
            if let Err(e) = result {
                failure.get_or_insert(e);
            }
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(handled),
        }
    }

    /// Claims a batch under a lease, with the footer of each message: the details of the office
    /// handling the matter (the central office's when the message names none), as they are when
    /// the message is sent; one query per office of the batch.
    async fn claim(&self) -> Result<Vec<(OutboxMessage, Letterhead)>, DbError> {
        let (id, batch, lease) = (
            self.config.worker_id.clone(),
            self.config.batch_size,
            self.config.lease_secs,
        );
        self.blocking(move |c| {
            let claimed = outbox::claim(c, &id, batch, lease)?;
            let mut letterheads = std::collections::HashMap::new();
            let mut out = Vec::with_capacity(claimed.len());
            for msg in claimed {
                let office = outbox::letterhead_office(&msg.payload);
                let head = match letterheads.get(&office) {
                    Some(head) => Clone::clone(head),
                    None => {
                        let head = offices::letterhead_office(c, office)?
                            .map(letterhead)
                            .unwrap_or_default();
                        letterheads.insert(office, head.clone());
                        head
                    }
                };
                out.push((msg, head));
            }
            Ok(out)
        })
        .await
    }

    /// Queues the scheduled notifications due at `now`: from the configured hour, each member of
    /// staff's digest of the day (what is due soon or late), and from the configured weekday and
    /// hour, the managers' digest of the week. Days are Tashkent days. Several workers may run
    /// this at once; each digest is queued once.
    pub async fn schedule(&self, now: DateTime<Utc>) -> Result<Scheduled, DbError> {
        let config = self.config.clone();
        self.blocking(move |c| {
            use diesel::Connection;
            let local = now + chrono::Duration::seconds(i64::from(TASHKENT_UTC_OFFSET_SECS));
            let today = local.date_naive();
            let s = &config.schedule;
            c.transaction(|c| {
                let daily_digests = if local.hour() >= s.daily_digest_hour {
                    daily_digest::queue_daily_digests(c, today, s.approaching_days, &config.mail_domain)?
                } else {
                    0
                };
                let days_into_week = i64::from(local.weekday().days_since(s.digest_weekday));
                let weekly_due = days_into_week > 0 || local.hour() >= s.digest_hour;
                let weekly_digests = if weekly_due {
                    // The week starts on the digest day, so one digest goes out per seven days.
                    let start = today - chrono::Duration::days(days_into_week);
                    reminders::queue_digests(c, today, &iso_week(start), &config.mail_domain)?
                } else {
                    0
                };
                Ok(Scheduled {
                    daily_digests,
                    weekly_digests,
                })
            })
        })
        .await
    }

    fn build(&self, msg: &OutboxMessage, letterhead: &Letterhead) -> Result<Message, SendError> {
        let rendered = parse_notification(&msg.kind, &msg.payload)
            .and_then(|notification| render_letter(&notification, msg.language, Some(letterhead)))
            .map_err(|e| SendError::Permanent(e.to_string()))?;
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
            .header(ContentLanguage(msg.language.as_str().to_owned()))
            .multipart(MultiPart::alternative_plain_html(rendered.text, rendered.html))
            .map_err(|e| SendError::Permanent(e.to_string()))
    }

    async fn deliver(&self, msg: OutboxMessage, letterhead: &Letterhead) -> Result<(), DbError> {
        let outcome = match self.build(&msg, letterhead) {
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
                let retry_at = Utc::now() + backoff(msg.attempts, self.config.base_backoff, self.config.max_backoff);
                tracing::warn!(outbox_id = %id, attempts = msg.attempts, permanent, error = %err, "message not sent");
                let error = err.to_string();
                self.blocking(move |c| outbox::mark_failed(c, id, &worker, &error, retry_at, permanent))
                    .await
            }
        }
    }
}

/// An office's details as a letter's footer gives them.
fn letterhead(office: offices::Office) -> Letterhead {
    Letterhead {
        official_name: office.official_name,
        address: office.address,
        phone: office.phone,
        email: office.email,
        website: office.website,
    }
}

/// The `Content-Language` header.
#[derive(Debug, Clone)]
struct ContentLanguage(String);

impl lettre::message::header::Header for ContentLanguage {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// Keeps a LISTEN connection open and wakes the worker on every notification, reconnecting
/// after a failure; the worker polls meanwhile.
async fn listen(url: String, wake: Arc<Notify>, mut shutdown: watch::Receiver<bool>) {
    loop {
        if let Err(e) = listen_once(&url, &wake).await {
            tracing::warn!(error = %e, "LISTEN connection lost; polling until it is back");
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(5)) => {}
            _ = shutdown.changed() => return,
        }
    }
}

async fn listen_once(url: &str, wake: &Notify) -> Result<(), tokio_postgres::Error> {
    let (client, mut connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(tokio_postgres::AsyncMessage::Notification(_)) => {
                    if tx.send(()).is_err() {
                        break;
                    }
                }
                Ok(_) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    });
    client.batch_execute("LISTEN outbox").await?;
    tracing::debug!("listening for new messages");
    // Anything committed before LISTEN took effect is picked up by this first wake-up.
    wake.notify_one();
    while rx.recv().await.is_some() {
        wake.notify_one();
    }
    match driver.await {
        Ok(result) => result,
        Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::{backoff, iso_week};
    use std::time::Duration;

    #[test]
    fn backoff_doubles_within_jitter_and_is_capped() {
        let base = Duration::from_secs(10);
        let max = Duration::from_secs(3600);
        for (attempt, expected) in [(1, 10.0), (2, 20.0), (3, 40.0), (4, 80.0)] {
            let secs = backoff(attempt, base, max).num_milliseconds() as f64 / 1000.0;
            assert!(
                secs >= expected * 0.75 && secs <= expected * 1.25,
                "attempt {attempt}: {secs}"
            );
        }
        let capped = backoff(40, base, max).num_seconds();
        assert!((2700..=4500).contains(&capped));
    }

    #[test]
    fn weeks_are_named_the_iso_way() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(iso_week(d), "2026-W48");
        let new_year = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(iso_week(new_year), "2026-W53");
    }
}
