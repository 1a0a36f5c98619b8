#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Exports of the report (CSV, XLSX with charts, labels in the asked language) and published
//! snapshots: frozen figures that later corrections do not change, compared with the live report.

use std::io::{Cursor, Read};

use sha2::Digest;

use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn appeal(received_on: &str, region: &str) -> Value {
    json!({
        "received_on": received_on, "channel": "letter", "anonymous": true, "region": region,
        "subject": "Pensiya to'lanmayapti", "categories": ["social_security"], "respondent_bodies": ["Pension Fund"]
    })
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> Reply {
    let r = app.call(Method::POST, path, Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "POST {path}: {}", r.text);
    r
}

async fn download(
    app: &TestApp,
    token: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let mut req = app.client.get(format!("{}{path}", app.address)).bearer_auth(token);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.bytes().await.unwrap().to_vec())
}

/// The files of an XLSX (a zip) by name.
fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("an XLSX is a zip");
    let mut files = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        let name = f.name().unwrap().to_string();
        files.insert(name, text);
    }
    files
}

/// The value of a cell (`C2`) of a sheet's XML.
fn cell(sheet: &str, reference: &str) -> Option<String> {
    let start = sheet.find(&format!("r=\"{reference}\""))?;
    let rest = &sheet[start..];
    let end = rest.find("</c>")?;
    let c = &rest[..end];
    let v = c.find("<v>")?;
    Some(c[v + 3..c.find("</v>")?].to_owned())
}

