//! The facility registry: places of detention and other closed institutions the office's
//! monitors visit (the national preventive mechanism). A facility is named uniquely within its
//! region and may be assigned to the office whose monitors cover it.

use crate::error::{DomainError, Errors, FieldError};
use crate::office::{parse_name, Region};

code_enum!(
    /// What kind of place of detention a facility is.
    FacilityKind {
        SpecialReceptionCentre => "special_reception_centre",
        TemporaryDetentionFacility => "temporary_detention_facility",
        PreTrialDetentionCentre => "pre_trial_detention_centre",
        MilitaryUnit => "military_unit",
        PenalInstitution => "penal_institution",
        CompulsoryTreatmentFacility => "compulsory_treatment_facility",
        Other => "other",
    }
);

/// Longest facility name.
pub const NAME_MAX: usize = 300;
/// Longest name of the operating authority.
pub const AUTHORITY_MAX: usize = 300;

/// A facility kind given as text, e.g. in an import file.
pub fn parse_kind(field: &str, raw: &str) -> Result<FacilityKind, DomainError> {
    let code = raw.trim();
    if code.is_empty() {
        return Err(DomainError::field(field, "required", "must not be empty"));
    }
    code.parse::<FacilityKind>()
        .map_err(|_| DomainError::field(field, "invalid_kind", format!("'{code}' is not a valid facility kind")))
}

/// A region given as text, e.g. in an import file.
pub fn parse_region(field: &str, raw: &str) -> Result<Region, DomainError> {
    let code = raw.trim();
    if code.is_empty() {
        return Err(DomainError::field(field, "required", "must not be empty"));
    }
    code.parse::<Region>()
        .map_err(|_| DomainError::field(field, "invalid_region", format!("'{code}' is not a valid region")))
}

/// The number of places: none (unknown), or a positive whole number that fits the database.
pub fn check_capacity(field: &str, capacity: Option<i64>) -> Result<Option<i32>, DomainError> {
    match capacity {
        None => Ok(None),
        Some(n) if n <= 0 => Err(DomainError::field(
            field,
            "not_positive",
            "must be a positive number of places",
        )),
        Some(n) => i32::try_from(n)
            .map(Some)
            .map_err(|_| DomainError::field(field, "too_large", format!("must be at most {}", i32::MAX))),
    }
}

/// The number of places given as text: blank is none.
pub fn parse_capacity(field: &str, raw: &str) -> Result<Option<i32>, DomainError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let n = text.parse::<i64>().map_err(|_| {
        DomainError::field(
            field,
            "not_a_number",
            format!("'{text}' is not a whole number of places"),
        )
    })?;
    check_capacity(field, Some(n))
}

/// A yes/no flag given as text: `true`/`false`, `yes`/`no`, `1`/`0` (any case); blank is `default`.
pub fn parse_flag(field: &str, raw: &str, default: bool) -> Result<bool, DomainError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" => Ok(default),
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        other => Err(DomainError::field(
            field,
            "invalid_flag",
            format!("'{other}' is not one of true, false, yes, no, 1, 0"),
        )),
    }
}

/// The raw fields of a facility, as they arrive (on creation, or merged with the stored record
/// on a change).
#[derive(Debug, Clone)]
pub struct FacilityInput<'a> {
    /// Name.
    pub name: &'a str,
    /// Kind code, e.g. `pre_trial_detention_centre`.
    pub kind: &'a str,
    /// Region code, e.g. `tashkent_city`.
    pub region: &'a str,
    /// The state body that runs the facility, e.g. `Ministry of Internal Affairs`.
    pub operating_authority: &'a str,
    /// Number of places; none when unknown.
    pub capacity: Option<i64>,
}

/// A validated facility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFacility {
    /// Trimmed name, 1 to 300 characters.
    pub name: String,
    /// Kind.
    pub kind: FacilityKind,
    /// Region.
    pub region: Region,
    /// Trimmed operating authority, 1 to 300 characters.
    pub operating_authority: String,
    /// Positive number of places.
    pub capacity: Option<i32>,
}

impl NewFacility {
    /// Parses a facility, naming every wrong field.
    pub fn parse(input: &FacilityInput<'_>) -> Result<Self, DomainError> {
        let mut errors = Errors::new();
        let name = errors.take(parse_name("name", input.name, NAME_MAX));
        let kind = errors.take(parse_kind("kind", input.kind));
        let region = errors.take(parse_region("region", input.region));
        let authority = errors.take(parse_name(
            "operating_authority",
            input.operating_authority,
            AUTHORITY_MAX,
        ));
        let capacity = errors.take(check_capacity("capacity", input.capacity));
        errors.finish()?;
        match (name, kind, region, authority, capacity) {
            (Some(name), Some(kind), Some(region), Some(operating_authority), Some(capacity)) => Ok(Self {
                name,
                kind,
                region,
                operating_authority,
                capacity,
            }),
            _ => Err(DomainError::field("", "invalid", "the facility is incomplete")),
        }
    }
}

/// One row of an import file, every column as text.
#[derive(Debug, Clone)]
pub struct ImportRow<'a> {
    /// `name`.
    pub name: &'a str,
    /// `kind`.
    pub kind: &'a str,
    /// `region`.
    pub region: &'a str,
    /// `operating_authority`.
    pub operating_authority: &'a str,
    /// `capacity` (blank: unknown).
    pub capacity: &'a str,
    /// `active` (blank: active).
    pub active: &'a str,
}

/// A validated row of an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedFacility {
    /// The facility.
    pub facility: NewFacility,
    /// Whether it is in use.
    pub is_active: bool,
}

