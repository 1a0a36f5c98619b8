//! `/api/v1/region-routes`: which office takes the online appeals of each region (the central
//! office takes a region without a route). Admins keep the table; staff read it.

use actix_web::{get, put, web, HttpResponse};
use ombudsman_app::intake::{set_region_route, SetRegionRoute};
use ombudsman_app::offices::may_change;
use ombudsman_db::applicant_page;
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::office::Region;
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::Page;
use crate::state::AppState;

/// The office of a region's online appeals.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionRouteRequest {
    /// The office.
    #[schema(value_type = String, format = Uuid)]
    pub office_id: OfficeId,
}

/// A route.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionRoute {
    /// The region.
    pub region: Region,
    /// The office that takes its online appeals.
    #[schema(value_type = String, format = Uuid)]
    pub office_id: OfficeId,
    /// That office's code.
    pub office_code: String,
}

fn all_routes(conn: &mut diesel::PgConnection) -> Result<Vec<RegionRoute>, ApiError> {
    Ok(applicant_page::routes(conn)?
        .into_iter()
        .map(|(region, office_id, office_code)| RegionRoute {
            region,
            office_id,
            office_code,
        })
        .collect())
}

/// The routes an admin set, by region; a region not listed goes to the central office.
#[utoipa::path(tag = "offices", security(("bearer" = [])), responses((status = 200, body = Page<RegionRoute>)))]
#[get("/region-routes")]
pub async fn list(state: web::Data<AppState>, _principal: Principal) -> Result<HttpResponse, ApiError> {
    let items = state.db(all_routes).await?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// Names the office that takes a region's online appeals (admins).
#[utoipa::path(tag = "offices", request_body = RegionRouteRequest, security(("bearer" = [])), responses(
    (status = 200, body = RegionRoute), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[put("/region-routes/{region}")]
pub async fn put(
    state: web::Data<AppState>,
    principal: Principal,
    region: web::Path<Region>,
    body: JsonBody<RegionRouteRequest>,
) -> Result<HttpResponse, ApiError> {
    may_change(&principal)?;
    let cmd = SetRegionRoute {
        region: region.into_inner(),
        office: body.0.office_id,
    };
    let caller = principal.caller();
    let route = state
        .use_case(move |conn, _| {
            set_region_route(conn, &caller, &cmd)?;
            all_routes(conn)?
                .into_iter()
                .find(|r| r.region == cmd.region)
                .ok_or_else(|| ApiError::Internal("the route just set is missing".into()))
        })
        .await?;
    Ok(HttpResponse::Ok().json(route))
}
