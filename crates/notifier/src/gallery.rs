//! Every kind of e-mail with a realistic payload, rendered in every language with the central
//! office's letterhead: what `ombudsman mail-gallery` prints for a reader to review, and what the
//! catalogue test checks.

use chrono::NaiveDate;
use ombudsman_domain::language::Language;
use ombudsman_domain::notification::*;

use crate::render::{render_letter, Letterhead, RenderError, Rendered};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The letterhead of the samples: the central office's contact details as the demo data has them.
pub fn letterhead() -> Letterhead {
    Letterhead {
        official_name: None,
        address: Some("100011, Toshkent sh., Shayxontohur tumani, Navoiy koʻchasi, 30-uy".to_owned()),
        phone: Some("+998 71 239 81 11".to_owned()),
        email: Some("murojaat@ombudsman.uz".to_owned()),
        website: Some("https://ombudsman.uz".to_owned()),
    }
}

/// A notification of every kind the notifier sends (the decision notice twice: granted, and
/// refused with the officer's reasons), as the producers build them.
pub fn samples() -> Vec<Notification> {
    let subject = || "Pensiyani qayta hisoblash".to_owned();
    vec![
        Notification::AccountCreated(AccountCreated {
            full_name: "Aziz Rahimov".into(),
            role: "case_officer".into(),
            office: "TAS".into(),
        }),
        Notification::AppealRegistered(AppealRegistered {
            number: "HQ-2025-000001".into(),
            access_code: "ABCD234567".into(),
            received_on: day(2025, 3, 14),
            due_on: day(2025, 4, 14),
            subject: subject(),
        }),
        Notification::AppealClosed(AppealClosed {
            number: "HQ-2025-000001".into(),
            outcome: "satisfied".into(),
            subject: subject(),
            reasons: None,
        }),
        Notification::AppealClosed(AppealClosed {
            number: "SAM-2025-000214".into(),
            outcome: "rejected".into(),
            subject: "Uy-joy navbati".into(),
            reasons: Some("Masala sud tomonidan hal qilingan; Vakil sud qarorlarini qayta koʻrib chiqmaydi.".into()),
        }),
        Notification::AppealAssigned(AppealAssigned {
            number: "HQ-2025-000001".into(),
            subject: subject(),
            due_on: day(2025, 4, 14),
            full_name: "Aziz Rahimov".into(),
        }),
        Notification::DeadlineExtended(DeadlineExtended {
            number: "HQ-2025-000001".into(),
            due_on: day(2025, 5, 14),
            days: 30,
            reason: "Vazirlikdan qoʻshimcha maʼlumot soʻralgan".into(),
        }),
        Notification::DeadlineApproaching(DeadlineReminder {
            number: "HQ-2025-000001".into(),
            subject: subject(),
            due_on: day(2025, 4, 14),
            days_left: 3,
            full_name: "Aziz Rahimov".into(),
        }),
        Notification::AppealOverdue(AppealOverdue {
            number: "HQ-2025-000001".into(),
            subject: subject(),
            due_on: day(2025, 4, 14),
            days_overdue: 4,
            full_name: "Aziz Rahimov".into(),
        }),
        Notification::ImpactMeasureIssued(ImpactMeasureIssued {
            number: "HQ-2025-000001".into(),
            measure: "HQ-D-2025-0001".into(),
            kind: "demand".into(),
            addressee: "Pensiya jamgʻarmasi".into(),
            issued_on: day(2025, 4, 1),
        }),
        Notification::ImpactMeasureOverdue(ImpactMeasureOverdue {
            reference: "HQ-S-2025-0007".into(),
            kind: "submission".into(),
            addressee: "Sogʻliqni saqlash vazirligi".into(),
            response_due_on: day(2025, 5, 2),
            days_overdue: 12,
            full_name: "Dilnoza Karimova".into(),
        }),
        Notification::RecommendationOverdue(RecommendationOverdue {
            visit: "HQ-V-2025-0001".into(),
            facility: "1-son tergov hibsxonasi".into(),
            text: "Har kuni bir soatlik sayr taʼminlansin".into(),
            addressee: "Tergov hibsxonasi maʼmuriyati".into(),
            status: "open".into(),
            due_on: day(2025, 4, 1),
            days_overdue: 9,
            full_name: "Dilnoza Karimova".into(),
        }),
        Notification::WeeklyDigest(WeeklyDigest {
            full_name: "Dilnoza Karimova".into(),
            office: "TAS".into(),
            all_offices: false,
            week: "2026-W48".into(),
            open: 21,
            overdue: 3,
            due_soon: 5,
            registered: 7,
            closed: 4,
            overdue_items: vec![
                DigestItem {
                    number: "TAS-2026-000012".into(),
                    due_on: day(2026, 11, 20),
                    days_overdue: 3,
                    assignee: Some("Aziz Rahimov".into()),
                },
                DigestItem {
                    number: "TAS-2026-000013".into(),
                    due_on: day(2026, 11, 21),
                    days_overdue: 2,
                    assignee: None,
                },
            ],
        }),
        Notification::StaffDailyDigest(daily_digest()),
        Notification::DraftConfirmation(DraftConfirmation {
            subject: subject(),
            link: "https://ombudsman.example/appeal/confirm?token=k3Jq9xW2".into(),
            code: "7KQ2M9XPRT".into(),
            expires_at: chrono::DateTime::from_timestamp(1_742_031_000, 0).unwrap_or_default(),
        }),
        Notification::ApplicantRequested(ApplicantRequested {
            number: "HQ-2025-000001".into(),
            text: "Pensiya guvohnomasining nusxasini yuboring.".into(),
            link: "https://ombudsman.example/appeal/status".into(),
        }),
        Notification::ApplicantReplied(ApplicantReplied {
            number: "HQ-2025-000001".into(),
            subject: subject(),
            files: 1,
            full_name: "Aziz Rahimov".into(),
        }),
    ]
}

