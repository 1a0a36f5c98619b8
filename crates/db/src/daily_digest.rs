//! The daily digest of each member of staff: one e-mail a day listing everything of theirs that is
//! due soon or late — their appeals whose answer date is near or past, requests to state bodies on
//! those appeals still unanswered after their due date, impact measures they issued whose answer is
//! overdue, and recommendations of their visits past the due date and not yet implemented.
//!
//! Who is told of what: the assigned officer of an appeal (the office's managers when nobody
//! active is assigned), the issuer of a measure (the office's managers when the issuer is no longer
//! active), the monitors and managers of a visit's team (the office's managers when none of them is
//! active). Paused appeals are left out (the clock is stopped while the office waits for the
//! applicant), but not their late requests to state bodies, whose answers do not wait.
//!
//! One digest per person and day: its `dedupe_key` (`staff_daily_digest:user:day`, built in Rust
//! by [`NotificationKind::occurrence_key`]) is unique in the outbox, so a restart, a second pass or
//! a second worker queues nothing more that day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Array, Date, Int4, Text, Uuid as SqlUuid};
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::language::Language;
use ombudsman_domain::notification::{
    AppealDue, MeasureDue, Notification, NotificationKind, RecommendationDue, RequestDue, StaffDailyDigest,
};

use crate::outbox::{self, NewMessage};
use crate::{Conn, DbError};

/// The occurrence key of the digest of `user` on `day`.
pub fn daily_digest_key(user: uuid::Uuid, day: NaiveDate) -> String {
    NotificationKind::StaffDailyDigest.occurrence_key(&[&user, &day])
}

/// Who is told of an appeal `a`: its assigned officer, or the office's managers when nobody active
/// is assigned.
const APPEAL_STAFF: &str = "JOIN users u ON u.is_active AND ( \
         u.id = a.assigned_to \
         OR (u.role = 'manager' AND u.office_id = a.office_id \
             AND NOT EXISTS (SELECT 1 FROM users x WHERE x.id = a.assigned_to AND x.is_active)))";

#[derive(QueryableByName)]
struct AppealRow {
    #[diesel(sql_type = SqlUuid)]
    user_id: uuid::Uuid,
    #[diesel(sql_type = Text)]
    number: String,
    #[diesel(sql_type = Text)]
    subject: String,
    #[diesel(sql_type = Date)]
    due_on: NaiveDate,
}

#[derive(QueryableByName)]
struct RequestRow {
    #[diesel(sql_type = SqlUuid)]
    user_id: uuid::Uuid,
    #[diesel(sql_type = Text)]
    appeal: String,
    #[diesel(sql_type = Text)]
    body: String,
    #[diesel(sql_type = Text)]
    subject: String,
    #[diesel(sql_type = Date)]
    due_on: NaiveDate,
}

#[derive(QueryableByName)]
struct MeasureRow {
    #[diesel(sql_type = SqlUuid)]
    user_id: uuid::Uuid,
    #[diesel(sql_type = Text)]
    reference: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    addressee: String,
    #[diesel(sql_type = Date)]
    due_on: NaiveDate,
}

#[derive(QueryableByName)]
struct RecommendationRow {
    #[diesel(sql_type = SqlUuid)]
    user_id: uuid::Uuid,
    #[diesel(sql_type = Text)]
    visit: String,
    #[diesel(sql_type = Text)]
    facility: String,
    #[diesel(sql_type = Text)]
    text: String,
    #[diesel(sql_type = Text)]
    addressee: String,
    #[diesel(sql_type = Date)]
    due_on: NaiveDate,
}

/// A member of staff who gets a digest.
#[derive(Debug, Clone, QueryableByName)]
pub struct StaffRecipient {
    /// User.
    #[diesel(sql_type = SqlUuid)]
    pub user_id: uuid::Uuid,
    /// Address.
    #[diesel(sql_type = Text)]
    pub email: String,
    /// Name.
    #[diesel(sql_type = Text)]
    pub full_name: String,
    /// Their language: their own, else their office's.
    #[diesel(sql_type = Text)]
    pub language: Language,
    /// Their office, whose details the footer gives.
    #[diesel(sql_type = SqlUuid)]
    pub office_id: OfficeId,
}

