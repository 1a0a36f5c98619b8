//! Appeals: the codes of the case, the registration of a new appeal and the lifecycle state
//! machine (`registered` → `under_consideration` → `closed`, reopened by a manager).

use chrono::NaiveDate;

use crate::error::{DomainError, Errors, FieldError};
use crate::language::Language;
use crate::office::{parse_name, Region};
use crate::user::{Email, Role};

code_enum!(
    /// How an appeal reached the office.
    Channel {
        Letter => "letter",
        Email => "email",
        OnlinePortal => "online_portal",
        InPerson => "in_person",
        Hotline => "hotline",
        MobileReception => "mobile_reception",
        PresidentialVirtualReception => "presidential_virtual_reception",
        ComplaintBox => "complaint_box",
        MonitoringVisit => "monitoring_visit",
        Referral => "referral",
    }
);

code_enum!(
    /// Who appeals.
    ApplicantKind {
        Citizen => "citizen",
        ForeignNational => "foreign_national",
        StatelessPerson => "stateless_person",
        Organization => "organization",
    }
);

code_enum!(
    /// Vulnerability markers of an applicant.
    Vulnerability {
        Disability => "disability",
        Child => "child",
        MigrantWorker => "migrant_worker",
        Detainee => "detainee",
        Servicemember => "servicemember",
    }
);

code_enum!(
    /// Groups of rights, as the office's briefings break them down.
    RightsGroup {
        Personal => "personal",
        Social => "social",
        Economic => "economic",
        Political => "political",
        Environmental => "environmental",
    }
);

code_enum!(
    /// Rights categories of an appeal.
    Category {
        PrisonersRights => "prisoners_rights",
        ProhibitionOfTorture => "prohibition_of_torture",
        LibertyAndSecurity => "liberty_and_security",
        FairTrial => "fair_trial",
        MigrantsRights => "migrants_rights",
        DisabilityRights => "rights_of_persons_with_disabilities",
        ChildrensRights => "childrens_rights",
        Labour => "labour",
        SocialSecurity => "social_security",
        Health => "health",
        Housing => "housing",
        Property => "property",
        FreedomOfExpression => "freedom_of_expression",
        Religion => "religion",
        Environment => "environment",
        Other => "other",
    }
);

impl Category {
    /// The group of rights the category belongs to.
    pub fn group(&self) -> RightsGroup {
        match self {
            Category::PrisonersRights
            | Category::ProhibitionOfTorture
            | Category::LibertyAndSecurity
            | Category::FairTrial
            | Category::Religion
            | Category::Other => RightsGroup::Personal,
            Category::FreedomOfExpression => RightsGroup::Political,
            Category::MigrantsRights
            | Category::DisabilityRights
            | Category::ChildrensRights
            | Category::SocialSecurity
            | Category::Health
            | Category::Housing => RightsGroup::Social,
            Category::Labour | Category::Property => RightsGroup::Economic,
            Category::Environment => RightsGroup::Environmental,
        }
    }
}

code_enum!(
    /// Where an appeal is in its lifecycle.
    Status {
        Registered => "registered",
        UnderConsideration => "under_consideration",
        Closed => "closed",
    }
);

code_enum!(
    /// How a closed appeal ended.
    Outcome {
        Satisfied => "satisfied",
        PartiallySatisfied => "partially_satisfied",
        Explained => "explained",
        Rejected => "rejected",
        Forwarded => "forwarded",
        Withdrawn => "withdrawn",
        LeftWithoutConsideration => "left_without_consideration",
    }
);

impl Outcome {
    /// Outcomes with which a merely registered appeal may be closed.
    pub const DIRECT_FROM_REGISTERED: &'static [Outcome] = &[
        Outcome::Forwarded,
        Outcome::Rejected,
        Outcome::Withdrawn,
        Outcome::LeftWithoutConsideration,
    ];
}

