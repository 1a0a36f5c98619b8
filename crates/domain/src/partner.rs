//! Partner institutions — foreign and international ombudsmen the office cooperates with under
//! an agreement (a memorandum, a roadmap) — and the referrals of appeals to and from them.

use chrono::NaiveDate;

use crate::error::{DomainError, Errors, FieldError};
use crate::office::parse_name;
use crate::user::Email;

code_enum!(
    /// What kind of institution a partner is.
    PartnerKind {
        NationalOmbudsman => "national_ombudsman",
        RegionalOmbudsman => "regional_ombudsman",
        InternationalOrganization => "international_organization",
        Other => "other",
    }
);

code_enum!(
    /// Which way an appeal went: to the partner, or from it to this office.
    ReferralDirection {
        Outgoing => "outgoing",
        Incoming => "incoming",
    }
);

impl ReferralDirection {
    /// The kind of the timeline entry a referral in this direction writes on the appeal.
    pub fn event_kind(&self) -> &'static str {
        self.timeline_kind().as_str()
    }

    /// The timeline entry of a referral in this direction.
    pub fn timeline_kind(&self) -> crate::events::TimelineKind {
        match self {
            ReferralDirection::Outgoing => crate::events::TimelineKind::ReferredToPartner,
            ReferralDirection::Incoming => crate::events::TimelineKind::ReceivedFromPartner,
        }
    }
}

/// Longest partner name.
pub const NAME_MAX: usize = 300;
/// Longest description of the agreement.
pub const AGREEMENT_MAX: usize = 500;
/// Longest reference (file number) the partner gave a referral.
pub const REFERENCE_MAX: usize = 200;
/// Longest note or answer summary.
pub const TEXT_MAX: usize = 20_000;

/// An ISO 3166 alpha-2 country code: two Latin letters, stored in capitals (`ru` is `RU`);
/// blank means none.
pub fn parse_country(field: &str, raw: Option<&str>) -> Result<Option<String>, DomainError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => Ok(Some(c.to_ascii_uppercase())),
        Some(_) => Err(DomainError::field(
            field,
            "invalid_country",
            "must be an ISO 3166 alpha-2 country code, e.g. RU",
        )),
    }
}

/// The raw fields of a partner, as they arrive (on creation, or merged with the stored record
/// on a change).
#[derive(Debug, Clone)]
pub struct PartnerInput<'a> {
    /// Name.
    pub name: &'a str,
    /// Country, ISO 3166 alpha-2; none for an international organization.
    pub country: Option<&'a str>,
    /// Kind (default `national_ombudsman`).
    pub kind: Option<PartnerKind>,
    /// The agreement cooperation rests on.
    pub agreement: &'a str,
    /// First day of the agreement.
    pub agreement_from: NaiveDate,
    /// Last day of the agreement; none while open-ended.
    pub agreement_to: Option<NaiveDate>,
    /// Contact e-mail.
    pub email: Option<&'a str>,
}

/// A validated partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPartner {
    /// Trimmed name, 1 to 300 characters.
    pub name: String,
    /// Country in capitals.
    pub country: Option<String>,
    /// Kind.
    pub kind: PartnerKind,
    /// Trimmed agreement, 1 to 500 characters.
    pub agreement: String,
    /// First day of the agreement.
    pub agreement_from: NaiveDate,
    /// Last day, not before the first.
    pub agreement_to: Option<NaiveDate>,
    /// Contact e-mail.
    pub email: Option<Email>,
}

impl NewPartner {
    /// Parses a partner, naming every wrong field.
    pub fn parse(input: &PartnerInput<'_>) -> Result<Self, DomainError> {
        let mut errors = Errors::new();
        let name = errors.take(parse_name("name", input.name, NAME_MAX));
        let country = errors.take(parse_country("country", input.country)).flatten();
        let agreement = errors.take(parse_name("agreement", input.agreement, AGREEMENT_MAX));
        if input.agreement_to.is_some_and(|to| to < input.agreement_from) {
            errors.push(FieldError::new(
                "agreement_to",
                "before_agreement_from",
                "must not be before agreement_from",
            ));
        }
        let email = match input.email.map(str::trim).filter(|s| !s.is_empty()) {
            Some(e) => errors.take(Email::parse(e)),
            None => None,
        };
        errors.finish()?;
        let (Some(name), Some(agreement)) = (name, agreement) else {
            return Err(DomainError::field("name", "required", "is required"));
        };
        Ok(Self {
            name,
            country,
            kind: input.kind.unwrap_or(PartnerKind::NationalOmbudsman),
            agreement,
            agreement_from: input.agreement_from,
            agreement_to: input.agreement_to,
            email,
        })
    }
}

