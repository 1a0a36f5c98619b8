//! Work on a case between its moves: notes, requests for explanations sent to state bodies and
//! their answers, each on the timeline and in the audit trail in the caller's transaction.

use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::appeals::{self, AppealEvent, BodyRequest};
use ombudsman_db::{audit, DbError};
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::{AppealId, BodyRequestId, StateBodyId};

use super::edit::may_edit;
use crate::access::Caller;
use crate::error::AppError;
use crate::state_bodies::resolve_body;

/// Adds a note (already checked: trimmed, at most 20,000 characters) to an appeal's timeline.
pub fn add_note(
    conn: &mut PgConnection,
    caller: &Caller,
    appeal: AppealId,
    text: &str,
) -> Result<AppealEvent, AppError> {
    may_edit(caller)?;
    caller.lock_appeal(conn, Do::Change, appeal)?;
    let event = appeals::add_event(
        conn,
        appeal,
        Some(caller.user_id),
        TimelineKind::Note,
        Some(text),
        serde_json::json!({}),
    )?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::AppealNote,
        "appeal",
        appeal.0,
        serde_json::json!({"event_id": event.id}),
    )?;
    Ok(event)
}

/// A validated request for explanations to a state body.
#[derive(Debug, Clone)]
pub struct SendRequest {
    /// The appeal.
    pub appeal: AppealId,
    /// The state body, as written.
    pub body_name: String,
    /// The body in the directory, when given by id (else `body_name` is matched by its fold).
    pub body_id: Option<StateBodyId>,
    /// What is asked.
    pub subject: String,
    /// Date sent.
    pub sent_on: NaiveDate,
    /// Date the answer is due.
    pub due_on: NaiveDate,
}

/// Records a request sent to a state body, with its own due date.
pub fn send_request(conn: &mut PgConnection, caller: &Caller, cmd: &SendRequest) -> Result<BodyRequest, AppError> {
    may_edit(caller)?;
    let id = cmd.appeal;
    let appeal = caller.lock_appeal(conn, Do::Change, id)?;
    if cmd.sent_on < appeal.received_on {
        return Err(AppError::field(
            "sent_on",
            "before_appeal",
            format!(
                "appeal {} was received on {}: a request about it cannot be sent earlier",
                appeal.number, appeal.received_on
            ),
        ));
    }
    let body_id = resolve_body(conn, &cmd.body_name, cmd.body_id, "body_id")?;
    let r = appeals::add_body_request(
        conn,
        id,
        &cmd.body_name,
        body_id,
        &cmd.subject,
        cmd.sent_on,
        cmd.due_on,
        caller.user_id,
    )?;
    let data = serde_json::json!({"request_id": r.id, "body_name": r.body_name, "due_on": r.due_on});
    appeals::add_event(
        conn,
        id,
        Some(caller.user_id),
        TimelineKind::RequestSent,
        Some(&r.subject),
        data.clone(),
    )?;
    audit::record(conn, &caller.actor(), AuditAction::AppealRequest, "appeal", id.0, data)?;
    Ok(r)
}

/// A validated answer of a state body.
#[derive(Debug, Clone)]
pub struct RecordAnswer {
    /// The appeal.
    pub appeal: AppealId,
    /// The request answered.
    pub request: BodyRequestId,
    /// Date the answer arrived.
    pub answered_on: NaiveDate,
    /// What the body answered.
    pub summary: String,
}

/// Records the answer to an open request of the appeal: 409 `request_not_open` otherwise.
pub fn record_answer(conn: &mut PgConnection, caller: &Caller, cmd: &RecordAnswer) -> Result<BodyRequest, AppError> {
    may_edit(caller)?;
    let id = cmd.appeal;
    caller.lock_appeal(conn, Do::Change, id)?;
    let r =
        appeals::answer_body_request(conn, id, cmd.request, cmd.answered_on, &cmd.summary).map_err(|e| match e {
            DbError::NotFound => AppError::Conflict {
                code: "request_not_open",
                detail: "no open request with this id on this appeal".into(),
            },
            DbError::Check { .. } => AppError::field(
                "answered_on",
                "before_sent_on",
                "must not be before the request was sent",
            ),
            other => other.into(),
        })?;
    let data = serde_json::json!({"request_id": r.id, "body_name": r.body_name, "answered_on": cmd.answered_on});
    appeals::add_event(
        conn,
        id,
        Some(caller.user_id),
        TimelineKind::AnswerReceived,
        Some(&cmd.summary),
        data.clone(),
    )?;
    audit::record(conn, &caller.actor(), AuditAction::AppealAnswer, "appeal", id.0, data)?;
    Ok(r)
}
