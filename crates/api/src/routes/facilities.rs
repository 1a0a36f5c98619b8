//! `/api/v1/facilities`: the registry of places of detention (special reception centres,
//! temporary and pre-trial detention, military units, penal institutions, compulsory treatment)
//! the office's monitors visit.
//!
//! Admins and managers keep the registry; every user may read it. A facility is never deleted:
//! one that closes is deactivated (`is_active: false`) and keeps its history.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use ombudsman_app::facilities::{self as facilities_uc, add_facility, edit_facility, AddFacility, EditFacility};
use ombudsman_db::facilities::{self, Facility};
use ombudsman_domain::facility::{FacilityInput, FacilityKind, NewFacility};
use ombudsman_domain::ids::{FacilityId, OfficeId};
use ombudsman_domain::office::Region;
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page};
use crate::state::AppState;

/// Longest name search (`q`).
const Q_MAX: usize = 200;

/// A new facility.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateFacilityRequest {
    /// Name, e.g. `Pre-trial detention centre No. 1`; unique within the region, 1 to 300 characters.
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
    /// Kind, e.g. `pre_trial_detention_centre`.
    #[schema(value_type = FacilityKind)]
    pub kind: String,
    /// Region, e.g. `tashkent_city`.
    #[schema(value_type = Region)]
    pub region: String,
    /// The state body that runs it, e.g. `Ministry of Internal Affairs`.
    #[schema(min_length = 1, max_length = 300)]
    pub operating_authority: String,
    /// Number of places (positive); omit when unknown.
    #[schema(minimum = 1, maximum = 2147483647)]
    pub capacity: Option<i64>,
    /// The office whose monitors cover it; omit for none.
    pub office_id: Option<OfficeId>,
}

/// Changes to a facility; send the ETag in `If-Match`. An omitted field stays as it is; `null`
/// clears `capacity` or `office_id`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateFacilityRequest {
    /// New name.
    #[schema(min_length = 1, max_length = 300)]
    pub name: Option<String>,
    /// New kind.
    #[schema(value_type = Option<FacilityKind>)]
    pub kind: Option<String>,
    /// New region.
    #[schema(value_type = Option<Region>)]
    pub region: Option<String>,
    /// New operating authority.
    #[schema(min_length = 1, max_length = 300)]
    pub operating_authority: Option<String>,
    /// New number of places, or `null` for unknown.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 2147483647)]
    pub capacity: Option<Option<i64>>,
    /// New covering office, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub office_id: Option<Option<OfficeId>>,
    /// `false` deactivates the facility (closed or no longer used); `true` reactivates it.
    pub is_active: Option<bool>,
}

/// A facility.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FacilityView {
    /// Identifier.
    pub id: FacilityId,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: FacilityKind,
    /// Region.
    pub region: Region,
    /// The state body that runs it.
    pub operating_authority: String,
    /// Number of places; null when unknown.
    pub capacity: Option<i32>,
    /// In use.
    pub is_active: bool,
    /// The office whose monitors cover it.
    pub office_id: Option<OfficeId>,
    /// Version (the ETag).
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Facility> for FacilityView {
    fn from(f: Facility) -> Self {
        Self {
            id: f.id,
            name: f.name,
            kind: f.kind,
            region: f.region,
            operating_authority: f.operating_authority,
            capacity: f.capacity,
            is_active: f.is_active,
            office_id: f.office_id,
            version: f.version,
            created_at: f.created_at,
            updated_at: f.updated_at,
        }
    }
}

/// One facility in full: the registry record, its visits and the implementation rate of the
/// recommendations made there.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FacilityDetailView {
    /// The registry record.
    #[serde(flatten)]
    pub facility: FacilityView,
    /// Visits and recommendations.
    #[serde(flatten)]
    pub monitoring: super::visits::facility::FacilityMonitoring,
}

