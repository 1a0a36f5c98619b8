//! `/api/v1/visits` and `/api/v1/recommendations`: monitoring visits to places of detention, the
//! recommendations made after them and their follow-up.
//!
//! Access: monitors and managers record and change the visits of their office (a central-office
//! manager: every office); case officers read them; auditors read every office; admins do no
//! casework (403). A visit the caller may not see answers 404.

use std::collections::{BTreeMap, HashMap};

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use ombudsman_db::facilities::{self, Facility};
use ombudsman_db::visits::{
    self, FollowUp, NewRecommendationRow, NewVisitRow, Recommendation, RecommendationFilter, TeamMember, Visit,
    VisitAppeal, VisitChanges, VisitFilter, VisitScope,
};
use ombudsman_db::{appeals, attachments, audit, impact, offices, users, Conn, DbError};
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::facility::FacilityKind;
use ombudsman_domain::ids::{FacilityId, FollowUpId, ImpactMeasureId, OfficeId, RecommendationId, UserId, VisitId};
use ombudsman_domain::impact::{MeasureKind, MeasureStatus};
use ombudsman_domain::office::Region;
use ombudsman_domain::user::Role;
use ombudsman_domain::visit::{
    check_follow_up_visit, implementation_rate, is_overdue, validate_recommendation, validate_visit, visit_number,
    RecommendationStatus, ValidRecommendation, VisitInput, VisitType, NOTE_MAX,
};
use serde::{Deserialize, Serialize};

use super::appeals::access::read_scope;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page, PageQuery};
use crate::state::{today, AppState};

/// Who reads visits; who records them.
const READERS: &[Role] = &[Role::Manager, Role::Monitor, Role::CaseOfficer, Role::Auditor];
const WRITERS: &[Role] = &[Role::Manager, Role::Monitor];

/// The visits the caller may read.
pub fn read_scope_of(p: &Principal) -> Result<VisitScope, ApiError> {
    p.require(READERS)?;
    Ok(VisitScope {
        all_offices: p.role == Role::Auditor || (p.role == Role::Manager && p.central_office),
        office_id: p.office_id,
    })
}

/// The visits the caller may change.
pub fn write_scope_of(p: &Principal) -> Result<VisitScope, ApiError> {
    p.require(WRITERS)?;
    read_scope_of(p)
}

/// A recommendation in a new visit.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationRequest {
    /// What the facility should do, e.g. `Reduce occupancy of cell block B`.
    pub text: String,
    /// To whom: the facility's administration or the body above it.
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
    #[schema(value_type = Vec<String>)]
    pub team_user_ids: Vec<UserId>,
    /// Public Group members who took part, by name.
    #[serde(default)]
    pub public_group_members: Vec<String>,
    /// People interviewed individually.
    #[serde(default = "zero")]
    pub people_interviewed: i64,
    /// People interviewed in groups.
    #[serde(default = "zero")]
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
    #[schema(value_type = Option<Vec<String>>)]
    pub team_user_ids: Option<Vec<UserId>>,
    /// The whole list of Public Group members (replaces it).
    pub public_group_members: Option<Vec<String>>,
    /// People interviewed individually.
    pub people_interviewed: Option<i64>,
    /// People interviewed in groups.
    pub people_interviewed_in_groups: Option<i64>,
    /// Findings.
    pub findings: Option<String>,
}

/// The facility of a visit, in brief.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FacilityBrief {
    /// Identifier.
    #[schema(value_type = String, format = Uuid)]
    pub id: FacilityId,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: FacilityKind,
    /// Region.
    pub region: Region,
}

impl From<&Facility> for FacilityBrief {
    fn from(f: &Facility) -> Self {
        Self {
            id: f.id,
            name: f.name.clone(),
            kind: f.kind,
            region: f.region,
        }
    }
}

