//! Impact measures with their linked appeals, and compensation records.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use ombudsman_domain::ids::{AppealId, ApplicantId, CompensationId, ImpactMeasureId, OfficeId, StateBodyId, UserId};
use ombudsman_domain::impact::{CompensationKind, MeasureKind, MeasureStatus};
use serde::Serialize;

use crate::schema::{appeals, compensations, impact_measure_appeals, impact_measures};
use crate::{Conn, DbError};

mod money;

pub use money::*;

/// An impact measure as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = impact_measures, check_for_backend(diesel::pg::Pg))]
pub struct Measure {
    /// Identifier.
    pub id: ImpactMeasureId,
    /// Issuing office.
    pub office_id: OfficeId,
    /// Number, e.g. `HQ-D-2025-0001`.
    pub number: String,
    /// Year of the number.
    pub year: i32,
    /// Sequence within office, kind and year.
    pub seq: i32,
    /// Kind.
    pub kind: MeasureKind,
    /// The state body it is addressed to.
    pub addressee: String,
    /// Date issued.
    pub issued_on: NaiveDate,
    /// What the office asks for.
    pub summary: String,
    /// When the body must answer.
    pub response_due_on: Option<NaiveDate>,
    /// Status.
    pub status: MeasureStatus,
    /// When the body answered.
    pub response_received_on: Option<NaiveDate>,
    /// What it answered.
    pub response_summary: Option<String>,
    /// When it was implemented, rejected, won or lost.
    pub decided_on: Option<NaiveDate>,
    /// The monitoring visit it follows.
    pub visit_id: Option<uuid::Uuid>,
    /// Who issued it.
    pub issued_by: Option<UserId>,
    /// Optimistic-lock version.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Updated.
    pub updated_at: DateTime<Utc>,
    /// The addressee's body in the directory of state bodies.
    pub addressee_body_id: Option<StateBodyId>,
}

/// A new measure.
#[derive(Debug, Insertable)]
#[diesel(table_name = impact_measures)]
pub struct NewMeasure<'a> {
    /// Identifier.
    pub id: ImpactMeasureId,
    /// Office.
    pub office_id: OfficeId,
    /// Number.
    pub number: &'a str,
    /// Year.
    pub year: i32,
    /// Sequence.
    pub seq: i32,
    /// Kind.
    pub kind: MeasureKind,
    /// Addressee.
    pub addressee: &'a str,
    /// Issued.
    pub issued_on: NaiveDate,
    /// Summary.
    pub summary: &'a str,
    /// Response due.
    pub response_due_on: Option<NaiveDate>,
    /// Visit.
    pub visit_id: Option<uuid::Uuid>,
    /// Issuer.
    pub issued_by: Option<UserId>,
    /// The addressee's body in the directory.
    pub addressee_body_id: Option<StateBodyId>,
}

/// Inserts a measure and links its appeals.
pub fn insert(conn: &mut Conn, new: &NewMeasure<'_>, appeal_ids: &[AppealId]) -> Result<Measure, DbError> {
    let measure = diesel::insert_into(impact_measures::table)
        .values(new)
        .returning(Measure::as_returning())
        .get_result(conn)?;
    let links: Vec<_> = appeal_ids
        .iter()
        .map(|a| {
            (
                impact_measure_appeals::impact_measure_id.eq(measure.id),
                impact_measure_appeals::appeal_id.eq(*a),
            )
        })
        .collect();
    diesel::insert_into(impact_measure_appeals::table)
        .values(&links)
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(measure)
}

/// Who may see which measures: every office, or one.
#[derive(Debug, Clone, Copy)]
pub struct MeasureScope {
    /// Every office.
    pub all_offices: bool,
    /// Otherwise this one.
    pub office_id: OfficeId,
}

type BoxedMeasures<'a> = impact_measures::BoxedQuery<'a, diesel::pg::Pg>;

fn scoped<'a>(scope: &MeasureScope) -> BoxedMeasures<'a> {
    let mut q = impact_measures::table.into_boxed();
    if !scope.all_offices {
        q = q.filter(impact_measures::office_id.eq(scope.office_id));
    }
    q
}

/// One measure the caller may see.
pub fn find_visible(conn: &mut Conn, scope: &MeasureScope, id: ImpactMeasureId) -> Result<Measure, DbError> {
    Ok(scoped(scope)
        .filter(impact_measures::id.eq(id))
        .select(Measure::as_select())
        .first(conn)?)
}

