//! The window of calendar dates the service accepts. chrono takes years from -262144 to 262143
//! and PostgreSQL from 4713 BC to 5874897 AD; neither range means anything for an appeal, a
//! visit or a report, and a date outside PostgreSQL's range would fail in the database instead of
//! being refused at the door. Every date that comes in is checked against one window.

use chrono::{Datelike, NaiveDate};

use crate::error::DomainError;

/// The earliest date accepted: 1900-01-01.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The latest date accepted: 2100-12-31.
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// The stable code of a date outside the window.
pub const OUT_OF_RANGE: &str = "date_out_of_range";

/// The first day of the years that registration numbers are counted in
/// (`registration_counters.year` is 2000 to 2200): a numbered record cannot be dated earlier.
pub const FIRST_NUMBERED: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The date of a record that takes a number in the series of its year: 2000 or later.
pub fn check_numbered(field: &str, date: NaiveDate) -> Result<NaiveDate, DomainError> {
    if date < FIRST_NUMBERED {
        Err(DomainError::field(field, "too_old", "must be in 2000 or later"))
    } else {
        Ok(date)
    }
}

/// Whether a date lies in the accepted window.
pub fn in_window(date: NaiveDate) -> bool {
    (EARLIEST..=LATEST).contains(&date)
}

/// The sentence shown for a date outside the window.
pub fn out_of_range_message() -> String {
    format!("must be a date between {EARLIEST} and {LATEST}")
}

/// A date of the field `field`, refused when it lies outside the window.
pub fn check(field: &str, date: NaiveDate) -> Result<NaiveDate, DomainError> {
    if in_window(date) {
        Ok(date)
    } else {
        Err(DomainError::field(field, OUT_OF_RANGE, out_of_range_message()))
    }
}

/// A year of the field `field`, refused when it lies outside the window.
pub fn check_year(field: &str, year: i64) -> Result<i32, DomainError> {
    let (first, last) = (i64::from(EARLIEST.year()), i64::from(LATEST.year()));
    if (first..=last).contains(&year) {
        i32::try_from(year).map_err(|_| DomainError::field(field, OUT_OF_RANGE, year_message()))
    } else {
        Err(DomainError::field(field, OUT_OF_RANGE, year_message()))
    }
}

fn year_message() -> String {
    format!("must be a year between {} and {}", EARLIEST.year(), LATEST.year())
}

/// Whether `text` is, as a whole, an ISO calendar date (`YYYY-MM-DD`, with chrono's optional
/// sign and wider years such as `-240131-01-31` or `+275000-01-01`) of a year outside the window.
/// The window is whole years, so the year decides; a year too wide even for chrono is outside too.
pub fn is_date_outside_window(text: &str) -> bool {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let mut parts = body.split('-');
    let (Some(year), Some(month), Some(day), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let digits =
        |s: &str, min: usize, max: usize| (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4, 12) && digits(month, 2, 2) && digits(day, 2, 2)) {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<i64>(), month.parse::<u32>(), day.parse::<u32>()) else {
        return false;
    };
    let year = if negative { -year } else { year };
    let (first, last) = (i64::from(EARLIEST.year()), i64::from(LATEST.year()));
    (1..=12).contains(&month) && (1..=31).contains(&day) && !(first..=last).contains(&year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_1900_to_2100() {
        assert!(check("d", "1900-01-01".parse().unwrap()).is_ok());
        assert!(check("d", "2100-12-31".parse().unwrap()).is_ok());
        assert!(check("d", "1899-12-31".parse().unwrap()).is_err());
        assert!(check("d", "2101-01-01".parse().unwrap()).is_err());
        match check("received_on", NaiveDate::MIN) {
            Err(DomainError::Validation(errs)) => {
                assert_eq!(errs[0].field, "received_on");
                assert_eq!(errs[0].code, OUT_OF_RANGE);
            }
            other => panic!("{other:?}"),
        }
        assert!(check_numbered("issued_on", "1999-12-31".parse().unwrap()).is_err());
        assert!(check_numbered("issued_on", "2000-01-01".parse().unwrap()).is_ok());
        assert_eq!(check_year("year", 2025).unwrap(), 2025);
        assert!(check_year("year", 275_000).is_err());
        assert!(check_year("year", -240_131).is_err());
        assert!(check_year("year", i64::MAX).is_err());
    }

    #[test]
    fn date_shaped_strings_are_told_from_text() {
        for outside in [
            "-240131-01-31",
            "+275000-01-01",
            "275000-01-01",
            "0001-01-01",
            "1899-12-31",
            "2101-01-01",
        ] {
            assert!(is_date_outside_window(outside), "{outside}");
        }
        for inside_or_text in [
            "2025-01-31",
            "+2025-01-31",
            "1900-01-01",
            "2100-12-31",
            "HQ-D-2025-0001",
            "12-01-2025",
            "1800-13-01",
            "a note",
            "1800-01-31T10:00:00Z",
            "-",
            "",
        ] {
            assert!(!is_date_outside_window(inside_or_text), "{inside_or_text}");
        }
    }
}
