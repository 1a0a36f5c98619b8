//! The registry of partner institutions (foreign and international ombudsmen): adding a
//! partner and changing one (admins). Referrals to them are casework (`appeals::refer`).

use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::partners::{self, NewPartnerRow, Partner, PartnerChanges};
use ombudsman_db::{audit, DbError};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::PartnerId;
use ombudsman_domain::partner::{NewPartner, PartnerInput, PartnerKind};

use crate::access::Caller;
use crate::error::{expect_version, to_json, AppError};

/// Changes to a partner as given; an omitted field stays as it is (`Some(None)` clears it),
/// and the merged record is parsed again as a whole.
#[derive(Debug, Clone, Default)]
pub struct EditPartner {
    /// The version the caller saw (`If-Match`).
    pub expected_version: i32,
    /// New name.
    pub name: Option<String>,
    /// New country.
    pub country: Option<Option<String>>,
    /// New kind.
    pub kind: Option<PartnerKind>,
    /// New agreement.
    pub agreement: Option<String>,
    /// New first day of the agreement.
    pub agreement_from: Option<NaiveDate>,
    /// New last day of the agreement.
    pub agreement_to: Option<Option<NaiveDate>>,
    /// New e-mail.
    pub email: Option<Option<String>>,
    /// Active or not.
    pub is_active: Option<bool>,
}

/// 403 unless the caller's role keeps the registry of partners (admins).
pub fn may_change(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::Partner], Do::Change)?;
    Ok(())
}

fn name_taken(e: DbError) -> AppError {
    match e {
        DbError::Unique { .. } => AppError::field("name", "already_exists", "a partner with this name already exists"),
        other => other.into(),
    }
}

/// Adds a partner with its audit event.
pub fn add_partner(conn: &mut PgConnection, caller: &Caller, partner: &NewPartner) -> Result<Partner, AppError> {
    may_change(caller)?;
    let new = NewPartnerRow {
        id: PartnerId::new(),
        name: &partner.name,
        country: partner.country.as_deref(),
        kind: partner.kind,
        agreement: &partner.agreement,
        agreement_from: partner.agreement_from,
        agreement_to: partner.agreement_to,
        email: partner.email.as_ref().map(|e| e.as_str()),
    };
    let row = partners::insert(conn, &new).map_err(name_taken)?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::PartnerCreate,
        "partner",
        row.id.0,
        to_json(&new)?,
    )?;
    Ok(row)
}

/// Changes a partner with its audit event: 412 when it changed since the version the caller
/// saw.
pub fn edit_partner(
    conn: &mut PgConnection,
    caller: &Caller,
    id: PartnerId,
    cmd: &EditPartner,
) -> Result<Partner, AppError> {
    may_change(caller)?;
    let before = partners::lock(conn, id)?;
    expect_version(before.version, cmd.expected_version)?;
    let merged = NewPartner::parse(&PartnerInput {
        name: cmd.name.as_deref().unwrap_or(&before.name),
        country: match &cmd.country {
            Some(country) => country.as_deref(),
            None => before.country.as_deref(),
        },
        kind: Some(cmd.kind.unwrap_or(before.kind)),
        agreement: cmd.agreement.as_deref().unwrap_or(&before.agreement),
        agreement_from: cmd.agreement_from.unwrap_or(before.agreement_from),
        agreement_to: cmd.agreement_to.unwrap_or(before.agreement_to),
        email: match &cmd.email {
            Some(email) => email.as_deref(),
            None => before.email.as_deref(),
        },
    })?;
    let changes = PartnerChanges {
        name: &merged.name,
        country: merged.country.as_deref(),
        kind: merged.kind,
        agreement: &merged.agreement,
        agreement_from: merged.agreement_from,
        agreement_to: merged.agreement_to,
        email: merged.email.as_ref().map(|e| e.as_str()),
        is_active: cmd.is_active.unwrap_or(before.is_active),
    };
    let after = partners::update(conn, id, cmd.expected_version, &changes).map_err(name_taken)?;
    let diff = audit::diff(&to_json(&before)?, &to_json(&after)?);
    audit::record(conn, &caller.actor(), AuditAction::PartnerUpdate, "partner", id.0, diff)?;
    Ok(after)
}
