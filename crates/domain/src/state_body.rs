//! The directory of state bodies: the ministries, khokimiyats, courts, prosecutors, police and
//! penitentiary services that appeals complain about and that measures, requests and
//! recommendations are addressed to.
//!
//! A body has a name in each of the four languages (Uzbek in Latin script is required, the
//! others optional). Free text that names a body is matched by its fold
//! ([`crate::search::fold`]): a text whose fold equals the fold of one of a body's names, and of
//! no other body's, names that body; anything else stays free text.

use crate::error::{DomainError, Errors, FieldError};
use crate::language::Language;
use crate::office::{parse_name, Region};
use crate::search::fold;

code_enum!(
    /// What kind of state body it is.
    StateBodyKind {
        Ministry => "ministry",
        Agency => "agency",
        Committee => "committee",
        Khokimiyat => "khokimiyat",
        Court => "court",
        Prosecutor => "prosecutor",
        Police => "police",
        Penitentiary => "penitentiary",
        Health => "health",
        Education => "education",
        SocialProtection => "social_protection",
        StateEnterprise => "state_enterprise",
        Other => "other",
    }
);

/// Longest name of a state body, in any language.
pub const NAME_MAX: usize = 300;

/// A body's names in the four languages; Uzbek in Latin script always present.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BodyNames {
    /// Uzbek, Latin script.
    pub uz_latn: String,
    /// Uzbek, Cyrillic script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uz_cyrl: Option<String>,
    /// Russian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ru: Option<String>,
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl BodyNames {
    /// The name in `lang`, else in Uzbek (Latin script), the state language.
    pub fn in_language(&self, lang: Language) -> &str {
        let name = match lang {
            Language::UzLatn => None,
            Language::UzCyrl => self.uz_cyrl.as_deref(),
            Language::Ru => self.ru.as_deref(),
            Language::En => self.en.as_deref(),
        };
        name.unwrap_or(&self.uz_latn)
    }

    /// The distinct folds of the names, the keys free text is matched by.
    pub fn folded(&self) -> Vec<String> {
        let mut folds: Vec<String> = Vec::with_capacity(4);
        let names = [
            Some(&self.uz_latn),
            self.uz_cyrl.as_ref(),
            self.ru.as_ref(),
            self.en.as_ref(),
        ];
        for name in names.into_iter().flatten() {
            let f = fold(name);
            if !f.is_empty() && !folds.contains(&f) {
                folds.push(f);
            }
        }
        folds
    }
}

/// The raw fields of a state body, as they arrive (on creation, or merged with the stored
/// record on a change).
#[derive(Debug, Clone)]
pub struct StateBodyInput<'a> {
    /// Name in Uzbek, Latin script.
    pub name_uz_latn: &'a str,
    /// Name in Uzbek, Cyrillic script.
    pub name_uz_cyrl: Option<&'a str>,
    /// Name in Russian.
    pub name_ru: Option<&'a str>,
    /// Name in English.
    pub name_en: Option<&'a str>,
    /// Kind.
    pub kind: StateBodyKind,
    /// The region it serves; none for a national body.
    pub region: Option<Region>,
}

/// A validated state body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStateBody {
    /// Trimmed names.
    pub names: BodyNames,
    /// Kind.
    pub kind: StateBodyKind,
    /// Region; never `abroad`.
    pub region: Option<Region>,
}

fn optional_name(field: &str, raw: Option<&str>) -> Result<Option<String>, DomainError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(name) => parse_name(field, name, NAME_MAX).map(Some),
    }
}

