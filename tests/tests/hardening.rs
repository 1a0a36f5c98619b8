//! Issue 13, "any input, no 500": inputs a fuzzer found that the database refused with a 500.
//! Each must be a 400 problem naming the wrong field, and what was stored before must stay
//! readable.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn appeal() -> Value {
    json!({
        "received_on": "2025-03-14", "channel": "online_portal",
        "applicant": {"kind": "citizen", "full_name": "Dilnoza Karimova", "email": "d.karimova@example.org",
                      "language": "ru"},
        "region": "tashkent_city", "subject": "Pension not paid", "description": "Three months.",
        "categories": ["social_security"], "respondent_bodies": ["Pension Fund"], "confidential": false
    })
}

async fn register(app: &TestApp, token: &str) -> Value {
    let r = app
        .call(Method::POST, "/api/v1/appeals", Some(token), Some(appeal()))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body
}

/// The fields a 400 names, after checking that it is a 400 problem.
fn refused(r: &Reply, what: &str) -> Vec<String> {
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.text);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/problem+json"),
        "{what}"
    );
    r.body["errors"]
        .as_array()
        .unwrap_or(&vec![])
        .iter()
        .map(|e| e["field"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn assert_names(r: &Reply, field: &str, what: &str) {
    let fields = refused(r, what);
    assert!(
        fields.iter().any(|f| f == field),
        "{what}: expected {field} in {fields:?}: {}",
        r.text
    );
}

fn code_of(r: &Reply, field: &str) -> String {
    r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == field)
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[actix_web::test]
async fn amounts_that_would_overflow_the_totals_are_refused_and_old_ones_still_add_up() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let created = register(&app, &officer).await;
    let appeal_id = created["id"].as_str().unwrap().to_owned();
    let applicant_id = created["applicant"]["id"].as_str().unwrap().to_owned();
    let money = |amount: Value| {
        json!({"amount_minor": amount, "currency": "UZS", "kind": "pension", "paid_by": "Pension Fund",
               "recovered_on": "2025-05-20", "appeal_id": appeal_id})
    };

    for _ in 0..2 {
        let r = app
            .call(
                Method::POST,
                "/api/v1/compensations",
                Some(&officer),
                Some(money(json!(i64::MAX))),
            )
            .await;
        assert_names(&r, "amount_minor", "i64::MAX minor units");
        assert_eq!(code_of(&r, "amount_minor"), "too_large");
    }
    let just_over = app
        .call(
            Method::POST,
            "/api/v1/compensations",
            Some(&officer),
            Some(money(json!(1_000_000_000_000_001_i64))),
        )
        .await;
    assert_names(&just_over, "amount_minor", "10^15 + 1");
    let mut usd = money(json!(1_000_000_000_000_000_i64));
    usd["currency"] = json!("USD");
    let at_most = app
        .call(Method::POST, "/api/v1/compensations", Some(&officer), Some(usd))
        .await;
    assert_eq!(
        at_most.status,
        StatusCode::CREATED,
        "10^15 is allowed: {}",
        at_most.text
    );

    // The database refuses the same, whatever writes to it.
    let direct = app.sql(&format!(
        "INSERT INTO compensations (id, office_id, amount_minor, currency, kind, paid_by, recovered_on, appeal_id) \
         SELECT gen_random_uuid(), office_id, 9223372036854775807, 'UZS', 'pension', 'Pension Fund', \
                DATE '2025-05-20', id FROM appeals WHERE id = '{appeal_id}'"
    ));
    assert!(direct.is_err(), "the CHECK constraint refuses an amount over 10^15");

    // Rows stored before the bound existed (the constraint is NOT VALID for them) still sum
    // exactly, beyond what a bigint holds.
    app.sql(&format!(
        "ALTER TABLE compensations DROP CONSTRAINT compensations_amount_minor_window; \
         INSERT INTO compensations (id, office_id, amount_minor, currency, kind, paid_by, recovered_on, appeal_id, \
                                    applicant_id) \
         SELECT gen_random_uuid(), office_id, 9223372036854775807, 'UZS', 'pension', 'Pension Fund', \
                DATE '2025-05-20', id, applicant_id FROM appeals, generate_series(1, 2) WHERE id = '{appeal_id}'"
    ))
    .unwrap();
    // 2 × (2^63 − 1) is past i64: compare as text.
    let expected_total = (2 * i128::from(i64::MAX)).to_string();

    let shown = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{appeal_id}"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text);
    assert!(
        shown.text.contains(&format!("\"UZS\":{expected_total}")),
        "appeal total: {}",
        shown.text
    );
    let history = app
        .call(
            Method::GET,
            &format!("/api/v1/applicants/{applicant_id}"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    assert!(
        history.text.contains(&expected_total),
        "applicant total: {}",
        history.text
    );

    let report = app
        .call(
            Method::GET,
            "/api/v1/reports/half-year?year=2025&half=1",
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    assert!(report.text.contains(&expected_total), "report total: {}", report.text);
    let csv = app
        .call_with(
            Method::GET,
            "/api/v1/reports/half-year?year=2025&half=1",
            Some(&manager),
            None,
            &[("accept", "text/csv")],
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text);
    assert!(
        csv.text.contains("184467440737095516.14"),
        "CSV in major units: {}",
        csv.text
    );
    let xlsx = app
        .call(
            Method::GET,
            "/api/v1/reports/half-year?year=2025&half=1&format=xlsx",
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let period = app
        .call(
            Method::GET,
            "/api/v1/reports/period?from=2025-05-01&to=2025-05-31",
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(period.status, StatusCode::OK, "{}", period.text);
    assert!(period.text.contains(&expected_total), "period total: {}", period.text);

    let published = app
        .call(
            Method::POST,
            "/api/v1/reports/snapshots",
            Some(&manager),
            Some(json!({"year": 2025, "half": 1})),
        )
        .await;
    assert_eq!(published.status, StatusCode::CREATED, "{}", published.text);
    assert!(
        published.text.contains(&expected_total),
        "frozen total: {}",
        published.text
    );
    let snapshot = published.body["id"].as_str().unwrap();
    let compared = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/snapshots/{snapshot}/comparison"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(compared.status, StatusCode::OK, "{}", compared.text);
}

#[actix_web::test]
async fn control_characters_are_refused_everywhere_and_named() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let admin = app.token(Role::Admin, "HQ").await;

    // No token needed to send a NUL to the login.
    let login = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "a\u{0}@example.org", "password": "whatever"})),
        )
        .await;
    assert_eq!(refused(&login, "login"), vec!["email"]);
    assert_eq!(code_of(&login, "email"), "control_character");

    // Every offending field of one body is named at once; line breaks and tabs are fine.
    let mut body = appeal();
    body["applicant"]["full_name"] = json!("Dilnoza\u{0}Karimova");
    body["subject"] = json!("Pension\u{7} not paid");
    body["respondent_bodies"] = json!(["Pension Fund", "Tax\u{1b}[31m office"]);
    body["description"] = json!("Three months.\r\n\tStill nothing.");
    let r = app
        .call(Method::POST, "/api/v1/appeals", Some(&officer), Some(body))
        .await;
    let mut fields = refused(&r, "appeal");
    fields.sort();
    assert_eq!(fields, vec!["applicant.full_name", "respondent_bodies[1]", "subject"]);

    let created = register(&app, &officer).await;
    let id = created["id"].as_str().unwrap();
    let note = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{id}/notes"),
            Some(&officer),
            Some(json!({"text": "called\u{0}back"})),
        )
        .await;
    assert_eq!(refused(&note, "note"), vec!["text"]);
    let fine = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{id}/notes"),
            Some(&officer),
            Some(json!({"text": "called back\nno answer\tyet"})),
        )
        .await;
    assert_eq!(fine.status, StatusCode::CREATED, "{}", fine.text);

    // Query strings: searches and filters.
    for (path, field, token) in [
        ("/api/v1/appeals?q=pen%00sion", "q", &officer),
        ("/api/v1/impact-measures?addressee=Fund%00", "addressee", &manager),
        ("/api/v1/audit-events?entity_type=appeal%00", "entity_type", &admin),
        ("/api/v1/compensations?currency=UZS%00", "currency", &manager),
    ] {
        let r = app.call(Method::GET, path, Some(token), None).await;
        assert_eq!(refused(&r, path), vec![field], "{path}");
    }

    // A NUL in a path is no appeal number.
    let lookup = app
        .call(
            Method::GET,
            "/api/v1/public/appeals/HQ-2025%00?access_code=ABCD",
            None,
            None,
        )
        .await;
    assert_eq!(lookup.status, StatusCode::NOT_FOUND, "{}", lookup.text);
}

