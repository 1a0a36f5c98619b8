//! `/api/v1/impact-measures` and `/api/v1/compensations`: what the office files with state bodies
//! and what it recovers for people. Access follows the appeals: office scope (every office for
//! central-office managers and auditors), 404 for what the caller may not see; managers issue
//! measures, case staff record answers and compensation.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use ombudsman_db::appeals::{self, Scope};
use ombudsman_db::impact::{
    self, Compensation, CompensationFilter, LinkedAppeal, Measure, MeasureChange, MeasureFilter, MeasureScope,
    NewCompensation, NewMeasure,
};
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_db::{applicants, audit, offices, DbError};
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::ids::{AppealId, ApplicantId, CompensationId, ImpactMeasureId};
use ombudsman_domain::impact::{
    check_move, format_minor, measure_number, next_statuses, validate_compensation, CompensationInput,
    CompensationKind, MeasureKind, MeasureStatus,
};
use ombudsman_domain::office::parse_name;
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page, PageQuery};
use crate::state::{today, AppState};
use ombudsman_domain::access::{Action as Do, Resource};

fn measure_scope(p: &Principal) -> Result<MeasureScope, ApiError> {
    Ok(p.caller().measure_scope(Resource::ImpactMeasure, Do::Read)?)
}

/// An impact measure with its appeals and the money recovered through it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeasureView {
    /// The stored fields.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub measure: Measure,
    /// Linked appeals the caller may see.
    #[schema(value_type = Vec<Object>)]
    pub appeals: Vec<LinkedAppeal>,
    /// Whether the answer is overdue today.
    pub response_overdue: bool,
    /// The statuses it may move to next.
    pub allowed_statuses: Vec<MeasureStatus>,
    /// Compensation recovered through it, per currency, in minor units.
    pub compensation_total_minor: BTreeMap<String, i128>,
}

fn measure_view(conn: &mut diesel::PgConnection, p: &Principal, m: Measure) -> Result<MeasureView, ApiError> {
    let linked = impact::linked_appeals(conn, m.id)?;
    let linked = super::appeals::visible_links(conn, p, linked, |a| a.id)?;
    let totals = impact::totals_for_measure(conn, m.id)?;
    let today = today();
    Ok(MeasureView {
        response_overdue: m.status.awaits_response() && m.response_due_on.is_some_and(|d| d < today),
        allowed_statuses: next_statuses(m.kind, m.status).to_vec(),
        measure: m,
        appeals: linked,
        compensation_total_minor: totals,
    })
}

/// A new impact measure.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateMeasure {
    /// `submission`, `demand`, `lawsuit`, `conclusion`, `recommendation` or `other`.
    pub kind: MeasureKind,
    /// The state body it is addressed to.
    #[schema(min_length = 1, max_length = 500)]
    pub addressee: String,
    /// Date issued (not in the future).
    pub issued_on: NaiveDate,
    /// The appeals it is issued for (at least one unless it follows a visit).
    #[serde(default)]
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub appeal_ids: Vec<AppealId>,
    /// The monitoring visit it follows.
    pub visit_id: Option<uuid::Uuid>,
    /// What the office asks for.
    #[schema(min_length = 1, max_length = 10000)]
    pub summary: String,
    /// When the body must answer (on or after `issued_on`).
    pub response_due_on: Option<NaiveDate>,
}

