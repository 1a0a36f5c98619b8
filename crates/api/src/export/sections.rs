//! The report laid out as sections of lines: each figure of the period beside the previous
//! period's, in the order the exports show them.

use std::collections::BTreeSet;

use ombudsman_domain::labels::CodeKind;
use ombudsman_domain::report::{Counts, Money, MonthCount, PartnerReferrals, Report, HOME_CURRENCY};

use super::{Figure, Item, Line, MonthLine, Section};

fn total(group: &'static str, current: i64, previous: i64) -> Line {
    Line {
        group,
        item: Item::Total,
        current: Figure::Count(current),
        previous: Figure::Count(previous),
    }
}

fn days(group: &'static str, current: Option<i32>, previous: Option<i32>) -> Line {
    let f = |d: Option<i32>| d.map_or(Figure::None, |d| Figure::Days(i64::from(d)));
    Line {
        group,
        item: Item::Total,
        current: f(current),
        previous: f(previous),
    }
}

fn keys<'a, V>(
    a: &'a std::collections::BTreeMap<String, V>,
    b: &'a std::collections::BTreeMap<String, V>,
) -> BTreeSet<&'a String> {
    a.keys().chain(b.keys()).collect()
}

fn counts(group: &'static str, kind: Option<CodeKind>, current: &Counts, previous: &Counts) -> Vec<Line> {
    keys(current, previous)
        .into_iter()
        .map(|k| Line {
            group,
            item: match kind {
                Some(kind) => Item::Code(kind, k.clone()),
                None => Item::Name(k.clone()),
            },
            current: Figure::Count(current.get(k).copied().unwrap_or(0)),
            previous: Figure::Count(previous.get(k).copied().unwrap_or(0)),
        })
        .collect()
}

/// The currencies of two money maps, the home currency (UZS) first.
fn currencies<'a>(current: &'a Money, previous: &'a Money) -> Vec<&'a String> {
    let mut all: Vec<&String> = keys(current, previous).into_iter().collect();
    all.sort_by_key(|c| (c.as_str() != HOME_CURRENCY, c.as_str()));
    all
}

fn money(group: &'static str, current: &Money, previous: &Money) -> Vec<Line> {
    currencies(current, previous)
        .into_iter()
        .map(|c| Line {
            group,
            item: Item::Currency(c.clone()),
            current: Figure::Money(current.get(c).copied().unwrap_or(0), c.clone()),
            previous: Figure::Money(previous.get(c).copied().unwrap_or(0), c.clone()),
        })
        .collect()
}

fn monthly(series: &[MonthCount]) -> Vec<MonthLine> {
    series
        .iter()
        .map(|m| MonthLine {
            month: m.month.clone(),
            current: Figure::Count(m.count),
            previous: Figure::Count(m.previous),
        })
        .collect()
}

