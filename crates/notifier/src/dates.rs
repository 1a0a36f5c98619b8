//! Dates in letters as people write them: "2025-yil 14-mart", "2025-йил 14-март",
//! «14 марта 2025 г.», "14 March 2025" — never `2025-03-14` or `2026-W48`.

use chrono::{Datelike, NaiveDate};
use ombudsman_domain::language::Language;
use serde_json::Value;

const UZ_LATN: [&str; 12] = [
    "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avgust", "sentabr", "oktabr", "noyabr", "dekabr",
];
const UZ_CYRL: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
/// Russian months in the genitive: «14 марта».
const RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date written out in `lang`.
pub fn written(lang: Language, date: NaiveDate) -> String {
    let (y, m, d) = (date.year(), date.month0() as usize, date.day());
    match lang {
        Language::UzLatn => format!("{y}-yil {d}-{}", UZ_LATN[m]),
        Language::UzCyrl => format!("{y}-йил {d}-{}", UZ_CYRL[m]),
        Language::Ru => format!("{d} {} {y} г.", RU[m]),
        Language::En => format!("{d} {} {y}", EN[m]),
    }
}

/// An ISO week (`2026-W48`) written as its Monday to Sunday; `None` when `text` is not one.
pub fn week(lang: Language, text: &str) -> Option<String> {
    let (year, week) = text.split_once("-W")?;
    let monday = NaiveDate::from_isoywd_opt(year.parse().ok()?, week.parse().ok()?, chrono::Weekday::Mon)?;
    let sunday = monday + chrono::Days::new(6);
    Some(format!("{} – {}", written(lang, monday), written(lang, sunday)))
}

/// The payload with every string that is wholly an ISO date (`2025-03-14`) or an ISO week
/// (`2026-W48`) written out in `lang`.
pub fn humanize(lang: Language, payload: &Value) -> Value {
    match payload {
        Value::String(text) => {
            if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                if text.len() == 10 {
                    return Value::String(written(lang, date));
                }
            }
            week(lang, text).map(Value::String).unwrap_or_else(|| payload.clone())
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| humanize(lang, v)).collect()),
        Value::Object(fields) => Value::Object(fields.iter().map(|(k, v)| (k.clone(), humanize(lang, v))).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_and_weeks_are_written_out_in_each_language() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 14).unwrap();
        assert_eq!(written(Language::UzLatn, d), "2025-yil 14-mart");
        assert_eq!(written(Language::UzCyrl, d), "2025-йил 14-март");
        assert_eq!(written(Language::Ru, d), "14 марта 2025 г.");
        assert_eq!(written(Language::En, d), "14 March 2025");
        assert_eq!(
            week(Language::En, "2026-W48").as_deref(),
            Some("23 November 2026 – 29 November 2026")
        );
        let payload = json!({"due_on": "2025-03-21", "number": "HQ-2025-000001", "items": [{"due_on": "2025-12-01"}],
                             "week": "2026-W48", "note": "2025-03-21 and later"});
        let ru = humanize(Language::Ru, &payload);
        assert_eq!(ru["due_on"], "21 марта 2025 г.");
        assert_eq!(ru["items"][0]["due_on"], "1 декабря 2025 г.");
        assert_eq!(ru["number"], "HQ-2025-000001");
        assert_eq!(ru["note"], "2025-03-21 and later");
        assert_eq!(ru["week"], "23 ноября 2026 г. – 29 ноября 2026 г.");
    }
}