code_enum!(
    /// Lifecycle moves.
    Action {
        Accept => "accept",
        Close => "close",
        Reopen => "reopen",
        Extend => "extend",
        Pause => "pause",
        Resume => "resume",
    }
);

/// What the state machine decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    /// The status after the move.
    pub to: Status,
    /// The outcome after the move (set by `close`, cleared by `reopen`).
    pub outcome: Option<Outcome>,
}

/// The actions a role may take on an appeal in `status` (for 409 answers and clients).
pub fn allowed_actions(status: Status, paused: bool, role: Role) -> Vec<Action> {
    let manager = role == Role::Manager;
    let mut out = Vec::new();
    match status {
        Status::Registered | Status::UnderConsideration => {
            if status == Status::Registered {
                out.push(Action::Accept);
            }
            out.push(Action::Close);
            if manager {
                out.push(Action::Extend);
            }
            out.push(if paused { Action::Resume } else { Action::Pause });
        }
        Status::Closed => {
            if manager {
                out.push(Action::Reopen);
            }
        }
    }
    out
}

/// Decides a lifecycle move. A move the state forbids is a conflict listing the moves allowed
/// instead; a move the state allows but only a manager may make is [`MoveError::Forbidden`]
/// for other roles.
pub fn transition(
    status: Status,
    outcome: Option<Outcome>,
    paused: bool,
    action: Action,
    close_with: Option<Outcome>,
    role: Role,
) -> Result<Move, MoveError> {
    let conflict = || {
        MoveError::Domain(DomainError::Conflict {
            action: action.as_str().to_owned(),
            state: status.as_str().to_owned(),
            allowed: allowed_actions(status, paused, role)
                .iter()
                .map(|a| a.as_str().to_owned())
                .collect(),
        })
    };
    match (status, action) {
        (Status::Registered, Action::Accept) => Ok(Move {
            to: Status::UnderConsideration,
            outcome: None,
        }),
        (Status::Registered | Status::UnderConsideration, Action::Close) => {
            let Some(o) = close_with else {
                return Err(MoveError::Domain(DomainError::field(
                    "outcome",
                    "required",
                    "closing an appeal needs an outcome",
                )));
            };
            if status == Status::Registered && !Outcome::DIRECT_FROM_REGISTERED.contains(&o) {
                return Err(MoveError::Domain(DomainError::Conflict {
                    action: format!("close as {o}"),
                    state: status.as_str().to_owned(),
                    allowed: Outcome::DIRECT_FROM_REGISTERED
                        .iter()
                        .map(|o| format!("close as {o}"))
                        .chain(std::iter::once("accept".to_owned()))
                        .collect(),
                }));
            }
            Ok(Move {
                to: Status::Closed,
                outcome: Some(o),
            })
        }
        (Status::Closed, Action::Reopen) | (Status::Registered | Status::UnderConsideration, Action::Extend)
            if role != Role::Manager =>
        {
            Err(MoveError::Forbidden)
        }
        (Status::Closed, Action::Reopen) => Ok(Move {
            to: Status::UnderConsideration,
            outcome: None,
        }),
        (Status::Registered | Status::UnderConsideration, Action::Extend) => Ok(Move { to: status, outcome }),
        (Status::Registered | Status::UnderConsideration, Action::Pause) if !paused => Ok(Move { to: status, outcome }),
        (Status::Registered | Status::UnderConsideration, Action::Resume) if paused => Ok(Move { to: status, outcome }),
        _ => Err(conflict()),
    }
}

/// Why a move was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveError {
    /// The role may not make this move.
    Forbidden,
    /// The state forbids it, or its input is wrong.
    Domain(DomainError),
}

