//! Impact measures with their linked appeals, and compensation records.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use ombudsman_domain::ids::{AppealId, ApplicantId, CompensationId, ImpactMeasureId, OfficeId, UserId};
use ombudsman_domain::impact::{CompensationKind, MeasureKind, MeasureStatus};
use serde::Serialize;

use crate::schema::{appeals, compensations, impact_measure_appeals, impact_measures};
use crate::{Conn, DbError};

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

/// Corrects a measure's addressee, summary or response due date, bumping the version.
pub fn update_details(
    conn: &mut Conn,
    id: ImpactMeasureId,
    addressee: Option<&str>,
    summary: Option<&str>,
    response_due_on: Option<NaiveDate>,
) -> Result<Measure, DbError> {
    #[derive(AsChangeset)]
    #[diesel(table_name = impact_measures)]
    struct Details<'a> {
        addressee: Option<&'a str>,
        summary: Option<&'a str>,
        response_due_on: Option<NaiveDate>,
    }
    Ok(diesel::update(impact_measures::table.find(id))
        .set((
            Details {
                addressee,
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
#[derive(Debug, Clone, Queryable, Serialize)]
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

/// A compensation record as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = compensations, check_for_backend(diesel::pg::Pg))]
pub struct Compensation {
    /// Identifier.
    pub id: CompensationId,
    /// Office of the appeal or measure it came from.
    pub office_id: OfficeId,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// ISO 4217 currency.
    pub currency: String,
    /// Kind.
    pub kind: CompensationKind,
    /// Who paid.
    pub paid_by: String,
    /// Date recovered.
    pub recovered_on: NaiveDate,
    /// Beneficiary.
    pub applicant_id: Option<ApplicantId>,
    /// Appeal it came from.
    pub appeal_id: Option<AppealId>,
    /// Measure it came from.
    pub impact_measure_id: Option<ImpactMeasureId>,
    /// Note.
    pub note: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<UserId>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Updated.
    pub updated_at: DateTime<Utc>,
    /// When it was voided: a voided record counts in no total or report.
    pub voided_at: Option<DateTime<Utc>>,
    /// Why it was voided.
    pub void_reason: Option<String>,
}

/// A new compensation record.
#[derive(Debug, Insertable)]
#[diesel(table_name = compensations)]
pub struct NewCompensation<'a> {
    /// Identifier.
    pub id: CompensationId,
    /// Office.
    pub office_id: OfficeId,
    /// Amount.
    pub amount_minor: i64,
    /// Currency.
    pub currency: &'a str,
    /// Kind.
    pub kind: CompensationKind,
    /// Payer.
    pub paid_by: &'a str,
    /// Date.
    pub recovered_on: NaiveDate,
    /// Beneficiary.
    pub applicant_id: Option<ApplicantId>,
    /// Appeal.
    pub appeal_id: Option<AppealId>,
    /// Measure.
    pub impact_measure_id: Option<ImpactMeasureId>,
    /// Note.
    pub note: Option<&'a str>,
    /// Recorder.
    pub recorded_by: Option<UserId>,
}

/// Inserts a compensation record.
pub fn insert_compensation(conn: &mut Conn, new: &NewCompensation<'_>) -> Result<Compensation, DbError> {
    Ok(diesel::insert_into(compensations::table)
        .values(new)
        .returning(Compensation::as_returning())
        .get_result(conn)?)
}

/// Filters of the compensation list.
#[derive(Debug, Clone, Default)]
pub struct CompensationFilter {
    /// From this appeal.
    pub appeal_id: Option<AppealId>,
    /// From this measure.
    pub impact_measure_id: Option<ImpactMeasureId>,
    /// For this applicant.
    pub applicant_id: Option<ApplicantId>,
    /// Currency.
    pub currency: Option<String>,
    /// Kind.
    pub kind: Option<CompensationKind>,
    /// Recovered on or after.
    pub recovered_from: Option<NaiveDate>,
    /// Recovered on or before.
    pub recovered_to: Option<NaiveDate>,
}

/// Compensation records, newest first, before a keyset cursor.
pub fn list_compensations(
    conn: &mut Conn,
    scope: &MeasureScope,
    filter: &CompensationFilter,
    before: Option<CompensationId>,
    limit: i64,
) -> Result<Vec<Compensation>, DbError> {
    let mut q = compensations::table.into_boxed();
    if !scope.all_offices {
        q = q.filter(compensations::office_id.eq(scope.office_id));
    }
    if let Some(a) = filter.appeal_id {
        q = q.filter(compensations::appeal_id.eq(a));
    }
    if let Some(m) = filter.impact_measure_id {
        q = q.filter(compensations::impact_measure_id.eq(m));
    }
    if let Some(a) = filter.applicant_id {
        q = q.filter(compensations::applicant_id.eq(a));
    }
    if let Some(c) = &filter.currency {
        q = q.filter(compensations::currency.eq(c.clone()));
    }
    if let Some(k) = filter.kind {
        q = q.filter(compensations::kind.eq(k));
    }
    if let Some(d) = filter.recovered_from {
        q = q.filter(compensations::recovered_on.ge(d));
    }
    if let Some(d) = filter.recovered_to {
        q = q.filter(compensations::recovered_on.le(d));
    }
    if let Some(b) = before {
        q = q.filter(compensations::id.lt(b));
    }
    Ok(q.order(compensations::id.desc())
        .limit(limit)
        .select(Compensation::as_select())
        .load(conn)?)
}

/// One compensation record the caller may see.
pub fn find_compensation(conn: &mut Conn, scope: &MeasureScope, id: CompensationId) -> Result<Compensation, DbError> {
    let mut q = compensations::table.filter(compensations::id.eq(id)).into_boxed();
    if !scope.all_offices {
        q = q.filter(compensations::office_id.eq(scope.office_id));
    }
    Ok(q.select(Compensation::as_select()).first(conn)?)
}

/// Totals per currency, in minor units: summed in SQL as `numeric` (never as a float, never
/// wrapping) and held as `i128`, which no sum of `bigint` amounts can overflow.
pub type Totals = BTreeMap<String, i128>;

#[derive(QueryableByName)]
struct TotalRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    currency: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    total: String,
}

/// A `numeric` sum sent as text (diesel has no 128-bit integer type), read back exactly.
pub(crate) fn parse_sum(text: &str) -> Result<i128, DbError> {
    text.parse::<i128>().map_err(|e| {
        DbError::Other(diesel::result::Error::DeserializationError(
            format!("the sum {text} is not a whole number of minor units: {e}").into(),
        ))
    })
}

fn totals(conn: &mut Conn, column: &str, id: uuid::Uuid) -> Result<Totals, DbError> {
    let rows: Vec<TotalRow> = diesel::sql_query(format!(
        "SELECT currency, sum(amount_minor::numeric)::text AS total FROM compensations WHERE {column} = $1 \
         AND voided_at IS NULL GROUP BY currency ORDER BY currency"
    ))
    .bind::<diesel::sql_types::Uuid, _>(id)
    .load(conn)?;
    rows.into_iter()
        .map(|r| Ok((r.currency, parse_sum(&r.total)?)))
        .collect()
}

/// Compensation recovered from an appeal, per currency.
pub fn totals_for_appeal(conn: &mut Conn, appeal: AppealId) -> Result<Totals, DbError> {
    totals(conn, "appeal_id", appeal.0)
}

/// Compensation recovered for an applicant through these appeals (directly, or through a
/// measure issued for one of them), per currency: what a caller who sees only those appeals
/// may be told.
pub fn totals_for_applicant_in(
    conn: &mut Conn,
    applicant: ApplicantId,
    appeals: &[AppealId],
) -> Result<Totals, DbError> {
    let ids: Vec<uuid::Uuid> = appeals.iter().map(|a| a.0).collect();
    let rows: Vec<TotalRow> = diesel::sql_query(
        "SELECT currency, sum(amount_minor::numeric)::text AS total FROM compensations \
         WHERE applicant_id = $1 AND voided_at IS NULL AND (appeal_id = ANY($2) OR (appeal_id IS NULL AND impact_measure_id IN \
         (SELECT impact_measure_id FROM impact_measure_appeals WHERE appeal_id = ANY($2)))) \
         GROUP BY currency ORDER BY currency",
    )
    .bind::<diesel::sql_types::Uuid, _>(applicant.0)
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(ids)
    .load(conn)?;
    rows.into_iter()
        .map(|r| Ok((r.currency, parse_sum(&r.total)?)))
        .collect()
}

#[derive(QueryableByName)]
struct MeasureTotalRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    measure: ImpactMeasureId,
    #[diesel(sql_type = diesel::sql_types::Text)]
    currency: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    total: String,
}

/// Compensation recovered through each of these measures, per currency (voided records left
/// out); a measure without any is absent. One query for a page of measures.
pub fn totals_for_measures(
    conn: &mut Conn,
    measures: &[ImpactMeasureId],
) -> Result<HashMap<ImpactMeasureId, Totals>, DbError> {
    if measures.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<uuid::Uuid> = measures.iter().map(|m| m.0).collect();
    let rows: Vec<MeasureTotalRow> = diesel::sql_query(
        "SELECT impact_measure_id AS measure, currency, sum(amount_minor::numeric)::text AS total \
         FROM compensations WHERE impact_measure_id = ANY($1) AND voided_at IS NULL \
         GROUP BY impact_measure_id, currency",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(ids)
    .load(conn)?;
    let mut totals: HashMap<ImpactMeasureId, Totals> = HashMap::new();
    for r in rows {
        totals
            .entry(r.measure)
            .or_default()
            .insert(r.currency, parse_sum(&r.total)?);
    }
    Ok(totals)
}

/// The measures issued after a monitoring visit, oldest first.
pub fn for_visit(conn: &mut Conn, visit: uuid::Uuid) -> Result<Vec<Measure>, DbError> {
    Ok(impact_measures::table
        .filter(impact_measures::visit_id.eq(visit))
        .order(impact_measures::id.asc())
        .select(Measure::as_select())
        .load(conn)?)
}
