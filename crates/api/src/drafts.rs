//! The sweep of expired drafts: the worker deletes the appeals filed online that nobody
//! confirmed within a day, with their files. The rows go first (in one transaction); then the
//! bytes are removed from the object store, so that no stored file is left pointing nowhere.

use chrono::{DateTime, Utc};
use object_store::path::Path as StorePath;
use object_store::ObjectStoreExt;

use crate::error::ApiError;
use crate::state::AttachmentStore;

/// Drafts deleted per transaction.
const BATCH: i64 = 200;

/// Deletes every draft expired at `now` and its files; returns how many drafts went. A file the
/// store cannot remove is logged and left (its row is gone, so nothing refers to it).
pub async fn sweep_expired(
    pool: &ombudsman_db::Pool,
    store: &AttachmentStore,
    now: DateTime<Utc>,
) -> Result<usize, ApiError> {
    let mut total = 0;
    loop {
        let pool = pool.clone();
        let (deleted, keys) = tokio::task::spawn_blocking(move || -> Result<(usize, Vec<String>), ApiError> {
            use diesel::Connection;
            let mut conn = pool.get().map_err(|e| ApiError::Unavailable(e.to_string()))?;
            conn.transaction(|conn| Ok(ombudsman_app::intake::expire_drafts(conn, now, BATCH)?))
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
        for key in keys {
            if let Err(e) = store.store.delete(&StorePath::from(key.as_str())).await {
                tracing::warn!(error = %e, key, "could not remove a file of an expired draft");
            }
        }
        total += deleted;
        if deleted < BATCH as usize {
            return Ok(total);
        }
    }
}

/// Sweeps every `every` until `stop` turns true.
pub async fn run_sweeper(
    pool: ombudsman_db::Pool,
    store: AttachmentStore,
    every: std::time::Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        match sweep_expired(&pool, &store, Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(drafts = n, "expired drafts deleted"),
            Err(e) => tracing::warn!(error = %e, "could not delete expired drafts"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => return,
        }
    }
}
