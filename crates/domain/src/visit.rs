//! Monitoring visits to places of detention (the national preventive mechanism): who went, when,
//! whom they interviewed, what they found, and the recommendations made to the facility with
//! their follow-up.
//!
//! Findings name no one who spoke: monitors write pseudonyms (the people interviewed may face
//! reprisals).

use chrono::NaiveDate;

use crate::error::{DomainError, Errors, FieldError};
use crate::office::parse_name;

code_enum!(
    /// Why and how a visit was made.
    VisitType {
        Planned => "planned",
        Unannounced => "unannounced",
        FollowUp => "follow_up",
        Reactive => "reactive",
    }
);

code_enum!(
    /// Who made a visit: office staff only (a team of users, no Public Group members), a Public
    /// Group only (members, no staff), or both together.
    ConductedBy {
        OfficeStaff => "office_staff",
        PublicGroup => "public_group",
        Joint => "joint",
    }
);

impl ConductedBy {
    /// Who made a visit with `staff` office staff and `members` Public Group members; a visit
    /// recorded with neither counts as the office's own.
    pub fn of(staff: usize, members: usize) -> Self {
        match (staff > 0, members > 0) {
            (true, true) => ConductedBy::Joint,
            (false, true) => ConductedBy::PublicGroup,
            _ => ConductedBy::OfficeStaff,
        }
    }
}

code_enum!(
    /// Whether the facility did what a recommendation asked.
    RecommendationStatus {
        Open => "open",
        Implemented => "implemented",
        PartiallyImplemented => "partially_implemented",
        NotImplemented => "not_implemented",
    }
);

/// Longest visit, in days between start and end.
pub const MAX_VISIT_DAYS: i64 = 366;
/// Most external Public Group members on one visit.
pub const MAX_PUBLIC_MEMBERS: usize = 50;
/// Longest name of a Public Group member.
pub const MEMBER_NAME_MAX: usize = 200;
/// Most office staff on one visit.
pub const MAX_TEAM: usize = 50;
/// Most people interviewed on one visit (individually, or in groups).
pub const MAX_INTERVIEWED: i64 = 100_000;
/// Longest findings text.
pub const FINDINGS_MAX: usize = 100_000;
/// Most recommendations on one visit.
pub const MAX_RECOMMENDATIONS: usize = 200;
/// Longest recommendation text.
pub const RECOMMENDATION_TEXT_MAX: usize = 5_000;
/// Longest addressee.
pub const ADDRESSEE_MAX: usize = 300;
/// Longest follow-up note.
pub const NOTE_MAX: usize = 5_000;

/// The raw fields of a visit as they arrive (on creation, or merged with the stored visit on a
/// change).
#[derive(Debug, Clone)]
pub struct VisitInput<'a> {
    /// First day.
    pub started_on: NaiveDate,
    /// Last day (default: the first).
    pub ended_on: Option<NaiveDate>,
    /// External Public Group members by name.
    pub public_group_members: &'a [String],
    /// How many office users took part.
    pub team_size: usize,
    /// People interviewed individually.
    pub people_interviewed: i64,
    /// People interviewed in groups.
    pub people_interviewed_in_groups: i64,
    /// What the monitors found.
    pub findings: &'a str,
}

/// A checked visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidVisit {
    /// First day.
    pub started_on: NaiveDate,
    /// Last day.
    pub ended_on: NaiveDate,
    /// Trimmed, distinct member names.
    pub public_group_members: Vec<String>,
    /// People interviewed individually.
    pub people_interviewed: i32,
    /// People interviewed in groups.
    pub people_interviewed_in_groups: i32,
    /// Trimmed findings.
    pub findings: String,
}

fn count(errors: &mut Errors, field: &str, n: i64) -> i32 {
    if !(0..=MAX_INTERVIEWED).contains(&n) {
        errors.push(FieldError::new(
            field,
            "out_of_range",
            format!("must be a whole number from 0 to {MAX_INTERVIEWED}"),
        ));
        return 0;
    }
    i32::try_from(n).unwrap_or(0)
}

