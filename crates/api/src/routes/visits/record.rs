//! Recording monitoring visits: create, list, read, change, add a recommendation.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{Datelike, NaiveDate};
use ombudsman_db::facilities::{self, Facility};
use ombudsman_db::visits::{self, NewRecommendationRow, NewVisitRow, VisitChanges, VisitFilter};
use ombudsman_db::{appeals, audit, offices, users, Conn, DbError};
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::ids::{FacilityId, RecommendationId, UserId, VisitId};
use ombudsman_domain::user::Role;
use ombudsman_domain::visit::{
    validate_recommendation, validate_visit, visit_number, ValidRecommendation, VisitInput, VisitType,
};
use serde::{Deserialize, Serialize};

use super::views::{members, summaries, visit_view, RecommendationView, VisitSummary, VisitView};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page, PageQuery};
use crate::state::{today, AppState};
use ombudsman_domain::access::{Action as Do, Resource};

/// A recommendation in a new visit.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationRequest {
    /// What the facility should do, e.g. `Reduce occupancy of cell block B`.
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
    /// To whom: the facility's administration or the body above it.
    #[schema(min_length = 1, max_length = 300)]
    pub addressee: String,
    /// When it should be done (not before the visit).
    pub due_on: Option<NaiveDate>,
}

fn zero() -> i64 {
    0
}

/// A new monitoring visit, with the recommendations made after it.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateVisitRequest {
    /// The facility visited.
    #[schema(value_type = String, format = Uuid)]
    pub facility_id: FacilityId,
    /// First day (not in the future).
    pub started_on: NaiveDate,
    /// Last day (default: the first).
    pub ended_on: Option<NaiveDate>,
    /// `planned`, `unannounced`, `follow_up` or `reactive` (to a complaint).
    #[schema(value_type = VisitType)]
    pub visit_type: VisitType,
    /// Office staff who took part (users of the office).
    #[serde(default)]
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub team_user_ids: Vec<UserId>,
    /// Public Group members who took part, by name.
    #[serde(default)]
    pub public_group_members: Vec<String>,
    /// People interviewed individually.
    #[serde(default = "zero")]
    #[schema(minimum = 0, maximum = 100_000)]
    pub people_interviewed: i64,
    /// People interviewed in groups.
    #[serde(default = "zero")]
    #[schema(minimum = 0, maximum = 100_000)]
    pub people_interviewed_in_groups: i64,
    /// What the monitors found; use pseudonyms for the people who spoke.
    #[serde(default)]
    pub findings: String,
    /// Recommendations made to the facility.
    #[serde(default)]
    pub recommendations: Vec<RecommendationRequest>,
}

/// Changes to a visit; send the ETag in `If-Match`. An omitted field stays as it is.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateVisitRequest {
    /// Another facility (a correction).
    #[schema(value_type = Option<String>, format = Uuid)]
    pub facility_id: Option<FacilityId>,
    /// First day.
    pub started_on: Option<NaiveDate>,
    /// Last day.
    pub ended_on: Option<NaiveDate>,
    /// Type.
    #[schema(value_type = Option<VisitType>)]
    pub visit_type: Option<VisitType>,
    /// The whole team (replaces it).
    #[schema(value_type = Option<Vec<uuid::Uuid>>)]
    pub team_user_ids: Option<Vec<UserId>>,
    /// The whole list of Public Group members (replaces it).
    pub public_group_members: Option<Vec<String>>,
    /// People interviewed individually.
    #[schema(minimum = 0, maximum = 100_000)]
    pub people_interviewed: Option<i64>,
    /// People interviewed in groups.
    #[schema(minimum = 0, maximum = 100_000)]
    pub people_interviewed_in_groups: Option<i64>,
    /// Findings.
    pub findings: Option<String>,
}

impl UpdateVisitRequest {
    /// Whether it names no field to change.
    fn is_empty(&self) -> bool {
        self.facility_id.is_none()
            && self.started_on.is_none()
            && self.ended_on.is_none()
            && self.visit_type.is_none()
            && self.team_user_ids.is_none()
            && self.public_group_members.is_none()
            && self.people_interviewed.is_none()
            && self.people_interviewed_in_groups.is_none()
            && self.findings.is_none()
    }
}

/// The facility must exist; a field error otherwise.
fn check_facility(conn: &mut Conn, id: FacilityId) -> Result<Facility, ApiError> {
    match facilities::find(conn, id) {
        Ok(f) => Ok(f),
        Err(DbError::NotFound) => Err(ApiError::field(
            "facility_id",
            "unknown_facility",
            "no facility in the registry has this id",
        )),
        Err(e) => Err(e.into()),
    }
}

