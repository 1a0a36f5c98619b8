//! Appeals filed online and not yet confirmed, with their files; the consent kept with a
//! confirmed appeal. A draft is found only by the hash of one of its secrets.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use ombudsman_domain::appeal::Category;
use ombudsman_domain::ids::{AppealId, AttachmentId, DraftId};
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;

use crate::schema::{appeal_consents, attachments, draft_attachments, public_drafts};
use crate::{Conn, DbError};

/// A stored draft.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = public_drafts, check_for_backend(diesel::pg::Pg))]
pub struct Draft {
    /// Identifier.
    pub id: DraftId,
    /// The citizen's name.
    pub full_name: String,
    /// The e-mail to confirm.
    pub email: String,
    /// Phone as given.
    pub phone: Option<String>,
    /// Their language.
    pub language: Language,
    /// Region where the matter arose.
    pub region: Region,
    /// Country, for region `abroad`.
    pub abroad_country: Option<String>,
    /// Subject.
    pub subject: String,
    /// Description.
    pub description: String,
    /// Rights categories.
    pub categories: Vec<Option<Category>>,
    /// The version of the consent text shown.
    pub consent_version: String,
    /// The consent text shown.
    pub consent_text: String,
    /// When they consented.
    pub consented_at: DateTime<Utc>,
    /// The client's address (for the limits and the audit trail).
    pub client_address: String,
    /// SHA-256 of the confirmation token of the link.
    pub token_hash: Vec<u8>,
    /// SHA-256 of the short confirmation code.
    pub code_hash: Vec<u8>,
    /// SHA-256 of the token that adds files to the draft.
    pub upload_token_hash: Vec<u8>,
    /// When it stops working and is deleted.
    pub expires_at: DateTime<Utc>,
    /// When it was filed.
    pub created_at: DateTime<Utc>,
}

/// A file of a draft.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = draft_attachments, check_for_backend(diesel::pg::Pg))]
pub struct DraftFile {
    /// Identifier (kept when it moves to the appeal).
    pub id: AttachmentId,
    /// The draft.
    pub draft_id: DraftId,
    /// File name as uploaded.
    pub filename: String,
    /// Checked content type.
    pub content_type: String,
    /// Size.
    pub size_bytes: i64,
    /// SHA-256 of the bytes.
    pub sha256: Vec<u8>,
    /// Key in the object store.
    pub storage_key: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Stores a draft.
pub fn insert(conn: &mut Conn, draft: &Draft) -> Result<(), DbError> {
    diesel::insert_into(public_drafts::table).values(draft).execute(conn)?;
    Ok(())
}

/// The live draft whose link token or short code hashes to `hash`, locked for confirmation.
pub fn lock_by_secret(conn: &mut Conn, hash: &[u8], now: DateTime<Utc>) -> Result<Draft, DbError> {
    Ok(public_drafts::table
        .filter(public_drafts::token_hash.eq(hash).or(public_drafts::code_hash.eq(hash)))
        .filter(public_drafts::expires_at.gt(now))
        .select(Draft::as_select())
        .for_update()
        .first(conn)?)
}

/// The live draft whose upload token hashes to `hash`, locked while a file is added.
pub fn lock_by_upload_token(conn: &mut Conn, hash: &[u8], now: DateTime<Utc>) -> Result<Draft, DbError> {
    Ok(public_drafts::table
        .filter(public_drafts::upload_token_hash.eq(hash))
        .filter(public_drafts::expires_at.gt(now))
        .select(Draft::as_select())
        .for_update()
        .first(conn)?)
}

/// The files of a draft and their total size.
pub fn files_of(conn: &mut Conn, draft: DraftId) -> Result<Vec<DraftFile>, DbError> {
    Ok(draft_attachments::table
        .filter(draft_attachments::draft_id.eq(draft))
        .order(draft_attachments::created_at)
        .select(DraftFile::as_select())
        .load(conn)?)
}

/// Records a file of a draft.
pub fn add_file(conn: &mut Conn, file: &DraftFile) -> Result<(), DbError> {
    diesel::insert_into(draft_attachments::table)
        .values(file)
        .execute(conn)?;
    Ok(())
}

/// Moves the files of a confirmed draft to the appeal's attachments and deletes the draft.
pub fn settle(conn: &mut Conn, draft: DraftId, appeal: AppealId) -> Result<usize, DbError> {
    let moved = diesel::sql_query(
        "INSERT INTO attachments (id, appeal_id, filename, content_type, size_bytes, sha256, storage_key, created_at) \
         SELECT id, $2, filename, content_type, size_bytes, sha256, storage_key, created_at \
         FROM draft_attachments WHERE draft_id = $1",
    )
    .bind::<diesel::sql_types::Uuid, _>(draft)
    .bind::<diesel::sql_types::Uuid, _>(appeal)
    .execute(conn)?;
    diesel::delete(public_drafts::table.find(draft)).execute(conn)?;
    Ok(moved)
}

/// Deletes up to `limit` drafts expired at `now` (their file rows go with them) and returns
/// the storage keys of their files, for the caller to remove from the object store.
pub fn delete_expired(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> Result<(usize, Vec<String>), DbError> {
    let ids: Vec<DraftId> = public_drafts::table
        .filter(public_drafts::expires_at.le(now))
        .order(public_drafts::expires_at)
        .limit(limit)
        .select(public_drafts::id)
        .for_update()
        .skip_locked()
        .load(conn)?;
    if ids.is_empty() {
        return Ok((0, Vec::new()));
    }
    let keys: Vec<String> = draft_attachments::table
        .filter(draft_attachments::draft_id.eq_any(&ids))
        .select(draft_attachments::storage_key)
        .load(conn)?;
    let deleted = diesel::delete(public_drafts::table.filter(public_drafts::id.eq_any(&ids))).execute(conn)?;
    Ok((deleted, keys))
}

/// The consent kept with a confirmed appeal.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = appeal_consents, check_for_backend(diesel::pg::Pg))]
pub struct Consent {
    /// The appeal.
    pub appeal_id: AppealId,
    /// The version of the text.
    pub consent_version: String,
    /// The text.
    pub consent_text: String,
    /// When the citizen consented.
    pub consented_at: DateTime<Utc>,
    /// When they confirmed their e-mail.
    pub confirmed_at: DateTime<Utc>,
}

/// Keeps the consent of a confirmed appeal.
pub fn keep_consent(conn: &mut Conn, consent: &Consent) -> Result<(), DbError> {
    diesel::insert_into(appeal_consents::table)
        .values(consent)
        .execute(conn)?;
    Ok(())
}

/// How many attachments an appeal has (used to check that the files moved).
pub fn attachments_of(conn: &mut Conn, appeal: AppealId) -> Result<i64, DbError> {
    Ok(attachments::table
        .filter(attachments::appeal_id.eq(appeal))
        .count()
        .get_result(conn)?)
}
