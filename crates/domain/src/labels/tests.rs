//! The labels: every code and figure in every language and script.

use super::*;

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Checks the script of each of the four labels: Uzbek Latin is ASCII letters with the
/// official ʻ (U+02BB, in oʻ and gʻ) and ʼ (U+02BC, the tutuq), never the ASCII apostrophe;
/// Uzbek Cyrillic and Russian are Cyrillic without stray Latin letters; English is ASCII.
fn assert_scripts(what: &str, labels: [&str; 4]) {
    let [uz_latn, uz_cyrl, ru, en] = labels;
    for (lang, label) in Language::ALL.iter().zip(labels) {
        assert!(!label.trim().is_empty(), "{what}: empty {lang} label");
        assert_eq!(label.trim(), label, "{what}: {lang} label has outer spaces");
    }
    assert!(
        !uz_latn.chars().any(is_cyrillic),
        "{what}: Cyrillic in uz-Latn '{uz_latn}'"
    );
    assert!(
        uz_latn
            .chars()
            .all(|c| c.is_ascii() || c == '\u{02BB}' || c == '\u{02BC}'),
        "{what}: uz-Latn '{uz_latn}' has a character outside the Uzbek Latin alphabet"
    );
    assert!(
        !uz_latn.contains(['\'', '\u{2018}', '\u{2019}', '`']),
        "{what}: uz-Latn '{uz_latn}' has an apostrophe other than ʻ and ʼ"
    );
    let mut previous = ' ';
    for c in uz_latn.chars() {
        if c == '\u{02BB}' {
            assert!(
                matches!(previous, 'o' | 'O' | 'g' | 'G'),
                "{what}: ʻ after '{previous}' in '{uz_latn}'"
            );
        }
        previous = c;
    }
    let lower = uz_latn.to_lowercase();
    assert!(
        !lower.contains('w') && lower.match_indices('c').all(|(i, _)| lower[i + 1..].starts_with('h')),
        "{what}: uz-Latn '{uz_latn}' has a letter the Uzbek Latin alphabet lacks"
    );
    for (lang, label) in [("uz-Cyrl", uz_cyrl), ("ru", ru)] {
        assert!(
            label.chars().any(is_cyrillic),
            "{what}: no Cyrillic in {lang} '{label}'"
        );
        assert!(
            !label.chars().any(|c| c.is_ascii_alphabetic()),
            "{what}: Latin letters in {lang} '{label}'"
        );
    }
    assert!(
        !uz_cyrl.to_lowercase().contains(['щ', 'ы']),
        "{what}: uz-Cyrl '{uz_cyrl}' has a letter the Uzbek Cyrillic alphabet lacks"
    );
    assert!(
        !ru.to_lowercase().contains(['ў', 'қ', 'ғ', 'ҳ']),
        "{what}: ru '{ru}' has Uzbek letters"
    );
    assert!(en.is_ascii(), "{what}: en '{en}' is not ASCII");
}

fn all_languages(f: impl Fn(Language) -> Option<&'static str>) -> [&'static str; 4] {
    let label = |lang| f(lang).unwrap_or("");
    [
        label(Language::UzLatn),
        label(Language::UzCyrl),
        label(Language::Ru),
        label(Language::En),
    ]
}

#[test]
fn every_code_of_every_set_is_labelled_in_every_language_and_script() {
    let expected_sizes = [
        (CodeKind::Channel, Channel::ALL.len()),
        (CodeKind::ApplicantKind, ApplicantKind::ALL.len()),
        (CodeKind::Vulnerability, Vulnerability::ALL.len()),
        (CodeKind::RightsGroup, RightsGroup::ALL.len()),
        (CodeKind::Category, Category::ALL.len()),
        (CodeKind::Status, Status::ALL.len()),
        (CodeKind::Outcome, Outcome::ALL.len()),
        (CodeKind::Region, Region::ALL.len()),
        (CodeKind::FacilityKind, FacilityKind::ALL.len()),
        (CodeKind::MeasureKind, MeasureKind::ALL.len()),
        (CodeKind::MeasureStatus, MeasureStatus::ALL.len()),
        (CodeKind::CompensationKind, CompensationKind::ALL.len()),
        (CodeKind::VisitType, VisitType::ALL.len()),
        (CodeKind::RecommendationStatus, RecommendationStatus::ALL.len()),
        (CodeKind::ConductedBy, ConductedBy::ALL.len()),
    ];
    assert_eq!(expected_sizes.len(), CodeKind::ALL.len());
    for (kind, size) in expected_sizes {
        let codes = kind.codes();
        assert_eq!(codes.len(), size, "{kind}");
        let mut seen = std::collections::HashSet::new();
        for code in codes {
            let labels = all_languages(|lang| code_label(lang, kind, code));
            assert_scripts(&format!("{kind}/{code}"), labels);
            for (lang, label) in Language::ALL.iter().zip(labels) {
                assert!(
                    seen.insert((*lang, label)),
                    "{kind}/{code}: {lang} label '{label}' repeats"
                );
            }
        }
    }
}

