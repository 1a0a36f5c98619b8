//! Requests of the office to the applicant (documents, explanations): they appear on the
//! applicant's page until answered, go on the timeline and into the audit trail, and the
//! applicant is told by e-mail. Pausing the clock while waiting stays its own move.

use chrono::Utc;
use diesel::PgConnection;
use ombudsman_db::applicant_page::{self, ApplicantRequest};
use ombudsman_db::{appeals, audit};
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::{AppealId, ApplicantRequestId};
use ombudsman_domain::notification::{self, Notification};

use super::edit::may_edit;
use super::lifecycle::tell_applicant_once;
use crate::access::Caller;
use crate::context::Context;
use crate::error::AppError;

/// A checked request to the applicant.
#[derive(Debug, Clone)]
pub struct AskApplicant {
    /// The appeal.
    pub appeal: AppealId,
    /// What is asked (trimmed, 1 to 5,000 characters).
    pub text: String,
    /// The applicant's page, named in the e-mail.
    pub status_link: String,
}

/// Sends a request to the applicant of an appeal: 404 when the caller may not see the appeal,
/// 409 `appeal_closed` on a closed one, 409 `no_applicant` on an anonymous one.
pub fn ask_applicant(
    conn: &mut PgConnection,
    caller: &Caller,
    cmd: &AskApplicant,
    ctx: Context<'_>,
) -> Result<ApplicantRequest, AppError> {
    may_edit(caller)?;
    let a = caller.lock_appeal(conn, Do::Change, cmd.appeal)?;
    if a.closed_on.is_some() {
        return Err(AppError::Conflict {
            code: "appeal_closed",
            detail: "the appeal is closed: reopen it to ask the applicant".into(),
        });
    }
    let r = applicant_page::add_request(
        conn,
        &ApplicantRequest {
            id: ApplicantRequestId::new(),
            appeal_id: a.id,
            text: cmd.text.clone(),
            sent_on: ctx.today,
            sent_by: Some(caller.user_id),
            answered_by: None,
            created_at: Utc::now(),
        },
    )?;
    let data = serde_json::json!({"applicant_request_id": r.id});
    appeals::add_event(
        conn,
        a.id,
        Some(caller.user_id),
        TimelineKind::ApplicantRequest,
        Some(&r.text),
        data.clone(),
    )?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::AppealApplicantRequest,
        "appeal",
        a.id.0,
        data,
    )?;
    let asked = Notification::ApplicantRequested(notification::ApplicantRequested {
        number: a.number.clone(),
        text: r.text.clone(),
        link: cmd.status_link.clone(),
    });
    let key = asked.kind().occurrence_key(&[&r.id]);
    tell_applicant_once(conn, &a, asked, key, ctx.mail_domain)?;
    Ok(r)
}
