//! Exports of a report: the same figures as the JSON, laid out as tables with labels in the
//! reader's language, each figure beside the previous period's and the change in percent.
//!
//! - CSV (`Accept: text/csv`): one table, columns `section, group, item, code, current period,
//!   previous period, change %`; money in major units with the currency's decimals.
//! - XLSX (`?format=xlsx`): a cover sheet, then one sheet per section (appeals, impact measures,
//!   compensation, monitoring visits, referrals with partners and, for every office, the figures
//!   per office) with its monthly series, and two charts: appeals per month and visits by
//!   facility kind.
//!
//! A published report may predate some figures (`FIGURES_ADDED_LATER`): the `_without` exports
//! leave those out instead of showing zeros the publication never stated.

mod csv_export;
mod http;
mod sections;
mod workbook;

pub use self::csv_export::{csv, csv_without};
pub use self::http::{file_stem, language, negotiate, respond, Format, XLSX_TYPE};
pub use self::sections::sections;
pub use self::workbook::{sheet_names, xlsx, xlsx_without};

use ombudsman_domain::impact::minor_digits;
use ombudsman_domain::labels::{code_label, figure_label, month_name, CodeKind};
use ombudsman_domain::language::Language;
use ombudsman_domain::report::percent_change;

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
    /// A body of the directory of state bodies: its id and its names.
    Body(
        ombudsman_domain::ids::StateBodyId,
        ombudsman_domain::state_body::BodyNames,
    ),
    /// A currency.
    Currency(String),
    /// A code of a closed set, in a currency (compensation by kind).
    CodeIn(CodeKind, String, String),
    /// An office (by its code), optionally in a currency.
    Office(String, Option<String>),
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
    /// `appeals`, `impact_measures`, `compensation`, `monitoring_visits`, `referrals` or
    /// `by_office`.
    pub key: &'static str,
    /// Its figures.
    pub lines: Vec<Line>,
    /// Its monthly series.
    pub monthly: Vec<MonthLine>,
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
        Item::Body(id, names) => (names.in_language(lang).to_owned(), id.to_string()),
        Item::Currency(c) => (c.clone(), c.clone()),
        Item::CodeIn(kind, code, currency) => (
            format!(
                "{} ({currency})",
                code_label(lang, *kind, code).unwrap_or(code.as_str())
            ),
            format!("{code}:{currency}"),
        ),
        Item::Office(code, None) => (code.clone(), code.clone()),
        Item::Office(code, Some(currency)) => (format!("{code} ({currency})"), format!("{code}:{currency}")),
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
