//! `/api/v1/audit-events` and `/api/v1/access-log`: reading the append-only audit trail and
//! access log (admin, auditor).

use actix_web::{get, web, HttpResponse};
use ombudsman_db::access_log::AccessKind;
use ombudsman_db::audit::{self, AuditEvent};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::ids::AuditEventId;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::http::Page;
use crate::state::AppState;

/// Filters of the audit trail.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only events about this kind of record, e.g. `user`.
    pub entity_type: Option<String>,
    /// Only events about this record (ids are unique across kinds, so `entity_type` is optional
    /// here); returned oldest first, unpaged.
    pub entity_id: Option<Uuid>,
    /// Page size.
    pub limit: Option<i64>,
    /// Cursor.
    pub cursor: Option<String>,
}

/// Audit events, newest first.
#[utoipa::path(tag = "audit", params(AuditQuery), security(("bearer" = [])), responses(
    (status = 200, description = "A page of audit events"), (status = 403, body = crate::error::Problem)))]
#[get("/audit-events")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::extract::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.caller().require(&[Resource::AuditTrail], Do::Read)?;
    let query = query.into_inner();
    // Checked even when `entity_id` makes the answer one unpaged list: a wrong parameter is a 400
    // whatever else the request says.
    let (limit, before) = crate::http::page::<AuditEventId>(query.limit, query.cursor)?;
    if let Some(id) = query.entity_id {
        let entity_type = query.entity_type;
        let events = state
            .db(move |conn| Ok(audit::for_entity(conn, entity_type.as_deref(), id)?))
            .await?;
        return Ok(HttpResponse::Ok().json(Page::<AuditEvent> {
            items: events,
            next_cursor: None,
        }));
    }
    let entity_type = query.entity_type;
    let rows = state
        .db(move |conn| Ok(audit::list(conn, entity_type.as_deref(), before, limit + 1)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, limit, |e| e.id, |e| e)))
}

/// Filters of the access log.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AccessLogQuery {
    /// `login_failed`, `denied` or `identity_read`.
    #[param(pattern = "^(login_failed|denied|identity_read)$")]
    pub kind: Option<String>,
    /// Only entries about this record.
    pub record_id: Option<Uuid>,
    /// Page size.
    pub limit: Option<i64>,
    /// Cursor.
    pub cursor: Option<String>,
}

/// The access log, newest first: failed logins, denials of existing records and every read of
/// a protected identity (admin, auditor).
#[utoipa::path(tag = "audit", params(AccessLogQuery), security(("bearer" = [])), responses(
    (status = 200, description = "A page of access-log entries"), (status = 403, body = crate::error::Problem)))]
#[get("/access-log")]
pub async fn access_log(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::extract::Query<AccessLogQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.caller().require(&[Resource::AccessLog], Do::Read)?;
    let query = query.into_inner();
    let kind = match query.kind.as_deref() {
        None => None,
        Some("login_failed") => Some(AccessKind::LoginFailed),
        Some("denied") => Some(AccessKind::Denied),
        Some("identity_read") => Some(AccessKind::IdentityRead),
        Some(_) => {
            return Err(ApiError::field(
                "kind",
                "invalid",
                "must be login_failed, denied or identity_read",
            ))
        }
    };
    let (limit, before) = crate::http::page::<Uuid>(query.limit, query.cursor)?;
    let record_id = query.record_id;
    let rows = state
        .db(move |conn| {
            Ok(ombudsman_db::access_log::list(
                conn,
                kind,
                record_id,
                before,
                limit + 1,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, limit, |e| e.id, |e| e)))
}
