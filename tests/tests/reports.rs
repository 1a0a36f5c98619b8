//! The live reports through the HTTP API: a few hundred generated appeals, measures, compensation
//! records and visits over 2024–2025 are inserted directly, the test works out every figure from
//! its own rows in plain Rust, and compares them with what `/api/v1/reports/...` answers. Also the
//! period boundaries, an empty period, office scopes, roles and parameter validation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use ombudsman_domain::appeal::{ApplicantKind, Category, Channel, Outcome};
use ombudsman_domain::facility::FacilityKind;
use ombudsman_domain::impact::{CompensationKind, MeasureKind, MeasureStatus};
use ombudsman_domain::office::{tashkent_date, Region};
use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Map, Value};

const HQ_ID: &str = "01930000-0000-7000-8000-000000000001";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A small deterministic generator, so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    fn day(&mut self, from: &str, days: usize) -> NaiveDate {
        d(from) + chrono::Duration::days(self.below(days) as i64)
    }
}

#[derive(Clone)]
struct Appeal {
    office: String,
    received_on: NaiveDate,
    channel: &'static str,
    kind: Option<&'static str>,
    region: &'static str,
    abroad: Option<&'static str>,
    categories: Vec<&'static str>,
    bodies: Vec<&'static str>,
    closed: Option<(NaiveDate, &'static str)>,
    due_on: NaiveDate,
    repeat: bool,
    signatories: Option<i32>,
}

struct Measure {
    office: String,
    issued_on: NaiveDate,
    kind: &'static str,
    status: &'static str,
}

struct Money {
    office: String,
    recovered_on: NaiveDate,
    amount: i64,
    currency: &'static str,
    kind: &'static str,
}

struct Visit {
    office: String,
    started_on: NaiveDate,
    facility: usize,
    visit_type: &'static str,
    recommendations: Vec<&'static str>,
}

const FACILITIES: &[(&str, &str)] = &[
    ("pre_trial_detention_centre", "tashkent_city"),
    ("penal_institution", "samarkand"),
    ("temporary_detention_facility", "samarkand"),
    ("military_unit", "fergana"),
];

/// Everything inserted, keyed by office code (`HQ`, `SAM`).
#[derive(Default)]
struct Data {
    offices: BTreeMap<String, String>,
    appeals: Vec<Appeal>,
    measures: Vec<Measure>,
    money: Vec<Money>,
    visits: Vec<Visit>,
}

fn generate(offices: BTreeMap<String, String>, seed: u64) -> Data {
    let mut r = Rng(seed);
    let codes: Vec<String> = offices.keys().cloned().collect();
    let mut data = Data {
        offices,
        ..Data::default()
    };
    let bodies = [
        "Pension Fund",
        "Ministry of Internal Affairs",
        "Tax Committee",
        "Khokimiyat of Samarkand",
    ];
    let kinds = [
        Some("citizen"),
        Some("citizen"),
        Some("foreign_national"),
        Some("organization"),
        None,
    ];
    for _ in 0..320 {
        let received_on = r.day("2024-01-01", 731);
        let region = r.pick(&["tashkent_city", "samarkand", "fergana", "abroad", "andijan"]);
        let closed = match r.below(3) {
            0 => None,
            _ => Some((
                received_on + chrono::Duration::days(r.below(60) as i64),
                r.pick(&["satisfied", "explained", "rejected", "forwarded"]),
            )),
        };
        let mut categories = vec![r.pick(&["prisoners_rights", "labour", "social_security", "environment"])];
        if r.below(3) == 0 {
            categories.push(r.pick(&["prohibition_of_torture", "health", "freedom_of_expression", "property"]));
        }
        categories.sort();
        categories.dedup();
        let mut named = vec![];
        for _ in 0..r.below(3) {
            named.push(r.pick(&bodies));
        }
        let kind = r.pick(&kinds);
        data.appeals.push(Appeal {
            office: codes[r.below(codes.len())].clone(),
            received_on,
            channel: r.pick(&["letter", "email", "online_portal", "hotline", "complaint_box"]),
            kind,
            region,
            abroad: (region == "abroad").then(|| r.pick(&["RU", "KZ"])),
            categories,
            bodies: named,
            closed,
            // Half the open ones are overdue; the others are due long after today.
            due_on: if r.below(2) == 0 {
                received_on + chrono::Duration::days(15)
            } else {
                d("2099-01-01")
            },
            repeat: kind.is_some() && r.below(5) == 0,
            signatories: (r.below(8) == 0).then_some(3),
        });
    }
    for _ in 0..90 {
        let kind = r.pick(&["submission", "demand", "lawsuit", "conclusion"]);
        let status = if kind == "lawsuit" {
            r.pick(&["issued", "in_court", "won"])
        } else {
            r.pick(&["issued", "response_received", "implemented", "rejected"])
        };
        data.measures.push(Measure {
            office: codes[r.below(codes.len())].clone(),
            issued_on: r.day("2024-01-01", 731),
            kind,
            status,
        });
    }
    for _ in 0..70 {
        let currency = r.pick(&["UZS", "UZS", "RUB"]);
        data.money.push(Money {
            office: codes[r.below(codes.len())].clone(),
            recovered_on: r.day("2024-01-01", 731),
            amount: 1 + r.below(5_000_000) as i64 * 100,
            currency,
            kind: r.pick(&["wage_arrears", "pension", "damages"]),
        });
    }
    for _ in 0..60 {
        let mut recommendations = vec![];
        for _ in 0..r.below(4) {
            recommendations.push(r.pick(&["open", "implemented", "partially_implemented", "not_implemented"]));
        }
        data.visits.push(Visit {
            office: codes[r.below(codes.len())].clone(),
            started_on: r.day("2024-01-01", 731),
            facility: r.below(FACILITIES.len()),
            visit_type: r.pick(&["planned", "unannounced", "follow_up"]),
            recommendations,
        });
    }
    data
}

fn only<'a>(rows: &[&'a Money], keep: &dyn Fn(&Money) -> bool) -> Vec<&'a Money> {
    rows.iter().copied().filter(|m| keep(m)).collect()
}

