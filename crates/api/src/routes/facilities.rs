//! `/api/v1/facilities`: the registry of places of detention (special reception centres,
//! temporary and pre-trial detention, military units, penal institutions, compulsory treatment)
//! the office's monitors visit.
//!
//! Admins and managers keep the registry; every user may read it. A facility is never deleted:
//! one that closes is deactivated (`is_active: false`) and keeps its history.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use ombudsman_db::facilities::{self, Facility};
use ombudsman_db::{audit, offices, Conn, DbError};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::facility::{FacilityInput, FacilityKind, NewFacility};
use ombudsman_domain::ids::{FacilityId, OfficeId};
use ombudsman_domain::office::Region;
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page, PageQuery};
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

fn name_taken(e: DbError) -> ApiError {
    match e {
        DbError::Unique { .. } => ApiError::field(
            "name",
            "already_exists",
            "a facility with this name already exists in this region",
        ),
        other => other.into(),
    }
}

/// Refuses an office that does not exist, naming the field.
fn check_office(conn: &mut Conn, office_id: Option<OfficeId>) -> Result<(), ApiError> {
    let Some(office_id) = office_id else { return Ok(()) };
    match offices::find(conn, office_id) {
        Ok(_) => Ok(()),
        Err(DbError::NotFound) => Err(ApiError::field("office_id", "unknown_office", "no office has this id")),
        Err(other) => Err(other.into()),
    }
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
    let caller = principal.caller();
    caller.check_facility(Do::Create, body.0.office_id)?;
    let body = body.0;
    let facility = NewFacility::parse(&FacilityInput {
        name: &body.name,
        kind: &body.kind,
        region: &body.region,
        operating_authority: &body.operating_authority,
        capacity: body.capacity,
    })?;
    let office_id = body.office_id;
    let actor = principal.actor();
    http::create(&state, &principal, &req, &body, move |conn| {
        check_office(conn, office_id)?;
        let new = facilities::NewFacilityRow {
            id: FacilityId::new(),
            name: &facility.name,
            kind: facility.kind,
            region: facility.region,
            operating_authority: &facility.operating_authority,
            capacity: facility.capacity,
            is_active: true,
            office_id,
        };
        let row = facilities::insert(conn, &new).map_err(name_taken)?;
        audit::record(
            conn,
            &actor,
            AuditAction::FacilityCreate,
            "facility",
            row.id.0,
            http::to_json(&new)?,
        )?;
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
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor.clone(),
    };
    let limit = page.limit()?;
    let before: Option<FacilityId> = page.cursor()?;
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
    let caller = principal.caller();
    caller.require(&[Resource::Facility], Do::Change)?;
    let id = id.into_inner();
    let expected = http::if_match(&req)?;
    let body = body.0;
    if body.name.is_none()
        && body.kind.is_none()
        && body.region.is_none()
        && body.operating_authority.is_none()
        && body.capacity.is_none()
        && body.office_id.is_none()
        && body.is_active.is_none()
    {
        return Err(ApiError::field("", "empty_update", "name at least one field to change"));
    }
    let actor = principal.actor();
    let facility = state
        .tx(move |conn| {
            let before = facilities::lock(conn, id)?;
            caller.check_facility(Do::Change, before.office_id)?;
            if before.version != expected {
                return Err(ApiError::PreconditionFailed);
            }
            let merged = NewFacility::parse(&FacilityInput {
                name: body.name.as_deref().unwrap_or(&before.name),
                kind: body.kind.as_deref().unwrap_or(before.kind.as_str()),
                region: body.region.as_deref().unwrap_or(before.region.as_str()),
                operating_authority: body
                    .operating_authority
                    .as_deref()
                    .unwrap_or(&before.operating_authority),
                capacity: body.capacity.unwrap_or(before.capacity.map(i64::from)),
            })?;
            let office_id = body.office_id.unwrap_or(before.office_id);
            if office_id != before.office_id {
                // Re-homing needs the right over the new office too.
                caller.check_facility(Do::Change, office_id)?;
                check_office(conn, office_id)?;
            }
            let changes = facilities::FacilityChanges {
                name: &merged.name,
                kind: merged.kind,
                region: merged.region,
                operating_authority: &merged.operating_authority,
                capacity: merged.capacity,
                is_active: body.is_active.unwrap_or(before.is_active),
                office_id,
            };
            let after = facilities::update(conn, id, expected, &changes).map_err(name_taken)?;
            let diff = audit::diff(
                &http::to_json(&FacilityView::from(before))?,
                &http::to_json(&FacilityView::from(after.clone()))?,
            );
            audit::record(conn, &actor, AuditAction::FacilityUpdate, "facility", id.0, diff)?;
            Ok(after)
        })
        .await?;
    Ok(http::with_etag(
        StatusCode::OK,
        facility.version,
        &FacilityView::from(facility),
    ))
}
