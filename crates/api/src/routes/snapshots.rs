//! `/api/v1/reports/snapshots`: published reports. A manager publishes the report of a half-year
//! (or any period); its figures are stored exactly as computed and never change (the database
//! refuses to), so the report given to Parliament stays reproducible after later corrections. A
//! publication can be compared with the live report of the same period and scope.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use ombudsman_db::snapshots::{self, Snapshot, SnapshotScope, SnapshotSummary};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::ids::{OfficeId, ReportSnapshotId};
use ombudsman_domain::office::parse_name;
use ombudsman_domain::report::{HalfYear, Period, Report, FIGURES_ADDED_LATER};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use ombudsman_app::reports::publish::{self as publication, compute, figures_sha256};
use ombudsman_app::reports::{publish_report, PublishReport, Which};
use ombudsman_domain::error::{Errors, FieldError};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{JsonBody, Query};
use crate::http::{self, Created, Page};
use crate::state::{today, AppState};

/// A publication: a half-year (`year` and `half`) or a period (`from` and `to`).
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// Year of the half-year.
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: Option<i64>,
    /// 1 or 2.
    #[schema(minimum = 1, maximum = 2)]
    pub half: Option<i64>,
    /// First day of a period (instead of a half-year).
    pub from: Option<NaiveDate>,
    /// Last day of a period.
    pub to: Option<NaiveDate>,
    /// One office (central-office managers; others publish their own office's report).
    #[schema(value_type = Option<String>, format = Uuid)]
    pub office_id: Option<OfficeId>,
    /// Title; default e.g. `H1 2025` with the office's code.
    #[schema(min_length = 1, max_length = 300)]
    pub title: Option<String>,
    /// A note, e.g. what the publication is for.
    #[serde(default)]
    pub note: String,
}

fn which(b: &PublishRequest) -> Result<Which, ApiError> {
    match (b.year, b.half, b.from, b.to) {
        (Some(year), Some(half), None, None) => Ok(Which::Half(HalfYear::new(year, half)?)),
        (None, None, Some(from), Some(to)) => Ok(Which::Period(Period::new(from, to)?)),
        (year, half, from, _) => {
            // Name the field that is missing, or the one that mixes a period into a half-year.
            let field = match (year, half) {
                (Some(_), None) => "half",
                (None, Some(_)) => "year",
                (Some(_), Some(_)) if from.is_some() => "from",
                (Some(_), Some(_)) => "to",
                (None, None) if from.is_some() => "to",
                (None, None) => "from",
            };
            Err(ApiError::field(
                field,
                "required",
                "give either year and half, or from and to",
            ))
        }
    }
}

/// Publishes the report of a half-year or period (managers): computes it now and stores the
/// figures, frozen. `Idempotency-Key` honoured.
#[utoipa::path(tag = "reports", request_body = PublishRequest, security(("bearer" = [])), responses(
    (status = 201, description = "The publication with its figures"), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[post("/reports/snapshots")]
pub async fn publish(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    body: JsonBody<PublishRequest>,
) -> Result<HttpResponse, ApiError> {
    publication::may_publish(&principal)?;
    let cmd = parse_publication(&principal, &body.0)?;
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let saved = publish_report(conn, &p, cmd, today())?;
        Ok(Created {
            location: format!("/api/v1/reports/snapshots/{}", saved.id),
            body: http::to_json(&saved)?,
        })
    })
    .await
}

/// Parses a publication; a caller who may not have the office's figures gets 403 before the
/// title and note are looked at.
fn parse_publication(p: &Principal, b: &PublishRequest) -> Result<PublishReport, ApiError> {
    let which = which(b)?;
    publication::office_scope(p, b.office_id)?;
    let mut errors = Errors::new();
    let title = b
        .title
        .as_deref()
        .and_then(|t| errors.take(parse_name("title", t, 300)));
    if b.note.chars().count() > 5000 {
        errors.push(FieldError::new("note", "too_long", "must be at most 5000 characters"));
    }
    errors.finish()?;
    Ok(PublishReport {
        which,
        office_id: b.office_id,
        title,
        note: b.note.trim().to_owned(),
    })
}

