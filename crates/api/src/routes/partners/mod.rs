//! `/api/v1/partners`: partner institutions (foreign and international ombudsmen) the office
//! cooperates with under an agreement; `/api/v1/appeals/{id}/referrals` and
//! `/api/v1/referrals/{id}`: appeals referred to a partner or received from one, and the
//! partner's answer.
//!
//! Admins keep the registry of partners; every user may read it. Referrals are casework: the
//! rules of the appeal apply (write scope to refer or record an answer, read scope to list, 404
//! for an appeal the caller may not see).

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use ombudsman_app::partners::{self as partners_uc, add_partner, edit_partner, EditPartner};
use ombudsman_db::partners::{self, Partner};
use ombudsman_domain::ids::PartnerId;
use ombudsman_domain::partner::{parse_country, NewPartner, PartnerInput, PartnerKind};
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page};
use crate::state::AppState;

mod referrals;
pub use referrals::*;

/// A new partner institution.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePartnerRequest {
    /// Name, e.g. `Commissioner for Human Rights in the Russian Federation` (unique).
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
    /// ISO 3166 alpha-2 country, e.g. `RU`; omit for an international organization.
    pub country: Option<String>,
    /// `national_ombudsman` (default), `regional_ombudsman`, `international_organization` or `other`.
    pub kind: Option<PartnerKind>,
    /// The agreement cooperation rests on, e.g. a memorandum or a roadmap.
    #[schema(min_length = 1, max_length = 500)]
    pub agreement: String,
    /// First day of the agreement.
    pub agreement_from: NaiveDate,
    /// Last day of the agreement (not before `agreement_from`); omit while open-ended.
    pub agreement_to: Option<NaiveDate>,
    /// Contact e-mail.
    pub email: Option<String>,
}

/// Changes to a partner; send the ETag in `If-Match`. An omitted field stays as it is; `null`
/// clears `country`, `agreement_to` or `email`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePartnerRequest {
    /// New name.
    #[schema(min_length = 1, max_length = 300)]
    pub name: Option<String>,
    /// New country, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>)]
    pub country: Option<Option<String>>,
    /// New kind.
    pub kind: Option<PartnerKind>,
    /// New agreement.
    #[schema(min_length = 1, max_length = 500)]
    pub agreement: Option<String>,
    /// New first day of the agreement.
    pub agreement_from: Option<NaiveDate>,
    /// The last day of the agreement (ends it), or `null` to make it open-ended.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<NaiveDate>)]
    pub agreement_to: Option<Option<NaiveDate>>,
    /// New e-mail, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    /// `false` deactivates the partner: it takes no new referrals (existing ones stay).
    pub is_active: Option<bool>,
}

/// A partner institution.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PartnerView {
    /// Identifier.
    pub id: PartnerId,
    /// Name.
    pub name: String,
    /// ISO 3166 alpha-2 country.
    pub country: Option<String>,
    /// Kind.
    pub kind: PartnerKind,
    /// The agreement.
    pub agreement: String,
    /// First day of the agreement.
    pub agreement_from: NaiveDate,
    /// Last day of the agreement.
    pub agreement_to: Option<NaiveDate>,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Takes new referrals.
    pub is_active: bool,
    /// Version (the ETag).
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Partner> for PartnerView {
    fn from(p: Partner) -> Self {
        Self {
            id: p.id,
            name: p.name,
            country: p.country,
            kind: p.kind,
            agreement: p.agreement,
            agreement_from: p.agreement_from,
            agreement_to: p.agreement_to,
            email: p.email,
            is_active: p.is_active,
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// Adds a partner institution (admin).
#[utoipa::path(tag = "partners", request_body = CreatePartnerRequest, security(("bearer" = [])), responses(
    (status = 201, body = PartnerView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
#[post("/partners")]
pub async fn create(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    body: JsonBody<CreatePartnerRequest>,
) -> Result<HttpResponse, ApiError> {
    partners_uc::may_change(&principal)?;
    let b = &body.0;
    let partner = NewPartner::parse(&PartnerInput {
        name: &b.name,
        country: b.country.as_deref(),
        kind: b.kind,
        agreement: &b.agreement,
        agreement_from: b.agreement_from,
        agreement_to: b.agreement_to,
        email: b.email.as_deref(),
    })?;
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let row = add_partner(conn, &p, &partner)?;
        Ok(Created {
            location: format!("/api/v1/partners/{}", row.id),
            body: http::to_json(&PartnerView::from(row))?,
        })
    })
    .await
}

/// Filters of the partner list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PartnerListQuery {
    /// Only active (`true`) or inactive (`false`) partners.
    pub active: Option<bool>,
    /// Only partners of this country (ISO 3166 alpha-2).
    pub country: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists the partners, newest first (any user).
#[utoipa::path(tag = "partners", params(PartnerListQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<PartnerView>), (status = 400, body = crate::error::Problem)))]
#[get("/partners")]
pub async fn list(
    state: web::Data<AppState>,
    _principal: Principal,
    query: crate::extract::Query<PartnerListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let country = parse_country("country", query.country.as_deref())?;
    let (limit, before) = crate::http::page::<PartnerId>(query.limit, query.cursor)?;
    let filter = partners::PartnerFilter {
        active: query.active,
        country,
    };
    let rows = state
        .db(move |conn| Ok(partners::list(conn, &filter, before, limit + 1)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, limit, |p| p.id, PartnerView::from)))
}

/// One partner (any user).
#[utoipa::path(tag = "partners", security(("bearer" = [])), responses(
    (status = 200, body = PartnerView), (status = 404, body = crate::error::Problem)))]
#[get("/partners/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    _principal: Principal,
    id: web::Path<PartnerId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let partner = state.db(move |conn| Ok(partners::find(conn, id)?)).await?;
    Ok(http::with_etag(
        StatusCode::OK,
        partner.version,
        &PartnerView::from(partner),
    ))
}

/// Changes a partner (admin), e.g. ends its agreement (`agreement_to`) or deactivates it;
/// requires `If-Match`. The whole resulting record is validated again.
#[utoipa::path(tag = "partners", request_body = UpdatePartnerRequest, security(("bearer" = [])), responses(
    (status = 200, body = PartnerView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
    (status = 412, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
#[patch("/partners/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<PartnerId>,
    body: JsonBody<UpdatePartnerRequest>,
) -> Result<HttpResponse, ApiError> {
    partners_uc::may_change(&principal)?;
    let id = id.into_inner();
    let expected_version = http::if_match(&req)?;
    let b = body.0;
    http::require_change(&b)?;
    let cmd = EditPartner {
        expected_version,
        name: b.name,
        country: b.country,
        kind: b.kind,
        agreement: b.agreement,
        agreement_from: b.agreement_from,
        agreement_to: b.agreement_to,
        email: b.email,
        is_active: b.is_active,
    };
    let partner = state
        .use_case(move |conn, _| edit_partner(conn, &principal, id, &cmd))
        .await?;
    Ok(http::with_etag(
        StatusCode::OK,
        partner.version,
        &PartnerView::from(partner),
    ))
}

impl http::Patch for UpdatePartnerRequest {
    fn names_nothing(&self) -> bool {
        self.name.is_none()
            && self.country.is_none()
            && self.kind.is_none()
            && self.agreement.is_none()
            && self.agreement_from.is_none()
            && self.agreement_to.is_none()
            && self.email.is_none()
            && self.is_active.is_none()
    }
}
