//! Every kind of e-mail with a realistic payload, rendered in every language: what
//! `ombudsman mail-gallery` prints for a reader to review, and what the catalogue test checks.

use ombudsman_domain::language::Language;
use serde_json::{json, Value};

use crate::render::{render, RenderError, Rendered};

/// A payload of every kind the notifier sends (the decision notice twice: granted, and refused
/// with the officer's reasons), as the producers write them.
pub fn payloads() -> Vec<(&'static str, Value)> {
    vec![
        (
            "account_created",
            json!({"full_name": "Aziz Rahimov", "role": "case_officer", "office": "TAS"}),
        ),
        (
            "appeal_registered",
            json!({"number": "HQ-2025-000001", "access_code": "ABCD234567", "received_on": "2025-03-14",
                   "due_on": "2025-04-14", "subject": "Pensiyani qayta hisoblash"}),
        ),
        (
            "appeal_closed",
            json!({"number": "HQ-2025-000001", "outcome": "satisfied", "subject": "Pensiyani qayta hisoblash"}),
        ),
        (
            "appeal_closed",
            json!({"number": "SAM-2025-000214", "outcome": "rejected", "subject": "Uy-joy navbati",
                   "reasons": "Masala sud tomonidan hal qilingan; Vakil sud qarorlarini qayta koʻrib chiqmaydi."}),
        ),
        (
            "appeal_assigned",
            json!({"number": "HQ-2025-000001", "subject": "Pensiyani qayta hisoblash", "due_on": "2025-04-14",
                   "full_name": "Aziz Rahimov"}),
        ),
        (
            "deadline_extended",
            json!({"number": "HQ-2025-000001", "due_on": "2025-05-14", "days": 30,
                   "reason": "Vazirlikdan qoʻshimcha maʼlumot soʻralgan"}),
        ),
        (
            "deadline_approaching",
            json!({"number": "HQ-2025-000001", "subject": "Pensiyani qayta hisoblash", "due_on": "2025-04-14",
                   "days_left": 3, "full_name": "Aziz Rahimov"}),
        ),
        (
            "appeal_overdue",
            json!({"number": "HQ-2025-000001", "subject": "Pensiyani qayta hisoblash", "due_on": "2025-04-14",
                   "days_overdue": 4, "full_name": "Aziz Rahimov"}),
        ),
        (
            "impact_measure_issued",
            json!({"number": "HQ-2025-000001", "measure": "HQ-D-2025-0001", "kind": "demand",
                   "addressee": "Pensiya jamgʻarmasi", "issued_on": "2025-04-01"}),
        ),
        (
            "impact_measure_overdue",
            json!({"reference": "HQ-S-2025-0007", "kind": "submission", "addressee": "Sogʻliqni saqlash vazirligi",
                   "response_due_on": "2025-05-02", "days_overdue": 12, "full_name": "Dilnoza Karimova"}),
        ),
        (
            "recommendation_overdue",
            json!({"visit": "HQ-V-2025-0001", "facility": "1-son tergov hibsxonasi",
                   "text": "Har kuni bir soatlik sayr taʼminlansin", "addressee": "Tergov hibsxonasi maʼmuriyati",
                   "status": "open", "due_on": "2025-04-01", "days_overdue": 9, "full_name": "Dilnoza Karimova"}),
        ),
        (
            "weekly_digest",
            json!({"full_name": "Dilnoza Karimova", "office": "TAS", "all_offices": false, "week": "2026-W48",
                   "open": 21, "overdue": 3, "due_soon": 5, "registered": 7, "closed": 4,
                   "overdue_items": [
                       {"number": "TAS-2026-000012", "due_on": "2026-11-20", "days_overdue": 3, "assignee": "Aziz Rahimov"},
                       {"number": "TAS-2026-000013", "due_on": "2026-11-21", "days_overdue": 2, "assignee": null}]}),
        ),
    ]
}

