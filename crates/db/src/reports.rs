//! The figures of a period report, computed with a handful of aggregate queries — one pass per
//! table over the date ranges of the period and of the same period a year earlier (both served
//! by the date indexes), grouped with `GROUPING SETS` — never row by row. The counting rules are
//! those of [`ombudsman_domain::report`].

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{Array, Bool, Date, Int4, Int8, Nullable, Text, Uuid as SqlUuid};
use ombudsman_domain::appeal::{ApplicantKind, Channel, Outcome};
use ombudsman_domain::facility::FacilityKind;
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::impact::{CompensationKind, MeasureKind, MeasureStatus};
use ombudsman_domain::office::Region;
use ombudsman_domain::report::{
    align_money, month_counts, month_money, percent_change, rate, tally_categories, with_codes, AppealFigures,
    BodyCount, CompensationFigures, Counts, HalfYear, MeasureFigures, Money, Period, Report, ReportScope, VisitFigures,
    RECOMMENDATION_STATUSES, TOP_RESPONDENT_BODIES, VISIT_TYPES,
};

use crate::{offices, Conn, DbError};

/// The half-year report of one office (`Some`) or of every office (`None`), as of `as_of` (the
/// Tashkent date that decides which open appeals are overdue).
pub fn half_year_report(
    conn: &mut Conn,
    office: Option<OfficeId>,
    half: HalfYear,
    as_of: NaiveDate,
) -> Result<Report, DbError> {
    compute(conn, office, half.period(), Some(half), as_of)
}

/// The report of any period (at most a year) beside the same period one year earlier.
pub fn period_report(
    conn: &mut Conn,
    office: Option<OfficeId>,
    period: Period,
    as_of: NaiveDate,
) -> Result<Report, DbError> {
    compute(conn, office, period, None, as_of)
}

/// Runs every query in one read-only repeatable-read transaction, so that all the figures are
/// of the same moment (a nested transaction inside a caller's one is a savepoint of it).
fn compute(
    conn: &mut Conn,
    office: Option<OfficeId>,
    period: Period,
    half_year: Option<HalfYear>,
    as_of: NaiveDate,
) -> Result<Report, DbError> {
    let work = |c: &mut Conn| -> Result<Report, DbError> {
        let office_code = office.map(|id| offices::find(c, id)).transpose()?.map(|o| o.code);
        let w = Window {
            period,
            previous: period.previous_year(),
            office,
        };
        Ok(Report {
            period,
            previous_period: w.previous,
            half_year,
            scope: ReportScope {
                office_id: office,
                office_code,
            },
            as_of,
            appeals: appeals(c, &w, as_of)?,
            impact_measures: measures(c, &w)?,
            compensation: compensation(c, &w)?,
            monitoring_visits: visits(c, &w)?,
        })
    };
    if AnsiTransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()
        .map_err(DbError::Other)?
        .is_some()
    {
        conn.transaction(work)
    } else {
        conn.build_transaction().read_only().repeatable_read().run(work)
    }
}

/// The two date ranges and the office filter, bound as `$1`–`$5` of every query.
struct Window {
    period: Period,
    previous: Period,
    office: Option<OfficeId>,
}

impl Window {
    /// `col` within either range, and the office (all of them for `NULL`). `$1` is the first
    /// day of the period, so `col >= $1` tells the period from the previous one.
    fn filter(col: &str, office_col: &str) -> String {
        format!("({col} BETWEEN $1 AND $2 OR {col} BETWEEN $3 AND $4) AND ($5::uuid IS NULL OR {office_col} = $5)")
    }

    fn query<'a>(&self, sql: String) -> BoxedSqlQuery<'a, Pg, SqlQuery> {
        diesel::sql_query(sql)
            .into_boxed()
            .bind::<Date, _>(self.period.from())
            .bind::<Date, _>(self.period.to())
            .bind::<Date, _>(self.previous.from())
            .bind::<Date, _>(self.previous.to())
            .bind::<Nullable<SqlUuid>, _>(self.office.map(|o| o.0))
    }
}