/// Issues an impact measure (managers): numbered per office, kind and year (`HQ-D-2025-0001`),
/// linked to its appeals, on their timelines, and announced to their applicants by e-mail.
#[utoipa::path(tag = "impact measures", request_body = CreateMeasure, security(("bearer" = [])), responses(
    (status = 201, body = MeasureView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[post("/impact-measures")]
pub async fn create_measure(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    body: JsonBody<CreateMeasure>,
) -> Result<HttpResponse, ApiError> {
    principal.caller().require(&[Resource::ImpactMeasure], Do::Create)?;
    let today = today();
    let b = &body.0;
    let mut errors = Errors::new();
    let addressee = errors.take(parse_name("addressee", &b.addressee, 500));
    let summary = errors.take(parse_name("summary", &b.summary, 10_000));
    errors.take(ombudsman_domain::date::check_numbered("issued_on", b.issued_on));
    if b.issued_on > today {
        errors.push(FieldError::new(
            "issued_on",
            "in_future",
            format!("cannot be after today ({today})"),
        ));
    }
    if b.response_due_on.is_some_and(|d| d < b.issued_on) {
        errors.push(FieldError::new(
            "response_due_on",
            "before_issue",
            "cannot be before issued_on",
        ));
    }
    if b.appeal_ids.is_empty() && b.visit_id.is_none() {
        errors.push(FieldError::new(
            "appeal_ids",
            "required",
            "name at least one appeal (or the monitoring visit the measure follows)",
        ));
    }
    if b.appeal_ids.len() > 500 {
        errors.push(FieldError::new("appeal_ids", "too_many", "at most 500 appeals"));
    }
    errors.finish()?;
    let (addressee, summary) = (addressee.unwrap_or_default(), summary.unwrap_or_default());
    let scope = principal.caller().appeal_scope(Do::Change)?;
    let p = principal.clone();
    let mail_domain = state.settings.mail_domain.clone();
    let (kind, issued_on, due, visit) = (b.kind, b.issued_on, b.response_due_on, b.visit_id);
    let mut ids = b.appeal_ids.clone();
    ids.dedup();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        if let Some(visit) = visit {
            let visit_scope = p.caller().visit_scope(Do::Read)?;
            match ombudsman_db::visits::find_visible(conn, &visit_scope, ombudsman_domain::ids::VisitId(visit)) {
                Ok(_) => {}
                Err(DbError::NotFound) => {
                    return Err(ApiError::field(
                        "visit_id",
                        "unknown_visit",
                        "no visit you may see has this id",
                    ))
                }
                Err(e) => return Err(e.into()),
            }
        }
        let mut linked = Vec::new();
        let mut errors = Errors::new();
        for (i, id) in ids.iter().enumerate() {
            match appeals::find_visible(conn, &scope, *id) {
                Ok(a) => linked.push(a),
                Err(DbError::NotFound) => errors.push(FieldError::new(
                    format!("appeal_ids[{i}]"),
                    "unknown_appeal",
                    "no appeal you may work on has this id",
                )),
                Err(e) => return Err(e.into()),
            }
        }
        errors.finish()?;
        let office = offices::find(conn, p.office_id)?;
        let year = chrono::Datelike::year(&issued_on);
        let series = format!("measure_{}", kind.letter().to_ascii_lowercase());
        let seq = appeals::next_number(conn, p.office_id, &series, year)?;
        let number = measure_number(&office.code, kind, year, seq);
        let measure = impact::insert(
            conn,
            &NewMeasure {
                id: ImpactMeasureId::new(),
                office_id: p.office_id,
                number: &number,
                year,
                seq,
                kind,
                addressee: &addressee,
                issued_on,
                summary: &summary,
                response_due_on: due,
                visit_id: visit,
                issued_by: Some(p.user_id),
            },
            &ids,
        )?;
        let data = serde_json::json!({
            "impact_measure_id": measure.id, "number": number, "kind": kind, "addressee": addressee,
        });
        for a in &linked {
            appeals::add_event(conn, a.id, Some(p.user_id), "impact_measure_issued", None, data.clone())?;
            let applicant = a.applicant_id.map(|id| applicants::find(conn, id)).transpose()?;
            if let Some((email, language)) = applicant.and_then(|ap| ap.email.map(|e| (e, ap.language))) {
                outbox::enqueue(
                    conn,
                    &NewMessage {
                        kind: "impact_measure_issued".into(),
                        recipient: email,
                        language,
                        payload: serde_json::json!({
                            "number": a.number, "measure": number, "kind": kind, "addressee": addressee,
                            "issued_on": issued_on,
                        }),
                        dedupe_key: Some(format!("impact_measure_issued:{}:{}", measure.id, a.id)),
                    },
                    &mail_domain,
                )?;
            }
        }
        audit::record(
            conn,
            &p.actor(),
            "impact_measure.create",
            "impact_measure",
            measure.id.0,
            serde_json::json!({"number": number, "kind": kind, "addressee": addressee, "appeal_ids": ids,
                               "issued_on": issued_on, "response_due_on": due}),
        )?;
        let view = measure_view(conn, &p, measure)?;
        Ok(Created {
            location: format!("/api/v1/impact-measures/{}", view.measure.id),
            body: http::to_json(&view)?,
        })
    })
    .await
}

