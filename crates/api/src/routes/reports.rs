//! `/api/v1/reports`: the live report of a half-year or of any period up to a year, beside the
//! same period one year earlier. Managers see their office (every office for the central office,
//! which may narrow to one with `office_id`); auditors see every office; other roles get 403.
//! Only aggregates leave: no names, no subjects.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use ombudsman_db::{reports, DbError};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::report::{HalfYear, Period, Report};
use serde::Deserialize;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::Query;
use crate::state::{today, AppState};

/// The offices whose figures the caller gets: `None` for every office.
pub fn office_scope(p: &Principal, requested: Option<OfficeId>) -> Result<Option<OfficeId>, ApiError> {
    Ok(ombudsman_app::reports::publish::office_scope(p, requested)?)
}

/// Parameters of the half-year report.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct HalfYearQuery {
    /// The year (2000–2100).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i64,
    /// 1 (1 January – 30 June) or 2 (1 July – 31 December).
    #[param(minimum = 1, maximum = 2)]
    pub half: i64,
    /// Narrow to one office (central-office managers and auditors; others may only name their own).
    #[param(value_type = Option<uuid::Uuid>)]
    pub office_id: Option<OfficeId>,
    /// `json` (default), `csv` or `xlsx`; `Accept: text/csv` also gives CSV. Labels of the
    /// exports follow `Accept-Language` (`uz-Latn` by default, `uz-Cyrl`, `ru`, `en`).
    #[param(pattern = "^(json|csv|xlsx)$")]
    pub format: Option<String>,
}

/// Parameters of the report of a period.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PeriodQuery {
    /// First day, included (`YYYY-MM-DD`, a Tashkent date).
    pub from: NaiveDate,
    /// Last day, included; on or after `from` and before the same day of the next year.
    pub to: NaiveDate,
    /// Narrow to one office (central-office managers and auditors; others may only name their own).
    #[param(value_type = Option<uuid::Uuid>)]
    pub office_id: Option<OfficeId>,
    /// `json` (default), `csv` or `xlsx`; `Accept: text/csv` also gives CSV. Labels of the
    /// exports follow `Accept-Language` (`uz-Latn` by default, `uz-Cyrl`, `ru`, `en`).
    #[param(pattern = "^(json|csv|xlsx)$")]
    pub format: Option<String>,
}

async fn respond(
    state: &AppState,
    req: &HttpRequest,
    format: Option<&str>,
    office: Option<OfficeId>,
    compute: impl FnOnce(&mut diesel::PgConnection, Option<OfficeId>, NaiveDate) -> Result<Report, DbError> + Send + 'static,
) -> Result<HttpResponse, ApiError> {
    let format = crate::export::negotiate(req, format)?;
    let as_of = today();
    let report = state
        .db(move |conn| {
            compute(conn, office, as_of).map_err(|e| match e {
                DbError::NotFound => ApiError::field("office_id", "unknown_office", "no office has this id"),
                other => other.into(),
            })
        })
        .await?;
    crate::export::respond(
        &report,
        &[],
        format,
        crate::export::language(req),
        &crate::export::file_stem(&report),
    )
}

/// The half-year report for Parliament and the press, beside the same half of the previous year.
///
/// Counting rules: an appeal counts in the period it was received (`received_on`), an impact
/// measure when issued (`issued_on`), compensation when recovered (`recovered_on`), a monitoring
/// visit when it started (`started_on`). Dates are office-local Tashkent dates (UTC+5), periods
/// inclusive: an appeal received at 23:59 on 30 June in Tashkent belongs to the first half.
/// Every appeal figure is about the appeals received in the period: `closed` and `by_outcome` are
/// those of them closed by the report date (`as_of`), `median_days_to_close` and
/// `p90_days_to_close` their days from receipt to closing (nearest rank, whole days),
/// `overdue_open` those still open whose due date is before `as_of`. Breakdowns over a closed set
/// of codes list every code, with zeros. Money is in minor units per currency. `closed_late`
/// counts the appeals closed after their due date; `by_vulnerability` counts an appeal once in
/// each vulnerability marker of its applicant; visits are broken down by who made them
/// (`by_conducted_by`: office staff, a Public Group, or both) with the people interviewed;
/// `referrals` counts referrals to and from partner ombudsmen when made (`referred_on`), per
/// partner; a report of every office lists each office's main figures in `by_office`.
#[utoipa::path(tag = "reports", params(HalfYearQuery), security(("bearer" = [])), responses(
    (status = 200, body = Report), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[get("/reports/half-year")]
pub async fn half_year(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    query: Query<HalfYearQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.caller().require(&[Resource::Report], Do::Read)?;
    let q = query.into_inner();
    let half = HalfYear::new(q.year, q.half)?;
    let office = office_scope(&principal, q.office_id)?;
    respond(&state, &req, q.format.as_deref(), office, move |conn, office, as_of| {
        reports::half_year_report(conn, office, half, as_of)
    })
    .await
}

/// The report of any period of up to one year, beside the same period one year earlier (29
/// February becomes 28 February; a period ending on the last day of a month is compared with the
/// whole of that month). The counting rules are those of the half-year report.
#[utoipa::path(tag = "reports", params(PeriodQuery), security(("bearer" = [])), responses(
    (status = 200, body = Report), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[get("/reports/period")]
pub async fn period(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    query: Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.caller().require(&[Resource::Report], Do::Read)?;
    let q = query.into_inner();
    let period = Period::new(q.from, q.to)?;
    let office = office_scope(&principal, q.office_id)?;
    respond(&state, &req, q.format.as_deref(), office, move |conn, office, as_of| {
        reports::period_report(conn, office, period, as_of)
    })
    .await
}
