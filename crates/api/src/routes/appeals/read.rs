//! Finding appeals: the filtered list with full-text search, one appeal, its deadline, and an
//! applicant's history.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::appeals::{self, Appeal, Cursor, Filter, Scope};
use ombudsman_db::applicants::{self, Applicant};
use ombudsman_domain::appeal::{ApplicantKind, Category, Channel, Status};
use ombudsman_domain::deadline::Explanation;
use ombudsman_domain::ids::{AppealId, ApplicantId, UserId};
use ombudsman_domain::office::Region;
use ombudsman_domain::search::query_terms;
use serde::{Deserialize, Serialize};

use super::access::{read_scope, sees_identity};
use super::deadline::explain_appeal;
use super::views::{AppealView, ApplicantView};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::http::{self, Page, PageQuery};
use crate::state::{today, AppState};

/// Filters of the appeal list; all combine.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AppealQuery {
    /// Status.
    pub status: Option<Status>,
    /// Region.
    pub region: Option<Region>,
    /// Channel.
    pub channel: Option<Channel>,
    /// Rights category.
    pub category: Option<Category>,
    /// Applicant kind.
    pub applicant_kind: Option<ApplicantKind>,
    /// Assigned officer.
    pub assigned_to: Option<UserId>,
    /// `true`: open appeals past their due date.
    pub overdue: Option<bool>,
    /// Received on or after (YYYY-MM-DD).
    pub received_from: Option<NaiveDate>,
    /// Received on or before.
    pub received_to: Option<NaiveDate>,
    /// Words to find in subject and description, in any script (Latin or Cyrillic).
    pub q: Option<String>,
    /// Page size (1-200, default 50).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Attaches applicants to appeals with one query.
pub fn with_applicants(
    conn: &mut PgConnection,
    rows: Vec<Appeal>,
) -> Result<Vec<(Appeal, Option<Applicant>)>, ApiError> {
    let ids: Vec<ApplicantId> = rows.iter().filter_map(|a| a.applicant_id).collect();
    let found = applicants::find_many(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|a| {
            let applicant = a.applicant_id.and_then(|id| found.iter().find(|x| x.id == id).cloned());
            (a, applicant)
        })
        .collect())
}

/// Lists the appeals the caller may see, newest received first.
#[utoipa::path(tag = "appeals", params(AppealQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<AppealView>), (status = 400, body = crate::error::Problem)))]
#[get("/appeals")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::extract::Query<AppealQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = read_scope(&principal)?;
    let q = query.into_inner();
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor.clone(),
    };
    let limit = page.limit()?;
    let after: Option<Cursor> = page.cursor()?;
    if let (Some(from), Some(to)) = (q.received_from, q.received_to) {
        if from > to {
            return Err(ApiError::field(
                "received_from",
                "invalid_range",
                "must not be after received_to",
            ));
        }
    }
    let today = today();
    let terms = q.q.as_deref().map(query_terms).unwrap_or_default();
    if q.q.as_deref().is_some_and(|s| !s.trim().is_empty()) && terms.is_empty() {
        return Err(ApiError::field(
            "q",
            "too_short",
            "search words need at least 2 letters",
        ));
    }
    let filter = Filter {
        status: q.status,
        region: q.region,
        channel: q.channel,
        category: q.category,
        applicant_kind: q.applicant_kind,
        applicant_id: None,
        assigned_to: q.assigned_to,
        overdue_as_of: q.overdue.filter(|o| *o).map(|_| today),
        received_from: q.received_from,
        received_to: q.received_to,
        terms,
    };
    let rows = state
        .db(move |conn| {
            let rows = appeals::list(conn, &scope, &filter, after, limit + 1)?;
            with_applicants(conn, rows)
        })
        .await?;
    let page = Page::from_rows(
        rows,
        limit,
        |(a, _)| Cursor {
            r: a.received_on,
            i: a.id,
        },
        |(a, ap)| AppealView::new(a, ap, &principal, today),
    );
    Ok(HttpResponse::Ok().json(page))
}

/// Loads one visible appeal with its applicant.
pub fn load(conn: &mut PgConnection, scope: &Scope, id: AppealId) -> Result<(Appeal, Option<Applicant>), ApiError> {
    let appeal = appeals::find_visible(conn, scope, id)?;
    let applicant = appeal.applicant_id.map(|a| applicants::find(conn, a)).transpose()?;
    Ok((appeal, applicant))
}