/// The raw fields of a referral.
#[derive(Debug, Clone)]
pub struct ReferralInput<'a> {
    /// Direction.
    pub direction: ReferralDirection,
    /// Date the appeal was sent to (or received from) the partner.
    pub referred_on: NaiveDate,
    /// The partner's reference.
    pub partner_reference: Option<&'a str>,
    /// A note.
    pub note: Option<&'a str>,
}

/// A validated referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReferral {
    /// Direction.
    pub direction: ReferralDirection,
    /// Date referred.
    pub referred_on: NaiveDate,
    /// Trimmed reference, at most 200 characters.
    pub partner_reference: Option<String>,
    /// Trimmed note.
    pub note: Option<String>,
}

fn optional_text(field: &str, raw: Option<&str>, max: usize) -> Result<Option<String>, DomainError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(text) => parse_name(field, text, max).map(Some),
    }
}

impl NewReferral {
    /// Parses a referral of an appeal received on `received_on`: not dated in the future, and
    /// an outgoing one not before the appeal was received (an incoming one may predate it: the
    /// partner had the case first).
    pub fn parse(input: &ReferralInput<'_>, received_on: NaiveDate, today: NaiveDate) -> Result<Self, DomainError> {
        let mut errors = Errors::new();
        if input.referred_on > today {
            errors.push(FieldError::new("referred_on", "in_future", "must not be in the future"));
        } else if input.direction == ReferralDirection::Outgoing && input.referred_on < received_on {
            errors.push(FieldError::new(
                "referred_on",
                "before_received_on",
                "must not be before the appeal was received",
            ));
        }
        let partner_reference = errors
            .take(optional_text(
                "partner_reference",
                input.partner_reference,
                REFERENCE_MAX,
            ))
            .flatten();
        let note = errors.take(optional_text("note", input.note, TEXT_MAX)).flatten();
        errors.finish()?;
        Ok(Self {
            direction: input.direction,
            referred_on: input.referred_on,
            partner_reference,
            note,
        })
    }
}