/// Every team member must be an active user of the visit's office (any office for a
/// central-office manager) who does casework; the list is de-duplicated.
fn check_team(conn: &mut Conn, p: &Principal, team: &[UserId]) -> Result<Vec<UserId>, ApiError> {
    let mut errors = Errors::new();
    let mut out: Vec<UserId> = Vec::new();
    for (i, id) in team.iter().enumerate() {
        let field = format!("team_user_ids[{i}]");
        match users::find(conn, *id) {
            Ok(u) if !u.is_active => {
                errors.push(FieldError::new(field, "inactive_user", "this account is deactivated"))
            }
            Ok(u) if u.office_id != p.office_id && !p.central_office => errors.push(FieldError::new(
                field,
                "other_office",
                "this user works in another office",
            )),
            Ok(u) if matches!(u.role, Role::Admin | Role::Auditor) => errors.push(FieldError::new(
                field,
                "not_casework",
                "administrators and auditors do not make visits",
            )),
            Ok(_) => {
                if !out.contains(id) {
                    out.push(*id);
                }
            }
            Err(DbError::NotFound) => errors.push(FieldError::new(field, "unknown_user", "no user has this id")),
            Err(e) => return Err(e.into()),
        }
    }
    errors.finish()?;
    Ok(out)
}

fn check_recommendations(
    errors: &mut Errors,
    given: &[RecommendationRequest],
    started_on: NaiveDate,
) -> Vec<ValidRecommendation> {
    if given.len() > ombudsman_domain::visit::MAX_RECOMMENDATIONS {
        errors.push(FieldError::new(
            "recommendations",
            "too_many",
            format!(
                "at most {} recommendations",
                ombudsman_domain::visit::MAX_RECOMMENDATIONS
            ),
        ));
        return Vec::new();
    }
    given
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            errors.take(validate_recommendation(
                &format!("recommendations[{i}]"),
                &r.text,
                &r.addressee,
                r.due_on,
                started_on,
            ))
        })
        .collect()
}

/// New dates of a visit must still hold what hangs on them: no recommendation due before the
/// visit started, and every appeal received during it received on one of its days.
fn check_new_dates(conn: &mut Conn, id: VisitId, started_on: NaiveDate, ended_on: NaiveDate) -> Result<(), ApiError> {
    let mut errors = Errors::new();
    let earliest_due = visits::recommendations_of(conn, id)?
        .iter()
        .filter_map(|r| r.due_on)
        .min();
    if earliest_due.is_some_and(|d| d < started_on) {
        errors.push(FieldError::new(
            "started_on",
            "after_recommendation_due",
            "a recommendation of this visit is due before this date; change its due date first",
        ));
    }
    let (first, last) = visits::linked_appeal_dates(conn, id)?;
    if first.is_some_and(|d| d < started_on) {
        errors.push(FieldError::new(
            "started_on",
            "outside_linked_appeals",
            "an appeal received during this visit was received before this date",
        ));
    }
    if last.is_some_and(|d| d > ended_on) {
        errors.push(FieldError::new(
            "ended_on",
            "outside_linked_appeals",
            "an appeal received during this visit was received after this date",
        ));
    }
    errors.finish()?;
    Ok(())
}