fn text_array(xs: &[&str]) -> String {
    let quoted: Vec<String> = xs.iter().map(|x| format!("'{x}'")).collect();
    format!("ARRAY[{}]::text[]", quoted.join(","))
}

fn opt<T: std::fmt::Display>(x: Option<T>) -> String {
    x.map_or("NULL".to_owned(), |v| format!("'{v}'"))
}

/// Inserts the rows with SQL (visits have no HTTP API yet): one applicant per kind, an old
/// appeal that the repeat appeals repeat and that carries the compensation records.
fn insert(app: &TestApp, data: &Data) {
    let mut sql = String::from(
        "INSERT INTO applicants (id, kind, full_name) VALUES \
         ('00000000-0000-7000-8000-00000000a001', 'citizen', 'Citizen'), \
         ('00000000-0000-7000-8000-00000000a002', 'foreign_national', 'Foreign national'), \
         ('00000000-0000-7000-8000-00000000a003', 'organization', 'Organization');\n",
    );
    let applicant = |kind: Option<&str>| match kind {
        Some("citizen") => "'00000000-0000-7000-8000-00000000a001'",
        Some("foreign_national") => "'00000000-0000-7000-8000-00000000a002'",
        Some(_) => "'00000000-0000-7000-8000-00000000a003'",
        None => "NULL",
    };
    let appeal_sql =
        |id: &str, seq: usize, a: &Appeal, repeat_of: &str| {
            format!(
            "INSERT INTO appeals (id, office_id, number, year, seq, received_on, channel, applicant_id, anonymous, \
             signatories, region, abroad_country, subject, description, categories, respondent_bodies, status, \
             outcome, closed_on, track_started_on, due_on, repeat_of, access_code_hash, search_text) VALUES \
             ('{id}', '{office}', 'T-{seq}', 2025, {seq}, '{received}', '{channel}', {applicant}, {anonymous}, \
             {signatories}, '{region}', {abroad}, 'Subject', 'Description', {categories}, {bodies}, '{status}', \
             {outcome}, {closed_on}, '{received}', '{due}', {repeat_of}, decode(repeat('00', 32), 'hex'), '');\n",
            office = data.offices[&a.office],
            received = a.received_on,
            channel = a.channel,
            applicant = applicant(a.kind),
            anonymous = a.kind.is_none(),
            signatories = a.signatories.map_or("NULL".into(), |s| s.to_string()),
            region = a.region,
            abroad = opt(a.abroad),
            categories = text_array(&a.categories),
            bodies = text_array(&a.bodies),
            status = if a.closed.is_some() { "closed" } else { "under_consideration" },
            outcome = opt(a.closed.map(|c| c.1)),
            closed_on = opt(a.closed.map(|c| c.0)),
            due = a.due_on,
        )
        };
    let base = "00000000-0000-7000-8000-0000000b0000";
    let old = Appeal {
        office: "HQ".into(),
        received_on: d("2020-03-01"),
        channel: "letter",
        kind: Some("citizen"),
        region: "tashkent_city",
        abroad: None,
        categories: vec!["labour"],
        bodies: vec![],
        closed: None,
        due_on: d("2099-01-01"),
        repeat: false,
        signatories: None,
    };
    sql.push_str(&appeal_sql(base, 100_000, &old, "NULL"));
    for (i, a) in data.appeals.iter().enumerate() {
        let id = format!("00000000-0000-7000-8000-{:012x}", i + 1);
        let repeat_of = if a.repeat { format!("'{base}'") } else { "NULL".into() };
        sql.push_str(&appeal_sql(&id, i + 1, a, &repeat_of));
    }
    for (i, m) in data.measures.iter().enumerate() {
        sql.push_str(&format!(
            "INSERT INTO impact_measures (id, office_id, number, year, seq, kind, addressee, issued_on, summary, status) \
             VALUES (gen_random_uuid(), '{}', 'M-{i}', 2025, {}, '{}', 'Body', '{}', 'Summary', '{}');\n",
            data.offices[&m.office],
            i + 1,
            m.kind,
            m.issued_on,
            m.status
        ));
    }
    for m in &data.money {
        sql.push_str(&format!(
            "INSERT INTO compensations (id, office_id, amount_minor, currency, kind, paid_by, recovered_on, appeal_id) \
             VALUES (gen_random_uuid(), '{}', {}, '{}', '{}', 'Payer', '{}', '{base}');\n",
            data.offices[&m.office], m.amount, m.currency, m.kind, m.recovered_on
        ));
    }
    for (i, (kind, region)) in FACILITIES.iter().enumerate() {
        sql.push_str(&format!(
            "INSERT INTO facilities (id, name, kind, region, operating_authority) VALUES \
             ('00000000-0000-7000-8000-0000000f{i:04}', 'Facility {i}', '{kind}', '{region}', 'Ministry');\n"
        ));
    }
    for (i, v) in data.visits.iter().enumerate() {
        let id = format!("00000000-0000-7000-8000-0000000c{i:04}");
        sql.push_str(&format!(
            "INSERT INTO visits (id, number, office_id, facility_id, started_on, ended_on, visit_type) VALUES \
             ('{id}', 'V-{i}', '{}', '00000000-0000-7000-8000-0000000f{:04}', '{}', '{}', '{}');\n",
            data.offices[&v.office],
            v.facility,
            v.started_on,
            v.started_on + chrono::Duration::days(1),
            v.visit_type
        ));
        for (p, status) in v.recommendations.iter().enumerate() {
            sql.push_str(&format!(
                "INSERT INTO recommendations (id, visit_id, position, text, addressee, status) VALUES \
                 (gen_random_uuid(), '{id}', {}, 'Text', 'Addressee', '{status}');\n",
                p + 1
            ));
        }
    }
    app.sql(&sql).expect("insert the report's rows");
}

