//! Reporting periods: inclusive ranges of office-local (Tashkent) calendar dates, the half-years
//! the office reports to Parliament, and "the same period one year earlier" they are compared with.
//!
//! The dates are the stored dates of the records (`received_on`, `issued_on`, `recovered_on`,
//! `started_on`), which are Tashkent dates: an appeal received at 23:59 on 30 June in Tashkent
//! (18:59 UTC) was received on 30 June and belongs to the first half-year.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Errors, FieldError};

/// The first year a report may cover (the office's records start in 2000).
pub const FIRST_YEAR: i32 = 2000;
/// The last year a report may cover.
pub const LAST_YEAR: i32 = 2100;

/// An inclusive range of calendar dates, at most one year long, so that it never overlaps the
/// same period one year earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    /// First day, included.
    from: NaiveDate,
    /// Last day, included.
    to: NaiveDate,
}

/// A half-year of a calendar year: 1 is 1 January – 30 June, 2 is 1 July – 31 December.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HalfYear {
    /// The year.
    year: i32,
    /// 1 or 2.
    half: u8,
}

fn year_in_range(field: &str, year: i64) -> Result<i32, FieldError> {
    i32::try_from(year)
        .ok()
        .filter(|y| (FIRST_YEAR..=LAST_YEAR).contains(y))
        .ok_or_else(|| {
            FieldError::new(
                field,
                "out_of_range",
                format!("the year must be between {FIRST_YEAR} and {LAST_YEAR}"),
            )
        })
}

impl HalfYear {
    /// Parses a year and a half (`1` or `2`), naming the wrong parameter.
    pub fn new(year: i64, half: i64) -> Result<Self, DomainError> {
        let mut errors = Errors::new();
        let year = year_in_range("year", year).map_err(|e| errors.push(e)).ok();
        let half = match half {
            1 | 2 => Some(half as u8),
            _ => {
                errors.push(FieldError::new(
                    "half",
                    "out_of_range",
                    "half must be 1 (January–June) or 2 (July–December)",
                ));
                None
            }
        };
        errors.finish()?;
        match (year, half) {
            (Some(year), Some(half)) => Ok(Self { year, half }),
            _ => Err(DomainError::field("half", "invalid", "invalid half-year")),
        }
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// 1 or 2.
    pub fn half(&self) -> u8 {
        self.half
    }

    /// Its dates: 1 January – 30 June, or 1 July – 31 December.
    pub fn period(&self) -> Period {
        let (from, to) = if self.half == 1 {
            ((1, 1), (6, 30))
        } else {
            ((7, 1), (12, 31))
        };
        let day = |(m, d)| NaiveDate::from_ymd_opt(self.year, m, d).unwrap_or(NaiveDate::MIN);
        Period {
            from: day(from),
            to: day(to),
        }
    }
}

fn is_month_end(d: NaiveDate) -> bool {
    d.succ_opt().is_none_or(|next| next.month() != d.month())
}

/// The same day one year earlier; 29 February becomes 28 February. An end date that is the
/// last day of its month becomes the last day of that month a year earlier, so that "February"
/// stays the whole of February (28 February 2025 → 29 February 2024).
fn year_earlier(d: NaiveDate, is_end: bool) -> NaiveDate {
    let shifted = d.checked_sub_months(Months::new(12)).unwrap_or(d);
    if is_end && is_month_end(d) {
        let first_of_next = shifted.with_day(1).and_then(|f| f.checked_add_months(Months::new(1)));
        first_of_next.and_then(|f| f.pred_opt()).unwrap_or(shifted)
    } else {
        shifted
    }
}

impl Period {
    /// Parses an inclusive range: `from` on or before `to`, within the years a report covers, at
    /// most one year long (`to` before the same day of the next year).
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, DomainError> {
        let mut errors = Errors::new();
        for (field, day) in [("from", from), ("to", to)] {
            if let Err(e) = year_in_range(field, i64::from(day.year())) {
                errors.push(e);
            }
        }
        if from > to {
            errors.push(FieldError::new("to", "before_from", "must be on or after from"));
        } else if from
            .checked_add_months(Months::new(12))
            .is_some_and(|limit| to >= limit)
        {
            errors.push(FieldError::new(
                "to",
                "too_long",
                "a report covers at most one year: to must be before the same day of the next year",
            ));
        }
        errors.finish()?;
        Ok(Self { from, to })
    }

