//! Which office takes the online appeals of each region: a table an admin keeps; the central
//! office takes a region that has no route.

use diesel::PgConnection;
use ombudsman_db::{applicant_page, audit, offices, DbError};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::office::Region;

use crate::access::Caller;
use crate::error::AppError;
use crate::offices::may_change;

/// The office of a region's online appeals.
pub fn office_for_region(conn: &mut PgConnection, region: Region) -> Result<OfficeId, AppError> {
    match applicant_page::routed_office(conn, region)? {
        Some(office) => Ok(office),
        None => Ok(applicant_page::central_office(conn)?),
    }
}

/// A route to set.
#[derive(Debug, Clone)]
pub struct SetRegionRoute {
    /// The region.
    pub region: Region,
    /// The office that takes its online appeals.
    pub office: OfficeId,
}

/// Names the office that takes a region's online appeals (admins), with its audit event; 400
/// `unknown_office` for an office that does not exist.
pub fn set_region_route(conn: &mut PgConnection, caller: &Caller, cmd: &SetRegionRoute) -> Result<(), AppError> {
    may_change(caller)?;
    let office = offices::find(conn, cmd.office).map_err(|e| match e {
        DbError::NotFound => AppError::field("office_id", "unknown_office", "no office has this id"),
        other => other.into(),
    })?;
    applicant_page::set_route(conn, cmd.region, office.id)?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::RegionRouteSet,
        "region_route",
        office.id.0,
        serde_json::json!({"region": cmd.region, "office_id": office.id, "office": office.code}),
    )?;
    Ok(())
}