// ---- The figures, worked out from the rows ----

fn counts<'a>(codes: impl IntoIterator<Item = &'a str>, keys: impl IntoIterator<Item = String>) -> Value {
    let mut m: BTreeMap<String, i64> = codes.into_iter().map(|c| (c.to_owned(), 0)).collect();
    for k in keys {
        *m.entry(k).or_insert(0) += 1;
    }
    json!(m)
}

fn change(current: usize, previous: usize) -> Value {
    if previous == 0 {
        return Value::Null;
    }
    let c = (current as f64 - previous as f64) * 100.0 / previous as f64;
    json!((c * 10.0).round() / 10.0)
}

fn months(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = vec![];
    let mut m = from.with_day(1).unwrap();
    while m <= to {
        out.push(m);
        m = m.checked_add_months(Months::new(1)).unwrap();
    }
    out
}

fn key(m: NaiveDate) -> String {
    m.format("%Y-%m").to_string()
}

fn monthly(from: NaiveDate, to: NaiveDate, dates: &[NaiveDate], previous: &[NaiveDate]) -> Value {
    let n = |ds: &[NaiveDate], m: NaiveDate| ds.iter().filter(|x| key(**x) == key(m)).count();
    let series: Vec<Value> = months(from, to)
        .into_iter()
        .map(|m| {
            let a_year_before = m.checked_sub_months(Months::new(12)).unwrap();
            json!({"month": key(m), "count": n(dates, m), "previous": n(previous, a_year_before)})
        })
        .collect();
    json!(series)
}

/// The nearest-rank percentile of whole days.
fn percentile(days: &[i64], f: f64) -> Value {
    if days.is_empty() {
        return Value::Null;
    }
    let mut sorted = days.to_vec();
    sorted.sort();
    let rank = ((f * sorted.len() as f64).ceil() as usize).max(1);
    json!(sorted[rank - 1])
}

