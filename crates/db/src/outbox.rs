//! The transactional outbox and durable queue of e-mails.
//!
//! Rows are written in the transaction of the change they announce ([`enqueue`]). Workers
//! [`claim`] ready rows with `FOR UPDATE SKIP LOCKED` and a lease (`locked_until`), commit, send
//! without holding any row lock, then record the result. A worker that dies leaves its lease to
//! expire; the row is then claimed again and resent with the same Message-ID.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Int8, Text, Timestamptz};
use ombudsman_domain::ids::{OfficeId, OutboxId};
use ombudsman_domain::language::Language;
use ombudsman_domain::notification::Notification;
use serde::Serialize;

use crate::schema::outbox;
use crate::{Conn, DbError};

/// A queued message as stored.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Serialize)]
#[diesel(table_name = outbox, check_for_backend(diesel::pg::Pg))]
pub struct OutboxMessage {
    /// Identifier.
    pub id: OutboxId,
    /// Template kind, e.g. `appeal_registered`.
    pub kind: String,
    /// Recipient address.
    pub recipient: String,
    /// Language of the message.
    pub language: Language,
    /// Values for the template.
    pub payload: serde_json::Value,
    /// `pending`, `sent` or `dead`.
    pub status: String,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// Attempts before the message is dead.
    pub max_attempts: i32,
    /// Not to be sent before.
    pub available_at: DateTime<Utc>,
    /// Lease of the worker sending it.
    pub locked_until: Option<DateTime<Utc>>,
    /// Which worker holds the lease.
    pub locked_by: Option<String>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// Stable Message-ID header value.
    pub message_id: String,
    /// One message per occurrence of a scheduled notification.
    pub dedupe_key: Option<String>,
    /// When queued.
    pub created_at: DateTime<Utc>,
    /// When the SMTP server accepted it.
    pub sent_at: Option<DateTime<Utc>>,
}

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// Template kind.
    pub kind: String,
    /// Recipient.
    pub recipient: String,
    /// Language.
    pub language: Language,
    /// Template values.
    pub payload: serde_json::Value,
    /// For scheduled notifications: the occurrence key that makes the message unique.
    pub dedupe_key: Option<String>,
}

/// The payload key naming the office whose details a letter's footer gives.
pub const LETTERHEAD_OFFICE: &str = "office_id";

impl NewMessage {
    /// A notification to `recipient` in `language`: the kind comes from the value, the payload is
    /// its fields plus, when given, the office whose details its footer names (the office that
    /// handles the appeal; the central office's details are used when there is none).
    pub fn notification(
        notification: &Notification,
        recipient: String,
        language: Language,
        office: Option<OfficeId>,
        dedupe_key: Option<String>,
    ) -> NewMessage {
        // Strings, numbers and dates only: serializing a notification cannot fail, and a payload
        // that did would fail to render, visibly, as a dead message.
        let mut payload = serde_json::to_value(notification).unwrap_or_default();
        if let (Some(office), Some(fields)) = (office, payload.as_object_mut()) {
            fields.insert(LETTERHEAD_OFFICE.to_owned(), serde_json::json!(office));
        }
        NewMessage {
            kind: notification.kind().as_str().to_owned(),
            recipient,
            language,
            payload,
            dedupe_key,
        }
    }
}

/// The office a queued message names in its footer, when its producer said.
pub fn letterhead_office(payload: &serde_json::Value) -> Option<OfficeId> {
    payload
        .get(LETTERHEAD_OFFICE)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// Of `keys`, those already queued.
pub fn queued_keys(conn: &mut Conn, keys: &[String]) -> Result<std::collections::HashSet<String>, DbError> {
    if keys.is_empty() {
        return Ok(Default::default());
    }
    let found: Vec<Option<String>> = outbox::table
        .filter(outbox::dedupe_key.eq_any(keys))
        .select(outbox::dedupe_key)
        .load(conn)?;
    Ok(found.into_iter().flatten().collect())
}

#[derive(Insertable)]
#[diesel(table_name = outbox)]
struct OutboxRow<'a> {
    id: OutboxId,
    kind: &'a str,
    recipient: &'a str,
    language: Language,
    payload: &'a serde_json::Value,
    message_id: String,
    dedupe_key: Option<&'a str>,
}

/// Queues a message inside the caller's transaction. A message whose `dedupe_key` is already
/// queued is skipped (returns `false`).
pub fn enqueue(conn: &mut Conn, msg: &NewMessage, mail_domain: &str) -> Result<bool, DbError> {
    let id = OutboxId::new();
    let inserted = diesel::insert_into(outbox::table)
        .values(OutboxRow {
            id,
            kind: &msg.kind,
            recipient: &msg.recipient,
            language: msg.language,
            payload: &msg.payload,
            message_id: format!("<{id}@{mail_domain}>"),
            dedupe_key: msg.dedupe_key.as_deref(),
        })
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(inserted == 1)
}

