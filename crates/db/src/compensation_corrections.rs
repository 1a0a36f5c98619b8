//! Corrections and voids of compensation records: the record keeps the current figures, each
//! correction the figures it replaced, with the reason.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use ombudsman_domain::ids::{CompensationId, UserId};
use serde::Serialize;
use uuid::Uuid;

use crate::impact::Compensation;
use crate::schema::{compensation_corrections, compensations};
use crate::{Conn, DbError};

/// One correction or void, as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = compensation_corrections, check_for_backend(diesel::pg::Pg))]
pub struct Correction {
    /// Identifier.
    pub id: Uuid,
    /// The record corrected.
    pub compensation_id: CompensationId,
    /// `correction` or `void`.
    pub kind: String,
    /// The amount before, in minor units.
    pub amount_minor: i64,
    /// The currency before.
    pub currency: String,
    /// The date recovered before.
    pub recovered_on: NaiveDate,
    /// The amount after (none for a void).
    pub new_amount_minor: Option<i64>,
    /// The currency after.
    pub new_currency: Option<String>,
    /// The date recovered after.
    pub new_recovered_on: Option<NaiveDate>,
    /// Why.
    pub reason: String,
    /// Who.
    pub corrected_by: Option<UserId>,
    /// When.
    pub corrected_at: DateTime<Utc>,
}

/// The new figures of a record.
#[derive(Debug, Clone)]
pub struct Figures<'a> {
    /// Amount in minor units.
    pub amount_minor: i64,
    /// ISO 4217 currency.
    pub currency: &'a str,
    /// Date recovered.
    pub recovered_on: NaiveDate,
}

/// Locks a record for a correction.
pub fn lock(conn: &mut Conn, id: CompensationId) -> Result<Compensation, DbError> {
    Ok(compensations::table
        .find(id)
        .select(Compensation::as_select())
        .for_update()
        .first(conn)?)
}

/// Writes new figures (`Some`) or voids the record (`None`), and keeps the old figures with the
/// reason; returns the record as it now stands.
pub fn apply(
    conn: &mut Conn,
    before: &Compensation,
    figures: Option<&Figures<'_>>,
    reason: &str,
    by: UserId,
) -> Result<Compensation, DbError> {
    diesel::insert_into(compensation_corrections::table)
        .values((
            compensation_corrections::id.eq(Uuid::now_v7()),
            compensation_corrections::compensation_id.eq(before.id),
            compensation_corrections::kind.eq(if figures.is_some() { "correction" } else { "void" }),
            compensation_corrections::amount_minor.eq(before.amount_minor),
            compensation_corrections::currency.eq(&before.currency),
            compensation_corrections::recovered_on.eq(before.recovered_on),
            compensation_corrections::new_amount_minor.eq(figures.map(|f| f.amount_minor)),
            compensation_corrections::new_currency.eq(figures.map(|f| f.currency)),
            compensation_corrections::new_recovered_on.eq(figures.map(|f| f.recovered_on)),
            compensation_corrections::reason.eq(reason),
            compensation_corrections::corrected_by.eq(by),
        ))
        .execute(conn)?;
    let target = compensations::table.find(before.id);
    let bump = (
        compensations::version.eq(compensations::version + 1),
        compensations::updated_at.eq(diesel::dsl::now),
    );
    let updated = match figures {
        Some(f) => diesel::update(target)
            .set((
                compensations::amount_minor.eq(f.amount_minor),
                compensations::currency.eq(f.currency),
                compensations::recovered_on.eq(f.recovered_on),
                bump,
            ))
            .returning(Compensation::as_returning())
            .get_result(conn)?,
        None => diesel::update(target)
            .set((
                compensations::voided_at.eq(Some(Utc::now())),
                compensations::void_reason.eq(reason),
                bump,
            ))
            .returning(Compensation::as_returning())
            .get_result(conn)?,
    };
    Ok(updated)
}

/// The corrections of a record, oldest first.
pub fn of_record(conn: &mut Conn, id: CompensationId) -> Result<Vec<Correction>, DbError> {
    Ok(compensation_corrections::table
        .filter(compensation_corrections::compensation_id.eq(id))
        .order((compensation_corrections::corrected_at, compensation_corrections::id))
        .select(Correction::as_select())
        .load(conn)?)
}
