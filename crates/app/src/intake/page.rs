//! The applicant's own page, opened with the appeal's number and access code: what they may
//! see of their appeal (status, dates, the office's requests to them, their replies; never a
//! member of staff or an internal note), and their replies, which answer the open requests,
//! run a clock paused for them again and tell the officer in charge.

use chrono::{DateTime, Utc};
use diesel::PgConnection;
use ombudsman_db::appeals::{self, Appeal, LifecycleChange};
use ombudsman_db::applicant_page::{self, ApplicantRequest, Reply};
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_db::{audit, offices, users, DbError};
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::ReplyId;
use ombudsman_domain::notification::{self, Notification};
use sha2::{Digest, Sha256};

use super::drafts::too_many_files;
use super::{digest, same_digest, PublicClient, MAX_FILES};
use crate::appeals::lifecycle::resume_clock;
use crate::attachments::{record_public, StoredFile};
use crate::context::Context;
use crate::error::AppError;
use crate::Denied;

/// The appeal with this number whose access code is `code`; `None` for an unknown number and
/// for a wrong code alike, at the same cost. `lock` locks the row for a change.
pub fn find_case(conn: &mut PgConnection, number: &str, code: &str, lock: bool) -> Result<Option<Appeal>, DbError> {
    // No number holds a control character, and PostgreSQL cannot compare text with NUL.
    let found = if number.chars().any(char::is_control) || number.len() > 64 {
        None
    } else {
        let found = appeals::find_by_number(conn, number);
        match found {
            Ok(a) if lock => Some(appeals::lock(conn, a.id)?),
            Ok(a) => Some(a),
            Err(DbError::NotFound) => None,
            Err(e) => return Err(e),
        }
    };
    // Hash even when the number is unknown, so that both failures cost the same.
    let presented = digest(&code.trim().to_ascii_uppercase());
    let stored = found
        .as_ref()
        .map(|a| a.access_code_hash.clone())
        .unwrap_or_else(|| Sha256::digest(b"no such appeal").to_vec());
    Ok(found.filter(|_| same_digest(&presented, &stored)))
}

/// What the applicant sees of their appeal.
#[derive(Debug, Clone)]
pub struct CaseView {
    /// The appeal.
    pub appeal: Appeal,
    /// The office's requests to them, oldest first.
    pub requests: Vec<ApplicantRequest>,
    /// Their replies, oldest first.
    pub replies: Vec<Reply>,
}

impl CaseView {
    /// The page of the appeal with this number and code; 404 for either wrong.
    pub fn load(conn: &mut PgConnection, number: &str, code: &str) -> Result<CaseView, AppError> {
        let appeal = find_case(conn, number, code, false)?.ok_or(AppError::Denied(Denied::NotFound))?;
        let requests = applicant_page::requests_of(conn, appeal.id)?;
        let replies = applicant_page::replies_of(conn, appeal.id)?;
        Ok(CaseView {
            appeal,
            requests,
            replies,
        })
    }
}

/// A reply of the applicant, checked (trimmed, 1 to 20,000 characters).
#[derive(Debug, Clone)]
pub struct ReplyToOffice {
    /// The appeal's number.
    pub number: String,
    /// Its access code.
    pub access_code: String,
    /// What they answer.
    pub text: String,
}