/// Checks a visit: it happened (not after `today`), ends on or after it starts and lasts at most
/// a year, was made by someone (office staff and/or Public Group members), and its counts and
/// texts are within bounds. Every wrong field is reported.
pub fn validate_visit(input: &VisitInput<'_>, today: NaiveDate) -> Result<ValidVisit, DomainError> {
    let mut errors = Errors::new();
    errors.take(crate::date::check_numbered("started_on", input.started_on));
    if input.started_on > today {
        errors.push(FieldError::new(
            "started_on",
            "in_future",
            format!("a visit is recorded once made: cannot be after today ({today})"),
        ));
    }
    let ended_on = input.ended_on.unwrap_or(input.started_on);
    if ended_on < input.started_on {
        errors.push(FieldError::new(
            "ended_on",
            "before_start",
            "cannot be before started_on",
        ));
    } else if (ended_on - input.started_on).num_days() > MAX_VISIT_DAYS {
        errors.push(FieldError::new(
            "ended_on",
            "too_long",
            format!("a visit lasts at most {MAX_VISIT_DAYS} days"),
        ));
    } else if ended_on > today {
        errors.push(FieldError::new(
            "ended_on",
            "in_future",
            format!("cannot be after today ({today})"),
        ));
    }
    let mut members: Vec<String> = Vec::new();
    if input.public_group_members.len() > MAX_PUBLIC_MEMBERS {
        errors.push(FieldError::new(
            "public_group_members",
            "too_many",
            format!("at most {MAX_PUBLIC_MEMBERS} members"),
        ));
    } else {
        for (i, raw) in input.public_group_members.iter().enumerate() {
            let field = format!("public_group_members[{i}]");
            if let Some(name) = errors.take(parse_name(&field, raw, MEMBER_NAME_MAX)) {
                if members.contains(&name) {
                    errors.push(FieldError::new(field, "duplicate", "this member is already named"));
                } else {
                    members.push(name);
                }
            }
        }
    }
    if input.team_size > MAX_TEAM {
        errors.push(FieldError::new(
            "team_user_ids",
            "too_many",
            format!("at most {MAX_TEAM} team members"),
        ));
    }
    if input.team_size == 0 && input.public_group_members.is_empty() {
        errors.push(FieldError::new(
            "team_user_ids",
            "required",
            "name who made the visit: office staff in team_user_ids and/or public_group_members",
        ));
    }
    let people_interviewed = count(&mut errors, "people_interviewed", input.people_interviewed);
    let in_groups = count(
        &mut errors,
        "people_interviewed_in_groups",
        input.people_interviewed_in_groups,
    );
    let findings = input.findings.trim();
    if findings.chars().count() > FINDINGS_MAX {
        errors.push(FieldError::new(
            "findings",
            "too_long",
            format!("must be at most {FINDINGS_MAX} characters"),
        ));
    }
    errors.finish()?;
    Ok(ValidVisit {
        started_on: input.started_on,
        ended_on,
        public_group_members: members,
        people_interviewed,
        people_interviewed_in_groups: in_groups,
        findings: findings.to_owned(),
    })
}

/// A checked recommendation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRecommendation {
    /// Trimmed text.
    pub text: String,
    /// Trimmed addressee (the facility's administration or the body above it).
    pub addressee: String,
    /// When it should be implemented.
    pub due_on: Option<NaiveDate>,
    /// The addressee's body in the directory of state bodies, when given by id (the use case
    /// checks it exists; without it the addressee is matched by its folded name).
    pub addressee_body_id: Option<crate::ids::StateBodyId>,
}

/// Checks one recommendation of a visit; `field` prefixes the names of wrong fields (e.g.
/// `recommendations[1]`). The due date cannot precede the visit's first day.
pub fn validate_recommendation(
    field: &str,
    text: &str,
    addressee: &str,
    due_on: Option<NaiveDate>,
    visit_started_on: NaiveDate,
) -> Result<ValidRecommendation, DomainError> {
    let sub = |name: &str| {
        if field.is_empty() {
            name.to_owned()
        } else {
            format!("{field}.{name}")
        }
    };
    let mut errors = Errors::new();
    let text = errors.take(parse_name(&sub("text"), text, RECOMMENDATION_TEXT_MAX));
    let addressee = errors.take(parse_name(&sub("addressee"), addressee, ADDRESSEE_MAX));
    if due_on.is_some_and(|d| d < visit_started_on) {
        errors.push(FieldError::new(
            sub("due_on"),
            "before_visit",
            "cannot be before the visit started",
        ));
    }
    errors.finish()?;
    Ok(ValidRecommendation {
        text: text.unwrap_or_default(),
        addressee: addressee.unwrap_or_default(),
        due_on,
        addressee_body_id: None,
    })
}

/// A recommendation is overdue when its due date has passed and it is not implemented (still
/// open, partially implemented, or assessed as not implemented).
pub fn is_overdue(status: RecommendationStatus, due_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    status != RecommendationStatus::Implemented && due_on.is_some_and(|d| d < today)
}

/// The share of recommendations implemented, from their counts by status code: implemented ones
/// over all of them (open ones included, since the facility has not yet done what was asked);
/// none without recommendations. A partial implementation does not count as implemented.
pub fn implementation_rate(by_status: &std::collections::BTreeMap<String, i64>) -> Option<f64> {
    let total: i64 = by_status.values().sum();
    let implemented = by_status
        .get(RecommendationStatus::Implemented.as_str())
        .copied()
        .unwrap_or(0);
    (total > 0).then(|| implemented as f64 / total as f64)
}

