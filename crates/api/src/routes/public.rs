//! `GET /api/v1/public/appeals/{number}?access_code=…`: the applicant's status lookup. No login,
//! no personal data, the same 404 for a wrong number and a wrong code, rate-limited per client
//! address (behind the trusted proxies) across every instance.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use ombudsman_db::appeals;
use ombudsman_db::DbError;
use ombudsman_domain::appeal::{Outcome, Status};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::tokens;
use crate::error::ApiError;
use crate::state::AppState;

/// The access code given at registration.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    /// The access code from the acknowledgement.
    pub access_code: String,
}

/// What an applicant may see: status and dates only.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicStatus {
    /// Registration number.
    pub number: String,
    /// Status.
    pub status: Status,
    /// Outcome, when closed.
    pub outcome: Option<Outcome>,
    /// Date received.
    pub received_on: NaiveDate,
    /// Date the answer is due.
    pub due_on: NaiveDate,
    /// Date closed.
    pub closed_on: Option<NaiveDate>,
}

/// Looks up the status of an appeal by its number and access code.
#[utoipa::path(tag = "public", params(LookupQuery), responses(
    (status = 200, body = PublicStatus), (status = 404, body = crate::error::Problem),
    (status = 429, body = crate::error::Problem)))]
#[get("/public/appeals/{number}")]
pub async fn lookup(
    state: web::Data<AppState>,
    req: HttpRequest,
    number: web::Path<String>,
    query: crate::extract::Query<LookupQuery>,
) -> Result<HttpResponse, ApiError> {
    // Counted in PostgreSQL, so every instance shares one limit per client.
    let key = format!(
        "lookup:{}",
        crate::client::address(&req, &state.settings.trusted_proxies)
    );
    let limit = state.settings.lookup_limit_per_minute;
    if let Some(wait) = state
        .db(move |conn| Ok(ombudsman_db::request_limits::hit(conn, &key, limit, 60)?))
        .await?
    {
        return Err(ApiError::TooManyRequests(wait.max(1) as u64));
    }
    let number = number.into_inner();
    if number.chars().any(char::is_control) {
        // No appeal number holds one, and PostgreSQL cannot compare text with NUL.
        return Err(ApiError::NotFound);
    }
    let code = query.into_inner().access_code.trim().to_ascii_uppercase();
    let found = state
        .db(move |conn| match appeals::find_by_number(conn, &number) {
            Ok(a) => Ok(Some(a)),
            Err(DbError::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        })
        .await?;
    // Hash even when the number is unknown, so both failures cost the same.
    let presented = tokens::digest(&code);
    let stored = found
        .as_ref()
        .map(|a| a.access_code_hash.clone())
        .unwrap_or_else(|| Sha256::digest(b"no such appeal").to_vec());
    match found {
        Some(a) if tokens::constant_time_eq(&presented, &stored) => Ok(HttpResponse::Ok()
            .insert_header(("cache-control", "no-store"))
            .json(PublicStatus {
                number: a.number,
                status: a.status,
                outcome: a.outcome,
                received_on: a.received_on,
                due_on: a.due_on,
                closed_on: a.closed_on,
            })),
        _ => Err(ApiError::NotFound),
    }
}
