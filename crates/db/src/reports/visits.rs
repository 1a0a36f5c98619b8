//! The monitoring visit figures: one `GROUPING SETS` query over the visits of both periods (with
//! who made them and the people interviewed) and one over their recommendations.

use diesel::prelude::*;
use diesel::sql_types::{Bool, Int8, Nullable, Text};
use ombudsman_domain::facility::FacilityKind;
use ombudsman_domain::office::Region;
use ombudsman_domain::report::{month_counts, percent_change, Counts, VisitFigures};
use ombudsman_domain::visit::{implementation_rate, ConductedBy, RecommendationStatus, VisitType};

use super::{Cell, Tally, Window};
use crate::{Conn, DbError};

/// A group of visits with the people interviewed at them.
#[derive(QueryableByName)]
struct VisitCell {
    #[diesel(sql_type = Bool)]
    cur: bool,
    #[diesel(sql_type = Text)]
    dim: String,
    #[diesel(sql_type = Nullable<Text>)]
    key: Option<String>,
    #[diesel(sql_type = Int8)]
    n: i64,
    #[diesel(sql_type = Int8)]
    individually: i64,
    #[diesel(sql_type = Int8)]
    in_groups: i64,
}

/// Who made a visit, as [`ConductedBy::of`] decides it: staff are the users of its team
/// (`visit_team`), the Public Group its external members (`public_group_members`).
const CONDUCTED_BY: &str = "CASE WHEN EXISTS (SELECT 1 FROM visit_team t WHERE t.visit_id = v.id) \
         THEN CASE WHEN cardinality(v.public_group_members) > 0 THEN 'joint' ELSE 'office_staff' END \
     WHEN cardinality(v.public_group_members) > 0 THEN 'public_group' ELSE 'office_staff' END";

pub(super) fn figures(conn: &mut Conn, w: &Window) -> Result<VisitFigures, DbError> {
    let rows = Window::rows(
        "visits v JOIN facilities f ON f.id = v.facility_id",
        "v.started_on",
        "v.office_id",
        &format!(
            "f.kind AS facility_kind, f.region, v.visit_type, to_char(v.started_on, 'YYYY-MM') AS month, \
             {CONDUCTED_BY} AS conducted_by, v.people_interviewed, v.people_interviewed_in_groups"
        ),
    );
    let recommendations = Window::rows(
        "visits v JOIN recommendations r ON r.visit_id = v.id",
        "v.started_on",
        "v.office_id",
        "r.status",
    );
    let cells: Vec<VisitCell> = w
        .query(format!(
            "SELECT cur, CASE WHEN GROUPING(facility_kind) = 0 THEN 'facility_kind' \
                    WHEN GROUPING(region) = 0 THEN 'region' WHEN GROUPING(visit_type) = 0 THEN 'visit_type' \
                    WHEN GROUPING(month) = 0 THEN 'month' WHEN GROUPING(conducted_by) = 0 THEN 'conducted_by' \
                    ELSE 'total' END AS dim, \
                    COALESCE(facility_kind, region, visit_type, month, conducted_by) AS key, count(*) AS n, \
                    sum(people_interviewed)::int8 AS individually, \
                    sum(people_interviewed_in_groups)::int8 AS in_groups \
             FROM {rows} x \
             GROUP BY GROUPING SETS ((cur), (cur, facility_kind), (cur, region), (cur, visit_type), (cur, month), \
                                     (cur, conducted_by))"
        ))
        .load(conn)?;
    let mut people = [(0_i64, 0_i64); 2];
    for c in cells.iter().filter(|c| c.dim == "total") {
        people[usize::from(!c.cur)] = (c.individually, c.in_groups);
    }
    let t = Tally::of(
        cells
            .into_iter()
            .map(|c| Cell {
                cur: c.cur,
                dim: c.dim,
                key: c.key,
                n: c.n,
            })
            .collect(),
    );
    let recs = Tally::of(
        w.query(format!(
            "SELECT cur, 'status' AS dim, status AS key, count(*) AS n FROM {recommendations} x GROUP BY 1, 3"
        ))
        .load(conn)?,
    );
    let (by_facility_kind, previous_by_facility_kind) =
        t.both("facility_kind", FacilityKind::ALL.iter().map(FacilityKind::as_str));
    let (by_region, previous_by_region) = t.both("region", Region::ALL.iter().map(Region::as_str));
    let (by_visit_type, previous_by_visit_type) = t.both("visit_type", VisitType::ALL.iter().map(|v| v.as_str()));
    let (by_conducted_by, previous_by_conducted_by) =
        t.both("conducted_by", ConductedBy::ALL.iter().map(|c| c.as_str()));
    let (recommendations_by_status, previous_recommendations_by_status) =
        recs.both("status", RecommendationStatus::ALL.iter().map(|s| s.as_str()));
    let made = |c: &Counts| c.values().sum::<i64>();
    let (total, previous) = (t.total(true), t.total(false));
    let [(people_interviewed, people_interviewed_in_groups), (previous_people_interviewed, previous_people_interviewed_in_groups)] =
        people;
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
        recommendations_implementation_rate: implementation_rate(&recommendations_by_status),
        previous_recommendations_implementation_rate: implementation_rate(&previous_recommendations_by_status),
        recommendations_by_status,
        previous_recommendations_by_status,
        by_conducted_by,
        previous_by_conducted_by,
        people_interviewed,
        previous_people_interviewed,
        people_interviewed_in_groups,
        previous_people_interviewed_in_groups,
        monthly: month_counts(&w.period, &t.counts(true, "month"), &t.counts(false, "month")),
    })
}
