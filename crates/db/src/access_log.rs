//! The access log: failed logins, denials of existing records and every read of a protected
//! identity. Append-only at the database, like the audit trail.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use ombudsman_domain::ids::UserId;
use serde::Serialize;
use uuid::Uuid;

use crate::schema::access_log;
use crate::{Conn, DbError};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessKind {
    /// A login with a wrong e-mail or password, or of a deactivated user.
    LoginFailed,
    /// A caller asked for an existing record the policy does not let them see or change.
    Denied,
    /// A caller was shown the identity of a protected applicant.
    IdentityRead,
}

impl AccessKind {
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessKind::LoginFailed => "login_failed",
            AccessKind::Denied => "denied",
            AccessKind::IdentityRead => "identity_read",
        }
    }
}

/// One entry to write.
#[derive(Debug, Clone)]
pub struct NewAccess {
    /// What happened.
    pub kind: AccessKind,
    /// The user, when known.
    pub actor_id: Option<UserId>,
    /// Their e-mail (for a failed login: the address tried, cut to 320 characters).
    pub actor_label: String,
    /// The kind of record (`appeal`, `applicant`, …).
    pub resource: Option<&'static str>,
    /// The record.
    pub record_id: Option<Uuid>,
    /// The server's request id.
    pub request_id: Option<String>,
    /// The client's own request id, when well formed.
    pub client_request_id: Option<String>,
    /// The client's address.
    pub client_address: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = access_log)]
struct Row<'a> {
    id: Uuid,
    kind: &'a str,
    actor_id: Option<UserId>,
    actor_label: String,
    resource: Option<&'a str>,
    record_id: Option<Uuid>,
    request_id: Option<&'a str>,
    client_request_id: Option<&'a str>,
    client_address: Option<&'a str>,
}

fn cut(s: &str, max: usize) -> String {
    s.chars().filter(|c| !c.is_control()).take(max).collect()
}

/// Writes entries (one statement).
pub fn record(conn: &mut Conn, entries: &[NewAccess]) -> Result<(), DbError> {
    if entries.is_empty() {
        return Ok(());
    }
    let rows: Vec<Row<'_>> = entries
        .iter()
        .map(|e| Row {
            id: Uuid::now_v7(),
            kind: e.kind.as_str(),
            actor_id: e.actor_id,
            actor_label: cut(&e.actor_label, 320),
            resource: e.resource,
            record_id: e.record_id,
            request_id: e.request_id.as_deref(),
            client_request_id: e.client_request_id.as_deref(),
            client_address: e.client_address.as_deref(),
        })
        .collect();
    diesel::insert_into(access_log::table).values(&rows).execute(conn)?;
    Ok(())
}

/// A stored entry.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = access_log, check_for_backend(diesel::pg::Pg))]
pub struct AccessEntry {
    /// Identifier.
    pub id: Uuid,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// `login_failed`, `denied` or `identity_read`.
    pub kind: String,
    /// The user, when known.
    pub actor_id: Option<UserId>,
    /// Their e-mail, or the address tried.
    pub actor_label: String,
    /// The kind of record.
    pub resource: Option<String>,
    /// The record.
    pub record_id: Option<Uuid>,
    /// The server's request id.
    pub request_id: Option<String>,
    /// The client's own request id.
    pub client_request_id: Option<String>,
    /// The client's address.
    pub client_address: Option<String>,
}

/// Entries, newest first, optionally of one kind or about one record, before a keyset cursor.
pub fn list(
    conn: &mut Conn,
    kind: Option<AccessKind>,
    record_id: Option<Uuid>,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<AccessEntry>, DbError> {
    let mut q = access_log::table
        .select(AccessEntry::as_select())
        .order(access_log::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(k) = kind {
        q = q.filter(access_log::kind.eq(k.as_str()));
    }
    if let Some(r) = record_id {
        q = q.filter(access_log::record_id.eq(r));
    }
    if let Some(b) = before {
        q = q.filter(access_log::id.lt(b));
    }
    Ok(q.load(conn)?)
}
