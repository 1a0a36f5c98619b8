//! The arithmetic of the report: changes in percent, percentiles, complete breakdowns, aligned
//! money maps and monthly series.

use std::collections::BTreeMap;

use super::{Counts, Money, MonthCount, MonthMoney, Period, HOME_CURRENCY};
use crate::appeal::{Category, RightsGroup};

/// The change from `previous` to `current` in percent, to one decimal; none when `previous` is
/// zero (growth from nothing has no percentage).
pub fn percent_change(current: impl Into<i128>, previous: impl Into<i128>) -> Option<f64> {
    let (current, previous) = (current.into(), previous.into());
    if previous == 0 {
        return None;
    }
    let change = (current as f64 - previous as f64) * 100.0 / previous as f64;
    Some((change * 10.0).round() / 10.0)
}

/// The nearest-rank percentile (`fraction` 0.5 for the median, 0.9 for the 90th) of whole-day
/// durations given as a histogram (days → how many): the smallest value with at least
/// `ceil(fraction × n)` values at or below it, so always a duration that occurred. None when empty.
pub fn nearest_rank(histogram: &BTreeMap<i32, i64>, fraction: f64) -> Option<i32> {
    let n: i64 = histogram.values().sum();
    if n <= 0 {
        return None;
    }
    let rank = ((fraction * n as f64).ceil() as i64).clamp(1, n);
    let mut seen = 0;
    for (value, count) in histogram {
        seen += count;
        if seen >= rank {
            return Some(*value);
        }
    }
    histogram.keys().next_back().copied()
}

/// The counts with a zero for every code of a closed set that did not occur, so that a table
/// always has the same rows.
pub fn with_codes<'a>(codes: impl IntoIterator<Item = &'a str>, mut found: Counts) -> Counts {
    for code in codes {
        found.entry(code.to_owned()).or_insert(0);
    }
    found
}

/// Makes two money maps show the same currencies (and always the home currency), with zeros
/// where nothing was recovered.
pub fn align_money(current: &mut Money, previous: &mut Money) {
    let currencies: Vec<String> = current
        .keys()
        .chain(previous.keys())
        .cloned()
        .chain(std::iter::once(HOME_CURRENCY.to_owned()))
        .collect();
    for c in currencies {
        current.entry(c.clone()).or_insert(0);
        previous.entry(c).or_insert(0);
    }
}

/// Tallies appeals per category and per group of rights from the number of appeals with each
/// combination of categories: an appeal counts once in each of its categories and once in each
/// group its categories belong to. Unknown category codes count under `other`.
pub fn tally_categories<'a>(combinations: impl IntoIterator<Item = (&'a [String], i64)>) -> (Counts, Counts) {
    let mut by_category = Counts::new();
    let mut by_group = Counts::new();
    for (codes, n) in combinations {
        let mut categories: Vec<Category> = codes.iter().map(|c| c.parse().unwrap_or(Category::Other)).collect();
        categories.sort();
        categories.dedup();
        let mut groups: Vec<RightsGroup> = categories.iter().map(Category::group).collect();
        groups.sort();
        groups.dedup();
        for c in categories {
            *by_category.entry(c.as_str().to_owned()).or_insert(0) += n;
        }
        for g in groups {
            *by_group.entry(g.as_str().to_owned()).or_insert(0) += n;
        }
    }
    (
        with_codes(Category::ALL.iter().map(Category::as_str), by_category),
        with_codes(RightsGroup::ALL.iter().map(RightsGroup::as_str), by_group),
    )
}

/// A count series over the months of `period`, with the same months a year earlier; months
/// without records are zero.
pub fn month_counts(period: &Period, current: &Counts, previous: &Counts) -> Vec<MonthCount> {
    period
        .months()
        .into_iter()
        .map(|m| MonthCount {
            month: m.key(),
            count: current.get(&m.key()).copied().unwrap_or(0),
            previous: previous.get(&m.year_earlier().key()).copied().unwrap_or(0),
        })
        .collect()
}

