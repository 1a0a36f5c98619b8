//! Recording monitoring visits: create, list, read, change, add a recommendation.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use ombudsman_db::visits::{self, VisitFilter};
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::ids::{FacilityId, StateBodyId, UserId, VisitId};
use ombudsman_domain::visit::{validate_recommendation, validate_visit, ValidRecommendation, VisitInput, VisitType};
use serde::{Deserialize, Serialize};

use super::views::{summaries, visit_view, RecommendationView, VisitSummary, VisitView};
use ombudsman_app::visits::{
    self as visits_uc, edit, edit_visit, record, record_visit, AddRecommendation, EditVisit, RecordVisit,
};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page};
use crate::state::{today, AppState};
use ombudsman_domain::access::{Action as Do, Resource};

/// A recommendation in a new visit.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationRequest {
    /// What the facility should do, e.g. `Reduce occupancy of cell block B`.
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
    /// To whom: the facility's administration or the body above it, as written; when it is a
    /// name of one body of the directory of state bodies, the recommendation links to that body.
    #[schema(min_length = 1, max_length = 300)]
    pub addressee: String,
    /// The addressee's body in the directory (`/state-bodies`), when known: the link, whatever
    /// `addressee` says.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub addressee_body_id: Option<StateBodyId>,
    /// When it should be done (not before the visit).
    pub due_on: Option<NaiveDate>,
}

fn zero() -> i64 {
    0
}

/// A new monitoring visit, with the recommendations made after it.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateVisitRequest {
    /// The facility visited.
    #[schema(value_type = String, format = Uuid)]
    pub facility_id: FacilityId,
    /// First day (not in the future).
    pub started_on: NaiveDate,
    /// Last day (default: the first).
    pub ended_on: Option<NaiveDate>,
    /// `planned`, `unannounced`, `follow_up` or `reactive` (to a complaint).
    #[schema(value_type = VisitType)]
    pub visit_type: VisitType,
    /// Office staff who took part (users of the office).
    #[serde(default)]
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub team_user_ids: Vec<UserId>,
    /// Public Group members who took part, by name.
    #[serde(default)]
    pub public_group_members: Vec<String>,
    /// People interviewed individually.
    #[serde(default = "zero")]
    #[schema(minimum = 0, maximum = 100_000)]
    pub people_interviewed: i64,
    /// People interviewed in groups.
    #[serde(default = "zero")]
    #[schema(minimum = 0, maximum = 100_000)]
    pub people_interviewed_in_groups: i64,
    /// What the monitors found; use pseudonyms for the people who spoke.
    #[serde(default)]
    pub findings: String,
    /// Recommendations made to the facility.
    #[serde(default)]
    pub recommendations: Vec<RecommendationRequest>,
}

/// Changes to a visit; send the ETag in `If-Match`. An omitted field stays as it is.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateVisitRequest {
    /// Another facility (a correction).
    #[schema(value_type = Option<String>, format = Uuid)]
    pub facility_id: Option<FacilityId>,
    /// First day.
    pub started_on: Option<NaiveDate>,
    /// Last day.
    pub ended_on: Option<NaiveDate>,
    /// Type.
    #[schema(value_type = Option<VisitType>)]
    pub visit_type: Option<VisitType>,
    /// The whole team (replaces it).
    #[schema(value_type = Option<Vec<uuid::Uuid>>)]
    pub team_user_ids: Option<Vec<UserId>>,
    /// The whole list of Public Group members (replaces it).
    pub public_group_members: Option<Vec<String>>,
    /// People interviewed individually.
    #[schema(minimum = 0, maximum = 100_000)]
    pub people_interviewed: Option<i64>,
    /// People interviewed in groups.
    #[schema(minimum = 0, maximum = 100_000)]
    pub people_interviewed_in_groups: Option<i64>,
    /// Findings.
    pub findings: Option<String>,
}