/// Filters of the measure list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MeasureQuery {
    /// Kind.
    pub kind: Option<MeasureKind>,
    /// Status.
    pub status: Option<MeasureStatus>,
    /// `true`: still waiting for an answer that was due before today.
    pub overdue: Option<bool>,
    /// Linked to this appeal.
    #[param(value_type = Option<uuid::Uuid>)]
    pub appeal_id: Option<AppealId>,
    /// Issued on or after.
    pub issued_from: Option<NaiveDate>,
    /// Issued on or before.
    pub issued_to: Option<NaiveDate>,
    /// Addressee contains.
    pub addressee: Option<String>,
    /// Page size.
    pub limit: Option<i64>,
    /// Cursor.
    pub cursor: Option<String>,
}

/// Impact measures, newest first.
#[utoipa::path(tag = "impact measures", params(MeasureQuery), security(("bearer" = [])), responses(
    (status = 200, description = "A page of measures"), (status = 400, body = crate::error::Problem)))]
#[get("/impact-measures")]
pub async fn list_measures(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::extract::Query<MeasureQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = measure_scope(&principal)?;
    let q = query.into_inner();
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let before: Option<ImpactMeasureId> = page.cursor()?;
    let filter = MeasureFilter {
        kind: q.kind,
        status: q.status,
        overdue_as_of: q.overdue.filter(|o| *o).map(|_| today()),
        appeal_id: q.appeal_id,
        issued_from: q.issued_from,
        issued_to: q.issued_to,
        addressee: q.addressee.filter(|a| !a.trim().is_empty()),
    };
    let p = principal.clone();
    let page = state
        .db(move |conn| {
            let rows = impact::list(conn, &scope, &filter, before, limit + 1)?;
            let mut views = Vec::with_capacity(rows.len());
            for m in rows {
                views.push(measure_view(conn, &p, m)?);
            }
            Ok(Page::from_rows(views, limit, |v| v.measure.id, |v| v))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One impact measure.
#[utoipa::path(tag = "impact measures", security(("bearer" = [])), responses(
    (status = 200, body = MeasureView), (status = 404, body = crate::error::Problem)))]
#[get("/impact-measures/{id}")]
pub async fn get_measure(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ImpactMeasureId>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&[Resource::ImpactMeasure], Do::Read)?;
    let id = id.into_inner();
    let p = principal.clone();
    let view = state
        .db(move |conn| {
            let m = caller.measure(conn, Do::Read, id)?;
            measure_view(conn, &p, m)
        })
        .await?;
    Ok(http::with_etag(StatusCode::OK, view.measure.version, &view))
}

/// A move of a measure: the body's answer, the implementation, the court.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureMove {
    /// The new status.
    pub status: MeasureStatus,
    /// For `response_received`: when the answer came (default today).
    pub response_received_on: Option<NaiveDate>,
    /// For `response_received`: what the body answered (required).
    pub response_summary: Option<String>,
    /// For the final statuses: when (default today).
    pub decided_on: Option<NaiveDate>,
    /// A note for the linked appeals' timelines.
    pub note: Option<String>,
}

/// Moves a measure along its lifecycle (case staff); 409 with the allowed statuses otherwise.
/// `If-Match` is honoured when sent.
#[utoipa::path(tag = "impact measures", request_body = MeasureMove, security(("bearer" = [])), responses(
    (status = 200, body = MeasureView), (status = 404, body = crate::error::Problem),
    (status = 409, body = crate::error::Problem), (status = 412, body = crate::error::Problem)))]
