//! The figures of a period report, computed with a handful of aggregate queries — never row by
//! row. Each query reads the two date ranges (the period and the same period a year earlier) as
//! two index range scans joined with `UNION ALL`, tagged `cur` true or false; the appeals are read
//! through a covering index (`appeals_report`), so that no table row is visited. The counting
//! rules are those of [`ombudsman_domain::report`]; `docs/reports.md` has the figures measured.

mod appeals;
mod per_office;
mod referrals;
pub mod rollup;
mod visits;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{Bool, Date, Int8, Nullable, Text, Uuid as SqlUuid};
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::impact::{CompensationKind, MeasureKind, MeasureStatus};
use ombudsman_domain::report::{
    align_money, month_counts, month_money, percent_change, with_codes, CompensationFigures, Counts, HalfYear,
    MeasureFigures, Money, Period, Report, ReportScope,
};

use crate::{offices, Conn, DbError};

/// Where the appeal figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The monthly roll-ups, with the appeals themselves where the roll-up cannot answer
    /// ([`rollup`]): what every report uses.
    Rollup,
    /// Every appeal of the period, read afresh: the check of the roll-ups (and the figures
    /// measured against them in `docs/benchmarks.md`).
    Appeals,
}

/// The half-year report of one office (`Some`) or of every office (`None`), as of `as_of` (the
/// Tashkent date that decides which open appeals are overdue).
pub fn half_year_report(
    conn: &mut Conn,
    office: Option<OfficeId>,
    half: HalfYear,
    as_of: NaiveDate,
) -> Result<Report, DbError> {
    compute(conn, office, half.period(), Some(half), as_of, Source::Rollup)
}

/// The report of any period (at most a year) beside the same period one year earlier.
pub fn period_report(
    conn: &mut Conn,
    office: Option<OfficeId>,
    period: Period,
    as_of: NaiveDate,
) -> Result<Report, DbError> {
    compute(conn, office, period, None, as_of, Source::Rollup)
}

/// [`period_report`] (with the half-year's name when `half_year` is given) from the `source` chosen.
pub fn report_from(
    conn: &mut Conn,
    office: Option<OfficeId>,
    period: Period,
    half_year: Option<HalfYear>,
    as_of: NaiveDate,
    source: Source,
) -> Result<Report, DbError> {
    compute(conn, office, period, half_year, as_of, source)
}

/// Runs every query in one read-only repeatable-read transaction, so that all the figures are
/// of the same moment. Inside a caller's transaction it is a savepoint of it, and the planner
/// settings below last until the caller's transaction ends.
fn compute(
    conn: &mut Conn,
    office: Option<OfficeId>,
    period: Period,
    half_year: Option<HalfYear>,
    as_of: NaiveDate,
    source: Source,
) -> Result<Report, DbError> {
    let work = |c: &mut Conn| -> Result<Report, DbError> {
        // For this transaction only. The planner expects about as many groups as rows (it cannot
        // know that channel, region, outcome … are correlated) and so picks sorting and a single
        // process; the groups are in fact a few thousand. Hash tables (memory, no sorting) and
        // parallel workers make the appeal queries 4–5 times faster; JIT compiling costs more
        // than it saves on queries this short. The workers are asked for here: a request
        // connection runs without them (`database::REQUEST_SESSION`).
        c.batch_execute(
            "SET LOCAL work_mem = '32MB'; SET LOCAL enable_sort = off; SET LOCAL jit = off; \
             SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0; \
             SET LOCAL max_parallel_workers_per_gather TO DEFAULT",
        )?;
        let office_code = office.map(|id| offices::find(c, id)).transpose()?.map(|o| o.code);
        let w = Window {
            period,
            previous: period.previous_year(),
            office,
        };
        let (appeals, appeals_by_office) = match source {
            Source::Rollup => {
                let (figures, by_office) = appeals::rolled_figures(c, &w, as_of)?;
                (figures, Some(by_office))
            }
            Source::Appeals => (appeals::figures(c, &w, as_of)?, None),
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
            appeals,
            impact_measures: measures(c, &w)?,
            compensation: compensation(c, &w)?,
            monitoring_visits: visits::figures(c, &w)?,
            referrals: referrals::figures(c, &w)?,
            by_office: match office {
                None => per_office::figures(c, &w, as_of, appeals_by_office)?,
                Some(_) => Vec::new(),
            },
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
    /// The rows of `table` in either range and in the office (every office for `NULL`), as a
    /// subquery of `cur` (true in the period, false in the previous one) and `columns`.
    fn rows(table: &str, date: &str, office: &str, columns: &str) -> String {
        let side = |cur: bool, from: u8, to: u8| {
            format!(
                "SELECT {cur} AS cur, {columns} FROM {table} \
                 WHERE {date} BETWEEN ${from} AND ${to} AND ($5::uuid IS NULL OR {office} = $5)"
            )
        };
        format!("({} UNION ALL {})", side(true, 1, 2), side(false, 3, 4))
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

fn measures(conn: &mut Conn, w: &Window) -> Result<MeasureFigures, DbError> {
    let rows = Window::rows(
        "impact_measures m",
        "m.issued_on",
        "m.office_id",
        "m.kind, m.status, to_char(m.issued_on, 'YYYY-MM') AS month",
    );
    let t = Tally::of(
        w.query(format!(
            "SELECT cur, CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(status) = 0 THEN 'status' \
                    WHEN GROUPING(month) = 0 THEN 'month' ELSE 'total' END AS dim, \
                    COALESCE(kind, status, month) AS key, count(*) AS n \
             FROM {rows} x \
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
    #[diesel(sql_type = Text)]
    total: String,
    #[diesel(sql_type = Int8)]
    n: i64,
}

fn compensation(conn: &mut Conn, w: &Window) -> Result<CompensationFigures, DbError> {
    let rows = Window::rows(
        "(SELECT * FROM compensations WHERE voided_at IS NULL) c",
        "c.recovered_on",
        "c.office_id",
        "c.kind, to_char(c.recovered_on, 'YYYY-MM') AS month, c.currency, c.amount_minor",
    );
    // Summed as numeric and read back as text into i128: no number of records overflows a total.
    let cells: Vec<MoneyCell> = w
        .query(format!(
            "SELECT cur, CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(month) = 0 THEN 'month' \
                    ELSE 'total' END AS dim, COALESCE(kind, month) AS key, currency, \
                    sum(amount_minor::numeric)::text AS total, count(*) AS n \
             FROM {rows} x \
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
        let total = crate::impact::parse_sum(&c.total)?;
        match c.dim.as_str() {
            "kind" => *by_kind[side].entry(key).or_default().entry(c.currency).or_insert(0) += total,
            "month" => *by_month[side].entry(key).or_default().entry(c.currency).or_insert(0) += total,
            _ => {
                *totals[side].entry(c.currency).or_insert(0) += total;
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
