//! Impact measures (what the office files with a state body when rights were violated) and the
//! compensation recovered for applicants. Money is an integer of minor units with an ISO 4217
//! currency, never a float.

use chrono::NaiveDate;

use crate::error::{DomainError, Errors, FieldError};

code_enum!(
    /// The kind of an impact measure.
    MeasureKind {
        Submission => "submission",
        Demand => "demand",
        Lawsuit => "lawsuit",
        Conclusion => "conclusion",
        Recommendation => "recommendation",
        Other => "other",
    }
);

impl MeasureKind {
    /// The letter of the kind in a measure's number (`HQ-D-2025-0001` is a demand).
    pub fn letter(self) -> char {
        match self {
            MeasureKind::Submission => 'S',
            MeasureKind::Demand => 'D',
            MeasureKind::Lawsuit => 'L',
            MeasureKind::Conclusion => 'C',
            MeasureKind::Recommendation => 'R',
            MeasureKind::Other => 'O',
        }
    }
}

code_enum!(
    /// Where an impact measure stands.
    MeasureStatus {
        Issued => "issued",
        ResponseReceived => "response_received",
        Implemented => "implemented",
        PartiallyImplemented => "partially_implemented",
        Rejected => "rejected",
        InCourt => "in_court",
        Won => "won",
        Lost => "lost",
    }
);

impl MeasureStatus {
    /// Whether the measure still waits for the state body's response.
    pub fn awaits_response(self) -> bool {
        self == MeasureStatus::Issued
    }

    /// Whether no move is left.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            MeasureStatus::Implemented
                | MeasureStatus::PartiallyImplemented
                | MeasureStatus::Rejected
                | MeasureStatus::Won
                | MeasureStatus::Lost
        )
    }
}

/// The statuses a measure of `kind` may move to from `from`: issued → response received →
/// implemented, partially implemented or rejected; a lawsuit: issued → in court → won or lost.
pub fn next_statuses(kind: MeasureKind, from: MeasureStatus) -> &'static [MeasureStatus] {
    use MeasureStatus::*;
    match (kind == MeasureKind::Lawsuit, from) {
        (false, Issued) => &[ResponseReceived],
        (false, ResponseReceived) => &[Implemented, PartiallyImplemented, Rejected],
        (true, Issued) => &[InCourt],
        (true, InCourt) => &[Won, Lost],
        _ => &[],
    }
}

/// Checks a move; a forbidden one is a conflict that lists the allowed statuses.
pub fn check_move(kind: MeasureKind, from: MeasureStatus, to: MeasureStatus) -> Result<(), DomainError> {
    let allowed = next_statuses(kind, from);
    if allowed.contains(&to) {
        Ok(())
    } else {
        Err(DomainError::Conflict {
            action: format!("move to {to}"),
            state: from.as_str().to_owned(),
            allowed: allowed.iter().map(|s| s.as_str().to_owned()).collect(),
        })
    }
}

code_enum!(
    /// What the money recovered was.
    CompensationKind {
        WageArrears => "wage_arrears",
        Pension => "pension",
        Benefit => "benefit",
        Damages => "damages",
        Refund => "refund",
        Other => "other",
    }
);

