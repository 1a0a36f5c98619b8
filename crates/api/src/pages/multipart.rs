//! Reads a `multipart/form-data` form of a page: its text fields (bounded in size and number)
//! and its files, each streamed into the object store with the same checks as an upload of the
//! API. When anything fails, the files already stored are removed again.

use std::collections::HashMap;

use actix_multipart::Multipart;
use futures_util::StreamExt;
use object_store::path::Path as StorePath;
use object_store::ObjectStoreExt;
use ombudsman_app::attachments::StoredFile;
use ombudsman_app::intake::MAX_FILES;

use crate::error::ApiError;
use crate::routes::appeals::attachments::{receive_stream, Upload};
use crate::state::AppState;

/// The most parts a form may have.
const MAX_PARTS: usize = 80;
/// The largest text field, in bytes.
const MAX_TEXT: usize = 128 * 1024;

/// A form read.
#[derive(Debug, Default)]
pub struct Form {
    fields: HashMap<String, Vec<String>>,
    /// The files, stored.
    pub files: Vec<StoredFile>,
}

impl Form {
    /// The first value of a field.
    pub fn one(&self, name: &str) -> Option<&str> {
        self.fields.get(name).and_then(|v| v.first()).map(String::as_str)
    }

    /// Every value of a field.
    pub fn all(&self, name: &str) -> &[String] {
        self.fields.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Removes stored files that will not be recorded.
pub async fn remove(state: &AppState, files: &[StoredFile]) {
    for file in files {
        if let Err(e) = state
            .attachments
            .store
            .delete(&StorePath::from(file.storage_key.as_str()))
            .await
        {
            tracing::warn!(error = %e, "could not remove the bytes of an unrecorded upload");
        }
    }
}

/// Reads the form; the parts named `file_field` are files, kept under `folder`.
pub async fn read(state: &AppState, mut payload: Multipart, file_field: &str, folder: &str) -> Result<Form, ApiError> {
    let mut form = Form::default();
    let outcome = read_into(state, &mut payload, file_field, folder, &mut form).await;
    if let Err(e) = outcome {
        remove(state, &form.files).await;
        return Err(e);
    }
    Ok(form)
}

async fn read_into(
    state: &AppState,
    payload: &mut Multipart,
    file_field: &str,
    folder: &str,
    form: &mut Form,
) -> Result<(), ApiError> {
    let mut parts = 0;
    while let Some(part) = payload.next().await {
        let mut part = part.map_err(|e| ApiError::BadRequest(format!("the form cannot be read: {e}")))?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(ApiError::PayloadTooLarge);
        }
        let name = part.name().unwrap_or("").to_owned();
        if name == file_field {
            let filename = part
                .content_disposition()
                .and_then(|d| d.get_filename())
                .unwrap_or("")
                .to_owned();
            let content_type = part
                .content_type()
                .map(|m| m.essence_str().to_ascii_lowercase())
                .unwrap_or_default();
            if filename.is_empty() {
                // An empty file input: nothing chosen.
                while part.next().await.is_some() {}
                continue;
            }
            if form.files.len() >= MAX_FILES {
                return Err(ApiError::Conflict {
                    code: "too_many_files",
                    detail: format!("at most {MAX_FILES} files"),
                    allowed: Vec::new(),
                });
            }
            let incoming = Upload {
                filename: &filename,
                content_type: &content_type,
                declared_len: None,
                folder,
            };
            form.files.push(receive_stream(state, incoming, &mut part).await?);
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|e| ApiError::BadRequest(format!("the form cannot be read: {e}")))?;
            if bytes.len() + chunk.len() > MAX_TEXT {
                return Err(ApiError::PayloadTooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| ApiError::field(&name, "invalid", "is not text"))?
            // Browsers send line breaks as CR LF.
            .replace("\r\n", "\n");
        if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
            return Err(ApiError::field(&name, "invalid", "contains a control character"));
        }
        form.fields.entry(name).or_default().push(text);
    }
    Ok(())
}
