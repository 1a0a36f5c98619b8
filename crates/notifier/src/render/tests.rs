//! The renderer's tests.

use super::*;
use ombudsman_domain::appeal::Outcome;
use serde_json::json;

#[test]
fn the_welcome_mail_names_the_role_in_words_not_its_code() {
    let payload = json!({"full_name": "Aziz Rahimov", "role": "case_officer", "office": "TAS"});
    for (lang, words) in [
        (Language::UzLatn, "murojaatlar boʻyicha mutaxassis"),
        (Language::UzCyrl, "мурожаатлар бўйича мутахассис"),
        (Language::Ru, "специалист по обращениям"),
        (Language::En, "case officer"),
    ] {
        let mail = render("account_created", lang, &payload).unwrap();
        assert!(mail.text.contains(words), "{lang:?}: {}", mail.text);
        assert!(!mail.text.contains("case_officer"), "{lang:?}: {}", mail.text);
    }
}

/// A sample payload of every kind and the values each rendering must show.
fn samples() -> Vec<(&'static str, Value, Vec<&'static str>)> {
    vec![
        (
            "account_created",
            json!({"full_name": "Aziz Rahimov", "role": "case_officer", "office": "TAS"}),
            vec!["Aziz Rahimov", "TAS"],
        ),
        (
            "appeal_registered",
            json!({"number": "HQ-2025-000001", "access_code": "ABCD234567", "received_on": "2025-03-14",
                   "due_on": "2025-03-21", "subject": "Pension recalculation"}),
            vec![
                "HQ-2025-000001",
                "ABCD234567",
                "2025-03-14",
                "2025-03-21",
                "Pension recalculation",
            ],
        ),
        (
            "appeal_closed",
            json!({"number": "HQ-2025-000001", "outcome": "satisfied", "subject": "Pension recalculation"}),
            vec!["HQ-2025-000001", "Pension recalculation"],
        ),
        (
            "appeal_assigned",
            json!({"number": "HQ-2025-000001", "subject": "Pension recalculation", "due_on": "2025-03-21",
                   "full_name": "Aziz Rahimov"}),
            vec!["HQ-2025-000001", "Pension recalculation", "2025-03-21", "Aziz Rahimov"],
        ),
        (
            "deadline_extended",
            json!({"number": "HQ-2025-000001", "due_on": "2025-04-21", "days": 30,
                   "reason": "An inquiry to the ministry is pending"}),
            vec![
                "HQ-2025-000001",
                "2025-04-21",
                "30",
                "An inquiry to the ministry is pending",
            ],
        ),
        (
            "deadline_approaching",
            json!({"number": "HQ-2025-000001", "subject": "Pension recalculation", "due_on": "2025-03-21",
                   "days_left": 3, "full_name": "Aziz Rahimov"}),
            vec![
                "HQ-2025-000001",
                "Pension recalculation",
                "2025-03-21",
                "3",
                "Aziz Rahimov",
            ],
        ),
        (
            "appeal_overdue",
            json!({"number": "HQ-2025-000001", "subject": "Pension recalculation", "due_on": "2025-03-21",
                   "days_overdue": 4, "full_name": "Aziz Rahimov"}),
            vec![
                "HQ-2025-000001",
                "Pension recalculation",
                "2025-03-21",
                "4",
                "Aziz Rahimov",
            ],
        ),
        (
            "impact_measure_overdue",
            json!({"reference": "IM-2025-0007", "kind": "submission", "addressee": "Ministry of Health",
                   "response_due_on": "2025-05-02", "days_overdue": 12, "full_name": "Dilnoza Karimova"}),
            vec![
                "IM-2025-0007",
                "Ministry of Health",
                "2025-05-02",
                "12",
                "Dilnoza Karimova",
            ],
        ),
        (
            "recommendation_overdue",
            json!({"visit": "HQ-V-2025-0001", "facility": "SIZO No. 1", "text": "Daily one-hour walks",
                   "addressee": "SIZO administration", "status": "open", "due_on": "2025-04-01",
                   "days_overdue": 9, "full_name": "Dilnoza Karimova"}),
            vec![
                "HQ-V-2025-0001",
                "SIZO No. 1",
                "Daily one-hour walks",
                "SIZO administration",
                "2025-04-01",
                "9",
                "Dilnoza Karimova",
            ],
        ),
        (
            "impact_measure_issued",
            json!({"number": "HQ-2025-000001", "measure": "HQ-D-2025-0001", "kind": "demand",
                   "addressee": "Pension Fund", "issued_on": "2025-04-01"}),
            vec!["HQ-2025-000001", "HQ-D-2025-0001", "Pension Fund", "2025-04-01"],
        ),
        (
            "weekly_digest",
            json!({"full_name": "Dilnoza Karimova", "office": "TAS", "all_offices": false, "week": "2026-W48",
            "open": 12, "overdue": 3, "due_soon": 5, "registered": 7, "closed": 4,
            "overdue_items": [
                {"number": "HQ-2025-000012", "due_on": "2025-03-01", "days_overdue": 3,
                 "assignee": "Aziz Rahimov"},
                {"number": "HQ-2025-000013", "due_on": "2025-03-02", "days_overdue": 2, "assignee": null}
            ]}),
            vec![
                "Dilnoza Karimova",
                "TAS",
                "2026-W48",
                "12",
                "HQ-2025-000012",
                "HQ-2025-000013",
                "Aziz Rahimov",
            ],
        ),
        (
            "staff_daily_digest",
            json!({"full_name": "Aziz Rahimov", "day": "2025-03-24",
            "appeals_overdue": {"total": 1, "items": [
                {"number": "HQ-2025-000012", "subject": "Pension recalculation", "due_on": "2025-03-21"}]},
            "appeals_due_soon": {"total": 0, "items": []},
            "requests_overdue": {"total": 1, "items": [
                {"appeal": "HQ-2025-000012", "body": "Pension Fund", "subject": "Copy of the calculation",
                 "due_on": "2025-03-20"}]},
            "measures_overdue": {"total": 0, "items": []},
            "recommendations_overdue": {"total": 1, "items": [
                {"visit": "HQ-V-2025-0001", "facility": "SIZO No. 1", "text": "Daily walks",
                 "addressee": "Administration", "due_on": "2025-03-01"}]}}),
            vec![
                "Aziz Rahimov",
                "2025-03-24",
                "HQ-2025-000012",
                "Pension recalculation",
                "2025-03-21",
                "Pension Fund",
                "Copy of the calculation",
                "SIZO No. 1",
                "Daily walks",
            ],
        ),
    ]
}