/// A visit in a list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VisitSummary {
    /// Identifier.
    #[schema(value_type = String, format = Uuid)]
    pub id: VisitId,
    /// Number, e.g. `HQ-V-2025-0001`.
    pub number: String,
    /// The office whose monitors made it.
    #[schema(value_type = String, format = Uuid)]
    pub office_id: OfficeId,
    /// The facility.
    pub facility: Option<FacilityBrief>,
    /// First day.
    pub started_on: NaiveDate,
    /// Last day.
    pub ended_on: NaiveDate,
    /// Type.
    pub visit_type: VisitType,
    /// `office_staff`, `public_group` or `joint`.
    pub conducted_by: &'static str,
    /// Number of recommendations made.
    pub recommendation_count: i64,
    /// Version (the ETag).
    pub version: i32,
}

fn conducted_by(team: usize, members: usize) -> &'static str {
    match (team > 0, members > 0) {
        (true, true) => "joint",
        (false, true) => "public_group",
        _ => "office_staff",
    }
}

/// A recommendation with its follow-up state.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RecommendationView {
    /// The stored fields.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub recommendation: Recommendation,
    /// Due date passed and not implemented.
    pub overdue: bool,
}

impl RecommendationView {
    fn new(r: Recommendation, today: NaiveDate) -> Self {
        Self {
            overdue: is_overdue(r.status, r.due_on, today),
            recommendation: r,
        }
    }
}

/// A recommendation checked during a (follow-up) visit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CheckedRecommendation {
    /// The follow-up recorded.
    #[schema(value_type = Object)]
    pub follow_up: FollowUp,
    /// The recommendation as it stands now.
    pub recommendation: RecommendationView,
    /// The number of the visit that made it.
    pub recommended_at_visit: String,
}

/// An impact measure issued after a visit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VisitMeasure {
    /// Identifier.
    #[schema(value_type = String, format = Uuid)]
    pub id: ImpactMeasureId,
    /// Number.
    pub number: String,
    /// Kind.
    #[schema(value_type = String)]
    pub kind: MeasureKind,
    /// Status.
    #[schema(value_type = String)]
    pub status: MeasureStatus,
}

/// A visit in full.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VisitView {
    /// Identifier.
    #[schema(value_type = String, format = Uuid)]
    pub id: VisitId,
    /// Number, e.g. `HQ-V-2025-0001`.
    pub number: String,
    /// The office whose monitors made it.
    #[schema(value_type = String, format = Uuid)]
    pub office_id: OfficeId,
    /// The facility.
    pub facility: FacilityBrief,
    /// First day.
    pub started_on: NaiveDate,
    /// Last day.
    pub ended_on: NaiveDate,
    /// Type.
    pub visit_type: VisitType,
    /// `office_staff`, `public_group` or `joint`.
    pub conducted_by: &'static str,
    /// Office staff who took part.
    #[schema(value_type = Vec<Object>)]
    pub team: Vec<TeamMember>,
    /// Public Group members who took part.
    pub public_group_members: Vec<String>,
    /// People interviewed individually.
    pub people_interviewed: i32,
    /// People interviewed in groups.
    pub people_interviewed_in_groups: i32,
    /// Findings.
    pub findings: String,
    /// Recommendations made after it.
    pub recommendations: Vec<RecommendationView>,
    /// Earlier recommendations this visit checked.
    pub checked_recommendations: Vec<CheckedRecommendation>,
    /// Appeals received during it (those the caller may see).
    #[schema(value_type = Vec<Object>)]
    pub appeals: Vec<VisitAppeal>,
    /// Impact measures issued after it.
    pub impact_measures: Vec<VisitMeasure>,
    /// Number of photos and scans attached.
    pub attachment_count: usize,
    /// Who recorded it.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub created_by: Option<UserId>,
    /// Version (the ETag).
    pub version: i32,
    /// Recorded.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

fn members(v: &Visit) -> Vec<String> {
    v.public_group_members.iter().flatten().cloned().collect()
}

