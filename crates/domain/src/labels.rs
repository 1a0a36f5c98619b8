//! Localized labels for reports: the names of the codes (channels, categories, regions, facility
//! kinds, …), of the report's sections and figures, and of the months, in the four languages of
//! the office (`uz-Latn`, `uz-Cyrl`, `ru`, `en`).
//!
//! The wording follows the office of the Oliy Majlis Human Rights Commissioner (Ombudsman):
//! appeal = murojaat / мурожаат / обращение, impact measure = taʼsir chorasi / таъсир чораси /
//! мера реагирования, and the outcome and measure terms of the notifier's e-mails. Labels are in
//! sentence case, as a table cell or heading of an exported report wants them; month names are
//! in running-text case ("yanvar", "январь", "January"). Uzbek Latin uses the official letters
//! ʻ (U+02BB, in `oʻ` and `gʻ`) and ʼ (U+02BC, the tutuq: `taʼsir`), never an ASCII apostrophe.
//!
//! The labels live in one TOML catalogue per language, `crates/domain/labels/{uz-Latn,uz-Cyrl,ru,
//! en}.toml`, which a translator edits without touching code; the tests fail on a code of any set
//! or a figure left without a label in any language, and on a key one language has and another
//! lacks.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::appeal::{ApplicantKind, Category, Channel, Outcome, RightsGroup, Status, Vulnerability};
use crate::facility::FacilityKind;
use crate::impact::{CompensationKind, MeasureKind, MeasureStatus};
use crate::language::Language;
use crate::office::Region;
use crate::visit::{ConductedBy, RecommendationStatus, VisitType};

code_enum!(
    /// A set of codes whose values have labels.
    CodeKind {
        Channel => "channel",
        ApplicantKind => "applicant_kind",
        Vulnerability => "vulnerability",
        RightsGroup => "rights_group",
        Category => "category",
        Status => "status",
        Outcome => "outcome",
        Region => "region",
        FacilityKind => "facility_kind",
        MeasureKind => "measure_kind",
        MeasureStatus => "measure_status",
        CompensationKind => "compensation_kind",
        VisitType => "visit_type",
        RecommendationStatus => "recommendation_status",
        ConductedBy => "conducted_by",
    }
);

impl CodeKind {
    /// Every code of the set, in declaration order.
    pub fn codes(self) -> Vec<&'static str> {
        fn all<T>(values: &'static [T], as_str: fn(&T) -> &'static str) -> Vec<&'static str> {
            values.iter().map(as_str).collect()
        }
        match self {
            CodeKind::Channel => all(Channel::ALL, Channel::as_str),
            CodeKind::ApplicantKind => all(ApplicantKind::ALL, ApplicantKind::as_str),
            CodeKind::Vulnerability => all(Vulnerability::ALL, Vulnerability::as_str),
            CodeKind::RightsGroup => all(RightsGroup::ALL, RightsGroup::as_str),
            CodeKind::Category => all(Category::ALL, Category::as_str),
            CodeKind::Status => all(Status::ALL, Status::as_str),
            CodeKind::Outcome => all(Outcome::ALL, Outcome::as_str),
            CodeKind::Region => all(Region::ALL, Region::as_str),
            CodeKind::FacilityKind => all(FacilityKind::ALL, FacilityKind::as_str),
            CodeKind::MeasureKind => all(MeasureKind::ALL, MeasureKind::as_str),
            CodeKind::MeasureStatus => all(MeasureStatus::ALL, MeasureStatus::as_str),
            CodeKind::CompensationKind => all(CompensationKind::ALL, CompensationKind::as_str),
            CodeKind::VisitType => all(VisitType::ALL, VisitType::as_str),
            CodeKind::RecommendationStatus => all(RecommendationStatus::ALL, RecommendationStatus::as_str),
            CodeKind::ConductedBy => all(ConductedBy::ALL, ConductedBy::as_str),
        }
    }
}

/// The catalogues, one per language, each table by its name: the code sets by their
/// `CodeKind` code, `figure` and `month`. Read once from the TOML files in `crates/domain/labels/`.
type Catalogue = HashMap<String, HashMap<String, String>>;

const SOURCES: [(Language, &str); 4] = [
    (Language::UzLatn, include_str!("../labels/uz-Latn.toml")),
    (Language::UzCyrl, include_str!("../labels/uz-Cyrl.toml")),
    (Language::Ru, include_str!("../labels/ru.toml")),
    (Language::En, include_str!("../labels/en.toml")),
];

fn catalogue(lang: Language) -> &'static Catalogue {
    static CATALOGUES: OnceLock<Vec<(Language, Catalogue)>> = OnceLock::new();
    let all = CATALOGUES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(lang, text)| {
                // The files are part of the build and checked by the tests: a broken one is a
                // bug of the release, not of the input.
                let parsed: Catalogue = toml::from_str(text).unwrap_or_else(|e| panic!("labels/{lang}.toml: {e}"));
                (*lang, parsed)
            })
            .collect()
    });
    all.iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, c)| c)
        .unwrap_or(&all[0].1)
}

fn lookup(lang: Language, table: &str, key: &str) -> Option<&'static str> {
    catalogue(lang).get(table)?.get(key).map(String::as_str)
}

/// The label of `code` of the set `code_kind` in `lang`; `None` for a code the set lacks.
pub fn code_label(lang: Language, code_kind: CodeKind, code: &str) -> Option<&'static str> {
    lookup(lang, code_kind.as_str(), code)
}

/// The label of `code`, or the code itself when the set lacks it (a report never loses a row).
pub fn label_or_code(lang: Language, code_kind: CodeKind, code: &str) -> String {
    code_label(lang, code_kind, code).map_or_else(|| code.to_owned(), str::to_owned)
}

/// The label of a report section, figure, breakdown, column header or title (`appeals`,
/// `received`, `by_channel`, `change_percent`, `half_year_report`, …); `None` for an unknown key.
pub fn figure_label(lang: Language, key: &str) -> Option<&'static str> {
    lookup(lang, "figure", key)
}

/// The nominative name of `month` (1 = January); the empty string outside 1..=12.
pub fn month_name(lang: Language, month: u32) -> &'static str {
    lookup(lang, "month", &month.to_string()).unwrap_or("")
}

#[cfg(test)]
mod tests;
