//! The appeal figures: three grouped reads of the covering index `appeals_report`, each run with
//! parallel workers, whose few thousand groups the code below tallies into the breakdowns.
//!
//! 1. per channel, region, applicant kind, outcome, month and country abroad;
//! 2. per categories, days to close, the repeat / anonymous / collective / overdue / closed-late
//!    flags and the vulnerability markers of the applicant;
//! 3. the respondent bodies named most often.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Date, Int4, Int8, Nullable, Text, Uuid as SqlUuid};
use ombudsman_domain::appeal::{ApplicantKind, Channel, Outcome, Vulnerability};
use ombudsman_domain::ids::StateBodyId;
use ombudsman_domain::office::Region;
use ombudsman_domain::report::{
    month_counts, nearest_rank, percent_change, tally_categories, with_codes, AppealFigures, BodyCount, Counts, Month,
    TOP_RESPONDENT_BODIES,
};
use ombudsman_domain::state_body::{name_key, BodyNames};

use super::per_office::AppealRow;
use super::{rollup, Window};
use crate::{Conn, DbError};

/// Appeals with the same channel, region, applicant kind, outcome, month and country.
#[derive(QueryableByName)]
struct Profile {
    #[diesel(sql_type = Bool)]
    cur: bool,
    #[diesel(sql_type = Text)]
    channel: String,
    #[diesel(sql_type = Text)]
    region: String,
    #[diesel(sql_type = Nullable<Text>)]
    kind: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    outcome: Option<String>,
    #[diesel(sql_type = Date)]
    month: NaiveDate,
    #[diesel(sql_type = Nullable<Text>)]
    abroad_country: Option<String>,
    #[diesel(sql_type = Int8)]
    n: i64,
}

/// Appeals with the same categories, days to close and flags.
#[derive(QueryableByName)]
struct Course {
    #[diesel(sql_type = Bool)]
    cur: bool,
    #[diesel(sql_type = Array<Text>)]
    categories: Vec<String>,
    #[diesel(sql_type = Nullable<Int4>)]
    days: Option<i32>,
    #[diesel(sql_type = Bool)]
    repeat: bool,
    #[diesel(sql_type = Bool)]
    anonymous: bool,
    #[diesel(sql_type = Bool)]
    collective: bool,
    #[diesel(sql_type = Bool)]
    overdue: bool,
    #[diesel(sql_type = Bool)]
    late: bool,
    /// The applicant's vulnerability markers; none for an applicant without any.
    #[diesel(sql_type = Nullable<Array<Text>>)]
    markers: Option<Vec<String>>,
    #[diesel(sql_type = Int8)]
    n: i64,
}

#[derive(QueryableByName)]
struct BodyRow {
    /// The body of the directory; none for free text.
    #[diesel(sql_type = Nullable<SqlUuid>)]
    body_id: Option<uuid::Uuid>,
    /// Its name in Uzbek (Latin script), or the free text as written.
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    name_uz_cyrl: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    name_ru: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    name_en: Option<String>,
    #[diesel(sql_type = Int8)]
    count: i64,
    #[diesel(sql_type = Int8)]
    previous: i64,
}

/// The figures of one side (period or previous period).
#[derive(Default)]
struct Side {
    received: i64,
    by_kind: Counts,
    by_channel: Counts,
    by_region: Counts,
    by_outcome: Counts,
    by_country: Counts,
    by_month: Counts,
    categories: Vec<(Vec<String>, i64)>,
    days: BTreeMap<i32, i64>,
    repeat: i64,
    anonymous: i64,
    collective: i64,
    overdue: i64,
    late: i64,
    vulnerable: i64,
    by_vulnerability: Counts,
}

fn add(counts: &mut Counts, key: &str, n: i64) {
    *counts.entry(key.to_owned()).or_insert(0) += n;
}