fn visit_view(conn: &mut Conn, p: &Principal, v: Visit) -> Result<VisitView, ApiError> {
    let today = today();
    let facility = facilities::find(conn, v.facility_id)?;
    let team = visits::team_of(conn, v.id)?;
    let recommendations = visits::recommendations_of(conn, v.id)?
        .into_iter()
        .map(|r| RecommendationView::new(r, today))
        .collect();
    let scope = read_scope_of(p)?;
    let mut checked = Vec::new();
    for f in visits::follow_ups_during(conn, v.id)? {
        // A central-office manager may check another office's recommendation on this visit;
        // the caller sees only those of visits they may see.
        let (r, made_at) = match visits::find_recommendation(conn, &scope, f.recommendation_id) {
            Ok(found) => found,
            Err(DbError::NotFound) => continue,
            Err(e) => return Err(e.into()),
        };
        checked.push(CheckedRecommendation {
            follow_up: f,
            recommendation: RecommendationView::new(r, today),
            recommended_at_visit: made_at.number,
        });
    }
    let appeal_scope = read_scope(p).ok();
    let appeals = visits::appeals_of(conn, v.id)?
        .into_iter()
        .filter(|a| {
            appeal_scope
                .as_ref()
                .is_some_and(|s| appeals::find_visible(conn, s, a.id).is_ok())
        })
        .collect();
    let impact_measures = impact::for_visit(conn, v.id.0)?
        .into_iter()
        .map(|m| VisitMeasure {
            id: m.id,
            number: m.number,
            kind: m.kind,
            status: m.status,
        })
        .collect();
    let attachment_count = attachments::for_visit(conn, v.id)?.len();
    let members = members(&v);
    Ok(VisitView {
        id: v.id,
        number: v.number,
        office_id: v.office_id,
        facility: FacilityBrief::from(&facility),
        started_on: v.started_on,
        ended_on: v.ended_on,
        visit_type: v.visit_type,
        conducted_by: conducted_by(team.len(), members.len()),
        team,
        public_group_members: members,
        people_interviewed: v.people_interviewed,
        people_interviewed_in_groups: v.people_interviewed_in_groups,
        findings: v.findings,
        recommendations,
        checked_recommendations: checked,
        appeals,
        impact_measures,
        attachment_count,
        created_by: v.created_by,
        version: v.version,
        created_at: v.created_at,
        updated_at: v.updated_at,
    })
}

fn summaries(conn: &mut Conn, rows: Vec<Visit>) -> Result<Vec<VisitSummary>, ApiError> {
    let ids: Vec<VisitId> = rows.iter().map(|v| v.id).collect();
    let counts: HashMap<VisitId, i64> = visits::recommendation_counts(conn, &ids)?.into_iter().collect();
    let mut facility_ids: Vec<FacilityId> = rows.iter().map(|v| v.facility_id).collect();
    facility_ids.sort();
    facility_ids.dedup();
    let places: HashMap<FacilityId, Facility> = facilities::by_ids(conn, &facility_ids)?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let teams = visits::team_sizes(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|v| VisitSummary {
            id: v.id,
            number: v.number.clone(),
            office_id: v.office_id,
            facility: places.get(&v.facility_id).map(FacilityBrief::from),
            started_on: v.started_on,
            ended_on: v.ended_on,
            visit_type: v.visit_type,
            conducted_by: conducted_by(
                teams.get(&v.id).copied().unwrap_or(0),
                v.public_group_members.iter().flatten().count(),
            ),
            recommendation_count: counts.get(&v.id).copied().unwrap_or(0),
            version: v.version,
        })
        .collect())
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
    write_scope_of(&principal)?;
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
    #[param(value_type = Option<String>)]
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
    let scope = read_scope_of(&principal)?;
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
    let scope = read_scope_of(&principal)?;
    let id = id.into_inner();
    let p = principal.clone();
    let view = state
        .db(move |conn| {
            let v = visits::find_visible(conn, &scope, id)?;
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
    let scope = write_scope_of(&principal)?;
    let id = id.into_inner();
    let expected = http::if_match(&req)?;
    let b = body.0;
    let today = today();
    let p = principal.clone();
    let view = state
        .tx(move |conn| {
            let before = visits::lock_visible(conn, &scope, id)?;
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
                Some(f) if f != before.facility_id => check_facility(conn, f)?.id,
                _ => before.facility_id,
            };
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
    let scope = write_scope_of(&principal)?;
    let visit_id = id.into_inner();
    let b = body.0.clone();
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let visit = visits::lock_visible(conn, &scope, visit_id)?;
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

/// Filters of the recommendation list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RecommendationListQuery {
    /// Only this follow-up status.
    #[param(value_type = Option<String>)]
    pub status: Option<RecommendationStatus>,
    /// `true`: due before today and not implemented.
    pub overdue: Option<bool>,
    /// Only recommendations made at visits to this facility.
    #[param(value_type = Option<String>, format = Uuid)]
    pub facility_id: Option<FacilityId>,
    /// Only recommendations of this visit.
    #[param(value_type = Option<String>, format = Uuid)]
    pub visit_id: Option<VisitId>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists recommendations of the visits the caller may see, newest first; `overdue=true` finds
/// those due before today and not implemented.
#[utoipa::path(tag = "visits", params(RecommendationListQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<RecommendationView>), (status = 400, body = crate::error::Problem)))]
#[get("/recommendations")]
pub async fn list_recommendations(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::extract::Query<RecommendationListQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = read_scope_of(&principal)?;
    let q = query.into_inner();
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let before: Option<RecommendationId> = page.cursor()?;
    let today = today();
    let filter = RecommendationFilter {
        status: q.status,
        overdue_as_of: q.overdue.filter(|o| *o).map(|_| today),
        facility_id: q.facility_id,
        visit_id: q.visit_id,
    };
    let rows = state
        .db(move |conn| Ok(visits::list_recommendations(conn, &scope, &filter, before, limit + 1)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(
        rows,
        limit,
        |r| r.id,
        |r| RecommendationView::new(r, today),
    )))
}

/// A recommendation with the visit that made it and its history.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecommendationDetail {
    /// The recommendation.
    #[serde(flatten)]
    pub recommendation: RecommendationView,
    /// The number of the visit that made it.
    pub visit_number: String,
    /// The facility.
    #[schema(value_type = String, format = Uuid)]
    pub facility_id: FacilityId,
    /// Every change of its follow-up status, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<FollowUp>,
}

fn recommendation_detail(conn: &mut Conn, r: Recommendation, visit: &Visit) -> Result<RecommendationDetail, ApiError> {
    let history = visits::follow_ups_of(conn, r.id)?;
    Ok(RecommendationDetail {
        recommendation: RecommendationView::new(r, today()),
        visit_number: visit.number.clone(),
        facility_id: visit.facility_id,
        history,
    })
}

/// One recommendation with its follow-up history.
#[utoipa::path(tag = "visits", security(("bearer" = [])), responses(
    (status = 200, body = RecommendationDetail), (status = 404, body = crate::error::Problem)))]
