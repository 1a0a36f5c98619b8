//! Photos and scans of a visit, in the appeals' attachment storage.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::Utc;
use ombudsman_db::{attachments, audit};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::VisitId;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::http::{self, Page};
use crate::state::AppState;
use ombudsman_domain::access::{Action as Do, Resource};

/// Uploads a photo or scan from a visit (raw body with its `Content-Type`; same storage, size
/// limit and type checks as appeal attachments).
#[utoipa::path(tag = "visits", params(crate::routes::appeals::attachments::UploadQuery), security(("bearer" = [])), responses(
    (status = 201, description = "The stored attachment with its SHA-256"),
    (status = 404, body = crate::error::Problem),
    (status = 413, body = crate::error::Problem), (status = 415, body = crate::error::Problem)))]
#[post("/visits/{id}/attachments")]
pub async fn upload_attachment(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<VisitId>,
    query: crate::extract::Query<crate::routes::appeals::attachments::UploadQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    use crate::routes::appeals::attachments::{receive, respond};
    let caller = principal.caller();
    caller.require(&[Resource::Visit], Do::Change)?;
    let visit_id = id.into_inner();
    state
        .db(move |conn| Ok(caller.visit(conn, Do::Change, visit_id)?))
        .await?;
    let attachment_id = ombudsman_domain::ids::AttachmentId::new();
    let got = receive(
        &state,
        &req,
        &query.filename,
        format!("visits/{visit_id}/{attachment_id}"),
        payload,
    )
    .await?;
    let key = got.key.clone();
    let row = attachments::Attachment {
        id: attachment_id,
        appeal_id: None,
        filename: got.filename,
        content_type: got.content_type,
        size_bytes: got.size as i64,
        sha256: got.sha256,
        storage_key: got.key,
        uploaded_by: Some(principal.user_id),
        created_at: Utc::now(),
        visit_id: Some(visit_id),
    };
    let p = principal.clone();
    let stored = state
        .tx(move |conn| {
            let saved = attachments::insert(conn, &row)?;
            audit::record(
                conn,
                &p.actor(),
                AuditAction::VisitAttach,
                "visit",
                visit_id.0,
                http::to_json(&saved)?,
            )?;
            Ok(saved)
        })
        .await;
    respond(&state, &key, stored).await
}

/// The photos and scans of a visit (download each with `/api/v1/attachments/{id}/content`).
#[utoipa::path(tag = "visits", security(("bearer" = [])), responses(
    (status = 200, description = "The attachments"), (status = 404, body = crate::error::Problem)))]
#[get("/visits/{id}/attachments")]
pub async fn list_attachments(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<VisitId>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&[Resource::Visit], Do::Read)?;
    let id = id.into_inner();
    let items = state
        .db(move |conn| {
            caller.visit(conn, Do::Read, id)?;
            Ok(attachments::for_visit(conn, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}
