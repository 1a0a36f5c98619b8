//! Offices: the central office and the regional representatives.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;
use serde::Serialize;

use crate::schema::offices;
use crate::{Conn, DbError};

/// An office as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = offices, check_for_backend(diesel::pg::Pg))]
pub struct Office {
    /// Identifier.
    pub id: OfficeId,
    /// 2-5 capital letters; prefixes registration numbers.
    pub code: String,
    /// Display name.
    pub name: String,
    /// The region it serves.
    pub region: Region,
    /// Whether this is the central office (`HQ`).
    pub is_central: bool,
    /// Language of notifications when the recipient's is unknown.
    pub default_language: Language,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new regional office.
#[derive(Debug, Insertable, Serialize)]
#[diesel(table_name = offices)]
pub struct NewOffice<'a> {
    /// Identifier.
    pub id: OfficeId,
    /// Validated office code.
    pub code: &'a str,
    /// Validated name.
    pub name: &'a str,
    /// Region served.
    pub region: Region,
    /// Default notification language.
    pub default_language: Language,
}

/// Inserts an office.
pub fn insert(conn: &mut Conn, new: &NewOffice<'_>) -> Result<Office, DbError> {
    Ok(diesel::insert_into(offices::table)
        .values(new)
        .returning(Office::as_returning())
        .get_result(conn)?)
}

/// One office by id.
pub fn find(conn: &mut Conn, id: OfficeId) -> Result<Office, DbError> {
    Ok(offices::table.find(id).select(Office::as_select()).first(conn)?)
}

/// One office by its code.
pub fn find_by_code(conn: &mut Conn, code: &str) -> Result<Office, DbError> {
    Ok(offices::table
        .filter(offices::code.eq(code))
        .select(Office::as_select())
        .first(conn)?)
}

/// All offices, by code (there are at most a few dozen).
pub fn list(conn: &mut Conn) -> Result<Vec<Office>, DbError> {
    Ok(offices::table
        .order(offices::code.asc())
        .select(Office::as_select())
        .load(conn)?)
}