#[actix_web::test]
async fn dates_outside_1900_to_2100_are_refused_in_bodies_filters_and_the_calendar() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let admin = app.token(Role::Admin, "HQ").await;

    for date in [
        "-240131-01-31",
        "+275000-01-01",
        "0001-01-01",
        "1899-12-31",
        "2101-01-01",
    ] {
        let mut body = appeal();
        body["received_on"] = json!(date);
        let r = app
            .call(Method::POST, "/api/v1/appeals", Some(&officer), Some(body))
            .await;
        assert_eq!(refused(&r, date), vec!["received_on"], "{date}");
        assert_eq!(code_of(&r, "received_on"), "date_out_of_range", "{date}");
    }
    let created = register(&app, &officer).await;
    let id = created["id"].as_str().unwrap();

    let r = app
        .call(
            Method::POST,
            "/api/v1/impact-measures",
            Some(&manager),
            Some(
                json!({"kind": "demand", "addressee": "Pension Fund", "issued_on": "-240131-04-01",
                        "appeal_ids": [id], "visit_id": null, "summary": "Restore payments",
                        "response_due_on": "275000-05-01"}),
            ),
        )
        .await;
    let mut fields = refused(&r, "measure");
    fields.sort();
    assert_eq!(fields, vec!["issued_on", "response_due_on"], "{}", r.text);

    // Before 2000 is in the window but not numbered: named, not a 500 from the counter.
    let old = app
        .call(
            Method::POST,
            "/api/v1/impact-measures",
            Some(&manager),
            Some(
                json!({"kind": "demand", "addressee": "Pension Fund", "issued_on": "1950-04-01",
                        "appeal_ids": [id], "visit_id": null, "summary": "Restore payments"}),
            ),
        )
        .await;
    assert_eq!(refused(&old, "1950"), vec!["issued_on"]);

    for (path, field, token) in [
        ("/api/v1/appeals?received_from=-240131-01-01", "received_from", &officer),
        ("/api/v1/appeals?received_to=275000-01-01", "received_to", &officer),
        (
            "/api/v1/impact-measures?issued_from=-240131-01-01",
            "issued_from",
            &manager,
        ),
        (
            "/api/v1/compensations?recovered_to=2101-01-01",
            "recovered_to",
            &manager,
        ),
        (
            "/api/v1/reports/period?from=-240131-01-01&to=2025-01-31",
            "from",
            &manager,
        ),
        ("/api/v1/calendar/days?year=-240131", "year", &officer),
        ("/api/v1/calendar/days?year=275000", "year", &officer),
    ] {
        let r = app.call(Method::GET, path, Some(token), None).await;
        assert_names(&r, field, path);
    }
    let day = app
        .call(
            Method::PUT,
            "/api/v1/calendar/days/-240131-01-01",
            Some(&admin),
            Some(json!({"kind": "holiday", "name": "Navruz"})),
        )
        .await;
    assert_eq!(refused(&day, "calendar day"), vec!["day"]);
    let gone = app
        .call(
            Method::DELETE,
            "/api/v1/calendar/days/-240131-01-01",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(refused(&gone, "calendar day"), vec!["day"]);
}