#[actix_web::test]
async fn the_half_year_report_downloads_as_xlsx_and_csv_in_the_asked_language() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    for (day, region) in [
        ("2025-01-15", "navoi"),
        ("2025-03-02", "navoi"),
        ("2025-06-30", "jizzakh"),
    ] {
        post(&app, &officer, "/api/v1/appeals", appeal(day, region)).await;
    }
    post(&app, &officer, "/api/v1/appeals", appeal("2024-02-01", "navoi")).await;

    let (status, headers, bytes) = download(
        &app,
        &manager,
        "/api/v1/reports/half-year?year=2025&half=1&format=xlsx",
        &[("accept-language", "ru")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("report-2025-H1.xlsx"));
    let files = unzip(&bytes);
    let workbook = &files["xl/workbook.xml"];
    for sheet in [
        "Отчёт за полугодие",
        "Обращения",
        "Меры реагирования",
        "Мониторинговые визиты",
    ] {
        assert!(
            workbook.contains(&format!("name=\"{sheet}\"")),
            "no sheet {sheet} in {workbook}"
        );
    }
    // The cover, the four sections, referrals with partners, and (every office) per office.
    assert_eq!(workbook.matches("<sheet ").count(), 7);
    for sheet in ["Омбудсмены-партнёры", "По подразделениям"] {
        assert!(
            workbook.contains(&format!("name=\"{sheet}\"")),
            "no sheet {sheet} in {workbook}"
        );
    }
    assert!(files.contains_key("xl/charts/chart1.xml"), "{:?}", files.keys());
    assert!(files.contains_key("xl/charts/chart2.xml"), "{:?}", files.keys());
    assert!(files["xl/charts/chart1.xml"].contains("Обращения по месяцам"));
    assert!(files["xl/charts/chart2.xml"].contains("Визиты по типам учреждений"));
    // The appeals sheet: received 3 against 1, +200 %.
    let appeals = &files["xl/worksheets/sheet2.xml"];
    assert_eq!(cell(appeals, "C2").as_deref(), Some("3"));
    assert_eq!(cell(appeals, "D2").as_deref(), Some("1"));
    assert_eq!(cell(appeals, "E2").as_deref(), Some("2"));
    assert!(files["xl/sharedStrings.xml"].contains("Поступило"));

    // CSV in English, the same figures.
    let (status, headers, bytes) = download(
        &app,
        &manager,
        "/api/v1/reports/half-year?year=2025&half=1",
        &[("accept", "text/csv"), ("accept-language", "en")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(headers["content-language"], "en");
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next().unwrap(),
        "Section,Group,Item,code,Reporting period (2025-01-01 – 2025-06-30),Same period of the previous year (2024-01-01 – 2024-06-30),\"Change, %\""
    );
    assert!(text.contains("\nAppeals,Received,,,3,1,200.0\n"), "{text}");
    assert!(text.contains(",navoi,2,1,100.0\n"), "{text}");
    assert!(
        text.contains("\nCompensation recovered,Total amount,UZS,UZS,0.00,0.00,\n"),
        "{text}"
    );

    // A wrong format is named.
    let r = app
        .call(
            Method::GET,
            "/api/v1/reports/half-year?year=2025&half=1&format=pdf",
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["errors"][0]["field"], "format");
}

#[actix_web::test]
async fn a_published_report_stays_as_published_when_the_data_are_corrected() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    for day in ["2025-02-01", "2025-05-05"] {
        post(&app, &officer, "/api/v1/appeals", appeal(day, "navoi")).await;
    }

    // Who publishes.
    let body = json!({"year": 2025, "half": 1, "note": "For the Oliy Majlis"});
    let r = app
        .call(
            Method::POST,
            "/api/v1/reports/snapshots",
            Some(&officer),
            Some(body.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .call(
            Method::POST,
            "/api/v1/reports/snapshots",
            Some(&manager),
            Some(json!({"year": 2025})),
        )
        .await;
    assert_eq!(
        (r.status, r.body["errors"][0]["field"].clone()),
        (StatusCode::BAD_REQUEST, json!("half"))
    );

    let published = post(&app, &manager, "/api/v1/reports/snapshots", body).await.body;
    assert_eq!(published["title"], "H1 2025");
    assert_eq!(published["figures"]["appeals"]["received"], 2);
    let id = published["id"].as_str().unwrap().to_owned();

    // A late-registered appeal of the period corrects the live figures, not the published ones.
    post(&app, &officer, "/api/v1/appeals", appeal("2025-06-01", "navoi")).await;
    let live = app
        .call(
            Method::GET,
            "/api/v1/reports/half-year?year=2025&half=1",
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(live.body["appeals"]["received"], 3);
    let stored = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/snapshots/{id}"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(stored.status, StatusCode::OK);
    assert_eq!(stored.body["figures"], published["figures"]);
    assert_eq!(stored.body["figures_sha256"], published["figures_sha256"]);

    let cmp = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/snapshots/{id}/comparison"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(cmp.status, StatusCode::OK, "{}", cmp.text);
    assert_eq!(cmp.body["intact"], true);
    let diffs = cmp.body["differences"].as_array().unwrap();
    let received = diffs
        .iter()
        .find(|d| d["path"] == "appeals.received")
        .unwrap_or_else(|| panic!("{diffs:?}"));
    assert_eq!(
        (received["published"].clone(), received["live"].clone()),
        (json!(2), json!(3))
    );
    // Only appeal figures changed: the report's own, and the same ones of the office.
    assert!(
        diffs.iter().all(|d| {
            let path = d["path"].as_str().unwrap();
            path.starts_with("appeals.")
                || ["received", "open", "overdue_open"]
                    .map(|f| format!("by_office[0].{f}"))
                    .contains(&path.to_owned())
        }),
        "{diffs:?}"
    );
    assert!(diffs.iter().any(|d| d["path"] == "by_office[0].received"), "{diffs:?}");

    // The database refuses to change or remove a publication.
    assert!(app
        .sql(&format!(
            "UPDATE report_snapshots SET figures = '{{}}' WHERE id = '{id}'"
        ))
        .is_err());
    assert!(app
        .sql(&format!("DELETE FROM report_snapshots WHERE id = '{id}'"))
        .is_err());

    // The published figures export like the live ones.
    let (status, _, bytes) = download(
        &app,
        &manager,
        &format!("/api/v1/reports/snapshots/{id}?format=xlsx"),
        &[("accept-language", "uz-Cyrl")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let files = unzip(&bytes);
    assert!(files["xl/workbook.xml"].contains("name=\"Мурожаатлар\""));
    assert_eq!(cell(&files["xl/worksheets/sheet2.xml"], "C2").as_deref(), Some("2"));

    // Listed for the office; another office's manager does not see it; auditors do.
    let list = app
        .call(Method::GET, "/api/v1/reports/snapshots?year=2025", Some(&manager), None)
        .await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    assert!(list.body["items"][0].get("figures").is_none());
    let admin = app.token(Role::Admin, "HQ").await;
    post(
        &app,
        &admin,
        "/api/v1/offices",
        json!({"code": "SAM", "name": "Samarkand regional office", "region": "samarkand"}),
    )
    .await;
    let sam = app.token(Role::Manager, "SAM").await;
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/snapshots/{id}"),
            Some(&sam),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let auditor = app.token(Role::Auditor, "HQ").await;
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/snapshots/{id}"),
            Some(&auditor),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

/// Rows for the figures added later, in the first half of 2025 and of 2024, on top of the
/// appeals registered through the API: a child's appeal, appeals closed after their due date, a
/// joint visit and a Public Group's visit with people interviewed, referrals with a partner.
fn later_figures_rows(app: &TestApp) {
    app.sql(
        "INSERT INTO applicants (id, kind, full_name, vulnerabilities) VALUES \
         ('00000000-0000-7000-8000-00000000a0c1', 'citizen', 'A child', ARRAY['child']::text[]); \
         UPDATE appeals SET applicant_id = '00000000-0000-7000-8000-00000000a0c1', anonymous = false \
         WHERE received_on IN ('2025-01-15', '2025-03-02'); \
         UPDATE appeals SET status = 'closed', outcome = 'explained', closed_on = due_on + 3 \
         WHERE received_on IN ('2025-03-02', '2024-02-01'); \
         UPDATE appeals SET status = 'closed', outcome = 'explained', closed_on = received_on \
         WHERE received_on = '2025-06-30'; \
         INSERT INTO facilities (id, name, kind, region, operating_authority) VALUES \
         ('00000000-0000-7000-8000-0000000f0001', 'Facility', 'penal_institution', 'navoi', 'Ministry'); \
         INSERT INTO visits (id, number, office_id, facility_id, started_on, ended_on, visit_type, \
                             public_group_members, people_interviewed, people_interviewed_in_groups) VALUES \
         ('00000000-0000-7000-8000-0000000c0001', 'V-1', (SELECT id FROM offices WHERE code = 'HQ'), \
          '00000000-0000-7000-8000-0000000f0001', '2025-04-01', '2025-04-02', 'planned', \
          ARRAY['Member']::text[], 12, 30), \
         ('00000000-0000-7000-8000-0000000c0002', 'V-2', (SELECT id FROM offices WHERE code = 'HQ'), \
          '00000000-0000-7000-8000-0000000f0001', '2024-05-01', '2024-05-01', 'unannounced', \
          ARRAY['Member']::text[], 5, 0); \
         INSERT INTO visit_team (visit_id, user_id) \
         SELECT '00000000-0000-7000-8000-0000000c0001', id FROM users ORDER BY id LIMIT 1; \
         INSERT INTO partners (id, name, agreement, agreement_from) VALUES \
         ('00000000-0000-7000-8000-0000000d0001', 'Ombudsman of Kazakhstan', 'Memorandum', '2024-01-01'); \
         INSERT INTO referrals (id, appeal_id, partner_id, direction, referred_on) \
         SELECT gen_random_uuid(), id, '00000000-0000-7000-8000-0000000d0001', 'outgoing', '2025-02-10' \
         FROM appeals WHERE received_on = '2025-01-15'; \
         INSERT INTO referrals (id, appeal_id, partner_id, direction, referred_on) \
         SELECT gen_random_uuid(), id, '00000000-0000-7000-8000-0000000d0001', 'incoming', '2024-02-01' \
         FROM appeals WHERE received_on = '2024-02-01';",
    )
    .expect("the rows of the later figures");
}

async fn csv_in(app: &TestApp, token: &str, path: &str, lang: &str) -> String {
    let (status, _, bytes) = download(app, token, path, &[("accept", "text/csv"), ("accept-language", lang)]).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&bytes));
    String::from_utf8(bytes).unwrap()
}

#[actix_web::test]
async fn the_later_figures_export_with_labels_and_an_older_publication_still_reads() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    for (day, region) in [
        ("2025-01-15", "navoi"),
        ("2025-03-02", "navoi"),
        ("2025-06-30", "jizzakh"),
        ("2024-02-01", "navoi"),
    ] {
        post(&app, &officer, "/api/v1/appeals", appeal(day, region)).await;
    }
    later_figures_rows(&app);

    let live = app
        .call(
            Method::GET,
            "/api/v1/reports/half-year?year=2025&half=1",
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(live.status, StatusCode::OK, "{}", live.text);
    let (a, v, r) = (
        &live.body["appeals"],
        &live.body["monitoring_visits"],
        &live.body["referrals"],
    );
    assert_eq!(
        (a["closed_late"].clone(), a["previous_closed_late"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(a["from_vulnerable_groups"], 2);
    assert_eq!(a["previous_from_vulnerable_groups"], 0);
    assert_eq!(a["by_vulnerability"]["child"], 2);
    assert_eq!(a["previous_by_vulnerability"]["child"], 0);
    assert_eq!(
        v["by_conducted_by"],
        json!({"office_staff": 0, "public_group": 0, "joint": 1})
    );
    assert_eq!(
        v["previous_by_conducted_by"],
        json!({"office_staff": 0, "public_group": 1, "joint": 0})
    );
    assert_eq!(
        (
            v["people_interviewed"].clone(),
            v["previous_people_interviewed"].clone()
        ),
        (json!(12), json!(5))
    );
    assert_eq!(
        (
            v["people_interviewed_in_groups"].clone(),
            v["previous_people_interviewed_in_groups"].clone()
        ),
        (json!(30), json!(0))
    );
    assert_eq!(
        r,
        &json!({"outgoing": 1, "previous_outgoing": 0, "incoming": 0, "previous_incoming": 1,
                "by_partner": [{"name": "Ombudsman of Kazakhstan", "outgoing": 1, "previous_outgoing": 0,
                                "incoming": 0, "previous_incoming": 1}]})
    );
    let hq = &live.body["by_office"][0];
    assert_eq!(hq["office_code"], "HQ");
    assert_eq!(
        (
            hq["received"].clone(),
            hq["previous_received"].clone(),
            hq["closed"].clone(),
            hq["open"].clone()
        ),
        (json!(3), json!(1), json!(2), json!(1))
    );
    assert_eq!(
        (
            hq["monitoring_visits"].clone(),
            hq["previous_monitoring_visits"].clone()
        ),
        (json!(1), json!(1))
    );
    assert_eq!(hq["compensation_minor"], json!({"UZS": 0}));

    // The rows, labelled, in Russian and in Uzbek (Latin).
    let path = "/api/v1/reports/half-year?year=2025&half=1";
    let ru = csv_in(&app, &manager, path, "ru").await;
    for line in [
        "\nОбращения,Рассмотрено с нарушением срока,,,1,1,0.0\n",
        "\nОбращения,Обращения лиц из уязвимых групп,,,2,0,\n",
        "\nОбращения,По уязвимым категориям,Ребёнок,child,2,0,\n",
        "\nМониторинговые визиты,По составу проводивших визит,Сотрудники и общественные группы совместно,joint,1,0,\n",
        "\nМониторинговые визиты,По составу проводивших визит,Общественные группы,public_group,0,1,-100.0\n",
        "\nМониторинговые визиты,Опрошено лиц индивидуально,,,12,5,140.0\n",
        "\nМониторинговые визиты,Опрошено лиц в группах,,,30,0,\n",
        "\nОбмен обращениями с омбудсменами-партнёрами,Направлено партнёрам,,,1,0,\n",
        "\nОбмен обращениями с омбудсменами-партнёрами,\"Получено, по партнёрам\",Ombudsman of Kazakhstan,,0,1,-100.0\n",
        "\nПо подразделениям,Поступило,HQ,HQ,3,1,200.0\n",
        "\nПо подразделениям,На рассмотрении,HQ,HQ,1,0,\n",
    ] {
        assert!(ru.contains(line), "no {line:?} in\n{ru}");
    }
    let uz = csv_in(&app, &manager, path, "uz-Latn").await;
    for line in [
        "\nMurojaatlar,Muddati oʻtkazib koʻrib chiqilgan,,,1,1,0.0\n",
        "\nMurojaatlar,Zaif toifalar boʻyicha,Bola,child,2,0,\n",
        "\nMonitoring tashriflari,Tashrifni oʻtkazganlar boʻyicha,Jamoatchilik guruhlari,public_group,0,1,-100.0\n",
        "\nHamkor ombudsmanlar bilan murojaatlar almashinuvi,Hamkorlarga yuborilgan,,,1,0,\n",
        "\nIdoralar boʻyicha,Kelib tushgan,HQ,HQ,3,1,200.0\n",
    ] {
        assert!(uz.contains(line), "no {line:?} in\n{uz}");
    }

    // The workbook in Uzbek (Cyrillic): the sheets of referrals and offices, labelled.
    let (status, _, bytes) = download(
        &app,
        &manager,
        &format!("{path}&format=xlsx"),
        &[("accept-language", "uz-Cyrl")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let files = unzip(&bytes);
    for sheet in ["Ҳамкор омбудсманлар", "Идоралар бўйича"] {
        assert!(
            files["xl/workbook.xml"].contains(&format!("name=\"{sheet}\"")),
            "{}",
            files["xl/workbook.xml"]
        );
    }
    for label in [
        "Муддати ўтказиб кўриб чиқилган",
        "Жамоатчилик гуруҳлари",
        "Ҳамкорларга юборилган",
    ] {
        assert!(files["xl/sharedStrings.xml"].contains(label), "no {label}");
    }
    // Sheet 6 is the referrals': outgoing 1 against 0 on its first line.
    assert_eq!(cell(&files["xl/worksheets/sheet6.xml"], "C2").as_deref(), Some("1"));
    assert_eq!(cell(&files["xl/worksheets/sheet6.xml"], "D2").as_deref(), Some("0"));

    // A publication stored before these figures existed still reads, exports without them (not
    // as zeros it never stated) and compares only on the figures it has.
    let published = post(
        &app,
        &manager,
        "/api/v1/reports/snapshots",
        json!({"year": 2025, "half": 1}),
    )
    .await
    .body;
    let mut old = published["figures"].clone();
    for (section, figure) in [
        ("appeals", "closed_late"),
        ("appeals", "previous_closed_late"),
        ("appeals", "from_vulnerable_groups"),
        ("appeals", "previous_from_vulnerable_groups"),
        ("appeals", "by_vulnerability"),
        ("appeals", "previous_by_vulnerability"),
        ("monitoring_visits", "by_conducted_by"),
        ("monitoring_visits", "previous_by_conducted_by"),
        ("monitoring_visits", "people_interviewed"),
        ("monitoring_visits", "previous_people_interviewed"),
        ("monitoring_visits", "people_interviewed_in_groups"),
        ("monitoring_visits", "previous_people_interviewed_in_groups"),
    ] {
        assert!(
            old[section].as_object_mut().unwrap().remove(figure).is_some(),
            "{figure}"
        );
    }
    let top = old.as_object_mut().unwrap();
    assert!(top.remove("referrals").is_some() && top.remove("by_office").is_some());
    let sha = sha2::Sha256::digest(serde_json::to_vec(&old).unwrap());
    let id = "00000000-0000-7000-8000-0000000e0001";
    app.sql(&format!(
        "INSERT INTO report_snapshots (id, office_id, kind, period_from, period_to, title, note, figures, \
                                       figures_sha256, published_by, published_at) \
         SELECT '{id}', NULL, 'half_year', '2025-01-01', '2025-06-30', 'H1 2025 (before the new figures)', '', \
                '{}'::jsonb, decode('{}', 'hex'), published_by, published_at - interval '1 day' \
         FROM report_snapshots WHERE id = '{}'",
        old.to_string().replace('\'', "''"),
        hex::encode(sha),
        published["id"].as_str().unwrap(),
    ))
    .expect("store a publication of the older shape");
    let stored = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/snapshots/{id}"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.text);
    assert_eq!(stored.body["figures"], old);
    let en = csv_in(&app, &manager, &format!("/api/v1/reports/snapshots/{id}"), "en").await;
    assert!(en.contains("\nAppeals,Received,,,3,1,200.0\n"), "{en}");
    for absent in [
        "Closed after the due date",
        "By who made the visit",
        "Referred to partners",
        "By office",
    ] {
        assert!(
            !en.contains(absent),
            "{absent} in an export of a publication that predates it:\n{en}"
        );
    }
    let cmp = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/snapshots/{id}/comparison"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(cmp.status, StatusCode::OK, "{}", cmp.text);
    assert_eq!(cmp.body["intact"], true);
    assert_eq!(
        cmp.body["differences"],
        json!([]),
        "nothing changed but the figures it lacks"
    );
    assert_eq!(cmp.body["live"]["appeals"]["closed_late"], 1);
    // The publication of today's shape compares on every figure: none changed.
    let cmp = app
        .call(
            Method::GET,
            &format!(
                "/api/v1/reports/snapshots/{}/comparison",
                published["id"].as_str().unwrap()
            ),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(
        (cmp.body["intact"].clone(), cmp.body["differences"].clone()),
        (json!(true), json!([]))
    );
}
