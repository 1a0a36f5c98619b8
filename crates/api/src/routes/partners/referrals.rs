//! `/api/v1/appeals/{id}/referrals` and `/api/v1/referrals/{id}`: appeals referred to a partner
//! or received from one, and the partner's answer. The rules of the appeal apply.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use ombudsman_db::partners::{self, Referral};
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::ids::{AppealId, PartnerId, ReferralId, UserId};
use ombudsman_domain::partner::ReferralDirection;
use serde::{Deserialize, Serialize};

use ombudsman_app::access::APPEALS;
use ombudsman_app::appeals::edit::may_edit;
use ombudsman_app::appeals::{self as appeals_uc, refer, AnswerReferral, Refer};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page};
use crate::state::{today, AppState};

/// An appeal referred to a partner, or received from one.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateReferralRequest {
    /// The partner (active).
    pub partner_id: PartnerId,
    /// `outgoing` (this office refers the appeal to the partner) or `incoming` (the partner
    /// referred it here).
    pub direction: ReferralDirection,
    /// Date referred: not in the future; for `outgoing` not before the appeal was received.
    pub referred_on: NaiveDate,
    /// The partner's reference (file number), at most 200 characters.
    pub partner_reference: Option<String>,
    /// A note; it becomes the text of the timeline entry.
    pub note: Option<String>,
}

/// A referral.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReferralView {
    /// Identifier.
    pub id: ReferralId,
    /// The appeal.
    pub appeal_id: AppealId,
    /// The partner.
    pub partner_id: PartnerId,
    /// The partner's name.
    pub partner_name: String,
    /// Direction.
    pub direction: ReferralDirection,
    /// Date referred.
    pub referred_on: NaiveDate,
    /// The partner's reference.
    pub partner_reference: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Date of the partner's answer.
    pub answered_on: Option<NaiveDate>,
    /// What the partner answered.
    #[schema(min_length = 1, max_length = 20000)]
    pub answer_summary: Option<String>,
    /// Who recorded the referral.
    pub created_by: Option<UserId>,
    /// Version (the ETag).
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<(Referral, String)> for ReferralView {
    fn from((r, partner_name): (Referral, String)) -> Self {
        Self {
            id: r.id,
            appeal_id: r.appeal_id,
            partner_id: r.partner_id,
            partner_name,
            direction: r.direction,
            referred_on: r.referred_on,
            partner_reference: r.partner_reference,
            note: r.note,
            answered_on: r.answered_on,
            answer_summary: r.answer_summary,
            created_by: r.created_by,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// Records that the appeal was referred to a partner (`outgoing`) or received from one
/// (`incoming`); writes `referred_to_partner` or `received_from_partner` on the timeline.
/// Case staff who may change the appeal; `Idempotency-Key` honoured.
#[utoipa::path(tag = "partners", request_body = CreateReferralRequest, security(("bearer" = [])), responses(
    (status = 201, body = ReferralView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
#[post("/appeals/{id}/referrals")]
pub async fn create_referral(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<AppealId>,
    body: JsonBody<CreateReferralRequest>,
) -> Result<HttpResponse, ApiError> {
    may_edit(&principal)?;
    let r = &body.0;
    let cmd = Refer {
        appeal: id.into_inner(),
        partner: r.partner_id,
        direction: r.direction,
        referred_on: r.referred_on,
        partner_reference: r.partner_reference.clone(),
        note: r.note.clone(),
    };
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let (row, partner_name) = refer(conn, &p, &cmd, today())?;
        Ok(Created {
            location: format!("/api/v1/referrals/{}", row.id),
            body: http::to_json(&ReferralView::from((row, partner_name)))?,
        })
    })
    .await
}

/// The referrals of an appeal, oldest first (case staff who may see the appeal).
#[utoipa::path(tag = "partners", security(("bearer" = [])), responses(
    (status = 200, body = Page<ReferralView>), (status = 404, body = crate::error::Problem)))]
#[get("/appeals/{id}/referrals")]
pub async fn list_referrals(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AppealId>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&APPEALS, Do::Read)?;
    let appeal_id = id.into_inner();
    let rows = state
        .db(move |conn| {
            caller.appeal(conn, Do::Read, appeal_id)?;
            Ok(partners::referrals_of_appeal(conn, appeal_id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page {
        items: rows.into_iter().map(ReferralView::from).collect::<Vec<_>>(),
        next_cursor: None,
    }))
}

/// One referral (case staff who may see its appeal).
#[utoipa::path(tag = "partners", security(("bearer" = [])), responses(
    (status = 200, body = ReferralView), (status = 404, body = crate::error::Problem)))]
#[get("/referrals/{id}")]
pub async fn get_referral(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ReferralId>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&APPEALS, Do::Read)?;
    let id = id.into_inner();
    let found = state
        .db(move |conn| {
            let found = partners::find_referral(conn, id)?;
            caller.appeal(conn, Do::Read, found.0.appeal_id)?;
            Ok(found)
        })
        .await?;
    Ok(http::with_etag(
        StatusCode::OK,
        found.0.version,
        &ReferralView::from(found),
    ))
}

/// The partner's answer to a referral. An omitted field keeps its recorded value; on the first
/// answer `answered_on` defaults to today and `answer_summary` is required.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerReferralRequest {
    /// Date of the answer: not before the referral, not in the future.
    pub answered_on: Option<NaiveDate>,
    /// What the partner answered.
    pub answer_summary: Option<String>,
}

impl http::Patch for AnswerReferralRequest {
    fn names_nothing(&self) -> bool {
        self.answered_on.is_none() && self.answer_summary.is_none()
    }
}

/// Records (or corrects) the partner's answer to a referral; requires `If-Match`. Case staff who
/// may change the referral's appeal; writes `partner_answered` on the timeline.
#[utoipa::path(tag = "partners", request_body = AnswerReferralRequest, security(("bearer" = [])), responses(
    (status = 200, body = ReferralView), (status = 400, body = crate::error::Problem),
    (status = 404, body = crate::error::Problem), (status = 412, body = crate::error::Problem),
    (status = 428, body = crate::error::Problem)))]
#[patch("/referrals/{id}")]
pub async fn answer_referral(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<ReferralId>,
    body: JsonBody<AnswerReferralRequest>,
) -> Result<HttpResponse, ApiError> {
    may_edit(&principal)?;
    let expected_version = http::if_match(&req)?;
    let body = body.0;
    http::require_change(&body)?;
    let cmd = AnswerReferral {
        referral: id.into_inner(),
        expected_version,
        answered_on: body.answered_on,
        answer_summary: body.answer_summary,
    };
    let caller = principal.caller();
    let answered = state
        .use_case(move |conn, ctx| appeals_uc::answer_referral(conn, &caller, &cmd, ctx.today))
        .await?;
    Ok(http::with_etag(
        StatusCode::OK,
        answered.0.version,
        &ReferralView::from(answered),
    ))
}
