//! `/api/v1/compensations/{id}/corrections`: a manager corrects the figures of a compensation
//! record or voids it, with a reason; the record's history keeps what it replaced.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::ids::CompensationId;
use serde::{Deserialize, Serialize};

use ombudsman_app::impact::correction::{self, Change};
use ombudsman_app::impact::{correct_compensation, CorrectCompensation};

use super::compensation_views;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Page};
use crate::state::AppState;

/// What a correction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionAction {
    /// New figures: at least one of `amount_minor`, `currency`, `recovered_on`.
    Correct,
    /// The record counts no more (it stays on record).
    Void,
}

/// A correction or void of a compensation record; send the ETag in `If-Match` to be sure of
/// the figures you correct.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionRequest {
    /// `correct` or `void`.
    pub action: CorrectionAction,
    /// The right amount in minor units (for `correct`).
    #[schema(minimum = 1, maximum = 1_000_000_000_000_000_i64)]
    pub amount_minor: Option<i64>,
    /// The right ISO 4217 code (for `correct`).
    pub currency: Option<String>,
    /// The right date the money was recovered (for `correct`; not in the future, not before
    /// the appeal).
    pub recovered_on: Option<NaiveDate>,
    /// Why: kept with the record's history and in the audit trail.
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

impl CorrectionRequest {
    /// The change it asks for, naming every field that does not belong.
    fn change(&self) -> Result<Change, ApiError> {
        let mut errors = Errors::new();
        match self.action {
            CorrectionAction::Void => {
                for (field, given) in [
                    ("amount_minor", self.amount_minor.is_some()),
                    ("currency", self.currency.is_some()),
                    ("recovered_on", self.recovered_on.is_some()),
                ] {
                    if given {
                        errors.push(FieldError::new(field, "not_allowed", "a void takes only a reason"));
                    }
                }
            }
            CorrectionAction::Correct => {
                if self.amount_minor.is_none() && self.currency.is_none() && self.recovered_on.is_none() {
                    errors.push(FieldError::new(
                        "amount_minor",
                        "required",
                        "a correction gives the amount, the currency or the date",
                    ));
                }
            }
        }
        if self.reason.trim().is_empty() {
            errors.push(FieldError::new("reason", "required", "say why"));
        }
        errors.finish()?;
        Ok(match self.action {
            CorrectionAction::Void => Change::Void,
            CorrectionAction::Correct => Change::Correct {
                amount_minor: self.amount_minor,
                currency: self.currency.clone(),
                recovered_on: self.recovered_on,
            },
        })
    }
}

/// Corrects or voids a compensation record (managers of its office, or of the central office).
#[utoipa::path(tag = "compensation", request_body = CorrectionRequest, security(("bearer" = [])), responses(
    (status = 200, body = super::CompensationView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
    (status = 409, body = crate::error::Problem), (status = 412, body = crate::error::Problem)))]
#[post("/compensations/{id}/corrections")]
pub async fn correct(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<CompensationId>,
    body: JsonBody<CorrectionRequest>,
) -> Result<HttpResponse, ApiError> {
    correction::may_correct(&principal)?;
    let cmd = CorrectCompensation {
        id: id.into_inner(),
        expected_version: http::if_match_sent(&req)?,
        change: body.0.change()?,
        reason: body.0.reason.trim().to_owned(),
    };
    let p = principal.clone();
    let view = state
        .use_case(move |conn, ctx| {
            let saved = correct_compensation(conn, &p, cmd, ctx.today)?;
            Ok::<_, ApiError>(compensation_views(conn, &p, vec![saved])?.remove(0))
        })
        .await?;
    let version = view.compensation.version;
    Ok(http::with_etag(StatusCode::OK, version, &view))
}

/// The corrections and void of a compensation record, oldest first: the figures each replaced,
/// the new ones, the reason, who and when.
#[utoipa::path(tag = "compensation", security(("bearer" = [])), responses(
    (status = 200, description = "The record's corrections"), (status = 404, body = crate::error::Problem)))]
#[get("/compensations/{id}/corrections")]
pub async fn history(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<CompensationId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let p = principal.clone();
    let items = state.db(move |conn| Ok(correction::corrections(conn, &p, id)?)).await?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}