/// A daily digest with something in every section.
fn daily_digest() -> StaffDailyDigest {
    let mut digest = StaffDailyDigest::new("Aziz Rahimov".into(), day(2025, 4, 17));
    digest.appeals_overdue.push(AppealDue {
        number: "HQ-2025-000001".into(),
        subject: "Pensiyani qayta hisoblash".into(),
        due_on: day(2025, 4, 14),
    });
    digest.appeals_due_soon.push(AppealDue {
        number: "HQ-2025-000019".into(),
        subject: "Uy-joy navbati".into(),
        due_on: day(2025, 4, 17),
    });
    digest.appeals_due_soon.push(AppealDue {
        number: "HQ-2025-000023".into(),
        subject: "Ish haqi toʻlanmagan".into(),
        due_on: day(2025, 4, 19),
    });
    digest.requests_overdue.push(RequestDue {
        appeal: "HQ-2025-000001".into(),
        body: "Pensiya jamgʻarmasi".into(),
        subject: "Pensiya hisob-kitobi nusxasi".into(),
        due_on: day(2025, 4, 10),
    });
    digest.measures_overdue.push(MeasureDue {
        reference: "HQ-S-2025-0007".into(),
        kind: "submission".into(),
        addressee: "Sogʻliqni saqlash vazirligi".into(),
        due_on: day(2025, 4, 5),
    });
    digest.recommendations_overdue.push(RecommendationDue {
        visit: "HQ-V-2025-0001".into(),
        facility: "1-son tergov hibsxonasi".into(),
        text: "Har kuni bir soatlik sayr taʼminlansin".into(),
        addressee: "Tergov hibsxonasi maʼmuriyati".into(),
        due_on: day(2025, 4, 1),
    });
    digest
}

/// Every sample rendered in every language, with its kind.
pub fn render_all() -> Vec<(&'static str, Language, Result<Rendered, RenderError>)> {
    let letterhead = letterhead();
    let mut all = Vec::new();
    for notification in samples() {
        for lang in Language::ALL {
            all.push((
                notification.kind().as_str(),
                *lang,
                render_letter(&notification, *lang, Some(&letterhead)),
            ));
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