/// Records the applicant's reply with the files sent with it (already in the object store):
/// it answers the open requests, runs the clock again if it was paused for them, goes on the
/// timeline and into the audit trail, and tells the officer in charge. 404 for a wrong number
/// or code; 409 `appeal_closed` on a closed appeal.
pub fn reply(
    conn: &mut PgConnection,
    client: &PublicClient,
    cmd: &ReplyToOffice,
    files: &[StoredFile],
    ctx: Context<'_>,
    now: DateTime<Utc>,
) -> Result<Reply, AppError> {
    if files.len() > MAX_FILES {
        return Err(too_many_files());
    }
    let a = find_case(conn, &cmd.number, &cmd.access_code, true)?.ok_or(AppError::Denied(Denied::NotFound))?;
    if a.closed_on.is_some() {
        return Err(AppError::Conflict {
            code: "appeal_closed",
            detail: "the work on this appeal is finished; to add something, file a new appeal".into(),
        });
    }
    let saved = Reply {
        id: ReplyId::new(),
        appeal_id: a.id,
        text: cmd.text.clone(),
        created_at: now,
    };
    let answered = applicant_page::add_reply(conn, &saved)?;
    let data = serde_json::json!({"reply_id": saved.id, "answered_requests": answered, "files": files.len()});
    appeals::add_event(
        conn,
        a.id,
        None,
        TimelineKind::ApplicantReply,
        Some(&saved.text),
        data.clone(),
    )?;
    audit::record(
        conn,
        &client.actor(),
        AuditAction::AppealApplicantReply,
        "appeal",
        a.id.0,
        data,
    )?;
    for file in files {
        record_public(conn, client, a.id, Some(saved.id), file)?;
    }
    if a.paused_since.is_some() {
        // The office was waiting for the applicant: their answer runs the clock again.
        let mut change = LifecycleChange::from(&a);
        let mut moved = serde_json::json!({"from": a.status, "to": a.status, "by": "applicant_reply"});
        resume_clock(conn, &a, &mut change, &mut moved, ctx.today, None)?;
        moved["due_on"] = serde_json::json!(change.due_on);
        appeals::apply_lifecycle(conn, a.id, &change)?;
        appeals::add_event(conn, a.id, None, TimelineKind::Resumed, None, moved.clone())?;
        audit::record(
            conn,
            &client.actor(),
            AuditAction::AppealResume,
            "appeal",
            a.id.0,
            moved,
        )?;
    }
    tell_staff(conn, &a, &saved, files.len(), ctx)?;
    Ok(saved)
}

/// Queues the news of a reply to the officer assigned to the appeal, or, when nobody active is
/// assigned, to the active managers of the appeal's office (someone must learn that the
/// applicant answered); each in their own language, else their office's.
fn tell_staff(conn: &mut PgConnection, a: &Appeal, r: &Reply, files: usize, ctx: Context<'_>) -> Result<(), AppError> {
    let officer = match a.assigned_to {
        Some(id) => Some(users::find(conn, id)?).filter(|u| u.is_active),
        None => None,
    };
    let recipients = match officer {
        Some(officer) => vec![officer],
        None => users::active_managers(conn, a.office_id)?,
    };
    for person in recipients {
        let office = offices::find(conn, person.office_id)?;
        let news = Notification::ApplicantReplied(notification::ApplicantReplied {
            number: a.number.clone(),
            subject: a.subject.clone(),
            files: u32::try_from(files).unwrap_or(u32::MAX),
            full_name: person.full_name.clone(),
        });
        let key = news.kind().occurrence_key(&[&r.id, &person.id]);
        let message = NewMessage::notification(
            &news,
            person.email,
            person.language.unwrap_or(office.default_language),
            Some(office.id),
            Some(key),
        );
        outbox::enqueue(conn, &message, ctx.mail_domain)?;
    }
    Ok(())
}

/// Adds a file (already in the object store) to a reply of the appeal that the number and code
/// open: 404 when either is wrong or the reply is not of this appeal, 409 `too_many_files`.
pub fn attach_to_reply(
    conn: &mut PgConnection,
    client: &PublicClient,
    number: &str,
    code: &str,
    reply: ReplyId,
    file: &StoredFile,
) -> Result<(), AppError> {
    let a = find_case(conn, number, code, true)?.ok_or(AppError::Denied(Denied::NotFound))?;
    let r = applicant_page::lock_reply(conn, a.id, reply).map_err(|e| match e {
        DbError::NotFound => AppError::Denied(Denied::NotFound),
        other => other.into(),
    })?;
    if applicant_page::files_of_reply(conn, r.id)? >= MAX_FILES as i64 {
        return Err(too_many_files());
    }
    record_public(conn, client, a.id, Some(r.id), file)?;
    Ok(())
}