/// Claims up to `limit` ready messages for `worker` under a lease of `lease_secs`, committing
/// before the caller sends. Rows locked by another claim are skipped, not waited for.
pub fn claim(conn: &mut Conn, worker: &str, limit: i64, lease_secs: i64) -> Result<Vec<OutboxMessage>, DbError> {
    Ok(diesel::sql_query(
        "UPDATE outbox SET locked_until = now() + make_interval(secs => $3), locked_by = $1, \
                attempts = attempts + 1 \
         WHERE id IN ( \
             SELECT id FROM outbox \
             WHERE status = 'pending' AND available_at <= now() \
               AND (locked_until IS NULL OR locked_until < now()) \
             ORDER BY available_at \
             LIMIT $2 \
             FOR UPDATE SKIP LOCKED) \
         RETURNING *",
    )
    .bind::<Text, _>(worker)
    .bind::<Int8, _>(limit)
    .bind::<diesel::sql_types::Double, _>(lease_secs as f64)
    .load(conn)?)
}

/// Records a delivery accepted by the SMTP server.
pub fn mark_sent(conn: &mut Conn, id: OutboxId, worker: &str) -> Result<bool, DbError> {
    let n = diesel::update(outbox::table.find(id).filter(outbox::locked_by.eq(worker)))
        .set((
            outbox::status.eq("sent"),
            outbox::sent_at.eq(diesel::dsl::now),
            outbox::locked_until.eq(None::<DateTime<Utc>>),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Records a failed attempt: the message is retried at `retry_at`, or is dead when it has used
/// all its attempts (or `permanent` is set).
pub fn mark_failed(
    conn: &mut Conn,
    id: OutboxId,
    worker: &str,
    error: &str,
    retry_at: DateTime<Utc>,
    permanent: bool,
) -> Result<(), DbError> {
    diesel::sql_query(
        "UPDATE outbox SET \
            status = CASE WHEN $4 OR attempts >= max_attempts THEN 'dead' ELSE 'pending' END, \
            available_at = $3, locked_until = NULL, last_error = $2 \
         WHERE id = $1 AND locked_by = $5",
    )
    .bind::<diesel::sql_types::Uuid, _>(id)
    .bind::<Text, _>(error)
    .bind::<Timestamptz, _>(retry_at)
    .bind::<diesel::sql_types::Bool, _>(permanent)
    .bind::<Text, _>(worker)
    .execute(conn)?;
    Ok(())
}

/// Messages with `status` (`pending`, `sent` or `dead`), newest first, before a keyset cursor.
pub fn list(
    conn: &mut Conn,
    status: &str,
    before: Option<OutboxId>,
    limit: i64,
) -> Result<Vec<OutboxMessage>, DbError> {
    let mut query = outbox::table
        .filter(outbox::status.eq(status.to_owned()))
        .order(outbox::id.desc())
        .limit(limit)
        .select(OutboxMessage::as_select())
        .into_boxed();
    if let Some(b) = before {
        query = query.filter(outbox::id.lt(b));
    }
    Ok(query.load(conn)?)
}

/// Puts a dead message back in the queue with a fresh set of attempts.
pub fn retry_dead(conn: &mut Conn, id: OutboxId) -> Result<OutboxMessage, DbError> {
    Ok(diesel::update(outbox::table.find(id).filter(outbox::status.eq("dead")))
        .set((
            outbox::status.eq("pending"),
            outbox::attempts.eq(0),
            outbox::available_at.eq(diesel::dsl::now),
            outbox::locked_until.eq(None::<DateTime<Utc>>),
            outbox::locked_by.eq(None::<String>),
        ))
        .returning(OutboxMessage::as_returning())
        .get_result(conn)?)
}

/// One message.
pub fn find(conn: &mut Conn, id: OutboxId) -> Result<OutboxMessage, DbError> {
    Ok(outbox::table.find(id).select(OutboxMessage::as_select()).first(conn)?)
}

/// Messages to one recipient, oldest first (for tests and the admin view).
pub fn for_recipient(conn: &mut Conn, recipient: &str) -> Result<Vec<OutboxMessage>, DbError> {
    Ok(outbox::table
        .filter(outbox::recipient.eq(recipient))
        .order(outbox::created_at.asc())
        .select(OutboxMessage::as_select())
        .load(conn)?)
}

/// Counts of messages per status, for `/metrics`.
pub fn count_by_status(conn: &mut Conn) -> Result<Vec<(String, i64)>, DbError> {
    Ok(outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .load(conn)?)
}
