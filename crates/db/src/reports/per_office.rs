//! The main figures per office, for a report of every office: one grouped read of the appeals
//! (`appeals_report`) and one of the measures, compensation and visits, each grouped by office.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date, Int8, Text};
use ombudsman_domain::report::{align_money, Money, OfficeFigures};

use super::Window;
use crate::{offices, Conn, DbError};

/// The appeals of one office in one period.
#[derive(QueryableByName)]
pub(super) struct AppealRow {
    #[diesel(sql_type = Bool)]
    pub cur: bool,
    #[diesel(sql_type = Text)]
    pub office: String,
    #[diesel(sql_type = Int8)]
    pub received: i64,
    #[diesel(sql_type = Int8)]
    pub closed: i64,
    #[diesel(sql_type = Int8)]
    pub overdue: i64,
}

#[derive(QueryableByName)]
struct OtherRow {
    #[diesel(sql_type = Bool)]
    cur: bool,
    #[diesel(sql_type = Text)]
    office: String,
    #[diesel(sql_type = Text)]
    what: String,
    #[diesel(sql_type = Text)]
    currency: String,
    #[diesel(sql_type = Int8)]
    n: i64,
    #[diesel(sql_type = Text)]
    total: String,
}

/// Both periods of one office.
#[derive(Default)]
struct Sides {
    received: [i64; 2],
    closed: [i64; 2],
    overdue: [i64; 2],
    measures: [i64; 2],
    visits: [i64; 2],
    money: [Money; 2],
}

/// Every office (the central office first, then by code), with zeros where it had nothing. The
/// appeals' figures are read here unless `appeals` brings them (from the roll-up).
pub(super) fn figures(
    conn: &mut Conn,
    w: &Window,
    as_of: NaiveDate,
    appeals: Option<Vec<AppealRow>>,
) -> Result<Vec<OfficeFigures>, DbError> {
    // The same rules as the report's own: closed is closed by the report date, overdue is open,
    // not paused and past due on it.
    let appeals: Vec<AppealRow> = match appeals {
        Some(rows) => rows,
        None => w
            .query(format!(
                "SELECT cur, office_id::text AS office, count(*) AS received, count(closed_on) AS closed, \
                    count(*) FILTER (WHERE status <> 'closed' AND paused_since IS NULL AND due_on < $6) AS overdue \
             FROM {} a GROUP BY 1, 2",
                Window::rows(
                    "appeals",
                    "received_on",
                    "office_id",
                    "office_id, closed_on, status, paused_since, due_on"
                )
            ))
            .bind::<Date, _>(as_of)
            .load(conn)?,
    };
    let measures = Window::rows(
        "impact_measures m",
        "m.issued_on",
        "m.office_id",
        "m.office_id::text AS office",
    );
    let visits = Window::rows("visits v", "v.started_on", "v.office_id", "v.office_id::text AS office");
    let money = Window::rows(
        "(SELECT * FROM compensations WHERE voided_at IS NULL) c",
        "c.recovered_on",
        "c.office_id",
        "c.office_id::text AS office, c.currency, c.amount_minor",
    );
    let others: Vec<OtherRow> = w
        .query(format!(
            "SELECT cur, office, 'measures' AS what, '' AS currency, count(*) AS n, '0' AS total \
             FROM {measures} x GROUP BY 1, 2 \
             UNION ALL SELECT cur, office, 'visits', '', count(*), '0' FROM {visits} x GROUP BY 1, 2 \
             UNION ALL SELECT cur, office, 'compensation', currency, count(*), sum(amount_minor::numeric)::text \
             FROM {money} x GROUP BY 1, 2, 4"
        ))
        .load(conn)?;

    let mut by_office: BTreeMap<String, Sides> = BTreeMap::new();
    for a in appeals {
        let (s, side) = (by_office.entry(a.office).or_default(), usize::from(!a.cur));
        s.received[side] += a.received;
        s.closed[side] += a.closed;
        s.overdue[side] += a.overdue;
    }
    for o in others {
        let (s, side) = (by_office.entry(o.office).or_default(), usize::from(!o.cur));
        match o.what.as_str() {
            "measures" => s.measures[side] += o.n,
            "visits" => s.visits[side] += o.n,
            _ => *s.money[side].entry(o.currency).or_insert(0) += crate::impact::parse_sum(&o.total)?,
        }
    }
    let mut all = offices::list(conn)?;
    all.sort_by(|a, b| b.is_central.cmp(&a.is_central).then_with(|| a.code.cmp(&b.code)));
    Ok(all
        .into_iter()
        .map(|office| {
            let s = by_office.remove(&office.id.to_string()).unwrap_or_default();
            let [mut compensation_minor, mut previous_compensation_minor] = s.money;
            align_money(&mut compensation_minor, &mut previous_compensation_minor);
            OfficeFigures {
                office_id: office.id,
                office_code: office.code,
                received: s.received[0],
                previous_received: s.received[1],
                closed: s.closed[0],
                previous_closed: s.closed[1],
                open: s.received[0] - s.closed[0],
                previous_open: s.received[1] - s.closed[1],
                overdue_open: s.overdue[0],
                previous_overdue_open: s.overdue[1],
                impact_measures: s.measures[0],
                previous_impact_measures: s.measures[1],
                compensation_minor,
                previous_compensation_minor,
                monitoring_visits: s.visits[0],
                previous_monitoring_visits: s.visits[1],
            }
        })
        .collect())
}