pub(super) fn figures(conn: &mut Conn, w: &Window, as_of: NaiveDate) -> Result<AppealFigures, DbError> {
    // Only applicants who are not citizens are looked up (a small hash table); an appeal with an
    // applicant who is not among them is a citizen's. Anonymous appeals have no kind.
    let profiles: Vec<Profile> = w
        .query(format!(
            "SELECT a.cur, a.channel, a.region, \
                    COALESCE(nc.kind, CASE WHEN a.applicant_id IS NOT NULL THEN 'citizen' END) AS kind, \
                    a.outcome, a.month, a.abroad_country, count(*) AS n \
             FROM {} a LEFT JOIN (SELECT id, kind FROM applicants WHERE kind <> 'citizen') nc \
                  ON nc.id = a.applicant_id \
             GROUP BY 1, 2, 3, 4, 5, 6, 7",
            Window::rows(
                "appeals",
                "received_on",
                "office_id",
                "channel, region, applicant_id, outcome, \
                 date_trunc('month', received_on::timestamp)::date AS month, abroad_country",
            )
        ))
        .load(conn)?;
    // Days to close are whole days from receipt to closing; NULL while open. Only applicants
    // with vulnerability markers are looked up (partial index `applicants_vulnerable`).
    let courses: Vec<Course> = w
        .query(format!(
            "SELECT a.cur, a.categories, a.days, a.repeat, a.anonymous, a.collective, a.overdue, a.late, \
                    vu.vulnerabilities AS markers, count(*) AS n \
             FROM {} a LEFT JOIN (SELECT id, vulnerabilities FROM applicants WHERE vulnerabilities <> '{{}}') vu \
                  ON vu.id = a.applicant_id \
             GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9",
            Window::rows(
                "appeals",
                "received_on",
                "office_id",
                "categories, closed_on - received_on AS days, repeat_of IS NOT NULL AS repeat, anonymous, \
                 signatories IS NOT NULL AS collective, status <> 'closed' AND paused_since IS NULL AND due_on < $6 AS overdue, \
                 COALESCE(closed_on > due_on, false) AS late, applicant_id",
            )
        ))
        .bind::<Date, _>(as_of)
        .load(conn)?;
    // Appeals per set of bodies first (few distinct sets), then per body of the directory and
    // per free text; a body named twice in one appeal counts once. Free text is merged by its
    // fold below, so spellings and scripts of one name make one line.
    let bodies: Vec<BodyRow> = w
        .query(format!(
            "WITH sets AS (SELECT cur, respondent_bodies, respondent_body_ids, count(*) AS n FROM {} a \
                           WHERE cardinality(respondent_bodies) > 0 GROUP BY 1, 2, 3), \
             named AS (SELECT u.body_id, u.text, (COALESCE(sum(n) FILTER (WHERE cur), 0))::int8 AS count, \
                              (COALESCE(sum(n) FILTER (WHERE NOT cur), 0))::int8 AS previous \
                       FROM sets CROSS JOIN LATERAL ( \
                           SELECT DISTINCT x.body_id, CASE WHEN x.body_id IS NULL THEN x.name END AS text \
                           FROM unnest(sets.respondent_bodies, sets.respondent_body_ids) AS x(name, body_id) \
                           WHERE x.name IS NOT NULL) u \
                       GROUP BY 1, 2) \
             SELECT named.body_id, COALESCE(named.text, b.name_uz_latn) AS name, b.name_uz_cyrl, b.name_ru, \
                    b.name_en, named.count, named.previous \
             FROM named LEFT JOIN state_bodies b ON b.id = named.body_id",
            Window::rows(
                "appeals",
                "received_on",
                "office_id",
                "respondent_bodies, respondent_body_ids"
            )
        ))
        .load(conn)?;

    let mut sides: [Side; 2] = Default::default();
    for p in profiles {
        let s = &mut sides[usize::from(!p.cur)];
        s.received += p.n;
        add(&mut s.by_channel, &p.channel, p.n);
        add(&mut s.by_region, &p.region, p.n);
        add(&mut s.by_month, &Month::of(p.month).key(), p.n);
        if let Some(k) = p.kind {
            add(&mut s.by_kind, &k, p.n);
        }
        if let Some(o) = p.outcome {
            add(&mut s.by_outcome, &o, p.n);
        }
        if let Some(c) = p.abroad_country {
            add(&mut s.by_country, &c, p.n);
        }
    }
    for c in courses {
        let s = &mut sides[usize::from(!c.cur)];
        if let Some(d) = c.days {
            *s.days.entry(d).or_insert(0) += c.n;
        }
        s.repeat += i64::from(c.repeat) * c.n;
        s.anonymous += i64::from(c.anonymous) * c.n;
        s.collective += i64::from(c.collective) * c.n;
        s.overdue += i64::from(c.overdue) * c.n;
        s.late += i64::from(c.late) * c.n;
        if let Some(markers) = c.markers.filter(|m| !m.is_empty()) {
            s.vulnerable += c.n;
            for m in markers {
                add(&mut s.by_vulnerability, &m, c.n);
            }
        }
        s.categories.push((c.categories, c.n));
    }
    let [now, before] = sides;
    Ok(assemble(w, now, before, bodies))
}