/// The digests due on `today`, one per member of staff with at least one item (their names are
/// filled in by [`queue_daily_digests`]). Appeals count as due soon from `approaching_days` before
/// their answer date to the day itself. Each section lists the most urgent first.
pub fn gather(
    conn: &mut Conn,
    today: NaiveDate,
    approaching_days: i32,
) -> Result<BTreeMap<uuid::Uuid, StaffDailyDigest>, DbError> {
    let mut digests: BTreeMap<uuid::Uuid, StaffDailyDigest> = BTreeMap::new();

    let appeals: Vec<AppealRow> = diesel::sql_query(format!(
        "SELECT u.id AS user_id, a.number, a.subject, a.due_on \
         FROM appeals a {APPEAL_STAFF} \
         WHERE a.status <> 'closed' AND a.paused_since IS NULL AND a.due_on <= $1 + $2 \
         ORDER BY a.due_on, a.number"
    ))
    .bind::<Date, _>(today)
    .bind::<Int4, _>(approaching_days)
    .load(conn)?;
    for r in appeals {
        let overdue = r.due_on < today;
        let digest = of(&mut digests, r.user_id, today);
        let section = if overdue {
            &mut digest.appeals_overdue
        } else {
            &mut digest.appeals_due_soon
        };
        section.push(AppealDue {
            number: r.number,
            subject: r.subject,
            due_on: r.due_on,
        });
    }

    let requests: Vec<RequestRow> = diesel::sql_query(format!(
        "SELECT u.id AS user_id, a.number AS appeal, r.body_name AS body, r.subject, r.due_on \
         FROM body_requests r JOIN appeals a ON a.id = r.appeal_id {APPEAL_STAFF} \
         WHERE a.status <> 'closed' AND r.answered_on IS NULL AND r.due_on < $1 \
         ORDER BY r.due_on, a.number, r.id"
    ))
    .bind::<Date, _>(today)
    .load(conn)?;
    for r in requests {
        of(&mut digests, r.user_id, today).requests_overdue.push(RequestDue {
            appeal: r.appeal,
            body: r.body,
            subject: r.subject,
            due_on: r.due_on,
        });
    }

    let measures: Vec<MeasureRow> = diesel::sql_query(
        "SELECT u.id AS user_id, m.number AS reference, m.kind, m.addressee, m.response_due_on AS due_on \
         FROM impact_measures m \
         JOIN users u ON u.is_active AND ( \
              u.id = m.issued_by \
              OR (u.role = 'manager' AND u.office_id = m.office_id \
                  AND NOT EXISTS (SELECT 1 FROM users x WHERE x.id = m.issued_by AND x.is_active))) \
         WHERE m.status = 'issued' AND m.response_due_on < $1 \
         ORDER BY m.response_due_on, m.number",
    )
    .bind::<Date, _>(today)
    .load(conn)?;
    for m in measures {
        of(&mut digests, m.user_id, today).measures_overdue.push(MeasureDue {
            reference: m.reference,
            kind: m.kind,
            addressee: m.addressee,
            due_on: m.due_on,
        });
    }

    let recommendations: Vec<RecommendationRow> = diesel::sql_query(
        "SELECT u.id AS user_id, v.number AS visit, f.name AS facility, r.text, r.addressee, r.due_on \
         FROM recommendations r \
         JOIN visits v ON v.id = r.visit_id \
         JOIN facilities f ON f.id = v.facility_id \
         JOIN users u ON u.is_active AND u.role IN ('monitor', 'manager') AND ( \
              u.id IN (SELECT t.user_id FROM visit_team t WHERE t.visit_id = v.id) \
              OR (u.role = 'manager' AND u.office_id = v.office_id AND NOT EXISTS ( \
                  SELECT 1 FROM visit_team t JOIN users x ON x.id = t.user_id \
                  WHERE t.visit_id = v.id AND x.is_active AND x.role IN ('monitor', 'manager')))) \
         WHERE r.status IN ('open', 'partially_implemented') AND r.due_on < $1 \
         ORDER BY r.due_on, v.number, r.position",
    )
    .bind::<Date, _>(today)
    .load(conn)?;
    for r in recommendations {
        of(&mut digests, r.user_id, today)
            .recommendations_overdue
            .push(RecommendationDue {
                visit: r.visit,
                facility: r.facility,
                text: r.text,
                addressee: r.addressee,
                due_on: r.due_on,
            });
    }
    Ok(digests)
}

/// The digest of `user` on `day`, started empty.
fn of(digests: &mut BTreeMap<uuid::Uuid, StaffDailyDigest>, user: uuid::Uuid, day: NaiveDate) -> &mut StaffDailyDigest {
    digests
        .entry(user)
        .or_insert_with(|| StaffDailyDigest::new(String::new(), day))
}

/// The active members of staff among `users`, with their address and language.
pub fn staff_recipients(conn: &mut Conn, users: &[uuid::Uuid]) -> Result<Vec<StaffRecipient>, DbError> {
    Ok(diesel::sql_query(
        "SELECT u.id AS user_id, u.email, u.full_name, COALESCE(u.language, o.default_language) AS language, o.id AS office_id \
         FROM users u JOIN offices o ON o.id = u.office_id \
         WHERE u.is_active AND u.id = ANY($1) \
         ORDER BY u.id",
    )
    .bind::<Array<SqlUuid>, _>(users)
    .load(conn)?)
}

/// Queues today's digest for every member of staff who has something due soon or late and has
/// not had today's yet; returns how many were queued.
pub fn queue_daily_digests(
    conn: &mut Conn,
    today: NaiveDate,
    approaching_days: i32,
    mail_domain: &str,
) -> Result<usize, DbError> {
    let mut digests = gather(conn, today, approaching_days)?;
    let keys: Vec<String> = digests.keys().map(|user| daily_digest_key(*user, today)).collect();
    let queued_before = outbox::queued_keys(conn, &keys)?;
    digests.retain(|user, _| !queued_before.contains(&daily_digest_key(*user, today)));
    if digests.is_empty() {
        return Ok(0);
    }
    let users: Vec<uuid::Uuid> = digests.keys().copied().collect();
    let mut queued = 0;
    for r in staff_recipients(conn, &users)? {
        let Some(mut digest) = digests.remove(&r.user_id) else {
            continue;
        };
        digest.full_name = r.full_name;
        let key = daily_digest_key(r.user_id, today);
        let message = NewMessage::notification(
            &Notification::StaffDailyDigest(digest),
            r.email,
            r.language,
            Some(r.office_id),
            Some(key),
        );
        if outbox::enqueue(conn, &message, mail_domain)? {
            queued += 1;
        }
    }
    Ok(queued)
}