#[test]
fn every_kind_renders_in_every_language() {
    for (kind, payload, values) in samples() {
        for lang in Language::ALL {
            let r = render(kind, *lang, &payload).unwrap_or_else(|e| panic!("{kind} {lang}: {e}"));
            assert!(!r.subject.trim().is_empty(), "{kind} {lang}");
            assert!(!r.text.trim().is_empty(), "{kind} {lang}");
            assert!(r.html.starts_with("<!DOCTYPE html>"), "{kind} {lang}");
            assert!(r.html.contains(&format!("<html lang=\"{lang}\"")), "{kind} {lang}");
            assert!(
                r.html.contains("<title>") && !r.html.contains("<title></title>"),
                "{kind} {lang}"
            );
            assert!(r.text.contains(footer(*lang)), "{kind} {lang}: {}", r.text);
            for value in &values {
                // Dates are shown written out in the letter's language.
                let shown = crate::dates::humanize(*lang, &json!(value));
                let value = shown.as_str().unwrap();
                assert!(r.text.contains(value), "{kind} {lang}: text lacks {value}:\n{}", r.text);
                assert!(r.html.contains(value), "{kind} {lang}: html lacks {value}:\n{}", r.html);
            }
        }
    }
}

#[test]
fn the_acknowledgement_carries_the_number_and_access_code_in_each_language() {
    let payload = json!({"number": "HQ-2025-000001", "access_code": "ABCD234567",
                         "received_on": "2025-03-14", "due_on": "2025-03-21", "subject": "Pension"});
    for lang in Language::ALL {
        let r = render("appeal_registered", *lang, &payload).unwrap();
        assert!(r.subject.contains("HQ-2025-000001"), "{lang}");
        let due = crate::dates::written(*lang, chrono::NaiveDate::from_ymd_opt(2025, 3, 21).unwrap());
        for body in [&r.text, &r.html] {
            assert!(
                body.contains("HQ-2025-000001") && body.contains("ABCD234567") && body.contains(&due),
                "{lang}: {body}"
            );
            assert!(!body.contains("2025-03-21"), "{lang}: an ISO date in a letter: {body}");
        }
    }
    let ru = render("appeal_registered", Language::Ru, &payload).unwrap();
    assert!(ru.subject.starts_with("Ваше обращение"));
    assert!(ru.text.starts_with("Уважаемый заявитель!"), "{}", ru.text);
}

