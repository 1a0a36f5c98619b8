//! The daily digest of a member of staff, as its reader sees it.

use chrono::NaiveDate;
use ombudsman_domain::language::Language;
use ombudsman_domain::notification::{
    AppealDue, MeasureDue, Notification, RequestDue, StaffDailyDigest, DIGEST_SECTION_LIMIT,
};

use super::render_letter;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// Seven overdue appeals, one due today and one in two days, a late request and `measures` late
/// measures, on 1 December 2026.
fn digest(measures: usize) -> Notification {
    let mut p = StaffDailyDigest::new("Aziz Rahimov".into(), day(12, 1));
    for i in 1..=7 {
        p.appeals_overdue.push(AppealDue {
            number: format!("HQ-2026-00000{i}"),
            subject: format!("Case {i}"),
            due_on: day(11, 20 + i),
        });
    }
    for (number, due_on) in [("HQ-2026-000010", day(12, 1)), ("HQ-2026-000011", day(12, 3))] {
        p.appeals_due_soon.push(AppealDue {
            number: number.into(),
            subject: "Housing".into(),
            due_on,
        });
    }
    p.requests_overdue.push(RequestDue {
        appeal: "HQ-2026-000001".into(),
        body: "Pension Fund".into(),
        subject: "Copy of the calculation".into(),
        due_on: day(11, 30),
    });
    for i in 0..measures {
        p.measures_overdue.push(MeasureDue {
            reference: format!("HQ-D-2026-{i:04}"),
            kind: "demand".into(),
            addressee: "Ministry of Health".into(),
            due_on: day(11, 1),
        });
    }
    Notification::StaffDailyDigest(p)
}

#[test]
fn one_letter_lists_every_item_with_its_date_written_out_and_counts_each_section() {
    let r = render_letter(&digest(1), Language::En, None).unwrap();
    assert_eq!(r.subject, "Deadline reminders for 1 December 2026");
    let text = &r.text;
    assert!(text.starts_with("Dear Aziz Rahimov,\n"), "{text}");
    for line in [
        "Overdue appeals: 7\n",
        "Appeals due soon: 2\n",
        "Requests to state bodies with an overdue answer: 1\n",
        "Impact measures with an overdue response: 1\n",
        "- HQ-2026-000001 — Case 1 — due 21 November 2026, 10 days overdue\n",
        "- HQ-2026-000007 — Case 7 — due 27 November 2026, 4 days overdue\n",
        "- HQ-2026-000010 — Housing — due today, 1 December 2026\n",
        "- HQ-2026-000011 — Housing — due 3 December 2026, in 2 days\n",
        "- HQ-2026-000001 — Copy of the calculation — addressee: Pension Fund — answer due 30 November 2026, 1 day overdue\n",
        "- HQ-D-2026-0000 (demand) — addressee: Ministry of Health — response due 1 November 2026, 30 days overdue\n",
    ] {
        assert!(text.contains(line), "lacks {line:?}:\n{text}");
    }
    // A section without items is neither counted nor listed.
    assert!(!text.contains("recommendations"), "{text}");
    assert!(!text.contains("more"), "{text}");
    // The most urgent first.
    assert!(text.find("HQ-2026-000001 — Case 1").unwrap() < text.find("HQ-2026-000007").unwrap());
    assert_eq!(r.html.matches("<ul").count(), 4, "{}", r.html);
    assert_eq!(r.html.matches("<h2").count(), 4, "{}", r.html);
}

#[test]
fn a_long_section_lists_the_first_items_and_says_how_many_more_there_are() {
    let n = DIGEST_SECTION_LIMIT + 12;
    for (lang, more) in [
        (Language::En, "… and 12 more"),
        (Language::Ru, "… и ещё 12"),
        (Language::UzLatn, "… va yana 12 ta"),
        (Language::UzCyrl, "… ва яна 12 та"),
    ] {
        let r = render_letter(&digest(n), lang, None).unwrap();
        assert!(r.text.contains(&format!(": {n}\n")), "{lang}: the count:\n{}", r.text);
        assert_eq!(
            r.text.matches("HQ-D-2026-").count(),
            DIGEST_SECTION_LIMIT,
            "{lang}: the listed measures"
        );
        assert!(r.text.contains(&format!("{more}\n")), "{lang}:\n{}", r.text);
        assert!(r.html.contains(more), "{lang}:\n{}", r.html);
    }
}

#[test]
fn the_digest_reads_naturally_in_russian_and_uzbek() {
    let ru = render_letter(&digest(1), Language::Ru, None).unwrap();
    assert_eq!(ru.subject, "Напоминание о сроках на 1 декабря 2026 г.");
    assert!(ru.text.starts_with("Здравствуйте, Aziz Rahimov!\n"), "{}", ru.text);
    for line in [
        "По состоянию на 1 декабря 2026 г. Вашего внимания требует",
        "Просроченные обращения: 7",
        "- HQ-2026-000001 — Case 1 — срок 21 ноября 2026 г., просрочено на 10 дней",
        "- HQ-2026-000007 — Case 7 — срок 27 ноября 2026 г., просрочено на 4 дня",
        "- HQ-2026-000010 — Housing — срок сегодня, 1 декабря 2026 г.",
        "- HQ-2026-000011 — Housing — срок 3 декабря 2026 г., через 2 дня",
        "адресат: Pension Fund — срок ответа 30 ноября 2026 г., просрочено на 1 день",
        "- HQ-D-2026-0000 (требование) — адресат: Ministry of Health",
    ] {
        assert!(ru.text.contains(line), "lacks {line:?}:\n{}", ru.text);
    }
    let uz = render_letter(&digest(1), Language::UzLatn, None).unwrap();
    assert_eq!(uz.subject, "Muddatlar haqida eslatma: 2026-yil 1-dekabr");
    for line in [
        "Hurmatli Aziz Rahimov!",
        "- HQ-2026-000001 — Case 1 — muddat 2026-yil 21-noyabr, 10 kun kechikmoqda",
        "- HQ-2026-000011 — Housing — muddat 2026-yil 3-dekabr, 2 kundan keyin tugaydi",
        "- HQ-D-2026-0000 (talabnoma) — adresat: Ministry of Health",
    ] {
        assert!(uz.text.contains(line), "lacks {line:?}:\n{}", uz.text);
    }
    let cyr = render_letter(&digest(1), Language::UzCyrl, None).unwrap();
    assert_eq!(cyr.subject, "Муддатлар ҳақида эслатма: 2026-йил 1-декабрь");
}

#[test]
fn a_queued_digest_is_read_back_from_its_payload() {
    let n = digest(3);
    let payload = serde_json::to_value(&n).unwrap();
    let read = super::parse_notification("staff_daily_digest", &payload).unwrap();
    assert_eq!(read, n);
    let mut broken = payload;
    broken["appeals_overdue"]["items"][2]
        .as_object_mut()
        .unwrap()
        .remove("due_on");
    let err = super::parse_notification("staff_daily_digest", &broken).unwrap_err();
    assert!(err.to_string().contains("appeals_overdue.items[2].due_on"), "{err}");
}