#[actix_web::test]
async fn a_forged_or_garbage_cursor_is_a_400_naming_cursor() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    register(&app, &officer).await;
    register(&app, &officer).await;

    let page = app
        .call(Method::GET, "/api/v1/appeals?limit=1", Some(&officer), None)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let next = page.body["next_cursor"].as_str().unwrap().to_owned();
    let second = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals?limit=1&cursor={next}"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(second.status, StatusCode::OK, "an issued cursor works: {}", second.text);

    let forge = |v: Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(&v).unwrap());
    let uuid = "0192f3a4-0000-7000-8000-000000000000";
    for cursor in [
        "%%%garbage".to_owned(),
        "bm90IGpzb24".to_owned(),
        forge(json!({"r": "-240131-01-01", "i": uuid})),
        forge(json!({"r": "2025-01-01\u{0}", "i": uuid})),
        forge(json!({"r": "2025-01-01", "i": "not-a-uuid"})),
        forge(json!([1, 2, 3])),
        forge(json!({"r": "2025-01-01", "i": uuid, "x": "\u{0}"})),
    ] {
        let r = app
            .call(
                Method::GET,
                &format!("/api/v1/appeals?cursor={cursor}"),
                Some(&officer),
                None,
            )
            .await;
        assert_eq!(refused(&r, &cursor), vec!["cursor"], "{cursor}");
    }
    for path in ["/api/v1/impact-measures", "/api/v1/compensations"] {
        let r = app
            .call(
                Method::GET,
                &format!("{path}?cursor={}", forge(json!("\u{0}"))),
                Some(&manager),
                None,
            )
            .await;
        assert_eq!(refused(&r, path), vec!["cursor"], "{path}");
    }
}

