//! The intervals in which an appeal's clock was paused while the office waited for the
//! applicant: one row per pause, open (no `resumed_on`) while the clock is stopped.

use chrono::NaiveDate;
use diesel::prelude::*;
use ombudsman_domain::deadline::Pause;
use ombudsman_domain::ids::{AppealId, UserId};

use crate::schema::appeal_pauses;
use crate::{Conn, DbError};

/// Opens a pause from `on` (the first paused day).
pub fn open(conn: &mut Conn, appeal: AppealId, on: NaiveDate, by: UserId) -> Result<(), DbError> {
    diesel::insert_into(appeal_pauses::table)
        .values((
            appeal_pauses::appeal_id.eq(appeal),
            appeal_pauses::paused_on.eq(on),
            appeal_pauses::paused_by.eq(by),
        ))
        .execute(conn)?;
    Ok(())
}

/// Closes the open pause of an appeal on `on` (the day the clock runs again); when there is no
/// open row (a pause loaded in bulk with only `appeals.paused_since`), records the interval
/// from `since`.
/// `by` is the member of staff who resumed it, none when the applicant's reply did.
pub fn close(
    conn: &mut Conn,
    appeal: AppealId,
    since: NaiveDate,
    on: NaiveDate,
    by: Option<UserId>,
) -> Result<(), DbError> {
    let closed = diesel::update(
        appeal_pauses::table
            .filter(appeal_pauses::appeal_id.eq(appeal))
            .filter(appeal_pauses::resumed_on.is_null()),
    )
    .set((
        appeal_pauses::resumed_on.eq(on.max(since)),
        appeal_pauses::resumed_by.eq(by),
    ))
    .execute(conn)?;
    if closed == 0 {
        diesel::insert_into(appeal_pauses::table)
            .values((
                appeal_pauses::appeal_id.eq(appeal),
                appeal_pauses::paused_on.eq(since),
                appeal_pauses::resumed_on.eq(on.max(since)),
                appeal_pauses::resumed_by.eq(by),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The pauses of an appeal, in order; `since` (the appeal's `paused_since`) adds the open pause
/// when no row holds it.
pub fn of_appeal(conn: &mut Conn, appeal: AppealId, since: Option<NaiveDate>) -> Result<Vec<Pause>, DbError> {
    let rows: Vec<(NaiveDate, Option<NaiveDate>)> = appeal_pauses::table
        .filter(appeal_pauses::appeal_id.eq(appeal))
        .order((appeal_pauses::paused_on, appeal_pauses::id))
        .select((appeal_pauses::paused_on, appeal_pauses::resumed_on))
        .load(conn)?;
    let mut pauses: Vec<Pause> = rows.into_iter().map(|(from, to)| Pause { from, to }).collect();
    if let Some(from) = since {
        if !pauses.iter().any(|p| p.to.is_none()) {
            pauses.push(Pause { from, to: None });
        }
    }
    Ok(pauses)
}