#[get("/recommendations/{id}")]
pub async fn get_recommendation(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<RecommendationId>,
) -> Result<HttpResponse, ApiError> {
    let scope = read_scope_of(&principal)?;
    let id = id.into_inner();
    let detail = state
        .db(move |conn| {
            let (r, visit) = visits::find_recommendation(conn, &scope, id)?;
            recommendation_detail(conn, r, &visit)
        })
        .await?;
    Ok(http::with_etag(
        StatusCode::OK,
        detail.recommendation.recommendation.version,
        &detail,
    ))
}

/// Changes to a recommendation's wording or due date; send the ETag in `If-Match`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRecommendationRequest {
    /// New text.
    pub text: Option<String>,
    /// New addressee.
    pub addressee: Option<String>,
    /// New due date.
    pub due_on: Option<NaiveDate>,
}

/// Corrects a recommendation's text, addressee or due date (monitors, managers); requires
/// `If-Match`. Its status changes only through follow-ups.
#[utoipa::path(tag = "visits", request_body = UpdateRecommendationRequest, security(("bearer" = [])), responses(
    (status = 200, body = RecommendationDetail), (status = 400, body = crate::error::Problem),
    (status = 404, body = crate::error::Problem), (status = 412, body = crate::error::Problem)))]
#[patch("/recommendations/{id}")]
pub async fn update_recommendation(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<RecommendationId>,
    body: JsonBody<UpdateRecommendationRequest>,
) -> Result<HttpResponse, ApiError> {
    let scope = write_scope_of(&principal)?;
    let expected = http::if_match(&req)?;
    let id = id.into_inner();
    let b = body.0;
    if b.text.is_none() && b.addressee.is_none() && b.due_on.is_none() {
        return Err(ApiError::field("", "empty_update", "name at least one field to change"));
    }
    let p = principal.clone();
    let detail = state
        .tx(move |conn| {
            let (before, visit) = visits::lock_recommendation(conn, &scope, id)?;
            if before.version != expected {
                return Err(ApiError::PreconditionFailed);
            }
            let r = validate_recommendation(
                "",
                b.text.as_deref().unwrap_or(&before.text),
                b.addressee.as_deref().unwrap_or(&before.addressee),
                b.due_on.or(before.due_on),
                visit.started_on,
            )?;
            let after = visits::edit_recommendation(conn, id, &r.text, &r.addressee, r.due_on)?;
            let diff = audit::diff(&http::to_json(&before)?, &http::to_json(&after)?);
            audit::record(conn, &p.actor(), "recommendation.update", "recommendation", id.0, diff)?;
            recommendation_detail(conn, after, &visit)
        })
        .await?;
    Ok(http::with_etag(
        StatusCode::OK,
        detail.recommendation.recommendation.version,
        &detail,
    ))
}