    /// First day, included.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// Last day, included.
    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// Whether a date falls in the period (both ends included).
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Number of days, both ends included.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The same period one year earlier (see [`year_earlier`] for 29 February and month ends):
    /// 1 January – 30 June 2025 is compared with 1 January – 30 June 2024, February 2025 with
    /// the whole of February 2024.
    pub fn previous_year(&self) -> Period {
        Period {
            from: year_earlier(self.from, false),
            to: year_earlier(self.to, true),
        }
    }

    /// The calendar months the period touches, in order (the first and last may be partial).
    pub fn months(&self) -> Vec<Month> {
        let mut out = Vec::new();
        let mut m = Month::of(self.from);
        let last = Month::of(self.to);
        while m <= last {
            out.push(m);
            m = m.next();
        }
        out
    }
}

/// A calendar month, shown as `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// A month from a year and a month number (1–12).
    pub fn new(year: i32, month: u32) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self { year, month })
    }

    /// The month of a date.
    pub fn of(day: NaiveDate) -> Self {
        Self {
            year: day.year(),
            month: day.month(),
        }
    }

    /// The month after.
    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                month: self.month + 1,
                ..self
            }
        }
    }

    /// The same month one year earlier.
    pub fn year_earlier(self) -> Self {
        Self {
            year: self.year - 1,
            ..self
        }
    }

    /// `YYYY-MM`.
    pub fn key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

