//! `/api/v1/compensations`: the money recovered for people, recorded by case staff.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use ombudsman_db::impact::{self, Compensation, CompensationFilter};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::ids::{AppealId, ApplicantId, CompensationId, ImpactMeasureId};
use ombudsman_domain::impact::{format_minor, validate_compensation, CompensationInput, CompensationKind};
use serde::{Deserialize, Serialize};

use ombudsman_app::impact::{compensation, record_compensation, RecordCompensation};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page};
use crate::state::{today, AppState};

/// A new compensation record.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCompensation {
    /// Amount in minor units (tiyin for UZS): 1,250,000.00 UZS is `125000000`. A whole number.
    #[schema(minimum = 1, maximum = 1_000_000_000_000_000_i64)]
    pub amount_minor: i64,
    /// ISO 4217 code; `UZS` when absent.
    pub currency: Option<String>,
    /// `wage_arrears`, `pension`, `benefit`, `damages`, `refund` or `other`.
    pub kind: CompensationKind,
    /// The body that paid.
    #[schema(min_length = 1, max_length = 500)]
    pub paid_by: String,
    /// When the money was recovered (not in the future).
    pub recovered_on: NaiveDate,
    /// The appeal it came from.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub appeal_id: Option<AppealId>,
    /// The impact measure it came from.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub impact_measure_id: Option<ImpactMeasureId>,
    /// The beneficiary; by default the applicant of the appeal (or of the measure's only appeal).
    #[schema(value_type = Option<uuid::Uuid>)]
    pub applicant_id: Option<ApplicantId>,
    /// A note.
    pub note: Option<String>,
}

/// A compensation record with its amount also in major units.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CompensationView {
    /// The stored fields.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub compensation: Compensation,
    /// The amount in major units as a decimal string, e.g. `"1250000.00"` (for display only).
    pub amount: String,
}

/// The views of compensation records as the caller may see them: the beneficiary only when the
/// caller sees their identity, the appeal only when they may see it.
pub fn compensation_views(
    conn: &mut diesel::PgConnection,
    p: &Principal,
    rows: Vec<Compensation>,
) -> Result<Vec<CompensationView>, ApiError> {
    let caller = p.caller();
    let applicant_ids: Vec<ApplicantId> = rows.iter().filter_map(|c| c.applicant_id).collect();
    let identities = ombudsman_app::identity::identities(conn, &caller, &applicant_ids)?;
    let appeal_ids: Vec<AppealId> = rows.iter().filter_map(|c| c.appeal_id).collect();
    let visible = caller.visible_appeals(conn, &appeal_ids)?;
    Ok(rows
        .into_iter()
        .map(|mut c| {
            c.applicant_id = c.applicant_id.filter(|a| identities.shown(*a));
            c.appeal_id = c.appeal_id.filter(|a| visible.contains(a));
            CompensationView::from(c)
        })
        .collect())
}

impl From<Compensation> for CompensationView {
    fn from(c: Compensation) -> Self {
        Self {
            amount: format_minor(c.amount_minor, &c.currency),
            compensation: c,
        }
    }
}

/// Records compensation recovered for an applicant (case staff).
#[utoipa::path(tag = "compensation", request_body = CreateCompensation, security(("bearer" = [])), responses(
    (status = 201, body = CompensationView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[post("/compensations")]
pub async fn create_compensation(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    body: JsonBody<CreateCompensation>,
) -> Result<HttpResponse, ApiError> {
    compensation::may_record(&principal)?;
    let cmd = RecordCompensation::try_from(&body.0)?;
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let saved = record_compensation(conn, &p, cmd)?;
        let view = compensation_views(conn, &p, vec![saved])?.remove(0);
        Ok(Created {
            location: format!("/api/v1/compensations/{}", view.compensation.id),
            body: http::to_json(&view)?,
        })
    })
    .await
}

impl TryFrom<&CreateCompensation> for RecordCompensation {
    type Error = ApiError;

    /// Checks the amount, currency, payer and date (today's), naming every wrong field.
    fn try_from(b: &CreateCompensation) -> Result<Self, ApiError> {
        let input = CompensationInput {
            amount_minor: b.amount_minor,
            currency: b.currency.clone(),
            paid_by: b.paid_by.clone(),
            recovered_on: b.recovered_on,
            has_source: b.appeal_id.is_some() || b.impact_measure_id.is_some(),
        };
        Ok(RecordCompensation {
            valid: validate_compensation(&input, today())?,
            kind: b.kind,
            recovered_on: b.recovered_on,
            appeal_id: b.appeal_id,
            impact_measure_id: b.impact_measure_id,
            applicant_id: b.applicant_id,
            note: b
                .note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
        })
    }
}

/// Filters of the compensation list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CompensationQuery {
    /// From this appeal.
    #[param(value_type = Option<uuid::Uuid>)]
    pub appeal_id: Option<AppealId>,
    /// Through this measure.
    #[param(value_type = Option<uuid::Uuid>)]
    pub impact_measure_id: Option<ImpactMeasureId>,
    /// For this applicant.
    #[param(value_type = Option<uuid::Uuid>)]
    pub applicant_id: Option<ApplicantId>,
    /// Currency.
    pub currency: Option<String>,
    /// Kind.
    pub kind: Option<CompensationKind>,
    /// Recovered on or after.
    pub recovered_from: Option<NaiveDate>,
    /// Recovered on or before.
    pub recovered_to: Option<NaiveDate>,
    /// Page size.
    pub limit: Option<i64>,
    /// Cursor.
    pub cursor: Option<String>,
}

/// Compensation records, newest first.
#[utoipa::path(tag = "compensation", params(CompensationQuery), security(("bearer" = [])), responses(
    (status = 200, description = "A page of compensation records"), (status = 400, body = crate::error::Problem)))]
#[get("/compensations")]
pub async fn list_compensations(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::extract::Query<CompensationQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = principal.caller().measure_scope(Resource::Compensation, Do::Read)?;
    let q = query.into_inner();
    let currency = match q.currency {
        Some(c) => Some(ombudsman_domain::impact::parse_currency("currency", &c)?),
        None => None,
    };
    let (limit, before) = crate::http::page::<CompensationId>(q.limit, q.cursor)?;
    let filter = CompensationFilter {
        appeal_id: q.appeal_id,
        impact_measure_id: q.impact_measure_id,
        applicant_id: q.applicant_id,
        currency,
        kind: q.kind,
        recovered_from: q.recovered_from,
        recovered_to: q.recovered_to,
    };
    let p = principal.clone();
    let rows = state
        .db(move |conn| {
            let rows = impact::list_compensations(conn, &scope, &filter, before, limit + 1)?;
            compensation_views(conn, &p, rows)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, limit, |c| c.compensation.id, |c| c)))
}

/// One compensation record.
#[utoipa::path(tag = "compensation", security(("bearer" = [])), responses(
    (status = 200, body = CompensationView), (status = 404, body = crate::error::Problem)))]
#[get("/compensations/{id}")]
pub async fn get_compensation(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<CompensationId>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&[Resource::Compensation], Do::Read)?;
    let id = id.into_inner();
    let p = principal.clone();
    let view = state
        .db(move |conn| {
            let c = caller.compensation(conn, id)?;
            Ok(compensation_views(conn, &p, vec![c])?.remove(0))
        })
        .await?;
    let version = view.compensation.version;
    Ok(http::with_etag(StatusCode::OK, version, &view))
}