/// One measure, locked for a change.
pub fn lock_visible(conn: &mut Conn, scope: &MeasureScope, id: ImpactMeasureId) -> Result<Measure, DbError> {
    find_visible(conn, scope, id)?;
    Ok(impact_measures::table
        .find(id)
        .select(Measure::as_select())
        .for_update()
        .first(conn)?)
}

/// Filters of the measure list.
#[derive(Debug, Clone, Default)]
pub struct MeasureFilter {
    /// Kind.
    pub kind: Option<MeasureKind>,
    /// Status.
    pub status: Option<MeasureStatus>,
    /// Still waiting for an answer due before this date.
    pub overdue_as_of: Option<NaiveDate>,
    /// Linked to this appeal.
    pub appeal_id: Option<AppealId>,
    /// Issued on or after.
    pub issued_from: Option<NaiveDate>,
    /// Issued on or before.
    pub issued_to: Option<NaiveDate>,
    /// Addressee contains (case-insensitive).
    pub addressee: Option<String>,
}

/// Measures, newest first, before a keyset cursor.
pub fn list(
    conn: &mut Conn,
    scope: &MeasureScope,
    filter: &MeasureFilter,
    before: Option<ImpactMeasureId>,
    limit: i64,
) -> Result<Vec<Measure>, DbError> {
    let mut q = scoped(scope);
    if let Some(k) = filter.kind {
        q = q.filter(impact_measures::kind.eq(k));
    }
    if let Some(s) = filter.status {
        q = q.filter(impact_measures::status.eq(s));
    }
    if let Some(day) = filter.overdue_as_of {
        q = q
            .filter(impact_measures::status.eq(MeasureStatus::Issued))
            .filter(impact_measures::response_due_on.lt(day));
    }
    if let Some(a) = filter.appeal_id {
        q = q.filter(
            impact_measures::id.eq_any(
                impact_measure_appeals::table
                    .filter(impact_measure_appeals::appeal_id.eq(a))
                    .select(impact_measure_appeals::impact_measure_id),
            ),
        );
    }
    if let Some(d) = filter.issued_from {
        q = q.filter(impact_measures::issued_on.ge(d));
    }
    if let Some(d) = filter.issued_to {
        q = q.filter(impact_measures::issued_on.le(d));
    }
    if let Some(a) = &filter.addressee {
        q = q.filter(impact_measures::addressee.ilike(ombudsman_domain::search::like_pattern(a)));
    }
    if let Some(b) = before {
        q = q.filter(impact_measures::id.lt(b));
    }
    Ok(q.order(impact_measures::id.desc())
        .limit(limit)
        .select(Measure::as_select())
        .load(conn)?)
}

/// The lifecycle fields of a measure that a move changes.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = impact_measures, treat_none_as_null = true)]
pub struct MeasureChange {
    /// Status.
    pub status: MeasureStatus,
    /// Response date.
    pub response_received_on: Option<NaiveDate>,
    /// Response.
    pub response_summary: Option<String>,
    /// Decision date.
    pub decided_on: Option<NaiveDate>,
}

/// Applies a move, bumping the version.
pub fn apply(conn: &mut Conn, id: ImpactMeasureId, change: &MeasureChange) -> Result<Measure, DbError> {
    Ok(diesel::update(impact_measures::table.find(id))
        .set((
            change,
            impact_measures::version.eq(impact_measures::version + 1),
            impact_measures::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Measure::as_returning())
        .get_result(conn)?)
}

/// Corrects a measure's addressee (and its link to the directory: `Some(None)` clears it),
/// summary or response due date, bumping the version.
pub fn update_details(
    conn: &mut Conn,
    id: ImpactMeasureId,
    addressee: Option<&str>,
    addressee_body_id: Option<Option<StateBodyId>>,
    summary: Option<&str>,
    response_due_on: Option<NaiveDate>,
) -> Result<Measure, DbError> {
    #[derive(AsChangeset)]
    #[diesel(table_name = impact_measures)]
    struct Details<'a> {
        addressee: Option<&'a str>,
        addressee_body_id: Option<Option<StateBodyId>>,
        summary: Option<&'a str>,
        response_due_on: Option<NaiveDate>,
    }
    Ok(diesel::update(impact_measures::table.find(id))
        .set((
            Details {
                addressee,
                addressee_body_id,
                summary,
                response_due_on,
            },
            impact_measures::version.eq(impact_measures::version + 1),
            impact_measures::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Measure::as_returning())
        .get_result(conn)?)
}

/// A linked appeal as shown on a measure.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct LinkedAppeal {
    /// Appeal.
    pub id: AppealId,
    /// Its number.
    pub number: String,
}

