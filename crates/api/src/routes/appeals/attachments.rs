//! Attachments of an appeal: streamed into the object store (never buffered whole), with a size
//! limit, the content type checked against the file's first bytes, and SHA-256 recorded.

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use object_store::path::Path as StorePath;
use object_store::{ObjectStoreExt, WriteMultipart};
use ombudsman_app::attachments::{attach_to_appeal, may_attach_to_appeal, StoredFile};
use ombudsman_db::attachments::{self, Attachment};
use ombudsman_domain::ids::{AppealId, AttachmentId};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::Query;
use crate::http::Page;
use crate::state::{AppState, AttachmentStore};
use ombudsman_app::access::APPEALS;
use ombudsman_domain::access::Action as Do;

/// Content types accepted, with the leading bytes that prove them (none: plain text).
const ACCEPTED: &[(&str, &[&[u8]])] = &[
    ("application/pdf", &[b"%PDF-"]),
    ("image/jpeg", &[b"\xFF\xD8\xFF"]),
    ("image/png", &[b"\x89PNG\r\n\x1a\n"]),
    ("image/tiff", &[b"II*\0", b"MM\0*"]),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &[b"PK\x03\x04"],
    ),
    ("text/plain", &[]),
];

/// Whether `head` (the first bytes) is what `content_type` claims.
pub fn content_matches(content_type: &str, head: &[u8]) -> bool {
    match ACCEPTED.iter().find(|(t, _)| *t == content_type) {
        // Text: valid UTF-8, allowing a character cut at the end of the sampled head.
        Some((_, [])) => std::str::from_utf8(head).map_or_else(|e| e.error_len().is_none(), |_| true),
        Some((_, magics)) => magics.iter().any(|m| head.starts_with(m)),
        None => false,
    }
}

/// The name of the uploaded file.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    /// File name, e.g. `decision.pdf`.
    pub filename: String,
}

/// Characters that reorder or hide text (bidirectional overrides and isolates, zero-width
/// marks): a name like `invoice\u{202E}fdp.exe` would show as `invoiceexe.pdf`.
fn deceptive(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

/// The `Content-Disposition` of a download: always `attachment`, an ASCII fallback name and the
/// UTF-8 name (RFC 6266), with nothing that could reorder or break the header.
pub fn disposition(name: &str) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control() && !deceptive(*c)).collect();
    let ascii: String = clean
        .chars()
        .map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' })
        .filter(|c| !matches!(c, '"' | '\\' | ';'))
        .collect();
    let encoded: String = clean
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

pub fn clean_filename(raw: &str) -> Result<String, ApiError> {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if name.is_empty() || name.chars().count() > 255 || name.chars().any(|c| c.is_control() || deceptive(c)) {
        return Err(ApiError::field(
            "filename",
            "invalid_filename",
            "give a file name of 1 to 255 characters",
        ));
    }
    Ok(name.to_owned())
}

/// The content type a request declares for its body (lower case, without parameters).
pub fn declared_type(req: &HttpRequest) -> String {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Checks the upload's name, type and declared size, then streams its body into the object
/// store under `folder/<new attachment id>` (never buffered whole), checking the size limit and
/// that the first bytes are of the claimed type; on any failure the partial object is removed.
/// The file is not recorded yet: that is the use case's job.
pub async fn receive(
    state: &AppState,
    req: &HttpRequest,
    filename: &str,
    folder: &str,
    payload: web::Payload,
) -> Result<StoredFile, ApiError> {
    let declared_len = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let incoming = Upload {
        filename,
        content_type: &declared_type(req),
        declared_len,
        folder,
    };
    receive_stream(state, incoming, payload).await
}

/// What the client says of a file it sends.
pub struct Upload<'a> {
    /// Its name.
    pub filename: &'a str,
    /// Its claimed content type (lower case).
    pub content_type: &'a str,
    /// Its length, when declared.
    pub declared_len: Option<u64>,
    /// The folder of the object store it goes to.
    pub folder: &'a str,
}

/// [`receive`] for any stream of the file's bytes (a raw body, a part of a form).
pub async fn receive_stream<S, E>(
    state: &AppState,
    incoming: Upload<'_>,
    mut payload: S,
) -> Result<StoredFile, ApiError>
where
    S: futures_util::Stream<Item = Result<bytes::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    // The upload may take long: the request's connection goes back to the pool meanwhile.
    if let Some(conn) = crate::middleware::request_connection() {
        conn.release();
    }
    let filename = clean_filename(incoming.filename)?;
    let id = AttachmentId::new();
    let key = format!("{}/{id}", incoming.folder);
    let content_type = incoming.content_type.to_owned();
    if !ACCEPTED.iter().any(|(t, _)| *t == content_type) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let limit = state.attachments.max_bytes;
    if incoming.declared_len.is_some_and(|len| len > limit) {
        return Err(ApiError::PayloadTooLarge);
    }
    let path = StorePath::from(key.as_str());
    let multipart = state
        .attachments
        .store
        .put_multipart(&path)
        .await
        .map_err(AttachmentStore::error)?;
    let mut writer = WriteMultipart::new(multipart);
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut head: Vec<u8> = Vec::new();
    let mut failure: Option<ApiError> = None;
    while let Some(chunk) = payload.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                failure = Some(ApiError::BadRequest(format!("the upload was interrupted: {e}")));
                break;
            }
        };
        size += chunk.len() as u64;
        if size > limit {
            failure = Some(ApiError::PayloadTooLarge);
            break;
        }
        if head.len() < 512 {
            head.extend_from_slice(&chunk[..chunk.len().min(512 - head.len())]);
        }
        hasher.update(&chunk);
        writer.write(&chunk);
        if let Err(e) = writer.wait_for_capacity(4).await {
            failure = Some(AttachmentStore::error(e));
            break;
        }
    }
    if failure.is_none() && (size == 0 || !content_matches(&content_type, &head)) {
        failure = Some(ApiError::field(
            "content_type",
            "content_mismatch",
            format!("the file is not {content_type}"),
        ));
    }
    if let Some(err) = failure {
        if let Err(e) = writer.abort().await {
            tracing::warn!(error = %e, key, "could not abort an upload");
        }
        return Err(err);
    }
    writer.finish().await.map_err(AttachmentStore::error)?;
    Ok(StoredFile {
        id,
        filename,
        content_type,
        size_bytes: i64::try_from(size).map_err(|e| ApiError::Internal(e.to_string()))?,
        sha256: hasher.finalize().to_vec(),
        storage_key: key,
    })
}