#[actix_web::test]
async fn any_cursor_of_the_documented_shape_is_a_position() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    register(&app, &officer).await;
    // 32 characters of base64url: the OpenAPI document's pattern for `cursor`. The first is a day
    // far before the window, the second far after it, the third a plain id.
    for cursor in ["_".repeat(32), format!("f{}", "A".repeat(31)), "A".repeat(32)] {
        for (path, token) in [
            ("/api/v1/appeals", &officer),
            ("/api/v1/facilities", &officer),
            ("/api/v1/impact-measures", &manager),
            ("/api/v1/compensations", &manager),
        ] {
            let r = app
                .call(Method::GET, &format!("{path}?cursor={cursor}"), Some(token), None)
                .await;
            assert_eq!(r.status, StatusCode::OK, "{path} {cursor}: {}", r.text);
            assert!(r.body["items"].is_array(), "{path} {cursor}");
        }
    }
}

#[actix_web::test]
async fn what_the_database_refuses_is_named_or_a_conflict_never_a_500() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let created = register(&app, &officer).await;
    let id = created["id"].as_str().unwrap();
    let measure = app
        .call(
            Method::POST,
            "/api/v1/impact-measures",
            Some(&manager),
            Some(
                json!({"kind": "demand", "addressee": "Pension Fund", "issued_on": "2025-04-01",
                        "appeal_ids": [id], "visit_id": null, "summary": "Restore payments",
                        "response_due_on": "2025-03-01"}),
            ),
        )
        .await;
    assert_eq!(refused(&measure, "due before issue"), vec!["response_due_on"]);

    // A CHECK constraint that only the database enforces: a compensation's note is free text,
    // so bound it in the database alone and see the refusal named by its column.
    app.sql("ALTER TABLE compensations ADD CONSTRAINT compensations_note_check CHECK (length(note) <= 5)")
        .unwrap();
    let r = app
        .call(
            Method::POST,
            "/api/v1/compensations",
            Some(&officer),
            Some(
                json!({"amount_minor": 100, "kind": "pension", "paid_by": "Pension Fund",
                        "recovered_on": "2025-05-20", "appeal_id": id, "note": "longer than five"}),
            ),
        )
        .await;
    assert_eq!(refused(&r, "note check"), vec!["note"]);

    // One over several columns is a conflict with the stored record.
    app.sql(
        "ALTER TABLE compensations ADD CONSTRAINT compensations_paid_by_note CHECK (paid_by <> coalesce(note, ''))",
    )
    .unwrap();
    let r = app
        .call(
            Method::POST,
            "/api/v1/compensations",
            Some(&officer),
            Some(json!({"amount_minor": 100, "kind": "pension", "paid_by": "Fund",
                        "recovered_on": "2025-05-20", "appeal_id": id, "note": "Fund"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert_eq!(r.body["code"], "constraint_violated");
}