#[test]
fn account_created_is_rendered_in_each_language() {
    let payload = json!({"full_name": "Aziz Rahimov", "role": "case_officer", "office": "TAS"});
    for lang in Language::ALL {
        let r = render("account_created", *lang, &payload).unwrap();
        assert!(
            r.text.contains("Aziz Rahimov") && r.text.contains("TAS"),
            "{lang}: {}",
            r.text
        );
    }
    let uz = render("account_created", Language::UzLatn, &payload).unwrap();
    assert!(uz.text.starts_with("Hurmatli Aziz Rahimov!"), "{}", uz.text);
    let ru = render("account_created", Language::Ru, &payload).unwrap();
    assert!(ru.text.starts_with("Здравствуйте, Aziz Rahimov!"), "{}", ru.text);
    assert!(render("account_created", Language::En, &json!({})).is_err());
    assert!(render("no_such_kind", Language::En, &payload).is_err());
}

#[test]
fn a_missing_field_is_named() {
    let err = render("account_created", Language::En, &json!({"full_name": "A", "role": "r"})).unwrap_err();
    assert!(
        matches!(&err, RenderError::MissingField { kind, field } if kind == "account_created" && field == "office"),
        "{err:?}"
    );
    assert!(err.to_string().contains("office"), "{err}");

    let p = json!({"number": "N", "due_on": "2025-01-01", "reason": "r"});
    let err = render("deadline_extended", Language::Ru, &p).unwrap_err();
    assert!(
        matches!(&err, RenderError::MissingField { field, .. } if field == "days"),
        "{err:?}"
    );

    let p = json!({"number": "N", "due_on": "2025-01-01", "days": "three", "reason": "r"});
    let err = render("deadline_extended", Language::Ru, &p).unwrap_err();
    assert!(
        matches!(&err, RenderError::InvalidPayload { field, .. } if field == "days"),
        "{err:?}"
    );

    let p = json!({"full_name": "M", "office": "TAS", "week": "2026-W48", "open": 1, "overdue": 1,
                   "due_soon": 0, "registered": 0, "closed": 0,
                   "overdue_items": [{"due_on": "2025-03-01", "days_overdue": 3}]});
    let err = render("weekly_digest", Language::En, &p).unwrap_err();
    assert!(
        matches!(&err, RenderError::MissingField { field, .. } if field == "overdue_items[0].number"),
        "{err:?}"
    );

    let err = render("appeal_closed", Language::En, &json!(null)).unwrap_err();
    assert!(
        matches!(&err, RenderError::InvalidPayload { field, .. } if field == "payload"),
        "{err:?}"
    );
}

#[test]
fn an_unknown_kind_is_an_error() {
    let err = render("no_such_kind", Language::En, &json!({})).unwrap_err();
    assert!(
        matches!(&err, RenderError::UnknownKind(k) if k == "no_such_kind"),
        "{err:?}"
    );
}

