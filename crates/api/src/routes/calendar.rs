//! `/api/v1/calendar`: the working-day calendar that deadlines are counted on (admins maintain
//! it; everyone reads it).

use actix_web::{delete, get, put, web, HttpResponse};
use chrono::{Datelike, NaiveDate};
use ombudsman_app::calendar::{self as calendar_uc, remove_day, set_day, SetDay};
use ombudsman_db::calendar;
use serde::Deserialize;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::Page;
use crate::state::AppState;

/// Which days to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CalendarQuery {
    /// The year (default: the current year).
    pub year: Option<i32>,
}

/// The special days of a year.
#[utoipa::path(tag = "calendar", params(CalendarQuery), security(("bearer" = [])), responses(
    (status = 200, description = "Holidays and working weekend days")))]
#[get("/calendar/days")]
pub async fn list(
    state: web::Data<AppState>,
    _principal: Principal,
    query: crate::extract::Query<CalendarQuery>,
) -> Result<HttpResponse, ApiError> {
    let year = match query.year {
        Some(year) => ombudsman_domain::date::check_year("year", i64::from(year))?,
        None => crate::state::today().year(),
    };
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(ApiError::field("year", "out_of_range", "is not a valid year"));
    };
    let days = state.db(move |conn| Ok(calendar::between(conn, from, to)?)).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: days,
        next_cursor: None,
    }))
}

/// A special day.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayRequest {
    /// `holiday` (not a working day) or `working_day` (a weekend day made working).
    #[schema(pattern = "^(holiday|working_day)$")]
    pub kind: String,
    /// Its name, e.g. `Navruz`.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
}

/// Marks a day as a holiday or a working day (admins).
#[utoipa::path(tag = "calendar", request_body = DayRequest, security(("bearer" = [])), responses(
    (status = 200, description = "The day"), (status = 403, body = crate::error::Problem)))]
#[put("/calendar/days/{day}")]
pub async fn put_day(
    state: web::Data<AppState>,
    principal: Principal,
    day: web::Path<NaiveDate>,
    body: JsonBody<DayRequest>,
) -> Result<HttpResponse, ApiError> {
    calendar_uc::may_change(&principal)?;
    let cmd = SetDay::parse(day.into_inner(), &body.0.kind, &body.0.name)?;
    let saved = state.use_case(move |conn, _| set_day(conn, &principal, &cmd)).await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// Returns a day to the ordinary week (admins).
#[utoipa::path(tag = "calendar", security(("bearer" = [])), responses(
    (status = 204, description = "Removed"), (status = 404, body = crate::error::Problem)))]
#[delete("/calendar/days/{day}")]
pub async fn delete_day(
    state: web::Data<AppState>,
    principal: Principal,
    day: web::Path<NaiveDate>,
) -> Result<HttpResponse, ApiError> {
    let day = day.into_inner();
    state.use_case(move |conn, _| remove_day(conn, &principal, day)).await?;
    Ok(HttpResponse::NoContent().finish())
}