/// The report as sections of lines, in the order they are shown, without the figures named in
/// `absent` (paths such as `appeals.closed_late` or a whole section such as `referrals`: those a
/// published report predates). The per-office section is there only in a report of every office.
pub fn sections(r: &Report, absent: &[&str]) -> Vec<Section> {
    let a = &r.appeals;
    let mut appeals = vec![total("received", a.received, a.previous)];
    appeals.extend(counts(
        "by_applicant_kind",
        Some(CodeKind::ApplicantKind),
        &a.by_applicant_kind,
        &a.previous_by_applicant_kind,
    ));
    appeals.extend(counts(
        "by_channel",
        Some(CodeKind::Channel),
        &a.by_channel,
        &a.previous_by_channel,
    ));
    appeals.extend(counts(
        "by_region",
        Some(CodeKind::Region),
        &a.by_region,
        &a.previous_by_region,
    ));
    appeals.extend(counts(
        "by_rights_group",
        Some(CodeKind::RightsGroup),
        &a.by_rights_group,
        &a.previous_by_rights_group,
    ));
    appeals.extend(counts(
        "by_category",
        Some(CodeKind::Category),
        &a.by_category,
        &a.previous_by_category,
    ));
    appeals.push(total("repeat", a.repeat, a.previous_repeat));
    appeals.push(total("anonymous", a.anonymous, a.previous_anonymous));
    appeals.push(total("collective", a.collective, a.previous_collective));
    appeals.push(total("from_abroad", a.from_abroad, a.previous_from_abroad));
    appeals.push(total(
        "from_vulnerable_groups",
        a.from_vulnerable_groups,
        a.previous_from_vulnerable_groups,
    ));
    appeals.extend(counts(
        "by_vulnerability",
        Some(CodeKind::Vulnerability),
        &a.by_vulnerability,
        &a.previous_by_vulnerability,
    ));
    appeals.extend(counts(
        "abroad_by_country",
        None,
        &a.abroad_by_country,
        &a.previous_abroad_by_country,
    ));
    appeals.extend(a.by_respondent_body.iter().map(|b| Line {
        group: "by_respondent_body",
        item: match (b.state_body_id, &b.names) {
            (Some(id), Some(names)) => Item::Body(id, names.clone()),
            _ => Item::Name(b.name.clone()),
        },
        current: Figure::Count(b.count),
        previous: Figure::Count(b.previous),
    }));
    appeals.push(total("closed", a.closed, a.previous_closed));
    appeals.extend(counts(
        "by_outcome",
        Some(CodeKind::Outcome),
        &a.by_outcome,
        &a.previous_by_outcome,
    ));
    appeals.push(total("open", a.open, a.previous_open));
    appeals.push(total("overdue_open", a.overdue_open, a.previous_overdue_open));
    appeals.push(total("closed_late", a.closed_late, a.previous_closed_late));
    appeals.push(days(
        "median_days_to_close",
        a.median_days_to_close,
        a.previous_median_days_to_close,
    ));
    appeals.push(days(
        "p90_days_to_close",
        a.p90_days_to_close,
        a.previous_p90_days_to_close,
    ));

    let m = &r.impact_measures;
    let mut measures = vec![total("total", m.total, m.previous)];
    measures.extend(counts(
        "by_kind",
        Some(CodeKind::MeasureKind),
        &m.by_kind,
        &m.previous_by_kind,
    ));
    measures.extend(counts(
        "by_status",
        Some(CodeKind::MeasureStatus),
        &m.by_status,
        &m.previous_by_status,
    ));

    let c = &r.compensation;
    let mut compensation = money("total_minor", &c.total_minor, &c.previous_total_minor);
    compensation.push(total("records", c.records, c.previous_records));
    for kind in keys(&c.by_kind, &c.previous_by_kind) {
        let empty = Money::new();
        let (now, before) = (
            c.by_kind.get(kind).unwrap_or(&empty),
            c.previous_by_kind.get(kind).unwrap_or(&empty),
        );
        for currency in currencies(now, before) {
            compensation.push(Line {
                group: "by_kind",
                item: Item::CodeIn(CodeKind::CompensationKind, kind.clone(), currency.clone()),
                current: Figure::Money(now.get(currency).copied().unwrap_or(0), currency.clone()),
                previous: Figure::Money(before.get(currency).copied().unwrap_or(0), currency.clone()),
            });
        }
    }
    let compensation_monthly = c
        .monthly
        .iter()
        .flat_map(|month| {
            currencies(&month.total_minor, &month.previous_total_minor)
                .into_iter()
                .map(|currency| MonthLine {
                    month: format!("{} {currency}", month.month),
                    current: Figure::Money(month.total_minor.get(currency).copied().unwrap_or(0), currency.clone()),
                    previous: Figure::Money(
                        month.previous_total_minor.get(currency).copied().unwrap_or(0),
                        currency.clone(),
                    ),
                })
                .collect::<Vec<_>>()
        })
        .collect();

    let v = &r.monitoring_visits;
    let mut visits = vec![total("total", v.total, v.previous)];
    visits.extend(counts(
        "by_facility_kind",
        Some(CodeKind::FacilityKind),
        &v.by_facility_kind,
        &v.previous_by_facility_kind,
    ));
    visits.extend(counts(
        "by_region",
        Some(CodeKind::Region),
        &v.by_region,
        &v.previous_by_region,
    ));
    visits.extend(counts(
        "by_visit_type",
        Some(CodeKind::VisitType),
        &v.by_visit_type,
        &v.previous_by_visit_type,
    ));
    visits.extend(counts(
        "by_conducted_by",
        Some(CodeKind::ConductedBy),
        &v.by_conducted_by,
        &v.previous_by_conducted_by,
    ));
    visits.push(total(
        "people_interviewed",
        v.people_interviewed,
        v.previous_people_interviewed,
    ));
    visits.push(total(
        "people_interviewed_in_groups",
        v.people_interviewed_in_groups,
        v.previous_people_interviewed_in_groups,
    ));
    visits.push(total(
        "recommendations_made",
        v.recommendations_made,
        v.previous_recommendations_made,
    ));
    visits.extend(counts(
        "recommendations_by_status",
        Some(CodeKind::RecommendationStatus),
        &v.recommendations_by_status,
        &v.previous_recommendations_by_status,
    ));
    let rate = |r: Option<f64>| r.map_or(Figure::None, Figure::Rate);
    visits.push(Line {
        group: "recommendations_implementation_rate",
        item: Item::Total,
        current: rate(v.recommendations_implementation_rate),
        previous: rate(v.previous_recommendations_implementation_rate),
    });

    let mut all = vec![
        Section {
            key: "appeals",
            lines: appeals,
            monthly: monthly(&a.monthly),
        },
        Section {
            key: "impact_measures",
            lines: measures,
            monthly: monthly(&m.monthly),
        },
        Section {
            key: "compensation",
            lines: compensation,
            monthly: compensation_monthly,
        },
        Section {
            key: "monitoring_visits",
            lines: visits,
            monthly: monthly(&v.monthly),
        },
        Section {
            key: "referrals",
            lines: referrals(r),
            monthly: vec![],
        },
    ];
    if !r.by_office.is_empty() {
        all.push(Section {
            key: "by_office",
            lines: offices(r),
            monthly: vec![],
        });
    }
    all.retain(|s| !absent.contains(&s.key));
    for s in &mut all {
        let key = s.key;
        s.lines
            .retain(|l| !absent.contains(&format!("{key}.{}", l.group).as_str()));
    }
    all
}