/// Active ISO 4217 currency codes with their number of minor-unit digits.
const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("ANG", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("UYU", 2),
    ("UZS", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// Every ISO 4217 code accepted, upper-case.
pub fn currency_codes() -> impl Iterator<Item = &'static str> {
    CURRENCIES.iter().map(|(code, _)| *code)
}

/// The number of minor-unit digits of an ISO 4217 currency, or `None` for an unknown code.
pub fn minor_digits(currency: &str) -> Option<u8> {
    CURRENCIES.iter().find(|(c, _)| *c == currency).map(|(_, d)| *d)
}

/// A currency code, checked against ISO 4217.
pub fn parse_currency(field: &str, value: &str) -> Result<String, DomainError> {
    let code = value.trim().to_ascii_uppercase();
    if minor_digits(&code).is_some() {
        Ok(code)
    } else {
        Err(DomainError::field(
            field,
            "unknown_currency",
            format!("'{value}' is not an ISO 4217 currency code (e.g. UZS, RUB, KZT, USD)"),
        ))
    }
}

/// An amount in minor units written in major units: `125000000` UZS is `1250000.00`.
pub fn format_minor(amount_minor: impl Into<i128>, currency: &str) -> String {
    let value: i128 = amount_minor.into();
    let digits = u32::from(minor_digits(currency).unwrap_or(2));
    if digits == 0 {
        return value.to_string();
    }
    let scale = 10i128.pow(digits);
    let sign = if value < 0 { "-" } else { "" };
    let value = value.abs();
    format!(
        "{sign}{}.{:0width$}",
        value / scale,
        value % scale,
        width = digits as usize
    )
}

/// The largest amount of one compensation record, in minor units: 10^15 (ten trillion UZS, far
/// beyond any real payment). The database refuses more (`compensations_amount_minor_window`), and
/// totals are summed as `numeric` into `i128`, so no sum of records can overflow.
pub const MAX_AMOUNT_MINOR: i64 = 1_000_000_000_000_000;

/// An amount of minor units: a whole number from 1 to [`MAX_AMOUNT_MINOR`].
pub fn parse_amount_minor(field: &str, amount_minor: i64) -> Result<i64, DomainError> {
    if amount_minor <= 0 {
        Err(DomainError::field(
            field,
            "not_positive",
            "must be a positive whole number of minor units (tiyin for UZS)",
        ))
    } else if amount_minor > MAX_AMOUNT_MINOR {
        Err(DomainError::field(
            field,
            "too_large",
            format!("must be at most {MAX_AMOUNT_MINOR} minor units"),
        ))
    } else {
        Ok(amount_minor)
    }
}

/// A compensation record as entered, before it is checked.
#[derive(Debug, Clone)]
pub struct CompensationInput {
    /// Amount in minor units.
    pub amount_minor: i64,
    /// ISO 4217 code (UZS when absent).
    pub currency: Option<String>,
    /// Who paid.
    pub paid_by: String,
    /// When the money was recovered.
    pub recovered_on: NaiveDate,
    /// Whether an appeal or impact measure is named.
    pub has_source: bool,
}

/// A checked compensation record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCompensation {
    /// Amount in minor units (positive).
    pub amount_minor: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// Who paid (trimmed).
    pub paid_by: String,
}

/// Checks a compensation record: a positive amount up to [`MAX_AMOUNT_MINOR`], a known currency, a paying body, a date
/// not after `today`, and an appeal or impact measure it came from. Every wrong field is named.
pub fn validate_compensation(input: &CompensationInput, today: NaiveDate) -> Result<ValidCompensation, DomainError> {
    let mut errors = Errors::new();
    let amount_minor = errors.take(parse_amount_minor("amount_minor", input.amount_minor));
    let currency = errors.take(parse_currency("currency", input.currency.as_deref().unwrap_or("UZS")));
    let paid_by = errors.take(crate::office::parse_name("paid_by", &input.paid_by, 500));
    if input.recovered_on > today {
        errors.push(FieldError::new(
            "recovered_on",
            "in_future",
            format!("cannot be after today ({today})"),
        ));
    }
    if !input.has_source {
        errors.push(FieldError::new(
            "appeal_id",
            "required",
            "name the appeal and/or the impact measure the money came from",
        ));
    }
    errors.finish()?;
    Ok(ValidCompensation {
        amount_minor: amount_minor.unwrap_or_default(),
        currency: currency.unwrap_or_default(),
        paid_by: paid_by.unwrap_or_default(),
    })
}