/// A follow-up of a recommendation: what the facility did, as seen on a follow-up visit (or
/// learnt otherwise, without `visit_id`).
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRequest {
    /// `open`, `implemented`, `partially_implemented` or `not_implemented`.
    #[schema(value_type = RecommendationStatus)]
    pub status: RecommendationStatus,
    /// The later visit to the same facility that checked it.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub visit_id: Option<VisitId>,
    /// What was seen.
    #[serde(default)]
    pub note: String,
}

/// Records a follow-up of a recommendation and moves it to the status found (monitors,
/// managers); the history keeps every change. `If-Match` is honoured when sent;
/// `Idempotency-Key` too.
#[utoipa::path(tag = "visits", request_body = FollowUpRequest, security(("bearer" = [])), responses(
    (status = 201, body = RecommendationDetail), (status = 400, body = crate::error::Problem),
    (status = 404, body = crate::error::Problem), (status = 412, body = crate::error::Problem)))]
#[post("/recommendations/{id}/follow-ups")]
pub async fn follow_up(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<RecommendationId>,
    body: JsonBody<FollowUpRequest>,
) -> Result<HttpResponse, ApiError> {
    let scope = write_scope_of(&principal)?;
    let expected = match req.headers().get(actix_web::http::header::IF_MATCH) {
        Some(_) => Some(http::if_match(&req)?),
        None => None,
    };
    let id = id.into_inner();
    let b = body.0.clone();
    let note = b.note.trim().to_owned();
    if note.chars().count() > NOTE_MAX {
        return Err(ApiError::field(
            "note",
            "too_long",
            format!("must be at most {NOTE_MAX} characters"),
        ));
    }
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let (before, made_at) = visits::lock_recommendation(conn, &scope, id)?;
        if expected.is_some_and(|v| v != before.version) {
            return Err(ApiError::PreconditionFailed);
        }
        if let Some(visit_id) = b.visit_id {
            let checking = match visits::find_visible(conn, &scope, visit_id) {
                Ok(v) => v,
                Err(DbError::NotFound) => {
                    return Err(ApiError::field(
                        "visit_id",
                        "unknown_visit",
                        "no visit you may work on has this id",
                    ))
                }
                Err(e) => return Err(e.into()),
            };
            if checking.id == made_at.id {
                return Err(ApiError::field(
                    "visit_id",
                    "same_visit",
                    "a follow-up is checked on a later visit, not on the visit that made the recommendation",
                ));
            }
            check_follow_up_visit(
                checking.facility_id == made_at.facility_id,
                made_at.started_on,
                checking.started_on,
            )?;
        }
        let f = FollowUp {
            id: FollowUpId::new(),
            recommendation_id: id,
            visit_id: b.visit_id,
            from_status: before.status,
            status: b.status,
            note: note.clone(),
            recorded_by: Some(p.user_id),
            recorded_at: Utc::now(),
        };
        let after = visits::follow_up(conn, &f)?;
        audit::record(
            conn,
            &p.actor(),
            "recommendation.follow_up",
            "recommendation",
            id.0,
            serde_json::json!({"from": before.status, "to": b.status, "visit_id": b.visit_id, "note": note}),
        )?;
        let detail = recommendation_detail(conn, after, &made_at)?;
        Ok(Created {
            location: format!("/api/v1/recommendations/{id}"),
            body: http::to_json(&detail)?,
        })
    })
    .await
}

