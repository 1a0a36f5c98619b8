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
use ombudsman_db::partners::{self, Partner};
use ombudsman_db::{audit, DbError};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::PartnerId;
use ombudsman_domain::partner::{parse_country, NewPartner, PartnerInput, PartnerKind};
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page, PageQuery};
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

fn name_taken(e: DbError) -> ApiError {
    match e {
        DbError::Unique { .. } => ApiError::field("name", "already_exists", "a partner with this name already exists"),
        other => other.into(),
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
    principal.caller().require(&[Resource::Partner], Do::Change)?;
    let body = body.0;
    let partner = NewPartner::parse(&PartnerInput {
        name: &body.name,
        country: body.country.as_deref(),
        kind: body.kind,
        agreement: &body.agreement,
        agreement_from: body.agreement_from,
        agreement_to: body.agreement_to,
        email: body.email.as_deref(),
    })?;
    let actor = principal.actor();
    http::create(&state, &principal, &req, &body, move |conn| {
        let new = partners::NewPartnerRow {
            id: PartnerId::new(),
            name: &partner.name,
            country: partner.country.as_deref(),
            kind: partner.kind,
            agreement: &partner.agreement,
            agreement_from: partner.agreement_from,
            agreement_to: partner.agreement_to,
            email: partner.email.as_ref().map(|e| e.as_str()),
        };
        let row = partners::insert(conn, &new).map_err(name_taken)?;
        audit::record(
            conn,
            &actor,
            AuditAction::PartnerCreate,
            "partner",
            row.id.0,
            http::to_json(&new)?,
        )?;
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
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let before: Option<PartnerId> = page.cursor()?;
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
    principal.caller().require(&[Resource::Partner], Do::Change)?;
    let id = id.into_inner();
    let expected = http::if_match(&req)?;
    let body = body.0;
    if body.name.is_none()
        && body.country.is_none()
        && body.kind.is_none()
        && body.agreement.is_none()
        && body.agreement_from.is_none()
        && body.agreement_to.is_none()
        && body.email.is_none()
        && body.is_active.is_none()
    {
        return Err(ApiError::field("", "empty_update", "name at least one field to change"));
    }
    let actor = principal.actor();
    let partner = state
        .tx(move |conn| {
            let before = partners::lock(conn, id)?;
            if before.version != expected {
                return Err(ApiError::PreconditionFailed);
            }
            let merged = NewPartner::parse(&PartnerInput {
                name: body.name.as_deref().unwrap_or(&before.name),
                country: match &body.country {
                    Some(country) => country.as_deref(),
                    None => before.country.as_deref(),
                },
                kind: Some(body.kind.unwrap_or(before.kind)),
                agreement: body.agreement.as_deref().unwrap_or(&before.agreement),
                agreement_from: body.agreement_from.unwrap_or(before.agreement_from),
                agreement_to: body.agreement_to.unwrap_or(before.agreement_to),
                email: match &body.email {
                    Some(email) => email.as_deref(),
                    None => before.email.as_deref(),
                },
            })?;
            let changes = partners::PartnerChanges {
                name: &merged.name,
                country: merged.country.as_deref(),
                kind: merged.kind,
                agreement: &merged.agreement,
                agreement_from: merged.agreement_from,
                agreement_to: merged.agreement_to,
                email: merged.email.as_ref().map(|e| e.as_str()),
                is_active: body.is_active.unwrap_or(before.is_active),
            };
            let after = partners::update(conn, id, expected, &changes).map_err(name_taken)?;
            let diff = audit::diff(
                &http::to_json(&PartnerView::from(before))?,
                &http::to_json(&PartnerView::from(after.clone()))?,
            );
            audit::record(conn, &actor, AuditAction::PartnerUpdate, "partner", id.0, diff)?;
            Ok(after)
        })
        .await?;
    Ok(http::with_etag(
        StatusCode::OK,
        partner.version,
        &PartnerView::from(partner),
    ))
}
