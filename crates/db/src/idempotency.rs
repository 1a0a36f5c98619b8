//! Stored first responses of creating POSTs made with an `Idempotency-Key`.

use diesel::prelude::*;
use ombudsman_domain::ids::UserId;

use crate::schema::idempotency_keys;
use crate::{Conn, DbError};

/// A stored response.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys, check_for_backend(diesel::pg::Pg))]
pub struct StoredResponse {
    /// The method of the first request.
    pub method: String,
    /// The path of the first request.
    pub path: String,
    /// SHA-256 of the first request's body.
    pub request_hash: Vec<u8>,
    /// Status of the first response.
    pub response_status: i32,
    /// Its `Location` header.
    pub response_location: Option<String>,
    /// Its body.
    pub response_body: serde_json::Value,
}

/// A response to store.
#[derive(Debug, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct NewStoredResponse<'a> {
    /// Caller.
    pub user_id: UserId,
    /// The key the caller sent.
    pub key: &'a str,
    /// Method.
    pub method: &'a str,
    /// Path.
    pub path: &'a str,
    /// SHA-256 of the body.
    pub request_hash: &'a [u8],
    /// Status.
    pub response_status: i32,
    /// `Location`.
    pub response_location: Option<&'a str>,
    /// Body.
    pub response_body: &'a serde_json::Value,
}

/// The stored response for a caller's key, if any.
pub fn find(conn: &mut Conn, user_id: UserId, key: &str) -> Result<Option<StoredResponse>, DbError> {
    Ok(idempotency_keys::table
        .find((user_id, key))
        .select(StoredResponse::as_select())
        .first(conn)
        .optional()?)
}

/// Claims a key at the start of a creating transaction. A concurrent request with the same key
/// waits here until the first commits, then fails with [`DbError::Unique`] and replays.
pub fn insert(conn: &mut Conn, new: &NewStoredResponse<'_>) -> Result<(), DbError> {
    diesel::insert_into(idempotency_keys::table).values(new).execute(conn)?;
    Ok(())
}

/// Fills in the response of a key claimed earlier in the same transaction.
pub fn complete(
    conn: &mut Conn,
    user_id: UserId,
    key: &str,
    location: Option<&str>,
    body: &serde_json::Value,
) -> Result<(), DbError> {
    diesel::update(idempotency_keys::table.find((user_id, key)))
        .set((
            idempotency_keys::response_location.eq(location),
            idempotency_keys::response_body.eq(body),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forgets keys older than the retention period (run by the worker).
pub fn purge_older_than(conn: &mut Conn, cutoff: chrono::DateTime<chrono::Utc>) -> Result<usize, DbError> {
    Ok(diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(cutoff))).execute(conn)?)
}
