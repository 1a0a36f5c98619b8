//! Recording compensation recovered for an applicant (case staff), on the timelines of the
//! appeals it came from and in the audit trail, in the caller's transaction.

use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::appeals::{self, Appeal};
use ombudsman_db::impact::{self, Compensation, LinkedAppeal, NewCompensation};
use ombudsman_db::{audit, DbError};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::{AppealId, ApplicantId, CompensationId, ImpactMeasureId};
use ombudsman_domain::impact::{CompensationKind, ValidCompensation};

use crate::access::Caller;
use crate::error::AppError;

/// A validated compensation record.
#[derive(Debug, Clone)]
pub struct RecordCompensation {
    /// Amount, currency and payer, checked by the domain.
    pub valid: ValidCompensation,
    /// Kind.
    pub kind: CompensationKind,
    /// When the money was recovered.
    pub recovered_on: NaiveDate,
    /// The appeal it came from.
    pub appeal_id: Option<AppealId>,
    /// The impact measure it came from.
    pub impact_measure_id: Option<ImpactMeasureId>,
    /// The beneficiary; by default the applicant of the appeal (or of the measure's only appeal).
    pub applicant_id: Option<ApplicantId>,
    /// A note (trimmed, none when blank).
    pub note: Option<String>,
}

/// 403 unless the caller's role records compensation; asked before the command is parsed.
pub fn may_record(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::Compensation], Do::Create)?;
    Ok(())
}

/// Who may benefit: the applicant of the appeal, or of one of the measure's appeals the caller
/// may work on.
fn candidates(
    conn: &mut PgConnection,
    caller: &Caller,
    appeal: Option<&Appeal>,
    linked: &[LinkedAppeal],
) -> Result<Vec<ApplicantId>, AppError> {
    if let Some(a) = appeal {
        return Ok(a.applicant_id.into_iter().collect());
    }
    let scope = caller.appeal_scope(Do::Change)?;
    let ids: Vec<AppealId> = linked.iter().map(|l| l.id).collect();
    let mut c = Vec::new();
    for id in appeals::visible_ids(conn, &scope, &ids)? {
        if let Some(x) = appeals::find(conn, id)?.applicant_id {
            if !c.contains(&x) {
                c.push(x);
            }
        }
    }
    Ok(c)
}

fn beneficiary(asked: Option<ApplicantId>, candidates: &[ApplicantId]) -> Result<Option<ApplicantId>, AppError> {
    match asked {
        Some(x) if candidates.contains(&x) => Ok(Some(x)),
        Some(_) => Err(AppError::field(
            "applicant_id",
            "not_an_applicant",
            "the beneficiary must be the applicant of the appeal (or of an appeal of the measure)",
        )),
        None if candidates.len() == 1 => Ok(Some(candidates[0])),
        None if candidates.is_empty() => Ok(None),
        None => Err(AppError::field(
            "applicant_id",
            "required",
            "the measure concerns several applicants: name the beneficiary",
        )),
    }
}

/// Records compensation: the appeal and measure must be ones the caller may see (and the
/// measure issued for the appeal), the beneficiary an applicant of them.
pub fn record_compensation(
    conn: &mut PgConnection,
    caller: &Caller,
    cmd: RecordCompensation,
) -> Result<Compensation, AppError> {
    may_record(caller)?;
    let appeal_scope = caller.appeal_scope(Do::Change)?;
    let scope = caller.measure_scope(Resource::ImpactMeasure, Do::Read)?;
    let appeal = match cmd.appeal_id {
        Some(id) => Some(appeals::find_visible(conn, &appeal_scope, id).map_err(|e| match e {
            DbError::NotFound => {
                AppError::field("appeal_id", "unknown_appeal", "no appeal you may work on has this id")
            }
            other => other.into(),
        })?),
        None => None,
    };
    let measure = match cmd.impact_measure_id {
        Some(id) => Some(impact::find_visible(conn, &scope, id).map_err(|e| match e {
            DbError::NotFound => AppError::field(
                "impact_measure_id",
                "unknown_measure",
                "no impact measure you may see has this id",
            ),
            other => other.into(),
        })?),
        None => None,
    };
    let linked = match &measure {
        Some(m) => impact::linked_appeals(conn, m.id)?,
        None => vec![],
    };
    if let (Some(a), Some(_)) = (&appeal, &measure) {
        if !linked.iter().any(|l| l.id == a.id) {
            return Err(AppError::field(
                "impact_measure_id",
                "not_linked",
                "the measure was not issued for this appeal",
            ));
        }
    }
    // Money recovered about an appeal is recovered after the appeal came in.
    if let Some(a) = appeal.as_ref().filter(|a| cmd.recovered_on < a.received_on) {
        return Err(AppError::field(
            "recovered_on",
            "before_appeal",
            format!(
                "appeal {} was received on {}: money cannot have been recovered for it earlier",
                a.number, a.received_on
            ),
        ));
    }
    let candidates = candidates(conn, caller, appeal.as_ref(), &linked)?;
    let beneficiary = beneficiary(cmd.applicant_id, &candidates)?;
    let office_id = appeal
        .as_ref()
        .map(|a| a.office_id)
        .or(measure.as_ref().map(|m| m.office_id))
        .unwrap_or(caller.office_id);
    let (valid, kind, recovered_on) = (&cmd.valid, cmd.kind, cmd.recovered_on);
    let saved = impact::insert_compensation(
        conn,
        &NewCompensation {
            id: CompensationId::new(),
            office_id,
            amount_minor: valid.amount_minor,
            currency: &valid.currency,
            kind,
            paid_by: &valid.paid_by,
            recovered_on,
            applicant_id: beneficiary,
            appeal_id: appeal.as_ref().map(|a| a.id),
            impact_measure_id: measure.as_ref().map(|m| m.id),
            note: cmd.note.as_deref(),
            recorded_by: Some(caller.user_id),
        },
    )?;
    let data = serde_json::json!({
        "compensation_id": saved.id, "amount_minor": saved.amount_minor, "currency": saved.currency,
        "kind": kind, "paid_by": saved.paid_by, "recovered_on": recovered_on,
        "impact_measure_id": saved.impact_measure_id,
    });
    let mut on_timeline: Vec<AppealId> = appeal.iter().map(|a| a.id).collect();
    if on_timeline.is_empty() {
        on_timeline = linked.iter().map(|l| l.id).collect();
    }
    for a in on_timeline {
        appeals::add_event(
            conn,
            a,
            Some(caller.user_id),
            TimelineKind::CompensationRecorded,
            None,
            data.clone(),
        )?;
    }
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::CompensationCreate,
        "compensation",
        saved.id.0,
        data,
    )?;
    Ok(saved)
}
