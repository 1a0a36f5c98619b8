//! The live reports through the HTTP API: a few hundred generated appeals, measures, compensation
//! records and visits over 2024–2025 are inserted directly, the test works out every figure from
//! its own rows in plain Rust, and compares them with what `/api/v1/reports/...` answers. Also the
//! period boundaries, an empty period, office scopes, roles and parameter validation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "reports/expected.rs"]
mod expected;
#[path = "reports/fixture.rs"]
mod fixture;

use std::collections::BTreeMap;

use ombudsman_domain::appeal::Channel;
use ombudsman_domain::office::tashkent_date;
use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use expected::{assert_same, Scope};
use fixture::{d, generate, insert};

const HQ_ID: &str = "01930000-0000-7000-8000-000000000001";

fn check(report: &Reply, scope: &Scope<'_>) {
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    let today = tashkent_date(chrono::Utc::now());
    let r = &report.body;
    assert_eq!(r["period"], json!({"from": scope.from, "to": scope.to}));
    assert_eq!(
        r["previous_period"],
        json!({"from": scope.prev_from, "to": scope.prev_to})
    );
    assert_eq!(r["as_of"], json!(today));
    assert_same(&r["appeals"], &scope.appeals(today), "appeals");
    assert_same(&r["impact_measures"], &scope.measures(), "impact_measures");
    assert_same(&r["compensation"], &scope.compensation(), "compensation");
    assert_same(&r["monitoring_visits"], &scope.visits(), "monitoring_visits");
    assert_same(&r["referrals"], &scope.referrals(), "referrals");
    assert_same(&r["by_office"], &scope.by_office(today), "by_office");
}

async fn get(app: &TestApp, token: &str, path: &str) -> Reply {
    app.call(Method::GET, path, Some(token), None).await
}

