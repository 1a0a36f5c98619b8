//! The report as one CSV table.

use ombudsman_domain::language::Language;
use ombudsman_domain::report::Report;

use super::{change, figure, item_label, month_label, sections};

/// The report as CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheet programs read
/// Cyrillic correctly).
pub fn csv(report: &Report, lang: Language) -> Result<Vec<u8>, ::csv::Error> {
    csv_without(report, &[], lang)
}

/// The CSV without the figures named in `absent` (see [`super::sections`]).
pub fn csv_without(report: &Report, absent: &[&str], lang: Language) -> Result<Vec<u8>, ::csv::Error> {
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
    for section in sections(report, absent) {
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
