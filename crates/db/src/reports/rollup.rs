//! Monthly roll-ups of the appeal figures (table `appeal_rollup`, migration 100): per office,
//! month of receipt, dimension and value, how many appeals have that value. A report of a period
//! reads the roll-up for its whole months and the appeals themselves only for what the roll-up
//! cannot answer: the part-months at its ends, and the office-months marked in
//! `appeal_rollup_dirty` (by triggers, in the transaction that changed an appeal) that the worker
//! has not yet recomputed. Both come from one SQL statement, so the figures are of one moment
//! whatever the isolation level, and equal what the appeals themselves give (tested in
//! `tests/tests/report_rollups.rs`).
//!
//! The dimensions (`dim`, with `key` the value):
//!
//! | dim | key |
//! |---|---|
//! | `received` | `''` (every appeal) |
//! | `channel`, `region`, `outcome`, `country` | the appeal's (none for an open appeal's outcome) |
//! | `kind` | the applicant's kind (none when anonymous) |
//! | `categories` | the appeal's categories, joined with `,` |
//! | `days` | whole days from receipt to closing (none while open) |
//! | `repeat`, `anonymous`, `collective`, `late`, `vulnerable` | `''`, for the appeals that are |
//! | `vulnerability` | each marker of the applicant |
//! | `body`, `body_text` | each respondent body named (once per appeal): its id, or the free text |

use chrono::{Datelike, Duration, Months, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Date, Int8, Nullable, Text, Uuid as SqlUuid};
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::report::Period;

use crate::{Conn, DbError};

/// Taken for the transaction of a refresh, so that two workers never recompute the same month
/// side by side (the second finds nothing left to do).
const REFRESH_LOCK: i64 = 0x6f6d_6272_6f6c_6c75;

/// The counted values of the appeals `from` (a `FROM` list naming the appeals `a`) that pass
/// `filter`, per office and month, as rows of (`cur`, `office_id`, `month`, `dim`, `key`, `n`).
fn facts(cur: bool, from: &str, filter: &str) -> String {
    let month = "date_trunc('month', a.received_on::timestamp)::date";
    format!(
        "SELECT {cur} AS cur, a.office_id, {month} AS month, f.dim, f.key, count(*)::int8 AS n \
         FROM {from} LEFT JOIN applicants ap ON ap.id = a.applicant_id \
         CROSS JOIN LATERAL (VALUES ('received', ''), ('channel', a.channel), ('region', a.region), \
             ('kind', ap.kind), ('outcome', a.outcome), ('country', a.abroad_country), \
             ('categories', array_to_string(a.categories, ',')), ('days', (a.closed_on - a.received_on)::text), \
             ('repeat', CASE WHEN a.repeat_of IS NOT NULL THEN '' END), \
             ('anonymous', CASE WHEN a.anonymous THEN '' END), \
             ('collective', CASE WHEN a.signatories IS NOT NULL THEN '' END), \
             ('late', CASE WHEN a.closed_on > a.due_on THEN '' END), \
             ('vulnerable', CASE WHEN ap.vulnerabilities <> '{{}}' THEN '' END)) AS f(dim, key) \
         WHERE ({filter}) AND f.key IS NOT NULL \
         GROUP BY a.office_id, 3, f.dim, f.key \
         UNION ALL \
         SELECT {cur}, a.office_id, {month}, 'vulnerability', vm.marker, count(*)::int8 \
         FROM {from} JOIN applicants ap ON ap.id = a.applicant_id \
         CROSS JOIN LATERAL unnest(ap.vulnerabilities) AS vm(marker) \
         WHERE ({filter}) AND ap.vulnerabilities <> '{{}}' AND vm.marker IS NOT NULL \
         GROUP BY a.office_id, 3, 5 \
         UNION ALL \
         SELECT {cur}, a.office_id, {month}, CASE WHEN x.body_id IS NULL THEN 'body_text' ELSE 'body' END, \
                COALESCE(x.body_id::text, x.text), count(*)::int8 \
         FROM {from} CROSS JOIN LATERAL ( \
             SELECT DISTINCT y.body_id, CASE WHEN y.body_id IS NULL THEN y.name END AS text \
             FROM unnest(a.respondent_bodies, a.respondent_body_ids) AS y(name, body_id) \
             WHERE y.name IS NOT NULL) x \
         WHERE ({filter}) AND cardinality(a.respondent_bodies) > 0 \
         GROUP BY a.office_id, 3, 4, 5"
    )
}

