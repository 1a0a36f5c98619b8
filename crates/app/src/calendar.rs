//! The working-day calendar deadlines are counted on: admins mark holidays and working weekend
//! days, and return a day to the ordinary week.

use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::audit;
use ombudsman_db::calendar::{self, CalendarDay};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::error::Errors;
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::office::parse_name;
use uuid::Uuid;

use crate::access::Caller;
use crate::error::{to_json, AppError};

/// What a special day is.
const KINDS: [&str; 2] = ["holiday", "working_day"];

/// A special day, parsed.
#[derive(Debug, Clone)]
pub struct SetDay(CalendarDay);

impl SetDay {
    /// Parses a day: its date within the accepted window, its kind and its name.
    pub fn parse(day: NaiveDate, kind: &str, name: &str) -> Result<Self, AppError> {
        if !KINDS.contains(&kind) {
            return Err(AppError::field("kind", "invalid", "must be holiday or working_day"));
        }
        let mut errors = Errors::new();
        let day = errors.take(ombudsman_domain::date::check("day", day));
        let name = errors.take(parse_name("name", name, 200));
        errors.finish()?;
        match (day, name) {
            (Some(day), Some(name)) => Ok(Self(CalendarDay {
                day,
                kind: kind.to_owned(),
                name,
            })),
            _ => Err(AppError::Internal("validated fields missing".into())),
        }
    }
}

/// 403 unless the caller's role keeps the calendar (admins).
pub fn may_change(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::Calendar], Do::Change)?;
    Ok(())
}

/// The audit trail's id of a day: the same day always has the same id.
fn day_id(day: NaiveDate) -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_OID, day.to_string().as_bytes())
}

/// Marks a day as a holiday or a working day, with its audit event.
pub fn set_day(conn: &mut PgConnection, caller: &Caller, cmd: &SetDay) -> Result<CalendarDay, AppError> {
    may_change(caller)?;
    let saved = calendar::upsert(conn, &cmd.0)?;
    let data = to_json(&saved)?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::CalendarSet,
        "calendar_day",
        day_id(saved.day),
        data,
    )?;
    Ok(saved)
}

/// Returns a day to the ordinary week, with its audit event; 404 when it was not special.
pub fn remove_day(conn: &mut PgConnection, caller: &Caller, day: NaiveDate) -> Result<(), AppError> {
    may_change(caller)?;
    let day = ombudsman_domain::date::check("day", day)?;
    if !calendar::remove(conn, day)? {
        return Err(ombudsman_db::DbError::NotFound.into());
    }
    let data = serde_json::json!({"day": day});
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::CalendarRemove,
        "calendar_day",
        day_id(day),
        data,
    )?;
    Ok(())
}
