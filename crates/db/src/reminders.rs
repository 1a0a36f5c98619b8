//! The weekly digest for managers (the daily digest of each member of staff is
//! [`crate::daily_digest`]). Each occurrence has a `dedupe_key`, built in Rust by
//! [`NotificationKind::occurrence_key`], so a digest is queued once however many workers look for
//! it at the same time: the functions below skip occurrences already queued, and
//! [`crate::outbox::enqueue`] ignores the one a concurrent worker queued first.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date, Int4, Int8, Nullable, Text, Uuid as SqlUuid};
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::language::Language;
use ombudsman_domain::notification::{self, day_count, Notification, NotificationKind};
use serde::Serialize;

use crate::outbox::{self, NewMessage};
use crate::{Conn, DbError};

/// A manager who gets the weekly digest.
#[derive(Debug, Clone, QueryableByName)]
pub struct DigestRecipient {
    /// User.
    #[diesel(sql_type = SqlUuid)]
    pub user_id: uuid::Uuid,
    /// Address.
    #[diesel(sql_type = Text)]
    pub email: String,
    /// Name.
    #[diesel(sql_type = Text)]
    pub full_name: String,
    /// Their office.
    #[diesel(sql_type = SqlUuid)]
    pub office_id: uuid::Uuid,
    /// Office code.
    #[diesel(sql_type = Text)]
    pub office_code: String,
    /// Central office managers' digests cover every office.
    #[diesel(sql_type = Bool)]
    pub is_central: bool,
    /// The office's language.
    #[diesel(sql_type = Text)]
    pub language: Language,
}

/// The figures of one digest.
#[derive(Debug, Clone, QueryableByName, Serialize)]
pub struct DigestCounts {
    /// Appeals not closed.
    #[diesel(sql_type = Int8)]
    pub open: i64,
    /// Of those, past their deadline.
    #[diesel(sql_type = Int8)]
    pub overdue: i64,
    /// Due within the next seven days.
    #[diesel(sql_type = Int8)]
    pub due_soon: i64,
    /// Registered in the last seven days.
    #[diesel(sql_type = Int8)]
    pub registered: i64,
    /// Closed in the last seven days.
    #[diesel(sql_type = Int8)]
    pub closed: i64,
}

/// An overdue appeal listed in a digest.
#[derive(Debug, Clone, QueryableByName, Serialize)]
pub struct DigestItem {
    /// Number.
    #[diesel(sql_type = Text)]
    pub number: String,
    /// Deadline.
    #[diesel(sql_type = Date)]
    pub due_on: NaiveDate,
    /// Days past it.
    #[diesel(sql_type = Int4)]
    pub days_overdue: i32,
    /// Assigned officer's name.
    #[diesel(sql_type = Nullable<Text>)]
    pub assignee: Option<String>,
}

/// Active managers, who get the digest.
pub fn digest_recipients(conn: &mut Conn) -> Result<Vec<DigestRecipient>, DbError> {
    Ok(diesel::sql_query(
        "SELECT u.id AS user_id, u.email, u.full_name, o.id AS office_id, o.code AS office_code, o.is_central, \
                COALESCE(u.language, o.default_language) AS language \
         FROM users u JOIN offices o ON o.id = u.office_id \
         WHERE u.is_active AND u.role = 'manager' \
         ORDER BY u.id",
    )
    .load(conn)?)
}

/// The occurrence key of a manager's digest of `week`.
pub fn digest_key(user: uuid::Uuid, week: &str) -> String {
    NotificationKind::WeeklyDigest.occurrence_key(&[&user, &week])
}

const SCOPE: &str = "($2 OR a.office_id = $3)";

/// The figures for one office (or every office) as of `today`.
pub fn digest_counts(
    conn: &mut Conn,
    today: NaiveDate,
    all_offices: bool,
    office: uuid::Uuid,
) -> Result<DigestCounts, DbError> {
    Ok(diesel::sql_query(format!(
        "SELECT count(*) FILTER (WHERE a.status <> 'closed') AS open, \
                count(*) FILTER (WHERE a.status <> 'closed' AND a.paused_since IS NULL AND a.due_on < $1) AS overdue, \
                count(*) FILTER (WHERE a.status <> 'closed' AND a.due_on BETWEEN $1 AND $1 + 6) AS due_soon, \
                count(*) FILTER (WHERE a.received_on BETWEEN $1 - 7 AND $1 - 1) AS registered, \
                count(*) FILTER (WHERE a.closed_on BETWEEN $1 - 7 AND $1 - 1) AS closed \
         FROM appeals a WHERE {SCOPE} AND (a.status <> 'closed' OR a.closed_on >= $1 - 7 OR a.received_on >= $1 - 7)"
    ))
    .bind::<Date, _>(today)
    .bind::<Bool, _>(all_offices)
    .bind::<SqlUuid, _>(office)
    .get_result(conn)?)
}

/// The most overdue open appeals (at most `limit`).
pub fn digest_overdue(
    conn: &mut Conn,
    today: NaiveDate,
    all_offices: bool,
    office: uuid::Uuid,
    limit: i64,
) -> Result<Vec<DigestItem>, DbError> {
    Ok(diesel::sql_query(format!(
        "SELECT a.number, a.due_on, ($1 - a.due_on)::int4 AS days_overdue, u.full_name AS assignee \
         FROM appeals a LEFT JOIN users u ON u.id = a.assigned_to \
         WHERE {SCOPE} AND a.status <> 'closed' AND a.paused_since IS NULL AND a.due_on < $1 \
         ORDER BY a.due_on, a.number LIMIT $4"
    ))
    .bind::<Date, _>(today)
    .bind::<Bool, _>(all_offices)
    .bind::<SqlUuid, _>(office)
    .bind::<Int8, _>(limit)
    .load(conn)?)
}

/// Queues the digest of `week` (e.g. `2026-W48`) for every manager who has not had it; returns
/// how many were queued.
pub fn queue_digests(conn: &mut Conn, today: NaiveDate, week: &str, mail_domain: &str) -> Result<usize, DbError> {
    let recipients = digest_recipients(conn)?;
    let keys: Vec<String> = recipients.iter().map(|r| digest_key(r.user_id, week)).collect();
    let queued_before = outbox::queued_keys(conn, &keys)?;
    let mut queued = 0;
    for (r, key) in recipients.into_iter().zip(keys) {
        if queued_before.contains(&key) {
            continue;
        }
        let counts = digest_counts(conn, today, r.is_central, r.office_id)?;
        let items = digest_overdue(conn, today, r.is_central, r.office_id, 20)?;
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        let digest = Notification::WeeklyDigest(notification::WeeklyDigest {
            full_name: r.full_name,
            office: r.office_code,
            all_offices: r.is_central,
            week: week.to_owned(),
            open: count(counts.open),
            overdue: count(counts.overdue),
            due_soon: count(counts.due_soon),
            registered: count(counts.registered),
            closed: count(counts.closed),
            overdue_items: items
                .into_iter()
                .map(|i| notification::DigestItem {
                    number: i.number,
                    due_on: i.due_on,
                    days_overdue: day_count(i.days_overdue),
                    assignee: i.assignee,
                })
                .collect(),
        });
        let message = NewMessage::notification(&digest, r.email, r.language, Some(OfficeId(r.office_id)), Some(key));
        if outbox::enqueue(conn, &message, mail_domain)? {
            queued += 1;
        }
    }
    Ok(queued)
}
