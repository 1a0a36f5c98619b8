//! Who sees and changes which appeals.
//!
//! - admin: no casework (403);
//! - auditor: reads every appeal of every office, changes nothing;
//! - manager: the appeals of their office (every office for the central office), confidential
//!   ones included;
//! - case officer: the appeals of their office; a confidential one only when assigned to them;
//! - monitor: the appeals of their office received during monitoring visits.
//!
//! A record the caller may not see answers 404, never 403.

use ombudsman_db::appeals::Scope;
use ombudsman_domain::user::Role;

use crate::auth::Principal;
use crate::error::ApiError;

/// The caller's reading scope; admins do no casework.
pub fn read_scope(p: &Principal) -> Result<Scope, ApiError> {
    let base = Scope {
        all_offices: false,
        office_id: p.office_id,
        user_id: p.user_id,
        confidential: false,
        monitoring_only: false,
    };
    match p.role {
        Role::Admin => Err(ApiError::Forbidden),
        Role::Auditor => Ok(Scope {
            all_offices: true,
            confidential: true,
            ..base
        }),
        Role::Manager => Ok(Scope {
            all_offices: p.central_office,
            confidential: true,
            ..base
        }),
        Role::CaseOfficer => Ok(base),
        Role::Monitor => Ok(Scope {
            monitoring_only: true,
            ..base
        }),
    }
}

/// The caller's scope for changes: as for reading, but auditors change nothing.
pub fn write_scope(p: &Principal) -> Result<Scope, ApiError> {
    if p.role == Role::Auditor {
        return Err(ApiError::Forbidden);
    }
    read_scope(p)
}

/// Whether the caller may see the applicant of an appeal flagged for reprisal risk: only its
/// assigned officer and managers.
pub fn sees_identity(p: &Principal, reprisal_risk: bool, assigned_to: Option<ombudsman_domain::ids::UserId>) -> bool {
    !reprisal_risk || p.role == Role::Manager || assigned_to == Some(p.user_id)
}
