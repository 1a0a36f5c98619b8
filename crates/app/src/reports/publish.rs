//! Publishing a report (managers): its figures are computed now and stored frozen, so the
//! report given to Parliament stays reproducible after later corrections.

use chrono::{NaiveDate, Utc};
use diesel::PgConnection;
use ombudsman_db::snapshots::{self, Snapshot};
use ombudsman_db::{audit, offices, reports, DbError};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::{OfficeId, ReportSnapshotId};
use ombudsman_domain::report::{HalfYear, Period, Report};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::access::Caller;
use crate::error::AppError;

/// The time a report covers.
#[derive(Debug, Clone, Copy)]
pub enum Which {
    /// A half-year.
    Half(HalfYear),
    /// Any period.
    Period(Period),
}

/// A validated publication.
#[derive(Debug, Clone)]
pub struct PublishReport {
    /// The half-year or period.
    pub which: Which,
    /// The office asked for (`None`: the caller's own, or every office from the central office).
    pub office_id: Option<OfficeId>,
    /// Title; by default e.g. `H1 2025` with the office's code.
    pub title: Option<String>,
    /// A note (trimmed).
    pub note: String,
}

/// 403 unless the caller's role publishes reports; asked before the command is parsed.
pub fn may_publish(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::Snapshot], Do::Create)?;
    Ok(())
}

/// The offices whose figures the caller gets: `None` for every office; 403 for another
/// office than their own unless they reach every office.
pub fn office_scope(caller: &Caller, requested: Option<OfficeId>) -> Result<Option<OfficeId>, AppError> {
    caller.require(&[Resource::Report], Do::Read)?;
    let every_office = caller.reaches_other_offices(Resource::Report, Do::Read);
    match requested {
        _ if every_office => Ok(requested),
        None => Ok(Some(caller.office_id)),
        Some(o) if o == caller.office_id => Ok(Some(o)),
        Some(_) => Err(crate::access::Denied::Forbidden.into()),
    }
}

/// The report of the half-year or period for the office (or every office), as of a day.
pub fn compute(
    conn: &mut PgConnection,
    which: &Which,
    office: Option<OfficeId>,
    as_of: NaiveDate,
) -> Result<Report, AppError> {
    let result = match which {
        Which::Half(h) => reports::half_year_report(conn, office, *h, as_of),
        Which::Period(p) => reports::period_report(conn, office, *p, as_of),
    };
    result.map_err(|e| match e {
        DbError::NotFound => AppError::field("office_id", "unknown_office", "no office has this id"),
        other => other.into(),
    })
}

/// The SHA-256 of the figures as stored, to show they were not changed.
pub fn figures_sha256(figures: &Value) -> Result<Vec<u8>, AppError> {
    let bytes = serde_json::to_vec(figures).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Sha256::digest(&bytes).to_vec())
}

/// Publishes the report as computed today, with its audit event, in the caller's transaction.
pub fn publish_report(
    conn: &mut PgConnection,
    caller: &Caller,
    cmd: PublishReport,
    today: NaiveDate,
) -> Result<Snapshot, AppError> {
    may_publish(caller)?;
    let office = office_scope(caller, cmd.office_id)?;
    let report = compute(conn, &cmd.which, office, today)?;
    let code = match office {
        Some(id) => Some(offices::find(conn, id)?.code),
        None => None,
    };
    let default_title = match &report.half_year {
        Some(h) => format!("H{} {}", h.half(), h.year()),
        None => format!("{} – {}", report.period.from(), report.period.to()),
    };
    let title = cmd.title.unwrap_or_else(|| match code {
        Some(code) => format!("{default_title}, {code}"),
        None => default_title,
    });
    let figures = serde_json::to_value(&report).map_err(|e| AppError::Internal(e.to_string()))?;
    let row = Snapshot {
        id: ReportSnapshotId::new(),
        office_id: office,
        kind: if report.half_year.is_some() {
            "half_year"
        } else {
            "period"
        }
        .into(),
        period_from: report.period.from(),
        period_to: report.period.to(),
        title,
        note: cmd.note,
        figures_sha256: figures_sha256(&figures)?,
        figures,
        published_by: caller.user_id,
        published_at: Utc::now(),
    };
    let saved = snapshots::insert(conn, &row)?;
    let digest: String = saved.figures_sha256.iter().map(|b| format!("{b:02x}")).collect();
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::ReportPublish,
        "report_snapshot",
        saved.id.0,
        serde_json::json!({"title": saved.title, "office_id": office, "period_from": saved.period_from,
                           "period_to": saved.period_to, "figures_sha256": digest}),
    )?;
    Ok(saved)
}