/// A date as an SQL literal (digits and dashes only: safe to write into a statement).
fn lit(d: NaiveDate) -> String {
    format!("DATE '{}'", d.format("%Y-%m-%d"))
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The whole months of `[from, to]`, as the first day of the first one and the first day after
/// the last one; none when the period holds no whole month.
fn whole_months(p: &Period) -> Option<(NaiveDate, NaiveDate)> {
    let (from, to) = (p.from(), p.to());
    let first = if from.day() == 1 {
        from
    } else {
        month_start(from).checked_add_months(Months::new(1))?
    };
    let end = if (to + Duration::days(1)).day() == 1 {
        to + Duration::days(1)
    } else {
        month_start(to)
    };
    (first < end).then_some((first, end))
}

/// The rows of one side of a report (`cur`: the period, or the one a year earlier). With `marked`
/// the office-months marked in `dirty` are counted from the appeals; without, the statement reads
/// the roll-up alone for the whole months and is only right when none is marked.
fn side(cur: bool, p: &Period, marked: bool) -> String {
    let office = "($1::uuid IS NULL OR a.office_id = $1)";
    let live = |from: NaiveDate, to: NaiveDate| {
        facts(
            cur,
            "appeals a",
            &format!("a.received_on BETWEEN {} AND {} AND {office}", lit(from), lit(to)),
        )
    };
    let Some((first, end)) = whole_months(p) else {
        return live(p.from(), p.to());
    };
    let (lo, hi) = (lit(first), lit(end));
    let mut parts = vec![format!(
        "SELECT {cur} AS cur, r.office_id, r.month, r.dim, r.key, r.n FROM appeal_rollup r \
         WHERE r.month >= {lo} AND r.month < {hi} AND ($1::uuid IS NULL OR r.office_id = $1){}",
        if marked {
            " AND NOT EXISTS (SELECT 1 FROM dirty d WHERE d.office_id = r.office_id AND d.month = r.month)"
        } else {
            ""
        }
    )];
    if marked {
        parts.push(facts(
            cur,
            "dirty m JOIN appeals a ON a.office_id = m.office_id AND a.received_on >= m.month \
             AND a.received_on < (m.month + interval '1 month')::date",
            &format!("m.month >= {lo} AND m.month < {hi}"),
        ));
    }
    if p.from() < first {
        parts.push(live(p.from(), first - Duration::days(1)));
    }
    if end <= p.to() {
        parts.push(live(end, p.to()));
    }
    parts.join(" UNION ALL ")
}

/// A sum over the period's appeals: per dimension and value (`month` and `office` none), per
/// dimension and month (`key` and `office` none), or per dimension and office (`key` and
/// `month` none).
#[derive(QueryableByName)]
pub(super) struct Fact {
    #[diesel(sql_type = Bool)]
    pub cur: bool,
    #[diesel(sql_type = Text)]
    pub dim: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub key: Option<String>,
    #[diesel(sql_type = Nullable<Date>)]
    pub month: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub office: Option<uuid::Uuid>,
    #[diesel(sql_type = Int8)]
    pub n: i64,
}

/// The counted values of the appeals of `period` and `previous` (in `office`, or every office),
/// from the roll-up where it is up to date and from the appeals elsewhere.
///
/// Most of the time no month of the report is marked, and a statement that reads the roll-up
/// alone answers: far simpler to plan than the one that also reads appeals. It also counts, in the same
/// snapshot, the marks of the report's months; when there are any, its rows are dropped and the
/// statement that counts the marked months from the appeals runs instead. Either answer comes
/// from one statement, so it is of one moment whatever the caller's isolation level.
pub(super) fn facts_of(
    conn: &mut Conn,
    period: &Period,
    previous: &Period,
    office: Option<OfficeId>,
) -> Result<Vec<Fact>, DbError> {
    let grouped = "SELECT cur, dim, key, month, office_id AS office, sum(n)::int8 AS n FROM src \
                   GROUP BY GROUPING SETS ((cur, dim, key), (cur, dim, month), (cur, dim, office_id))";
    let months = [period, previous]
        .iter()
        .filter_map(|p| whole_months(p))
        .map(|(first, end)| format!("(month >= {} AND month < {})", lit(first), lit(end)))
        .collect::<Vec<_>>();
    let marks = if months.is_empty() {
        "SELECT true, 'marked', NULL, NULL::date, NULL::uuid, 0::int8".to_owned()
    } else {
        format!(
            "SELECT true, 'marked', NULL, NULL::date, NULL::uuid, count(*)::int8 FROM appeal_rollup_dirty \
             WHERE ($1::uuid IS NULL OR office_id = $1) AND ({})",
            months.join(" OR ")
        )
    };
    let quick = format!(
        "WITH src AS ({} UNION ALL {}) {grouped} UNION ALL {marks}",
        side(true, period, false),
        side(false, previous, false)
    );
    let mut facts: Vec<Fact> = diesel::sql_query(quick)
        .bind::<Nullable<SqlUuid>, _>(office.map(|o| o.0))
        .load(conn)?;
    let marked = facts.iter().any(|f| f.dim == "marked" && f.n > 0);
    if !marked {
        facts.retain(|f| f.dim != "marked");
        return Ok(facts);
    }
    let full = format!(
        "WITH dirty AS (SELECT DISTINCT office_id, month FROM appeal_rollup_dirty \
                        WHERE $1::uuid IS NULL OR office_id = $1), \
              src AS ({} UNION ALL {}) {grouped}",
        side(true, period, true),
        side(false, previous, true)
    );
    Ok(diesel::sql_query(full)
        .bind::<Nullable<SqlUuid>, _>(office.map(|o| o.0))
        .load(conn)?)
}

#[derive(QueryableByName)]
struct Mark {
    #[diesel(sql_type = SqlUuid)]
    office_id: uuid::Uuid,
    #[diesel(sql_type = Date)]
    month: NaiveDate,
}

/// Recomputes the roll-up of every office-month marked as changed and removes the marks it has
/// seen, in one transaction; returns how many office-months it recomputed. Marks made by
/// transactions that commit meanwhile stay for the next call.
pub fn refresh(conn: &mut Conn) -> Result<usize, DbError> {
    conn.transaction(|c| {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<Int8, _>(REFRESH_LOCK)
            .execute(c)?;
        // The marks are read (and deleted) before the appeals are: a change committed in between
        // is counted now and recounted at the next call, never lost.
        let marks: Vec<Mark> = diesel::sql_query(
            "WITH d AS (DELETE FROM appeal_rollup_dirty RETURNING office_id, month) \
             SELECT DISTINCT office_id, month FROM d",
        )
        .load(c)?;
        if marks.is_empty() {
            return Ok(0);
        }
        let (offices, months): (Vec<uuid::Uuid>, Vec<NaiveDate>) = marks.iter().map(|m| (m.office_id, m.month)).unzip();
        diesel::sql_query(
            "DELETE FROM appeal_rollup r USING unnest($1::uuid[], $2::date[]) AS m(office_id, month) \
             WHERE r.office_id = m.office_id AND r.month = m.month",
        )
        .bind::<Array<SqlUuid>, _>(&offices)
        .bind::<Array<Date>, _>(&months)
        .execute(c)?;
        diesel::sql_query(format!(
            "INSERT INTO appeal_rollup (office_id, month, dim, key, n) \
             SELECT office_id, month, dim, key, n FROM ({}) f",
            facts(
                true,
                "unnest($1::uuid[], $2::date[]) AS m(office_id, month) JOIN appeals a \
                 ON a.office_id = m.office_id AND a.received_on >= m.month \
                 AND a.received_on < (m.month + interval '1 month')::date",
                "true",
            )
        ))
        .bind::<Array<SqlUuid>, _>(&offices)
        .bind::<Array<Date>, _>(&months)
        .execute(c)?;
        Ok(marks.len())
    })
}

/// Marks every month from `from` to `to` of each office as changed: for a bulk load, which sets
/// `ombudsman.rollup_bulk` so that its rows mark nothing one by one.
pub fn mark_months(conn: &mut Conn, offices: &[OfficeId], from: NaiveDate, to: NaiveDate) -> Result<(), DbError> {
    let ids: Vec<uuid::Uuid> = offices.iter().map(|o| o.0).collect();
    diesel::sql_query(
        "INSERT INTO appeal_rollup_dirty (office_id, month) \
         SELECT o, m::date FROM unnest($1::uuid[]) AS o \
         CROSS JOIN generate_series(date_trunc('month', $2::date::timestamp), $3::date::timestamp, interval '1 month') AS m",
    )
    .bind::<Array<SqlUuid>, _>(&ids)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn whole_months_leave_the_part_months_at_either_end() {
        let p = |a, b| Period::new(a, b).unwrap();
        assert_eq!(
            whole_months(&p(d(2025, 1, 1), d(2025, 6, 30))),
            Some((d(2025, 1, 1), d(2025, 7, 1)))
        );
        assert_eq!(
            whole_months(&p(d(2025, 1, 15), d(2025, 7, 14))),
            Some((d(2025, 2, 1), d(2025, 7, 1)))
        );
        assert_eq!(
            whole_months(&p(d(2024, 2, 1), d(2024, 2, 29))),
            Some((d(2024, 2, 1), d(2024, 3, 1)))
        );
        assert_eq!(whole_months(&p(d(2025, 3, 2), d(2025, 3, 30))), None);
        assert_eq!(whole_months(&p(d(2025, 3, 20), d(2025, 4, 10))), None);
    }

    #[test]
    fn a_side_reads_the_roll_up_only_for_whole_months() {
        let sql = side(true, &Period::new(d(2025, 1, 15), d(2025, 3, 31)).unwrap(), true);
        assert!(sql.contains("r.month >= DATE '2025-02-01' AND r.month < DATE '2025-04-01'"));
        assert!(sql.contains("a.received_on BETWEEN DATE '2025-01-15' AND DATE '2025-01-31'"));
        assert!(!sql.contains("DATE '2025-04-01' AND DATE"));
    }
}
