#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Exports of the report (CSV, XLSX with charts, labels in the asked language) and published
//! snapshots: frozen figures that later corrections do not change, compared with the live report.

use std::io::{Cursor, Read};

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
    assert_eq!(workbook.matches("<sheet ").count(), 5);
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
    assert!(
        diffs
            .iter()
            .all(|d| d["path"].as_str().unwrap().starts_with("appeals.")),
        "{diffs:?}"
    );

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
