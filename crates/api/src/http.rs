//! Small HTTP helpers shared by handlers: ETags and If-Match, Idempotency-Key, pagination.

use actix_web::http::header::{self, HeaderName};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::Datelike;
use diesel::PgConnection;
use ombudsman_db::{idempotency, DbError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// The ETag of a record version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// The version named by `If-Match`: 428 without the header, 412 when it cannot match.
pub fn if_match(req: &HttpRequest) -> Result<i32, ApiError> {
    let raw = req
        .headers()
        .get(header::IF_MATCH)
        .ok_or(ApiError::PreconditionRequired)?
        .to_str()
        .map_err(|_| ApiError::PreconditionFailed)?;
    raw.trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse::<i32>()
        .map_err(|_| ApiError::PreconditionFailed)
}

/// The version named by `If-Match` when the header is sent (it is optional on moves).
pub fn if_match_sent(req: &HttpRequest) -> Result<Option<i32>, ApiError> {
    match req.headers().get(header::IF_MATCH) {
        Some(_) => if_match(req).map(Some),
        None => Ok(None),
    }
}

/// A `PATCH` body: an omitted field stays as it is, and a body that names no field is refused.
pub trait Patch {
    /// Whether the body names no field to change.
    fn names_nothing(&self) -> bool;
}

/// 400 `empty_update` for a `PATCH` body that names no field.
pub fn require_change<T: Patch>(body: &T) -> Result<(), ApiError> {
    if body.names_nothing() {
        return Err(no_change());
    }
    Ok(())
}

/// The 400 `empty_update` of a change that names no field.
pub fn no_change() -> ApiError {
    ApiError::field("", "empty_update", "name at least one field to change")
}

/// `?limit=&cursor=` of every list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// What a cursor looks like: 32 characters of unpadded base64url (24 bytes). Every string of
/// this shape is a position in a list, so the server takes any of them (a forged one only moves
/// the page); anything else is a 400 naming `cursor`.
pub const CURSOR_PATTERN: &str = "^[A-Za-z0-9_-]{32}$";

/// The position a cursor encodes: a sort value (a day for lists ordered by a date, else 0) and
/// the id of the last row of the previous page.
pub trait CursorKey: Sized {
    /// The sort value and the id.
    fn to_parts(&self) -> (i64, uuid::Uuid);
    /// The key at that position; it must accept every sort value.
    fn from_parts(sort: i64, id: uuid::Uuid) -> Self;
}

impl CursorKey for uuid::Uuid {
    fn to_parts(&self) -> (i64, uuid::Uuid) {
        (0, *self)
    }
    fn from_parts(_sort: i64, id: uuid::Uuid) -> Self {
        id
    }
}

macro_rules! id_cursor {
    ($($id:ty),+) => {$(
        impl CursorKey for $id {
            fn to_parts(&self) -> (i64, uuid::Uuid) {
                (0, self.0)
            }
            fn from_parts(_sort: i64, id: uuid::Uuid) -> Self {
                Self(id)
            }
        }
    )+};
}

id_cursor!(
    ombudsman_domain::ids::AuditEventId,
    ombudsman_domain::ids::CompensationId,
    ombudsman_domain::ids::FacilityId,
    ombudsman_domain::ids::ImpactMeasureId,
    ombudsman_domain::ids::OutboxId,
    ombudsman_domain::ids::PartnerId,
    ombudsman_domain::ids::RecommendationId,
    ombudsman_domain::ids::ReportSnapshotId,
    ombudsman_domain::ids::UserId,
    ombudsman_domain::ids::VisitId
);

/// Days from the common era of the appeal list's dates: 1900-2100 lie below a million, so the
/// sort value of an appeal's position is `rank * DAY_STRIDE + day` (rank 0 unless the list is
/// ranked by a search).
const DAY_STRIDE: i64 = 1_000_000;

impl CursorKey for ombudsman_db::appeals::Cursor {
    fn to_parts(&self) -> (i64, uuid::Uuid) {
        (
            i64::from(self.rank) * DAY_STRIDE + i64::from(self.day.num_days_from_ce()),
            self.id.0,
        )
    }
    /// A position beyond the first or the last there can be is held to it, and a day outside
    /// the accepted window to the window: every stored date lies inside, so the page is the
    /// same, and the query never sees a date PostgreSQL cannot hold.
    fn from_parts(sort: i64, id: uuid::Uuid) -> Self {
        let (first, last) = (ombudsman_domain::date::EARLIEST, ombudsman_domain::date::LATEST);
        let best = ombudsman_db::appeals::Rank::BEST;
        let (rank, day) = if sort < 0 {
            (0, first)
        } else if sort / DAY_STRIDE > i64::from(best) {
            (best, last)
        } else {
            let day = i32::try_from(sort % DAY_STRIDE)
                .ok()
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
                .unwrap_or(first)
                .clamp(first, last);
            (i32::try_from(sort / DAY_STRIDE).unwrap_or(best), day)
        };
        Self {
            rank,
            day,
            id: ombudsman_domain::ids::AppealId(id),
        }
    }
}

/// The cursor of a position.
fn encode_cursor<K: CursorKey>(key: &K) -> String {
    let (sort, id) = key.to_parts();
    let mut bytes = [0u8; 24];
    bytes[..8].copy_from_slice(&sort.to_be_bytes());
    bytes[8..].copy_from_slice(id.as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The position of a cursor of [`CURSOR_PATTERN`]'s shape; `None` for any other string.
fn decode_cursor<K: CursorKey>(raw: &str) -> Option<K> {
    let bytes: [u8; 24] = URL_SAFE_NO_PAD.decode(raw).ok()?.try_into().ok()?;
    let (sort, id) = bytes.split_at(8);
    let sort = i64::from_be_bytes(sort.try_into().ok()?);
    let id = uuid::Uuid::from_slice(id).ok()?;
    Some(K::from_parts(sort, id))
}

impl PageQuery {
    /// The page size, bounded.
    pub fn limit(&self) -> Result<i64, ApiError> {
        match self.limit {
            None => Ok(50),
            Some(n) if (1..=200).contains(&n) => Ok(n),
            Some(_) => Err(ApiError::field("limit", "out_of_range", "must be between 1 and 200")),
        }
    }

    /// The decoded cursor: 400 naming `cursor` unless it has the shape of [`CURSOR_PATTERN`].
    pub fn cursor<T: CursorKey>(&self) -> Result<Option<T>, ApiError> {
        let Some(raw) = &self.cursor else { return Ok(None) };
        decode_cursor(raw)
            .map(Some)
            .ok_or_else(|| ApiError::field("cursor", "invalid_cursor", "is not a cursor this API issued"))
    }
}

/// The page size and the decoded cursor of a list's `?limit=&cursor=`: 400 naming `limit` or
/// `cursor` (in that order).
pub fn page<K: CursorKey>(limit: Option<i64>, cursor: Option<String>) -> Result<(i64, Option<K>), ApiError> {
    let query = PageQuery { limit, cursor };
    Ok((query.limit()?, query.cursor()?))
}

/// A page of a list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    /// The records.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from `limit + 1` fetched rows: the extra row tells that more follow.
    pub fn from_rows<R, K: CursorKey>(
        mut rows: Vec<R>,
        limit: i64,
        key: impl Fn(&R) -> K,
        view: impl Fn(R) -> T,
    ) -> Self {
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = if more {
            rows.last().map(|r| encode_cursor(&key(r)))
        } else {
            None
        };
        Page {
            items: rows.into_iter().map(view).collect(),
            next_cursor,
        }
    }
}

/// What a creating handler produced.
pub struct Created {
    /// The `Location` of the new record.
    pub location: String,
    /// Its representation; a `version` field in it becomes the ETag.
    pub body: serde_json::Value,
}

const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

fn created_response(status: u16, location: Option<&str>, body: &serde_json::Value, replayed: bool) -> HttpResponse {
    let mut builder = HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED));
    if let Some(location) = location {
        builder.insert_header((header::LOCATION, location));
    }
    if let Some(version) = body.get("version").and_then(|v| v.as_i64()) {
        builder.insert_header((header::ETAG, etag(version as i32)));
    }
    if replayed {
        builder.insert_header(("idempotent-replayed", "true"));
    }
    builder.json(body)
}