/// Referrals to and from partners: the totals, then each partner.
fn referrals(r: &Report) -> Vec<Line> {
    let f = &r.referrals;
    let partner = |group: &'static str, now: fn(&PartnerReferrals) -> (i64, i64)| {
        f.by_partner.iter().map(move |p| {
            let (current, previous) = now(p);
            Line {
                group,
                item: Item::Name(p.name.clone()),
                current: Figure::Count(current),
                previous: Figure::Count(previous),
            }
        })
    };
    let mut lines = vec![total("outgoing", f.outgoing, f.previous_outgoing)];
    lines.extend(partner("outgoing_by_partner", |p| (p.outgoing, p.previous_outgoing)));
    lines.push(total("incoming", f.incoming, f.previous_incoming));
    lines.extend(partner("incoming_by_partner", |p| (p.incoming, p.previous_incoming)));
    lines
}

/// The main figures of each office, office after office.
fn offices(r: &Report) -> Vec<Line> {
    let mut lines = vec![];
    for o in &r.by_office {
        let count = |group: &'static str, current: i64, previous: i64| Line {
            group,
            item: Item::Office(o.office_code.clone(), None),
            current: Figure::Count(current),
            previous: Figure::Count(previous),
        };
        lines.push(count("received", o.received, o.previous_received));
        lines.push(count("closed", o.closed, o.previous_closed));
        lines.push(count("open", o.open, o.previous_open));
        lines.push(count("overdue_open", o.overdue_open, o.previous_overdue_open));
        lines.push(count("impact_measures", o.impact_measures, o.previous_impact_measures));
        for currency in currencies(&o.compensation_minor, &o.previous_compensation_minor) {
            let amount = |m: &Money| Figure::Money(m.get(currency).copied().unwrap_or(0), currency.clone());
            lines.push(Line {
                group: "compensation",
                item: Item::Office(o.office_code.clone(), Some(currency.clone())),
                current: amount(&o.compensation_minor),
                previous: amount(&o.previous_compensation_minor),
            });
        }
        lines.push(count(
            "monitoring_visits",
            o.monitoring_visits,
            o.previous_monitoring_visits,
        ));
    }
    lines
}