#[test]
fn user_text_is_escaped_in_html_only() {
    let payload = json!({"number": "HQ-2025-000001", "subject": "<script>alert(1)</script> & co",
                         "due_on": "2025-03-21", "full_name": "<script>x</script>"});
    for lang in Language::ALL {
        let r = render("appeal_assigned", *lang, &payload).unwrap();
        assert!(!r.html.contains("<script>"), "{lang}: {}", r.html);
        assert!(
            r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
            "{lang}: {}",
            r.html
        );
        assert!(r.html.contains("&lt;script&gt;x&lt;/script&gt;"), "{lang}: {}", r.html);
        assert!(r.text.contains("<script>alert(1)</script> & co"), "{lang}: {}", r.text);
        assert!(r.text.contains("<script>x</script>"), "{lang}: {}", r.text);
    }
    let r = render("appeal_assigned", Language::UzLatn, &payload).unwrap();
    // The official ʻ is a letter, not a quote: nothing to escape.
    assert!(r.html.contains("koʻrib chiqib"), "{}", r.html);
    let quoted = json!({"full_name": "\"Q\" 'q'", "role": "r", "office": "o"});
    let r = render("account_created", Language::En, &quoted).unwrap();
    assert!(r.html.contains("Dear &quot;Q&quot; &#39;q&#39;,"), "{}", r.html);
    // A subject line made of user text is escaped in the HTML title too.
    let payload = json!({"number": "<b>1</b>", "outcome": "rejected", "subject": "s"});
    let r = render("appeal_closed", Language::En, &payload).unwrap();
    assert_eq!(r.subject, "Decision on appeal <b>1</b>");
    assert!(
        r.html
            .contains("<title>Decision on appeal &lt;b&gt;1&lt;/b&gt;</title>"),
        "{}",
        r.html
    );
}

#[test]
fn outcomes_are_labelled_in_each_language() {
    let labels = [
        (Language::UzLatn, "qisman qanoatlantirildi"),
        (Language::UzCyrl, "қисман қаноатлантирилди"),
        (Language::Ru, "удовлетворено частично"),
        (Language::En, "partially satisfied"),
    ];
    let payload = json!({"number": "HQ-1", "outcome": "partially_satisfied", "subject": "s"});
    for (lang, label) in labels {
        let r = render("appeal_closed", lang, &payload).unwrap();
        assert!(r.text.contains(label), "{lang}: {}", r.text);
        assert!(!r.text.contains("partially_satisfied"), "{lang}: {}", r.text);
    }
    for code in Outcome::ALL {
        for lang in Language::ALL {
            let label = outcome_label(*lang, code.as_str());
            assert!(!label.is_empty() && !label.contains('_'), "{lang} {code}: {label}");
            if *lang != Language::En {
                assert_ne!(label, code.as_str(), "{lang} {code}");
            }
        }
    }
    let payload = json!({"number": "HQ-1", "outcome": "mediated", "subject": "s"});
    let r = render("appeal_closed", Language::Ru, &payload).unwrap();
    assert!(r.text.contains("Результат: mediated."), "{}", r.text);
}

#[test]
fn the_reminder_uses_russian_plurals() {
    for (n, phrase) in [
        (1, "через 1 день"),
        (2, "через 2 дня"),
        (5, "через 5 дней"),
        (21, "через 21 день"),
    ] {
        let payload = json!({"number": "HQ-1", "subject": "s", "due_on": "2025-03-21", "days_left": n,
                             "full_name": "Aziz Rahimov"});
        let r = render("deadline_approaching", Language::Ru, &payload).unwrap();
        assert!(r.subject.contains(phrase), "{n}: {}", r.subject);
        assert!(r.text.contains(phrase), "{n}: {}", r.text);
        assert!(r.html.contains(phrase), "{n}: {}", r.html);
    }
    let payload = json!({"number": "HQ-1", "subject": "s", "due_on": "2025-03-21", "days_left": 0,
                         "full_name": "Aziz Rahimov"});
    let today = [
        (Language::UzLatn, "bugun"),
        (Language::UzCyrl, "бугун"),
        (Language::Ru, "сегодня"),
        (Language::En, "today"),
    ];
    for (lang, word) in today {
        let r = render("deadline_approaching", lang, &payload).unwrap();
        assert!(r.subject.contains(word) && r.text.contains(word), "{lang}: {}", r.text);
        assert!(!r.text.contains(" 0 "), "{lang}: {}", r.text);
    }
    let en = render(
        "deadline_approaching",
        Language::En,
        &json!({"number": "HQ-1", "subject": "s",
        "due_on": "2025-03-21", "days_left": 1, "full_name": "A"}),
    )
    .unwrap();
    assert_eq!(en.subject, "Appeal HQ-1 is due in 1 day");
}

