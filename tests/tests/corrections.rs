//! Money that can be corrected: a manager corrects or voids a compensation record with a
//! reason; the original stays in its history and the audit trail; live reports count the
//! current figures; a published snapshot stays as published and its comparison shows the
//! change. Other roles and other offices get the answers they get for any other record.

use ombudsman_domain::user::Role;
use ombudsman_e2e::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A figure in minor units, however the JSON holds it.
fn minor(v: &Value) -> i128 {
    match v {
        Value::Number(n) => n.to_string().parse().unwrap(),
        Value::String(s) => s.parse().unwrap(),
        Value::Null => 0,
        other => panic!("not a figure: {other}"),
    }
}

async fn report_total(app: &TestApp, manager: &str) -> i128 {
    let r = app
        .call(
            Method::GET,
            "/api/v1/reports/half-year?year=2025&half=1",
            Some(manager),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    minor(&r.body["compensation"]["total_minor"]["UZS"])
}

#[actix_web::test]
async fn a_manager_corrects_and_voids_money_and_the_history_and_publications_hold() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let auditor = app.token(Role::Auditor, "HQ").await;
    let office = app
        .call(
            Method::POST,
            "/api/v1/offices",
            Some(&admin),
            Some(json!({"code": "SAM", "name": "Samarkand regional office", "region": "samarkand"})),
        )
        .await;
    assert_eq!(office.status, StatusCode::CREATED, "{}", office.text);
    let other_manager = app.token(Role::Manager, "SAM").await;

    let appeal = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(json!({
                "received_on": "2025-03-14", "channel": "letter", "region": "navoi",
                "applicant": {"kind": "citizen", "full_name": "Aziz Rahimov", "language": "ru"},
                "subject": "Unpaid wages", "categories": ["labour"]})),
        )
        .await;
    assert_eq!(appeal.status, StatusCode::CREATED, "{}", appeal.text);
    let appeal_id = appeal.body["id"].as_str().unwrap().to_owned();
    let recorded = app
        .call(
            Method::POST,
            "/api/v1/compensations",
            Some(&officer),
            Some(
                json!({"amount_minor": 100000, "currency": "UZS", "kind": "wage_arrears",
                        "paid_by": "Factory", "recovered_on": "2025-04-10", "appeal_id": appeal_id}),
            ),
        )
        .await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.text);
    let id = recorded.body["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/compensations/{id}/corrections");
    assert_eq!(report_total(&app, &manager).await, 100000);

    let published = app
        .call(
            Method::POST,
            "/api/v1/reports/snapshots",
            Some(&manager),
            Some(json!({"year": 2025, "half": 1})),
        )
        .await;
    assert_eq!(published.status, StatusCode::CREATED, "{}", published.text);
    let snapshot = published.body["id"].as_str().unwrap().to_owned();

    // Case officers record money but do not correct it; a manager of another office does not
    // see the record; an auditor reads but does not change.
    let fix = json!({"action": "correct", "amount_minor": 250000, "reason": "Typed 1,000 for 2,500"});
    let r = app.call(Method::POST, &path, Some(&officer), Some(fix.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = app.call(Method::POST, &path, Some(&auditor), Some(fix.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = app
        .call(Method::POST, &path, Some(&other_manager), Some(fix.clone()))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
    let r = app.call(Method::GET, &path, Some(&other_manager), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
    let unknown = format!("/api/v1/compensations/{}/corrections", uuid::Uuid::now_v7());
    let r = app
        .call(Method::POST, &unknown, Some(&manager), Some(fix.clone()))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);

    // Wrong input is named.
    for (body, field) in [
        (json!({"action": "correct", "reason": "No figures"}), "amount_minor"),
        (
            json!({"action": "correct", "amount_minor": 250000, "reason": "  "}),
            "reason",
        ),
        (
            json!({"action": "void", "amount_minor": 1, "reason": "Both"}),
            "amount_minor",
        ),
        (
            json!({"action": "correct", "currency": "XXQ", "reason": "Bad code"}),
            "currency",
        ),
        (
            json!({"action": "correct", "recovered_on": "2025-03-01", "reason": "Before the appeal"}),
            "recovered_on",
        ),
        (
            json!({"action": "correct", "amount_minor": 100000, "reason": "Same figures"}),
            "amount_minor",
        ),
    ] {
        let r = app.call(Method::POST, &path, Some(&manager), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.text);
        assert_eq!(r.body["errors"][0]["field"], field, "{body}: {}", r.text);
    }
    let stale = app
        .call_with(
            Method::POST,
            &path,
            Some(&manager),
            Some(fix.clone()),
            &[("if-match", "\"7\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "{}", stale.text);

    // Corrected: the record has the new figures, its history the old ones.
    let corrected = app.call(Method::POST, &path, Some(&manager), Some(fix)).await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.text);
    assert_eq!(corrected.body["amount_minor"], 250000);
    assert_eq!(corrected.body["amount"], "2500.00");
    assert_eq!(corrected.body["version"], 2);
    let history = app.call(Method::GET, &path, Some(&auditor), None).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    let items = history.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", history.text);
    assert_eq!(items[0]["kind"], "correction");
    assert_eq!(items[0]["amount_minor"], 100000);
    assert_eq!(items[0]["new_amount_minor"], 250000);
    assert_eq!(items[0]["reason"], "Typed 1,000 for 2,500");

    // Live reports count the current figure; the publication stays; the comparison shows it.
    assert_eq!(report_total(&app, &manager).await, 250000);
    let frozen = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/snapshots/{snapshot}"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(frozen.status, StatusCode::OK, "{}", frozen.text);
    assert_eq!(
        minor(&frozen.body["figures"]["compensation"]["total_minor"]["UZS"]),
        100000
    );
    let compared = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/snapshots/{snapshot}/comparison"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(compared.status, StatusCode::OK, "{}", compared.text);
    let change = compared.body["differences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "compensation.total_minor.UZS")
        .unwrap_or_else(|| panic!("the comparison shows the correction: {}", compared.text));
    assert_eq!(minor(&change["published"]), 100000);
    assert_eq!(minor(&change["live"]), 250000);
    let csv = app
        .call(
            Method::GET,
            "/api/v1/reports/half-year?year=2025&half=1&format=csv",
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text);
    assert!(csv.text.contains(",UZS,UZS,2500.00,"), "{}", csv.text);
    assert!(!csv.text.contains("1000.00"), "{}", csv.text);

    // Voided: it stays on record, counts nowhere, and cannot be corrected any more.
    let voided = app
        .call(
            Method::POST,
            &path,
            Some(&manager),
            Some(json!({"action": "void", "reason": "Paid to another person"})),
        )
        .await;
    assert_eq!(voided.status, StatusCode::OK, "{}", voided.text);
    assert!(voided.body["voided_at"].is_string(), "{}", voided.text);
    assert_eq!(voided.body["void_reason"], "Paid to another person");
    assert_eq!(report_total(&app, &manager).await, 0);
    let view = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{appeal_id}"),
            Some(&officer),
            None,
        )
        .await;
    assert!(
        !view.text.contains("250000"),
        "an appeal's total leaves voided money out: {}",
        view.text
    );
    let again = app
        .call(
            Method::POST,
            &path,
            Some(&manager),
            Some(json!({"action": "correct", "amount_minor": 5, "reason": "Too late"})),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    let history = app.call(Method::GET, &path, Some(&manager), None).await;
    assert_eq!(
        history.body["items"].as_array().map(Vec::len),
        Some(2),
        "{}",
        history.text
    );
    assert_eq!(history.body["items"][1]["kind"], "void");
    assert_eq!(history.body["items"][1]["amount_minor"], 250000);

    // Both in the audit trail.
    let audit = app
        .call(
            Method::GET,
            &format!("/api/v1/audit-events?entity_type=compensation&entity_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
    for action in ["compensation.create", "compensation.correct", "compensation.void"] {
        assert!(audit.text.contains(action), "{action}: {}", audit.text);
    }
}
