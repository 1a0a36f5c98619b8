//! `/api/v1/offices`: the central office and the regional representatives.

use actix_web::{get, patch, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use ombudsman_db::{audit, offices};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::error::Errors;
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::language::Language;
use ombudsman_domain::office::{parse_name, OfficeCode, Region};
use ombudsman_domain::user::Email;
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
    /// Telephone, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 50)]
    pub phone: Option<Option<String>>,
    /// Public e-mail address, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, format = Email)]
    pub email: Option<Option<String>>,
    /// Website, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 200)]
    pub website: Option<Option<String>>,
}

impl UpdateOfficeRequest {
    /// The change, every field parsed; all the wrong fields at once.
    fn parse(&self) -> Result<offices::ContactChange, ApiError> {
        let mut errors = Errors::new();
        let mut text = |field: &str, value: &Option<Option<String>>, max: usize| match value {
            Some(Some(raw)) => errors.take(parse_name(field, raw, max)).map(|v| Some(Some(v))),
            Some(None) => Some(Some(None)),
            None => Some(None),
        };
        let official_name = text("official_name", &self.official_name, 300);
        let address = text("address", &self.address, 300);
        let phone = text("phone", &self.phone, 50);
        let website = text("website", &self.website, 200);
        let email = match &self.email {
            Some(Some(raw)) => errors
                .take(Email::parse(raw))
                .map(|e| Some(Some(e.as_str().to_owned()))),
            Some(None) => Some(Some(None)),
            None => Some(None),
        };
        errors.finish()?;
        match (official_name, address, phone, email, website) {
            (Some(official_name), Some(address), Some(phone), Some(email), Some(website)) => {
                Ok(offices::ContactChange {
                    official_name,
                    address,
                    phone,
                    email,
                    website,
                })
            }
            _ => Err(ApiError::Internal("validated fields missing".into())),
        }
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
    principal.caller().require(&[Resource::Office], Do::Change)?;
    let body = body.0;
    let mut errors = Errors::new();
    let code = errors.take(OfficeCode::parse(&body.code));
    let name = errors.take(parse_name("name", &body.name, 200));
    errors.finish()?;
    let (Some(code), Some(name)) = (code, name) else {
        return Err(ApiError::Internal("validated fields missing".into()));
    };
    let region = body.region;
    let language = body.default_language.unwrap_or(Language::UzLatn);
    let actor = principal.actor();
    http::create(&state, &principal, &req, &body, move |conn| {
        let new = offices::NewOffice {
            id: OfficeId::new(),
            code: code.as_str(),
            name: &name,
            region,
            default_language: language,
        };
        let office = offices::insert(conn, &new).map_err(|e| match e {
            ombudsman_db::DbError::Unique { .. } => ApiError::Conflict {
                code: "already_exists",
                detail: "code: an office with this code already exists".into(),
                allowed: vec![],
            },
            other => other.into(),
        })?;
        audit::record(
            conn,
            &actor,
            AuditAction::OfficeCreate,
            "office",
            office.id.0,
            http::to_json(&new)?,
        )?;
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
    principal.caller().require(&[Resource::Office], Do::Change)?;
    let id = id.into_inner();
    let expected = http::if_match(&req)?;
    let body = body.0;
    if body.official_name.is_none()
        && body.address.is_none()
        && body.phone.is_none()
        && body.email.is_none()
        && body.website.is_none()
    {
        return Err(ApiError::field("", "empty_update", "name at least one field to change"));
    }
    let change = body.parse()?;
    let actor = principal.actor();
    let office = state
        .tx(move |conn| {
            let before = offices::lock(conn, id)?;
            if before.version != expected {
                return Err(ApiError::PreconditionFailed);
            }
            let after = offices::set_contacts(conn, id, &change)?;
            let diff = audit::diff(
                &http::to_json(&OfficeView::from(before))?,
                &http::to_json(&OfficeView::from(after.clone()))?,
            );
            audit::record(conn, &actor, AuditAction::OfficeUpdate, "office", id.0, diff)?;
            Ok(after)
        })
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
    principal.caller().require(&[Resource::Office], Do::Change)?;
    let id = id.into_inner();
    let policy = body.0;
    policy.validate()?;
    let actor = principal.actor();
    let json = http::to_json(&policy)?;
    state
        .tx(move |conn| {
            offices::find(conn, id)?;
            ombudsman_db::deadline_policies::upsert(conn, id, &json)?;
            audit::record(conn, &actor, AuditAction::OfficeDeadlinePolicy, "office", id.0, json)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok().json(policy))
}
