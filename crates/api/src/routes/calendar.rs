//! `/api/v1/calendar`: the working-day calendar that deadlines are counted on (admins maintain
//! it; everyone reads it).

use actix_web::{delete, get, put, web, HttpResponse};
use chrono::{Datelike, NaiveDate};
use ombudsman_db::audit;
use ombudsman_db::calendar::{self, CalendarDay};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::office::parse_name;
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
    principal.caller().require(&[Resource::Calendar], Do::Change)?;
    let b = body.0;
    if b.kind != "holiday" && b.kind != "working_day" {
        return Err(ApiError::field("kind", "invalid", "must be holiday or working_day"));
    }
    let entry = CalendarDay {
        day: ombudsman_domain::date::check("day", day.into_inner())?,
        kind: b.kind,
        name: parse_name("name", &b.name, 200)?,
    };
    let actor = principal.actor();
    let saved = state
        .tx(move |conn| {
            let saved = calendar::upsert(conn, &entry)?;
            let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, saved.day.to_string().as_bytes());
            audit::record(
                conn,
                &actor,
                AuditAction::CalendarSet,
                "calendar_day",
                id,
                crate::http::to_json(&saved)?,
            )?;
            Ok(saved)
        })
        .await?;
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
    principal.caller().require(&[Resource::Calendar], Do::Change)?;
    let day = ombudsman_domain::date::check("day", day.into_inner())?;
    let actor = principal.actor();
    state
        .tx(move |conn| {
            if !calendar::remove(conn, day)? {
                return Err(ApiError::NotFound);
            }
            let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, day.to_string().as_bytes());
            audit::record(
                conn,
                &actor,
                AuditAction::CalendarRemove,
                "calendar_day",
                id,
                serde_json::json!({"day": day}),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
