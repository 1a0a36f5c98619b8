//! The registry of places of detention: adding a facility and changing one. Admins keep the
//! whole registry, managers the facilities of their office (`Caller::check_facility`).

use diesel::PgConnection;
use ombudsman_db::facilities::{self, Facility, FacilityChanges, NewFacilityRow};
use ombudsman_db::{audit, offices, DbError};
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::facility::{FacilityInput, NewFacility};
use ombudsman_domain::ids::{FacilityId, OfficeId};

use crate::access::Caller;
use crate::error::{expect_version, to_json, AppError};

/// A new facility: the parsed record and the office whose monitors cover it.
#[derive(Debug, Clone)]
pub struct AddFacility {
    /// The validated record.
    pub facility: NewFacility,
    /// The covering office, if any.
    pub office_id: Option<OfficeId>,
}

/// Changes to a facility as given; an omitted field stays as it is, and the merged record is
/// parsed again as a whole.
#[derive(Debug, Clone, Default)]
pub struct EditFacility {
    /// The version the caller saw (`If-Match`).
    pub expected_version: i32,
    /// New name.
    pub name: Option<String>,
    /// New kind code.
    pub kind: Option<String>,
    /// New region code.
    pub region: Option<String>,
    /// New operating authority.
    pub operating_authority: Option<String>,
    /// New number of places (`Some(None)` clears it).
    pub capacity: Option<Option<i64>>,
    /// New covering office (`Some(None)` clears it).
    pub office_id: Option<Option<OfficeId>>,
    /// Active or not.
    pub is_active: Option<bool>,
}

/// 403 unless the caller may add a facility covered by `office`; asked before the body is
/// parsed.
pub fn may_add(caller: &Caller, office: Option<OfficeId>) -> Result<(), AppError> {
    Ok(caller.check_facility(Do::Create, office)?)
}

/// 403 unless the caller's role changes facilities.
pub fn may_change(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[ombudsman_domain::access::Resource::Facility], Do::Change)?;
    Ok(())
}

fn name_taken(e: DbError) -> AppError {
    match e {
        DbError::Unique { .. } => AppError::field(
            "name",
            "already_exists",
            "a facility with this name already exists in this region",
        ),
        other => other.into(),
    }
}

/// Refuses an office that does not exist, naming the field.
fn check_office(conn: &mut PgConnection, office_id: Option<OfficeId>) -> Result<(), AppError> {
    let Some(office_id) = office_id else { return Ok(()) };
    match offices::find(conn, office_id) {
        Ok(_) => Ok(()),
        Err(DbError::NotFound) => Err(AppError::field("office_id", "unknown_office", "no office has this id")),
        Err(other) => Err(other.into()),
    }
}

/// Adds a facility to the registry with its audit event.
pub fn add_facility(conn: &mut PgConnection, caller: &Caller, cmd: &AddFacility) -> Result<Facility, AppError> {
    may_add(caller, cmd.office_id)?;
    check_office(conn, cmd.office_id)?;
    let f = &cmd.facility;
    let new = NewFacilityRow {
        id: FacilityId::new(),
        name: &f.name,
        kind: f.kind,
        region: f.region,
        operating_authority: &f.operating_authority,
        capacity: f.capacity,
        is_active: true,
        office_id: cmd.office_id,
    };
    let row = facilities::insert(conn, &new).map_err(name_taken)?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::FacilityCreate,
        "facility",
        row.id.0,
        to_json(&new)?,
    )?;
    Ok(row)
}

/// Changes a facility with its audit event: 412 when it changed since the version the caller
/// saw; moving it to another office needs the right over that office too.
pub fn edit_facility(
    conn: &mut PgConnection,
    caller: &Caller,
    id: FacilityId,
    cmd: &EditFacility,
) -> Result<Facility, AppError> {
    may_change(caller)?;
    let before = facilities::lock(conn, id)?;
    caller.check_facility(Do::Change, before.office_id)?;
    expect_version(before.version, cmd.expected_version)?;
    let merged = NewFacility::parse(&FacilityInput {
        name: cmd.name.as_deref().unwrap_or(&before.name),
        kind: cmd.kind.as_deref().unwrap_or(before.kind.as_str()),
        region: cmd.region.as_deref().unwrap_or(before.region.as_str()),
        operating_authority: cmd
            .operating_authority
            .as_deref()
            .unwrap_or(&before.operating_authority),
        capacity: cmd.capacity.unwrap_or(before.capacity.map(i64::from)),
    })?;
    let office_id = cmd.office_id.unwrap_or(before.office_id);
    if office_id != before.office_id {
        // Re-homing needs the right over the new office too.
        caller.check_facility(Do::Change, office_id)?;
        check_office(conn, office_id)?;
    }
    let changes = FacilityChanges {
        name: &merged.name,
        kind: merged.kind,
        region: merged.region,
        operating_authority: &merged.operating_authority,
        capacity: merged.capacity,
        is_active: cmd.is_active.unwrap_or(before.is_active),
        office_id,
    };
    let after = facilities::update(conn, id, cmd.expected_version, &changes).map_err(name_taken)?;
    let diff = audit::diff(&to_json(&before)?, &to_json(&after)?);
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::FacilityUpdate,
        "facility",
        id.0,
        diff,
    )?;
    Ok(after)
}

/// Imports the registry of places of detention from a file read by an operator (the command
/// line, acting as the system): a row whose name and region match a stored facility updates
/// it, the others are added, all in one transaction with one `facility.import` audit event.
pub fn import_facilities(
    conn: &mut PgConnection,
    actor: &audit::Actor,
    file_name: &str,
    rows: &[facilities::ImportRow],
) -> Result<facilities::ImportOutcome, AppError> {
    use diesel::Connection;
    conn.transaction(|conn| {
        let outcome = facilities::import_all(conn, rows)?;
        audit::record(
            conn,
            actor,
            AuditAction::FacilityImport,
            "facility",
            uuid::Uuid::now_v7(),
            serde_json::json!({
                "file": file_name,
                "rows": rows.len(),
                "inserted": outcome.inserted,
                "updated": outcome.updated,
            }),
        )?;
        Ok(outcome)
    })
}
