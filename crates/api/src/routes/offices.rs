//! `/api/v1/offices`: the central office and the regional representatives.

use actix_web::{get, patch, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use ombudsman_app::offices::{self as offices_uc, add_office, edit_office, set_deadline_policy, AddOffice, EditOffice};
use ombudsman_db::offices;
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created};
use crate::state::AppState;

/// A new regional office.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOfficeRequest {
    /// 2-5 capital letters; prefixes the office's registration numbers.
    #[schema(pattern = "^[A-Z]{2,5}$")]
    pub code: String,
    /// Display name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Region it serves.
    pub region: Region,
    /// Language of notifications when the recipient's is unknown (default `uz-Latn`).
    pub default_language: Option<Language>,
}

/// An office.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OfficeView {
    /// Identifier.
    pub id: OfficeId,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Region.
    pub region: Region,
    /// Whether this is the central office.
    pub is_central: bool,
    /// Default language.
    pub default_language: Language,
    /// Official name given in the footer of its letters (the institution's when absent).
    pub official_name: Option<String>,
    /// Postal address given in the footer of its letters.
    pub address: Option<String>,
    /// Telephone given in the footer of its letters.
    pub phone: Option<String>,
    /// Public e-mail address given in the footer of its letters.
    pub email: Option<String>,
    /// Website given in the footer of its letters.
    pub website: Option<String>,
    /// Version (the ETag).
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// New contact details of an office, given in the footer of its letters. A field left out is
/// kept; `null` clears it.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateOfficeRequest {
    /// Official name, or `null` to use the institution's.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 300)]
    pub official_name: Option<Option<String>>,
    /// Postal address, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 300)]
    pub address: Option<Option<String>>,
    /// Telephone (7 to 15 digits among spaces, `+`, `-` and parentheses), or `null` or blank for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, max_length = 50)]
    pub phone: Option<Option<String>>,
    /// Public e-mail address, or `null` or blank for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, format = Email)]
    pub email: Option<Option<String>>,
    /// Website, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 200)]
    pub website: Option<Option<String>>,
}

/// A field of a change as the use case reads it: left out, `null` or a text.
fn optional_str(value: &Option<Option<String>>) -> Option<Option<&str>> {
    value.as_ref().map(Option::as_deref)
}

impl http::Patch for UpdateOfficeRequest {
    fn names_nothing(&self) -> bool {
        self.official_name.is_none()
            && self.address.is_none()
            && self.phone.is_none()
            && self.email.is_none()
            && self.website.is_none()
    }
}

impl From<offices::Office> for OfficeView {
    fn from(o: offices::Office) -> Self {
        Self {
            id: o.id,
            code: o.code,
            name: o.name,
            region: o.region,
            is_central: o.is_central,
            default_language: o.default_language,
            official_name: o.official_name,
            address: o.address,
            phone: o.phone,
            email: o.email,
            website: o.website,
            version: o.version,
            created_at: o.created_at,
        }
    }
}

/// Adds a regional office (admin).
#[utoipa::path(tag = "offices", request_body = CreateOfficeRequest, security(("bearer" = [])), responses(
    (status = 201, body = OfficeView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
#[post("/offices")]
pub async fn create(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    body: JsonBody<CreateOfficeRequest>,
) -> Result<HttpResponse, ApiError> {
    offices_uc::may_change(&principal)?;
    let b = &body.0;
    let cmd = AddOffice::parse(&b.code, &b.name, b.region, b.default_language)?;
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let office = add_office(conn, &p, &cmd)?;
        Ok(Created {
            location: format!("/api/v1/offices/{}", office.id),
            body: http::to_json(&OfficeView::from(office))?,
        })
    })
    .await
}

/// Lists the offices.
#[utoipa::path(tag = "offices", security(("bearer" = [])), responses((status = 200, body = http::Page<OfficeView>)))]
#[get("/offices")]
pub async fn list(state: web::Data<AppState>, _principal: Principal) -> Result<HttpResponse, ApiError> {
    let rows = state.db(|conn| Ok(offices::list(conn)?)).await?;
    let page = http::Page {
        items: rows.into_iter().map(OfficeView::from).collect::<Vec<_>>(),
        next_cursor: None,
    };
    Ok(HttpResponse::Ok().json(page))
}

/// One office.
#[utoipa::path(tag = "offices", security(("bearer" = [])), responses(
    (status = 200, body = OfficeView), (status = 404, body = crate::error::Problem)))]
#[get("/offices/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    _principal: Principal,
    id: web::Path<OfficeId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let office = state.db(move |conn| Ok(offices::find(conn, id)?)).await?;
    Ok(http::with_etag(
        actix_web::http::StatusCode::OK,
        office.version,
        &OfficeView::from(office),
    ))
}

/// Changes an office's official name and contact details, given in the footer of its letters
/// (admins); requires `If-Match`.
#[utoipa::path(tag = "offices", request_body = UpdateOfficeRequest, security(("bearer" = [])), responses(
    (status = 200, body = OfficeView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
    (status = 412, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
#[patch("/offices/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<OfficeId>,
    body: JsonBody<UpdateOfficeRequest>,
) -> Result<HttpResponse, ApiError> {
    offices_uc::may_change(&principal)?;
    let id = id.into_inner();
    let expected = http::if_match(&req)?;
    let b = body.0;
    let cmd = EditOffice::parse(
        expected,
        optional_str(&b.official_name),
        optional_str(&b.address),
        optional_str(&b.phone),
        optional_str(&b.email),
        optional_str(&b.website),
    )?;
    http::require_change(&b)?;
    let office = state
        .use_case(move |conn, _| edit_office(conn, &principal, id, &cmd))
        .await?;
    Ok(http::with_etag(
        actix_web::http::StatusCode::OK,
        office.version,
        &OfficeView::from(office),
    ))
}

/// The deadline policy of an office (its own, or the defaults).
#[utoipa::path(tag = "offices", security(("bearer" = [])), responses(
    (status = 200, description = "The policy"), (status = 404, body = crate::error::Problem)))]
#[get("/offices/{id}/deadline-policy")]
pub async fn get_policy(
    state: web::Data<AppState>,
    _principal: Principal,
    id: web::Path<OfficeId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let policy = state
        .db(move |conn| {
            offices::find(conn, id)?;
            Ok(crate::routes::appeals::deadline::policy(conn, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(policy))
}

/// Sets the deadline policy of an office (admins); applies to due dates computed from now on.
#[utoipa::path(tag = "offices", request_body = ombudsman_domain::deadline::DeadlinePolicy, security(("bearer" = [])), responses(
    (status = 200, description = "The policy", body = ombudsman_domain::deadline::DeadlinePolicy), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[put("/offices/{id}/deadline-policy")]
pub async fn put_policy(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<OfficeId>,
    body: JsonBody<ombudsman_domain::deadline::DeadlinePolicy>,
) -> Result<HttpResponse, ApiError> {
    offices_uc::may_change(&principal)?;
    let (id, policy) = (id.into_inner(), body.0);
    let stored = policy.clone();
    state
        .use_case(move |conn, _| set_deadline_policy(conn, &principal, id, &stored))
        .await?;
    Ok(HttpResponse::Ok().json(policy))
}
