//! `/api/v1/impact-measures` and `/api/v1/compensations`: what the office files with state bodies
//! and what it recovers for people. Access follows the appeals: office scope (every office for
//! central-office managers and auditors), 404 for what the caller may not see; managers issue
//! measures, case staff record answers and compensation.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use ombudsman_db::impact::{self, LinkedAppeal, Measure, MeasureFilter, MeasureScope};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::ids::{AppealId, ImpactMeasureId, StateBodyId, VisitId};
use ombudsman_domain::impact::{next_statuses, MeasureKind, MeasureStatus};
use ombudsman_domain::language::Language;
use ombudsman_domain::office::parse_name;
use serde::{Deserialize, Serialize};

use ombudsman_app::impact::{correct_measure, issue_measure, measures, CorrectMeasure, IssueMeasure, MoveMeasure};
use ombudsman_app::Context;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page};
use crate::routes::state_bodies::{language, StateBodyRef};
use crate::state::{today, AppState};

mod compensations;
pub use compensations::*;
mod corrections;
pub use corrections::*;

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
    /// The addressee's body of the directory (`addressee_body_id`), named in the language of
    /// `Accept-Language`.
    pub addressee_body: Option<StateBodyRef>,
}

fn measure_view(
    conn: &mut diesel::PgConnection,
    p: &Principal,
    lang: Language,
    m: Measure,
) -> Result<MeasureView, ApiError> {
    measure_views(conn, p, lang, vec![m])?
        .pop()
        .ok_or_else(|| ApiError::Internal("a measure has no view".into()))
}

/// The views of a page of measures in a fixed number of queries: their links, which of the
/// linked appeals the caller may see, their money and their addressees' bodies.
fn measure_views(
    conn: &mut diesel::PgConnection,
    p: &Principal,
    lang: Language,
    rows: Vec<Measure>,
) -> Result<Vec<MeasureView>, ApiError> {
    let addressees: Vec<StateBodyId> = rows.iter().filter_map(|m| m.addressee_body_id).collect();
    let bodies = ombudsman_db::state_bodies::find_all(conn, &addressees)?;
    let ids: Vec<ImpactMeasureId> = rows.iter().map(|m| m.id).collect();
    let mut linked = impact::linked_appeals_of(conn, &ids)?;
    let mut cited: Vec<AppealId> = linked.values().flatten().map(|a| a.id).collect();
    cited.sort();
    cited.dedup();
    let visible = p.caller().visible_appeals(conn, &cited)?;
    let mut totals = impact::totals_for_measures(conn, &ids)?;
    let today = today();
    Ok(rows
        .into_iter()
        .map(|m| {
            let appeals: Vec<LinkedAppeal> = linked
                .remove(&m.id)
                .unwrap_or_default()
                .into_iter()
                .filter(|a| visible.contains(&a.id))
                .collect();
            MeasureView {
                response_overdue: m.status.awaits_response() && m.response_due_on.is_some_and(|d| d < today),
                allowed_statuses: next_statuses(m.kind, m.status).to_vec(),
                compensation_total_minor: totals.remove(&m.id).unwrap_or_default(),
                addressee_body: m
                    .addressee_body_id
                    .and_then(|id| bodies.iter().find(|b| b.id == id))
                    .map(|b| StateBodyRef::new(b, lang)),
                appeals,
                measure: m,
            }
        })
        .collect())
}

/// A new impact measure.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateMeasure {
    /// `submission`, `demand`, `lawsuit`, `conclusion`, `recommendation` or `other`.
    pub kind: MeasureKind,
    /// The state body it is addressed to, as written; when it is a name of one body of the
    /// directory (in either Uzbek script, Russian or English), the measure links to that body.
    #[schema(min_length = 1, max_length = 500)]
    pub addressee: String,
    /// The addressee's body in the directory (`/state-bodies`), when known: the link, whatever
    /// `addressee` says.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub addressee_body_id: Option<StateBodyId>,
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
    measures::may_issue(&principal)?;
    let today = today();
    let cmd = parse_measure(&body.0, today)?;
    let (p, mail_domain) = (principal.clone(), state.settings.mail_domain.clone());
    let lang = language(&req);
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let measure = issue_measure(
            conn,
            &p,
            cmd,
            Context {
                today,
                mail_domain: &mail_domain,
            },
        )?;
        let view = measure_view(conn, &p, lang, measure)?;
        Ok(Created {
            location: format!("/api/v1/impact-measures/{}", view.measure.id),
            body: http::to_json(&view)?,
        })
    })
    .await
}

