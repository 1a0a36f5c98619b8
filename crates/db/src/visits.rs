//! Monitoring visits, their team, the recommendations made after them and the follow-up of each
//! recommendation.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::count_star;
use diesel::prelude::*;
use ombudsman_domain::appeal::Status;
use ombudsman_domain::ids::{
    AppealId, FacilityId, FollowUpId, OfficeId, RecommendationId, StateBodyId, UserId, VisitId,
};
use ombudsman_domain::visit::{RecommendationStatus, VisitType};
use serde::Serialize;

use crate::schema::{appeals, recommendation_follow_ups, recommendations, users, visit_team, visits};
use crate::{Conn, DbError};

mod follow_up;

pub use follow_up::*;

/// A visit as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = visits, check_for_backend(diesel::pg::Pg))]
pub struct Visit {
    /// Identifier.
    pub id: VisitId,
    /// Number, e.g. `HQ-V-2025-0001`.
    pub number: String,
    /// The office whose monitors made it.
    pub office_id: OfficeId,
    /// The facility visited.
    pub facility_id: FacilityId,
    /// First day.
    pub started_on: NaiveDate,
    /// Last day.
    pub ended_on: NaiveDate,
    /// Type.
    pub visit_type: VisitType,
    /// External Public Group members, by name.
    pub public_group_members: Vec<Option<String>>,
    /// People interviewed individually.
    pub people_interviewed: i32,
    /// People interviewed in groups.
    pub people_interviewed_in_groups: i32,
    /// Findings (pseudonymised).
    pub findings: String,
    /// Who recorded it.
    pub created_by: Option<UserId>,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When recorded.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new visit.
#[derive(Debug, Insertable, Serialize)]
#[diesel(table_name = visits)]
pub struct NewVisitRow<'a> {
    /// Identifier.
    pub id: VisitId,
    /// Number.
    pub number: &'a str,
    /// Office.
    pub office_id: OfficeId,
    /// Facility.
    pub facility_id: FacilityId,
    /// First day.
    pub started_on: NaiveDate,
    /// Last day.
    pub ended_on: NaiveDate,
    /// Type.
    pub visit_type: VisitType,
    /// Public Group members.
    pub public_group_members: &'a [String],
    /// Interviewed individually.
    pub people_interviewed: i32,
    /// Interviewed in groups.
    pub people_interviewed_in_groups: i32,
    /// Findings.
    pub findings: &'a str,
    /// Recorded by.
    pub created_by: Option<UserId>,
}

/// The whole changeable state of a visit, written at once.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = visits)]
pub struct VisitChanges<'a> {
    /// Facility.
    pub facility_id: FacilityId,
    /// First day.
    pub started_on: NaiveDate,
    /// Last day.
    pub ended_on: NaiveDate,
    /// Type.
    pub visit_type: VisitType,
    /// Public Group members.
    pub public_group_members: &'a [String],
    /// Interviewed individually.
    pub people_interviewed: i32,
    /// Interviewed in groups.
    pub people_interviewed_in_groups: i32,
    /// Findings.
    pub findings: &'a str,
}

/// Which visits the caller may see.
#[derive(Debug, Clone, Copy)]
pub struct VisitScope {
    /// Every office (auditors, central office managers), or only `office_id`.
    pub all_offices: bool,
    /// The caller's office.
    pub office_id: OfficeId,
}

type BoxedVisits<'a> = visits::BoxedQuery<'a, diesel::pg::Pg>;

fn scoped<'a>(scope: &VisitScope) -> BoxedVisits<'a> {
    let mut q = visits::table.into_boxed();
    if !scope.all_offices {
        q = q.filter(visits::office_id.eq(scope.office_id));
    }
    q
}

/// Inserts a visit with its team.
pub fn insert(conn: &mut Conn, new: &NewVisitRow<'_>, team: &[UserId]) -> Result<Visit, DbError> {
    let visit = diesel::insert_into(visits::table)
        .values(new)
        .returning(Visit::as_returning())
        .get_result(conn)?;
    set_team(conn, new.id, team)?;
    Ok(visit)
}

/// Replaces the team of a visit.
pub fn set_team(conn: &mut Conn, visit: VisitId, team: &[UserId]) -> Result<(), DbError> {
    diesel::delete(visit_team::table.filter(visit_team::visit_id.eq(visit))).execute(conn)?;
    let rows: Vec<_> = team
        .iter()
        .map(|u| (visit_team::visit_id.eq(visit), visit_team::user_id.eq(*u)))
        .collect();
    diesel::insert_into(visit_team::table).values(&rows).execute(conn)?;
    Ok(())
}

/// A member of a visit's team.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct TeamMember {
    /// The user.
    pub user_id: UserId,
    /// Their name.
    pub full_name: String,
}

/// The office staff who made a visit, by name.
pub fn team_of(conn: &mut Conn, visit: VisitId) -> Result<Vec<TeamMember>, DbError> {
    Ok(visit_team::table
        .inner_join(users::table)
        .filter(visit_team::visit_id.eq(visit))
        .order(users::full_name.asc())
        .select((users::id, users::full_name))
        .load(conn)?)
}

/// One visit the caller may see; `NotFound` otherwise.
pub fn find_visible(conn: &mut Conn, scope: &VisitScope, id: VisitId) -> Result<Visit, DbError> {
    Ok(scoped(scope)
        .filter(visits::id.eq(id))
        .select(Visit::as_select())
        .first(conn)?)
}

/// One visit, locked for a change, if the caller may see it.
pub fn lock_visible(conn: &mut Conn, scope: &VisitScope, id: VisitId) -> Result<Visit, DbError> {
    find_visible(conn, scope, id)?;
    Ok(visits::table
        .find(id)
        .select(Visit::as_select())
        .for_update()
        .first(conn)?)
}