/// Runs a creating POST in one transaction, honouring `Idempotency-Key`: a replay with the same
/// key and body returns the first response; the same key with another body is refused (422).
pub async fn create<R, F>(
    state: &AppState,
    principal: &Principal,
    req: &HttpRequest,
    request: &R,
    work: F,
) -> Result<HttpResponse, ApiError>
where
    R: Serialize,
    F: FnOnce(&mut PgConnection) -> Result<Created, ApiError> + Send + 'static,
{
    let key = match req.headers().get(&IDEMPOTENCY_KEY) {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .filter(|k| (1..=255).contains(&k.len()))
                .ok_or_else(|| {
                    ApiError::field(
                        "Idempotency-Key",
                        "invalid_header",
                        "must be 1 to 255 visible characters",
                    )
                })?
                .to_owned(),
        ),
    };
    let Some(key) = key else {
        let created = state.tx(work).await?;
        return Ok(created_response(201, Some(&created.location), &created.body, false));
    };

    let hash = Sha256::digest(serde_json::to_vec(request).map_err(|e| ApiError::Internal(e.to_string()))?).to_vec();
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let user = principal.user_id;

    let replay = |stored: idempotency::StoredResponse, hash: &[u8], method: &str, path: &str| {
        if stored.request_hash != hash || stored.method != method || stored.path != path {
            return Err(ApiError::IdempotencyKeyReused);
        }
        Ok(created_response(
            stored.response_status as u16,
            stored.response_location.as_deref(),
            &stored.response_body,
            true,
        ))
    };

    let lookup_key = key.clone();
    if let Some(stored) = state.db(move |c| Ok(idempotency::find(c, user, &lookup_key)?)).await? {
        return replay(stored, &hash, &method, &path);
    }

    let (tx_key, tx_hash, tx_method, tx_path) = (key.clone(), hash.clone(), method.clone(), path.clone());
    let outcome = state
        .tx(move |conn| {
            // Claim the key first: a concurrent twin blocks here, not in the work.
            idempotency::insert(
                conn,
                &idempotency::NewStoredResponse {
                    user_id: user,
                    key: &tx_key,
                    method: &tx_method,
                    path: &tx_path,
                    request_hash: &tx_hash,
                    response_status: 201,
                    response_location: None,
                    response_body: &serde_json::Value::Null,
                },
            )
            .map_err(|e| match e {
                DbError::Unique { constraint } if constraint == "idempotency_keys_pkey" => ApiError::Conflict {
                    code: "idempotency_key_in_use",
                    detail: "a request with this Idempotency-Key is being processed".into(),
                    allowed: vec![],
                },
                other => other.into(),
            })?;
            let created = work(conn)?;
            idempotency::complete(conn, user, &tx_key, Some(&created.location), &created.body)?;
            Ok(created)
        })
        .await;
    match outcome {
        Ok(created) => Ok(created_response(201, Some(&created.location), &created.body, false)),
        Err(ApiError::Conflict {
            code: "idempotency_key_in_use",
            ..
        }) => {
            // A concurrent request with the same key committed first: answer as it did.
            let stored = state.db(move |c| Ok(idempotency::find(c, user, &key)?)).await?;
            match stored {
                Some(stored) => replay(stored, &hash, &method, &path),
                None => Err(ApiError::Internal("idempotency key vanished".into())),
            }
        }
        Err(other) => Err(other),
    }
}

