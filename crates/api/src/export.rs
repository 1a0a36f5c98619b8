//! Exports of a report: the same figures as the JSON, laid out as tables with labels in the
//! reader's language, each figure beside the previous period's and the change in percent.
//!
//! - CSV (`Accept: text/csv`): one table, columns `section, group, item, code, current period,
//!   previous period, change %`; money in major units with the currency's decimals.
//! - XLSX (`?format=xlsx`): a cover sheet, then one sheet per section (appeals, impact measures,
//!   compensation, monitoring visits) with its monthly series, and two charts: appeals per month
//!   and visits by facility kind.

use std::collections::BTreeSet;

use ombudsman_domain::impact::minor_digits;
use ombudsman_domain::labels::{code_label, figure_label, month_name, CodeKind};
use ombudsman_domain::language::Language;
use ombudsman_domain::report::{percent_change, Counts, Money, MonthCount, Report};
use rust_xlsxwriter::{Chart, ChartType, Format as CellFormat, Workbook, Worksheet, XlsxError};

/// One figure of a line.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// A number of things.
    Count(i64),
    /// Money in minor units of a currency.
    Money(i64, String),
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

    fn whole(&self) -> Option<i64> {
        match self {
            Figure::Count(n) | Figure::Days(n) | Figure::Money(n, _) => Some(*n),
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

fn money(group: &'static str, current: &Money, previous: &Money) -> Vec<Line> {
    keys(current, previous)
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
        for currency in keys(now, before) {
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
            keys(&month.total_minor, &month.previous_total_minor)
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

fn figure(lang: Language, key: &str) -> String {
    let label = figure_label(lang, key);
    debug_assert!(label.is_some(), "no label for the report figure {key}");
    label.map_or_else(|| key.replace('_', " "), str::to_owned)
}

/// The label of a line's item and its machine code (empty for a total).
fn item_label(lang: Language, item: &Item) -> (String, String) {
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
fn month_label(lang: Language, month: &str) -> String {
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

/// The report as CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheet programs read
/// Cyrillic correctly).
pub fn csv(report: &Report, lang: Language) -> Result<Vec<u8>, ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let period = |p: &ombudsman_domain::report::Period| format!("{} – {}", p.from(), p.to());
    w.write_record([
        figure(lang, "section"),
        figure(lang, "group"),
        figure(lang, "item"),
        "code".to_owned(),
        format!("{} ({})", figure(lang, "current_period"), period(&report.period)),
        format!(
            "{} ({})",
            figure(lang, "previous_period"),
            period(&report.previous_period)
        ),
        figure(lang, "change_percent"),
    ])?;
    for section in sections(report) {
        let name = figure(lang, section.key);
        for line in &section.lines {
            let (item, code) = item_label(lang, &line.item);
            w.write_record([
                name.clone(),
                figure(lang, line.group),
                item,
                code,
                line.current.text(),
                line.previous.text(),
                change(&line.current, &line.previous).map_or_else(String::new, |c| format!("{c:.1}")),
            ])?;
        }
        for m in &section.monthly {
            w.write_record([
                name.clone(),
                figure(lang, "monthly"),
                month_label(lang, &m.month),
                m.month.clone(),
                m.current.text(),
                m.previous.text(),
                change(&m.current, &m.previous).map_or_else(String::new, |c| format!("{c:.1}")),
            ])?;
        }
    }
    w.into_inner().map_err(|e| ::csv::Error::from(e.into_error()))
}

/// An Excel sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(label: &str) -> String {
    label.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

struct Formats {
    bold: CellFormat,
    title: CellFormat,
    count: CellFormat,
    money: CellFormat,
    rate: CellFormat,
    percent: CellFormat,
}

fn write_figure(ws: &mut Worksheet, row: u32, col: u16, f: &Figure, fm: &Formats) -> Result<(), XlsxError> {
    match (f, f.number()) {
        (Figure::Money(..), Some(n)) => ws.write_number_with_format(row, col, n, &fm.money)?,
        (Figure::Rate(_), Some(n)) => ws.write_number_with_format(row, col, n, &fm.rate)?,
        (_, Some(n)) => ws.write_number_with_format(row, col, n, &fm.count)?,
        (_, None) => ws.write_string(row, col, "—")?,
    };
    Ok(())
}

fn write_change(ws: &mut Worksheet, row: u32, col: u16, c: Option<f64>, fm: &Formats) -> Result<(), XlsxError> {
    if let Some(c) = c {
        ws.write_number_with_format(row, col, c / 100.0, &fm.percent)?;
    }
    Ok(())
}

/// The sheet names of the workbook, in order: the cover, then one per section.
pub fn sheet_names(lang: Language) -> Vec<String> {
    [
        "half_year_report",
        "appeals",
        "impact_measures",
        "compensation",
        "monitoring_visits",
    ]
    .iter()
    .map(|k| sheet_name(&figure(lang, k)))
    .collect()
}

/// The report as an XLSX workbook: a cover sheet, one sheet per section (figures, then the
/// monthly series), a chart of appeals per month and one of visits by facility kind.
pub fn xlsx(report: &Report, lang: Language) -> Result<Vec<u8>, XlsxError> {
    let fm = Formats {
        bold: CellFormat::new().set_bold(),
        title: CellFormat::new().set_bold().set_font_size(14),
        count: CellFormat::new().set_num_format("#,##0"),
        money: CellFormat::new().set_num_format("#,##0.00"),
        rate: CellFormat::new().set_num_format("0.0%"),
        percent: CellFormat::new().set_num_format("+0.0%;-0.0%;0.0%"),
    };
    let names = sheet_names(lang);
    let mut wb = Workbook::new();

    let cover = wb.add_worksheet().set_name(&names[0])?;
    let title = if report.half_year.is_some() {
        "half_year_report"
    } else {
        "period_report"
    };
    cover.write_string_with_format(0, 0, figure(lang, title), &fm.title)?;
    let rows = [
        (
            figure(lang, "current_period"),
            format!("{} – {}", report.period.from(), report.period.to()),
        ),
        (
            figure(lang, "previous_period"),
            format!("{} – {}", report.previous_period.from(), report.previous_period.to()),
        ),
        (
            figure(lang, "office"),
            report
                .scope
                .office_code
                .clone()
                .unwrap_or_else(|| figure(lang, "all_offices")),
        ),
        (figure(lang, "as_of"), report.as_of.to_string()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        let row = i as u32 + 2;
        cover.write_string_with_format(row, 0, k, &fm.bold)?;
        cover.write_string(row, 1, v)?;
    }
    cover.set_column_width(0, 32)?;
    cover.set_column_width(1, 28)?;

    for (index, section) in sections(report).iter().enumerate() {
        let name = names[index + 1].clone();
        let ws = wb.add_worksheet().set_name(&name)?;
        let header = [
            figure(lang, "group"),
            figure(lang, "item"),
            figure(lang, "current_period"),
            figure(lang, "previous_period"),
            figure(lang, "change_percent"),
        ];
        for (col, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, h, &fm.bold)?;
        }
        let mut row = 1u32;
        let mut facility_rows: Option<(u32, u32)> = None;
        for line in &section.lines {
            let (item, _) = item_label(lang, &line.item);
            ws.write_string(row, 0, figure(lang, line.group))?;
            ws.write_string(row, 1, item)?;
            write_figure(ws, row, 2, &line.current, &fm)?;
            write_figure(ws, row, 3, &line.previous, &fm)?;
            write_change(ws, row, 4, change(&line.current, &line.previous), &fm)?;
            if line.group == "by_facility_kind" {
                facility_rows = Some(facility_rows.map_or((row, row), |(first, _)| (first, row)));
            }
            row += 1;
        }
        row += 1;
        ws.write_string_with_format(row, 0, figure(lang, "monthly"), &fm.bold)?;
        row += 1;
        let first_month = row;
        for m in &section.monthly {
            ws.write_string(row, 0, figure(lang, "monthly"))?;
            ws.write_string(row, 1, month_label(lang, &m.month))?;
            write_figure(ws, row, 2, &m.current, &fm)?;
            write_figure(ws, row, 3, &m.previous, &fm)?;
            write_change(ws, row, 4, change(&m.current, &m.previous), &fm)?;
            row += 1;
        }
        let last_month = row.saturating_sub(1);
        ws.set_column_width(0, 30)?;
        ws.set_column_width(1, 40)?;
        ws.set_column_width(2, 16)?;
        ws.set_column_width(3, 16)?;
        ws.set_column_width(4, 10)?;

        let series = |chart: &mut Chart, first: u32, last: u32| {
            chart
                .add_series()
                .set_name(figure(lang, "current_period").as_str())
                .set_categories((name.as_str(), first, 1, last, 1))
                .set_values((name.as_str(), first, 2, last, 2));
            chart
                .add_series()
                .set_name(figure(lang, "previous_period").as_str())
                .set_categories((name.as_str(), first, 1, last, 1))
                .set_values((name.as_str(), first, 3, last, 3));
        };
        if section.key == "appeals" && !section.monthly.is_empty() {
            let mut chart = Chart::new(ChartType::Column);
            chart.title().set_name(figure(lang, "appeals_per_month").as_str());
            series(&mut chart, first_month, last_month);
            ws.insert_chart(1, 6, &chart)?;
        }
        if let (true, Some((first, last))) = (section.key == "monitoring_visits", facility_rows) {
            let mut chart = Chart::new(ChartType::Bar);
            chart.title().set_name(figure(lang, "visits_by_facility_kind").as_str());
            series(&mut chart, first, last);
            ws.insert_chart(1, 6, &chart)?;
        }
    }
    wb.save_to_buffer()
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

    #[test]
    fn sheet_names_fit_excel() {
        assert_eq!(sheet_name("a/b:c[d]"), "abcd");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        for lang in Language::ALL {
            let names = sheet_names(*lang);
            let unique: BTreeSet<_> = names.iter().collect();
            assert_eq!(unique.len(), names.len(), "{lang:?}: {names:?}");
        }
    }
}

/// The representation a report is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `application/json` (the default).
    Json,
    /// `text/csv`.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

/// The format of a report request: `?format=json|csv|xlsx` wins, else `Accept: text/csv` gives
/// CSV and the XLSX media type gives XLSX, else JSON.
pub fn negotiate(req: &actix_web::HttpRequest, format: Option<&str>) -> Result<Format, crate::error::ApiError> {
    match format.map(str::trim) {
        Some("json") => return Ok(Format::Json),
        Some("csv") => return Ok(Format::Csv),
        Some("xlsx") => return Ok(Format::Xlsx),
        Some(other) => {
            return Err(crate::error::ApiError::field(
                "format",
                "invalid_format",
                format!("'{other}' is not one of json, csv, xlsx"),
            ))
        }
        None => {}
    }
    let accept = req
        .headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    Ok(if accept.contains(XLSX_TYPE) {
        Format::Xlsx
    } else if accept.contains("text/csv") {
        Format::Csv
    } else {
        Format::Json
    })
}

/// The XLSX media type.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The language of the labels: the best of `Accept-Language` (`uz-Latn`, `uz-Cyrl`, `ru`, `en`),
/// else Uzbek (Latin script), the state language.
pub fn language(req: &actix_web::HttpRequest) -> Language {
    req.headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Language::negotiate)
        .unwrap_or(Language::UzLatn)
}

/// A file name for the report, e.g. `report-2025-H1-SAM`.
pub fn file_stem(report: &Report) -> String {
    let period = match &report.half_year {
        Some(h) => format!("{}-H{}", h.year(), h.half()),
        None => format!("{}_{}", report.period.from(), report.period.to()),
    };
    match &report.scope.office_code {
        Some(code) => format!("report-{period}-{code}"),
        None => format!("report-{period}"),
    }
}

/// The report in the asked format, as an HTTP response (never cached: figures change).
pub fn respond(
    report: &Report,
    format: Format,
    lang: Language,
    stem: &str,
) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
    use actix_web::http::header;
    let internal = |e: String| crate::error::ApiError::Internal(e);
    let (body, content_type, ext) = match format {
        Format::Json => {
            return Ok(actix_web::HttpResponse::Ok()
                .insert_header((header::CACHE_CONTROL, "private, no-store"))
                .json(report))
        }
        Format::Csv => (
            csv(report, lang).map_err(|e| internal(e.to_string()))?,
            "text/csv; charset=utf-8",
            "csv",
        ),
        Format::Xlsx => (
            xlsx(report, lang).map_err(|e| internal(e.to_string()))?,
            XLSX_TYPE,
            "xlsx",
        ),
    };
    Ok(actix_web::HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::CONTENT_LANGUAGE, lang.as_str()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{stem}.{ext}\""),
        ))
        .content_type(content_type)
        .body(body))
}
