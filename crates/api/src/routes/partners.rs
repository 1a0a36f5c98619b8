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
use ombudsman_db::partners::{self, Partner, Referral};
use ombudsman_db::{appeals, audit, DbError};
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::ids::{AppealId, PartnerId, ReferralId, UserId};
use ombudsman_domain::partner::{
    parse_answer, parse_country, NewPartner, NewReferral, PartnerInput, PartnerKind, ReferralDirection, ReferralInput,
};
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page, PageQuery};
use crate::state::{today, AppState};
use ombudsman_app::access::APPEALS;
use ombudsman_domain::access::{Action as Do, Resource};

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
            "partner.create",
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
            audit::record(conn, &actor, "partner.update", "partner", id.0, diff)?;
            Ok(after)
        })
        .await?;
    Ok(http::with_etag(
        StatusCode::OK,
        partner.version,
        &PartnerView::from(partner),
    ))
}

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
    let caller = principal.caller();
    caller.require(&APPEALS, Do::Change)?;
    let appeal_id = id.into_inner();
    let request = body.0;
    let r = request.clone();
    let today = today();
    let p = principal.clone();
    http::create(&state, &principal, &req, &request, move |conn| {
        let appeal = caller.lock_appeal(conn, Do::Change, appeal_id)?;
        let mut errors = Errors::new();
        let partner = match partners::find(conn, r.partner_id) {
            Ok(partner) if partner.is_active => Some(partner),
            Ok(_) => {
                errors.push(FieldError::new(
                    "partner_id",
                    "inactive_partner",
                    "the partner is inactive and takes no new referrals",
                ));
                None
            }
            Err(DbError::NotFound) => {
                errors.push(FieldError::new(
                    "partner_id",
                    "unknown_partner",
                    "no partner has this id",
                ));
                None
            }
            Err(other) => return Err(other.into()),
        };
        let input = ReferralInput {
            direction: r.direction,
            referred_on: r.referred_on,
            partner_reference: r.partner_reference.as_deref(),
            note: r.note.as_deref(),
        };
        let referral = errors.take(NewReferral::parse(&input, appeal.received_on, today));
        errors.finish()?;
        let (Some(partner), Some(referral)) = (partner, referral) else {
            return Err(ApiError::Internal("validated fields missing".into()));
        };
        let row = partners::insert_referral(
            conn,
            &partners::NewReferralRow {
                id: ReferralId::new(),
                appeal_id,
                partner_id: partner.id,
                direction: referral.direction,
                referred_on: referral.referred_on,
                partner_reference: referral.partner_reference.as_deref(),
                note: referral.note.as_deref(),
                created_by: Some(p.user_id),
            },
        )?;
        let data = serde_json::json!({
            "referral_id": row.id, "partner_id": partner.id, "partner_name": partner.name,
            "partner_reference": row.partner_reference, "direction": row.direction, "referred_on": row.referred_on,
        });
        appeals::add_event(
            conn,
            appeal_id,
            Some(p.user_id),
            row.direction.event_kind(),
            row.note.as_deref(),
            data.clone(),
        )?;
        audit::record(conn, &p.actor(), "appeal.referral", "appeal", appeal_id.0, data)?;
        Ok(Created {
            location: format!("/api/v1/referrals/{}", row.id),
            body: http::to_json(&ReferralView::from((row, partner.name)))?,
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
    #[schema(min_length = 1, max_length = 20000)]
    pub answer_summary: Option<String>,
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
    let caller = principal.caller();
    caller.require(&APPEALS, Do::Change)?;
    let id = id.into_inner();
    let expected = http::if_match(&req)?;
    let body = body.0;
    if body.answered_on.is_none() && body.answer_summary.is_none() {
        return Err(ApiError::field("", "empty_update", "name at least one field to change"));
    }
    let today = today();
    let p = principal.clone();
    let answered = state
        .tx(move |conn| {
            let (before, partner_name) = partners::find_referral(conn, id)?;
            caller.lock_appeal(conn, Do::Change, before.appeal_id)?;
            if before.version != expected {
                return Err(ApiError::PreconditionFailed);
            }
            let answered_on = body.answered_on.or(before.answered_on).unwrap_or(today);
            let summary = body
                .answer_summary
                .as_deref()
                .or(before.answer_summary.as_deref())
                .unwrap_or("");
            let summary = parse_answer(answered_on, summary, before.referred_on, today)?;
            let after = partners::answer_referral(conn, id, expected, answered_on, &summary)?;
            let data = serde_json::json!({
                "referral_id": after.id, "partner_id": after.partner_id, "partner_name": partner_name,
                "partner_reference": after.partner_reference, "direction": after.direction,
                "answered_on": answered_on, "corrected": before.answered_on.is_some(),
            });
            appeals::add_event(
                conn,
                after.appeal_id,
                Some(p.user_id),
                "partner_answered",
                Some(&summary),
                data.clone(),
            )?;
            audit::record(
                conn,
                &p.actor(),
                "appeal.referral_answer",
                "appeal",
                after.appeal_id.0,
                data,
            )?;
            Ok((after, partner_name))
        })
        .await?;
    Ok(http::with_etag(
        StatusCode::OK,
        answered.0.version,
        &ReferralView::from(answered),
    ))
}