impl ImportedFacility {
    /// Parses a row, naming every wrong column.
    pub fn parse(row: &ImportRow<'_>) -> Result<Self, DomainError> {
        let mut errors = Errors::new();
        let capacity = errors.take(parse_capacity("capacity", row.capacity));
        let is_active = errors.take(parse_flag("active", row.active, true));
        let facility = NewFacility::parse(&FacilityInput {
            name: row.name,
            kind: row.kind,
            region: row.region,
            operating_authority: row.operating_authority,
            capacity: capacity.flatten().map(i64::from),
        });
        let facility = errors.take(facility);
        errors.finish()?;
        match (facility, is_active) {
            (Some(facility), Some(is_active)) => Ok(Self { facility, is_active }),
            _ => Err(DomainError::Validation(vec![FieldError::new(
                "",
                "invalid",
                "the row is incomplete",
            )])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizo() -> FacilityInput<'static> {
        FacilityInput {
            name: "  Pre-trial detention centre No. 1 ",
            kind: "pre_trial_detention_centre",
            region: "tashkent_city",
            operating_authority: " Ministry of Internal Affairs",
            capacity: Some(900),
        }
    }

    fn errors<T: std::fmt::Debug>(result: Result<T, DomainError>) -> Vec<(String, &'static str)> {
        match result {
            Err(DomainError::Validation(errs)) => errs.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_facility_is_trimmed_and_typed() {
        let f = NewFacility::parse(&sizo()).unwrap();
        assert_eq!(f.name, "Pre-trial detention centre No. 1");
        assert_eq!(f.kind, FacilityKind::PreTrialDetentionCentre);
        assert_eq!(f.region, Region::TashkentCity);
        assert_eq!(f.operating_authority, "Ministry of Internal Affairs");
        assert_eq!(f.capacity, Some(900));
        let unknown = NewFacility::parse(&FacilityInput {
            capacity: None,
            ..sizo()
        })
        .unwrap();
        assert_eq!(unknown.capacity, None);
    }

    #[test]
    fn every_wrong_field_is_named() {
        let long = "x".repeat(NAME_MAX + 1);
        let bad = FacilityInput {
            name: &long,
            kind: "prison",
            region: "tashkent",
            operating_authority: "  ",
            capacity: Some(0),
        };
        assert_eq!(
            errors(NewFacility::parse(&bad)),
            vec![
                ("name".into(), "too_long"),
                ("kind".into(), "invalid_kind"),
                ("region".into(), "invalid_region"),
                ("operating_authority".into(), "required"),
                ("capacity".into(), "not_positive"),
            ]
        );
    }

    #[test]
    fn kind_and_region_messages_quote_the_value() {
        let Err(DomainError::Validation(errs)) = parse_kind("kind", " prison ") else {
            panic!("prison accepted")
        };
        assert_eq!(errs[0].message, "'prison' is not a valid facility kind");
        assert_eq!(errors(parse_kind("kind", "")), vec![("kind".into(), "required")]);
        assert_eq!(
            errors(parse_region("region", "Tashkent")),
            vec![("region".into(), "invalid_region")]
        );
        for kind in FacilityKind::ALL {
            assert_eq!(parse_kind("kind", kind.as_str()), Ok(*kind));
        }
        assert_eq!(FacilityKind::ALL.len(), 7);
    }

    #[test]
    fn capacity_is_positive_and_fits() {
        assert_eq!(check_capacity("capacity", Some(1)), Ok(Some(1)));
        assert_eq!(
            errors(check_capacity("capacity", Some(-3))),
            vec![("capacity".into(), "not_positive")]
        );
        assert_eq!(
            errors(check_capacity("capacity", Some(i64::from(i32::MAX) + 1))),
            vec![("capacity".into(), "too_large")]
        );
        assert_eq!(parse_capacity("capacity", " "), Ok(None));
        assert_eq!(parse_capacity("capacity", "1200"), Ok(Some(1200)));
        assert_eq!(
            errors(parse_capacity("capacity", "many")),
            vec![("capacity".into(), "not_a_number")]
        );
        assert_eq!(
            errors(parse_capacity("capacity", "12.5")),
            vec![("capacity".into(), "not_a_number")]
        );
    }

    #[test]
    fn flags_read_common_spellings() {
        assert_eq!(parse_flag("active", "", true), Ok(true));
        assert_eq!(parse_flag("active", "FALSE", true), Ok(false));
        assert_eq!(parse_flag("active", "yes", false), Ok(true));
        assert_eq!(parse_flag("active", "0", true), Ok(false));
        assert_eq!(
            errors(parse_flag("active", "maybe", true)),
            vec![("active".into(), "invalid_flag")]
        );
    }

    #[test]
    fn an_import_row_names_every_wrong_column() {
        let good = ImportRow {
            name: "Military unit 1234",
            kind: "military_unit",
            region: "samarkand",
            operating_authority: "Ministry of Defence",
            capacity: "",
            active: "false",
        };
        let parsed = ImportedFacility::parse(&good).unwrap();
        assert_eq!(parsed.facility.kind, FacilityKind::MilitaryUnit);
        assert_eq!(parsed.facility.capacity, None);
        assert!(!parsed.is_active);

        let bad = ImportRow {
            kind: "prison",
            capacity: "-1",
            active: "perhaps",
            ..good
        };
        assert_eq!(
            errors(ImportedFacility::parse(&bad)),
            vec![
                ("capacity".into(), "not_positive"),
                ("active".into(), "invalid_flag"),
                ("kind".into(), "invalid_kind"),
            ]
        );
    }
}
