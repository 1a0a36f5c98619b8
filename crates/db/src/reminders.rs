//! Scheduled notifications: deadline reminders and overdue notices to the officer in charge, and
//! the weekly digest for managers. Each occurrence has a `dedupe_key`, built in Rust by
//! [`NotificationKind::occurrence_key`], so a reminder is queued once however many workers look for
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

/// An appeal whose deadline is near or past, with the member of staff to remind.
#[derive(Debug, Clone, QueryableByName)]
pub struct DeadlineReminder {
    /// Appeal.
    #[diesel(sql_type = SqlUuid)]
    pub appeal_id: uuid::Uuid,
    /// Registration number.
    #[diesel(sql_type = Text)]
    pub number: String,
    /// Subject.
    #[diesel(sql_type = Text)]
    pub subject: String,
    /// Current deadline.
    #[diesel(sql_type = Date)]
    pub due_on: NaiveDate,
    /// Days from today to the deadline (negative when overdue).
    #[diesel(sql_type = Int4)]
    pub days_left: i32,
    /// Who is reminded: the assigned officer, or the office's managers when nobody active is assigned.
    #[diesel(sql_type = SqlUuid)]
    pub user_id: uuid::Uuid,
    /// Their address.
    #[diesel(sql_type = Text)]
    pub email: String,
    /// Their name.
    #[diesel(sql_type = Text)]
    pub full_name: String,
    /// The office's language.
    #[diesel(sql_type = Text)]
    pub language: Language,
    /// The appeal's office.
    #[diesel(sql_type = SqlUuid)]
    pub office_id: OfficeId,
}

/// The kind of a deadline reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderKind {
    /// The deadline is within the warning window (today included).
    Approaching,
    /// The deadline has passed.
    Overdue,
}

impl ReminderKind {
    /// The notification it sends.
    pub fn notification_kind(self) -> NotificationKind {
        match self {
            ReminderKind::Approaching => NotificationKind::DeadlineApproaching,
            ReminderKind::Overdue => NotificationKind::AppealOverdue,
        }
    }

    /// The outbox kind.
    pub fn as_str(self) -> &'static str {
        self.notification_kind().as_str()
    }
}

/// Open, running (not paused) appeals whose deadline falls in the window of `kind`, one row per
/// member of staff to remind. The caller leaves out the reminders already queued.
pub fn due_reminders(
    conn: &mut Conn,
    kind: ReminderKind,
    today: NaiveDate,
    approaching_days: i32,
) -> Result<Vec<DeadlineReminder>, DbError> {
    let window = match kind {
        ReminderKind::Approaching => "a.due_on BETWEEN $1 AND $1 + $2",
        ReminderKind::Overdue => "a.due_on < $1",
    };
    let sql = format!(
        "SELECT a.id AS appeal_id, a.number, a.subject, a.due_on, (a.due_on - $1)::int4 AS days_left, \
                u.id AS user_id, u.email, u.full_name, o.default_language AS language, o.id AS office_id \
         FROM appeals a \
         JOIN offices o ON o.id = a.office_id \
         JOIN users u ON u.is_active AND ( \
              u.id = a.assigned_to \
              OR (u.role = 'manager' AND u.office_id = a.office_id \
                  AND NOT EXISTS (SELECT 1 FROM users x WHERE x.id = a.assigned_to AND x.is_active))) \
         WHERE a.status <> 'closed' AND a.paused_since IS NULL AND {window} \
         ORDER BY a.due_on, a.id"
    );
    Ok(diesel::sql_query(sql)
        .bind::<Date, _>(today)
        .bind::<Int4, _>(approaching_days)
        .load(conn)?)
}

/// The occurrence key of a reminder: one per appeal, deadline and person. A new deadline (after
/// an extension or a pause) is a new occurrence.
pub fn reminder_key(kind: ReminderKind, r: &DeadlineReminder) -> String {
    kind.notification_kind().reminder_key(r.appeal_id, r.due_on, r.user_id)
}

