//! Impact measures: issuing one (managers) and moving it along its lifecycle (case staff), with
//! the linked appeals' timelines, the audit trail and the applicants' e-mails in the caller's
//! transaction.

use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::impact::{self, Measure, MeasureChange, NewMeasure};
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_db::{appeals, applicants, audit, offices, DbError};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::{AppealId, ImpactMeasureId, StateBodyId, VisitId};
use ombudsman_domain::impact::{check_move, measure_number, MeasureKind, MeasureStatus};
use ombudsman_domain::notification::{self, Notification};
use ombudsman_domain::office::parse_name;

use crate::access::Caller;
use crate::context::Context;
use crate::error::{expect_version, expect_version_if, to_json, AppError};
use crate::state_bodies::resolve_body;

/// A validated new impact measure.
#[derive(Debug, Clone)]
pub struct IssueMeasure {
    /// Kind.
    pub kind: MeasureKind,
    /// The state body it is addressed to, as written.
    pub addressee: String,
    /// The addressee's body in the directory, when given by id (else the addressee's name is
    /// matched by its fold).
    pub addressee_body_id: Option<StateBodyId>,
    /// Date issued.
    pub issued_on: NaiveDate,
    /// The appeals it is issued for.
    pub appeal_ids: Vec<AppealId>,
    /// The monitoring visit it follows.
    pub visit_id: Option<VisitId>,
    /// What the office asks for.
    pub summary: String,
    /// When the body must answer.
    pub response_due_on: Option<NaiveDate>,
}

/// 403 unless the caller's role issues measures; asked before the command is parsed.
pub fn may_issue(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::ImpactMeasure], Do::Create)?;
    Ok(())
}

/// Issues an impact measure in the caller's office: numbered per office, kind and year, linked
/// to its appeals, on their timelines, announced to their applicants by e-mail.
pub fn issue_measure(
    conn: &mut PgConnection,
    caller: &Caller,
    cmd: IssueMeasure,
    ctx: Context<'_>,
) -> Result<Measure, AppError> {
    may_issue(caller)?;
    let scope = caller.appeal_scope(Do::Change)?;
    if let Some(visit) = cmd.visit_id {
        let visit_scope = caller.visit_scope(Do::Read)?;
        crate::visits::cited(conn, &visit_scope, visit, "no visit you may see has this id")?;
    }
    let mut linked = Vec::new();
    let mut errors = Errors::new();
    for (i, id) in cmd.appeal_ids.iter().enumerate() {
        match appeals::find_visible(conn, &scope, *id) {
            // A measure about an appeal cannot be older than the appeal.
            Ok(a) if a.received_on > cmd.issued_on => errors.push(FieldError::new(
                format!("appeal_ids[{i}]"),
                "after_issue",
                format!("appeal {} was received on {}, after issued_on", a.number, a.received_on),
            )),
            Ok(a) => linked.push(a),
            Err(DbError::NotFound) => errors.push(FieldError::new(
                format!("appeal_ids[{i}]"),
                "unknown_appeal",
                "no appeal you may work on has this id",
            )),
            Err(e) => return Err(e.into()),
        }
    }
    errors.finish()?;
    let addressee_body_id = resolve_body(conn, &cmd.addressee, cmd.addressee_body_id, "addressee_body_id")?;
    let IssueMeasure {
        kind,
        addressee,
        addressee_body_id: _,
        issued_on,
        appeal_ids: ids,
        visit_id,
        summary,
        response_due_on: due,
    } = cmd;
    let office = offices::find(conn, caller.office_id)?;
    let year = chrono::Datelike::year(&issued_on);
    let series = format!("measure_{}", kind.letter().to_ascii_lowercase());
    let seq = appeals::next_number(conn, caller.office_id, &series, year)?;
    let number = measure_number(&office.code, kind, year, seq);
    let new = NewMeasure {
        id: ImpactMeasureId::new(),
        office_id: caller.office_id,
        number: &number,
        year,
        seq,
        kind,
        addressee: &addressee,
        issued_on,
        summary: &summary,
        response_due_on: due,
        visit_id: visit_id.map(|v| v.0),
        issued_by: Some(caller.user_id),
        addressee_body_id,
    };
    let measure = impact::insert(conn, &new, &ids)?;
    let data = serde_json::json!({
        "impact_measure_id": measure.id, "number": number, "kind": kind, "addressee": addressee,
    });
    for a in &linked {
        appeals::add_event(
            conn,
            a.id,
            Some(caller.user_id),
            TimelineKind::ImpactMeasureIssued,
            None,
            data.clone(),
        )?;
        let applicant = a.applicant_id.map(|id| applicants::find(conn, id)).transpose()?;
        if let Some((email, language)) = applicant.and_then(|ap| ap.email.map(|e| (e, ap.language))) {
            let issued = Notification::ImpactMeasureIssued(notification::ImpactMeasureIssued {
                number: a.number.clone(),
                measure: number.clone(),
                kind: kind.as_str().to_owned(),
                addressee: addressee.clone(),
                issued_on,
            });
            let key = issued.kind().occurrence_key(&[&measure.id, &a.id]);
            let message = NewMessage::notification(&issued, email, language, Some(a.office_id), Some(key));
            outbox::enqueue(conn, &message, ctx.mail_domain)?;
        }
    }
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::ImpactMeasureCreate,
        "impact_measure",
        measure.id.0,
        serde_json::json!({"number": number, "kind": kind, "addressee": addressee, "appeal_ids": ids,
                           "issued_on": issued_on, "response_due_on": due}),
    )?;
    Ok(measure)
}