/// The monitoring picture of a facility, for its page.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FacilityMonitoring {
    /// The latest visits the caller may see (at most 100), latest first.
    pub visits: Vec<VisitSummary>,
    /// Implemented recommendations over all recommendations made there (every office's
    /// visits); null when none were made.
    pub recommendations_implementation_rate: Option<f64>,
    /// The number of recommendations made there in each follow-up status.
    pub recommendations_by_status: BTreeMap<String, i64>,
}

/// The visits to a facility and the implementation of its recommendations; visits are listed as
/// the caller may see them (none for an administrator), the rate counts every visit.
pub fn facility_monitoring(
    conn: &mut Conn,
    p: &Principal,
    facility: FacilityId,
) -> Result<FacilityMonitoring, ApiError> {
    let visits = match read_scope_of(p) {
        Ok(scope) => {
            let rows = visits::of_facility(conn, &scope, facility, 100)?;
            summaries(conn, rows)?
        }
        Err(_) => Vec::new(),
    };
    let mut by_status: BTreeMap<String, i64> = RecommendationStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), 0))
        .collect();
    for (status, n) in visits::facility_recommendation_counts(conn, facility)? {
        by_status.insert(status.as_str().to_owned(), n);
    }
    let total: i64 = by_status.values().sum();
    let implemented = by_status
        .get(RecommendationStatus::Implemented.as_str())
        .copied()
        .unwrap_or(0);
    Ok(FacilityMonitoring {
        visits,
        recommendations_implementation_rate: implementation_rate(implemented, total),
        recommendations_by_status: by_status,
    })
}

/// Uploads a photo or scan from a visit (raw body with its `Content-Type`; same storage, size
/// limit and type checks as appeal attachments).
#[utoipa::path(tag = "visits", params(super::appeals::attachments::UploadQuery), security(("bearer" = [])), responses(
    (status = 201, description = "The stored attachment with its SHA-256"),
    (status = 404, body = crate::error::Problem),
    (status = 413, body = crate::error::Problem), (status = 415, body = crate::error::Problem)))]
#[post("/visits/{id}/attachments")]
pub async fn upload_attachment(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<VisitId>,
    query: crate::extract::Query<super::appeals::attachments::UploadQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    use super::appeals::attachments::{receive, respond};
    let scope = write_scope_of(&principal)?;
    let visit_id = id.into_inner();
    state
        .db(move |conn| Ok(visits::find_visible(conn, &scope, visit_id)?))
        .await?;
    let attachment_id = ombudsman_domain::ids::AttachmentId::new();
    let got = receive(
        &state,
        &req,
        &query.filename,
        format!("visits/{visit_id}/{attachment_id}"),
        payload,
    )
    .await?;
    let key = got.key.clone();
    let row = attachments::Attachment {
        id: attachment_id,
        appeal_id: None,
        filename: got.filename,
        content_type: got.content_type,
        size_bytes: got.size as i64,
        sha256: got.sha256,
        storage_key: got.key,
        uploaded_by: Some(principal.user_id),
        created_at: Utc::now(),
        visit_id: Some(visit_id),
    };
    let p = principal.clone();
    let stored = state
        .tx(move |conn| {
            let saved = attachments::insert(conn, &row)?;
            audit::record(
                conn,
                &p.actor(),
                "visit.attach",
                "visit",
                visit_id.0,
                http::to_json(&saved)?,
            )?;
            Ok(saved)
        })
        .await;
    respond(&state, &key, stored).await
}

/// The photos and scans of a visit (download each with `/api/v1/attachments/{id}/content`).
#[utoipa::path(tag = "visits", security(("bearer" = [])), responses(
    (status = 200, description = "The attachments"), (status = 404, body = crate::error::Problem)))]
#[get("/visits/{id}/attachments")]
pub async fn list_attachments(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<VisitId>,
) -> Result<HttpResponse, ApiError> {
    let scope = read_scope_of(&principal)?;
    let id = id.into_inner();
    let items = state
        .db(move |conn| {
            visits::find_visible(conn, &scope, id)?;
            Ok(attachments::for_visit(conn, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}
