//! The facility registry: places of detention the office's monitors visit.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use ombudsman_domain::facility::FacilityKind;
use ombudsman_domain::ids::{FacilityId, OfficeId};
use ombudsman_domain::office::Region;
use serde::Serialize;

use crate::schema::facilities;
use crate::{Conn, DbError};

/// A facility as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = facilities, check_for_backend(diesel::pg::Pg))]
pub struct Facility {
    /// Identifier.
    pub id: FacilityId,
    /// Name (unique within the region).
    pub name: String,
    /// Kind.
    pub kind: FacilityKind,
    /// Region.
    pub region: Region,
    /// The state body that runs it.
    pub operating_authority: String,
    /// Number of places; none when unknown.
    pub capacity: Option<i32>,
    /// Whether it is in use (inactive facilities stay for the history of visits).
    pub is_active: bool,
    /// The office whose monitors cover it.
    pub office_id: Option<OfficeId>,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new facility.
#[derive(Debug, Insertable, Serialize)]
#[diesel(table_name = facilities)]
pub struct NewFacilityRow<'a> {
    /// Identifier.
    pub id: FacilityId,
    /// Validated name.
    pub name: &'a str,
    /// Kind.
    pub kind: FacilityKind,
    /// Region.
    pub region: Region,
    /// Validated operating authority.
    pub operating_authority: &'a str,
    /// Validated capacity.
    pub capacity: Option<i32>,
    /// Whether it is in use.
    pub is_active: bool,
    /// The covering office (must exist).
    pub office_id: Option<OfficeId>,
}

/// The whole changeable state of a facility, written at once (a `None` stores NULL).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = facilities, treat_none_as_null = true)]
pub struct FacilityChanges<'a> {
    /// Name.
    pub name: &'a str,
    /// Kind.
    pub kind: FacilityKind,
    /// Region.
    pub region: Region,
    /// Operating authority.
    pub operating_authority: &'a str,
    /// Capacity.
    pub capacity: Option<i32>,
    /// Active.
    pub is_active: bool,
    /// Covering office.
    pub office_id: Option<OfficeId>,
}

/// Inserts a facility. `Unique` when the region already has a facility of this name.
pub fn insert(conn: &mut Conn, new: &NewFacilityRow<'_>) -> Result<Facility, DbError> {
    Ok(diesel::insert_into(facilities::table)
        .values(new)
        .returning(Facility::as_returning())
        .get_result(conn)?)
}

/// One facility by id.
pub fn find(conn: &mut Conn, id: FacilityId) -> Result<Facility, DbError> {
    Ok(facilities::table.find(id).select(Facility::as_select()).first(conn)?)
}

/// One facility by id, locked for a change.
pub fn lock(conn: &mut Conn, id: FacilityId) -> Result<Facility, DbError> {
    Ok(facilities::table
        .find(id)
        .select(Facility::as_select())
        .for_update()
        .first(conn)?)
}

/// Filters of the facility list.
#[derive(Debug, Clone, Default)]
pub struct FacilityFilter {
    /// Only facilities of this kind.
    pub kind: Option<FacilityKind>,
    /// Only facilities in this region.
    pub region: Option<Region>,
    /// Only active (`true`) or inactive (`false`) facilities.
    pub active: Option<bool>,
    /// Only facilities whose name contains this text (any case).
    pub q: Option<String>,
    /// Only facilities covered by this office.
    pub office_id: Option<OfficeId>,
}