/// Queues each candidate whose key is not queued yet; returns how many were queued. The keys are
/// built in Rust only ([`NotificationKind::occurrence_key`]), never in SQL.
fn queue_new(conn: &mut Conn, candidates: Vec<(String, NewMessage)>, mail_domain: &str) -> Result<usize, DbError> {
    let keys: Vec<String> = candidates.iter().map(|(key, _)| key.clone()).collect();
    let queued_before = outbox::queued_keys(conn, &keys)?;
    let mut queued = 0;
    for (key, message) in candidates {
        if queued_before.contains(&key) {
            continue;
        }
        if outbox::enqueue(conn, &message, mail_domain)? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Queues the reminders of `kind` that are due; returns how many were queued.
pub fn queue_reminders(
    conn: &mut Conn,
    kind: ReminderKind,
    today: NaiveDate,
    approaching_days: i32,
    mail_domain: &str,
) -> Result<usize, DbError> {
    let candidates = due_reminders(conn, kind, today, approaching_days)?
        .into_iter()
        .map(|r| {
            let notification = match kind {
                ReminderKind::Approaching => Notification::DeadlineApproaching(notification::DeadlineReminder {
                    number: r.number.clone(),
                    subject: r.subject.clone(),
                    due_on: r.due_on,
                    days_left: day_count(r.days_left),
                    full_name: r.full_name.clone(),
                }),
                ReminderKind::Overdue => Notification::AppealOverdue(notification::AppealOverdue {
                    number: r.number.clone(),
                    subject: r.subject.clone(),
                    due_on: r.due_on,
                    days_overdue: day_count(-r.days_left),
                    full_name: r.full_name.clone(),
                }),
            };
            let key = reminder_key(kind, &r);
            let message =
                NewMessage::notification(&notification, r.email, r.language, Some(r.office_id), Some(key.clone()));
            (key, message)
        })
        .collect();
    queue_new(conn, candidates, mail_domain)
}

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
                o.default_language AS language \
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

/// Queues reminders to managers about impact measures whose answer is overdue; returns how many
/// were queued. One per measure, response due date and manager.
pub fn queue_measure_reminders(conn: &mut Conn, today: NaiveDate, mail_domain: &str) -> Result<usize, DbError> {
    let candidates = crate::impact::overdue_reminders(conn, today)?
        .into_iter()
        .map(|m| {
            let key = NotificationKind::ImpactMeasureOverdue.reminder_key(m.id, m.response_due_on, m.user_id);
            let reminder = Notification::ImpactMeasureOverdue(notification::ImpactMeasureOverdue {
                reference: m.number,
                kind: m.kind,
                addressee: m.addressee,
                response_due_on: m.response_due_on,
                days_overdue: day_count(m.days_overdue),
                full_name: m.full_name,
            });
            let message =
                NewMessage::notification(&reminder, m.email, m.language, Some(m.office_id), Some(key.clone()));
            (key, message)
        })
        .collect();
    queue_new(conn, candidates, mail_domain)
}

/// Queues reminders to the monitors of a visit about its recommendations that are past their due
/// date and still open or partially implemented; returns how many were queued. One per
/// recommendation, due date and recipient.
pub fn queue_recommendation_reminders(conn: &mut Conn, today: NaiveDate, mail_domain: &str) -> Result<usize, DbError> {
    let candidates = crate::visits::overdue_reminders(conn, today)?
        .into_iter()
        .map(|r| {
            let key = NotificationKind::RecommendationOverdue.reminder_key(r.id, r.due_on, r.user_id);
            let reminder = Notification::RecommendationOverdue(notification::RecommendationOverdue {
                visit: r.visit_number,
                facility: r.facility,
                text: r.text,
                addressee: r.addressee,
                status: r.status,
                due_on: r.due_on,
                days_overdue: day_count(r.days_overdue),
                full_name: r.full_name,
            });
            let message =
                NewMessage::notification(&reminder, r.email, r.language, Some(r.office_id), Some(key.clone()));
            (key, message)
        })
        .collect();
    queue_new(conn, candidates, mail_domain)
}
