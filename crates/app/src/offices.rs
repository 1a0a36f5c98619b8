//! The offices: adding a regional office, editing its official name and contact details and
//! setting its deadline policy (admins).

use diesel::PgConnection;
use ombudsman_db::offices::{self, NewOffice, Office};
use ombudsman_db::{audit, deadline_policies, DbError};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::appeal::parse_phone;
use ombudsman_domain::deadline::DeadlinePolicy;
use ombudsman_domain::error::Errors;
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::language::Language;
use ombudsman_domain::office::{parse_name, OfficeCode, Region};
use ombudsman_domain::user::Email;

use crate::access::Caller;
use crate::error::{expect_version, to_json, AppError};

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

/// New contact details of an office, given in the footer of its letters: for each field,
/// `None` keeps it, `Some(None)` clears it.
#[derive(Debug, Clone)]
pub struct EditOffice {
    expected_version: i32,
    change: offices::ContactChange,
}

/// One optional text of a change: left out, cleared (`null`) or a new value parsed by `parse`.
fn optional_text<T>(
    errors: &mut Errors,
    value: Option<Option<&str>>,
    parse: impl FnOnce(&str) -> Result<T, ombudsman_domain::error::DomainError>,
) -> Option<Option<T>> {
    match value {
        Some(Some(raw)) => errors.take(parse(raw)).map(Some),
        Some(None) => Some(None),
        None => None,
    }
}

/// A blank e-mail or phone clears it, as a blank one is none in every other form.
fn blank_clears(value: Option<Option<&str>>) -> Option<Option<&str>> {
    value.map(|v| v.filter(|raw| !raw.trim().is_empty()))
}

impl EditOffice {
    /// Parses the change, naming every wrong field; `expected_version` is the version the
    /// caller saw (`If-Match`).
    pub fn parse(
        expected_version: i32,
        official_name: Option<Option<&str>>,
        address: Option<Option<&str>>,
        phone: Option<Option<&str>>,
        email: Option<Option<&str>>,
        website: Option<Option<&str>>,
    ) -> Result<Self, AppError> {
        let mut errors = Errors::new();
        let text = |field: &'static str, max: usize| move |raw: &str| parse_name(field, raw, max);
        let change = offices::ContactChange {
            official_name: optional_text(&mut errors, official_name, text("official_name", 300)),
            address: optional_text(&mut errors, address, text("address", 300)),
            phone: optional_text(&mut errors, blank_clears(phone), |raw| {
                parse_phone(raw).map(|(shown, _)| shown)
            }),
            email: optional_text(&mut errors, blank_clears(email), |raw| {
                Email::parse(raw).map(|e| e.as_str().to_owned())
            }),
            website: optional_text(&mut errors, website, text("website", 200)),
        };
        errors.finish()?;
        Ok(Self {
            expected_version,
            change,
        })
    }
}

/// The details an office's audit event compares.
fn contacts(office: &Office) -> serde_json::Value {
    serde_json::json!({
        "official_name": office.official_name,
        "address": office.address,
        "phone": office.phone,
        "email": office.email,
        "website": office.website,
    })
}

/// Changes an office's official name and contact details with its audit event: 412 when it
/// changed since the version the caller saw.
pub fn edit_office(
    conn: &mut PgConnection,
    caller: &Caller,
    id: OfficeId,
    cmd: &EditOffice,
) -> Result<Office, AppError> {
    may_change(caller)?;
    let before = offices::lock(conn, id)?;
    expect_version(before.version, cmd.expected_version)?;
    let after = offices::set_contacts(conn, id, &cmd.change)?;
    let diff = audit::diff(&contacts(&before), &contacts(&after));
    audit::record(conn, &caller.actor(), AuditAction::OfficeUpdate, "office", id.0, diff)?;
    Ok(after)
}