/// The appeals linked to a measure (all of them; callers filter by what they may see).
pub fn linked_appeals(conn: &mut Conn, id: ImpactMeasureId) -> Result<Vec<LinkedAppeal>, DbError> {
    Ok(impact_measure_appeals::table
        .inner_join(appeals::table)
        .filter(impact_measure_appeals::impact_measure_id.eq(id))
        .order(appeals::number.asc())
        .select((appeals::id, appeals::number))
        .load(conn)?)
}

/// The appeals linked to each of these measures (all of them; callers filter by what they may
/// see), by measure, each in number order: one query for a page of measures.
pub fn linked_appeals_of(
    conn: &mut Conn,
    ids: &[ImpactMeasureId],
) -> Result<HashMap<ImpactMeasureId, Vec<LinkedAppeal>>, DbError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(ImpactMeasureId, LinkedAppeal)> = impact_measure_appeals::table
        .inner_join(appeals::table)
        .filter(impact_measure_appeals::impact_measure_id.eq_any(ids.to_vec()))
        .order((impact_measure_appeals::impact_measure_id.asc(), appeals::number.asc()))
        .select((
            impact_measure_appeals::impact_measure_id,
            (appeals::id, appeals::number),
        ))
        .load(conn)?;
    let mut linked: HashMap<ImpactMeasureId, Vec<LinkedAppeal>> = HashMap::with_capacity(ids.len());
    for (measure, appeal) in rows {
        linked.entry(measure).or_default().push(appeal);
    }
    Ok(linked)
}

/// A measure as listed on an appeal.
#[derive(Debug, Clone, Queryable, Serialize, serde::Deserialize)]
pub struct MeasureSummary {
    /// Measure.
    pub id: ImpactMeasureId,
    /// Number.
    pub number: String,
    /// Kind.
    pub kind: MeasureKind,
    /// Status.
    pub status: MeasureStatus,
}

/// The measures issued for each of these appeals that the caller may see, by appeal, each
/// oldest issued first: one query for a page of appeals.
pub fn for_appeals_in(
    conn: &mut Conn,
    appeals_: &[AppealId],
    scope: &MeasureScope,
) -> Result<HashMap<AppealId, Vec<MeasureSummary>>, DbError> {
    if appeals_.is_empty() {
        return Ok(HashMap::new());
    }
    let mut q = impact_measure_appeals::table
        .inner_join(impact_measures::table)
        .filter(impact_measure_appeals::appeal_id.eq_any(appeals_.to_vec()))
        .into_boxed();
    if !scope.all_offices {
        q = q.filter(impact_measures::office_id.eq(scope.office_id));
    }
    let rows: Vec<(AppealId, MeasureSummary)> = q
        .order((impact_measures::issued_on.asc(), impact_measures::number.asc()))
        .select((
            impact_measure_appeals::appeal_id,
            (
                impact_measures::id,
                impact_measures::number,
                impact_measures::kind,
                impact_measures::status,
            ),
        ))
        .load(conn)?;
    let mut by_appeal: HashMap<AppealId, Vec<MeasureSummary>> = HashMap::with_capacity(appeals_.len());
    for (appeal, measure) in rows {
        by_appeal.entry(appeal).or_default().push(measure);
    }
    Ok(by_appeal)
}

/// The office of each of these measures that exists: what the access policy needs to decide
/// which of them a caller may see.
pub fn offices_of(conn: &mut Conn, ids: &[ImpactMeasureId]) -> Result<Vec<(ImpactMeasureId, OfficeId)>, DbError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(impact_measures::table
        .filter(impact_measures::id.eq_any(ids.to_vec()))
        .select((impact_measures::id, impact_measures::office_id))
        .load(conn)?)
}

/// The measures issued after a monitoring visit, oldest first.
pub fn for_visit(conn: &mut Conn, visit: uuid::Uuid) -> Result<Vec<Measure>, DbError> {
    Ok(impact_measures::table
        .filter(impact_measures::visit_id.eq(visit))
        .order(impact_measures::id.asc())
        .select(Measure::as_select())
        .load(conn)?)
}