/// A money series over the months of `period`, with the same months a year earlier.
pub fn month_money(
    period: &Period,
    current: &BTreeMap<String, Money>,
    previous: &BTreeMap<String, Money>,
) -> Vec<MonthMoney> {
    period
        .months()
        .into_iter()
        .map(|m| {
            let mut total_minor = current.get(&m.key()).cloned().unwrap_or_default();
            let mut previous_total_minor = previous.get(&m.year_earlier().key()).cloned().unwrap_or_default();
            align_money(&mut total_minor, &mut previous_total_minor);
            MonthMoney {
                month: m.key(),
                total_minor,
                previous_total_minor,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::report::HalfYear;

    #[test]
    fn percent_change_is_rounded_and_undefined_from_zero() {
        assert_eq!(percent_change(491, 452), Some(8.6));
        assert_eq!(percent_change(452, 491), Some(-7.9));
        assert_eq!(percent_change(10, 10), Some(0.0));
        assert_eq!(percent_change(0, 4), Some(-100.0));
        assert_eq!(percent_change(5, 0), None);
        assert_eq!(percent_change(0, 0), None);
        assert_eq!(percent_change(3, 1), Some(200.0));
    }

    #[test]
    fn percentiles_are_nearest_ranks_of_the_histogram() {
        // 1, 2, 2, 3, 10, 10, 10, 11, 12, 40
        let h = BTreeMap::from([(1, 1), (2, 2), (3, 1), (10, 3), (11, 1), (12, 1), (40, 1)]);
        assert_eq!(nearest_rank(&h, 0.5), Some(10), "5th of 10");
        assert_eq!(nearest_rank(&h, 0.9), Some(12), "9th of 10");
        assert_eq!(nearest_rank(&h, 0.0), Some(1));
        assert_eq!(nearest_rank(&h, 1.0), Some(40));
        assert_eq!(nearest_rank(&BTreeMap::from([(7, 1)]), 0.9), Some(7));
        assert_eq!(
            nearest_rank(&BTreeMap::from([(3, 1), (5, 1)]), 0.5),
            Some(3),
            "the lower median"
        );
        assert_eq!(nearest_rank(&BTreeMap::new(), 0.5), None);
    }

    #[test]
    fn every_code_of_a_closed_set_is_shown() {
        let found = Counts::from([("letter".to_owned(), 3)]);
        let all = with_codes(["letter", "email"], found);
        assert_eq!(all, Counts::from([("email".to_owned(), 0), ("letter".to_owned(), 3)]));
    }

    #[test]
    fn money_maps_show_the_same_currencies() {
        let mut current = Money::from([("RUB".to_owned(), 500)]);
        let mut previous = Money::new();
        align_money(&mut current, &mut previous);
        assert_eq!(current, Money::from([("RUB".to_owned(), 500), ("UZS".to_owned(), 0)]));
        assert_eq!(previous, Money::from([("RUB".to_owned(), 0), ("UZS".to_owned(), 0)]));
    }

    #[test]
    fn an_appeal_counts_once_per_category_and_once_per_group() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let a = s(&["prisoners_rights", "prohibition_of_torture"]);
        let b = s(&["labour", "social_security", "health"]);
        let c = s(&["environment"]);
        let (cats, groups) = tally_categories([(a.as_slice(), 2), (b.as_slice(), 3), (c.as_slice(), 1)]);
        assert_eq!(cats["prisoners_rights"], 2);
        assert_eq!(cats["prohibition_of_torture"], 2);
        assert_eq!(cats["labour"], 3);
        assert_eq!(cats["housing"], 0);
        assert_eq!(cats.len(), Category::ALL.len());
        assert_eq!(groups["personal"], 2, "two personal categories count once");
        assert_eq!(groups["social"], 3);
        assert_eq!(groups["economic"], 3);
        assert_eq!(groups["environmental"], 1);
        assert_eq!(groups["political"], 0);
    }

    #[test]
    fn monthly_series_pair_each_month_with_the_year_before() {
        let period = Period::new(
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
        )
        .unwrap();
        let current = Counts::from([("2025-02".to_owned(), 4)]);
        let previous = Counts::from([("2024-02".to_owned(), 1), ("2024-03".to_owned(), 2)]);
        let series = month_counts(&period, &current, &previous);
        let flat: Vec<(&str, i64, i64)> = series.iter().map(|m| (m.month.as_str(), m.count, m.previous)).collect();
        assert_eq!(flat, [("2025-01", 0, 0), ("2025-02", 4, 1), ("2025-03", 0, 2)]);
        let money = month_money(&period, &BTreeMap::new(), &BTreeMap::new());
        assert_eq!(money.len(), 3);
        assert_eq!(money[0].total_minor, Money::from([("UZS".to_owned(), 0)]));
    }

    #[test]
    fn a_report_survives_a_round_trip_through_json() {
        let period = HalfYear::new(2025, 1).unwrap().period();
        let m = MonthCount {
            month: "2025-01".into(),
            count: 1,
            previous: 0,
        };
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<MonthCount>(&json).unwrap(), m);
        let p = serde_json::to_value(period).unwrap();
        assert_eq!(p, serde_json::json!({"from": "2025-01-01", "to": "2025-06-30"}));
        assert_eq!(serde_json::from_value::<Period>(p).unwrap(), period);
    }
}