fn scope(p: &Principal) -> Result<SnapshotScope, ApiError> {
    p.caller().require(&[Resource::Snapshot], Do::Read)?;
    Ok(SnapshotScope {
        all_offices: p.caller().reaches_other_offices(Resource::Snapshot, Do::Read),
        office_id: p.office_id,
    })
}

/// Filters of the publication list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SnapshotListQuery {
    /// Only publications of periods starting in this year.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    /// Page size.
    pub limit: Option<i64>,
    /// Cursor.
    pub cursor: Option<String>,
}

/// Publications the caller may see (managers: their office's; the central office and auditors:
/// all), newest first, without their figures.
#[utoipa::path(tag = "reports", params(SnapshotListQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<Object>), (status = 403, body = crate::error::Problem)))]
#[get("/reports/snapshots")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    query: Query<SnapshotListQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = scope(&principal)?;
    let q = query.into_inner();
    if q.year.is_some_and(|y| !(2000..=2100).contains(&y)) {
        return Err(ApiError::field("year", "out_of_range", "must be from 2000 to 2100"));
    }
    let (limit, before) = crate::http::page::<ReportSnapshotId>(q.limit, q.cursor)?;
    let rows = state
        .db(move |conn| Ok(snapshots::list(conn, &scope, q.year, before, limit + 1)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, limit, |s: &SnapshotSummary| s.id, |s| s)))
}

/// The format of a publication's download.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SnapshotQuery {
    /// `json` (default), `csv` or `xlsx`; `Accept: text/csv` also gives CSV.
    #[param(pattern = "^(json|csv|xlsx)$")]
    pub format: Option<String>,
}

/// The figures of [`FIGURES_ADDED_LATER`] that a publication's stored figures lack: it was
/// published before they existed.
pub fn absent_figures(figures: &Value) -> Vec<&'static str> {
    FIGURES_ADDED_LATER
        .iter()
        .copied()
        .filter(|path| path.split('.').try_fold(figures, |v, key| v.get(key)).is_none())
        .collect()
}

fn frozen_report(s: &Snapshot) -> Result<Report, ApiError> {
    serde_json::from_value(s.figures.clone())
        .map_err(|e| ApiError::Internal(format!("a published report cannot be read back: {e}")))
}

/// A publication with its figures exactly as published; `?format=csv|xlsx` (or `Accept`)
/// exports them like the live report.
#[utoipa::path(tag = "reports", params(SnapshotQuery), security(("bearer" = [])), responses(
    (status = 200, description = "The publication"), (status = 404, body = crate::error::Problem)))]
#[get("/reports/snapshots/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<ReportSnapshotId>,
    query: Query<SnapshotQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = scope(&principal)?;
    let format = crate::export::negotiate(&req, query.format.as_deref())?;
    let id = id.into_inner();
    let snapshot = state
        .db(move |conn| Ok(snapshots::find_visible(conn, &scope, id)?))
        .await?;
    if format == crate::export::Format::Json {
        return Ok(HttpResponse::build(StatusCode::OK)
            .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
            .json(&snapshot));
    }
    let report = frozen_report(&snapshot)?;
    let stem = format!(
        "{}-published-{}",
        crate::export::file_stem(&report),
        snapshot.published_at.format("%Y%m%d")
    );
    let absent = absent_figures(&snapshot.figures);
    crate::export::respond(&report, &absent, format, crate::export::language(&req), &stem)
}

/// A figure that differs between the publication and the live report.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Difference {
    /// Where, e.g. `appeals.by_region.samarkand`.
    pub path: String,
    /// As published.
    pub published: Value,
    /// As the data stand now.
    pub live: Value,
}

