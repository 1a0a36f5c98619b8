//! What a visit, a recommendation and a facility's monitoring look like in the API.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use ombudsman_db::facilities::{self, Facility};
use ombudsman_db::visits::{self, FollowUp, Recommendation, TeamMember, Visit, VisitAppeal};
use ombudsman_db::{attachments, impact, Conn};
use ombudsman_domain::facility::FacilityKind;
use ombudsman_domain::ids::{FacilityId, ImpactMeasureId, OfficeId, UserId, VisitId};
use ombudsman_domain::impact::{MeasureKind, MeasureStatus};
use ombudsman_domain::office::Region;
use ombudsman_domain::visit::{is_overdue, VisitType};
use serde::Serialize;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::today;
use ombudsman_domain::access::Action as Do;

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

pub(crate) fn conducted_by(team: usize, members: usize) -> &'static str {
    ombudsman_domain::visit::ConductedBy::of(team, members).as_str()
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
    pub(crate) fn new(r: Recommendation, today: NaiveDate) -> Self {
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
    pub kind: MeasureKind,
    /// Status.
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

pub(crate) fn members(v: &Visit) -> Vec<String> {
    v.public_group_members.iter().flatten().cloned().collect()
}

pub(crate) fn visit_view(conn: &mut Conn, p: &Principal, v: Visit) -> Result<VisitView, ApiError> {
    let today = today();
    let facility = facilities::find(conn, v.facility_id)?;
    let team = visits::team_of(conn, v.id)?;
    let recommendations = visits::recommendations_of(conn, v.id)?
        .into_iter()
        .map(|r| RecommendationView::new(r, today))
        .collect();
    let scope = p.caller().visit_scope(Do::Read)?;
    // A central-office manager may check another office's recommendation on this visit;
    // the caller sees only those of visits they may see.
    let checked = visits::checked_during(conn, &scope, v.id)?
        .into_iter()
        .map(|(f, r, made_at)| CheckedRecommendation {
            follow_up: f,
            recommendation: RecommendationView::new(r, today),
            recommended_at_visit: made_at,
        })
        .collect();
    let appeals = visits::appeals_of(conn, v.id)?;
    let appeals = crate::routes::appeals::visible_links(conn, p, appeals, |a| a.id)?;
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

pub(crate) fn summaries(conn: &mut Conn, rows: Vec<Visit>) -> Result<Vec<VisitSummary>, ApiError> {
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