impl http::Patch for UpdateVisitRequest {
    fn names_nothing(&self) -> bool {
        self.facility_id.is_none()
            && self.started_on.is_none()
            && self.ended_on.is_none()
            && self.visit_type.is_none()
            && self.team_user_ids.is_none()
            && self.public_group_members.is_none()
            && self.people_interviewed.is_none()
            && self.people_interviewed_in_groups.is_none()
            && self.findings.is_none()
    }
}

fn check_recommendations(
    errors: &mut Errors,
    given: &[RecommendationRequest],
    started_on: NaiveDate,
) -> Vec<ValidRecommendation> {
    if given.len() > ombudsman_domain::visit::MAX_RECOMMENDATIONS {
        errors.push(FieldError::new(
            "recommendations",
            "too_many",
            format!(
                "at most {} recommendations",
                ombudsman_domain::visit::MAX_RECOMMENDATIONS
            ),
        ));
        return Vec::new();
    }
    given
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            errors
                .take(validate_recommendation(
                    &format!("recommendations[{i}]"),
                    &r.text,
                    &r.addressee,
                    r.due_on,
                    started_on,
                ))
                .map(|valid| ValidRecommendation {
                    addressee_body_id: r.addressee_body_id,
                    ..valid
                })
        })
        .collect()
}

/// Records a monitoring visit with its team and recommendations (monitors, managers);
/// numbered per office and year (`HQ-V-2025-0001`); `Idempotency-Key` honoured.
#[utoipa::path(tag = "visits", request_body = CreateVisitRequest, security(("bearer" = [])), responses(
    (status = 201, body = VisitView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[post("/visits")]
pub async fn create(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    body: JsonBody<CreateVisitRequest>,
) -> Result<HttpResponse, ApiError> {
    record::may_record(&principal)?;
    let cmd = parse_visit(&body.0, today())?;
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let visit = record_visit(conn, &p, cmd)?;
        let view = visit_view(conn, &p, visit)?;
        Ok(Created {
            location: format!("/api/v1/visits/{}", view.id),
            body: http::to_json(&view)?,
        })
    })
    .await
}

/// Parses a new visit, naming every wrong field of it and of its recommendations.
fn parse_visit(b: &CreateVisitRequest, today: NaiveDate) -> Result<RecordVisit, ApiError> {
    let mut errors = Errors::new();
    let valid = errors.take(validate_visit(
        &VisitInput {
            started_on: b.started_on,
            ended_on: b.ended_on,
            public_group_members: &b.public_group_members,
            team_size: b.team_user_ids.len(),
            people_interviewed: b.people_interviewed,
            people_interviewed_in_groups: b.people_interviewed_in_groups,
            findings: &b.findings,
        },
        today,
    ));
    let recommendations = check_recommendations(&mut errors, &b.recommendations, b.started_on);
    errors.finish()?;
    Ok(RecordVisit {
        facility_id: b.facility_id,
        visit_type: b.visit_type,
        valid: valid.ok_or_else(|| ApiError::Internal("a valid visit was not returned".into()))?,
        team_user_ids: b.team_user_ids.clone(),
        recommendations,
    })
}

/// Filters of the visit list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct VisitListQuery {
    /// Only visits to this facility.
    #[param(value_type = Option<String>, format = Uuid)]
    pub facility_id: Option<FacilityId>,
    /// Only visits of this type.
    pub visit_type: Option<VisitType>,
    /// Only visits starting on or after.
    pub started_from: Option<NaiveDate>,
    /// Only visits starting on or before.
    pub started_to: Option<NaiveDate>,
    /// Only visits this user took part in.
    #[param(value_type = Option<String>, format = Uuid)]
    pub team_member: Option<UserId>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists the visits the caller may see, newest first.
