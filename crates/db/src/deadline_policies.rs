//! Deadline policies configured per office (stored as JSON of the domain's `DeadlinePolicy`).

use chrono::NaiveDate;
use diesel::prelude::*;
use ombudsman_domain::ids::OfficeId;

use crate::calendar::CalendarDay;
use crate::prepared::Prepared;
use crate::schema::deadline_policies;
use crate::{Conn, DbError};

/// The stored policy of an office, if it has its own.
pub fn find(conn: &mut Conn, office: OfficeId) -> Result<Option<serde_json::Value>, DbError> {
    Ok(deadline_policies::table
        .find(office)
        .select(deadline_policies::policy)
        .first(conn)
        .optional()?)
}

#[derive(QueryableByName)]
struct PolicyAndDays {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Jsonb>)]
    policy: Option<serde_json::Value>,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    days: serde_json::Value,
}

/// The stored policy of an office, if it has its own ([`find`]), and the calendar's days from
/// `from` to `to` inclusive, oldest first ([`crate::calendar::between`]): what a due date is
/// computed from, in one round trip.
pub fn with_calendar(
    conn: &mut Conn,
    office: OfficeId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(Option<serde_json::Value>, Vec<CalendarDay>), DbError> {
    let row: PolicyAndDays = Prepared(
        diesel::sql_query(
            "SELECT (SELECT policy FROM deadline_policies WHERE office_id = $1) AS policy, \
                    COALESCE((SELECT jsonb_agg(jsonb_build_object('day', day, 'kind', kind, 'name', name) ORDER BY day) \
                              FROM calendar_days WHERE day BETWEEN $2 AND $3), '[]'::jsonb) AS days",
        )
        .bind::<diesel::sql_types::Uuid, _>(office)
        .bind::<diesel::sql_types::Date, _>(from)
        .bind::<diesel::sql_types::Date, _>(to),
    )
    .get_result(conn)?;
    let days = serde_json::from_value(row.days).map_err(|e| {
        DbError::Other(diesel::result::Error::DeserializationError(
            format!("the calendar from {from} to {to}: {e}").into(),
        ))
    })?;
    Ok((row.policy, days))
}

/// Sets an office's policy.
pub fn upsert(conn: &mut Conn, office: OfficeId, policy: &serde_json::Value) -> Result<(), DbError> {
    diesel::insert_into(deadline_policies::table)
        .values((
            deadline_policies::office_id.eq(office),
            deadline_policies::policy.eq(policy),
        ))
        .on_conflict(deadline_policies::office_id)
        .do_update()
        .set((
            deadline_policies::policy.eq(policy),
            deadline_policies::version.eq(deadline_policies::version + 1),
            deadline_policies::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(())
}