/// One group of a `GROUPING SETS` query: the period (`cur`), the dimension and its value.
#[derive(QueryableByName)]
struct Cell {
    #[diesel(sql_type = Bool)]
    cur: bool,
    #[diesel(sql_type = Text)]
    dim: String,
    #[diesel(sql_type = Nullable<Text>)]
    key: Option<String>,
    #[diesel(sql_type = Int8)]
    n: i64,
}

/// Counts per period and dimension.
#[derive(Default)]
struct Tally(BTreeMap<(bool, String), Counts>);

impl Tally {
    fn of(cells: Vec<Cell>) -> Self {
        let mut t = Tally::default();
        for c in cells {
            let key = c.key.unwrap_or_default();
            *t.0.entry((c.cur, c.dim)).or_default().entry(key).or_insert(0) += c.n;
        }
        t
    }

    /// The counts of a dimension; groups without a value (e.g. the outcome of open appeals) are left out.
    fn counts(&self, cur: bool, dim: &str) -> Counts {
        let mut counts = self.0.get(&(cur, dim.to_owned())).cloned().unwrap_or_default();
        counts.remove("");
        counts
    }

    /// A dimension over a closed set of codes, for the period and the previous one.
    fn both<'a>(&self, dim: &str, codes: impl IntoIterator<Item = &'a str> + Clone) -> (Counts, Counts) {
        (
            with_codes(codes.clone(), self.counts(true, dim)),
            with_codes(codes, self.counts(false, dim)),
        )
    }

    /// The count of the group without a dimension (`GROUPING SETS ((cur))`).
    fn total(&self, cur: bool) -> i64 {
        self.0
            .get(&(cur, "total".to_owned()))
            .and_then(|c| c.get(""))
            .copied()
            .unwrap_or(0)
    }
}

#[derive(QueryableByName, Default)]
struct AppealTotals {
    #[diesel(sql_type = Bool)]
    cur: bool,
    #[diesel(sql_type = Int8)]
    received: i64,
    #[diesel(sql_type = Int8)]
    repeat: i64,
    #[diesel(sql_type = Int8)]
    anonymous: i64,
    #[diesel(sql_type = Int8)]
    collective: i64,
    #[diesel(sql_type = Int8)]
    from_abroad: i64,
    #[diesel(sql_type = Int8)]
    closed: i64,
    #[diesel(sql_type = Int8)]
    open: i64,
    #[diesel(sql_type = Int8)]
    overdue_open: i64,
    #[diesel(sql_type = Nullable<Int4>)]
    median_days: Option<i32>,
    #[diesel(sql_type = Nullable<Int4>)]
    p90_days: Option<i32>,
}

#[derive(QueryableByName)]
struct CategoryCell {
    #[diesel(sql_type = Bool)]
    cur: bool,
    #[diesel(sql_type = Array<Text>)]
    categories: Vec<String>,
    #[diesel(sql_type = Int8)]
    n: i64,
}

#[derive(QueryableByName)]
struct BodyRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Int8)]
    count: i64,
    #[diesel(sql_type = Int8)]
    previous: i64,
}

