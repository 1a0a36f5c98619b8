//! Changing a recorded visit: the whole visit is validated again, and new dates must still hold
//! what hangs on them (its recommendations' due dates, its appeals' receipt dates).

use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::audit;
use ombudsman_db::visits::{self, Visit, VisitChanges};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::{FacilityId, UserId, VisitId};
use ombudsman_domain::visit::{validate_visit, VisitInput, VisitType};

use super::record::{check_facility, check_team};
use crate::access::Caller;
use crate::error::{expect_version, to_json, AppError};

/// Changes to a visit, as given; an omitted field stays as it is.
#[derive(Debug, Clone)]
pub struct EditVisit {
    /// The visit.
    pub visit: VisitId,
    /// The version the caller saw (`If-Match`).
    pub expected_version: i32,
    /// Another facility (a correction).
    pub facility_id: Option<FacilityId>,
    /// First day.
    pub started_on: Option<NaiveDate>,
    /// Last day.
    pub ended_on: Option<NaiveDate>,
    /// Type.
    pub visit_type: Option<VisitType>,
    /// The whole team (replaces it).
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

/// 403 unless the caller's role changes visits; asked before the request is read further.
pub fn may_change(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::Visit], Do::Change)?;
    Ok(())
}

/// New dates of a visit must still hold what hangs on them: no recommendation due before the
/// visit started, and every appeal received during it received on one of its days.
fn check_new_dates(
    conn: &mut PgConnection,
    id: VisitId,
    started_on: NaiveDate,
    ended_on: NaiveDate,
) -> Result<(), AppError> {
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

/// Changes a visit, with its audit event: 404 when the caller may not see it, 412 when it
/// changed since `expected_version`; a visit with follow-ups keeps its facility.
pub fn edit_visit(
    conn: &mut PgConnection,
    caller: &Caller,
    b: &EditVisit,
    today: NaiveDate,
) -> Result<Visit, AppError> {
    may_change(caller)?;
    let id = b.visit;
    let before = caller.lock_visit(conn, Do::Change, id)?;
    expect_version(before.version, b.expected_version)?;
    let old_team: Vec<UserId> = visits::team_of(conn, id)?.into_iter().map(|m| m.user_id).collect();
    let team = match &b.team_user_ids {
        Some(t) => check_team(conn, caller, t)?,
        None => old_team.clone(),
    };
    let old_members: Vec<String> = before.public_group_members.iter().flatten().cloned().collect();
    let members_now = b.public_group_members.clone().unwrap_or(old_members);
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
                return Err(AppError::field(
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
    let after = visits::update(conn, id, b.expected_version, &changes)?;
    if team != old_team {
        visits::set_team(conn, id, &team)?;
    }
    let mut diff = audit::diff(&to_json(&before)?, &to_json(&after)?);
    if team != old_team {
        diff["team_user_ids"] = serde_json::json!({"from": old_team, "to": team});
    }
    audit::record(conn, &caller.actor(), AuditAction::VisitUpdate, "visit", id.0, diff)?;
    Ok(after)
}