/// The applicant of a new appeal, as given at intake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplicant {
    /// Kind.
    pub kind: ApplicantKind,
    /// Person's or organization's name.
    pub full_name: String,
    /// E-mail, if any.
    pub email: Option<Email>,
    /// Phone as given.
    pub phone: Option<String>,
    /// Digits of the phone, for de-duplication.
    pub phone_digits: Option<String>,
    /// Postal address.
    pub postal_address: Option<String>,
    /// Preferred language.
    pub language: Language,
    /// ISO 3166 alpha-2 citizenship.
    pub citizenship: Option<String>,
    /// ISO 3166 alpha-2 country of stay (migrant workers).
    pub country_of_stay: Option<String>,
    /// Vulnerability markers.
    pub vulnerabilities: Vec<Vulnerability>,
}

/// Raw applicant fields, as they arrive.
#[derive(Debug, Clone, Default)]
pub struct ApplicantInput<'a> {
    /// Kind.
    pub kind: Option<ApplicantKind>,
    /// Name.
    pub full_name: Option<&'a str>,
    /// E-mail.
    pub email: Option<&'a str>,
    /// Phone.
    pub phone: Option<&'a str>,
    /// Address.
    pub postal_address: Option<&'a str>,
    /// Language.
    pub language: Option<Language>,
    /// Citizenship.
    pub citizenship: Option<&'a str>,
    /// Country of stay.
    pub country_of_stay: Option<&'a str>,
    /// Markers.
    pub vulnerabilities: Vec<Vulnerability>,
}

fn country(field: &str, raw: Option<&str>) -> Result<Option<String>, DomainError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => Ok(Some(c.to_ascii_uppercase())),
        Some(_) => Err(DomainError::field(
            field,
            "invalid_country",
            "must be an ISO 3166 alpha-2 country code, e.g. UZ",
        )),
    }
}

/// Parses a phone number: digits with an optional leading `+`, 7 to 15 digits.
pub fn parse_phone(raw: &str) -> Result<(String, String), DomainError> {
    let trimmed = raw.trim();
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let allowed = trimmed.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if !allowed || !(7..=15).contains(&digits.len()) {
        return Err(DomainError::field(
            "phone",
            "invalid_phone",
            "must be a phone number of 7 to 15 digits, e.g. +998901234567",
        ));
    }
    Ok((trimmed.to_owned(), digits))
}

impl NewApplicant {
    /// Parses the applicant of an intake, naming every wrong field (without a prefix).
    pub fn parse(input: &ApplicantInput<'_>) -> Result<Self, DomainError> {
        let mut errors = Errors::new();
        let kind = input.kind;
        if kind.is_none() {
            errors.push(FieldError::new("kind", "required", "is required"));
        }
        let full_name = errors.take(parse_name("full_name", input.full_name.unwrap_or(""), 300));
        let email = match input.email.map(str::trim).filter(|s| !s.is_empty()) {
            Some(e) => errors.take(Email::parse(e)),
            None => None,
        };
        let phone = match input.phone.map(str::trim).filter(|s| !s.is_empty()) {
            Some(p) => errors.take(parse_phone(p)),
            None => None,
        };
        let citizenship = errors.take(country("citizenship", input.citizenship)).flatten();
        let country_of_stay = errors.take(country("country_of_stay", input.country_of_stay)).flatten();
        let postal_address = match input.postal_address.map(str::trim).filter(|s| !s.is_empty()) {
            Some(a) => errors.take(parse_name("postal_address", a, 500)),
            None => None,
        };
        if input.vulnerabilities.contains(&Vulnerability::MigrantWorker) && country_of_stay.is_none() {
            errors.push(FieldError::new(
                "country_of_stay",
                "required",
                "is required for a migrant worker",
            ));
        }
        errors.finish()?;
        let (Some(kind), Some(full_name)) = (kind, full_name) else {
            return Err(DomainError::field("kind", "required", "is required"));
        };
        let mut vulnerabilities = input.vulnerabilities.clone();
        vulnerabilities.sort();
        vulnerabilities.dedup();
        Ok(Self {
            kind,
            full_name,
            email,
            phone: phone.as_ref().map(|(p, _)| p.clone()),
            phone_digits: phone.map(|(_, d)| d),
            postal_address,
            language: input.language.unwrap_or(Language::UzLatn),
            citizenship,
            country_of_stay,
            vulnerabilities,
        })
    }
}