fn appeal_side(rows: &[&Appeal], today: NaiveDate) -> Map<String, Value> {
    let closed: Vec<&&Appeal> = rows.iter().filter(|a| a.closed.is_some()).collect();
    let days: Vec<i64> = closed
        .iter()
        .map(|a| (a.closed.unwrap().0 - a.received_on).num_days())
        .collect();
    let mut groups = vec![];
    for a in rows {
        let mut g: Vec<&str> = a
            .categories
            .iter()
            .map(|c| c.parse::<Category>().unwrap().group().as_str())
            .collect();
        g.sort();
        g.dedup();
        groups.extend(g.into_iter().map(str::to_owned));
    }
    let count = |f: &dyn Fn(&Appeal) -> bool| rows.iter().filter(|a| f(a)).count();
    let mut abroad = BTreeMap::new();
    for a in rows.iter().filter_map(|a| a.abroad) {
        *abroad.entry(a.to_owned()).or_insert(0) += 1;
    }
    let open = |a: &Appeal| a.closed.is_none();
    let pairs = [
        ("received", json!(rows.len())),
        (
            "by_applicant_kind",
            counts(
                ApplicantKind::ALL.iter().map(ApplicantKind::as_str),
                rows.iter().filter_map(|a| a.kind.map(str::to_owned)),
            ),
        ),
        (
            "by_channel",
            counts(
                Channel::ALL.iter().map(Channel::as_str),
                rows.iter().map(|a| a.channel.to_owned()),
            ),
        ),
        (
            "by_region",
            counts(
                Region::ALL.iter().map(Region::as_str),
                rows.iter().map(|a| a.region.to_owned()),
            ),
        ),
        (
            "by_category",
            counts(
                Category::ALL.iter().map(Category::as_str),
                rows.iter().flat_map(|a| a.categories.iter().map(|c| c.to_string())),
            ),
        ),
        (
            "by_rights_group",
            counts(["personal", "social", "economic", "political", "environmental"], groups),
        ),
        ("repeat", json!(count(&|a| a.repeat))),
        ("anonymous", json!(count(&|a| a.kind.is_none()))),
        ("collective", json!(count(&|a| a.signatories.is_some()))),
        ("from_abroad", json!(count(&|a| a.region == "abroad"))),
        ("abroad_by_country", json!(abroad)),
        ("closed", json!(closed.len())),
        (
            "by_outcome",
            counts(
                Outcome::ALL.iter().map(Outcome::as_str),
                closed.iter().map(|a| a.closed.unwrap().1.to_owned()),
            ),
        ),
        ("open", json!(count(&open))),
        ("overdue_open", json!(count(&|a| open(a) && a.due_on < today))),
        ("median_days_to_close", percentile(&days, 0.5)),
        ("p90_days_to_close", percentile(&days, 0.9)),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// Names the first item of the current side "x" and of the previous side "previous_x" (for the
/// headline count api.md's plain `previous`).
fn sides(current: Map<String, Value>, previous: Map<String, Value>, headline: &str) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in current {
        out.insert(k, v);
    }
    for (k, v) in previous {
        let name = if k == headline {
            "previous".to_owned()
        } else {
            format!("previous_{k}")
        };
        out.insert(name, v);
    }
    out
}

fn bodies(now: &[&Appeal], before: &[&Appeal]) -> Value {
    let tally = |rows: &[&Appeal]| {
        let mut m: BTreeMap<&str, i64> = BTreeMap::new();
        for a in rows {
            let mut named = a.bodies.clone();
            named.sort();
            named.dedup();
            for b in named {
                *m.entry(b).or_insert(0) += 1;
            }
        }
        m
    };
    let (n, p) = (tally(now), tally(before));
    let mut list: Vec<(&str, i64)> = n.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let items: Vec<Value> = list
        .into_iter()
        .take(20)
        .map(|(name, count)| json!({"name": name, "count": count, "previous": p.get(name).copied().unwrap_or(0)}))
        .collect();
    json!(items)
}

struct Scope<'a> {
    data: &'a Data,
    office: Option<&'a str>,
    from: NaiveDate,
    to: NaiveDate,
    prev_from: NaiveDate,
    prev_to: NaiveDate,
}