fn appeals(conn: &mut Conn, w: &Window, as_of: NaiveDate) -> Result<AppealFigures, DbError> {
    let filter = Window::filter("a.received_on", "a.office_id");
    let totals: Vec<AppealTotals> = w
        .query(format!(
            "SELECT a.received_on >= $1 AS cur, count(*) AS received, \
                count(*) FILTER (WHERE a.repeat_of IS NOT NULL) AS repeat, \
                count(*) FILTER (WHERE a.anonymous) AS anonymous, \
                count(*) FILTER (WHERE a.signatories IS NOT NULL) AS collective, \
                count(*) FILTER (WHERE a.region = 'abroad') AS from_abroad, \
                count(*) FILTER (WHERE a.status = 'closed') AS closed, \
                count(*) FILTER (WHERE a.status <> 'closed') AS open, \
                count(*) FILTER (WHERE a.status <> 'closed' AND a.due_on < $6) AS overdue_open, \
                percentile_disc(0.5) WITHIN GROUP (ORDER BY a.closed_on - a.received_on) AS median_days, \
                percentile_disc(0.9) WITHIN GROUP (ORDER BY a.closed_on - a.received_on) AS p90_days \
             FROM appeals a WHERE {filter} GROUP BY 1"
        ))
        .bind::<Date, _>(as_of)
        .load(conn)?;
    let side = |cur: bool| totals.iter().find(|t| t.cur == cur);
    let (now, before) = (side(true), side(false));
    let get = |t: Option<&AppealTotals>, f: fn(&AppealTotals) -> i64| t.map_or(0, f);

    let dims = Tally::of(
        w.query(format!(
            "SELECT cur, CASE WHEN GROUPING(channel) = 0 THEN 'channel' WHEN GROUPING(region) = 0 THEN 'region' \
                    WHEN GROUPING(kind) = 0 THEN 'applicant_kind' WHEN GROUPING(outcome) = 0 THEN 'outcome' \
                    WHEN GROUPING(month) = 0 THEN 'month' ELSE 'abroad_country' END AS dim, \
                    COALESCE(channel, region, kind, outcome, month, abroad_country) AS key, count(*) AS n \
             FROM (SELECT a.received_on >= $1 AS cur, a.channel, a.region, ap.kind, a.outcome, \
                          to_char(a.received_on, 'YYYY-MM') AS month, a.abroad_country \
                   FROM appeals a LEFT JOIN applicants ap ON ap.id = a.applicant_id WHERE {filter}) x \
             GROUP BY GROUPING SETS ((cur, channel), (cur, region), (cur, kind), (cur, outcome), (cur, month), \
                                     (cur, abroad_country))"
        ))
        .load(conn)?,
    );
    // Appeals per combination of categories: few distinct combinations, tallied per category and
    // group of rights by the domain.
    let combos: Vec<CategoryCell> = w
        .query(format!(
            "SELECT a.received_on >= $1 AS cur, a.categories, count(*) AS n FROM appeals a WHERE {filter} GROUP BY 1, 2"
        ))
        .load(conn)?;
    let tally = |cur: bool| {
        tally_categories(
            combos
                .iter()
                .filter(|c| c.cur == cur)
                .map(|c| (c.categories.as_slice(), c.n)),
        )
    };
    let ((by_category, by_rights_group), (previous_by_category, previous_by_rights_group)) =
        (tally(true), tally(false));
    // A body named twice in one appeal counts once (its first mention).
    let bodies: Vec<BodyRow> = w
        .query(format!(
            "SELECT b.body AS name, count(*) FILTER (WHERE b.cur) AS count, count(*) FILTER (WHERE NOT b.cur) AS previous \
             FROM (SELECT a.received_on >= $1 AS cur, a.respondent_bodies, u.body, u.ord \
                   FROM appeals a CROSS JOIN LATERAL unnest(a.respondent_bodies) WITH ORDINALITY AS u(body, ord) \
                   WHERE {filter}) b \
             WHERE array_position(b.respondent_bodies, b.body) = b.ord \
             GROUP BY b.body HAVING count(*) FILTER (WHERE b.cur) > 0 \
             ORDER BY 2 DESC, 1 LIMIT $6"
        ))
        .bind::<Int8, _>(TOP_RESPONDENT_BODIES)
        .load(conn)?;

    let kinds = || ApplicantKind::ALL.iter().map(ApplicantKind::as_str);
    let (by_applicant_kind, previous_by_applicant_kind) = dims.both("applicant_kind", kinds());
    let (by_channel, previous_by_channel) = dims.both("channel", Channel::ALL.iter().map(Channel::as_str));
    let (by_region, previous_by_region) = dims.both("region", Region::ALL.iter().map(Region::as_str));
    let (by_outcome, previous_by_outcome) = dims.both("outcome", Outcome::ALL.iter().map(Outcome::as_str));
    let (received, previous) = (get(now, |t| t.received), get(before, |t| t.received));
    Ok(AppealFigures {
        received,
        previous,
        change_percent: percent_change(received, previous),
        by_applicant_kind,
        previous_by_applicant_kind,
        by_channel,
        previous_by_channel,
        by_region,
        previous_by_region,
        by_category,
        previous_by_category,
        by_rights_group,
        previous_by_rights_group,
        repeat: get(now, |t| t.repeat),
        previous_repeat: get(before, |t| t.repeat),
        anonymous: get(now, |t| t.anonymous),
        previous_anonymous: get(before, |t| t.anonymous),
        collective: get(now, |t| t.collective),
        previous_collective: get(before, |t| t.collective),
        from_abroad: get(now, |t| t.from_abroad),
        previous_from_abroad: get(before, |t| t.from_abroad),
        abroad_by_country: dims.counts(true, "abroad_country"),
        previous_abroad_by_country: dims.counts(false, "abroad_country"),
        by_respondent_body: bodies
            .into_iter()
            .map(|b| BodyCount {
                name: b.name,
                count: b.count,
                previous: b.previous,
            })
            .collect(),
        closed: get(now, |t| t.closed),
        previous_closed: get(before, |t| t.closed),
        by_outcome,
        previous_by_outcome,
        open: get(now, |t| t.open),
        previous_open: get(before, |t| t.open),
        overdue_open: get(now, |t| t.overdue_open),
        previous_overdue_open: get(before, |t| t.overdue_open),
        median_days_to_close: now.and_then(|t| t.median_days),
        previous_median_days_to_close: before.and_then(|t| t.median_days),
        p90_days_to_close: now.and_then(|t| t.p90_days),
        previous_p90_days_to_close: before.and_then(|t| t.p90_days),
        monthly: month_counts(&w.period, &dims.counts(true, "month"), &dims.counts(false, "month")),
    })
}

