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
    /// Its official name, when it has its own (letters name the institution otherwise).
    pub official_name: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// Public e-mail address.
    pub email: Option<String>,
    /// Website.
    pub website: Option<String>,
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

/// One office by id, locked for the caller's transaction.
pub fn lock(conn: &mut Conn, id: OfficeId) -> Result<Office, DbError> {
    Ok(offices::table
        .find(id)
        .select(Office::as_select())
        .for_update()
        .first(conn)?)
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

/// The details a letter's footer gives; `None` leaves a detail as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default, AsChangeset, Serialize)]
#[diesel(table_name = offices)]
pub struct ContactChange {
    /// Official name.
    pub official_name: Option<Option<String>>,
    /// Postal address.
    pub address: Option<Option<String>>,
    /// Telephone.
    pub phone: Option<Option<String>>,
    /// Public e-mail address.
    pub email: Option<Option<String>>,
    /// Website.
    pub website: Option<Option<String>>,
}

/// Sets an office's contact details, bumping its version.
pub fn set_contacts(conn: &mut Conn, id: OfficeId, change: &ContactChange) -> Result<Office, DbError> {
    Ok(diesel::update(offices::table.find(id))
        .set((
            change,
            offices::version.eq(offices::version + 1),
            offices::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Office::as_returning())
        .get_result(conn)?)
}

/// The office whose details a letter gives: `office` when it exists, the central office otherwise.
pub fn letterhead_office(conn: &mut Conn, office: Option<OfficeId>) -> Result<Option<Office>, DbError> {
    if let Some(id) = office {
        if let Some(found) = offices::table
            .find(id)
            .select(Office::as_select())
            .first(conn)
            .optional()?
        {
            return Ok(Some(found));
        }
    }
    Ok(offices::table
        .filter(offices::is_central)
        .select(Office::as_select())
        .first(conn)
        .optional()?)
}