/// Checks an intake date: not in the future, not before 2000.
pub fn parse_received_on(received_on: NaiveDate, today: NaiveDate) -> Result<NaiveDate, DomainError> {
    if received_on > today {
        return Err(DomainError::field(
            "received_on",
            "in_future",
            "must not be in the future",
        ));
    }
    if received_on < NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err(DomainError::field("received_on", "too_old", "must be in 2000 or later"));
    }
    Ok(received_on)
}

/// Checks the categories: at least one, deduplicated.
pub fn parse_categories(raw: &[Category]) -> Result<Vec<Category>, DomainError> {
    if raw.is_empty() {
        return Err(DomainError::field(
            "categories",
            "required",
            "name at least one rights category",
        ));
    }
    let mut out = raw.to_vec();
    out.sort();
    out.dedup();
    Ok(out)
}

/// Checks the region and its country: `abroad` needs a country, a region in Uzbekistan none.
pub fn parse_region(region: Region, abroad_country: Option<&str>) -> Result<Option<String>, DomainError> {
    let country = country("abroad_country", abroad_country)?;
    match (region, country) {
        (Region::Abroad, None) => Err(DomainError::field(
            "abroad_country",
            "required",
            "is required when the region is abroad",
        )),
        (Region::Abroad, Some(c)) => Ok(Some(c)),
        (_, Some(_)) => Err(DomainError::field(
            "abroad_country",
            "not_allowed",
            "is only for region abroad",
        )),
        (_, None) => Ok(None),
    }
}

/// The registration number: `TAS-2025-004217`.
pub fn registration_number(office_code: &str, year: i32, seq: i32) -> String {
    format!("{office_code}-{year}-{seq:06}")
}