async fn regional_office(app: &TestApp) -> String {
    let admin = app.token(Role::Admin, "HQ").await;
    let office = json!({"code": "SAM", "name": "Samarkand regional office", "region": "samarkand"});
    let created = app
        .call(Method::POST, "/api/v1/offices", Some(&admin), Some(office))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    created.body["id"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn every_figure_matches_the_rows_for_each_scope_and_period() {
    let app = TestApp::spawn().await;
    let sam = regional_office(&app).await;
    let offices = BTreeMap::from([("HQ".to_owned(), HQ_ID.to_owned()), ("SAM".to_owned(), sam.clone())]);
    let data = generate(offices, 20250630);
    insert(&app, &data);
    let central = app.token(Role::Manager, "HQ").await;
    let auditor = app.token(Role::Auditor, "HQ").await;
    let regional = app.token(Role::Manager, "SAM").await;
    let h1 = |office| Scope {
        data: &data,
        office,
        from: d("2025-01-01"),
        to: d("2025-06-30"),
        prev_from: d("2024-01-01"),
        prev_to: d("2024-06-30"),
    };

    let all = get(&app, &central, "/api/v1/reports/half-year?year=2025&half=1").await;
    check(&all, &h1(None));
    assert_eq!(all.body["half_year"], json!({"year": 2025, "half": 1}));
    assert_eq!(all.body["scope"], json!({"office_id": null, "office_code": null}));
    assert!(
        all.body["appeals"]["received"].as_i64().unwrap() > 50,
        "the fixture fills the half-year"
    );
    assert!(all.body["monitoring_visits"]["recommendations_implementation_rate"].is_f64());
    // The fixture exercises every new figure in both periods, so that a zero cannot pass.
    for (section, figure) in [
        ("appeals", "closed_late"),
        ("appeals", "previous_closed_late"),
        ("appeals", "from_vulnerable_groups"),
        ("appeals", "previous_from_vulnerable_groups"),
        ("monitoring_visits", "people_interviewed"),
        ("monitoring_visits", "previous_people_interviewed_in_groups"),
        ("referrals", "outgoing"),
        ("referrals", "previous_incoming"),
    ] {
        assert!(
            all.body[section][figure].as_i64().unwrap() > 0,
            "{section}.{figure}: {}",
            all.body[section]
        );
    }
    for code in ["office_staff", "public_group", "joint"] {
        assert!(
            all.body["monitoring_visits"]["by_conducted_by"][code].as_i64().unwrap() > 0,
            "{code}"
        );
        assert!(
            all.body["monitoring_visits"]["previous_by_conducted_by"][code]
                .as_i64()
                .unwrap()
                > 0,
            "{code}"
        );
    }
    assert!(all.body["appeals"]["by_vulnerability"]["child"].as_i64().unwrap() > 0);
    assert_eq!(all.body["appeals"]["by_vulnerability"]["servicemember"], 0);
    let offices: Vec<&Value> = all.body["by_office"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| &o["office_code"])
        .collect();
    assert_eq!(offices, [&json!("HQ"), &json!("SAM")]);
    let per_office = |figure: &str| -> i64 {
        all.body["by_office"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o[figure].as_i64().unwrap())
            .sum()
    };
    assert_eq!(json!(per_office("received")), all.body["appeals"]["received"]);
    assert_eq!(
        json!(per_office("previous_monitoring_visits")),
        all.body["monitoring_visits"]["previous"]
    );

    // Auditors see every office too; the central office narrows to one with office_id.
    let audited = get(&app, &auditor, "/api/v1/reports/half-year?year=2025&half=1").await;
    assert_eq!(audited.body, all.body);
    let narrowed = get(
        &app,
        &central,
        &format!("/api/v1/reports/half-year?year=2025&half=1&office_id={sam}"),
    )
    .await;
    check(&narrowed, &h1(Some("SAM")));
    assert_eq!(narrowed.body["scope"], json!({"office_id": sam, "office_code": "SAM"}));

    // A regional manager gets their own office, and only it.
    let own = get(&app, &regional, "/api/v1/reports/half-year?year=2025&half=1").await;
    check(&own, &h1(Some("SAM")));
    assert_ne!(own.body["appeals"]["received"], all.body["appeals"]["received"]);
    // Not the other office's figures: no breakdown per office, only their own referrals.
    assert_eq!(own.body["by_office"], json!([]));
    assert!(!own.text.contains(HQ_ID), "{}", own.text);
    assert_ne!(own.body["referrals"], all.body["referrals"]);
    assert_ne!(own.body["appeals"]["closed_late"], all.body["appeals"]["closed_late"]);
    let other = get(
        &app,
        &regional,
        &format!("/api/v1/reports/half-year?year=2025&half=1&office_id={HQ_ID}"),
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);

    // The second half, and arbitrary periods (a leap-year February against a plain one).
    let h2 = get(&app, &central, "/api/v1/reports/half-year?year=2025&half=2").await;
    check(
        &h2,
        &Scope {
            from: d("2025-07-01"),
            to: d("2025-12-31"),
            prev_from: d("2024-07-01"),
            prev_to: d("2024-12-31"),
            ..h1(None)
        },
    );
    let q1 = get(&app, &central, "/api/v1/reports/period?from=2025-01-15&to=2025-03-31").await;
    check(
        &q1,
        &Scope {
            from: d("2025-01-15"),
            to: d("2025-03-31"),
            prev_from: d("2024-01-15"),
            prev_to: d("2024-03-31"),
            ..h1(None)
        },
    );
    assert_eq!(q1.body["half_year"], Value::Null);
    let feb = get(&app, &regional, "/api/v1/reports/period?from=2025-02-01&to=2025-02-28").await;
    check(
        &feb,
        &Scope {
            from: d("2025-02-01"),
            to: d("2025-02-28"),
            prev_from: d("2024-02-01"),
            prev_to: d("2024-02-29"),
            ..h1(Some("SAM"))
        },
    );
    let year = get(&app, &central, "/api/v1/reports/period?from=2024-12-01&to=2025-11-30").await;
    check(
        &year,
        &Scope {
            from: d("2024-12-01"),
            to: d("2025-11-30"),
            prev_from: d("2023-12-01"),
            prev_to: d("2024-11-30"),
            ..h1(None)
        },
    );
    assert_eq!(year.body["appeals"]["monthly"].as_array().unwrap().len(), 12);
}

fn appeal_on(received_on: &str) -> Value {
    json!({
        "received_on": received_on, "channel": "letter", "anonymous": true, "region": "tashkent_city",
        "subject": "Conditions of detention", "categories": ["prisoners_rights"],
        "respondent_bodies": ["Penitentiary Department"]
    })
}

#[actix_web::test]
async fn an_appeal_counts_in_the_half_year_of_its_tashkent_receipt_date() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    // Registered through the API with the office's (Tashkent) date of receipt: one received at
    // 23:59 on 30 June in Tashkent carries 2025-06-30.
    for day in [
        "2024-06-30",
        "2024-07-01",
        "2024-12-31",
        "2025-01-01",
        "2025-06-30",
        "2025-06-30",
        "2025-07-01",
    ] {
        let r = app
            .call(Method::POST, "/api/v1/appeals", Some(&officer), Some(appeal_on(day)))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }
    let h1 = get(&app, &manager, "/api/v1/reports/half-year?year=2025&half=1").await;
    assert_eq!(h1.status, StatusCode::OK, "{}", h1.text);
    let a = &h1.body["appeals"];
    assert_eq!(
        a["received"], 3,
        "1 January and twice 30 June; not 1 July or 31 December"
    );
    assert_eq!(a["previous"], 1, "30 June 2024; not 1 July 2024");
    assert_eq!(a["change_percent"], 200.0);
    assert_eq!(a["anonymous"], 3);
    assert_eq!(
        a["by_respondent_body"],
        json!([{"name": "Penitentiary Department", "count": 3, "previous": 1}])
    );
    assert_eq!(a["by_rights_group"]["personal"], 3);
    assert_eq!(a["monthly"][0], json!({"month": "2025-01", "count": 1, "previous": 0}));
    assert_eq!(a["monthly"][5], json!({"month": "2025-06", "count": 2, "previous": 1}));
    // Due within weeks of their 2025 receipt and never closed: open and overdue today.
    assert_eq!((a["open"].clone(), a["closed"].clone()), (json!(3), json!(0)));
    assert_eq!(a["overdue_open"], 3);
    assert_eq!(a["median_days_to_close"], Value::Null);
    let h2 = get(&app, &manager, "/api/v1/reports/half-year?year=2025&half=2").await;
    assert_eq!(h2.body["appeals"]["received"], 1);
    assert_eq!(h2.body["appeals"]["previous"], 2, "1 July and 31 December 2024");
    let one_day = get(&app, &manager, "/api/v1/reports/period?from=2025-06-30&to=2025-06-30").await;
    assert_eq!(one_day.body["appeals"]["received"], 2);
    assert_eq!(one_day.body["appeals"]["previous"], 1);
}

#[actix_web::test]
async fn an_empty_period_answers_zeros_not_errors() {
    let app = TestApp::spawn().await;
    let manager = app.token(Role::Manager, "HQ").await;
    let r = get(&app, &manager, "/api/v1/reports/half-year?year=2031&half=2").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let b = &r.body;
    assert_eq!(b["period"], json!({"from": "2031-07-01", "to": "2031-12-31"}));
    assert_eq!(b["previous_period"], json!({"from": "2030-07-01", "to": "2030-12-31"}));
    assert_eq!(b["appeals"]["received"], 0);
    assert_eq!(b["appeals"]["previous"], 0);
    assert_eq!(b["appeals"]["change_percent"], Value::Null);
    assert_eq!(b["appeals"]["by_channel"]["letter"], 0);
    assert_eq!(
        b["appeals"]["by_channel"].as_object().unwrap().len(),
        Channel::ALL.len()
    );
    assert_eq!(b["appeals"]["median_days_to_close"], Value::Null);
    assert_eq!(b["appeals"]["p90_days_to_close"], Value::Null);
    assert_eq!(b["appeals"]["by_respondent_body"], json!([]));
    assert_eq!(b["appeals"]["monthly"].as_array().unwrap().len(), 6);
    assert_eq!(b["impact_measures"]["total"], 0);
    assert_eq!(b["impact_measures"]["by_kind"]["lawsuit"], 0);
    assert_eq!(b["compensation"]["total_minor"], json!({"UZS": 0}));
    assert_eq!(b["compensation"]["previous_total_minor"], json!({"UZS": 0}));
    assert_eq!(b["monitoring_visits"]["total"], 0);
    assert_eq!(
        b["monitoring_visits"]["recommendations_implementation_rate"],
        Value::Null
    );
    assert_eq!(
        b["monitoring_visits"]["previous_recommendations_implementation_rate"],
        Value::Null
    );
    assert_eq!(b["monitoring_visits"]["by_facility_kind"]["penal_institution"], 0);
    assert_eq!(b["appeals"]["closed_late"], 0);
    assert_eq!(b["appeals"]["by_vulnerability"]["migrant_worker"], 0);
    assert_eq!(
        b["monitoring_visits"]["previous_by_conducted_by"],
        json!({"office_staff": 0, "public_group": 0, "joint": 0})
    );
    assert_eq!(b["monitoring_visits"]["people_interviewed"], 0);
    assert_eq!(
        b["referrals"],
        json!({"outgoing": 0, "previous_outgoing": 0, "incoming": 0, "previous_incoming": 0, "by_partner": []})
    );
    // Every office is listed, even without records.
    assert_eq!(b["by_office"].as_array().unwrap().len(), 1);
    assert_eq!(b["by_office"][0]["office_code"], "HQ");
    assert_eq!(b["by_office"][0]["received"], 0);
    assert_eq!(b["by_office"][0]["previous_compensation_minor"], json!({"UZS": 0}));
}

#[actix_web::test]
async fn only_managers_and_auditors_get_reports_and_parameters_are_checked() {
    let app = TestApp::spawn().await;
    for role in [Role::CaseOfficer, Role::Monitor, Role::Admin] {
        let token = app.token(role, "HQ").await;
        for path in [
            "/api/v1/reports/half-year?year=2025&half=1",
            "/api/v1/reports/period?from=2025-01-01&to=2025-03-31",
        ] {
            let r = get(&app, &token, path).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} {path}: {}", r.text);
        }
    }
    let anonymous = app
        .call(Method::GET, "/api/v1/reports/half-year?year=2025&half=1", None, None)
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let manager = app.token(Role::Manager, "HQ").await;
    let fields = |r: &Reply| -> Vec<(String, String)> {
        r.body["errors"]
            .as_array()
            .unwrap_or(&vec![])
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap().to_owned(),
                    e["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let cases = [
        ("/api/v1/reports/half-year?year=2025&half=3", ("half", "out_of_range")),
        ("/api/v1/reports/half-year?year=2025&half=0", ("half", "out_of_range")),
        ("/api/v1/reports/half-year?year=1999&half=1", ("year", "out_of_range")),
        ("/api/v1/reports/half-year?year=2025", ("half", "invalid_parameter")),
        (
            "/api/v1/reports/half-year?year=twenty&half=1",
            ("year", "invalid_parameter"),
        ),
        (
            "/api/v1/reports/half-year?year=2025&half=1&colour=red",
            ("colour", "invalid_parameter"),
        ),
        (
            "/api/v1/reports/period?from=2025-03-31&to=2025-01-01",
            ("to", "before_from"),
        ),
        (
            "/api/v1/reports/period?from=2025-01-01&to=2026-01-01",
            ("to", "too_long"),
        ),
        (
            "/api/v1/reports/period?from=2025-01-01&to=2025-02-30",
            ("to", "invalid_parameter"),
        ),
        (
            "/api/v1/reports/half-year?year=2025&half=1&office_id=01930000-0000-7000-8000-00000000ffff",
            ("office_id", "unknown_office"),
        ),
    ];
    for (path, (field, code)) in cases {
        let r = get(&app, &manager, path).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.text);
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/problem+json"),
            "{path}"
        );
        assert_eq!(fields(&r), vec![(field.to_owned(), code.to_owned())], "{path}");
    }
}