/// Checks the partner's answer to a referral made on `referred_on`: dated between the referral
/// and today, with a non-empty summary. Returns the trimmed summary.
pub fn parse_answer(
    answered_on: NaiveDate,
    summary: &str,
    referred_on: NaiveDate,
    today: NaiveDate,
) -> Result<String, DomainError> {
    let mut errors = Errors::new();
    if answered_on > today {
        errors.push(FieldError::new("answered_on", "in_future", "must not be in the future"));
    } else if answered_on < referred_on {
        errors.push(FieldError::new(
            "answered_on",
            "before_referred_on",
            "must not be before the referral",
        ));
    }
    let summary = errors.take(parse_name("answer_summary", summary, TEXT_MAX));
    errors.finish()?;
    summary.ok_or_else(|| DomainError::field("answer_summary", "required", "must not be empty"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn roadmap() -> PartnerInput<'static> {
        PartnerInput {
            name: "  Commissioner for Human Rights in the Russian Federation ",
            country: Some("ru"),
            kind: None,
            agreement: "Roadmap of cooperation 2025-2026",
            agreement_from: date(2025, 1, 1),
            agreement_to: Some(date(2026, 12, 31)),
            email: Some("Intl@Ombudsmanrf.ORG"),
        }
    }

    fn fields(result: Result<NewPartner, DomainError>) -> Vec<String> {
        match result {
            Err(DomainError::Validation(errs)) => errs.into_iter().map(|e| e.field).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_partner_is_trimmed_and_normalised() {
        let p = NewPartner::parse(&roadmap()).unwrap();
        assert_eq!(p.name, "Commissioner for Human Rights in the Russian Federation");
        assert_eq!(p.country.as_deref(), Some("RU"));
        assert_eq!(p.kind, PartnerKind::NationalOmbudsman);
        assert_eq!(
            p.email.map(|e| e.as_str().to_owned()).as_deref(),
            Some("Intl@ombudsmanrf.org")
        );
        let open_ended = NewPartner::parse(&PartnerInput {
            country: Some(" "),
            agreement_to: None,
            email: None,
            kind: Some(PartnerKind::InternationalOrganization),
            ..roadmap()
        })
        .unwrap();
        assert_eq!((open_ended.country, open_ended.agreement_to), (None, None));
    }

    #[test]
    fn every_wrong_partner_field_is_named() {
        let bad = NewPartner::parse(&PartnerInput {
            name: " ",
            country: Some("RUS"),
            agreement: "",
            agreement_to: Some(date(2024, 12, 31)),
            email: Some("not-an-address"),
            ..roadmap()
        });
        assert_eq!(fields(bad), ["name", "country", "agreement", "agreement_to", "email"]);
        for country in ["R", "R1", "РФ", "Russia"] {
            let bad = NewPartner::parse(&PartnerInput {
                country: Some(country),
                ..roadmap()
            });
            assert_eq!(fields(bad), ["country"], "{country} accepted");
        }
        let long = "x".repeat(NAME_MAX + 1);
        assert_eq!(
            fields(NewPartner::parse(&PartnerInput {
                name: &long,
                ..roadmap()
            })),
            ["name"]
        );
        let one_day = NewPartner::parse(&PartnerInput {
            agreement_to: Some(date(2025, 1, 1)),
            ..roadmap()
        });
        assert!(one_day.is_ok());
    }

    #[test]
    fn referrals_are_dated_sensibly() {
        let today = date(2025, 6, 2);
        let received = date(2025, 5, 20);
        let input = |direction, referred_on| ReferralInput {
            direction,
            referred_on,
            partner_reference: Some("  01-12/3456 "),
            note: Some(" "),
        };
        let ok = NewReferral::parse(&input(ReferralDirection::Outgoing, today), received, today).unwrap();
        assert_eq!(ok.partner_reference.as_deref(), Some("01-12/3456"));
        assert_eq!(ok.note, None);
        let code = |r: Result<NewReferral, DomainError>| match r {
            Err(DomainError::Validation(errs)) => errs[0].code,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            code(NewReferral::parse(
                &input(ReferralDirection::Outgoing, date(2025, 6, 3)),
                received,
                today
            )),
            "in_future"
        );
        assert_eq!(
            code(NewReferral::parse(
                &input(ReferralDirection::Outgoing, date(2025, 5, 19)),
                received,
                today
            )),
            "before_received_on"
        );
        assert!(NewReferral::parse(&input(ReferralDirection::Incoming, date(2025, 5, 19)), received, today).is_ok());
        let long = "1".repeat(REFERENCE_MAX + 1);
        let too_long = ReferralInput {
            partner_reference: Some(&long),
            ..input(ReferralDirection::Incoming, today)
        };
        assert!(NewReferral::parse(&too_long, received, today).is_err());
        assert_eq!(ReferralDirection::Outgoing.event_kind(), "referred_to_partner");
        assert_eq!(ReferralDirection::Incoming.event_kind(), "received_from_partner");
    }

    #[test]
    fn answers_fall_between_the_referral_and_today() {
        let (referred, today) = (date(2025, 5, 20), date(2025, 6, 2));
        assert_eq!(parse_answer(today, " Paid ", referred, today), Ok("Paid".into()));
        assert!(parse_answer(date(2025, 5, 19), "x", referred, today).is_err());
        assert!(parse_answer(date(2025, 6, 3), "x", referred, today).is_err());
        assert!(parse_answer(today, "  ", referred, today).is_err());
    }

    #[test]
    fn codes_round_trip() {
        for kind in PartnerKind::ALL {
            assert_eq!(kind.as_str().parse::<PartnerKind>(), Ok(*kind));
        }
        assert_eq!("incoming".parse::<ReferralDirection>(), Ok(ReferralDirection::Incoming));
        assert!("sideways".parse::<ReferralDirection>().is_err());
    }
}