fn measures(conn: &mut Conn, w: &Window) -> Result<MeasureFigures, DbError> {
    let filter = Window::filter("m.issued_on", "m.office_id");
    let t = Tally::of(
        w.query(format!(
            "SELECT cur, CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(status) = 0 THEN 'status' \
                    WHEN GROUPING(month) = 0 THEN 'month' ELSE 'total' END AS dim, \
                    COALESCE(kind, status, month) AS key, count(*) AS n \
             FROM (SELECT m.issued_on >= $1 AS cur, m.kind, m.status, to_char(m.issued_on, 'YYYY-MM') AS month \
                   FROM impact_measures m WHERE {filter}) x \
             GROUP BY GROUPING SETS ((cur), (cur, kind), (cur, status), (cur, month))"
        ))
        .load(conn)?,
    );
    let (by_kind, previous_by_kind) = t.both("kind", MeasureKind::ALL.iter().map(MeasureKind::as_str));
    let (by_status, previous_by_status) = t.both("status", MeasureStatus::ALL.iter().map(MeasureStatus::as_str));
    let (total, previous) = (t.total(true), t.total(false));
    Ok(MeasureFigures {
        total,
        previous,
        change_percent: percent_change(total, previous),
        by_kind,
        previous_by_kind,
        by_status,
        previous_by_status,
        monthly: month_counts(&w.period, &t.counts(true, "month"), &t.counts(false, "month")),
    })
}

#[derive(QueryableByName)]
struct MoneyCell {
    #[diesel(sql_type = Bool)]
    cur: bool,
    #[diesel(sql_type = Text)]
    dim: String,
    #[diesel(sql_type = Nullable<Text>)]
    key: Option<String>,
    #[diesel(sql_type = Text)]
    currency: String,
    #[diesel(sql_type = Int8)]
    total: i64,
    #[diesel(sql_type = Int8)]
    n: i64,
}