/// A JSON response with the record's ETag.
pub fn with_etag<T: Serialize>(status: StatusCode, version: i32, body: &T) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// Serialises a value for a stored response or an audit diff.
pub fn to_json<T: Serialize>(value: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value).map_err(|e| ApiError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ombudsman_db::appeals::Cursor;
    use ombudsman_domain::date::{EARLIEST, LATEST};

    fn of_the_pattern(raw: &str) -> bool {
        raw.len() == 32 && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    }

    #[test]
    fn a_cursor_comes_back_as_the_position_it_was_made_of() {
        let key = Cursor {
            rank: 0,
            day: chrono::NaiveDate::from_ymd_opt(2025, 3, 14).expect("a date"),
            id: ombudsman_domain::ids::AppealId::new(),
        };
        let raw = encode_cursor(&key);
        assert!(of_the_pattern(&raw), "{raw}");
        let back: Cursor = decode_cursor(&raw).expect("decodes");
        assert_eq!((back.day, back.id), (key.day, key.id));
        for rank in 0..=ombudsman_db::appeals::Rank::BEST {
            for day in [EARLIEST, key.day, LATEST] {
                let ranked = Cursor { rank, day, ..key };
                assert_eq!(decode_cursor::<Cursor>(&encode_cursor(&ranked)), Some(ranked));
            }
        }
        let id = uuid::Uuid::now_v7();
        assert_eq!(decode_cursor::<uuid::Uuid>(&encode_cursor(&id)), Some(id));
    }

    #[test]
    fn every_string_of_the_shape_is_a_position_and_nothing_else_is() {
        let before = decode_cursor::<Cursor>(&"_".repeat(32)).expect("decodes");
        assert_eq!(before.day, EARLIEST, "a negative day is held to the window");
        assert_eq!(before.rank, 0, "and to the lowest rank");
        let after = decode_cursor::<Cursor>(&format!("f{}", "A".repeat(31))).expect("decodes");
        assert_eq!(after.day, LATEST, "a far day is held to the window");
        assert_eq!(after.rank, ombudsman_db::appeals::Rank::BEST, "and to the best rank");
        let ancient = decode_cursor::<Cursor>(&"A".repeat(32)).expect("decodes");
        assert_eq!(ancient.day, EARLIEST, "day 0 is held to the window");
        let long = "A".repeat(33);
        let short = "A".repeat(31);
        let padded = format!("{short}=");
        for bad in [
            "",
            "nonsense",
            &short,
            &long,
            &padded,
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
        ] {
            assert!(decode_cursor::<uuid::Uuid>(bad).is_none(), "{bad}");
        }
    }
}
