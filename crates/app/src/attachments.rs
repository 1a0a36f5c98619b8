//! Attachments of an appeal or a visit. The front door streams the file into the object store
//! first (checking its size and type on the way); only then does the use case record it, with
//! its audit event (and, for an appeal, its timeline entry), in the caller's transaction. A
//! file whose row cannot be written is removed again by the front door.

use diesel::PgConnection;
use ombudsman_db::attachments::{self, Attachment};
use ombudsman_db::audit::Actor;
use ombudsman_db::{appeals, applicant_page, audit};
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::{AppealId, AttachmentId, ReplyId, UserId, VisitId};

use crate::access::Caller;
use crate::error::{to_json, AppError};
use crate::intake::PublicClient;

/// What the object store holds of an uploaded file.
#[derive(Debug, Clone)]
pub struct StoredFile {
    /// The attachment's id (part of its storage key).
    pub id: AttachmentId,
    /// The checked file name.
    pub filename: String,
    /// The checked content type.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the bytes.
    pub sha256: Vec<u8>,
    /// Where the bytes are.
    pub storage_key: String,
}

impl StoredFile {
    fn row(&self, uploaded_by: Option<UserId>, appeal_id: Option<AppealId>, visit_id: Option<VisitId>) -> Attachment {
        Attachment {
            id: self.id,
            appeal_id,
            filename: self.filename.clone(),
            content_type: self.content_type.clone(),
            size_bytes: self.size_bytes,
            sha256: self.sha256.clone(),
            storage_key: self.storage_key.clone(),
            uploaded_by,
            created_at: chrono::Utc::now(),
            visit_id,
        }
    }
}

/// 403 or 404 unless the caller may add to this appeal's case file; asked before the upload
/// is read.
pub fn may_attach_to_appeal(conn: &mut PgConnection, caller: &Caller, appeal: AppealId) -> Result<(), AppError> {
    caller.appeal(conn, Do::Change, appeal)?;
    Ok(())
}

/// 403 or 404 unless the caller may add to this visit's file; asked before the upload is read.
pub fn may_attach_to_visit(conn: &mut PgConnection, caller: &Caller, visit: VisitId) -> Result<(), AppError> {
    caller.visit(conn, Do::Change, visit)?;
    Ok(())
}

/// Records a stored file in an appeal's case file, with its `document` timeline entry and its
/// audit event.
pub fn attach_to_appeal(
    conn: &mut PgConnection,
    caller: &Caller,
    appeal: AppealId,
    file: &StoredFile,
) -> Result<Attachment, AppError> {
    may_attach_to_appeal(conn, caller, appeal)?;
    record_in_case_file(conn, Some(caller.user_id), &caller.actor(), appeal, file)
}

/// Records a stored file in an appeal's case file with its `document` timeline entry and its
/// audit event, uploaded by `user` (none: the applicant).
fn record_in_case_file(
    conn: &mut PgConnection,
    user: Option<UserId>,
    actor: &Actor,
    appeal: AppealId,
    file: &StoredFile,
) -> Result<Attachment, AppError> {
    let saved = attachments::insert(conn, &file.row(user, Some(appeal), None))?;
    let data = to_json(&saved)?;
    appeals::add_event(
        conn,
        appeal,
        user,
        TimelineKind::Document,
        Some(&saved.filename),
        data.clone(),
    )?;
    audit::record(conn, actor, AuditAction::AppealAttach, "appeal", appeal.0, data)?;
    Ok(saved)
}

/// Records a file the applicant sent (with an appeal filed online, or with a reply on their
/// page) in the appeal's case file; the front door has found the appeal by its number and
/// access code.
pub fn record_public(
    conn: &mut PgConnection,
    client: &PublicClient,
    appeal: AppealId,
    reply: Option<ReplyId>,
    file: &StoredFile,
) -> Result<Attachment, AppError> {
    let saved = record_in_case_file(conn, None, &client.actor(), appeal, file)?;
    if let Some(reply) = reply {
        applicant_page::link_file(conn, reply, saved.id)?;
    }
    Ok(saved)
}

/// Records a stored photo or scan in a visit's file, with its audit event.
pub fn attach_to_visit(
    conn: &mut PgConnection,
    caller: &Caller,
    visit: VisitId,
    file: &StoredFile,
) -> Result<Attachment, AppError> {
    may_attach_to_visit(conn, caller, visit)?;
    let saved = attachments::insert(conn, &file.row(Some(caller.user_id), None, Some(visit)))?;
    let data = to_json(&saved)?;
    audit::record(conn, &caller.actor(), AuditAction::VisitAttach, "visit", visit.0, data)?;
    Ok(saved)
}