/// Every payload rendered in every language.
pub fn render_all() -> Vec<(&'static str, Language, Result<Rendered, RenderError>)> {
    let mut all = Vec::new();
    for (kind, payload) in payloads() {
        for lang in Language::ALL {
            all.push((kind, *lang, render(kind, *lang, &payload)));
        }
    }
    all
}

/// The gallery as plain text, one message after another.
pub fn text() -> String {
    let mut out = String::new();
    for (kind, lang, rendered) in render_all() {
        out.push_str(&format!("==================== {kind} · {lang}\n"));
        match rendered {
            Ok(r) => out.push_str(&format!("Subject: {}\n\n{}\n", r.subject, r.text)),
            Err(e) => out.push_str(&format!("(cannot render: {e})\n\n")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes a reader must never see in a letter.
    const CODES: &[&str] = &[
        "case_officer",
        "left_without_consideration",
        "partially_satisfied",
        "partially_implemented",
        "submission",
        "demand",
        "rejected",
        "satisfied",
        "_",
    ];

    #[test]
    fn every_message_reads_as_a_letter_in_every_language() {
        for (kind, lang, rendered) in render_all() {
            let r = rendered.unwrap_or_else(|e| panic!("{kind} {lang}: {e}"));
            let all = format!("{}\n{}", r.subject, r.text);
            assert!(
                !all.contains('{') && !all.contains('}'),
                "{kind} {lang}: a placeholder is left:\n{all}"
            );
            // No ISO date or week: dates are written out.
            let iso = all.as_bytes().windows(10).any(|w| {
                w[4] == b'-'
                    && w[7] == b'-'
                    && w.iter()
                        .enumerate()
                        .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
            });
            assert!(!iso && !all.contains("-W48"), "{kind} {lang}: an ISO date:\n{all}");
            if lang != Language::En {
                for code in CODES {
                    assert!(!all.contains(code), "{kind} {lang}: the code '{code}' is shown:\n{all}");
                }
            }
            match lang {
                Language::UzLatn => {
                    assert!(
                        !all.contains(['\'', '\u{2018}', '\u{2019}', '`']),
                        "{kind} {lang}: an apostrophe other than ʻ and ʼ:\n{all}"
                    );
                    assert!(
                        !all.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)),
                        "{kind} {lang}: Cyrillic in a Latin letter:\n{all}"
                    );
                }
                Language::Ru => {
                    assert!(!all.contains("(ая)"), "{kind} {lang}: a greeting that guesses gender");
                    for word in [" вы ", " вам ", " вас ", " ваш", "для вас"] {
                        assert!(!all.contains(word), "{kind} {lang}: '{word}' in lower case:\n{all}");
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn the_closing_letter_says_the_work_is_finished_and_how_to_challenge_a_refusal() {
        let all = render_all();
        let closed = |lang: Language, refused: bool| {
            all.iter()
                .filter(|(kind, l, _)| *kind == "appeal_closed" && *l == lang)
                .map(|(_, _, r)| r.as_ref().unwrap().text.clone())
                .nth(usize::from(refused))
                .unwrap()
        };
        let ru = closed(Language::Ru, true);
        assert!(
            ru.contains("Работа по Вашему обращению SAM-2025-000214 завершена"),
            "{ru}"
        );
        assert!(!ru.contains("рассмотрено. Результат: оставлено"), "{ru}");
        assert!(ru.contains("Основания решения: Masala sud"), "{ru}");
        assert!(ru.contains("обратиться в суд"), "{ru}");
        let uz = closed(Language::UzLatn, true);
        assert!(uz.contains("boʻyicha ish yakunlandi"), "{uz}");
        assert!(uz.contains("sudga murojaat"), "{uz}");
        // A granted appeal gets no notice of how to challenge it.
        assert!(!closed(Language::En, false).contains("go to court"));
        assert!(closed(Language::En, true).contains("go to court"));
    }
}
