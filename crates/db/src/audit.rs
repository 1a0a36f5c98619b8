//! The append-only audit trail. The database refuses UPDATE, DELETE and TRUNCATE on it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::{AuditEventId, UserId};
use serde::Serialize;
use uuid::Uuid;

use crate::schema::audit_events;
use crate::{Conn, DbError};

/// Who acted: a user, or the system itself (CLI, worker).
#[derive(Debug, Clone)]
pub struct Actor {
    /// The user, if a person acted.
    pub user_id: Option<UserId>,
    /// A label for the log: the user's e-mail, or `cli`, `worker`.
    pub label: String,
    /// The request that carried the action (the server's id).
    pub request_id: Option<String>,
    /// The client's own `X-Request-Id`, when it was well formed.
    pub client_request_id: Option<String>,
}

impl Actor {
    /// The system acting without a user (command line, worker).
    pub fn system(label: &str) -> Self {
        Self {
            user_id: None,
            label: label.to_owned(),
            request_id: None,
            client_request_id: None,
        }
    }
}

/// A stored audit event.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = audit_events, check_for_backend(diesel::pg::Pg))]
pub struct AuditEvent {
    /// Identifier.
    pub id: AuditEventId,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// Who (a user).
    pub actor_id: Option<UserId>,
    /// Who (a label).
    pub actor_label: String,
    /// What, e.g. `user.create`.
    pub action: String,
    /// Which kind of record.
    pub entity_type: String,
    /// Which record.
    pub entity_id: Uuid,
    /// The request that did it.
    pub request_id: Option<String>,
    /// What changed: `{"field": [old, new]}` or the created values.
    pub diff: serde_json::Value,
    /// The client's own request id, when it sent a well-formed one.
    pub client_request_id: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = audit_events)]
struct NewAuditEvent<'a> {
    id: AuditEventId,
    actor_id: Option<UserId>,
    actor_label: &'a str,
    action: &'a str,
    entity_type: &'a str,
    entity_id: Uuid,
    request_id: Option<&'a str>,
    client_request_id: Option<&'a str>,
    diff: serde_json::Value,
}

/// Records one event; call it inside the transaction of the change it describes.
pub fn record(
    conn: &mut Conn,
    actor: &Actor,
    action: AuditAction,
    entity_type: &str,
    entity_id: Uuid,
    diff: serde_json::Value,
) -> Result<(), DbError> {
    diesel::insert_into(audit_events::table)
        .values(NewAuditEvent {
            id: AuditEventId::new(),
            actor_id: actor.user_id,
            actor_label: &actor.label,
            action: action.as_str(),
            entity_type,
            entity_id,
            request_id: actor.request_id.as_deref(),
            client_request_id: actor.client_request_id.as_deref(),
            diff,
        })
        .execute(conn)?;
    Ok(())
}

/// The events of one record (of one kind when given), oldest first.
pub fn for_entity(conn: &mut Conn, entity_type: Option<&str>, entity_id: Uuid) -> Result<Vec<AuditEvent>, DbError> {
    let mut query = audit_events::table
        .filter(audit_events::entity_id.eq(entity_id))
        .order((audit_events::occurred_at.asc(), audit_events::id.asc()))
        .select(AuditEvent::as_select())
        .into_boxed();
    if let Some(t) = entity_type {
        query = query.filter(audit_events::entity_type.eq(t.to_owned()));
    }
    Ok(query.load(conn)?)
}

/// Events, newest first, optionally of one entity type, before a keyset cursor.
pub fn list(
    conn: &mut Conn,
    entity_type: Option<&str>,
    before: Option<AuditEventId>,
    limit: i64,
) -> Result<Vec<AuditEvent>, DbError> {
    let mut query = audit_events::table
        .select(AuditEvent::as_select())
        .order(audit_events::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(t) = entity_type {
        query = query.filter(audit_events::entity_type.eq(t.to_owned()));
    }
    if let Some(b) = before {
        query = query.filter(audit_events::id.lt(b));
    }
    Ok(query.load(conn)?)
}

/// The difference between two JSON objects as `{"field": [old, new]}`.
pub fn diff(old: &serde_json::Value, new: &serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    if let (Some(o), Some(n)) = (old.as_object(), new.as_object()) {
        for (k, nv) in n {
            let ov = o.get(k).unwrap_or(&serde_json::Value::Null);
            if ov != nv {
                out.insert(k.clone(), serde_json::json!([ov, nv]));
            }
        }
    }
    serde_json::Value::Object(out)
}
