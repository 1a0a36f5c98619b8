//! `/api/v1/audit-events`: reading the append-only audit trail (admin, auditor).

use actix_web::{get, web, HttpResponse};
use ombudsman_db::audit::{self, AuditEvent};
use ombudsman_domain::ids::AuditEventId;
use ombudsman_domain::user::Role;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::http::{Page, PageQuery};
use crate::state::AppState;

/// Filters of the audit trail.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only events about this kind of record, e.g. `user`.
    pub entity_type: Option<String>,
    /// Only events about this record (with `entity_type`); returned oldest first, unpaged.
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
    principal.require(&[Role::Admin, Role::Auditor])?;
    let query = query.into_inner();
    if let Some(id) = query.entity_id {
        let entity_type = query
            .entity_type
            .ok_or_else(|| ApiError::field("entity_type", "required", "is required with entity_id"))?;
        let events = state
            .db(move |conn| Ok(audit::for_entity(conn, &entity_type, id)?))
            .await?;
        return Ok(HttpResponse::Ok().json(Page::<AuditEvent> {
            items: events,
            next_cursor: None,
        }));
    }
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let before: Option<AuditEventId> = page.cursor()?;
    let entity_type = query.entity_type;
    let rows = state
        .db(move |conn| Ok(audit::list(conn, entity_type.as_deref(), before, limit + 1)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, limit, |e| e.id, |e| e)))
}
