//! Computing and explaining due dates from the office's policy and the admin's calendar.

use chrono::{Days, NaiveDate};
use diesel::PgConnection;
use ombudsman_db::appeals::Appeal;
use ombudsman_db::{calendar, deadline_policies, pauses};
use ombudsman_domain::deadline::{compute, Calendar, DeadlineInput, DeadlinePolicy, Explanation, Pause, Track};
use ombudsman_domain::ids::OfficeId;

use crate::error::AppError;

/// The policy of an office (its own, or the defaults).
pub fn policy(conn: &mut PgConnection, office: OfficeId) -> Result<DeadlinePolicy, AppError> {
    parse_policy(deadline_policies::find(conn, office)?)
}

fn parse_policy(stored: Option<serde_json::Value>) -> Result<DeadlinePolicy, AppError> {
    match stored {
        Some(json) => serde_json::from_value(json).map_err(|e| AppError::Internal(format!("stored policy: {e}"))),
        None => Ok(DeadlinePolicy::default()),
    }
}

/// The working-day calendar of these stored days (holidays and working weekend days).
pub fn calendar_of(days: &[calendar::CalendarDay]) -> Calendar {
    Calendar::new(
        days.iter().filter(|d| d.kind == "holiday").map(|d| d.day),
        days.iter().filter(|d| d.kind == "working_day").map(|d| d.day),
    )
}

/// How far past the start (or the last pause) the calendar is read: long enough to cover any
/// deadline computed from it.
fn calendar_until(latest: NaiveDate) -> NaiveDate {
    latest.checked_add_days(Days::new(800)).unwrap_or(NaiveDate::MAX)
}

/// The deadline of a track started on `start`, with the pauses and extensions of an appeal.
pub fn explain(
    conn: &mut PgConnection,
    office: OfficeId,
    track: Track,
    start: NaiveDate,
    pauses: Vec<Pause>,
    extension_days: i32,
    today: NaiveDate,
) -> Result<Explanation, AppError> {
    // The calendar must reach past the last pause as well as past the start.
    let latest = pauses
        .iter()
        .map(|p| p.to.unwrap_or(p.from))
        .max()
        .map_or(start, |d| d.max(start));
    let (stored, days) = deadline_policies::with_calendar(conn, office, start, calendar_until(latest))?;
    let policy = parse_policy(stored)?;
    let cal = calendar_of(&days);
    let input = DeadlineInput {
        track,
        start,
        pauses,
        extension_days: u32::try_from(extension_days).unwrap_or(0),
        today,
    };
    Ok(compute(&policy, &cal, &input))
}

/// The explanation of an appeal's current due date: the one stored in `due_on`, unless the
/// calendar or the policy changed since it was computed.
pub fn explain_appeal(conn: &mut PgConnection, a: &Appeal, today: NaiveDate) -> Result<Explanation, AppError> {
    let pauses = pauses::of_appeal(conn, a.id, a.paused_since)?;
    explain(
        conn,
        a.office_id,
        a.track,
        a.track_started_on,
        pauses,
        a.extension_days,
        today,
    )
}