impl NewStateBody {
    /// Parses a state body, naming every wrong field: a name in Uzbek (Latin script) of 1 to
    /// 300 characters, the other names blank or up to 300 characters, every name with at least
    /// one letter or digit (else it could match nothing), and a region inside Uzbekistan.
    pub fn parse(input: &StateBodyInput<'_>) -> Result<Self, DomainError> {
        let mut errors = Errors::new();
        let uz_latn = errors.take(parse_name("name_uz_latn", input.name_uz_latn, NAME_MAX));
        let uz_cyrl = errors.take(optional_name("name_uz_cyrl", input.name_uz_cyrl)).flatten();
        let ru = errors.take(optional_name("name_ru", input.name_ru)).flatten();
        let en = errors.take(optional_name("name_en", input.name_en)).flatten();
        for (field, name) in [
            ("name_uz_latn", uz_latn.as_ref()),
            ("name_uz_cyrl", uz_cyrl.as_ref()),
            ("name_ru", ru.as_ref()),
            ("name_en", en.as_ref()),
        ] {
            if name.is_some_and(|n| fold(n).is_empty()) {
                errors.push(FieldError::new(field, "no_letters", "must contain a letter or a digit"));
            }
        }
        if input.region == Some(Region::Abroad) {
            errors.push(FieldError::new(
                "region",
                "abroad_region",
                "a state body of Uzbekistan serves a region of Uzbekistan",
            ));
        }
        errors.finish()?;
        let Some(uz_latn) = uz_latn else {
            return Err(DomainError::field("name_uz_latn", "required", "is required"));
        };
        Ok(Self {
            names: BodyNames {
                uz_latn,
                uz_cyrl,
                ru,
                en,
            },
            kind: input.kind,
            region: input.region,
        })
    }
}

/// The key a named body is matched, counted and deduplicated by: the fold of free text, or the
/// trimmed text itself when it folds to nothing (`—` and `–` are two names, not one).
pub fn name_key(text: &str) -> String {
    let folded = fold(text);
    if folded.is_empty() {
        text.trim().to_owned()
    } else {
        folded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ministry() -> StateBodyInput<'static> {
        StateBodyInput {
            name_uz_latn: " Ichki ishlar vazirligi ",
            name_uz_cyrl: Some("Ички ишлар вазирлиги"),
            name_ru: Some("Министерство внутренних дел"),
            name_en: Some(" "),
            kind: StateBodyKind::Ministry,
            region: None,
        }
    }

    fn fields(result: Result<NewStateBody, DomainError>) -> Vec<String> {
        match result {
            Err(DomainError::Validation(errs)) => errs.into_iter().map(|e| e.field).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn names_are_trimmed_and_blank_ones_dropped() {
        let body = NewStateBody::parse(&ministry()).unwrap();
        assert_eq!(body.names.uz_latn, "Ichki ishlar vazirligi");
        assert_eq!(body.names.en, None);
        assert_eq!(body.names.in_language(Language::Ru), "Министерство внутренних дел");
        assert_eq!(body.names.in_language(Language::En), "Ichki ishlar vazirligi");
    }

    #[test]
    fn both_uzbek_scripts_fold_to_one_key() {
        let body = NewStateBody::parse(&ministry()).unwrap();
        assert_eq!(
            body.names.folded(),
            ["ichki ishlar vazirligi", "ministerstvo vnutrennix del"]
        );
        assert_eq!(name_key("Туман ҳокимлиги"), name_key("Tuman hokimligi"));
        assert_eq!(name_key("Tuman  hokimligi."), name_key("tuman hokimligi"));
        assert_ne!(name_key(" — "), name_key("–"));
        assert_eq!(name_key(" — "), "—");
    }

    #[test]
    fn every_wrong_field_is_named() {
        let long = "x".repeat(NAME_MAX + 1);
        let bad = NewStateBody::parse(&StateBodyInput {
            name_uz_latn: "",
            name_uz_cyrl: Some(&long),
            name_ru: Some("«—»"),
            region: Some(Region::Abroad),
            ..ministry()
        });
        assert_eq!(fields(bad), ["name_uz_latn", "name_uz_cyrl", "name_ru", "region"]);
    }

    #[test]
    fn codes_round_trip() {
        for kind in StateBodyKind::ALL {
            assert_eq!(kind.as_str().parse::<StateBodyKind>(), Ok(*kind));
        }
        assert!("parliament".parse::<StateBodyKind>().is_err());
    }
}
