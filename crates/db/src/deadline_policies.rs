//! Deadline policies configured per office (stored as JSON of the domain's `DeadlinePolicy`).

use diesel::prelude::*;
use ombudsman_domain::ids::OfficeId;

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