/// Checks a follow-up: its visit (if any) must be to the same facility as the visit that made
/// the recommendation, and cannot start before it.
pub fn check_follow_up_visit(
    same_facility: bool,
    recommended_on: NaiveDate,
    follow_up_started_on: NaiveDate,
) -> Result<(), DomainError> {
    if !same_facility {
        return Err(DomainError::field(
            "visit_id",
            "other_facility",
            "the follow-up visit must be to the facility the recommendation was made to",
        ));
    }
    if follow_up_started_on < recommended_on {
        return Err(DomainError::field(
            "visit_id",
            "before_recommendation",
            "the follow-up visit cannot be before the visit that made the recommendation",
        ));
    }
    Ok(())
}

/// A visit's number: `HQ-V-2025-0001`, per office and year of its first day.
pub fn visit_number(office_code: &str, year: i32, seq: i32) -> String {
    format!("{office_code}-V-{year}-{seq:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visit_is_the_staff_s_the_public_group_s_or_joint() {
        assert_eq!(ConductedBy::of(2, 0), ConductedBy::OfficeStaff);
        assert_eq!(ConductedBy::of(0, 3), ConductedBy::PublicGroup);
        assert_eq!(ConductedBy::of(1, 1), ConductedBy::Joint);
        assert_eq!(
            ConductedBy::of(0, 0),
            ConductedBy::OfficeStaff,
            "recorded without a team"
        );
        assert_eq!(ConductedBy::Joint.as_str(), "joint");
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn input<'a>(members: &'a [String], team: usize) -> VisitInput<'a> {
        VisitInput {
            started_on: d("2025-02-10"),
            ended_on: None,
            public_group_members: members,
            team_size: team,
            people_interviewed: 14,
            people_interviewed_in_groups: 0,
            findings: "  Overcrowded cells.  ",
        }
    }

    #[test]
    fn a_one_day_visit_ends_when_it_starts() {
        let v = validate_visit(&input(&[], 1), d("2025-03-01")).unwrap();
        assert_eq!(v.ended_on, d("2025-02-10"));
        assert_eq!(v.findings, "Overcrowded cells.");
    }

    #[test]
    fn someone_must_have_made_the_visit() {
        let err = validate_visit(&input(&[], 0), d("2025-03-01")).unwrap_err();
        assert!(format!("{err:?}").contains("team_user_ids"));
        let members = vec!["Nodira Yusupova".to_owned()];
        assert!(validate_visit(&input(&members, 0), d("2025-03-01")).is_ok());
    }

    #[test]
    fn every_wrong_field_is_reported() {
        let members = vec!["A".to_owned(), " A ".to_owned(), "  ".to_owned()];
        let mut i = input(&members, 1);
        i.started_on = d("2025-04-01");
        i.ended_on = Some(d("2025-03-01"));
        i.people_interviewed = -1;
        let err = format!("{:?}", validate_visit(&i, d("2025-03-15")).unwrap_err());
        for field in [
            "started_on",
            "ended_on",
            "public_group_members[1]",
            "public_group_members[2]",
            "people_interviewed",
        ] {
            assert!(err.contains(&format!("\"{field}\"")), "{field} missing in {err}");
        }
    }

    #[test]
    fn recommendation_fields_are_named_under_their_index() {
        let err = validate_recommendation(
            "recommendations[1]",
            " ",
            "Administration",
            Some(d("2025-01-01")),
            d("2025-02-10"),
        )
        .unwrap_err();
        let text = format!("{err:?}");
        assert!(text.contains("recommendations[1].text"), "{text}");
        assert!(text.contains("recommendations[1].due_on"), "{text}");
    }

    #[test]
    fn overdue_means_past_due_and_not_implemented() {
        let today = d("2025-06-02");
        assert!(is_overdue(RecommendationStatus::Open, Some(d("2025-06-01")), today));
        assert!(is_overdue(
            RecommendationStatus::NotImplemented,
            Some(d("2025-06-01")),
            today
        ));
        assert!(!is_overdue(RecommendationStatus::Open, Some(d("2025-06-02")), today));
        assert!(!is_overdue(
            RecommendationStatus::Implemented,
            Some(d("2025-06-01")),
            today
        ));
        assert!(!is_overdue(RecommendationStatus::Open, None, today));
    }

    #[test]
    fn the_rate_is_implemented_over_all() {
        let counts = |pairs: &[(&str, i64)]| pairs.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect();
        assert_eq!(
            implementation_rate(&counts(&[("implemented", 1), ("open", 1)])),
            Some(0.5)
        );
        assert_eq!(
            implementation_rate(&counts(&[
                ("implemented", 1),
                ("partially_implemented", 2),
                ("open", 1)
            ])),
            Some(0.25)
        );
        assert_eq!(implementation_rate(&counts(&[("open", 3)])), Some(0.0));
        assert_eq!(implementation_rate(&counts(&[("open", 0), ("implemented", 0)])), None);
    }

    #[test]
    fn numbers_are_per_office_and_year() {
        assert_eq!(visit_number("HQ", 2025, 1), "HQ-V-2025-0001");
    }
}