/// Writes a visit's changes if its version is still `expected`; `NotFound` otherwise.
pub fn update(conn: &mut Conn, id: VisitId, expected: i32, changes: &VisitChanges<'_>) -> Result<Visit, DbError> {
    Ok(diesel::update(
        visits::table
            .filter(visits::id.eq(id))
            .filter(visits::version.eq(expected)),
    )
    .set((
        changes,
        visits::version.eq(visits::version + 1),
        visits::updated_at.eq(diesel::dsl::now),
    ))
    .returning(Visit::as_returning())
    .get_result(conn)?)
}

/// Filters of the visit list.
#[derive(Debug, Clone, Default)]
pub struct VisitFilter {
    /// Only visits to this facility.
    pub facility_id: Option<FacilityId>,
    /// Only visits of this type.
    pub visit_type: Option<VisitType>,
    /// Only visits starting on or after.
    pub started_from: Option<NaiveDate>,
    /// Only visits starting on or before.
    pub started_to: Option<NaiveDate>,
    /// Only visits this user took part in.
    pub team_member: Option<UserId>,
}

/// Visits the caller may see, newest first (by id), after a keyset cursor.
pub fn list(
    conn: &mut Conn,
    scope: &VisitScope,
    filter: &VisitFilter,
    before: Option<VisitId>,
    limit: i64,
) -> Result<Vec<Visit>, DbError> {
    let mut q = scoped(scope)
        .select(Visit::as_select())
        .order(visits::id.desc())
        .limit(limit);
    if let Some(f) = filter.facility_id {
        q = q.filter(visits::facility_id.eq(f));
    }
    if let Some(t) = filter.visit_type {
        q = q.filter(visits::visit_type.eq(t));
    }
    if let Some(d) = filter.started_from {
        q = q.filter(visits::started_on.ge(d));
    }
    if let Some(d) = filter.started_to {
        q = q.filter(visits::started_on.le(d));
    }
    if let Some(u) = filter.team_member {
        q = q.filter(
            visits::id.eq_any(
                visit_team::table
                    .filter(visit_team::user_id.eq(u))
                    .select(visit_team::visit_id),
            ),
        );
    }
    if let Some(b) = before {
        q = q.filter(visits::id.lt(b));
    }
    Ok(q.load(conn)?)
}

/// The visits to a facility the caller may see, latest first (at most `limit`).
pub fn of_facility(
    conn: &mut Conn,
    scope: &VisitScope,
    facility: FacilityId,
    limit: i64,
) -> Result<Vec<Visit>, DbError> {
    Ok(scoped(scope)
        .filter(visits::facility_id.eq(facility))
        .order((visits::started_on.desc(), visits::id.desc()))
        .limit(limit)
        .select(Visit::as_select())
        .load(conn)?)
}

/// An appeal received during a visit.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct VisitAppeal {
    /// The appeal.
    pub id: AppealId,
    /// Its number.
    pub number: String,
    /// Its status.
    pub status: Status,
    /// Whether it is confidential.
    #[serde(skip)]
    pub confidential: bool,
    /// Its assigned officer.
    #[serde(skip)]
    pub assigned_to: Option<UserId>,
}

/// The appeals received during a visit.
pub fn appeals_of(conn: &mut Conn, visit: VisitId) -> Result<Vec<VisitAppeal>, DbError> {
    Ok(appeals::table
        .filter(appeals::visit_id.eq(visit))
        .order(appeals::number.asc())
        .select((
            appeals::id,
            appeals::number,
            appeals::status,
            appeals::confidential,
            appeals::assigned_to,
        ))
        .load(conn)?)
}

/// Links an appeal to the visit it was received during.
pub fn link_appeal(conn: &mut Conn, appeal: AppealId, visit: VisitId) -> Result<(), DbError> {
    diesel::update(appeals::table.find(appeal))
        .set(appeals::visit_id.eq(visit))
        .execute(conn)?;
    Ok(())
}

/// The number of office staff on each of these visits (visits without staff are left out).
pub fn team_sizes(conn: &mut Conn, visits_: &[VisitId]) -> Result<std::collections::HashMap<VisitId, usize>, DbError> {
    let rows: Vec<(VisitId, i64)> = visit_team::table
        .filter(visit_team::visit_id.eq_any(visits_))
        .group_by(visit_team::visit_id)
        .select((visit_team::visit_id, count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(v, n)| (v, usize::try_from(n).unwrap_or(0)))
        .collect())
}

/// The first and last receipt dates of the appeals received during a visit (none without any).
pub fn linked_appeal_dates(conn: &mut Conn, visit: VisitId) -> Result<(Option<NaiveDate>, Option<NaiveDate>), DbError> {
    Ok(appeals::table
        .filter(appeals::visit_id.eq(visit))
        .select((
            diesel::dsl::min(appeals::received_on),
            diesel::dsl::max(appeals::received_on),
        ))
        .first(conn)?)
}

/// Whether any follow-up was recorded for the visit's recommendations or during the visit.
pub fn has_follow_ups(conn: &mut Conn, visit: VisitId) -> Result<bool, DbError> {
    let of_its_recommendations = recommendation_follow_ups::table
        .inner_join(recommendations::table)
        .filter(recommendations::visit_id.eq(visit))
        .select(recommendation_follow_ups::id);
    let during = recommendation_follow_ups::table
        .filter(recommendation_follow_ups::visit_id.eq(visit))
        .select(recommendation_follow_ups::id);
    Ok(
        diesel::select(diesel::dsl::exists(of_its_recommendations)).get_result(conn)?
            || diesel::select(diesel::dsl::exists(during)).get_result(conn)?,
    )
}
