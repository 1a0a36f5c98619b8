//! The working-day calendar: public holidays and weekend days made working.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

use crate::schema::calendar_days;
use crate::{Conn, DbError};

/// A day that differs from the ordinary week.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, serde::Deserialize)]
#[diesel(table_name = calendar_days, check_for_backend(diesel::pg::Pg))]
pub struct CalendarDay {
    /// The date.
    pub day: NaiveDate,
    /// `holiday` or `working_day`.
    pub kind: String,
    /// Its name, e.g. `Navruz`.
    pub name: String,
}

/// Days between two dates, inclusive.
pub fn between(conn: &mut Conn, from: NaiveDate, to: NaiveDate) -> Result<Vec<CalendarDay>, DbError> {
    Ok(calendar_days::table
        .filter(calendar_days::day.between(from, to))
        .order(calendar_days::day.asc())
        .select(CalendarDay::as_select())
        .load(conn)?)
}

/// Adds or replaces a day.
pub fn upsert(conn: &mut Conn, day: &CalendarDay) -> Result<CalendarDay, DbError> {
    Ok(diesel::insert_into(calendar_days::table)
        .values(day)
        .on_conflict(calendar_days::day)
        .do_update()
        .set((calendar_days::kind.eq(&day.kind), calendar_days::name.eq(&day.name)))
        .returning(CalendarDay::as_returning())
        .get_result(conn)?)
}

/// Removes a day; returns whether it existed.
pub fn remove(conn: &mut Conn, day: NaiveDate) -> Result<bool, DbError> {
    Ok(diesel::delete(calendar_days::table.find(day)).execute(conn)? == 1)
}

/// Whether no day has ever been entered (a fresh install).
pub fn is_empty(conn: &mut Conn) -> Result<bool, DbError> {
    use diesel::dsl::{exists, select};
    Ok(!select(exists(calendar_days::table.select(calendar_days::day))).get_result::<bool>(conn)?)
}

/// Adds the days not entered yet, leaving the entered ones as they are; returns how many were
/// added.
pub fn add_missing(conn: &mut Conn, days: &[CalendarDay]) -> Result<usize, DbError> {
    Ok(diesel::insert_into(calendar_days::table)
        .values(days)
        .on_conflict_do_nothing()
        .execute(conn)?)
}
