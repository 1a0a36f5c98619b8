//! The catalogue test: every kind in every language, rendered from sample payloads (with and
//! without a letterhead, every outcome, every measure kind, both branches of each text), must
//! read as a letter; the four catalogues must have the same keys; uz-Cyrl must stay the
//! transliteration of uz-Latn.

use std::collections::BTreeSet;

use ombudsman_domain::appeal::Outcome;
use ombudsman_domain::impact::MeasureKind;
use ombudsman_domain::language::Language;
use ombudsman_domain::notification::Notification;
use ombudsman_domain::search::fold;

use super::catalogue::{catalogue, SOURCES};
use super::{render_letter, Letterhead};
use crate::gallery;

/// The samples of the gallery plus a variant of each text's other branch.
fn variants() -> Vec<Notification> {
    let mut all = gallery::samples();
    for n in gallery::samples() {
        match n {
            Notification::AppealClosed(p) => {
                for outcome in Outcome::ALL {
                    let mut p = p.clone();
                    p.outcome = outcome.as_str().to_owned();
                    p.reasons = Some("Sabablar".to_owned());
                    all.push(Notification::AppealClosed(p));
                }
            }
            Notification::ImpactMeasureIssued(p) => {
                for kind in MeasureKind::ALL {
                    let mut p = p.clone();
                    p.kind = kind.as_str().to_owned();
                    all.push(Notification::ImpactMeasureIssued(p));
                }
            }
            Notification::DeadlineApproaching(mut p) => {
                p.days_left = 0;
                all.push(Notification::DeadlineApproaching(p));
            }
            Notification::WeeklyDigest(mut p) => {
                p.all_offices = true;
                p.overdue_items.clear();
                all.push(Notification::WeeklyDigest(p));
            }
            Notification::StaffDailyDigest(p) => {
                // Sections longer than the limit end with "and N more"; a digest may have one
                // section only.
                let mut long = p.clone();
                for _ in 0..ombudsman_domain::notification::DIGEST_SECTION_LIMIT + 3 {
                    long.measures_overdue.push(p.measures_overdue.items[0].clone());
                    long.appeals_due_soon.push(p.appeals_due_soon.items[0].clone());
                }
                all.push(Notification::StaffDailyDigest(long));
                let mut one = ombudsman_domain::notification::StaffDailyDigest::new(p.full_name.clone(), p.day);
                one.recommendations_overdue = p.recommendations_overdue.clone();
                all.push(Notification::StaffDailyDigest(one));
                for kind in MeasureKind::ALL {
                    let mut p = p.clone();
                    p.measures_overdue.items[0].kind = kind.as_str().to_owned();
                    all.push(Notification::StaffDailyDigest(p));
                }
            }
            Notification::AccountCreated(p) => {
                for role in ["admin", "manager", "case_officer", "monitor", "auditor"] {
                    let mut p = p.clone();
                    p.role = role.to_owned();
                    all.push(Notification::AccountCreated(p));
                }
            }
            _ => {}
        }
    }
    all
}

/// A word that looks like a code: lower-case ASCII letters joined by `_`.
fn a_code_in(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find(|w| w.contains('_') && w.chars().any(|c| c.is_ascii_lowercase()))
}

/// Codes a reader must never see in a letter in Uzbek or Russian (they are English words).
const CODES: &[&str] = &[
    "submission",
    "demand",
    "lawsuit",
    "conclusion",
    "rejected",
    "satisfied",
    "explained",
    "forwarded",
    "withdrawn",
    "manager",
    "monitor",
    "admin",
];

#[test]
fn every_catalogue_parses_and_has_the_same_keys_as_the_others() {
    let keys = |lang: Language| -> BTreeSet<String> {
        let c = catalogue(lang);
        assert!(c.error.is_none(), "{lang}: {:?}", c.error);
        c.tables
            .iter()
            .flat_map(|(table, texts)| texts.keys().map(move |key| format!("{table}.{key}")))
            .collect()
    };
    let reference = keys(Language::UzLatn);
    assert!(reference.len() > 100, "{}", reference.len());
    for (lang, _) in SOURCES {
        let these = keys(lang);
        let missing: Vec<_> = reference.difference(&these).collect();
        let extra: Vec<_> = these.difference(&reference).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang}: missing {missing:?}, not in uz-Latn {extra:?}"
        );
    }
}

