//! The offices: adding a regional office and setting an office's deadline policy (admins).

use diesel::PgConnection;
use ombudsman_db::offices::{self, NewOffice, Office};
use ombudsman_db::{audit, deadline_policies, DbError};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::deadline::DeadlinePolicy;
use ombudsman_domain::error::Errors;
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::language::Language;
use ombudsman_domain::office::{parse_name, OfficeCode, Region};

use crate::access::Caller;
use crate::error::{to_json, AppError};

/// A new regional office.
#[derive(Debug, Clone)]
pub struct AddOffice {
    code: OfficeCode,
    name: String,
    region: Region,
    default_language: Language,
}

impl AddOffice {
    /// Parses a new office, naming every wrong field; the language defaults to `uz-Latn`.
    pub fn parse(code: &str, name: &str, region: Region, default_language: Option<Language>) -> Result<Self, AppError> {
        let mut errors = Errors::new();
        let code = errors.take(OfficeCode::parse(code));
        let name = errors.take(parse_name("name", name, 200));
        errors.finish()?;
        match (code, name) {
            (Some(code), Some(name)) => Ok(Self {
                code,
                name,
                region,
                default_language: default_language.unwrap_or(Language::UzLatn),
            }),
            _ => Err(AppError::Internal("validated fields missing".into())),
        }
    }
}

/// 403 unless the caller's role changes offices (admins).
pub fn may_change(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::Office], Do::Change)?;
    Ok(())
}

/// Adds an office with its audit event; 409 `already_exists` for a code in use.
pub fn add_office(conn: &mut PgConnection, caller: &Caller, cmd: &AddOffice) -> Result<Office, AppError> {
    may_change(caller)?;
    let new = NewOffice {
        id: OfficeId::new(),
        code: cmd.code.as_str(),
        name: &cmd.name,
        region: cmd.region,
        default_language: cmd.default_language,
    };
    let office = offices::insert(conn, &new).map_err(|e| match e {
        DbError::Unique { .. } => AppError::Conflict {
            code: "already_exists",
            detail: "code: an office with this code already exists".into(),
        },
        other => other.into(),
    })?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::OfficeCreate,
        "office",
        office.id.0,
        to_json(&new)?,
    )?;
    Ok(office)
}

/// Sets the deadline policy of an office with its audit event; it applies to due dates
/// computed from now on.
pub fn set_deadline_policy(
    conn: &mut PgConnection,
    caller: &Caller,
    office: OfficeId,
    policy: &DeadlinePolicy,
) -> Result<(), AppError> {
    may_change(caller)?;
    policy.validate()?;
    let json = to_json(policy)?;
    offices::find(conn, office)?;
    deadline_policies::upsert(conn, office, &json)?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::OfficeDeadlinePolicy,
        "office",
        office.0,
        json,
    )?;
    Ok(())
}