/// Records a monitoring visit with its team and recommendations (monitors, managers);
/// numbered per office and year (`HQ-V-2025-0001`); `Idempotency-Key` honoured.
#[utoipa::path(tag = "visits", request_body = CreateVisitRequest, security(("bearer" = [])), responses(
    (status = 201, body = VisitView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[post("/visits")]
pub async fn create(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    body: JsonBody<CreateVisitRequest>,
) -> Result<HttpResponse, ApiError> {
    principal.caller().visit_scope(Do::Create)?;
    let b = body.0.clone();
    let today = today();
    let mut errors = Errors::new();
    let valid = errors.take(validate_visit(
        &VisitInput {
            started_on: b.started_on,
            ended_on: b.ended_on,
            public_group_members: &b.public_group_members,
            team_size: b.team_user_ids.len(),
            people_interviewed: b.people_interviewed,
            people_interviewed_in_groups: b.people_interviewed_in_groups,
            findings: &b.findings,
        },
        today,
    ));
    let recs = check_recommendations(&mut errors, &b.recommendations, b.started_on);
    errors.finish()?;
    let valid = valid.ok_or_else(|| ApiError::Internal("a valid visit was not returned".into()))?;
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let facility = check_facility(conn, b.facility_id)?;
        let team = check_team(conn, &p, &b.team_user_ids)?;
        let office = offices::find(conn, p.office_id)?;
        let year = valid.started_on.year();
        let seq = appeals::next_number(conn, office.id, "visit", year)?;
        let number = visit_number(&office.code, year, seq);
        let new = NewVisitRow {
            id: VisitId::new(),
            number: &number,
            office_id: office.id,
            facility_id: facility.id,
            started_on: valid.started_on,
            ended_on: valid.ended_on,
            visit_type: b.visit_type,
            public_group_members: &valid.public_group_members,
            people_interviewed: valid.people_interviewed,
            people_interviewed_in_groups: valid.people_interviewed_in_groups,
            findings: &valid.findings,
            created_by: Some(p.user_id),
        };
        let visit = visits::insert(conn, &new, &team)?;
        let rows: Vec<_> = recs
            .iter()
            .enumerate()
            .map(|(i, r)| NewRecommendationRow {
                id: RecommendationId::new(),
                visit_id: visit.id,
                position: i as i32 + 1,
                text: &r.text,
                addressee: &r.addressee,
                due_on: r.due_on,
            })
            .collect();
        if !rows.is_empty() {
            visits::insert_recommendations(conn, &rows)?;
        }
        audit::record(
            conn,
            &p.actor(),
            "visit.create",
            "visit",
            visit.id.0,
            serde_json::json!({
                "number": number, "facility_id": facility.id, "started_on": valid.started_on,
                "ended_on": valid.ended_on, "visit_type": b.visit_type, "team_user_ids": team,
                "public_group_members": valid.public_group_members, "recommendations": rows,
            }),
        )?;
        let view = visit_view(conn, &p, visit)?;
        Ok(Created {
            location: format!("/api/v1/visits/{}", view.id),
            body: http::to_json(&view)?,
        })
    })
    .await
}

/// Filters of the visit list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct VisitListQuery {
    /// Only visits to this facility.
    #[param(value_type = Option<String>, format = Uuid)]
    pub facility_id: Option<FacilityId>,
    /// Only visits of this type.
    pub visit_type: Option<VisitType>,
    /// Only visits starting on or after.
    pub started_from: Option<NaiveDate>,
    /// Only visits starting on or before.
    pub started_to: Option<NaiveDate>,
    /// Only visits this user took part in.
    #[param(value_type = Option<String>, format = Uuid)]
    pub team_member: Option<UserId>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists the visits the caller may see, newest first.
#[utoipa::path(tag = "visits", params(VisitListQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<VisitSummary>), (status = 400, body = crate::error::Problem)))]
#[get("/visits")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::extract::Query<VisitListQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = principal.caller().visit_scope(Do::Read)?;
    let q = query.into_inner();
    if let (Some(from), Some(to)) = (q.started_from, q.started_to) {
        if from > to {
            return Err(ApiError::field(
                "started_to",
                "before_from",
                "cannot be before started_from",
            ));
        }
    }
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let before: Option<VisitId> = page.cursor()?;
    let filter = VisitFilter {
        facility_id: q.facility_id,
        visit_type: q.visit_type,
        started_from: q.started_from,
        started_to: q.started_to,
        team_member: q.team_member,
    };
    let page = state
        .db(move |conn| {
            let rows = visits::list(conn, &scope, &filter, before, limit + 1)?;
            let items = summaries(conn, rows)?;
            Ok(Page::from_rows(items, limit, |v| v.id, |v| v))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One visit in full: team, findings, recommendations, the recommendations it checked, appeals
/// received during it and measures issued after it.
#[utoipa::path(tag = "visits", security(("bearer" = [])), responses(
    (status = 200, body = VisitView), (status = 404, body = crate::error::Problem)))]
#[get("/visits/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<VisitId>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&[Resource::Visit], Do::Read)?;
    let id = id.into_inner();
    let p = principal.clone();
    let view = state
        .db(move |conn| {
            let v = caller.visit(conn, Do::Read, id)?;
            visit_view(conn, &p, v)
        })
        .await?;
    Ok(http::with_etag(StatusCode::OK, view.version, &view))
}

/// Changes a visit (monitors, managers of its office); requires `If-Match`. The whole resulting
/// visit is validated again; the number stays.
#[utoipa::path(tag = "visits", request_body = UpdateVisitRequest, security(("bearer" = [])), responses(
    (status = 200, body = VisitView), (status = 400, body = crate::error::Problem),
    (status = 404, body = crate::error::Problem), (status = 412, body = crate::error::Problem),
    (status = 428, body = crate::error::Problem)))]
