//! The report's figures worked out from the inserted rows in plain Rust, independently of the SQL
//! under test, and a JSON comparison that names the first differing path.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use ombudsman_domain::appeal::{ApplicantKind, Category, Channel, Outcome, Vulnerability};
use ombudsman_domain::facility::FacilityKind;
use ombudsman_domain::impact::{CompensationKind, MeasureKind, MeasureStatus};
use ombudsman_domain::office::Region;
use serde_json::{json, Map, Value};

use super::fixture::{Appeal, Data, Measure, Money, Visit, FACILITIES, PARTNERS};

fn only<'a>(rows: &[&'a Money], keep: &dyn Fn(&Money) -> bool) -> Vec<&'a Money> {
    rows.iter().copied().filter(|m| keep(m)).collect()
}

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
        (
            "closed_late",
            json!(count(&|a| a.closed.is_some_and(|(on, _)| on > a.due_on))),
        ),
        ("from_vulnerable_groups", json!(count(&|a| !a.markers.is_empty()))),
        (
            "by_vulnerability",
            counts(
                Vulnerability::ALL.iter().map(Vulnerability::as_str),
                rows.iter().flat_map(|a| a.markers.iter().map(|m| m.to_string())),
            ),
        ),
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

/// Whose rows and which dates a report covers: the expected figures are those of the rows it keeps.
pub struct Scope<'a> {
    pub data: &'a Data,
    pub office: Option<&'a str>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub prev_from: NaiveDate,
    pub prev_to: NaiveDate,
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

    pub fn appeals(&self, today: NaiveDate) -> Value {
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

    pub fn measures(&self) -> Value {
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

    pub fn compensation(&self) -> Value {
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

    pub fn visits(&self) -> Value {
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
                (
                    "by_conducted_by",
                    counts(
                        ["office_staff", "public_group", "joint"],
                        rows.iter().map(|v| {
                            match (v.staff > 0, v.members > 0) {
                                (true, true) => "joint",
                                (false, true) => "public_group",
                                _ => "office_staff",
                            }
                            .to_owned()
                        }),
                    ),
                ),
                (
                    "people_interviewed",
                    json!(rows.iter().map(|v| v.interviewed).sum::<i64>()),
                ),
                (
                    "people_interviewed_in_groups",
                    json!(rows.iter().map(|v| v.in_groups).sum::<i64>()),
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

impl Scope<'_> {
    /// Referrals made in either period from the appeals of the scope, per partner (those with
    /// any), most referrals in the period first.
    pub fn referrals(&self) -> Value {
        let mut per: BTreeMap<&str, [i64; 4]> = BTreeMap::new();
        for r in &self.data.referrals {
            if !self.mine(&self.data.appeals[r.appeal].office) {
                continue;
            }
            let slot = match (r.direction, self.now(r.referred_on), self.before(r.referred_on)) {
                ("outgoing", true, _) => 0,
                ("outgoing", _, true) => 1,
                ("incoming", true, _) => 2,
                ("incoming", _, true) => 3,
                _ => continue,
            };
            per.entry(PARTNERS[r.partner]).or_default()[slot] += 1;
        }
        let mut list: Vec<(&str, [i64; 4])> = per.into_iter().collect();
        list.sort_by(|a, b| (b.1[0] + b.1[2]).cmp(&(a.1[0] + a.1[2])).then(a.0.cmp(b.0)));
        let total = |i: usize| list.iter().map(|(_, n)| n[i]).sum::<i64>();
        json!({
            "outgoing": total(0), "previous_outgoing": total(1),
            "incoming": total(2), "previous_incoming": total(3),
            "by_partner": list.iter().map(|(name, n)| json!({
                "name": name, "outgoing": n[0], "previous_outgoing": n[1],
                "incoming": n[2], "previous_incoming": n[3],
            })).collect::<Vec<_>>(),
        })
    }

    /// In a report of every office, each office (the central office first, then by code);
    /// nothing in a report of one office.
    pub fn by_office(&self, today: NaiveDate) -> Value {
        if self.office.is_some() {
            return json!([]);
        }
        let mut codes: Vec<&String> = self.data.offices.keys().collect();
        codes.sort_by_key(|c| (c.as_str() != "HQ", c.as_str()));
        let offices: Vec<Value> = codes
            .into_iter()
            .map(|code| {
                let one = Scope {
                    office: Some(code.as_str()),
                    ..*self
                };
                let (a, m, c, v) = (one.appeals(today), one.measures(), one.compensation(), one.visits());
                json!({
                    "office_id": self.data.offices[code], "office_code": code,
                    "received": a["received"], "previous_received": a["previous"],
                    "closed": a["closed"], "previous_closed": a["previous_closed"],
                    "open": a["open"], "previous_open": a["previous_open"],
                    "overdue_open": a["overdue_open"], "previous_overdue_open": a["previous_overdue_open"],
                    "impact_measures": m["total"], "previous_impact_measures": m["previous"],
                    "compensation_minor": c["total_minor"], "previous_compensation_minor": c["previous_total_minor"],
                    "monitoring_visits": v["total"], "previous_monitoring_visits": v["previous"],
                })
            })
            .collect();
        json!(offices)
    }
}

/// Compares two JSON documents and names the first path where they differ.
pub fn assert_same(actual: &Value, expected: &Value, path: &str) {
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