#[derive(QueryableByName)]
struct Overdue {
    #[diesel(sql_type = Bool)]
    cur: bool,
    #[diesel(sql_type = SqlUuid)]
    office: uuid::Uuid,
    #[diesel(sql_type = Int8)]
    n: i64,
}

#[derive(QueryableByName)]
struct Names {
    #[diesel(sql_type = SqlUuid)]
    id: uuid::Uuid,
    #[diesel(sql_type = Text)]
    name_uz_latn: String,
    #[diesel(sql_type = Nullable<Text>)]
    name_uz_cyrl: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    name_ru: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    name_en: Option<String>,
}

/// The same figures as [`figures`] (and the appeals per office), summed from the monthly roll-ups
/// ([`rollup::facts_of`]), with the open appeals past their date on `as_of` read from the
/// appeals (partial index `appeals_open_received`): the one figure that moves with the date.
pub(super) fn rolled_figures(
    conn: &mut Conn,
    w: &Window,
    as_of: NaiveDate,
) -> Result<(AppealFigures, Vec<AppealRow>), DbError> {
    let facts = rollup::facts_of(conn, &w.period, &w.previous, w.office)?;
    let overdue: Vec<Overdue> = w
        .query(format!(
            "SELECT cur, office_id AS office, count(*)::int8 AS n FROM {} a \
             WHERE paused_since IS NULL AND due_on < $6 GROUP BY 1, 2",
            Window::rows(
                "(SELECT * FROM appeals WHERE status <> 'closed') o",
                "o.received_on",
                "o.office_id",
                "o.office_id, o.paused_since, o.due_on",
            )
        ))
        .bind::<Date, _>(as_of)
        .load(conn)?;

    let mut sides: [Side; 2] = Default::default();
    // Per office: received, closed and overdue, in the period and the one before.
    let mut offices: BTreeMap<uuid::Uuid, [[i64; 3]; 2]> = BTreeMap::new();
    // Per body of the directory (or free text): appeals naming it, in the period and before.
    let mut bodies: BTreeMap<(Option<uuid::Uuid>, String), [i64; 2]> = BTreeMap::new();
    for f in facts {
        let side = usize::from(!f.cur);
        let s = &mut sides[side];
        match (f.month, f.office) {
            (Some(month), _) => {
                if f.dim == "received" {
                    add(&mut s.by_month, &Month::of(month).key(), f.n);
                }
            }
            (None, Some(office)) => match f.dim.as_str() {
                "received" => offices.entry(office).or_default()[side][0] += f.n,
                "days" => offices.entry(office).or_default()[side][1] += f.n,
                _ => {}
            },
            (None, None) => {
                let key = f.key.unwrap_or_default();
                match f.dim.as_str() {
                    "received" => s.received += f.n,
                    "channel" => add(&mut s.by_channel, &key, f.n),
                    "region" => add(&mut s.by_region, &key, f.n),
                    "kind" => add(&mut s.by_kind, &key, f.n),
                    "outcome" => add(&mut s.by_outcome, &key, f.n),
                    "country" => add(&mut s.by_country, &key, f.n),
                    "categories" => {
                        let codes = key.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect();
                        s.categories.push((codes, f.n));
                    }
                    "days" => {
                        let days: i32 = key.parse().map_err(|e| bad_key("days to close", &key, e))?;
                        *s.days.entry(days).or_insert(0) += f.n;
                    }
                    "repeat" => s.repeat += f.n,
                    "anonymous" => s.anonymous += f.n,
                    "collective" => s.collective += f.n,
                    "late" => s.late += f.n,
                    "vulnerable" => s.vulnerable += f.n,
                    "vulnerability" => add(&mut s.by_vulnerability, &key, f.n),
                    "body" => {
                        let id = key.parse().map_err(|e| bad_key("respondent body", &key, e))?;
                        bodies.entry((Some(id), String::new())).or_default()[side] += f.n;
                    }
                    "body_text" => bodies.entry((None, key)).or_default()[side] += f.n,
                    _ => {}
                }
            }
        }
    }
    for o in overdue {
        let side = usize::from(!o.cur);
        sides[side].overdue += o.n;
        offices.entry(o.office).or_default()[side][2] += o.n;
    }

    let ids: Vec<uuid::Uuid> = bodies.keys().filter_map(|(id, _)| *id).collect();
    let names: HashMap<uuid::Uuid, Names> = diesel::sql_query(
        "SELECT id, name_uz_latn, name_uz_cyrl, name_ru, name_en FROM state_bodies WHERE id = ANY($1)",
    )
    .bind::<Array<SqlUuid>, _>(&ids)
    .load::<Names>(conn)?
    .into_iter()
    .map(|n| (n.id, n))
    .collect();
    let rows = bodies
        .into_iter()
        .map(|((id, text), [count, previous])| {
            let names = id.and_then(|id| names.get(&id));
            BodyRow {
                body_id: id,
                name: names.map_or(text, |n| n.name_uz_latn.clone()),
                name_uz_cyrl: names.and_then(|n| n.name_uz_cyrl.clone()),
                name_ru: names.and_then(|n| n.name_ru.clone()),
                name_en: names.and_then(|n| n.name_en.clone()),
                count,
                previous,
            }
        })
        .collect();
    let by_office = offices
        .into_iter()
        .flat_map(|(office, sides)| {
            [true, false]
                .into_iter()
                .zip(sides)
                .map(move |(cur, [received, closed, overdue])| AppealRow {
                    cur,
                    office: office.to_string(),
                    received,
                    closed,
                    overdue,
                })
        })
        .collect();
    let [now, before] = sides;
    Ok((assemble(w, now, before, rows), by_office))
}

