//! Correcting or voiding a compensation record (managers), with a reason: the record takes the
//! new figures, the old ones stay in its history, the audit trail holds both.

use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::compensation_corrections::{self, Correction, Figures};
use ombudsman_db::impact::Compensation;
use ombudsman_db::{appeals, audit};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::CompensationId;
use ombudsman_domain::impact::{parse_amount_minor, parse_currency};

use crate::access::Caller;
use crate::error::{expect_version_if, AppError};

/// The longest reason, in characters.
const MAX_REASON: usize = 2000;

/// What becomes of the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// New figures (each unchanged when absent).
    Correct {
        /// Amount in minor units.
        amount_minor: Option<i64>,
        /// ISO 4217 currency.
        currency: Option<String>,
        /// Date recovered.
        recovered_on: Option<NaiveDate>,
    },
    /// It counts no more.
    Void,
}

/// A correction of a compensation record.
#[derive(Debug, Clone)]
pub struct CorrectCompensation {
    /// The record.
    pub id: CompensationId,
    /// The version the caller saw (`If-Match`), when they sent one.
    pub expected_version: Option<i32>,
    /// The change.
    pub change: Change,
    /// Why (trimmed, required).
    pub reason: String,
}

/// 403 unless the caller's role corrects compensation; asked before the body is parsed.
pub fn may_correct(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::Compensation], Do::Change)?;
    Ok(())
}

/// Corrects or voids a record: 404 when the caller may not see it, 403 when they may see but
/// not change it, 412 when it changed since `expected_version`, 409 when it is already void.
pub fn correct_compensation(
    conn: &mut PgConnection,
    caller: &Caller,
    cmd: CorrectCompensation,
    today: NaiveDate,
) -> Result<Compensation, AppError> {
    may_correct(caller)?;
    let seen = caller.compensation(conn, cmd.id)?;
    caller.check_office(Resource::Compensation, Do::Change, seen.office_id, cmd.id.0)?;
    let before = compensation_corrections::lock(conn, cmd.id)?;
    expect_version_if(before.version, cmd.expected_version)?;
    if before.voided_at.is_some() {
        return Err(AppError::Domain(ombudsman_domain::error::DomainError::Conflict {
            action: "correct".to_owned(),
            state: "void".to_owned(),
            allowed: vec![],
        }));
    }
    let reason = cmd.reason.trim();
    if reason.is_empty() {
        return Err(AppError::field("reason", "required", "say why the record is corrected"));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(AppError::field(
            "reason",
            "too_long",
            format!("at most {MAX_REASON} characters"),
        ));
    }
    let (saved, action, data) = match &cmd.change {
        Change::Correct {
            amount_minor,
            currency,
            recovered_on,
        } => {
            let amount_minor = match amount_minor {
                Some(a) => parse_amount_minor("amount_minor", *a)?,
                None => before.amount_minor,
            };
            let currency = match currency {
                Some(c) => parse_currency("currency", c)?,
                None => before.currency.clone(),
            };
            let recovered_on = recovered_on.unwrap_or(before.recovered_on);
            if recovered_on > today {
                return Err(AppError::field(
                    "recovered_on",
                    "in_future",
                    format!("cannot be after today ({today})"),
                ));
            }
            if let Some(appeal) = before.appeal_id.map(|id| appeals::find(conn, id)).transpose()? {
                if recovered_on < appeal.received_on {
                    return Err(AppError::field(
                        "recovered_on",
                        "before_appeal",
                        format!(
                            "appeal {} was received on {}: money cannot have been recovered for it earlier",
                            appeal.number, appeal.received_on
                        ),
                    ));
                }
            }
            if amount_minor == before.amount_minor && currency == before.currency && recovered_on == before.recovered_on
            {
                return Err(AppError::field(
                    "amount_minor",
                    "unchanged",
                    "a correction changes the amount, the currency or the date",
                ));
            }
            let figures = Figures {
                amount_minor,
                currency: &currency,
                recovered_on,
            };
            let saved = compensation_corrections::apply(conn, &before, Some(&figures), reason, caller.user_id)?;
            let data = serde_json::json!({
                "compensation_id": before.id, "reason": reason,
                "from": {"amount_minor": before.amount_minor, "currency": before.currency,
                         "recovered_on": before.recovered_on},
                "to": {"amount_minor": amount_minor, "currency": currency, "recovered_on": recovered_on},
            });
            (saved, AuditAction::CompensationCorrect, data)
        }
        Change::Void => {
            let saved = compensation_corrections::apply(conn, &before, None, reason, caller.user_id)?;
            let data = serde_json::json!({
                "compensation_id": before.id, "reason": reason,
                "from": {"amount_minor": before.amount_minor, "currency": before.currency,
                         "recovered_on": before.recovered_on},
            });
            (saved, AuditAction::CompensationVoid, data)
        }
    };
    audit::record(conn, &caller.actor(), action, "compensation", saved.id.0, data)?;
    Ok(saved)
}

/// The corrections of a record the caller may read, oldest first.
pub fn corrections(conn: &mut PgConnection, caller: &Caller, id: CompensationId) -> Result<Vec<Correction>, AppError> {
    caller.compensation(conn, id)?;
    Ok(compensation_corrections::of_record(conn, id)?)
}
