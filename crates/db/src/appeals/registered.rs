//! What is written with every registered appeal besides the appeal itself, in one statement:
//! the office's numbering lock is held from the number to the commit, so each round trip after
//! the number is one that every other registration in the office waits for.

use diesel::sql_types::{Jsonb, Nullable, Text, Uuid as SqlUuid};
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::{AppealEventId, AppealId, AuditEventId, OutboxId, UserId};

use crate::audit::Actor;
use crate::outbox::NewMessage;
use crate::prepared::Prepared;
use crate::{Conn, DbError};

/// The timeline entry, audit event and acknowledgement of one registration.
pub struct RegistrationRecords<'a> {
    /// The registered appeal.
    pub appeal: AppealId,
    /// Who registered it, on the timeline (none for the public intake).
    pub registered_by: Option<UserId>,
    /// The `registered` timeline entry's details.
    pub timeline_data: serde_json::Value,
    /// Who registered it, in the audit trail.
    pub actor: &'a Actor,
    /// The `appeal.register` audit event's diff.
    pub audit_diff: serde_json::Value,
    /// The acknowledgement to the applicant, when they gave an e-mail address, and the domain
    /// of its `Message-ID`.
    pub acknowledgement: Option<(&'a NewMessage, &'a str)>,
}

const TIMELINE_AND_AUDIT: &str = "\
    WITH timeline AS ( \
        INSERT INTO appeal_events (id, appeal_id, actor_id, kind, note, data) \
        VALUES ($1, $2, $3, $4, NULL, $5) \
    ), audit AS ( \
        INSERT INTO audit_events (id, actor_id, actor_label, action, entity_type, entity_id, request_id, \
                                  client_request_id, diff) \
        VALUES ($6, $7, $8, $9, 'appeal', $2, $10, $11, $12) \
    )";

/// Writes the `registered` timeline entry, the `appeal.register` audit event and the
/// acknowledgement (skipped, as [`crate::outbox::enqueue`] skips it, when its `dedupe_key` is
/// queued already) in one statement, inside the registration's transaction.
pub fn record_registration(conn: &mut Conn, r: &RegistrationRecords<'_>) -> Result<(), DbError> {
    let audit_id = AuditEventId::new();
    let common = |sql: String| {
        diesel::sql_query(sql)
            .bind::<SqlUuid, _>(AppealEventId::new().0)
            .bind::<SqlUuid, _>(r.appeal.0)
            .bind::<Nullable<SqlUuid>, _>(r.registered_by.map(|u| u.0))
            .bind::<Text, _>(TimelineKind::Registered.as_str())
            .bind::<Jsonb, _>(r.timeline_data.clone())
            .bind::<SqlUuid, _>(audit_id.0)
            .bind::<Nullable<SqlUuid>, _>(r.actor.user_id.map(|u| u.0))
            .bind::<Text, _>(r.actor.label.clone())
            .bind::<Text, _>(AuditAction::AppealRegister.as_str())
            .bind::<Nullable<Text>, _>(r.actor.request_id.clone())
            .bind::<Nullable<Text>, _>(r.actor.client_request_id.clone())
            .bind::<Jsonb, _>(r.audit_diff.clone())
    };
    match r.acknowledgement {
        Some((msg, mail_domain)) => {
            let id = OutboxId::new();
            let query = common(format!(
                "{TIMELINE_AND_AUDIT} \
                 INSERT INTO outbox (id, kind, recipient, language, payload, message_id, dedupe_key) \
                 VALUES ($13, $14, $15, $16, $17, $18, $19) ON CONFLICT DO NOTHING"
            ))
            .bind::<SqlUuid, _>(id.0)
            .bind::<Text, _>(msg.kind.clone())
            .bind::<Text, _>(msg.recipient.clone())
            .bind::<Text, _>(msg.language)
            .bind::<Jsonb, _>(msg.payload.clone())
            .bind::<Text, _>(format!("<{id}@{mail_domain}>"))
            .bind::<Nullable<Text>, _>(msg.dedupe_key.clone());
            Prepared(query).run(conn)?;
        }
        None => {
            Prepared(common(format!("{TIMELINE_AND_AUDIT} SELECT 1"))).run(conn)?;
        }
    }
    Ok(())
}