/// Parses a new measure, naming every wrong field.
fn parse_measure(b: &CreateMeasure, today: NaiveDate) -> Result<IssueMeasure, ApiError> {
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
    // An appeal named twice is cited once (in the order first named).
    let mut appeal_ids: Vec<AppealId> = Vec::with_capacity(b.appeal_ids.len());
    for id in &b.appeal_ids {
        if !appeal_ids.contains(id) {
            appeal_ids.push(*id);
        }
    }
    Ok(IssueMeasure {
        kind: b.kind,
        addressee: addressee.unwrap_or_default(),
        addressee_body_id: b.addressee_body_id,
        issued_on: b.issued_on,
        appeal_ids,
        visit_id: b.visit_id.map(VisitId),
        summary: summary.unwrap_or_default(),
        response_due_on: b.response_due_on,
    })
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
    req: HttpRequest,
    query: crate::extract::Query<MeasureQuery>,
) -> Result<HttpResponse, ApiError> {
    let lang = language(&req);
    let scope = measure_scope(&principal)?;
    let q = query.into_inner();
    let (limit, before) = crate::http::page::<ImpactMeasureId>(q.limit, q.cursor)?;
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
            let views = measure_views(conn, &p, lang, rows)?;
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
    req: HttpRequest,
    id: web::Path<ImpactMeasureId>,
) -> Result<HttpResponse, ApiError> {
    let lang = language(&req);
    let caller = principal.caller();
    caller.require(&[Resource::ImpactMeasure], Do::Read)?;
    let id = id.into_inner();
    let p = principal.clone();
    let view = state
        .db(move |conn| {
            let m = caller.measure(conn, Do::Read, id)?;
            measure_view(conn, &p, lang, m)
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
    measures::may_move(&principal)?;
    let expected = http::if_match_sent(&req)?;
    let cmd = body.0.command(id.into_inner(), expected);
    let p = principal.clone();
    let lang = language(&req);
    let view = state
        .use_case(move |conn, ctx| {
            let updated = measures::move_measure(conn, &p, &cmd, ctx)?;
            measure_view(conn, &p, lang, updated)
        })
        .await?;
    Ok(http::with_etag(StatusCode::OK, view.measure.version, &view))
}

impl MeasureMove {
    /// The command for the measure, given the version the caller saw.
    fn command(self, measure: ImpactMeasureId, expected_version: Option<i32>) -> MoveMeasure {
        MoveMeasure {
            measure,
            expected_version,
            status: self.status,
            response_received_on: self.response_received_on,
            response_summary: self.response_summary,
            decided_on: self.decided_on,
            note: self.note,
        }
    }
}

/// Changes to a measure's text and due date; send the ETag in `If-Match`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeasure {
    /// The state body, as written (linked to the directory by its folded name unless
    /// `addressee_body_id` is given).
    #[schema(min_length = 1, max_length = 500)]
    pub addressee: Option<String>,
    /// The addressee's body in the directory.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub addressee_body_id: Option<StateBodyId>,
    /// What the office asks for.
    #[schema(min_length = 1, max_length = 10000)]
    pub summary: Option<String>,
    /// When the body must answer.
    pub response_due_on: Option<NaiveDate>,
}

impl http::Patch for UpdateMeasure {
    fn names_nothing(&self) -> bool {
        self.addressee.is_none()
            && self.addressee_body_id.is_none()
            && self.summary.is_none()
            && self.response_due_on.is_none()
    }
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
    measures::may_correct(&principal)?;
    let u = body.0;
    http::require_change(&u)?;
    let cmd = CorrectMeasure {
        measure: id.into_inner(),
        expected_version: http::if_match(&req)?,
        addressee: u.addressee,
        addressee_body_id: u.addressee_body_id,
        summary: u.summary,
        response_due_on: u.response_due_on,
    };
    let p = principal.clone();
    let lang = language(&req);
    let view = state
        .use_case(move |conn, _| {
            let updated = correct_measure(conn, &p, &cmd)?;
            measure_view(conn, &p, lang, updated)
        })
        .await?;
    Ok(http::with_etag(StatusCode::OK, view.measure.version, &view))
}