#[post("/impact-measures/{id}/transitions")]
pub async fn move_measure(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<ImpactMeasureId>,
    body: JsonBody<MeasureMove>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&[Resource::ImpactMeasure], Do::Move)?;
    let expected = match req.headers().get(actix_web::http::header::IF_MATCH) {
        Some(_) => Some(http::if_match(&req)?),
        None => None,
    };
    let id = id.into_inner();
    let p = principal.clone();
    let mv = body.0;
    let today = today();
    let view = state
        .tx(move |conn| {
            let m = caller.lock_measure(conn, Do::Move, id)?;
            if expected.is_some_and(|v| v != m.version) {
                return Err(ApiError::PreconditionFailed);
            }
            check_move(m.kind, m.status, mv.status)?;
            let mut change = MeasureChange {
                status: mv.status,
                response_received_on: m.response_received_on,
                response_summary: m.response_summary.clone(),
                decided_on: m.decided_on,
            };
            let mut errors = Errors::new();
            let date_field = |errors: &mut Errors, field: &str, d: NaiveDate| {
                if d > today {
                    errors.push(FieldError::new(
                        field,
                        "in_future",
                        format!("cannot be after today ({today})"),
                    ));
                }
                if d < m.issued_on {
                    errors.push(FieldError::new(
                        field,
                        "before_issue",
                        "cannot be before the measure was issued",
                    ));
                }
            };
            if mv.status == MeasureStatus::ResponseReceived {
                let on = mv.response_received_on.unwrap_or(today);
                date_field(&mut errors, "response_received_on", on);
                let summary = mv.response_summary.as_deref().map(str::trim).unwrap_or("");
                if summary.is_empty() {
                    errors.push(FieldError::new(
                        "response_summary",
                        "required",
                        "what did the body answer?",
                    ));
                }
                change.response_received_on = Some(on);
                change.response_summary = Some(summary.to_owned());
            } else if mv.status.is_final() {
                let on = mv.decided_on.unwrap_or(today);
                date_field(&mut errors, "decided_on", on);
                change.decided_on = Some(on);
            }
            errors.finish()?;
            let updated = impact::apply(conn, id, &change)?;
            let note = mv.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
            let data = serde_json::json!({
                "impact_measure_id": id, "number": m.number, "from": m.status, "to": mv.status,
                "response_summary": change.response_summary,
            });
            for a in impact::linked_appeals(conn, id)? {
                appeals::add_event(
                    conn,
                    a.id,
                    Some(p.user_id),
                    "impact_measure_updated",
                    note,
                    data.clone(),
                )?;
            }
            audit::record(conn, &p.actor(), "impact_measure.move", "impact_measure", id.0, data)?;
            measure_view(conn, &p, updated)
        })
        .await?;
    Ok(http::with_etag(StatusCode::OK, view.measure.version, &view))
}

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
    principal.caller().require(&[Resource::Compensation], Do::Create)?;
    let b = &body.0;
    let valid = validate_compensation(
        &CompensationInput {
            amount_minor: b.amount_minor,
            currency: b.currency.clone(),
            paid_by: b.paid_by.clone(),
            recovered_on: b.recovered_on,
            has_source: b.appeal_id.is_some() || b.impact_measure_id.is_some(),
        },
        today(),
    )?;
    let appeal_scope: Scope = principal.caller().appeal_scope(Do::Change)?;
    let scope = measure_scope(&principal)?;
    let p = principal.clone();
    let (appeal_id, measure_id, applicant_id, kind, recovered_on) =
        (b.appeal_id, b.impact_measure_id, b.applicant_id, b.kind, b.recovered_on);
    let note = b
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let appeal = match appeal_id {
            Some(id) => Some(appeals::find_visible(conn, &appeal_scope, id).map_err(|e| match e {
                DbError::NotFound => {
                    ApiError::field("appeal_id", "unknown_appeal", "no appeal you may work on has this id")
                }
                other => other.into(),
            })?),
            None => None,
        };
        let measure = match measure_id {
            Some(id) => Some(impact::find_visible(conn, &scope, id).map_err(|e| match e {
                DbError::NotFound => ApiError::field(
                    "impact_measure_id",
                    "unknown_measure",
                    "no impact measure you may see has this id",
                ),
                other => other.into(),
            })?),
            None => None,
        };
        let linked = match &measure {
            Some(m) => impact::linked_appeals(conn, m.id)?,
            None => vec![],
        };
        if let (Some(a), Some(_)) = (&appeal, &measure) {
            if !linked.iter().any(|l| l.id == a.id) {
                return Err(ApiError::field(
                    "impact_measure_id",
                    "not_linked",
                    "the measure was not issued for this appeal",
                ));
            }
        }
        // Who may benefit: the applicant of the appeal, or of one of the measure's appeals.
        let candidates: Vec<ApplicantId> = match &appeal {
            Some(a) => a.applicant_id.into_iter().collect(),
            None => {
                let ids: Vec<AppealId> = linked.iter().map(|l| l.id).collect();
                let mut c = Vec::new();
                for id in appeals::visible_ids(conn, &appeal_scope, &ids)? {
                    if let Some(x) = appeals::find(conn, id)?.applicant_id {
                        if !c.contains(&x) {
                            c.push(x);
                        }
                    }
                }
                c
            }
        };
        let beneficiary = match applicant_id {
            Some(x) if candidates.contains(&x) => Some(x),
            Some(_) => {
                return Err(ApiError::field(
                    "applicant_id",
                    "not_an_applicant",
                    "the beneficiary must be the applicant of the appeal (or of an appeal of the measure)",
                ))
            }
            None if candidates.len() == 1 => Some(candidates[0]),
            None if candidates.is_empty() => None,
            None => {
                return Err(ApiError::field(
                    "applicant_id",
                    "required",
                    "the measure concerns several applicants: name the beneficiary",
                ))
            }
        };
        let office_id = appeal
            .as_ref()
            .map(|a| a.office_id)
            .or(measure.as_ref().map(|m| m.office_id))
            .unwrap_or(p.office_id);
        let saved = impact::insert_compensation(
            conn,
            &NewCompensation {
                id: CompensationId::new(),
                office_id,
                amount_minor: valid.amount_minor,
                currency: &valid.currency,
                kind,
                paid_by: &valid.paid_by,
                recovered_on,
                applicant_id: beneficiary,
                appeal_id: appeal.as_ref().map(|a| a.id),
                impact_measure_id: measure.as_ref().map(|m| m.id),
                note: note.as_deref(),
                recorded_by: Some(p.user_id),
            },
        )?;
        let data = serde_json::json!({
            "compensation_id": saved.id, "amount_minor": saved.amount_minor, "currency": saved.currency,
            "kind": kind, "paid_by": saved.paid_by, "recovered_on": recovered_on,
            "impact_measure_id": saved.impact_measure_id,
        });
        let mut on_timeline: Vec<AppealId> = appeal.iter().map(|a| a.id).collect();
        if on_timeline.is_empty() {
            on_timeline = linked.iter().map(|l| l.id).collect();
        }
        for a in on_timeline {
            appeals::add_event(conn, a, Some(p.user_id), "compensation_recorded", None, data.clone())?;
        }
        audit::record(
            conn,
            &p.actor(),
            "compensation.create",
            "compensation",
            saved.id.0,
            data,
        )?;
        let view = compensation_views(conn, &p, vec![saved])?.remove(0);
        Ok(Created {
            location: format!("/api/v1/compensations/{}", view.compensation.id),
            body: http::to_json(&view)?,
        })
    })
    .await
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
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let before: Option<CompensationId> = page.cursor()?;
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