/// Facilities, newest first (by id, descending), after a keyset cursor.
pub fn list(
    conn: &mut Conn,
    filter: &FacilityFilter,
    before: Option<FacilityId>,
    limit: i64,
) -> Result<Vec<Facility>, DbError> {
    let mut query = facilities::table
        .select(Facility::as_select())
        .order(facilities::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(kind) = filter.kind {
        query = query.filter(facilities::kind.eq(kind));
    }
    if let Some(region) = filter.region {
        query = query.filter(facilities::region.eq(region));
    }
    if let Some(active) = filter.active {
        query = query.filter(facilities::is_active.eq(active));
    }
    if let Some(q) = &filter.q {
        query = query.filter(facilities::name.ilike(ombudsman_domain::search::like_pattern(q)));
    }
    if let Some(office_id) = filter.office_id {
        query = query.filter(facilities::office_id.eq(office_id));
    }
    if let Some(before) = before {
        query = query.filter(facilities::id.lt(before));
    }
    Ok(query.load(conn)?)
}

/// Writes the facility's state if the stored version is still `expected_version`; bumps the
/// version. `Stale` when it changed, `NotFound` when there is no such facility.
pub fn update(
    conn: &mut Conn,
    id: FacilityId,
    expected_version: i32,
    changes: &FacilityChanges<'_>,
) -> Result<Facility, DbError> {
    let updated = diesel::update(
        facilities::table
            .filter(facilities::id.eq(id))
            .filter(facilities::version.eq(expected_version)),
    )
    .set((
        changes,
        facilities::version.eq(facilities::version + 1),
        facilities::updated_at.eq(diesel::dsl::now),
    ))
    .returning(Facility::as_returning())
    .get_result(conn)
    .optional()?;
    match updated {
        Some(facility) => Ok(facility),
        None => {
            find(conn, id)?;
            Err(DbError::Stale)
        }
    }
}

/// One validated row of an import.
#[derive(Debug, Clone, Serialize)]
pub struct ImportRow {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: FacilityKind,
    /// Region.
    pub region: Region,
    /// Operating authority.
    pub operating_authority: String,
    /// Capacity.
    pub capacity: Option<i32>,
    /// Whether it is in use.
    pub is_active: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// Facilities added.
    pub inserted: usize,
    /// Facilities that already existed (same name and region): their kind, authority, capacity
    /// and activity were set from the row (their version bumps only when something changed).
    pub updated: usize,
}

/// Imports rows in one transaction (a savepoint when called inside one): a row whose name and
/// region match a stored facility updates it, the others are added. The covering office of an
/// existing facility is kept; new ones have none.
pub fn import_all(conn: &mut Conn, rows: &[ImportRow]) -> Result<ImportOutcome, DbError> {
    conn.transaction(|conn| {
        let mut outcome = ImportOutcome::default();
        for row in rows {
            let existing = facilities::table
                .filter(facilities::name.eq(&row.name))
                .filter(facilities::region.eq(row.region))
                .select(Facility::as_select())
                .for_update()
                .first(conn)
                .optional()?;
            match existing {
                None => {
                    insert(
                        conn,
                        &NewFacilityRow {
                            id: FacilityId::new(),
                            name: &row.name,
                            kind: row.kind,
                            region: row.region,
                            operating_authority: &row.operating_authority,
                            capacity: row.capacity,
                            is_active: row.is_active,
                            office_id: None,
                        },
                    )?;
                    outcome.inserted += 1;
                }
                Some(found) => {
                    let same = found.kind == row.kind
                        && found.operating_authority == row.operating_authority
                        && found.capacity == row.capacity
                        && found.is_active == row.is_active;
                    if !same {
                        update(
                            conn,
                            found.id,
                            found.version,
                            &FacilityChanges {
                                name: &found.name,
                                kind: row.kind,
                                region: found.region,
                                operating_authority: &row.operating_authority,
                                capacity: row.capacity,
                                is_active: row.is_active,
                                office_id: found.office_id,
                            },
                        )?;
                    }
                    outcome.updated += 1;
                }
            }
        }
        Ok(outcome)
    })
}

/// The facilities with these ids.
pub fn by_ids(conn: &mut Conn, ids: &[FacilityId]) -> Result<Vec<Facility>, DbError> {
    Ok(facilities::table
        .filter(facilities::id.eq_any(ids))
        .select(Facility::as_select())
        .load(conn)?)
}
