//! Recording a monitoring visit with its team and recommendations (monitors, managers),
//! numbered per office and year, with its audit event, in the caller's transaction.

use chrono::Datelike;
use diesel::PgConnection;
use ombudsman_db::facilities::{self, Facility};
use ombudsman_db::visits::{self, NewRecommendationRow, NewVisitRow, Visit};
use ombudsman_db::{appeals, audit, offices, users, DbError};
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::{FacilityId, RecommendationId, StateBodyId, UserId, VisitId};
use ombudsman_domain::user::Role;
use ombudsman_domain::visit::{visit_number, ValidRecommendation, ValidVisit, VisitType};

use crate::access::Caller;
use crate::error::AppError;
use crate::state_bodies::resolve_each;

/// A validated new visit.
#[derive(Debug, Clone)]
pub struct RecordVisit {
    /// The facility visited.
    pub facility_id: FacilityId,
    /// Type.
    pub visit_type: VisitType,
    /// Dates, Public Group members, counts and findings, checked by the domain.
    pub valid: ValidVisit,
    /// Office staff who took part (checked against the database by the use case).
    pub team_user_ids: Vec<UserId>,
    /// Recommendations made to the facility, in order.
    pub recommendations: Vec<ValidRecommendation>,
}

/// 403 unless the caller's role records visits; asked before the command is parsed.
pub fn may_record(caller: &Caller) -> Result<(), AppError> {
    caller.visit_scope(Do::Create)?;
    Ok(())
}

/// The facility must exist; a field error otherwise.
pub fn check_facility(conn: &mut PgConnection, id: FacilityId) -> Result<Facility, AppError> {
    match facilities::find(conn, id) {
        Ok(f) => Ok(f),
        Err(DbError::NotFound) => Err(AppError::field(
            "facility_id",
            "unknown_facility",
            "no facility in the registry has this id",
        )),
        Err(e) => Err(e.into()),
    }
}

/// Every team member must be an active user of the visit's office (any office for a
/// central-office manager) who does casework; the list is de-duplicated.
pub fn check_team(conn: &mut PgConnection, caller: &Caller, team: &[UserId]) -> Result<Vec<UserId>, AppError> {
    let mut errors = Errors::new();
    let mut out: Vec<UserId> = Vec::new();
    for (i, id) in team.iter().enumerate() {
        let field = format!("team_user_ids[{i}]");
        match users::find(conn, *id) {
            Ok(u) if !u.is_active => {
                errors.push(FieldError::new(field, "inactive_user", "this account is deactivated"))
            }
            Ok(u) if u.office_id != caller.office_id && !caller.central_office => errors.push(FieldError::new(
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

/// Records a visit of the caller's office with its team and recommendations.
pub fn record_visit(conn: &mut PgConnection, caller: &Caller, cmd: RecordVisit) -> Result<Visit, AppError> {
    may_record(caller)?;
    let facility = check_facility(conn, cmd.facility_id)?;
    let team = check_team(conn, caller, &cmd.team_user_ids)?;
    let office = offices::find(conn, caller.office_id)?;
    let valid = &cmd.valid;
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
        visit_type: cmd.visit_type,
        public_group_members: &valid.public_group_members,
        people_interviewed: valid.people_interviewed,
        people_interviewed_in_groups: valid.people_interviewed_in_groups,
        findings: &valid.findings,
        created_by: Some(caller.user_id),
    };
    let visit = visits::insert(conn, &new, &team)?;
    let named: Vec<(&str, Option<StateBodyId>)> = cmd
        .recommendations
        .iter()
        .map(|r| (r.addressee.as_str(), r.addressee_body_id))
        .collect();
    let links = resolve_each(conn, &named, |i| format!("recommendations[{i}].addressee_body_id"))?;
    let rows: Vec<_> = cmd
        .recommendations
        .iter()
        .zip(links)
        .enumerate()
        .map(|(i, (r, addressee_body_id))| NewRecommendationRow {
            id: RecommendationId::new(),
            visit_id: visit.id,
            position: i as i32 + 1,
            text: &r.text,
            addressee: &r.addressee,
            due_on: r.due_on,
            addressee_body_id,
        })
        .collect();
    if !rows.is_empty() {
        visits::insert_recommendations(conn, &rows)?;
    }
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::VisitCreate,
        "visit",
        visit.id.0,
        serde_json::json!({
            "number": number, "facility_id": facility.id, "started_on": valid.started_on,
            "ended_on": valid.ended_on, "visit_type": cmd.visit_type, "team_user_ids": team,
            "public_group_members": valid.public_group_members, "recommendations": rows,
        }),
    )?;
    Ok(visit)
}