/// A value in the roll-up that does not read as what it should be (a fault, never the caller's).
fn bad_key(what: &str, key: &str, e: impl std::fmt::Display) -> DbError {
    DbError::Other(diesel::result::Error::DeserializationError(
        format!("the {what} {key:?} in the report roll-up: {e}").into(),
    ))
}

/// The bodies named most often, most named first (then by name): one line per body of the
/// directory, and one per fold of free text, under the spelling named most often in the period.
fn top_bodies(rows: Vec<BodyRow>) -> Vec<BodyCount> {
    let mut lines: Vec<BodyCount> = Vec::new();
    // Per fold of free text: the line's index and the count of the spelling it shows.
    let mut free: HashMap<String, (usize, i64)> = HashMap::new();
    for row in rows {
        let Some(id) = row.body_id else {
            match free.entry(name_key(&row.name)) {
                Entry::Occupied(e) => {
                    let (i, shown) = *e.get();
                    let line = &mut lines[i];
                    line.count += row.count;
                    line.previous += row.previous;
                    if row.count > shown || (row.count == shown && row.name < line.name) {
                        line.name = row.name;
                        e.into_mut().1 = row.count;
                    }
                }
                Entry::Vacant(e) => {
                    e.insert((lines.len(), row.count));
                    lines.push(BodyCount {
                        name: row.name,
                        state_body_id: None,
                        names: None,
                        count: row.count,
                        previous: row.previous,
                    });
                }
            }
            continue;
        };
        lines.push(BodyCount {
            names: Some(BodyNames {
                uz_latn: row.name.clone(),
                uz_cyrl: row.name_uz_cyrl,
                ru: row.name_ru,
                en: row.name_en,
            }),
            name: row.name,
            state_body_id: Some(StateBodyId(id)),
            count: row.count,
            previous: row.previous,
        });
    }
    lines.retain(|b| b.count > 0);
    lines.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    lines.truncate(usize::try_from(TOP_RESPONDENT_BODIES).unwrap_or(usize::MAX));
    lines
}