impl Scope<'_> {
    fn mine(&self, office: &str) -> bool {
        self.office.is_none_or(|o| o == office)
    }
    fn now(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
    fn before(&self, day: NaiveDate) -> bool {
        self.prev_from <= day && day <= self.prev_to
    }

    fn appeals(&self, today: NaiveDate) -> Value {
        let pick = |f: &dyn Fn(NaiveDate) -> bool| -> Vec<&Appeal> {
            self.data
                .appeals
                .iter()
                .filter(|a| self.mine(&a.office) && f(a.received_on))
                .collect()
        };
        let (now, before) = (pick(&|x| self.now(x)), pick(&|x| self.before(x)));
        let mut out = sides(appeal_side(&now, today), appeal_side(&before, today), "received");
        out.insert("change_percent".into(), change(now.len(), before.len()));
        out.insert("by_respondent_body".into(), bodies(&now, &before));
        let dates = |rows: &[&Appeal]| rows.iter().map(|a| a.received_on).collect::<Vec<_>>();
        out.insert(
            "monthly".into(),
            monthly(self.from, self.to, &dates(&now), &dates(&before)),
        );
        Value::Object(out)
    }

    fn measures(&self) -> Value {
        let side = |f: &dyn Fn(NaiveDate) -> bool| -> Vec<&Measure> {
            self.data
                .measures
                .iter()
                .filter(|m| self.mine(&m.office) && f(m.issued_on))
                .collect()
        };
        let (now, before) = (side(&|x| self.now(x)), side(&|x| self.before(x)));
        let kinds = |rows: &[&Measure]| {
            counts(
                MeasureKind::ALL.iter().map(MeasureKind::as_str),
                rows.iter().map(|m| m.kind.to_owned()),
            )
        };
        let statuses = |rows: &[&Measure]| {
            counts(
                MeasureStatus::ALL.iter().map(MeasureStatus::as_str),
                rows.iter().map(|m| m.status.to_owned()),
            )
        };
        let dates = |rows: &[&Measure]| rows.iter().map(|m| m.issued_on).collect::<Vec<_>>();
        json!({
            "total": now.len(), "previous": before.len(), "change_percent": change(now.len(), before.len()),
            "by_kind": kinds(&now), "previous_by_kind": kinds(&before),
            "by_status": statuses(&now), "previous_by_status": statuses(&before),
            "monthly": monthly(self.from, self.to, &dates(&now), &dates(&before)),
        })
    }

    fn compensation(&self) -> Value {
        let side = |f: &dyn Fn(NaiveDate) -> bool| -> Vec<&Money> {
            self.data
                .money
                .iter()
                .filter(|m| self.mine(&m.office) && f(m.recovered_on))
                .collect()
        };
        let (now, before) = (side(&|x| self.now(x)), side(&|x| self.before(x)));
        // Both sides show the currencies of either, and always UZS.
        let sums = |a: &[&Money], b: &[&Money]| {
            let mut x: BTreeMap<&str, i64> = BTreeMap::from([("UZS", 0)]);
            let mut y = x.clone();
            for m in a {
                *x.entry(m.currency).or_insert(0) += m.amount;
                y.entry(m.currency).or_insert(0);
            }
            for m in b {
                *y.entry(m.currency).or_insert(0) += m.amount;
                x.entry(m.currency).or_insert(0);
            }
            (json!(x), json!(y))
        };
        let (total, previous_total) = sums(&only(&now, &|_| true), &only(&before, &|_| true));
        let (mut by_kind, mut previous_by_kind) = (Map::new(), Map::new());
        for kind in CompensationKind::ALL {
            let of_kind = |m: &Money| m.kind == kind.as_str();
            let (x, y) = sums(&only(&now, &of_kind), &only(&before, &of_kind));
            by_kind.insert(kind.as_str().into(), x);
            previous_by_kind.insert(kind.as_str().into(), y);
        }
        let series: Vec<Value> = months(self.from, self.to)
            .into_iter()
            .map(|m| {
                let before_m = m.checked_sub_months(Months::new(12)).unwrap();
                let (x, y) = sums(
                    &only(&now, &|r| key(r.recovered_on) == key(m)),
                    &only(&before, &|r| key(r.recovered_on) == key(before_m)),
                );
                json!({"month": key(m), "total_minor": x, "previous_total_minor": y})
            })
            .collect();
        json!({
            "total_minor": total, "previous_total_minor": previous_total,
            "records": now.len(), "previous_records": before.len(),
            "by_kind": by_kind, "previous_by_kind": previous_by_kind, "monthly": series,
        })
    }

    fn visits(&self) -> Value {
        let side = |f: &dyn Fn(NaiveDate) -> bool| -> Vec<&Visit> {
            self.data
                .visits
                .iter()
                .filter(|v| self.mine(&v.office) && f(v.started_on))
                .collect()
        };
        let (now, before) = (side(&|x| self.now(x)), side(&|x| self.before(x)));
        let figures = |rows: &[&Visit]| {
            let recs: Vec<&str> = rows.iter().flat_map(|v| v.recommendations.iter().copied()).collect();
            let implemented = recs.iter().filter(|s| **s == "implemented").count();
            let rate = if recs.is_empty() {
                Value::Null
            } else {
                json!(implemented as f64 / recs.len() as f64)
            };
            let pairs = [
                ("total", json!(rows.len())),
                (
                    "by_facility_kind",
                    counts(
                        FacilityKind::ALL.iter().map(FacilityKind::as_str),
                        rows.iter().map(|v| FACILITIES[v.facility].0.to_owned()),
                    ),
                ),
                (
                    "by_region",
                    counts(
                        Region::ALL.iter().map(Region::as_str),
                        rows.iter().map(|v| FACILITIES[v.facility].1.to_owned()),
                    ),
                ),
                (
                    "by_visit_type",
                    counts(
                        ["planned", "unannounced", "follow_up", "reactive"],
                        rows.iter().map(|v| v.visit_type.to_owned()),
                    ),
                ),
                ("recommendations_made", json!(recs.len())),
                (
                    "recommendations_by_status",
                    counts(
                        ["open", "implemented", "partially_implemented", "not_implemented"],
                        recs.iter().map(|s| s.to_string()),
                    ),
                ),
                ("recommendations_implementation_rate", rate),
            ];
            pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<_, _>>()
        };
        let mut out = sides(figures(&now), figures(&before), "total");
        out.insert("change_percent".into(), change(now.len(), before.len()));
        let dates = |rows: &[&Visit]| rows.iter().map(|v| v.started_on).collect::<Vec<_>>();
        out.insert(
            "monthly".into(),
            monthly(self.from, self.to, &dates(&now), &dates(&before)),
        );
        Value::Object(out)
    }
}