/// Changes to a measure's text and due date; send the ETag in `If-Match`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeasure {
    /// The state body.
    #[schema(min_length = 1, max_length = 500)]
    pub addressee: Option<String>,
    /// What the office asks for.
    #[schema(min_length = 1, max_length = 10000)]
    pub summary: Option<String>,
    /// When the body must answer.
    pub response_due_on: Option<NaiveDate>,
}

/// Corrects a measure (managers): addressee, summary, response due date. Needs `If-Match`.
#[utoipa::path(tag = "impact measures", request_body = UpdateMeasure, security(("bearer" = [])), responses(
    (status = 200, body = MeasureView), (status = 404, body = crate::error::Problem),
    (status = 412, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
#[patch("/impact-measures/{id}")]
pub async fn update_measure(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<ImpactMeasureId>,
    body: JsonBody<UpdateMeasure>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&[Resource::ImpactMeasure], Do::Change)?;
    let expected = http::if_match(&req)?;
    let id = id.into_inner();
    let p = principal.clone();
    let u = body.0;
    if u.addressee.is_none() && u.summary.is_none() && u.response_due_on.is_none() {
        return Err(ApiError::field("", "empty_update", "name at least one field to change"));
    }
    let view = state
        .tx(move |conn| {
            let m = caller.lock_measure(conn, Do::Change, id)?;
            if m.version != expected {
                return Err(ApiError::PreconditionFailed);
            }
            let mut errors = Errors::new();
            let addressee = u
                .addressee
                .as_deref()
                .and_then(|a| errors.take(parse_name("addressee", a, 500)));
            let summary = u
                .summary
                .as_deref()
                .and_then(|s| errors.take(parse_name("summary", s, 10_000)));
            if u.response_due_on.is_some_and(|d| d < m.issued_on) {
                errors.push(FieldError::new(
                    "response_due_on",
                    "before_issue",
                    "cannot be before issued_on",
                ));
            }
            errors.finish()?;
            let updated =
                impact::update_details(conn, id, addressee.as_deref(), summary.as_deref(), u.response_due_on)?;
            audit::record(
                conn,
                &p.actor(),
                "impact_measure.update",
                "impact_measure",
                id.0,
                audit::diff(&http::to_json(&m)?, &http::to_json(&updated)?),
            )?;
            measure_view(conn, &p, updated)
        })
        .await?;
    Ok(http::with_etag(StatusCode::OK, view.measure.version, &view))
}