fn assemble(w: &Window, now: Side, before: Side, bodies: Vec<BodyRow>) -> AppealFigures {
    let closed = |s: &Side| s.days.values().sum::<i64>();
    let abroad = |s: &Side| s.by_region.get(Region::Abroad.as_str()).copied().unwrap_or(0);
    let tally = |s: &Side| tally_categories(s.categories.iter().map(|(c, n)| (c.as_slice(), *n)));
    let ((by_category, by_rights_group), (previous_by_category, previous_by_rights_group)) =
        (tally(&now), tally(&before));
    let kinds = || ApplicantKind::ALL.iter().map(ApplicantKind::as_str);
    let channels = || Channel::ALL.iter().map(Channel::as_str);
    let regions = || Region::ALL.iter().map(Region::as_str);
    let outcomes = || Outcome::ALL.iter().map(Outcome::as_str);
    let vulnerabilities = || Vulnerability::ALL.iter().map(Vulnerability::as_str);
    AppealFigures {
        received: now.received,
        previous: before.received,
        change_percent: percent_change(now.received, before.received),
        by_category,
        previous_by_category,
        by_rights_group,
        previous_by_rights_group,
        repeat: now.repeat,
        previous_repeat: before.repeat,
        anonymous: now.anonymous,
        previous_anonymous: before.anonymous,
        collective: now.collective,
        previous_collective: before.collective,
        from_abroad: abroad(&now),
        previous_from_abroad: abroad(&before),
        by_respondent_body: top_bodies(bodies),
        closed: closed(&now),
        previous_closed: closed(&before),
        open: now.received - closed(&now),
        previous_open: before.received - closed(&before),
        overdue_open: now.overdue,
        previous_overdue_open: before.overdue,
        median_days_to_close: nearest_rank(&now.days, 0.5),
        previous_median_days_to_close: nearest_rank(&before.days, 0.5),
        p90_days_to_close: nearest_rank(&now.days, 0.9),
        previous_p90_days_to_close: nearest_rank(&before.days, 0.9),
        monthly: month_counts(&w.period, &now.by_month, &before.by_month),
        by_applicant_kind: with_codes(kinds(), now.by_kind),
        previous_by_applicant_kind: with_codes(kinds(), before.by_kind),
        by_channel: with_codes(channels(), now.by_channel),
        previous_by_channel: with_codes(channels(), before.by_channel),
        by_region: with_codes(regions(), now.by_region),
        previous_by_region: with_codes(regions(), before.by_region),
        by_outcome: with_codes(outcomes(), now.by_outcome),
        previous_by_outcome: with_codes(outcomes(), before.by_outcome),
        abroad_by_country: now.by_country,
        previous_abroad_by_country: before.by_country,
        closed_late: now.late,
        previous_closed_late: before.late,
        from_vulnerable_groups: now.vulnerable,
        previous_from_vulnerable_groups: before.vulnerable,
        by_vulnerability: with_codes(vulnerabilities(), now.by_vulnerability),
        previous_by_vulnerability: with_codes(vulnerabilities(), before.by_vulnerability),
    }
}