#[patch("/visits/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<VisitId>,
    body: JsonBody<UpdateVisitRequest>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&[Resource::Visit], Do::Change)?;
    let id = id.into_inner();
    let expected = http::if_match(&req)?;
    let b = body.0;
    if b.is_empty() {
        return Err(ApiError::field("", "empty_update", "name at least one field to change"));
    }
    let today = today();
    let p = principal.clone();
    let view = state
        .tx(move |conn| {
            let before = caller.lock_visit(conn, Do::Change, id)?;
            if before.version != expected {
                return Err(ApiError::PreconditionFailed);
            }
            let old_team: Vec<UserId> = visits::team_of(conn, id)?.into_iter().map(|m| m.user_id).collect();
            let team = match &b.team_user_ids {
                Some(t) => check_team(conn, &p, t)?,
                None => old_team.clone(),
            };
            let old_members = members(&before);
            let members_now = b.public_group_members.clone().unwrap_or_else(|| old_members.clone());
            let valid = validate_visit(
                &VisitInput {
                    started_on: b.started_on.unwrap_or(before.started_on),
                    ended_on: Some(b.ended_on.unwrap_or(before.ended_on)),
                    public_group_members: &members_now,
                    team_size: team.len(),
                    people_interviewed: b.people_interviewed.unwrap_or(i64::from(before.people_interviewed)),
                    people_interviewed_in_groups: b
                        .people_interviewed_in_groups
                        .unwrap_or(i64::from(before.people_interviewed_in_groups)),
                    findings: b.findings.as_deref().unwrap_or(&before.findings),
                },
                today,
            )?;
            let facility_id = match b.facility_id {
                Some(f) if f != before.facility_id => {
                    if visits::has_follow_ups(conn, id)? {
                        return Err(ApiError::field(
                            "facility_id",
                            "has_follow_ups",
                            "follow-ups tie this visit to its facility; record a new visit instead",
                        ));
                    }
                    check_facility(conn, f)?.id
                }
                _ => before.facility_id,
            };
            check_new_dates(conn, id, valid.started_on, valid.ended_on)?;
            let changes = VisitChanges {
                facility_id,
                started_on: valid.started_on,
                ended_on: valid.ended_on,
                visit_type: b.visit_type.unwrap_or(before.visit_type),
                public_group_members: &valid.public_group_members,
                people_interviewed: valid.people_interviewed,
                people_interviewed_in_groups: valid.people_interviewed_in_groups,
                findings: &valid.findings,
            };
            let after = visits::update(conn, id, expected, &changes)?;
            if team != old_team {
                visits::set_team(conn, id, &team)?;
            }
            let mut diff = audit::diff(&http::to_json(&before)?, &http::to_json(&after)?);
            if team != old_team {
                diff["team_user_ids"] = serde_json::json!({"from": old_team, "to": team});
            }
            audit::record(conn, &p.actor(), "visit.update", "visit", id.0, diff)?;
            visit_view(conn, &p, after)
        })
        .await?;
    Ok(http::with_etag(StatusCode::OK, view.version, &view))
}

/// Adds a recommendation to a visit (monitors, managers of its office).
#[utoipa::path(tag = "visits", request_body = RecommendationRequest, security(("bearer" = [])), responses(
    (status = 201, body = RecommendationView), (status = 400, body = crate::error::Problem),
    (status = 404, body = crate::error::Problem)))]
#[post("/visits/{id}/recommendations")]
pub async fn add_recommendation(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<VisitId>,
    body: JsonBody<RecommendationRequest>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&[Resource::Visit], Do::Change)?;
    let visit_id = id.into_inner();
    let b = body.0.clone();
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let visit = caller.lock_visit(conn, Do::Change, visit_id)?;
        let r = validate_recommendation("", &b.text, &b.addressee, b.due_on, visit.started_on)?;
        let position = visits::next_position(conn, visit_id)?;
        let row = NewRecommendationRow {
            id: RecommendationId::new(),
            visit_id,
            position,
            text: &r.text,
            addressee: &r.addressee,
            due_on: r.due_on,
        };
        let saved = visits::insert_recommendations(conn, std::slice::from_ref(&row))?
            .pop()
            .ok_or_else(|| ApiError::Internal("the recommendation was not stored".into()))?;
        audit::record(
            conn,
            &p.actor(),
            "recommendation.create",
            "recommendation",
            saved.id.0,
            http::to_json(&row)?,
        )?;
        Ok(Created {
            location: format!("/api/v1/recommendations/{}", saved.id),
            body: http::to_json(&RecommendationView::new(saved, today()))?,
        })
    })
    .await
}