/// A move of a measure: the body's answer, the implementation, the court.
#[derive(Debug, Clone)]
pub struct MoveMeasure {
    /// The measure.
    pub measure: ImpactMeasureId,
    /// The version the caller saw (`If-Match`), when they sent one.
    pub expected_version: Option<i32>,
    /// The new status.
    pub status: MeasureStatus,
    /// For `response_received`: when the answer came (default today).
    pub response_received_on: Option<NaiveDate>,
    /// For `response_received`: what the body answered (required).
    pub response_summary: Option<String>,
    /// For the final statuses: when (default today).
    pub decided_on: Option<NaiveDate>,
    /// A note for the linked appeals' timelines.
    pub note: Option<String>,
}

/// Names a date of a move that lies after today or before the measure was issued.
fn check_move_date(errors: &mut Errors, field: &str, d: NaiveDate, today: NaiveDate, issued_on: NaiveDate) {
    if d > today {
        errors.push(FieldError::new(
            field,
            "in_future",
            format!("cannot be after today ({today})"),
        ));
    }
    if d < issued_on {
        errors.push(FieldError::new(
            field,
            "before_issue",
            "cannot be before the measure was issued",
        ));
    }
}

/// 403 unless the caller's role moves measures; asked before the request is read further.
pub fn may_move(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::ImpactMeasure], Do::Move)?;
    Ok(())
}