/// The registration number of a measure: `HQ-D-2025-0001`.
pub fn measure_number(office_code: &str, kind: MeasureKind, year: i32, seq: i32) -> String {
    format!("{office_code}-{}-{year}-{seq:04}", kind.letter())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn measures_move_along_their_lifecycle_only() {
        use MeasureStatus::*;
        assert!(check_move(MeasureKind::Demand, Issued, ResponseReceived).is_ok());
        assert!(check_move(MeasureKind::Demand, ResponseReceived, PartiallyImplemented).is_ok());
        assert!(check_move(MeasureKind::Lawsuit, Issued, InCourt).is_ok());
        assert!(check_move(MeasureKind::Lawsuit, InCourt, Won).is_ok());
        match check_move(MeasureKind::Demand, Issued, Implemented) {
            Err(DomainError::Conflict { allowed, state, .. }) => {
                assert_eq!(state, "issued");
                assert_eq!(allowed, vec!["response_received"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(check_move(MeasureKind::Submission, Issued, InCourt).is_err());
        assert!(check_move(MeasureKind::Lawsuit, Issued, ResponseReceived).is_err());
        assert!(check_move(MeasureKind::Lawsuit, Won, Lost).is_err());
        for s in MeasureStatus::ALL {
            let stuck =
                next_statuses(MeasureKind::Demand, *s).is_empty() && next_statuses(MeasureKind::Lawsuit, *s).is_empty();
            assert_eq!(s.is_final(), stuck, "{s}");
        }
    }

    #[test]
    fn numbers_carry_office_kind_year_and_sequence() {
        assert_eq!(measure_number("HQ", MeasureKind::Demand, 2025, 1), "HQ-D-2025-0001");
        assert_eq!(
            measure_number("SAM", MeasureKind::Lawsuit, 2026, 123),
            "SAM-L-2026-0123"
        );
    }

    #[test]
    fn money_is_minor_units_of_a_known_currency() {
        assert_eq!(format_minor(125_000_000, "UZS"), "1250000.00");
        assert_eq!(format_minor(5, "UZS"), "0.05");
        assert_eq!(format_minor(1500, "JPY"), "1500");
        assert_eq!(format_minor(1_234_567, "KWD"), "1234.567");
        assert_eq!(format_minor(i128::from(i64::MAX) * 2, "UZS"), "184467440737095516.14");
        assert_eq!(parse_currency("currency", "rub").unwrap(), "RUB");
        assert!(parse_currency("currency", "XYZ").is_err());
        assert!(parse_currency("currency", "US").is_err());
    }

    #[test]
    fn compensation_names_every_wrong_field() {
        let today = d("2025-06-01");
        let ok = CompensationInput {
            amount_minor: 125_000_000,
            currency: None,
            paid_by: " Pension Fund ".into(),
            recovered_on: d("2025-05-20"),
            has_source: true,
        };
        let valid = validate_compensation(&ok, today).unwrap();
        assert_eq!(valid.currency, "UZS");
        assert_eq!(valid.paid_by, "Pension Fund");
        let bad = CompensationInput {
            amount_minor: 0,
            currency: Some("ABC".into()),
            paid_by: " ".into(),
            recovered_on: d("2025-06-02"),
            has_source: false,
        };
        match validate_compensation(&bad, today) {
            Err(DomainError::Validation(errs)) => {
                let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(
                    fields,
                    vec!["amount_minor", "currency", "paid_by", "recovered_on", "appeal_id"]
                );
            }
            other => panic!("{other:?}"),
        }
        let negative = CompensationInput {
            amount_minor: -5,
            ..ok.clone()
        };
        assert!(validate_compensation(&negative, today).is_err());
    }

    #[test]
    fn an_amount_is_bounded_so_that_totals_cannot_overflow() {
        let today = d("2025-06-01");
        let input = |amount_minor| CompensationInput {
            amount_minor,
            currency: None,
            paid_by: "Pension Fund".into(),
            recovered_on: d("2025-05-20"),
            has_source: true,
        };
        assert_eq!(
            validate_compensation(&input(MAX_AMOUNT_MINOR), today)
                .unwrap()
                .amount_minor,
            MAX_AMOUNT_MINOR
        );
        for too_much in [MAX_AMOUNT_MINOR + 1, i64::MAX] {
            match validate_compensation(&input(too_much), today) {
                Err(DomainError::Validation(errs)) => {
                    assert_eq!((errs[0].field.as_str(), errs[0].code), ("amount_minor", "too_large"));
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(parse_amount_minor("amount_minor", 0).is_err());
    }
}
