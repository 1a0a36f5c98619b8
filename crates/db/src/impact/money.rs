//! Compensation recovered for applicants: records, lists within the caller's scope and totals.

use super::*;

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