/// Compares two JSON documents and names the first path where they differ.
fn assert_same(actual: &Value, expected: &Value, path: &str) {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            let (mut ak, mut ek): (Vec<_>, Vec<_>) = (a.keys().collect(), e.keys().collect());
            ak.sort();
            ek.sort();
            assert_eq!(ak, ek, "keys of {path}");
            for (k, v) in e {
                assert_same(&a[k], v, &format!("{path}.{k}"));
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "length of {path}: {actual} vs {expected}");
            for (i, (x, y)) in a.iter().zip(e).enumerate() {
                assert_same(x, y, &format!("{path}[{i}]"));
            }
        }
        (Value::Number(a), Value::Number(e)) if a.is_f64() || e.is_f64() => {
            // serde_json's default float parsing may be off in the last digit.
            let (a, e) = (a.as_f64().unwrap(), e.as_f64().unwrap());
            assert!((a - e).abs() < 1e-9, "{path}: {a} vs {e}");
        }
        _ => assert_eq!(actual, expected, "{path}"),
    }
}

fn check(report: &Reply, scope: &Scope<'_>) {
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    let today = tashkent_date(chrono::Utc::now());
    let r = &report.body;
    assert_eq!(r["period"], json!({"from": scope.from, "to": scope.to}));
    assert_eq!(
        r["previous_period"],
        json!({"from": scope.prev_from, "to": scope.prev_to})
    );
    assert_eq!(r["as_of"], json!(today));
    assert_same(&r["appeals"], &scope.appeals(today), "appeals");
    assert_same(&r["impact_measures"], &scope.measures(), "impact_measures");
    assert_same(&r["compensation"], &scope.compensation(), "compensation");
    assert_same(&r["monitoring_visits"], &scope.visits(), "monitoring_visits");
}

async fn get(app: &TestApp, token: &str, path: &str) -> Reply {
    app.call(Method::GET, path, Some(token), None).await
}

