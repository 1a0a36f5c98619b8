//! Exports of a report: the same figures as the JSON, laid out as tables with labels in the
//! reader's language, each figure beside the previous period's and the change in percent.
//!
//! - CSV (`Accept: text/csv`): one table, columns `section, group, item, code, current period,
//!   previous period, change %`; money in major units with the currency's decimals.
//! - XLSX (`?format=xlsx`): a cover sheet, then one sheet per section (appeals, impact measures,
//!   compensation, monitoring visits) with its monthly series, and two charts: appeals per month
//!   and visits by facility kind.

mod csv_export;
mod http;
mod workbook;

pub use self::csv_export::csv;
pub use self::http::{file_stem, language, negotiate, respond, Format, XLSX_TYPE};
pub use self::workbook::{sheet_names, xlsx};

use std::collections::BTreeSet;

use ombudsman_domain::impact::minor_digits;
use ombudsman_domain::labels::{code_label, figure_label, month_name, CodeKind};
use ombudsman_domain::language::Language;
use ombudsman_domain::report::{percent_change, Counts, Money, MonthCount, Report, HOME_CURRENCY};

/// One figure of a line.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// A number of things.
    Count(i64),
    /// Money in minor units of a currency (a total, so wider than one record).
    Money(i128, String),
    /// A share, 0.0 to 1.0.
    Rate(f64),
    /// A number of days.
    Days(i64),
    /// Not available (e.g. no appeal closed, so no median).
    None,
}

impl Figure {
    /// The figure as a plain number in major units (money) or as is; none when not available.
    pub fn number(&self) -> Option<f64> {
        match self {
            Figure::Count(n) | Figure::Days(n) => Some(*n as f64),
            Figure::Money(minor, currency) => {
                let digits = minor_digits(currency).unwrap_or(2);
                Some(*minor as f64 / 10f64.powi(i32::from(digits)))
            }
            Figure::Rate(r) => Some(*r),
            Figure::None => None,
        }
    }

    /// The figure as text for CSV: integers as they are, money with its currency's decimals
    /// (integer arithmetic), rates to four decimals; empty when not available.
    pub fn text(&self) -> String {
        match self {
            Figure::Count(n) | Figure::Days(n) => n.to_string(),
            Figure::Money(minor, currency) => ombudsman_domain::impact::format_minor(*minor, currency),
            Figure::Rate(r) => format!("{r:.4}"),
            Figure::None => String::new(),
        }
    }

    fn whole(&self) -> Option<i128> {
        match self {
            Figure::Count(n) | Figure::Days(n) => Some(i128::from(*n)),
            Figure::Money(n, _) => Some(*n),
            _ => None,
        }
    }
}

/// The change from the previous period in percent; none for rates, missing figures and growth
/// from zero.
pub fn change(current: &Figure, previous: &Figure) -> Option<f64> {
    match (current.whole(), previous.whole()) {
        (Some(c), Some(p)) => percent_change(c, p),
        _ => None,
    }
}

/// What a line is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// The group's own figure (e.g. appeals received).
    Total,
    /// A code of a closed set (a channel, a region, …).
    Code(CodeKind, String),
    /// A free name (a respondent body, a country).
    Name(String),
    /// A currency.
    Currency(String),
    /// A code of a closed set, in a currency (compensation by kind).
    CodeIn(CodeKind, String, String),
}

/// One line of a section: a figure of the period beside the previous period's.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The figure or breakdown, e.g. `received`, `by_channel`.
    pub group: &'static str,
    /// What within the group.
    pub item: Item,
    /// This period.
    pub current: Figure,
    /// The same period a year earlier.
    pub previous: Figure,
}

/// One month of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthLine {
    /// `YYYY-MM`.
    pub month: String,
    /// This period.
    pub current: Figure,
    /// The same month a year earlier.
    pub previous: Figure,
}

/// A section of the report (a sheet of the workbook).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// `appeals`, `impact_measures`, `compensation` or `monitoring_visits`.
    pub key: &'static str,
    /// Its figures.
    pub lines: Vec<Line>,
    /// Its monthly series.
    pub monthly: Vec<MonthLine>,
}

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

/// The report as sections of lines, in the order they are shown.
pub fn sections(r: &Report) -> Vec<Section> {
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
    appeals.extend(counts(
        "abroad_by_country",
        None,
        &a.abroad_by_country,
        &a.previous_abroad_by_country,
    ));
    appeals.extend(a.by_respondent_body.iter().map(|b| Line {
        group: "by_respondent_body",
        item: Item::Name(b.name.clone()),
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

    vec![
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
    ]
}

pub(crate) fn figure(lang: Language, key: &str) -> String {
    let label = figure_label(lang, key);
    debug_assert!(label.is_some(), "no label for the report figure {key}");
    label.map_or_else(|| key.replace('_', " "), str::to_owned)
}

/// The label of a line's item and its machine code (empty for a total).
pub(crate) fn item_label(lang: Language, item: &Item) -> (String, String) {
    match item {
        Item::Total => (String::new(), String::new()),
        Item::Code(kind, code) => (
            code_label(lang, *kind, code).map_or_else(|| code.clone(), str::to_owned),
            code.clone(),
        ),
        Item::Name(name) => (name.clone(), String::new()),
        Item::Currency(c) => (c.clone(), c.clone()),
        Item::CodeIn(kind, code, currency) => (
            format!(
                "{} ({currency})",
                code_label(lang, *kind, code).unwrap_or(code.as_str())
            ),
            format!("{code}:{currency}"),
        ),
    }
}

/// A month `YYYY-MM` (optionally followed by a currency) as `January 2025`.
pub(crate) fn month_label(lang: Language, month: &str) -> String {
    let (ym, rest) = month.split_once(' ').unwrap_or((month, ""));
    let parsed = ym
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?)));
    let base = match parsed {
        Some((y, m)) if (1..=12).contains(&m) => format!("{} {y}", month_name(lang, m)),
        _ => ym.to_owned(),
    };
    if rest.is_empty() {
        base
    } else {
        format!("{base} {rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_in_percent_and_skip_rates_and_zero_bases() {
        assert_eq!(change(&Figure::Count(491), &Figure::Count(452)), Some(8.6));
        assert_eq!(change(&Figure::Count(5), &Figure::Count(0)), None);
        assert_eq!(change(&Figure::Rate(0.5), &Figure::Rate(0.25)), None);
        assert_eq!(change(&Figure::None, &Figure::Days(3)), None);
    }

    #[test]
    fn money_is_shown_in_major_units_exactly() {
        let f = Figure::Money(380_000_000_000, "UZS".into());
        assert_eq!(f.text(), "3800000000.00");
        assert_eq!(f.number(), Some(3_800_000_000.0));
    }
}
