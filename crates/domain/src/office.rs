//! Offices: the central office (`HQ`) and the regional representatives.

use crate::error::DomainError;

code_enum!(
    /// Where a matter arose: the 14 regions of Uzbekistan, or abroad.
    Region {
        Karakalpakstan => "karakalpakstan",
        Andijan => "andijan",
        Bukhara => "bukhara",
        Fergana => "fergana",
        Jizzakh => "jizzakh",
        Kashkadarya => "kashkadarya",
        Khorezm => "khorezm",
        Namangan => "namangan",
        Navoi => "navoi",
        Samarkand => "samarkand",
        Surkhandarya => "surkhandarya",
        Syrdarya => "syrdarya",
        TashkentRegion => "tashkent_region",
        TashkentCity => "tashkent_city",
        Abroad => "abroad",
    }
);

/// The code of an office: 2 to 5 capital Latin letters; it prefixes registration numbers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OfficeCode(String);

impl OfficeCode {
    /// Parses a code, refusing anything but 2-5 capital letters A-Z.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let ok = (2..=5).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_uppercase());
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(DomainError::field(
                "code",
                "invalid_office_code",
                "an office code is 2 to 5 capital Latin letters, e.g. TAS",
            ))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A non-empty trimmed name of at most `max` characters.
pub fn parse_name(field: &str, raw: &str, max: usize) -> Result<String, DomainError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(DomainError::field(field, "required", "must not be empty"));
    }
    if trimmed.chars().count() > max {
        return Err(DomainError::field(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_codes_are_two_to_five_capitals() {
        for good in ["HQ", "TAS", "SAMAR"] {
            assert_eq!(OfficeCode::parse(good).map(|c| c.0), Ok(good.to_owned()));
        }
        for bad in ["H", "tas", "TASHKE", "T1", "ТАС", ""] {
            assert!(OfficeCode::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn regions_round_trip_through_their_codes() {
        assert_eq!(Region::ALL.len(), 15);
        for region in Region::ALL {
            assert_eq!(region.as_str().parse::<Region>(), Ok(*region));
        }
        assert!("tashkent".parse::<Region>().is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_name("name", "  Samarkand  ", 10), Ok("Samarkand".into()));
        assert!(parse_name("name", "   ", 10).is_err());
        assert!(parse_name("name", "abcdefghijk", 10).is_err());
    }
}

/// Tashkent is UTC+5 all year (no daylight saving): the office's dates are Tashkent dates.
pub const TASHKENT_UTC_OFFSET_SECS: i32 = 5 * 3600;

/// The Tashkent calendar date of an instant: an appeal received at 23:59 on 30 June in
/// Tashkent (18:59 UTC) belongs to 30 June, and so to the first half-year.
pub fn tashkent_date(instant: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (instant + chrono::Duration::seconds(i64::from(TASHKENT_UTC_OFFSET_SECS))).date_naive()
}

#[cfg(test)]
mod tashkent_tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    #[test]
    fn tashkent_dates_run_five_hours_ahead_of_utc() {
        let late_june = Utc.with_ymd_and_hms(2025, 6, 30, 18, 59, 0).unwrap();
        assert_eq!(
            super::tashkent_date(late_june),
            NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
        );
        let just_after = Utc.with_ymd_and_hms(2025, 6, 30, 19, 0, 0).unwrap();
        assert_eq!(
            super::tashkent_date(just_after),
            NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()
        );
    }
}
