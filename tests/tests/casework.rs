//! Casework that holds up: decisions with reasons (the decision e-mail carries them in the
//! applicant's language, with the way to challenge a refusal), dates in order, and a paused
//! appeal that is never overdue.

use ombudsman_domain::language::Language;
use ombudsman_domain::user::Role;
use ombudsman_e2e::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[actix_web::test]
async fn closing_records_the_reasons_and_the_decision_letter_carries_them() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let created = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(json!({
                "received_on": "2025-03-14", "channel": "letter", "region": "navoi",
                "applicant": {"kind": "citizen", "full_name": "Aziz Rahimov", "email": "aziz@example.org",
                              "language": "ru"},
                "subject": "Очередь на жильё", "categories": ["housing"]})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/appeals/{id}/transitions");
    let accepted = app
        .call(Method::POST, &path, Some(&officer), Some(json!({"action": "accept"})))
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    let too_long = app
        .call(
            Method::POST,
            &path,
            Some(&officer),
            Some(json!({"action": "close", "outcome": "rejected", "reason": "x".repeat(10_001)})),
        )
        .await;
    assert_eq!(too_long.status, StatusCode::BAD_REQUEST, "{}", too_long.text);
    assert_eq!(too_long.body["errors"][0]["field"], "reason");
    let reasons = "Вопрос решён судом; Уполномоченный не пересматривает судебные решения.";
    let closed = app
        .call(
            Method::POST,
            &path,
            Some(&officer),
            Some(json!({"action": "close", "outcome": "rejected", "reason": reasons})),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.text);

    // On the timeline.
    let events = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{id}/events"),
            Some(&officer),
            None,
        )
        .await;
    assert!(
        events.text.contains(reasons),
        "the timeline lacks the reasons: {}",
        events.text
    );

    // In the letter, in the applicant's language, with the way to challenge a refusal.
    let mut conn = app.pool.get().unwrap();
    let queued = ombudsman_db::outbox::for_recipient(&mut conn, "aziz@example.org").unwrap();
    let notice = queued
        .iter()
        .find(|m| m.kind == "appeal_closed")
        .expect("a decision notice is queued");
    assert_eq!(notice.payload["reasons"], reasons);
    let letter = ombudsman_notifier::render::render("appeal_closed", Language::Ru, &notice.payload).unwrap();
    assert!(
        letter.text.contains(&format!("Основания решения: {reasons}")),
        "{}",
        letter.text
    );
    assert!(letter.text.contains("обратиться в суд"), "{}", letter.text);
    assert!(letter.text.contains("завершена"), "{}", letter.text);
}

#[actix_web::test]
async fn a_measure_a_request_or_money_cannot_predate_the_appeal_it_cites() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let mut ids = Vec::new();
    for received_on in ["2025-03-14", "2025-03-20"] {
        let r = app
            .call(
                Method::POST,
                "/api/v1/appeals",
                Some(&officer),
                Some(json!({
                    "received_on": received_on, "channel": "letter", "anonymous": true, "region": "navoi",
                    "subject": "Pension", "categories": ["social_security"]})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        ids.push(r.body["id"].as_str().unwrap().to_owned());
    }
    let (a, b) = (&ids[0], &ids[1]);
    let measure = |issued_on: &str, appeal_ids: Vec<&String>| {
        json!({"kind": "demand", "addressee": "Pension Fund", "issued_on": issued_on,
               "appeal_ids": appeal_ids, "summary": "Pay the pension"})
    };
    // Issued before the second appeal came in: refused, naming that appeal.
    let early = app
        .call(
            Method::POST,
            "/api/v1/impact-measures",
            Some(&manager),
            Some(measure("2025-03-17", vec![a, b])),
        )
        .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST, "{}", early.text);
    assert_eq!(early.body["errors"][0]["field"], "appeal_ids[1]", "{}", early.text);
    assert_eq!(early.body["errors"][0]["code"], "after_issue");
    // An appeal named twice is cited once: one timeline entry each.
    let ok = app
        .call(
            Method::POST,
            "/api/v1/impact-measures",
            Some(&manager),
            Some(measure("2025-04-01", vec![a, b, a])),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    let events = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{a}/events"),
            Some(&officer),
            None,
        )
        .await;
    let issued = events.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "impact_measure_issued")
        .count();
    assert_eq!(issued, 1, "{}", events.text);
    // A request to a state body, and money recovered, before the appeal: refused.
    let request = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{b}/requests"),
            Some(&officer),
            Some(
                json!({"body_name": "Pension Fund", "subject": "Explain", "sent_on": "2025-03-19",
                        "due_on": "2025-03-29"}),
            ),
        )
        .await;
    assert_eq!(request.status, StatusCode::BAD_REQUEST, "{}", request.text);
    assert_eq!(request.body["errors"][0]["field"], "sent_on");
    let money = app
        .call(
            Method::POST,
            "/api/v1/compensations",
            Some(&manager),
            Some(
                json!({"amount_minor": 100000, "currency": "UZS", "kind": "pension", "paid_by": "Pension Fund",
                        "recovered_on": "2025-03-19", "appeal_id": b}),
            ),
        )
        .await;
    assert_eq!(money.status, StatusCode::BAD_REQUEST, "{}", money.text);
    assert_eq!(money.body["errors"][0]["field"], "recovered_on");
}

#[actix_web::test]
async fn a_paused_appeal_is_never_overdue() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let created = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(json!({
                "received_on": "2025-03-14", "channel": "letter", "anonymous": true, "region": "navoi",
                "subject": "Pension", "categories": ["social_security"]})),
        )
        .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/appeals/{id}/transitions");
    for action in ["accept", "pause"] {
        let r = app
            .call(Method::POST, &path, Some(&officer), Some(json!({"action": action})))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.text);
    }
    // The old due date passes while the office waits for the applicant.
    app.sql(&format!("UPDATE appeals SET due_on = '2025-04-01' WHERE id = '{id}'"))
        .unwrap();
    let view = app
        .call(Method::GET, &format!("/api/v1/appeals/{id}"), Some(&officer), None)
        .await;
    assert_eq!(view.body["paused"], true, "{}", view.text);
    assert_eq!(view.body["overdue"], false, "{}", view.text);
    let overdue = app
        .call(Method::GET, "/api/v1/appeals?overdue=true", Some(&officer), None)
        .await;
    assert_eq!(
        overdue.body["items"].as_array().map(Vec::len),
        Some(0),
        "{}",
        overdue.text
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
    assert!(
        report.text.contains("\"overdue_open\":0"),
        "a paused appeal counts as overdue: {}",
        report.text
    );
    // Running again, it is overdue once its (moved) date has passed: here it has not.
    let resumed = app
        .call(Method::POST, &path, Some(&officer), Some(json!({"action": "resume"})))
        .await;
    assert_eq!(resumed.status, StatusCode::OK, "{}", resumed.text);
}