/// Adds a facility to the registry (admin or manager); `Idempotency-Key` honoured.
#[utoipa::path(tag = "facilities", request_body = CreateFacilityRequest, security(("bearer" = [])), responses(
    (status = 201, body = FacilityView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
#[post("/facilities")]
pub async fn create(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    body: JsonBody<CreateFacilityRequest>,
) -> Result<HttpResponse, ApiError> {
    facilities_uc::may_add(&principal, body.0.office_id)?;
    let body = body.0;
    let cmd = AddFacility {
        facility: NewFacility::parse(&FacilityInput {
            name: &body.name,
            kind: &body.kind,
            region: &body.region,
            operating_authority: &body.operating_authority,
            capacity: body.capacity,
        })?,
        office_id: body.office_id,
    };
    let p = principal.clone();
    http::create(&state, &principal, &req, &body, move |conn| {
        let row = add_facility(conn, &p, &cmd)?;
        Ok(Created {
            location: format!("/api/v1/facilities/{}", row.id),
            body: http::to_json(&FacilityView::from(row))?,
        })
    })
    .await
}

/// Filters of the facility list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FacilityListQuery {
    /// Only facilities of this kind.
    pub kind: Option<FacilityKind>,
    /// Only facilities in this region.
    pub region: Option<Region>,
    /// Only active (`true`) or inactive (`false`) facilities.
    pub active: Option<bool>,
    /// Only facilities whose name contains this text (any case).
    pub q: Option<String>,
    /// Only facilities covered by this office.
    #[param(value_type = Option<String>, format = Uuid)]
    pub office_id: Option<OfficeId>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists the facilities, newest first (any user).
#[utoipa::path(tag = "facilities", params(FacilityListQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<FacilityView>), (status = 400, body = crate::error::Problem)))]
#[get("/facilities")]
pub async fn list(
    state: web::Data<AppState>,
    _principal: Principal,
    query: crate::extract::Query<FacilityListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if q.is_some_and(|q| q.chars().count() > Q_MAX) {
        return Err(ApiError::field(
            "q",
            "too_long",
            format!("must be at most {Q_MAX} characters"),
        ));
    }
    let (limit, before) = crate::http::page::<FacilityId>(query.limit, query.cursor.clone())?;
    let filter = facilities::FacilityFilter {
        kind: query.kind,
        region: query.region,
        active: query.active,
        q: q.map(str::to_owned),
        office_id: query.office_id,
    };
    let rows = state
        .db(move |conn| Ok(facilities::list(conn, &filter, before, limit + 1)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, limit, |f| f.id, FacilityView::from)))
}

/// One facility (any user) with its visit history (the visits the caller may see) and the
/// implementation rate of its recommendations (implemented over all; null when none).
#[utoipa::path(tag = "facilities", security(("bearer" = [])), responses(
    (status = 200, body = FacilityDetailView), (status = 404, body = crate::error::Problem)))]
#[get("/facilities/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<FacilityId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            let facility = facilities::find(conn, id)?;
            Ok(FacilityDetailView {
                facility: FacilityView::from(facility),
                monitoring: super::visits::facility::facility_monitoring(conn, &principal, id)?,
            })
        })
        .await?;
    Ok(http::with_etag(StatusCode::OK, view.facility.version, &view))
}

/// Changes a facility (admin or manager), e.g. its capacity, covering office, or deactivates
/// it; requires `If-Match`. The whole resulting record is validated again.
#[utoipa::path(tag = "facilities", request_body = UpdateFacilityRequest, security(("bearer" = [])), responses(
    (status = 200, body = FacilityView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
    (status = 412, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
#[patch("/facilities/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<FacilityId>,
    body: JsonBody<UpdateFacilityRequest>,
) -> Result<HttpResponse, ApiError> {
    facilities_uc::may_change(&principal)?;
    let id = id.into_inner();
    let expected_version = http::if_match(&req)?;
    let b = body.0;
    http::require_change(&b)?;
    let cmd = EditFacility {
        expected_version,
        name: b.name,
        kind: b.kind,
        region: b.region,
        operating_authority: b.operating_authority,
        capacity: b.capacity,
        office_id: b.office_id,
        is_active: b.is_active,
    };
    let facility = state
        .use_case(move |conn, _| edit_facility(conn, &principal, id, &cmd))
        .await?;
    Ok(http::with_etag(
        StatusCode::OK,
        facility.version,
        &FacilityView::from(facility),
    ))
}

impl http::Patch for UpdateFacilityRequest {
    fn names_nothing(&self) -> bool {
        self.name.is_none()
            && self.kind.is_none()
            && self.region.is_none()
            && self.operating_authority.is_none()
            && self.capacity.is_none()
            && self.office_id.is_none()
            && self.is_active.is_none()
    }
}