#[utoipa::path(tag = "visits", params(VisitListQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<VisitSummary>), (status = 400, body = crate::error::Problem)))]
#[get("/visits")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::extract::Query<VisitListQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = principal.caller().visit_scope(Do::Read)?;
    let q = query.into_inner();
    if let (Some(from), Some(to)) = (q.started_from, q.started_to) {
        if from > to {
            return Err(ApiError::field(
                "started_to",
                "before_from",
                "cannot be before started_from",
            ));
        }
    }
    let (limit, before) = crate::http::page::<VisitId>(q.limit, q.cursor)?;
    let filter = VisitFilter {
        facility_id: q.facility_id,
        visit_type: q.visit_type,
        started_from: q.started_from,
        started_to: q.started_to,
        team_member: q.team_member,
    };
    let page = state
        .db(move |conn| {
            let rows = visits::list(conn, &scope, &filter, before, limit + 1)?;
            let items = summaries(conn, rows)?;
            Ok(Page::from_rows(items, limit, |v| v.id, |v| v))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One visit in full: team, findings, recommendations, the recommendations it checked, appeals
/// received during it and measures issued after it.
#[utoipa::path(tag = "visits", security(("bearer" = [])), responses(
    (status = 200, body = VisitView), (status = 404, body = crate::error::Problem)))]
#[get("/visits/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<VisitId>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&[Resource::Visit], Do::Read)?;
    let id = id.into_inner();
    let p = principal.clone();
    let view = state
        .db(move |conn| {
            let v = caller.visit(conn, Do::Read, id)?;
            visit_view(conn, &p, v)
        })
        .await?;
    Ok(http::with_etag(StatusCode::OK, view.version, &view))
}

/// Changes a visit (monitors, managers of its office); requires `If-Match`. The whole resulting
/// visit is validated again; the number stays.
#[utoipa::path(tag = "visits", request_body = UpdateVisitRequest, security(("bearer" = [])), responses(
    (status = 200, body = VisitView), (status = 400, body = crate::error::Problem),
    (status = 404, body = crate::error::Problem), (status = 412, body = crate::error::Problem),
    (status = 428, body = crate::error::Problem)))]
#[patch("/visits/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<VisitId>,
    body: JsonBody<UpdateVisitRequest>,
) -> Result<HttpResponse, ApiError> {
    edit::may_change(&principal)?;
    let b = body.0;
    http::require_change(&b)?;
    let cmd = b.command(id.into_inner(), http::if_match(&req)?);
    let p = principal.clone();
    let view = state
        .use_case(move |conn, ctx| {
            let after = edit_visit(conn, &p, &cmd, ctx.today)?;
            visit_view(conn, &p, after)
        })
        .await?;
    Ok(http::with_etag(StatusCode::OK, view.version, &view))
}

impl UpdateVisitRequest {
    /// The change of the visit, given the version the caller saw.
    fn command(self, visit: VisitId, expected_version: i32) -> EditVisit {
        EditVisit {
            visit,
            expected_version,
            facility_id: self.facility_id,
            started_on: self.started_on,
            ended_on: self.ended_on,
            visit_type: self.visit_type,
            team_user_ids: self.team_user_ids,
            public_group_members: self.public_group_members,
            people_interviewed: self.people_interviewed,
            people_interviewed_in_groups: self.people_interviewed_in_groups,
            findings: self.findings,
        }
    }
}

/// Adds a recommendation to a visit (monitors, managers of its office).
#[utoipa::path(tag = "visits", request_body = RecommendationRequest, security(("bearer" = [])), responses(
    (status = 201, body = RecommendationView), (status = 400, body = crate::error::Problem),
    (status = 404, body = crate::error::Problem)))]
#[post("/visits/{id}/recommendations")]
pub async fn add_recommendation(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<VisitId>,
    body: JsonBody<RecommendationRequest>,
) -> Result<HttpResponse, ApiError> {
    edit::may_change(&principal)?;
    let b = body.0.clone();
    let cmd = AddRecommendation {
        visit: id.into_inner(),
        text: b.text,
        addressee: b.addressee,
        addressee_body_id: b.addressee_body_id,
        due_on: b.due_on,
    };
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let saved = visits_uc::add_recommendation(conn, &p, &cmd)?;
        Ok(Created {
            location: format!("/api/v1/recommendations/{}", saved.id),
            body: http::to_json(&RecommendationView::new(saved, today()))?,
        })
    })
    .await
}