impl std::str::FromStr for Month {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (y, m) = s.split_once('-').ok_or_else(|| format!("'{s}' is not YYYY-MM"))?;
        let year = y.parse::<i32>().map_err(|_| format!("'{s}' is not YYYY-MM"))?;
        let month = m.parse::<u32>().map_err(|_| format!("'{s}' is not YYYY-MM"))?;
        Month::new(year, month).ok_or_else(|| format!("'{s}' is not YYYY-MM"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn fields(err: DomainError) -> Vec<(String, &'static str)> {
        match err {
            DomainError::Validation(errs) => errs.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn half_years_cover_january_to_june_and_july_to_december() {
        let h1 = HalfYear::new(2025, 1).unwrap().period();
        assert_eq!((h1.from(), h1.to()), (d(2025, 1, 1), d(2025, 6, 30)));
        let h2 = HalfYear::new(2025, 2).unwrap().period();
        assert_eq!((h2.from(), h2.to()), (d(2025, 7, 1), d(2025, 12, 31)));
        assert!(h1.contains(d(2025, 6, 30)) && h1.contains(d(2025, 1, 1)));
        assert!(!h1.contains(d(2025, 7, 1)) && !h1.contains(d(2024, 12, 31)));
        assert_eq!(h1.days() + h2.days(), 365);
        assert_eq!(HalfYear::new(2024, 1).unwrap().period().days(), 182, "leap year");
    }

    #[test]
    fn half_years_name_the_wrong_parameter() {
        assert_eq!(
            fields(HalfYear::new(2025, 3).unwrap_err()),
            vec![("half".into(), "out_of_range")]
        );
        assert_eq!(
            fields(HalfYear::new(2025, 0).unwrap_err()),
            vec![("half".into(), "out_of_range")]
        );
        assert_eq!(
            fields(HalfYear::new(1999, 1).unwrap_err()),
            vec![("year".into(), "out_of_range")]
        );
        assert_eq!(
            fields(HalfYear::new(i64::MAX, -1).unwrap_err()),
            vec![("year".into(), "out_of_range"), ("half".into(), "out_of_range")]
        );
        assert!(HalfYear::new(2000, 1).is_ok() && HalfYear::new(2100, 2).is_ok());
    }

    #[test]
    fn the_previous_half_year_is_the_same_half_a_year_earlier() {
        let p = HalfYear::new(2025, 1).unwrap().period().previous_year();
        assert_eq!((p.from(), p.to()), (d(2024, 1, 1), d(2024, 6, 30)));
        let p = HalfYear::new(2025, 2).unwrap().period().previous_year();
        assert_eq!((p.from(), p.to()), (d(2024, 7, 1), d(2024, 12, 31)));
    }

    #[test]
    fn the_previous_period_handles_29_february_and_month_ends() {
        let prev = |a, b| {
            let p = Period::new(a, b).unwrap().previous_year();
            (p.from(), p.to())
        };
        // February 2025 is compared with the whole of February 2024, and back.
        assert_eq!(prev(d(2025, 2, 1), d(2025, 2, 28)), (d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!(prev(d(2024, 2, 1), d(2024, 2, 29)), (d(2023, 2, 1), d(2023, 2, 28)));
        // A period that starts or ends on 29 February moves to 28 February.
        assert_eq!(prev(d(2024, 2, 29), d(2024, 3, 10)), (d(2023, 2, 28), d(2023, 3, 10)));
        assert_eq!(prev(d(2024, 2, 10), d(2024, 2, 28)), (d(2023, 2, 10), d(2023, 2, 28)));
        // Ordinary dates keep their day.
        assert_eq!(prev(d(2025, 1, 15), d(2025, 3, 31)), (d(2024, 1, 15), d(2024, 3, 31)));
        assert_eq!(prev(d(2025, 4, 10), d(2025, 4, 20)), (d(2024, 4, 10), d(2024, 4, 20)));
    }

    #[test]
    fn a_period_never_overlaps_its_previous_period() {
        let mut from = d(2023, 1, 1);
        while from < d(2025, 12, 31) {
            let longest = from.checked_add_months(Months::new(12)).unwrap().pred_opt().unwrap();
            let p = Period::new(from, longest).unwrap();
            let prev = p.previous_year();
            assert!(prev.to() < p.from(), "{p:?} overlaps {prev:?}");
            assert!(prev.from() <= prev.to());
            assert!(
                Period::new(from, longest.succ_opt().unwrap()).is_err(),
                "{from} + a year accepted"
            );
            from = from.succ_opt().unwrap();
        }
    }

    #[test]
    fn periods_are_validated() {
        assert!(Period::new(d(2025, 1, 1), d(2025, 1, 1)).is_ok());
        assert!(
            Period::new(d(2024, 1, 1), d(2024, 12, 31)).is_ok(),
            "a leap year is 366 days"
        );
        assert_eq!(
            fields(Period::new(d(2025, 3, 1), d(2025, 2, 1)).unwrap_err()),
            vec![("to".into(), "before_from")]
        );
        assert_eq!(
            fields(Period::new(d(2025, 1, 1), d(2026, 1, 1)).unwrap_err()),
            vec![("to".into(), "too_long")]
        );
        assert_eq!(
            fields(Period::new(d(1999, 12, 1), d(2000, 1, 31)).unwrap_err()),
            vec![("from".into(), "out_of_range")]
        );
    }

    #[test]
    fn months_run_from_the_first_to_the_last_day() {
        let p = Period::new(d(2024, 11, 15), d(2025, 2, 3)).unwrap();
        let keys: Vec<String> = p.months().iter().map(Month::key).collect();
        assert_eq!(keys, ["2024-11", "2024-12", "2025-01", "2025-02"]);
        assert_eq!(Month::of(d(2025, 3, 9)).year_earlier().key(), "2024-03");
        assert_eq!("2025-07".parse::<Month>(), Ok(Month::of(d(2025, 7, 1))));
        assert!("2025-13".parse::<Month>().is_err() && "July".parse::<Month>().is_err());
        assert_eq!(HalfYear::new(2025, 2).unwrap().period().months().len(), 6);
    }
}
