//! `POST /api/v1/appeals/{id}/applicant-requests`: the office asks the applicant for documents
//! or explanations; the request appears on the applicant's page and is e-mailed to them.

use actix_web::{post, web, HttpResponse};
use ombudsman_app::appeals::edit::may_edit;
use ombudsman_app::appeals::{ask_applicant, AskApplicant};
use ombudsman_domain::ids::AppealId;
use ombudsman_domain::office::parse_name;
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::state::AppState;

/// What the office asks the applicant.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantRequestRequest {
    /// What is asked (shown to the applicant as written).
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
}

/// Sends a request to the applicant: shown on their page until they reply, and e-mailed to
/// them. Pause the clock with the `pause` move while waiting; their reply runs it again.
#[utoipa::path(tag = "appeals", request_body = ApplicantRequestRequest, security(("bearer" = [])), responses(
    (status = 201, description = "The request"), (status = 404, body = crate::error::Problem),
    (status = 409, body = crate::error::Problem)))]
#[post("/appeals/{id}/applicant-requests")]
pub async fn create(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AppealId>,
    body: JsonBody<ApplicantRequestRequest>,
) -> Result<HttpResponse, ApiError> {
    may_edit(&principal)?;
    let cmd = AskApplicant {
        appeal: id.into_inner(),
        text: parse_name("text", &body.0.text, 5000)?,
        status_link: format!("{}/appeal/status", state.settings.public_url),
    };
    let caller = principal.caller();
    let request = state
        .use_case(move |conn, ctx| ask_applicant(conn, &caller, &cmd, ctx))
        .await?;
    Ok(HttpResponse::Created().json(request))
}