/// Removes the stored bytes of an upload whose row could not be recorded, and passes the
/// outcome on.
pub async fn keep_or_remove<T>(state: &AppState, key: &str, stored: Result<T, ApiError>) -> Result<T, ApiError> {
    if stored.is_err() {
        if let Err(del) = state.attachments.store.delete(&StorePath::from(key)).await {
            tracing::warn!(error = %del, "could not remove the bytes of an unrecorded upload");
        }
    }
    stored
}

/// Answers a recorded upload with 201, or removes the bytes of an upload whose row could not
/// be recorded.
pub async fn respond(
    state: &AppState,
    key: &str,
    stored: Result<Attachment, ApiError>,
) -> Result<HttpResponse, ApiError> {
    let saved = keep_or_remove(state, key, stored).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/attachments/{}", saved.id)))
        .json(saved))
}

/// Uploads a file (raw body with its `Content-Type`) to an appeal's case file.
#[utoipa::path(tag = "appeals", params(UploadQuery), security(("bearer" = [])), responses(
    (status = 201, description = "The stored attachment with its SHA-256"),
    (status = 413, body = crate::error::Problem), (status = 415, body = crate::error::Problem)))]
#[post("/appeals/{id}/attachments")]
pub async fn upload(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<AppealId>,
    query: Query<UploadQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let appeal_id = id.into_inner();
    let p = principal.clone();
    state
        .db(move |conn| Ok(may_attach_to_appeal(conn, &p, appeal_id)?))
        .await?;
    let file = receive(&state, &req, &query.filename, &format!("appeals/{appeal_id}"), payload).await?;
    let key = file.storage_key.clone();
    let stored = state
        .use_case(move |conn, _| attach_to_appeal(conn, &principal, appeal_id, &file))
        .await;
    respond(&state, &key, stored).await
}

/// The attachments of an appeal.
#[utoipa::path(tag = "appeals", security(("bearer" = [])), responses(
    (status = 200, description = "The attachments"), (status = 404, body = crate::error::Problem)))]
#[get("/appeals/{id}/attachments")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AppealId>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&APPEALS, Do::Read)?;
    let id = id.into_inner();
    let items = state
        .db(move |conn| {
            caller.appeal(conn, Do::Read, id)?;
            Ok(attachments::for_appeal(conn, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// Downloads an attachment (streamed), if the caller may see its appeal or visit.
#[utoipa::path(tag = "appeals", security(("bearer" = [])), responses(
    (status = 200, description = "The file"), (status = 404, body = crate::error::Problem)))]
#[get("/attachments/{id}/content")]
pub async fn download(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AttachmentId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let caller = principal.caller();
    let a = state
        .db(move |conn| {
            let a = attachments::find(conn, id)?;
            match (a.appeal_id, a.visit_id) {
                (Some(appeal), _) => {
                    caller.appeal(conn, Do::Read, appeal)?;
                }
                (None, Some(visit)) => {
                    caller.visit(conn, Do::Read, visit)?;
                }
                (None, None) => return Err(ApiError::NotFound),
            }
            Ok(a)
        })
        .await?;
    let got = state
        .attachments
        .store
        .get(&StorePath::from(a.storage_key.as_str()))
        .await
        .map_err(AttachmentStore::error)?;
    let stream = got
        .into_stream()
        .map(|r| r.map_err(|e| actix_web::error::ErrorInternalServerError(e.to_string())));
    Ok(HttpResponse::Ok()
        .content_type(a.content_type.as_str())
        .insert_header((header::CONTENT_DISPOSITION, disposition(&a.filename)))
        .insert_header(("x-content-sha256", hex::encode(&a.sha256)))
        .streaming(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_bytes_must_match_the_claimed_type() {
        assert!(content_matches("application/pdf", b"%PDF-1.7\n..."));
        assert!(!content_matches("application/pdf", b"MZ\x90\0 an executable"));
        assert!(content_matches("image/png", b"\x89PNG\r\n\x1a\n...."));
        assert!(!content_matches("image/jpeg", b"\x89PNG\r\n\x1a\n"));
        assert!(content_matches("text/plain", "Ариза матни".as_bytes()));
        assert!(!content_matches("application/x-msdownload", b"MZ"));
    }

    #[test]
    fn file_names_cannot_hide_their_extension_or_break_the_header() {
        assert!(clean_filename("invoice\u{202E}fdp.exe").is_err());
        assert!(clean_filename("a\u{2066}b.pdf").is_err());
        assert_eq!(
            clean_filename("C:\\scans\\Ариза.pdf").ok().as_deref(),
            Some("Ариза.pdf")
        );
        let d = disposition("Ариза \"1\".pdf\u{202E}");
        assert!(
            d.starts_with("attachment; filename=\"_____ 1.pdf\"; filename*=UTF-8''"),
            "{d}"
        );
        assert!(d.ends_with("%20%221%22.pdf"), "{d}");
        assert!(!d.contains('\u{202E}'));
    }
}
