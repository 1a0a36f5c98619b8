//! Recommendations: the overdue list, corrections and follow-ups with their history.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use ombudsman_db::visits::{self, FollowUp, Recommendation, RecommendationFilter, Visit};
use ombudsman_db::Conn;
use ombudsman_domain::ids::{FacilityId, RecommendationId, StateBodyId, VisitId};
use ombudsman_domain::visit::RecommendationStatus;
use serde::{Deserialize, Serialize};

use ombudsman_app::visits::follow_up::may_follow_up;
use ombudsman_app::visits::{self as visits_uc, correct_recommendation, CorrectRecommendation, FollowUpRecommendation};

use super::views::RecommendationView;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page};
use crate::state::{today, AppState};
use ombudsman_domain::access::Action as Do;

/// Filters of the recommendation list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RecommendationListQuery {
    /// Only this follow-up status.
    pub status: Option<RecommendationStatus>,
    /// `true`: due before today and not implemented.
    pub overdue: Option<bool>,
    /// Only recommendations made at visits to this facility.
    #[param(value_type = Option<String>, format = Uuid)]
    pub facility_id: Option<FacilityId>,
    /// Only recommendations of this visit.
    #[param(value_type = Option<String>, format = Uuid)]
    pub visit_id: Option<VisitId>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists recommendations of the visits the caller may see, newest first; `overdue=true` finds
/// those due before today and not implemented.
#[utoipa::path(tag = "visits", params(RecommendationListQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<RecommendationView>), (status = 400, body = crate::error::Problem)))]
#[get("/recommendations")]
pub async fn list_recommendations(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::extract::Query<RecommendationListQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = principal.caller().visit_scope(Do::Read)?;
    let q = query.into_inner();
    let (limit, before) = crate::http::page::<RecommendationId>(q.limit, q.cursor)?;
    let today = today();
    let filter = RecommendationFilter {
        status: q.status,
        overdue_as_of: q.overdue.filter(|o| *o).map(|_| today),
        facility_id: q.facility_id,
        visit_id: q.visit_id,
    };
    let rows = state
        .db(move |conn| Ok(visits::list_recommendations(conn, &scope, &filter, before, limit + 1)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(
        rows,
        limit,
        |r| r.id,
        |r| RecommendationView::new(r, today),
    )))
}

/// A recommendation with the visit that made it and its history.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecommendationDetail {
    /// The recommendation.
    #[serde(flatten)]
    pub recommendation: RecommendationView,
    /// The number of the visit that made it.
    pub visit_number: String,
    /// The facility.
    #[schema(value_type = String, format = Uuid)]
    pub facility_id: FacilityId,
    /// Every change of its follow-up status, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<FollowUp>,
}

fn recommendation_detail(conn: &mut Conn, r: Recommendation, visit: &Visit) -> Result<RecommendationDetail, ApiError> {
    let history = visits::follow_ups_of(conn, r.id)?;
    Ok(RecommendationDetail {
        recommendation: RecommendationView::new(r, today()),
        visit_number: visit.number.clone(),
        facility_id: visit.facility_id,
        history,
    })
}

/// One recommendation with its follow-up history.
#[utoipa::path(tag = "visits", security(("bearer" = [])), responses(
    (status = 200, body = RecommendationDetail), (status = 404, body = crate::error::Problem)))]
#[get("/recommendations/{id}")]
pub async fn get_recommendation(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<RecommendationId>,
) -> Result<HttpResponse, ApiError> {
    let scope = principal.caller().visit_scope(Do::Read)?;
    let id = id.into_inner();
    let detail = state
        .db(move |conn| {
            let (r, visit) = visits::find_recommendation(conn, &scope, id)?;
            recommendation_detail(conn, r, &visit)
        })
        .await?;
    Ok(http::with_etag(
        StatusCode::OK,
        detail.recommendation.recommendation.version,
        &detail,
    ))
}

