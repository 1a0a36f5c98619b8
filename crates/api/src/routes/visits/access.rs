//! Who reads and who changes monitoring visits.

use ombudsman_db::visits::VisitScope;
use ombudsman_domain::user::Role;

use crate::auth::Principal;
use crate::error::ApiError;

/// Who reads visits; who records them.
pub const READERS: &[Role] = &[Role::Manager, Role::Monitor, Role::CaseOfficer, Role::Auditor];
pub const WRITERS: &[Role] = &[Role::Manager, Role::Monitor];

/// The visits the caller may read.
pub fn read_scope_of(p: &Principal) -> Result<VisitScope, ApiError> {
    p.require(READERS)?;
    Ok(VisitScope {
        all_offices: p.role == Role::Auditor || (p.role == Role::Manager && p.central_office),
        office_id: p.office_id,
    })
}

/// The visits the caller may change.
pub fn write_scope_of(p: &Principal) -> Result<VisitScope, ApiError> {
    p.require(WRITERS)?;
    read_scope_of(p)
}
