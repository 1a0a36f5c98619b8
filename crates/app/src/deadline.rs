//! Computing and explaining due dates from the office's policy and the admin's calendar.

use chrono::{Days, NaiveDate};
use diesel::PgConnection;
use ombudsman_db::appeals::Appeal;
use ombudsman_db::{calendar, deadline_policies};
use ombudsman_domain::deadline::{compute, Calendar, DeadlineInput, DeadlinePolicy, Explanation, Pause, Track};
use ombudsman_domain::ids::OfficeId;

use crate::error::AppError;

/// The policy of an office (its own, or the defaults).
pub fn policy(conn: &mut PgConnection, office: OfficeId) -> Result<DeadlinePolicy, AppError> {
    match deadline_policies::find(conn, office)? {
        Some(json) => serde_json::from_value(json).map_err(|e| AppError::Internal(format!("stored policy: {e}"))),
        None => Ok(DeadlinePolicy::default()),
    }
}

/// The calendar from `start` for long enough to cover any deadline computed from it.
pub fn calendar(conn: &mut PgConnection, start: NaiveDate) -> Result<Calendar, AppError> {
    let until = start.checked_add_days(Days::new(800)).unwrap_or(NaiveDate::MAX);
    let days = calendar::between(conn, start, until)?;
    Ok(Calendar::new(
        days.iter().filter(|d| d.kind == "holiday").map(|d| d.day),
        days.iter().filter(|d| d.kind == "working_day").map(|d| d.day),
    ))
}

/// The deadline of a track started on `start`, with the pauses and extensions of `appeal`.
#[allow(clippy::too_many_arguments)]
pub fn explain(
    conn: &mut PgConnection,
    office: OfficeId,
    track: Track,
    start: NaiveDate,
    paused_days: i32,
    paused_since: Option<NaiveDate>,
    extension_days: i32,
    today: NaiveDate,
) -> Result<Explanation, AppError> {
    let policy = policy(conn, office)?;
    let cal = calendar(conn, start)?;
    let counted_from = start.succ_opt().unwrap_or(start);
    let mut pauses = Vec::new();
    if paused_days > 0 {
        // Closed pauses are kept as a day count; they weigh the same as one pause that long.
        pauses.push(Pause {
            from: counted_from,
            to: counted_from.checked_add_days(Days::new(paused_days as u64)),
        });
    }
    if let Some(since) = paused_since {
        let from = since.max(
            counted_from
                .checked_add_days(Days::new(paused_days.max(0) as u64))
                .unwrap_or(since),
        );
        pauses.push(Pause { from, to: None });
    }
    let input = DeadlineInput {
        track,
        start,
        pauses,
        extension_days: extension_days.max(0) as u32,
        today,
    };
    Ok(compute(&policy, &cal, &input))
}

/// The explanation of an appeal's current due date.
pub fn explain_appeal(conn: &mut PgConnection, a: &Appeal, today: NaiveDate) -> Result<Explanation, AppError> {
    explain(
        conn,
        a.office_id,
        a.track,
        a.track_started_on,
        a.paused_days,
        a.paused_since,
        a.extension_days,
        today,
    )
}