#[actix_web::test]
async fn the_report_is_described_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc = app.call(Method::GET, "/api/openapi.json", None, None).await;
    let paths = &doc.body["paths"];
    assert!(paths["/reports/half-year"]["get"].is_object(), "{}", doc.text);
    assert!(paths["/reports/period"]["get"].is_object());
    let description = paths["/reports/half-year"]["get"]["description"].as_str().unwrap();
    assert!(description.contains("received_on") && description.contains("Tashkent"));
    // The figures added later are described, and optional: older publications lack them.
    let schemas = &doc.body["components"]["schemas"];
    let report = &schemas["Report"];
    for field in ["referrals", "by_office"] {
        assert!(report["properties"][field].is_object(), "Report.{field}: {report}");
        assert!(
            !report["required"].as_array().unwrap().contains(&json!(field)),
            "{field}"
        );
    }
    for (schema, field) in [
        ("AppealFigures", "closed_late"),
        ("AppealFigures", "previous_by_vulnerability"),
        ("VisitFigures", "by_conducted_by"),
        ("VisitFigures", "previous_people_interviewed_in_groups"),
        ("ReferralFigures", "by_partner"),
        ("PartnerReferrals", "previous_incoming"),
        ("OfficeFigures", "previous_compensation_minor"),
    ] {
        assert!(
            schemas[schema]["properties"][field].is_object(),
            "{schema}.{field}: {}",
            schemas[schema]
        );
    }
}