/// One appeal.
#[utoipa::path(tag = "appeals", security(("bearer" = [])), responses(
    (status = 200, body = AppealView), (status = 404, body = crate::error::Problem)))]
#[get("/appeals/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AppealId>,
) -> Result<HttpResponse, ApiError> {
    let scope = read_scope(&principal)?;
    let id = id.into_inner();
    let (appeal, applicant, measures, totals) = state
        .db(move |conn| {
            let (appeal, applicant) = load(conn, &scope, id)?;
            let measures = ombudsman_db::impact::for_appeal(conn, id)?;
            let totals = ombudsman_db::impact::totals_for_appeal(conn, id)?;
            Ok((appeal, applicant, measures, totals))
        })
        .await?;
    let version = appeal.version;
    let mut view = AppealView::new(appeal, applicant, &principal, today());
    view.impact_measures = Some(measures);
    view.compensation_total_minor = Some(totals);
    Ok(http::with_etag(StatusCode::OK, version, &view))
}

/// How the due date of an appeal was computed: the rule, the start, the days skipped.
#[utoipa::path(tag = "appeals", security(("bearer" = [])), responses(
    (status = 200, description = "The deadline explanation"), (status = 404, body = crate::error::Problem)))]
#[get("/appeals/{id}/deadline")]
pub async fn deadline(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AppealId>,
) -> Result<HttpResponse, ApiError> {
    let scope = read_scope(&principal)?;
    let id = id.into_inner();
    let explanation: Explanation = state
        .db(move |conn| {
            let appeal = appeals::find_visible(conn, &scope, id)?;
            explain_appeal(conn, &appeal, today())
        })
        .await?;
    Ok(HttpResponse::Ok().json(explanation))
}

/// An applicant and the appeals of theirs the caller may see.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApplicantHistory {
    /// The applicant.
    pub applicant: ApplicantView,
    /// Their appeals, newest first.
    pub appeals: Vec<AppealView>,
    /// Impact measures issued for their appeals.
    #[schema(value_type = Vec<Object>)]
    pub impact_measures: Vec<ombudsman_db::impact::MeasureSummary>,
    /// Compensation recovered for them per currency, in minor units.
    pub compensation_total_minor: std::collections::BTreeMap<String, i128>,
}

/// An applicant's history. 404 unless the caller may see at least one of their appeals.
#[utoipa::path(tag = "appeals", security(("bearer" = [])), responses(
    (status = 200, body = ApplicantHistory), (status = 404, body = crate::error::Problem)))]
#[get("/applicants/{id}")]
pub async fn applicant_history(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ApplicantId>,
) -> Result<HttpResponse, ApiError> {
    let scope = read_scope(&principal)?;
    let id = id.into_inner();
    let (applicant, rows, measures, totals) = state
        .db(move |conn| {
            let filter = Filter {
                applicant_id: Some(id),
                ..Filter::default()
            };
            let rows = appeals::list(conn, &scope, &filter, None, 200)?;
            if rows.is_empty() {
                return Err(ApiError::NotFound);
            }
            // Only the measures of appeals the caller may see.
            let mut measures = Vec::new();
            for a in &rows {
                for m in ombudsman_db::impact::for_appeal(conn, a.id)? {
                    if !measures
                        .iter()
                        .any(|x: &ombudsman_db::impact::MeasureSummary| x.id == m.id)
                    {
                        measures.push(m);
                    }
                }
            }
            let totals = ombudsman_db::impact::totals_for_applicant(conn, id)?;
            Ok((applicants::find(conn, id)?, rows, measures, totals))
        })
        .await?;
    let today = today();
    let identity = rows
        .iter()
        .all(|a| sees_identity(&principal, a.reprisal_risk, a.assigned_to));
    let appeals = rows
        .into_iter()
        .map(|a| AppealView::new(a, None, &principal, today))
        .collect();
    Ok(HttpResponse::Ok().json(ApplicantHistory {
        applicant: ApplicantView::new(applicant, identity),
        appeals,
        impact_measures: measures,
        compensation_total_minor: totals,
    }))
}