/// Moves a measure along its lifecycle: 404 when the caller may not see it, 412 when it changed
/// since `expected_version`, 409 with the allowed statuses when the lifecycle forbids the move.
pub fn move_measure(
    conn: &mut PgConnection,
    caller: &Caller,
    mv: &MoveMeasure,
    ctx: Context<'_>,
) -> Result<Measure, AppError> {
    may_move(caller)?;
    let today = ctx.today;
    let id = mv.measure;
    let m = caller.lock_measure(conn, Do::Move, id)?;
    expect_version_if(m.version, mv.expected_version)?;
    check_move(m.kind, m.status, mv.status)?;
    let mut change = MeasureChange {
        status: mv.status,
        response_received_on: m.response_received_on,
        response_summary: m.response_summary.clone(),
        decided_on: m.decided_on,
    };
    let mut errors = Errors::new();
    if mv.status == MeasureStatus::ResponseReceived {
        let on = mv.response_received_on.unwrap_or(today);
        check_move_date(&mut errors, "response_received_on", on, today, m.issued_on);
        let summary = mv.response_summary.as_deref().map(str::trim).unwrap_or("");
        if summary.is_empty() {
            errors.push(FieldError::new(
                "response_summary",
                "required",
                "what did the body answer?",
            ));
        }
        change.response_received_on = Some(on);
        change.response_summary = Some(summary.to_owned());
    } else if mv.status.is_final() {
        let on = mv.decided_on.unwrap_or(today);
        check_move_date(&mut errors, "decided_on", on, today, m.issued_on);
        change.decided_on = Some(on);
    }
    errors.finish()?;
    let updated = impact::apply(conn, id, &change)?;
    let note = mv.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let data = serde_json::json!({
        "impact_measure_id": id, "number": m.number, "from": m.status, "to": mv.status,
        "response_summary": change.response_summary,
    });
    for a in impact::linked_appeals(conn, id)? {
        appeals::add_event(
            conn,
            a.id,
            Some(caller.user_id),
            TimelineKind::ImpactMeasureUpdated,
            note,
            data.clone(),
        )?;
    }
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::ImpactMeasureMove,
        "impact_measure",
        id.0,
        data,
    )?;
    Ok(updated)
}

/// A correction of a measure's text and due date, as given (checked against the measure).
#[derive(Debug, Clone)]
pub struct CorrectMeasure {
    /// The measure.
    pub measure: ImpactMeasureId,
    /// The version the caller saw (`If-Match`).
    pub expected_version: i32,
    /// The state body, as written.
    pub addressee: Option<String>,
    /// The addressee's body in the directory; with only a new `addressee`, the new name is
    /// matched by its fold.
    pub addressee_body_id: Option<StateBodyId>,
    /// What the office asks for.
    pub summary: Option<String>,
    /// When the body must answer (not before the measure was issued).
    pub response_due_on: Option<NaiveDate>,
}

/// 403 unless the caller's role corrects measures; asked before the request is read further.
pub fn may_correct(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::ImpactMeasure], Do::Change)?;
    Ok(())
}

/// Corrects a measure (managers), with its audit event: 404 when the caller may not see it,
/// 412 when it changed since `expected_version`, then every wrong field at once.
pub fn correct_measure(conn: &mut PgConnection, caller: &Caller, cmd: &CorrectMeasure) -> Result<Measure, AppError> {
    may_correct(caller)?;
    let id = cmd.measure;
    let m = caller.lock_measure(conn, Do::Change, id)?;
    expect_version(m.version, cmd.expected_version)?;
    let mut errors = Errors::new();
    let addressee = cmd
        .addressee
        .as_deref()
        .and_then(|a| errors.take(parse_name("addressee", a, 500)));
    let summary = cmd
        .summary
        .as_deref()
        .and_then(|s| errors.take(parse_name("summary", s, 10_000)));
    if cmd.response_due_on.is_some_and(|d| d < m.issued_on) {
        errors.push(FieldError::new(
            "response_due_on",
            "before_issue",
            "cannot be before issued_on",
        ));
    }
    errors.finish()?;
    let link = match (&addressee, cmd.addressee_body_id) {
        (None, None) => None,
        (name, id) => Some(resolve_body(
            conn,
            name.as_deref().unwrap_or(&m.addressee),
            id,
            "addressee_body_id",
        )?),
    };
    let updated = impact::update_details(
        conn,
        id,
        addressee.as_deref(),
        link,
        summary.as_deref(),
        cmd.response_due_on,
    )?;
    let diff = audit::diff(&to_json(&m)?, &to_json(&updated)?);
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::ImpactMeasureUpdate,
        "impact_measure",
        id.0,
        diff,
    )?;
    Ok(updated)
}
