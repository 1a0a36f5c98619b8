//! Photos and scans of a visit, in the appeals' attachment storage.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use ombudsman_app::attachments::{attach_to_visit, may_attach_to_visit};
use ombudsman_db::attachments;
use ombudsman_domain::ids::VisitId;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::http::Page;
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
    let visit_id = id.into_inner();
    let p = principal.clone();
    state
        .db(move |conn| Ok(may_attach_to_visit(conn, &p, visit_id)?))
        .await?;
    let file = receive(&state, &req, &query.filename, &format!("visits/{visit_id}"), payload).await?;
    let key = file.storage_key.clone();
    let stored = state
        .use_case(move |conn, _| attach_to_visit(conn, &principal, visit_id, &file))
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