#[test]
fn the_extension_counts_days() {
    let payload = json!({"number": "HQ-1", "due_on": "2025-04-21", "days": 2, "reason": "r"});
    let expected = [
        (Language::UzLatn, "2 kunga uzaytirildi"),
        (Language::UzCyrl, "2 кунга узайтирилди"),
        (Language::Ru, "продлён на 2 дня"),
        (Language::En, "extended by 2 days"),
    ];
    for (lang, phrase) in expected {
        let r = render("deadline_extended", lang, &payload).unwrap();
        assert!(r.text.contains(phrase), "{lang}: {}", r.text);
    }
}

#[test]
fn the_digest_lists_overdue_items_only_when_there_are_some() {
    let base = json!({"full_name": "Dilnoza Karimova", "office": "TAS", "week": "2026-W48",
    "open": 12, "overdue": 1, "due_soon": 21, "registered": 2, "closed": 0,
    "overdue_items": [
        {"number": "HQ-2025-000012", "due_on": "2025-03-01", "days_overdue": 3,
         "assignee": "Aziz Rahimov"},
        {"number": "HQ-2025-000013", "due_on": "2025-03-02", "days_overdue": 1, "assignee": null}
    ]});
    let en = render("weekly_digest", Language::En, &base).unwrap();
    assert!(
        en.text.contains("12 appeals are open, of which 1 is overdue."),
        "{}",
        en.text
    );
    assert!(en.text.contains("21 appeals are due"), "{}", en.text);
    assert!(
        en.text.contains("2 appeals were registered and 0 appeals were closed"),
        "{}",
        en.text
    );
    assert!(
        en.text
            .contains("- HQ-2025-000012 — due 1 March 2025, 3 days overdue — Aziz Rahimov"),
        "{}",
        en.text
    );
    assert!(
        en.text
            .contains("- HQ-2025-000013 — due 2 March 2025, 1 day overdue — unassigned"),
        "{}",
        en.text
    );
    assert!(en.html.contains("<ul") && en.html.contains("<li"), "{}", en.html);

    let ru = render("weekly_digest", Language::Ru, &base).unwrap();
    assert!(
        ru.text
            .contains("На рассмотрении 12 обращений, из них просрочено 1 обращение."),
        "{}",
        ru.text
    );
    assert!(ru.text.contains("семь дней: 21 обращение."), "{}", ru.text);
    assert!(
        ru.text.contains("зарегистрировано 2 обращения, закрыто 0 обращений"),
        "{}",
        ru.text
    );
    assert!(ru.text.contains("просрочено на 3 дня — Aziz Rahimov"), "{}", ru.text);
    assert!(ru.text.contains("исполнитель не назначен"), "{}", ru.text);

    let uz = render("weekly_digest", Language::UzLatn, &base).unwrap();
    assert!(
        uz.text.contains("Hozirda 12 murojaat koʻrib chiqilmoqda."),
        "{}",
        uz.text
    );

    let mut empty = base.clone();
    empty["overdue"] = json!(0);
    empty["overdue_items"] = json!([]);
    for lang in Language::ALL {
        let r = render("weekly_digest", *lang, &empty).unwrap();
        assert!(!r.html.contains("<ul") && !r.html.contains("<li"), "{lang}: {}", r.html);
        assert!(!r.html.contains("<h2"), "{lang}: {}", r.html);
        assert!(!r.text.contains("\n- "), "{lang}: {}", r.text);
    }

    let mut central = base;
    central["all_offices"] = json!(true);
    let r = render("weekly_digest", Language::En, &central).unwrap();
    assert_eq!(
        r.subject,
        "Weekly summary: all offices, 23 November 2026 – 29 November 2026"
    );
}

#[test]
fn the_text_layout_is_tidy() {
    let payload = json!({"number": "HQ-2025-000001", "subject": "Pension", "due_on": "2025-03-21",
                         "full_name": "Aziz Rahimov"});
    let r = render("appeal_assigned", Language::En, &payload).unwrap();
    let expected = "Dear Aziz Rahimov,\n\n\
        Appeal HQ-2025-000001 is assigned to you. Please consider it and prepare the answer by 21 March 2025.\n\n\
        Appeal number: HQ-2025-000001\n\
        Subject: Pension\n\
        Due by: 21 March 2025\n\n\
        -- \n\
        This message was sent automatically by the Ombudsman case system.";
    assert_eq!(r.text, format!("{expected}\n"));
}