/// Changes to a recommendation's wording or due date; send the ETag in `If-Match`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRecommendationRequest {
    /// New text.
    #[schema(min_length = 1, max_length = 5000)]
    pub text: Option<String>,
    /// New addressee (linked to the directory by its folded name unless `addressee_body_id` is
    /// given).
    #[schema(min_length = 1, max_length = 300)]
    pub addressee: Option<String>,
    /// The addressee's body in the directory.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub addressee_body_id: Option<StateBodyId>,
    /// New due date.
    pub due_on: Option<NaiveDate>,
}

impl http::Patch for UpdateRecommendationRequest {
    fn names_nothing(&self) -> bool {
        self.text.is_none() && self.addressee.is_none() && self.addressee_body_id.is_none() && self.due_on.is_none()
    }
}

/// Corrects a recommendation's text, addressee or due date (monitors, managers); requires
/// `If-Match`. Its status changes only through follow-ups.
#[utoipa::path(tag = "visits", request_body = UpdateRecommendationRequest, security(("bearer" = [])), responses(
    (status = 200, body = RecommendationDetail), (status = 400, body = crate::error::Problem),
    (status = 404, body = crate::error::Problem), (status = 412, body = crate::error::Problem)))]
#[patch("/recommendations/{id}")]
pub async fn update_recommendation(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<RecommendationId>,
    body: JsonBody<UpdateRecommendationRequest>,
) -> Result<HttpResponse, ApiError> {
    may_follow_up(&principal)?;
    let expected_version = http::if_match(&req)?;
    let b = body.0;
    http::require_change(&b)?;
    let cmd = CorrectRecommendation {
        recommendation: id.into_inner(),
        expected_version,
        text: b.text,
        addressee: b.addressee,
        addressee_body_id: b.addressee_body_id,
        due_on: b.due_on,
    };
    let p = principal.clone();
    let detail = state
        .use_case(move |conn, _| {
            let (after, visit) = correct_recommendation(conn, &p, &cmd)?;
            recommendation_detail(conn, after, &visit)
        })
        .await?;
    let version = detail.recommendation.recommendation.version;
    Ok(http::with_etag(StatusCode::OK, version, &detail))
}

/// A follow-up of a recommendation: what the facility did, as seen on a follow-up visit (or
/// learnt otherwise, without `visit_id`).
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRequest {
    /// `open`, `implemented`, `partially_implemented` or `not_implemented`.
    #[schema(value_type = RecommendationStatus)]
    pub status: RecommendationStatus,
    /// The later visit to the same facility that checked it.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub visit_id: Option<VisitId>,
    /// What was seen.
    #[serde(default)]
    pub note: String,
}

/// Records a follow-up of a recommendation and moves it to the status found (monitors,
/// managers); the history keeps every change. `If-Match` is honoured when sent;
/// `Idempotency-Key` too.
#[utoipa::path(tag = "visits", request_body = FollowUpRequest, security(("bearer" = [])), responses(
    (status = 201, body = RecommendationDetail), (status = 400, body = crate::error::Problem),
    (status = 404, body = crate::error::Problem), (status = 412, body = crate::error::Problem)))]
#[post("/recommendations/{id}/follow-ups")]
pub async fn follow_up(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<RecommendationId>,
    body: JsonBody<FollowUpRequest>,
) -> Result<HttpResponse, ApiError> {
    may_follow_up(&principal)?;
    let expected = http::if_match_sent(&req)?;
    let (id, b) = (id.into_inner(), &body.0);
    let cmd = FollowUpRecommendation::parse(id, expected, b.status, b.visit_id, &b.note)?;
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let done = visits_uc::follow_up(conn, &p, &cmd)?;
        let detail = recommendation_detail(conn, done.recommendation, &done.made_at)?;
        Ok(Created {
            location: format!("/api/v1/recommendations/{id}"),
            body: http::to_json(&detail)?,
        })
    })
    .await
}
