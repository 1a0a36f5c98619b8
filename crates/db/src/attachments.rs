//! Files attached to appeals; the bytes live in the object store, the row holds their fingerprint.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use ombudsman_domain::ids::{AppealId, AttachmentId, UserId, VisitId};
use serde::Serialize;

use crate::schema::attachments;
use crate::{Conn, DbError};

/// A stored attachment.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = attachments, check_for_backend(diesel::pg::Pg))]
pub struct Attachment {
    /// Identifier.
    pub id: AttachmentId,
    /// The appeal.
    pub appeal_id: Option<AppealId>,
    /// File name as uploaded.
    pub filename: String,
    /// Checked content type.
    pub content_type: String,
    /// Size.
    pub size_bytes: i64,
    /// SHA-256 of the bytes.
    #[serde(serialize_with = "hex_bytes")]
    pub sha256: Vec<u8>,
    /// Key in the object store.
    #[serde(skip)]
    pub storage_key: String,
    /// Who uploaded it.
    pub uploaded_by: Option<UserId>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// The monitoring visit (photos, scans), when not an appeal's.
    pub visit_id: Option<VisitId>,
}

pub(crate) fn hex_bytes<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Stores the row of an uploaded file.
pub fn insert(conn: &mut Conn, a: &Attachment) -> Result<Attachment, DbError> {
    Ok(diesel::insert_into(attachments::table)
        .values(a)
        .returning(Attachment::as_returning())
        .get_result(conn)?)
}

/// The attachments of an appeal, oldest first.
pub fn for_appeal(conn: &mut Conn, appeal: AppealId) -> Result<Vec<Attachment>, DbError> {
    Ok(attachments::table
        .filter(attachments::appeal_id.eq(appeal))
        .order(attachments::created_at.asc())
        .select(Attachment::as_select())
        .load(conn)?)
}

/// One attachment.
pub fn find(conn: &mut Conn, id: AttachmentId) -> Result<Attachment, DbError> {
    Ok(attachments::table
        .find(id)
        .select(Attachment::as_select())
        .first(conn)?)
}

/// The attachments of a visit, oldest first.
pub fn for_visit(conn: &mut Conn, visit: VisitId) -> Result<Vec<Attachment>, DbError> {
    Ok(attachments::table
        .filter(attachments::visit_id.eq(visit))
        .order(attachments::created_at.asc())
        .select(Attachment::as_select())
        .load(conn)?)
}

/// The storage key and recorded SHA-256 of every attachment, oldest first (for backups).
pub fn stored_files(conn: &mut Conn) -> Result<Vec<(String, Vec<u8>)>, DbError> {
    Ok(attachments::table
        .order(attachments::created_at)
        .select((attachments::storage_key, attachments::sha256))
        .load(conn)?)
}