fn compensation(conn: &mut Conn, w: &Window) -> Result<CompensationFigures, DbError> {
    let filter = Window::filter("c.recovered_on", "c.office_id");
    // Summed as numeric, then checked back into bigint: an overflow is an error, never a wrap.
    let cells: Vec<MoneyCell> = w
        .query(format!(
            "SELECT cur, CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(month) = 0 THEN 'month' \
                    ELSE 'total' END AS dim, COALESCE(kind, month) AS key, currency, \
                    sum(amount_minor)::int8 AS total, count(*) AS n \
             FROM (SELECT c.recovered_on >= $1 AS cur, c.kind, to_char(c.recovered_on, 'YYYY-MM') AS month, \
                          c.currency, c.amount_minor FROM compensations c WHERE {filter}) x \
             GROUP BY GROUPING SETS ((cur, currency), (cur, currency, kind), (cur, currency, month))"
        ))
        .load(conn)?;
    let mut totals: [Money; 2] = Default::default();
    let mut records = [0_i64; 2];
    let mut by_kind: [BTreeMap<String, Money>; 2] = Default::default();
    let mut by_month: [BTreeMap<String, Money>; 2] = Default::default();
    for c in cells {
        let side = usize::from(!c.cur);
        let key = c.key.unwrap_or_default();
        match c.dim.as_str() {
            "kind" => *by_kind[side].entry(key).or_default().entry(c.currency).or_insert(0) += c.total,
            "month" => *by_month[side].entry(key).or_default().entry(c.currency).or_insert(0) += c.total,
            _ => {
                *totals[side].entry(c.currency).or_insert(0) += c.total;
                records[side] += c.n;
            }
        }
    }
    let [mut total_minor, mut previous_total_minor] = totals;
    align_money(&mut total_minor, &mut previous_total_minor);
    let [mut kinds_now, mut kinds_before] = by_kind;
    for kind in CompensationKind::ALL {
        let code = kind.as_str().to_owned();
        let (now, before) = (
            kinds_now.entry(code.clone()).or_default(),
            kinds_before.entry(code.clone()).or_default(),
        );
        align_money(now, before);
    }
    Ok(CompensationFigures {
        total_minor,
        previous_total_minor,
        records: records[0],
        previous_records: records[1],
        by_kind: kinds_now,
        previous_by_kind: kinds_before,
        monthly: month_money(&w.period, &by_month[0], &by_month[1]),
    })
}

fn visits(conn: &mut Conn, w: &Window) -> Result<VisitFigures, DbError> {
    let filter = Window::filter("v.started_on", "v.office_id");
    let t = Tally::of(
        w.query(format!(
            "SELECT cur, CASE WHEN GROUPING(facility_kind) = 0 THEN 'facility_kind' \
                    WHEN GROUPING(region) = 0 THEN 'region' WHEN GROUPING(visit_type) = 0 THEN 'visit_type' \
                    WHEN GROUPING(month) = 0 THEN 'month' ELSE 'total' END AS dim, \
                    COALESCE(facility_kind, region, visit_type, month) AS key, count(*) AS n \
             FROM (SELECT v.started_on >= $1 AS cur, f.kind AS facility_kind, f.region, v.visit_type, \
                          to_char(v.started_on, 'YYYY-MM') AS month \
                   FROM visits v JOIN facilities f ON f.id = v.facility_id WHERE {filter}) x \
             GROUP BY GROUPING SETS ((cur), (cur, facility_kind), (cur, region), (cur, visit_type), (cur, month))"
        ))
        .load(conn)?,
    );
    let recs = Tally::of(
        w.query(format!(
            "SELECT v.started_on >= $1 AS cur, 'status' AS dim, r.status AS key, count(*) AS n \
             FROM visits v JOIN recommendations r ON r.visit_id = v.id WHERE {filter} GROUP BY 1, 3"
        ))
        .load(conn)?,
    );
    let (by_facility_kind, previous_by_facility_kind) =
        t.both("facility_kind", FacilityKind::ALL.iter().map(FacilityKind::as_str));
    let (by_region, previous_by_region) = t.both("region", Region::ALL.iter().map(Region::as_str));
    let (by_visit_type, previous_by_visit_type) = t.both("visit_type", VISIT_TYPES.iter().copied());
    let (recommendations_by_status, previous_recommendations_by_status) =
        recs.both("status", RECOMMENDATION_STATUSES.iter().copied());
    let made = |c: &Counts| c.values().sum::<i64>();
    let implemented = |c: &Counts| c.get("implemented").copied().unwrap_or(0);
    let (total, previous) = (t.total(true), t.total(false));
    Ok(VisitFigures {
        total,
        previous,
        change_percent: percent_change(total, previous),
        by_facility_kind,
        previous_by_facility_kind,
        by_region,
        previous_by_region,
        by_visit_type,
        previous_by_visit_type,
        recommendations_made: made(&recommendations_by_status),
        previous_recommendations_made: made(&previous_recommendations_by_status),
        recommendations_implementation_rate: rate(
            implemented(&recommendations_by_status),
            made(&recommendations_by_status),
        ),
        previous_recommendations_implementation_rate: rate(
            implemented(&previous_recommendations_by_status),
            made(&previous_recommendations_by_status),
        ),
        recommendations_by_status,
        previous_recommendations_by_status,
        monthly: month_counts(&w.period, &t.counts(true, "month"), &t.counts(false, "month")),
    })
}