/// Whether `text` could occur in a registration number ([`registration_number`]: an office code
/// of 2 to 5 capitals, `-`, the year, `-`, the sequence): only capitals, digits and `-`, with at
/// most five capitals, all before any digit or `-`. A search that cannot need not look for
/// itself among the numbers (`PENSIYA` is too long for a code; `HQ-2025` and `2025-00` may be
/// parts of numbers). It errs only towards `true`.
pub fn could_be_in_number(text: &str) -> bool {
    let letters = text.chars().take_while(char::is_ascii_uppercase).count();
    letters <= 5 && text.chars().skip(letters).all(|c| c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_capitals_then_digits_and_dashes_can_be_in_a_number() {
        let number = registration_number("TAS", 2025, 4217);
        for part in ["TAS-2025-004217", "TAS", "AS-20", "2025-004217", "-0042", "5", "TAS-"] {
            assert!(number.contains(part) && could_be_in_number(part), "{part}");
        }
        assert!(could_be_in_number("ABCDE-2025"), "a code has up to five capitals");
        for never in [
            "PENSIYA", "ABCDEF", "2025-TAS", "TAS 2025", "tas-2025", "TAS_2025", "T@S",
        ] {
            assert!(!could_be_in_number(never), "{never}");
        }
    }

    fn go(status: Status, action: Action, close_with: Option<Outcome>, role: Role) -> Result<Move, MoveError> {
        transition(status, None, false, action, close_with, role)
    }

    #[test]
    fn the_lifecycle_moves_forward_and_a_manager_reopens() {
        let officer = Role::CaseOfficer;
        assert_eq!(
            go(Status::Registered, Action::Accept, None, officer).map(|m| m.to),
            Ok(Status::UnderConsideration)
        );
        let closed = go(
            Status::UnderConsideration,
            Action::Close,
            Some(Outcome::Satisfied),
            officer,
        )
        .unwrap();
        assert_eq!((closed.to, closed.outcome), (Status::Closed, Some(Outcome::Satisfied)));
        assert_eq!(
            go(Status::Closed, Action::Reopen, None, officer),
            Err(MoveError::Forbidden)
        );
        let reopened = go(Status::Closed, Action::Reopen, None, Role::Manager).unwrap();
        assert_eq!((reopened.to, reopened.outcome), (Status::UnderConsideration, None));
    }

    #[test]
    fn a_registered_appeal_closes_directly_only_with_some_outcomes() {
        for o in Outcome::ALL {
            let r = go(Status::Registered, Action::Close, Some(*o), Role::CaseOfficer);
            assert_eq!(r.is_ok(), Outcome::DIRECT_FROM_REGISTERED.contains(o), "{o}");
        }
        assert!(matches!(
            go(Status::Registered, Action::Close, None, Role::CaseOfficer),
            Err(MoveError::Domain(DomainError::Validation(_)))
        ));
    }

    #[test]
    fn forbidden_moves_name_the_allowed_ones() {
        match go(Status::Closed, Action::Accept, None, Role::Manager) {
            Err(MoveError::Domain(DomainError::Conflict { allowed, .. })) => assert_eq!(allowed, ["reopen"]),
            other => panic!("{other:?}"),
        }
        match go(Status::UnderConsideration, Action::Accept, None, Role::CaseOfficer) {
            Err(MoveError::Domain(DomainError::Conflict { allowed, .. })) => assert_eq!(allowed, ["close", "pause"]),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            go(Status::UnderConsideration, Action::Extend, None, Role::CaseOfficer),
            Err(MoveError::Forbidden)
        );
        assert!(go(Status::UnderConsideration, Action::Extend, None, Role::Manager).is_ok());
        assert!(transition(
            Status::UnderConsideration,
            None,
            true,
            Action::Pause,
            None,
            Role::Manager
        )
        .is_err());
        assert!(transition(
            Status::UnderConsideration,
            None,
            true,
            Action::Resume,
            None,
            Role::Manager
        )
        .is_ok());
    }

    #[test]
    fn applicants_are_parsed_naming_every_wrong_field() {
        let ok = NewApplicant::parse(&ApplicantInput {
            kind: Some(ApplicantKind::Citizen),
            full_name: Some(" Dilnoza Karimova "),
            email: Some("D.Karimova@Example.org"),
            phone: Some("+998 90 123-45-67"),
            citizenship: Some("uz"),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.full_name, "Dilnoza Karimova");
        assert_eq!(ok.phone_digits.as_deref(), Some("998901234567"));
        assert_eq!(ok.citizenship.as_deref(), Some("UZ"));
        let bad = NewApplicant::parse(&ApplicantInput {
            full_name: Some(""),
            email: Some("nope"),
            phone: Some("12"),
            citizenship: Some("UZB"),
            vulnerabilities: vec![Vulnerability::MigrantWorker],
            ..Default::default()
        });
        match bad {
            Err(DomainError::Validation(errs)) => {
                let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(
                    fields,
                    ["kind", "full_name", "email", "phone", "citizenship", "country_of_stay"]
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn numbers_regions_and_dates_are_checked() {
        assert_eq!(registration_number("TAS", 2025, 4217), "TAS-2025-004217");
        assert_eq!(parse_region(Region::Abroad, Some("ru")), Ok(Some("RU".into())));
        assert!(parse_region(Region::Abroad, None).is_err());
        assert!(parse_region(Region::Samarkand, Some("RU")).is_err());
        let today = NaiveDate::from_ymd_opt(2025, 3, 14).unwrap();
        assert!(parse_received_on(today.succ_opt().unwrap(), today).is_err());
        assert!(parse_received_on(today, today).is_ok());
        assert!(parse_categories(&[]).is_err());
        assert_eq!(Category::Labour.group(), RightsGroup::Economic);
    }
}