#[test]
fn labels_use_the_office_terms() {
    use Language::*;
    let label = |lang, kind, code| code_label(lang, kind, code);
    assert_eq!(label(UzLatn, CodeKind::MeasureKind, "submission"), Some("Taqdimnoma"));
    assert_eq!(label(Ru, CodeKind::MeasureKind, "submission"), Some("Представление"));
    assert_eq!(label(Ru, CodeKind::MeasureKind, "recommendation"), Some("Рекомендация"));
    assert_eq!(
        label(UzCyrl, CodeKind::FacilityKind, "pre_trial_detention_centre"),
        Some("Тергов ҳибсхонаси")
    );
    assert_eq!(
        label(Ru, CodeKind::FacilityKind, "pre_trial_detention_centre"),
        Some("Следственный изолятор")
    );
    assert_eq!(
        label(Ru, CodeKind::Outcome, "forwarded"),
        Some("Направлено по компетенции")
    );
    assert_eq!(label(En, CodeKind::Region, "tashkent_city"), Some("Tashkent city"));
    assert_eq!(figure_label(UzLatn, "impact_measures"), Some("Taʼsir choralari"));
    assert_eq!(figure_label(UzCyrl, "impact_measures"), Some("Таъсир чоралари"));
    assert_eq!(figure_label(Ru, "impact_measures"), Some("Меры реагирования"));
    assert_eq!(figure_label(UzCyrl, "monitoring_visits"), Some("Мониторинг ташрифлари"));
}

#[test]
fn unknown_codes_have_no_label_and_fall_back_to_the_code() {
    assert_eq!(code_label(Language::Ru, CodeKind::Channel, "fax"), None);
    // A code of another set is not a code of this one.
    assert_eq!(code_label(Language::Ru, CodeKind::Region, "letter"), None);
    assert_eq!(code_label(Language::Ru, CodeKind::Channel, "Letter"), None);
    assert_eq!(label_or_code(Language::En, CodeKind::Channel, "fax"), "fax");
    assert_eq!(
        label_or_code(Language::Ru, CodeKind::Channel, "email"),
        "Электронная почта"
    );
}

#[test]
fn every_figure_is_labelled_once_in_every_language_and_script() {
    let figures = catalogue(Language::UzLatn).get("figure").expect("a [figure] table");
    for key in figures.keys() {
        assert_scripts(key, all_languages(|lang| figure_label(lang, key)));
    }
    for key in [
        "appeals",
        "impact_measures",
        "compensation",
        "monitoring_visits",
        "recommendations",
        "received",
        "previous",
        "closed",
        "overdue_open",
        "median_days_to_close",
        "p90_days_to_close",
        "repeat",
        "anonymous",
        "from_abroad",
        "total",
        "total_minor",
        "implementation_rate",
        "by_applicant_kind",
        "by_channel",
        "by_region",
        "by_category",
        "by_rights_group",
        "by_respondent_body",
        "by_outcome",
        "by_kind",
        "by_status",
        "by_currency",
        "by_facility_kind",
        "monthly",
        "month",
        "period",
        "previous_period",
        "change_percent",
        "current_period",
        "figure",
        "value",
        "section",
        "group",
        "item",
        "half_year_report",
        "period_report",
        "closed_late",
        "from_vulnerable_groups",
        "by_vulnerability",
        "by_conducted_by",
        "people_interviewed",
        "people_interviewed_in_groups",
        "referrals",
        "referrals_sheet",
        "outgoing",
        "incoming",
        "outgoing_by_partner",
        "incoming_by_partner",
        "by_office",
    ] {
        assert!(figures.contains_key(key), "the report's '{key}' has no label");
    }
    assert_eq!(figure_label(Language::En, "no_such_figure"), None);
    assert_eq!(
        all_languages(|lang| figure_label(lang, "half_year_report")),
        [
            "Yarim yillik hisobot",
            "Ярим йиллик ҳисобот",
            "Отчёт за полугодие",
            "Half-year report"
        ]
    );
}

#[test]
fn months_are_named_in_the_nominative() {
    for month in 1..=12 {
        assert_scripts(
            &format!("month {month}"),
            all_languages(|lang| Some(month_name(lang, month))),
        );
    }
    assert_eq!(
        all_languages(|lang| Some(month_name(lang, 1))),
        ["yanvar", "январь", "январь", "January"]
    );
    assert_eq!(month_name(Language::UzLatn, 9), "sentabr");
    assert_eq!(month_name(Language::UzCyrl, 9), "сентябрь");
    assert_eq!(month_name(Language::En, 12), "December");
    assert_eq!(month_name(Language::Ru, 0), "");
    assert_eq!(month_name(Language::Ru, 13), "");
}

#[test]
fn the_later_figures_use_the_office_terms() {
    use Language::*;
    assert_eq!(
        all_languages(|lang| code_label(lang, CodeKind::ConductedBy, "public_group")),
        [
            "Jamoatchilik guruhlari",
            "Жамоатчилик гуруҳлари",
            "Общественные группы",
            "Public Groups"
        ]
    );
    assert_eq!(
        figure_label(UzLatn, "closed_late"),
        Some("Muddati oʻtkazib koʻrib chiqilgan")
    );
    assert_eq!(
        figure_label(Ru, "from_vulnerable_groups"),
        Some("Обращения лиц из уязвимых групп")
    );
    assert_eq!(
        code_label(En, CodeKind::ConductedBy, "joint"),
        Some("Staff and Public Groups jointly")
    );
}

#[test]
fn every_catalogue_has_the_same_tables_and_keys() {
    let keys = |lang| -> std::collections::BTreeSet<(String, String)> {
        catalogue(lang)
            .iter()
            .flat_map(|(table, entries)| entries.keys().map(move |k| (table.clone(), k.clone())))
            .collect()
    };
    let latin = keys(Language::UzLatn);
    assert!(latin.len() > 150, "{} labels", latin.len());
    for lang in [Language::UzCyrl, Language::Ru, Language::En] {
        let other = keys(lang);
        assert_eq!(
            latin.symmetric_difference(&other).collect::<Vec<_>>(),
            Vec::<&(String, String)>::new(),
            "uz-Latn and {lang} differ"
        );
    }
}
