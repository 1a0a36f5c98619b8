//! A registered appeal with everything written with it, in one statement: the office's numbering
//! lock is held from the number to the commit, so each round trip after the number would be one
//! that every other registration in the office waits for.

use diesel::sql_types::{Array, Bool, Bytea, Date, Integer, Jsonb, Nullable, Text, Uuid as SqlUuid};
use diesel::RunQueryDsl;
use ombudsman_domain::appeal::registration_number;
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::{AppealEventId, AuditEventId, OutboxId};

use super::{Appeal, NewAppealRow};

use crate::audit::Actor;
use crate::outbox::NewMessage;
use crate::prepared::Prepared;
use crate::{Conn, DbError};

/// The timeline entry, audit event and acknowledgement of one registration. The statement adds
/// the number it takes to each (`"number"` in the timeline entry's details, the audit diff and
/// the acknowledgement's payload), over any value given there.
pub struct RegistrationRecords<'a> {
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

/// The office's next number of the year (the counter row stays locked until the transaction
/// ends), the appeal with it, its timeline entry and its audit event.
const NUMBERED: &str = "\
    WITH n AS ( \
        INSERT INTO registration_counters AS c (office_id, series, year, last_value) VALUES ($2, 'appeal', $4, 1) \
        ON CONFLICT (office_id, series, year) DO UPDATE SET last_value = c.last_value + 1 \
        RETURNING c.last_value AS seq, \
                  $3 || '-' || $4::text || '-' || \
                  CASE WHEN c.last_value < 1000000 THEN lpad(c.last_value::text, 6, '0') ELSE c.last_value::text END \
                  AS number \
    ), a AS ( \
        INSERT INTO appeals (id, office_id, number, year, seq, received_on, channel, applicant_id, anonymous, \
                             signatories, region, abroad_country, subject, description, categories, \
                             respondent_bodies, respondent_body_ids, confidential, reprisal_risk, track, \
                             track_started_on, due_on, assigned_to, repeat_of, access_code_hash, search_text, \
                             registered_by) \
        SELECT $1, $2, n.number, $4, n.seq, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
               $20, $21, $22, $23, $24, $25, $26 FROM n \
        RETURNING * \
    ), timeline AS ( \
        INSERT INTO appeal_events (id, appeal_id, actor_id, kind, note, data) \
        SELECT $27, a.id, $26, $28, NULL, $29 || jsonb_build_object('number', a.number) FROM a \
    ), audit AS ( \
        INSERT INTO audit_events (id, actor_id, actor_label, action, entity_type, entity_id, request_id, \
                                  client_request_id, diff) \
        SELECT $30, $31, $32, $33, 'appeal', a.id, $34, $35, $36 || jsonb_build_object('number', a.number) FROM a \
    )";

/// Registers an appeal in one statement: takes the next number of its office and year, and
/// writes the appeal, the `registered` timeline entry, the `appeal.register` audit event and the
/// acknowledgement (skipped, as [`crate::outbox::enqueue`] skips it, when its `dedupe_key` is
/// queued already). The office's numbering lock is held from this statement to the commit, so
/// every other registration of the office waits for one round trip and the commit, not more.
pub fn register_numbered(
    conn: &mut Conn,
    row: &NewAppealRow<'_>,
    r: &RegistrationRecords<'_>,
) -> Result<Appeal, DbError> {
    let common = |sql: String| {
        diesel::sql_query(sql)
            .bind::<SqlUuid, _>(row.id)
            .bind::<SqlUuid, _>(row.office_id)
            .bind::<Text, _>(row.office_code)
            .bind::<Integer, _>(row.year)
            .bind::<Date, _>(row.received_on)
            .bind::<Text, _>(row.channel)
            .bind::<Nullable<SqlUuid>, _>(row.applicant_id)
            .bind::<Bool, _>(row.anonymous)
            .bind::<Nullable<Integer>, _>(row.signatories)
            .bind::<Text, _>(row.region)
            .bind::<Nullable<Text>, _>(row.abroad_country)
            .bind::<Text, _>(row.subject)
            .bind::<Text, _>(row.description)
            .bind::<Array<Text>, _>(row.categories)
            .bind::<Array<Text>, _>(row.respondent_bodies)
            .bind::<Array<Nullable<SqlUuid>>, _>(row.respondent_body_ids)
            .bind::<Bool, _>(row.confidential)
            .bind::<Bool, _>(row.reprisal_risk)
            .bind::<Text, _>(row.track)
            .bind::<Date, _>(row.track_started_on)
            .bind::<Date, _>(row.due_on)
            .bind::<Nullable<SqlUuid>, _>(row.assigned_to)
            .bind::<Nullable<SqlUuid>, _>(row.repeat_of)
            .bind::<Bytea, _>(row.access_code_hash)
            .bind::<Text, _>(row.search_text)
            .bind::<Nullable<SqlUuid>, _>(row.registered_by)
            .bind::<SqlUuid, _>(AppealEventId::new().0)
            .bind::<Text, _>(TimelineKind::Registered.as_str())
            .bind::<Jsonb, _>(r.timeline_data.clone())
            .bind::<SqlUuid, _>(AuditEventId::new().0)
            .bind::<Nullable<SqlUuid>, _>(r.actor.user_id.map(|u| u.0))
            .bind::<Text, _>(r.actor.label.clone())
            .bind::<Text, _>(AuditAction::AppealRegister.as_str())
            .bind::<Nullable<Text>, _>(r.actor.request_id.clone())
            .bind::<Nullable<Text>, _>(r.actor.client_request_id.clone())
            .bind::<Jsonb, _>(r.audit_diff.clone())
    };
    let appeal: Appeal = match r.acknowledgement {
        Some((msg, mail_domain)) => {
            let id = OutboxId::new();
            let query = common(format!(
                "{NUMBERED}, outbox AS ( \
                     INSERT INTO outbox (id, kind, recipient, language, payload, message_id, dedupe_key) \
                     SELECT $37, $38, $39, $40, $41 || jsonb_build_object('number', a.number), $42, $43 FROM a \
                     ON CONFLICT DO NOTHING \
                 ) SELECT * FROM a"
            ))
            .bind::<SqlUuid, _>(id.0)
            .bind::<Text, _>(msg.kind.clone())
            .bind::<Text, _>(msg.recipient.clone())
            .bind::<Text, _>(msg.language)
            .bind::<Jsonb, _>(msg.payload.clone())
            .bind::<Text, _>(format!("<{id}@{mail_domain}>"))
            .bind::<Nullable<Text>, _>(msg.dedupe_key.clone());
            Prepared(query).get_result(conn)?
        }
        None => Prepared(common(format!("{NUMBERED} SELECT * FROM a"))).get_result(conn)?,
    };
    // The number as the domain writes it, or nothing is registered.
    let expected = registration_number(row.office_code, row.year, appeal.seq);
    if appeal.number != expected {
        return Err(DbError::Other(diesel::result::Error::DeserializationError(
            format!("the statement numbered the appeal {}, not {expected}", appeal.number).into(),
        )));
    }
    Ok(appeal)
}