async fn regional_office(app: &TestApp) -> String {
    let admin = app.token(Role::Admin, "HQ").await;
    let office = json!({"code": "SAM", "name": "Samarkand regional office", "region": "samarkand"});
    let created = app
        .call(Method::POST, "/api/v1/offices", Some(&admin), Some(office))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    created.body["id"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn every_figure_matches_the_rows_for_each_scope_and_period() {
    let app = TestApp::spawn().await;
    let sam = regional_office(&app).await;
    let offices = BTreeMap::from([("HQ".to_owned(), HQ_ID.to_owned()), ("SAM".to_owned(), sam.clone())]);
    let data = generate(offices, 20250630);
    insert(&app, &data);
    let central = app.token(Role::Manager, "HQ").await;
    let auditor = app.token(Role::Auditor, "HQ").await;
    let regional = app.token(Role::Manager, "SAM").await;
    let h1 = |office| Scope {
        data: &data,
        office,
        from: d("2025-01-01"),
        to: d("2025-06-30"),
        prev_from: d("2024-01-01"),
        prev_to: d("2024-06-30"),
    };

    let all = get(&app, &central, "/api/v1/reports/half-year?year=2025&half=1").await;
    check(&all, &h1(None));
    assert_eq!(all.body["half_year"], json!({"year": 2025, "half": 1}));
    assert_eq!(all.body["scope"], json!({"office_id": null, "office_code": null}));
    assert!(
        all.body["appeals"]["received"].as_i64().unwrap() > 50,
        "the fixture fills the half-year"
    );
    assert!(all.body["monitoring_visits"]["recommendations_implementation_rate"].is_f64());

    // Auditors see every office too; the central office narrows to one with office_id.
    let audited = get(&app, &auditor, "/api/v1/reports/half-year?year=2025&half=1").await;
    assert_eq!(audited.body, all.body);
    let narrowed = get(
        &app,
        &central,
        &format!("/api/v1/reports/half-year?year=2025&half=1&office_id={sam}"),
    )
    .await;
    check(&narrowed, &h1(Some("SAM")));
    assert_eq!(narrowed.body["scope"], json!({"office_id": sam, "office_code": "SAM"}));

    // A regional manager gets their own office, and only it.
    let own = get(&app, &regional, "/api/v1/reports/half-year?year=2025&half=1").await;
    check(&own, &h1(Some("SAM")));
    assert_ne!(own.body["appeals"]["received"], all.body["appeals"]["received"]);
    let other = get(
        &app,
        &regional,
        &format!("/api/v1/reports/half-year?year=2025&half=1&office_id={HQ_ID}"),
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);

    // The second half, and arbitrary periods (a leap-year February against a plain one).
    let h2 = get(&app, &central, "/api/v1/reports/half-year?year=2025&half=2").await;
    check(
        &h2,
        &Scope {
            from: d("2025-07-01"),
            to: d("2025-12-31"),
            prev_from: d("2024-07-01"),
            prev_to: d("2024-12-31"),
            ..h1(None)
        },
    );
    let q1 = get(&app, &central, "/api/v1/reports/period?from=2025-01-15&to=2025-03-31").await;
    check(
        &q1,
        &Scope {
            from: d("2025-01-15"),
            to: d("2025-03-31"),
            prev_from: d("2024-01-15"),
            prev_to: d("2024-03-31"),
            ..h1(None)
        },
    );
    assert_eq!(q1.body["half_year"], Value::Null);
    let feb = get(&app, &regional, "/api/v1/reports/period?from=2025-02-01&to=2025-02-28").await;
    check(
        &feb,
        &Scope {
            from: d("2025-02-01"),
            to: d("2025-02-28"),
            prev_from: d("2024-02-01"),
            prev_to: d("2024-02-29"),
            ..h1(Some("SAM"))
        },
    );
    let year = get(&app, &central, "/api/v1/reports/period?from=2024-12-01&to=2025-11-30").await;
    check(
        &year,
        &Scope {
            from: d("2024-12-01"),
            to: d("2025-11-30"),
            prev_from: d("2023-12-01"),
            prev_to: d("2024-11-30"),
            ..h1(None)
        },
    );
    assert_eq!(year.body["appeals"]["monthly"].as_array().unwrap().len(), 12);
}

fn appeal_on(received_on: &str) -> Value {
    json!({
        "received_on": received_on, "channel": "letter", "anonymous": true, "region": "tashkent_city",
        "subject": "Conditions of detention", "categories": ["prisoners_rights"],
        "respondent_bodies": ["Penitentiary Department"]
    })
}

#[actix_web::test]
async fn an_appeal_counts_in_the_half_year_of_its_tashkent_receipt_date() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    // Registered through the API with the office's (Tashkent) date of receipt: one received at
    // 23:59 on 30 June in Tashkent carries 2025-06-30.
    for day in [
        "2024-06-30",
        "2024-07-01",
        "2024-12-31",
        "2025-01-01",
        "2025-06-30",
        "2025-06-30",
        "2025-07-01",
    ] {
        let r = app
            .call(Method::POST, "/api/v1/appeals", Some(&officer), Some(appeal_on(day)))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }
    let h1 = get(&app, &manager, "/api/v1/reports/half-year?year=2025&half=1").await;
    assert_eq!(h1.status, StatusCode::OK, "{}", h1.text);
    let a = &h1.body["appeals"];
    assert_eq!(
        a["received"], 3,
        "1 January and twice 30 June; not 1 July or 31 December"
    );
    assert_eq!(a["previous"], 1, "30 June 2024; not 1 July 2024");
    assert_eq!(a["change_percent"], 200.0);
    assert_eq!(a["anonymous"], 3);
    assert_eq!(
        a["by_respondent_body"],
        json!([{"name": "Penitentiary Department", "count": 3, "previous": 1}])
    );
    assert_eq!(a["by_rights_group"]["personal"], 3);
    assert_eq!(a["monthly"][0], json!({"month": "2025-01", "count": 1, "previous": 0}));
    assert_eq!(a["monthly"][5], json!({"month": "2025-06", "count": 2, "previous": 1}));
    // Due within weeks of their 2025 receipt and never closed: open and overdue today.
    assert_eq!((a["open"].clone(), a["closed"].clone()), (json!(3), json!(0)));
    assert_eq!(a["overdue_open"], 3);
    assert_eq!(a["median_days_to_close"], Value::Null);
    let h2 = get(&app, &manager, "/api/v1/reports/half-year?year=2025&half=2").await;
    assert_eq!(h2.body["appeals"]["received"], 1);
    assert_eq!(h2.body["appeals"]["previous"], 2, "1 July and 31 December 2024");
    let one_day = get(&app, &manager, "/api/v1/reports/period?from=2025-06-30&to=2025-06-30").await;
    assert_eq!(one_day.body["appeals"]["received"], 2);
    assert_eq!(one_day.body["appeals"]["previous"], 1);
}

#[actix_web::test]
async fn an_empty_period_answers_zeros_not_errors() {
    let app = TestApp::spawn().await;
    let manager = app.token(Role::Manager, "HQ").await;
    let r = get(&app, &manager, "/api/v1/reports/half-year?year=2031&half=2").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let b = &r.body;
    assert_eq!(b["period"], json!({"from": "2031-07-01", "to": "2031-12-31"}));
    assert_eq!(b["previous_period"], json!({"from": "2030-07-01", "to": "2030-12-31"}));
    assert_eq!(b["appeals"]["received"], 0);
    assert_eq!(b["appeals"]["previous"], 0);
    assert_eq!(b["appeals"]["change_percent"], Value::Null);
    assert_eq!(b["appeals"]["by_channel"]["letter"], 0);
    assert_eq!(
        b["appeals"]["by_channel"].as_object().unwrap().len(),
        Channel::ALL.len()
    );
    assert_eq!(b["appeals"]["median_days_to_close"], Value::Null);
    assert_eq!(b["appeals"]["p90_days_to_close"], Value::Null);
    assert_eq!(b["appeals"]["by_respondent_body"], json!([]));
    assert_eq!(b["appeals"]["monthly"].as_array().unwrap().len(), 6);
    assert_eq!(b["impact_measures"]["total"], 0);
    assert_eq!(b["impact_measures"]["by_kind"]["lawsuit"], 0);
    assert_eq!(b["compensation"]["total_minor"], json!({"UZS": 0}));
    assert_eq!(b["compensation"]["previous_total_minor"], json!({"UZS": 0}));
    assert_eq!(b["monitoring_visits"]["total"], 0);
    assert_eq!(
        b["monitoring_visits"]["recommendations_implementation_rate"],
        Value::Null
    );
    assert_eq!(
        b["monitoring_visits"]["previous_recommendations_implementation_rate"],
        Value::Null
    );
    assert_eq!(b["monitoring_visits"]["by_facility_kind"]["penal_institution"], 0);
}

#[actix_web::test]
async fn only_managers_and_auditors_get_reports_and_parameters_are_checked() {
    let app = TestApp::spawn().await;
    for role in [Role::CaseOfficer, Role::Monitor, Role::Admin] {
        let token = app.token(role, "HQ").await;
        for path in [
            "/api/v1/reports/half-year?year=2025&half=1",
            "/api/v1/reports/period?from=2025-01-01&to=2025-03-31",
        ] {
            let r = get(&app, &token, path).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} {path}: {}", r.text);
        }
    }
    let anonymous = app
        .call(Method::GET, "/api/v1/reports/half-year?year=2025&half=1", None, None)
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let manager = app.token(Role::Manager, "HQ").await;
    let fields = |r: &Reply| -> Vec<(String, String)> {
        r.body["errors"]
            .as_array()
            .unwrap_or(&vec![])
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap().to_owned(),
                    e["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let cases = [
        ("/api/v1/reports/half-year?year=2025&half=3", ("half", "out_of_range")),
        ("/api/v1/reports/half-year?year=2025&half=0", ("half", "out_of_range")),
        ("/api/v1/reports/half-year?year=1999&half=1", ("year", "out_of_range")),
        ("/api/v1/reports/half-year?year=2025", ("half", "invalid_parameter")),
        (
            "/api/v1/reports/half-year?year=twenty&half=1",
            ("year", "invalid_parameter"),
        ),
        (
            "/api/v1/reports/half-year?year=2025&half=1&colour=red",
            ("colour", "invalid_parameter"),
        ),
        (
            "/api/v1/reports/period?from=2025-03-31&to=2025-01-01",
            ("to", "before_from"),
        ),
        (
            "/api/v1/reports/period?from=2025-01-01&to=2026-01-01",
            ("to", "too_long"),
        ),
        (
            "/api/v1/reports/period?from=2025-01-01&to=2025-02-30",
            ("to", "invalid_parameter"),
        ),
        (
            "/api/v1/reports/half-year?year=2025&half=1&office_id=01930000-0000-7000-8000-00000000ffff",
            ("office_id", "unknown_office"),
        ),
    ];
    for (path, (field, code)) in cases {
        let r = get(&app, &manager, path).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.text);
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/problem+json"),
            "{path}"
        );
        assert_eq!(fields(&r), vec![(field.to_owned(), code.to_owned())], "{path}");
    }
}

#[actix_web::test]
async fn the_report_is_described_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc = app.call(Method::GET, "/api/openapi.json", None, None).await;
    let paths = &doc.body["paths"];
    assert!(paths["/reports/half-year"]["get"].is_object(), "{}", doc.text);
    assert!(paths["/reports/period"]["get"].is_object());
    let description = paths["/reports/half-year"]["get"]["description"].as_str().unwrap();
    assert!(description.contains("received_on") && description.contains("Tashkent"));
}
