//! `/api/v1/applicants/{id}/merges`: two applicant records that are one person, merged by a
//! manager, and merges undone.

use actix_web::{post, web, HttpRequest, HttpResponse};
use ombudsman_app::applicants::{may_merge, merge_applicant, MergeCommand};
use ombudsman_domain::ids::ApplicantId;
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created};
use crate::state::AppState;

/// Merges the applicant in the path into another (`into`), or undoes a merge into them
/// (`reverses`).
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The applicant that stays: the appeals of the one in the path move to them.
    pub into: Option<ApplicantId>,
    /// A merge into the applicant in the path, to undo: the appeals it moved go back.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub reverses: Option<uuid::Uuid>,
    /// Why (the evidence that they are one person, or that they are not).
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: Option<String>,
}

/// Merges two applicant records found to be one person, or undoes a merge (managers, for
/// applicants whose identity they see; only the appeals they see move). The answer is the
/// merge record: the appeals it moved, so that a second record can move them back.
#[utoipa::path(tag = "appeals", request_body = MergeRequest, security(("bearer" = [])), responses(
    (status = 201, description = "The merge record", body = Object), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
    (status = 409, body = crate::error::Problem)))]
#[post("/applicants/{id}/merges")]
pub async fn merge(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<ApplicantId>,
    body: JsonBody<MergeRequest>,
) -> Result<HttpResponse, ApiError> {
    may_merge(&principal)?;
    let id = id.into_inner();
    let b = &body.0;
    let cmd = MergeCommand::parse(id, b.into, b.reverses, b.reason.as_deref())?;
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let record = merge_applicant(conn, &p, id, &cmd)?;
        Ok(Created {
            location: format!("/api/v1/applicants/{}", record.into_applicant),
            body: http::to_json(&record)?,
        })
    })
    .await
}