/// The differing figures of two reports (`as_of` is left out: it always differs, and so are the
/// figures the publication predates: it did not state them).
pub fn differences(published: &Value, live: &Value) -> Vec<Difference> {
    fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<Difference>) {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                for k in keys {
                    let sub = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    if sub == "as_of" || (!x.contains_key(k) && FIGURES_ADDED_LATER.contains(&sub.as_str())) {
                        continue;
                    }
                    walk(
                        &sub,
                        x.get(k).unwrap_or(&Value::Null),
                        y.get(k).unwrap_or(&Value::Null),
                        out,
                    );
                }
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                for (i, (p, q)) in x.iter().zip(y).enumerate() {
                    walk(&format!("{path}[{i}]"), p, q, out);
                }
            }
            _ if a != b => out.push(Difference {
                path: path.to_owned(),
                published: a.clone(),
                live: b.clone(),
            }),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", published, live, &mut out);
    out
}

/// A publication beside the live report.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Comparison {
    /// The publication.
    #[schema(value_type = Object)]
    pub snapshot: Snapshot,
    /// Whether the stored figures still match their fingerprint.
    pub intact: bool,
    /// The report of the same period and scope computed now (as of the publication's date, so
    /// that only corrections to the data show).
    #[schema(value_type = Object)]
    pub live: Report,
    /// The figures that changed since publication.
    pub differences: Vec<Difference>,
}

/// Compares a publication with the live report of the same period and scope.
#[utoipa::path(tag = "reports", security(("bearer" = [])), responses(
    (status = 200, body = Comparison), (status = 404, body = crate::error::Problem)))]
#[get("/reports/snapshots/{id}/comparison")]
pub async fn compare(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ReportSnapshotId>,
) -> Result<HttpResponse, ApiError> {
    let scope = scope(&principal)?;
    let id = id.into_inner();
    let comparison = state
        .db(move |conn| {
            let snapshot = snapshots::find_visible(conn, &scope, id)?;
            let published = frozen_report(&snapshot)?;
            let what = match published.half_year {
                Some(h) => Which::Half(h),
                None => Which::Period(published.period),
            };
            let live = compute(conn, &what, snapshot.office_id, published.as_of)?;
            let differences = differences(&snapshot.figures, &http::to_json(&live)?);
            Ok(Comparison {
                intact: figures_sha256(&snapshot.figures)? == snapshot.figures_sha256,
                snapshot,
                live,
                differences,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(comparison))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_the_changed_figures_only() {
        let a = serde_json::json!({"as_of": "2025-07-01", "appeals": {"received": 10, "by_region": {"navoi": 2}}});
        let b = serde_json::json!({"as_of": "2025-08-01", "appeals": {"received": 11, "by_region": {"navoi": 2, "jizzakh": 1}}});
        let d = differences(&a, &b);
        let paths: Vec<&str> = d.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["appeals.by_region.jizzakh", "appeals.received"]);
        assert_eq!(d[1].published, 10);
        assert_eq!(d[1].live, 11);
    }

    #[test]
    fn a_publication_is_not_compared_on_figures_it_predates() {
        let old = serde_json::json!({"appeals": {"received": 10}, "monitoring_visits": {"total": 2}});
        let live = serde_json::json!({
            "appeals": {"received": 10, "closed_late": 3, "by_vulnerability": {"child": 1}},
            "monitoring_visits": {"total": 2, "people_interviewed": 7},
            "referrals": {"outgoing": 1}, "by_office": [], "novelty": 1
        });
        let paths: Vec<String> = differences(&old, &live).into_iter().map(|d| d.path).collect();
        assert_eq!(
            paths,
            ["novelty"],
            "only a figure that is not known to be newer differs"
        );
        let newer = serde_json::json!({"appeals": {"received": 10, "closed_late": 1}});
        let paths: Vec<String> = differences(&newer, &live).into_iter().map(|d| d.path).collect();
        assert!(paths.contains(&"appeals.closed_late".to_owned()), "{paths:?}");
        assert!(absent_figures(&old).contains(&"appeals.closed_late"));
        assert!(absent_figures(&old).contains(&"referrals"));
        assert!(!absent_figures(&newer).contains(&"appeals.closed_late"));
    }
}