#[test]
fn the_texts_use_the_official_apostrophes_and_no_codes() {
    for (lang, _) in SOURCES {
        for (table, texts) in &catalogue(lang).tables {
            for (key, text) in texts {
                assert!(!text.trim().is_empty(), "{lang} {table}.{key} is empty");
                let words = super::catalogue::fill(text, &[]);
                let outside_placeholders: String = words
                    .split('{')
                    .map(|part| part.split_once('}').map_or(part, |(_, rest)| rest))
                    .collect();
                assert!(
                    a_code_in(&outside_placeholders).is_none(),
                    "{lang} {table}.{key}: a code in '{text}'"
                );
                if lang == Language::UzLatn {
                    assert!(
                        !text.contains(['\'', '\u{2018}', '\u{2019}', '`']),
                        "uz-Latn {table}.{key}: an apostrophe other than ʻ and ʼ in '{text}'"
                    );
                }
            }
        }
    }
}

#[test]
fn uzbek_cyrillic_is_the_transliteration_of_uzbek_latin() {
    let latin = catalogue(Language::UzLatn);
    let cyrillic = catalogue(Language::UzCyrl);
    let mut mismatches = Vec::new();
    for (table, texts) in &latin.tables {
        for (key, text) in texts {
            let Some(cyr) = cyrillic.get(table, key) else { continue };
            if fold(text) != fold(cyr) {
                mismatches.push(format!("{table}.{key}: '{}' ≠ '{}'", fold(text), fold(cyr)));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn every_kind_renders_in_every_language_with_every_placeholder_filled() {
    let full = gallery::letterhead();
    let bare = Letterhead::default();
    for n in variants() {
        let kind = n.kind();
        for lang in Language::ALL {
            for letterhead in [None, Some(&full), Some(&bare)] {
                let r = render_letter(&n, *lang, letterhead).unwrap_or_else(|e| panic!("{kind} {lang}: {e}"));
                let all = format!("{}\n{}", r.subject, r.text);
                assert!(
                    !all.contains('{') && !all.contains('}'),
                    "{kind} {lang}: a placeholder is left:\n{all}"
                );
                assert!(
                    !r.html.contains('{'),
                    "{kind} {lang}: a placeholder is left:\n{}",
                    r.html
                );
                if let Some(code) = a_code_in(&all) {
                    panic!("{kind} {lang}: the code '{code}' is shown:\n{all}");
                }
                if *lang != Language::En {
                    let words: BTreeSet<&str> = all.split(|c: char| !c.is_alphanumeric()).collect();
                    for code in CODES {
                        assert!(
                            !words.contains(code),
                            "{kind} {lang}: the code '{code}' is shown:\n{all}"
                        );
                    }
                }
                if *lang == Language::UzLatn {
                    assert!(
                        !all.contains(['\'', '\u{2018}', '\u{2019}', '`']),
                        "{kind} {lang}: an apostrophe other than ʻ and ʼ:\n{all}"
                    );
                }
                if letterhead.is_some() {
                    let institution = catalogue(*lang).text("common", "institution");
                    assert!(all.contains(institution), "{kind} {lang}: no institution:\n{all}");
                }
            }
        }
    }
}

#[test]
fn the_footer_names_the_office_and_its_contact_details() {
    let n = &gallery::samples()[1];
    let letterhead = Letterhead {
        official_name: Some("Vakilning Samarqand viloyatidagi mintaqaviy vakili".into()),
        address: Some("Samarqand sh., Registon koʻchasi, 5".into()),
        phone: Some("+998 66 233 00 11".into()),
        email: None,
        website: Some("  ".into()),
    };
    let r = render_letter(n, Language::UzLatn, Some(&letterhead)).unwrap();
    assert!(
        r.text.ends_with(
            "-- \nVakilning Samarqand viloyatidagi mintaqaviy vakili\nSamarqand sh., Registon koʻchasi, 5\n\
             Tel.: +998 66 233 00 11\nUshbu xabar Ombudsman murojaatlar tizimi tomonidan avtomatik ravishda yuborildi.\n"
        ),
        "{}",
        r.text
    );
    assert!(
        r.html
            .contains("<p style=\"margin:0 0 4px 0;\">Tel.: +998 66 233 00 11</p>"),
        "{}",
        r.html
    );
    let ru = render_letter(n, Language::Ru, Some(&Letterhead::default())).unwrap();
    assert!(
        ru.text
            .contains("-- \nУполномоченный Олий Мажлиса Республики Узбекистан по правам человека (омбудсман)\n"),
        "{}",
        ru.text
    );
}
