//! The report as an XLSX workbook with charts (rust_xlsxwriter).

use ombudsman_domain::language::Language;
use ombudsman_domain::report::Report;
use rust_xlsxwriter::{Chart, ChartType, Format as CellFormat, Workbook, Worksheet, XlsxError};

use super::{change, figure, item_label, month_label, sections, Figure};

/// An Excel sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(label: &str) -> String {
    let name: String = label.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    name.trim_end().to_owned()
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

/// The label key of a section's sheet (the sheet name is shorter than the section's title where
/// the title does not fit Excel's 31 characters).
fn sheet_key(section: &str) -> &str {
    match section {
        "compensation" => "compensation_sheet",
        "referrals" => "referrals_sheet",
        other => other,
    }
}

/// The sheet names a workbook can have, in order: the cover (named for the half-year or the
/// period report), then one per section (the last, per office, only in a report of every office).
pub fn sheet_names(lang: Language, half_year: bool) -> Vec<String> {
    [
        if half_year { "half_year_report" } else { "period_report" },
        "appeals",
        "impact_measures",
        "compensation",
        "monitoring_visits",
        "referrals",
        "by_office",
    ]
    .iter()
    .map(|k| sheet_name(&figure(lang, sheet_key(k))))
    .collect()
}

/// The report as an XLSX workbook: a cover sheet, one sheet per section (figures, then the
/// monthly series), a chart of appeals per month and one of visits by facility kind.
pub fn xlsx(report: &Report, lang: Language) -> Result<Vec<u8>, XlsxError> {
    xlsx_without(report, &[], lang)
}

/// The workbook without the figures named in `absent` (see [`super::sections`]).
pub fn xlsx_without(report: &Report, absent: &[&str], lang: Language) -> Result<Vec<u8>, XlsxError> {
    let fm = Formats {
        bold: CellFormat::new().set_bold(),
        title: CellFormat::new().set_bold().set_font_size(14),
        count: CellFormat::new().set_num_format("#,##0"),
        money: CellFormat::new().set_num_format("#,##0.00"),
        rate: CellFormat::new().set_num_format("0.0%"),
        percent: CellFormat::new().set_num_format("+0.0%;-0.0%;0.0%"),
    };
    let cover_name = sheet_names(lang, report.half_year.is_some()).swap_remove(0);
    let mut wb = Workbook::new();

    let cover = wb.add_worksheet().set_name(&cover_name)?;
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

    for section in sections(report, absent) {
        let name = sheet_name(&figure(lang, sheet_key(section.key)));
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
    fn sheet_names_fit_excel() {
        assert_eq!(sheet_name("a/b:c[d]"), "abcd");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        for lang in Language::ALL {
            for half_year in [true, false] {
                let names = sheet_names(*lang, half_year);
                let unique: std::collections::BTreeSet<_> = names.iter().collect();
                assert_eq!(unique.len(), names.len(), "{lang:?}: {names:?}");
            }
        }
        // A period report's workbook does not open on a tab called "half-year report".
        assert_ne!(sheet_names(Language::En, false)[0], sheet_names(Language::En, true)[0]);
    }
}
