//! Impact measures and compensation through the HTTP API: numbering, lifecycle with 409s,
//! overdue answers, links that survive closing, money in minor units, access and audit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn appeal(name: &str, email: &str) -> Value {
    json!({
        "received_on": "2025-03-14", "channel": "online_portal",
        "applicant": {"kind": "citizen", "full_name": name, "email": email, "language": "ru"},
        "region": "tashkent_city", "subject": "Pension not paid", "description": "Three months.",
        "categories": ["social_security"], "respondent_bodies": ["Pension Fund"], "confidential": false
    })
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> Reply {
    app.call(Method::POST, path, Some(token), Some(body)).await
}

async fn register(app: &TestApp, token: &str, name: &str, email: &str) -> Value {
    let r = post(app, token, "/api/v1/appeals", appeal(name, email)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body
}

fn demand(appeal_ids: &[&str]) -> Value {
    json!({"kind": "demand", "addressee": "Pension Fund, Chilanzar district", "issued_on": "2025-04-01",
           "appeal_ids": appeal_ids, "visit_id": null, "summary": "Restore pension payments",
           "response_due_on": "2025-05-01"})
}

fn field_of(r: &Reply) -> Vec<String> {
    r.body["errors"]
        .as_array()
        .unwrap_or(&vec![])
        .iter()
        .map(|e| e["field"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[actix_web::test]
async fn a_manager_issues_a_demand_records_the_answer_and_the_money_recovered() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let first = register(&app, &officer, "Dilnoza Karimova", "d.karimova@example.org").await;
    let second = register(&app, &officer, "Aziz Rahimov", "a.rahimov@example.org").await;
    let (a1, a2) = (first["id"].as_str().unwrap(), second["id"].as_str().unwrap());

    // Only managers issue measures.
    let refused = post(&app, &officer, "/api/v1/impact-measures", demand(&[a1, a2])).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let created = app
        .call_with(
            Method::POST,
            "/api/v1/impact-measures",
            Some(&manager),
            Some(demand(&[a1, a2])),
            &[("idempotency-key", "demand-1")],
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let m = &created.body;
    assert_eq!(m["number"], "HQ-D-2025-0001");
    assert_eq!(m["status"], "issued");
    assert_eq!(m["appeals"].as_array().unwrap().len(), 2);
    assert_eq!(m["allowed_statuses"], json!(["response_received"]));
    assert_eq!(m["response_overdue"], true, "due 2025-05-01, still waiting");
    let id = m["id"].as_str().unwrap().to_owned();
    let replay = app
        .call_with(
            Method::POST,
            "/api/v1/impact-measures",
            Some(&manager),
            Some(demand(&[a1, a2])),
            &[("idempotency-key", "demand-1")],
        )
        .await;
    assert_eq!(replay.body["id"], id.as_str(), "a replay returns the first measure");
    let next = post(&app, &manager, "/api/v1/impact-measures", demand(&[a1])).await;
    assert_eq!(next.body["number"], "HQ-D-2025-0002");
    let mut submission = demand(&[a2]);
    submission["kind"] = json!("submission");
    submission["response_due_on"] = json!("2099-01-01");
    let s = post(&app, &manager, "/api/v1/impact-measures", submission).await;
    assert_eq!(s.body["number"], "HQ-S-2025-0001", "numbered per kind");

    // The overdue list has the two demands, not the submission due in 2099.
    let overdue = app
        .call(
            Method::GET,
            "/api/v1/impact-measures?overdue=true",
            Some(&manager),
            None,
        )
        .await;
    let numbers: Vec<&str> = overdue.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, vec!["HQ-D-2025-0002", "HQ-D-2025-0001"]);

    // Forbidden moves answer 409 with what is allowed.
    let path = format!("/api/v1/impact-measures/{id}/transitions");
    let jump = post(&app, &officer, &path, json!({"status": "implemented"})).await;
    assert_eq!(jump.status, StatusCode::CONFLICT, "{}", jump.text);
    assert_eq!(jump.body["allowed"], json!(["response_received"]));
    let court = post(&app, &officer, &path, json!({"status": "in_court"})).await;
    assert_eq!(court.status, StatusCode::CONFLICT, "only a lawsuit goes to court");
    let no_text = post(&app, &officer, &path, json!({"status": "response_received"})).await;
    assert_eq!(no_text.status, StatusCode::BAD_REQUEST);
    assert_eq!(field_of(&no_text), vec!["response_summary"]);
    let stale = app
        .call_with(
            Method::POST,
            &path,
            Some(&officer),
            Some(json!({"status": "response_received", "response_summary": "x"})),
            &[("if-match", "\"99\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let answered = post(
        &app,
        &officer,
        &path,
        json!({"status": "response_received", "response_received_on": "2025-04-20",
               "response_summary": "Payments restored from May"}),
    )
    .await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.text);
    assert_eq!(answered.body["response_overdue"], false);
    assert_eq!(answered.header("etag").unwrap(), "\"2\"");
    let done = post(
        &app,
        &officer,
        &path,
        json!({"status": "implemented", "decided_on": "2025-05-20"}),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(done.body["allowed_statuses"], json!([]));
    let after = post(&app, &officer, &path, json!({"status": "rejected"})).await;
    assert_eq!(after.status, StatusCode::CONFLICT);

    // Closing an appeal keeps its measures.
    let accept = post(
        &app,
        &officer,
        &format!("/api/v1/appeals/{a1}/transitions"),
        json!({"action": "accept"}),
    )
    .await;
    assert_eq!(accept.status, StatusCode::OK, "{}", accept.text);
    let close = post(
        &app,
        &officer,
        &format!("/api/v1/appeals/{a1}/transitions"),
        json!({"action": "close", "outcome": "satisfied"}),
    )
    .await;
    assert_eq!(close.status, StatusCode::OK, "{}", close.text);

    // 1,250,000.00 UZS recovered for the first applicant.
    let money = post(
        &app,
        &officer,
        "/api/v1/compensations",
        json!({"amount_minor": 125000000, "currency": "UZS", "kind": "pension", "paid_by": "Pension Fund",
               "recovered_on": "2025-05-20", "appeal_id": a1, "impact_measure_id": id}),
    )
    .await;
    assert_eq!(money.status, StatusCode::CREATED, "{}", money.text);
    assert_eq!(money.body["amount_minor"], 125000000);
    assert_eq!(money.body["amount"], "1250000.00");
    assert_eq!(money.body["applicant_id"], first["applicant"]["id"]);

    let shown = app
        .call(Method::GET, &format!("/api/v1/appeals/{a1}"), Some(&officer), None)
        .await;
    assert_eq!(shown.body["status"], "closed");
    assert_eq!(shown.body["compensation_total_minor"], json!({"UZS": 125000000}));
    let measures: Vec<&str> = shown.body["impact_measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["number"].as_str().unwrap())
        .collect();
    assert_eq!(measures, vec!["HQ-D-2025-0001", "HQ-D-2025-0002"]);
    assert_eq!(shown.body["impact_measures"][0]["status"], "implemented");
    let other = app
        .call(Method::GET, &format!("/api/v1/appeals/{a2}"), Some(&officer), None)
        .await;
    assert_eq!(other.body["compensation_total_minor"], json!({}));
    let measure = app
        .call(
            Method::GET,
            &format!("/api/v1/impact-measures/{id}"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(
        measure.body["appeals"].as_array().unwrap().len(),
        2,
        "the link outlives closing"
    );
    assert_eq!(measure.body["compensation_total_minor"], json!({"UZS": 125000000}));

    let applicant = first["applicant"]["id"].as_str().unwrap();
    let history = app
        .call(
            Method::GET,
            &format!("/api/v1/applicants/{applicant}"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    assert_eq!(history.body["compensation_total_minor"], json!({"UZS": 125000000}));
    assert_eq!(history.body["impact_measures"].as_array().unwrap().len(), 2);

    // The timeline and the audit trail tell the story.
    let events = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{a1}/events"),
            Some(&officer),
            None,
        )
        .await;
    let kinds: Vec<&str> = events.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for k in [
        "impact_measure_issued",
        "impact_measure_updated",
        "compensation_recorded",
    ] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    let auditor = app.token(Role::Auditor, "HQ").await;
    let trail = app
        .call(
            Method::GET,
            &format!("/api/v1/audit-events?entity_type=impact_measure&entity_id={id}"),
            Some(&auditor),
            None,
        )
        .await;
    let actions: Vec<&str> = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec!["impact_measure.create", "impact_measure.move", "impact_measure.move"]
    );

    // The applicants hear of the measure in their language.
    let mut conn = app.pool.get().unwrap();
    let mail = ombudsman_db::outbox::for_recipient(&mut conn, "a.rahimov@example.org").unwrap();
    let notice = mail.iter().find(|m| m.kind == "impact_measure_issued").unwrap();
    assert_eq!(notice.language.as_str(), "ru");
    assert_eq!(notice.payload["measure"], "HQ-D-2025-0001");

    // The issuing manager's daily digest lists the second demand's overdue answer, once a day
    // (09:00 in Tashkent today).
    let worker = app.worker("smtp://127.0.0.1:9", |c| c.schedule.enabled = true);
    let now = chrono::Utc::now().date_naive().and_hms_opt(4, 0, 0).unwrap().and_utc();
    assert!(worker.schedule(now).await.unwrap().daily_digests >= 1);
    assert_eq!(worker.schedule(now).await.unwrap().daily_digests, 0);
    let queued = ombudsman_db::outbox::list(&mut conn, "pending", None, 1000).unwrap();
    let measures: Vec<&Value> = queued
        .iter()
        .filter(|m| m.kind == "staff_daily_digest")
        .map(|m| &m.payload["measures_overdue"])
        .filter(|section| section["total"] != 0)
        .collect();
    assert_eq!(measures.len(), 1, "{measures:?}");
    assert_eq!(measures[0]["total"], 1);
    assert_eq!(measures[0]["items"][0]["reference"], "HQ-D-2025-0002");
}

#[actix_web::test]
async fn bad_measures_and_bad_money_get_clear_errors() {
    let app = TestApp::spawn().await;
    app.sql(
        "INSERT INTO offices (id, code, name, region, is_central, default_language) \
         VALUES ('01930000-0000-7000-8000-000000000002', 'SAM', 'Samarkand', 'samarkand', false, 'uz-Latn')",
    )
    .unwrap();
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let far_officer = app.token(Role::CaseOfficer, "SAM").await;
    let far_manager = app.token(Role::Manager, "SAM").await;
    let a = register(&app, &officer, "Dilnoza Karimova", "d.karimova@example.org").await;
    let a1 = a["id"].as_str().unwrap();
    let far = register(&app, &far_officer, "Bobur Aliyev", "b.aliyev@example.org").await;
    let far_id = far["id"].as_str().unwrap();

    let none = post(
        &app,
        &manager,
        "/api/v1/impact-measures",
        json!({"kind": "demand", "addressee": " ", "issued_on": "2099-01-01", "summary": "x",
               "response_due_on": "2098-01-01"}),
    )
    .await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        field_of(&none),
        vec!["addressee", "issued_on", "response_due_on", "appeal_ids"]
    );
    let mut wrong_kind = demand(&[a1]);
    wrong_kind["kind"] = json!("threat");
    let r = post(&app, &manager, "/api/v1/impact-measures", wrong_kind).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(field_of(&r), vec!["kind"]);
    let foreign = post(&app, &far_manager, "/api/v1/impact-measures", demand(&[far_id, a1])).await;
    assert_eq!(foreign.status, StatusCode::BAD_REQUEST);
    assert_eq!(field_of(&foreign), vec!["appeal_ids[1]"], "another office's appeal");

    let m = post(&app, &manager, "/api/v1/impact-measures", demand(&[a1])).await;
    let mid = m.body["id"].as_str().unwrap();
    let mut lawsuit = demand(&[a1]);
    lawsuit["kind"] = json!("lawsuit");
    let l = post(&app, &manager, "/api/v1/impact-measures", lawsuit).await;
    let lid = l.body["id"].as_str().unwrap();
    let lpath = format!("/api/v1/impact-measures/{lid}/transitions");
    assert_eq!(
        post(
            &app,
            &officer,
            &lpath,
            json!({"status": "response_received", "response_summary": "x"})
        )
        .await
        .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        post(&app, &officer, &lpath, json!({"status": "in_court"})).await.status,
        StatusCode::OK
    );
    let won = post(&app, &officer, &lpath, json!({"status": "won"})).await;
    assert_eq!(won.status, StatusCode::OK);
    assert_eq!(won.body["number"], "HQ-L-2025-0001");

    // Another office sees none of it; admins do no casework.
    let hidden = app
        .call(
            Method::GET,
            &format!("/api/v1/impact-measures/{mid}"),
            Some(&far_manager),
            None,
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let far_list = app
        .call(Method::GET, "/api/v1/impact-measures", Some(&far_manager), None)
        .await;
    assert_eq!(far_list.body["items"], json!([]));
    let admin = app.token(Role::Admin, "HQ").await;
    assert_eq!(
        app.call(Method::GET, "/api/v1/impact-measures", Some(&admin), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // PATCH needs If-Match.
    let patch_path = format!("/api/v1/impact-measures/{mid}");
    let no_etag = app
        .call(
            Method::PATCH,
            &patch_path,
            Some(&manager),
            Some(json!({"response_due_on": "2025-06-01"})),
        )
        .await;
    assert_eq!(no_etag.status, StatusCode::PRECONDITION_REQUIRED);
    let patched = app
        .call_with(
            Method::PATCH,
            &patch_path,
            Some(&manager),
            Some(json!({"response_due_on": "2025-06-01"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(patched.body["response_due_on"], "2025-06-01");

    // Money: whole minor units of a known currency, recovered by now, from an appeal or measure.
    let good = json!({"amount_minor": 125000000, "kind": "pension", "paid_by": "Pension Fund",
                      "recovered_on": "2025-05-20", "appeal_id": a1});
    let cases = [
        (json!({"amount_minor": 0}), "amount_minor"),
        (json!({"amount_minor": -100}), "amount_minor"),
        (json!({"amount_minor": 1250000.5}), "amount_minor"),
        (json!({"amount_minor": "125000000"}), "amount_minor"),
        (json!({"amount_minor": 1e20}), "amount_minor"),
        (json!({"currency": "XYZ"}), "currency"),
        (json!({"recovered_on": "2999-01-01"}), "recovered_on"),
        (json!({"recovered_on": "2099-01-01"}), "recovered_on"),
        (json!({"appeal_id": null}), "appeal_id"),
        (json!({"appeal_id": far_id}), "appeal_id"),
        (json!({"kind": "bribe"}), "kind"),
        (json!({"impact_measure_id": lid, "appeal_id": far_id}), "appeal_id"),
    ];
    for (change, field) in cases {
        let mut body = good.clone();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = post(&app, &officer, "/api/v1/compensations", body.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.text);
        assert!(field_of(&r).contains(&field.to_owned()), "{body}: {}", r.text);
    }
    let mut unlinked = good.clone();
    unlinked["impact_measure_id"] = json!(mid);
    let third = register(&app, &officer, "Other Person", "o.person@example.org").await;
    unlinked["appeal_id"] = third["id"].clone();
    let r = post(&app, &officer, "/api/v1/compensations", unlinked).await;
    assert_eq!(field_of(&r), vec!["impact_measure_id"], "{}", r.text);
    let mut rub = good.clone();
    rub["currency"] = json!("rub");
    rub["amount_minor"] = json!(5_000_050);
    let ok = post(&app, &officer, "/api/v1/compensations", rub).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    assert_eq!(ok.body["currency"], "RUB");
    assert_eq!(ok.body["amount"], "50000.50");
    let cid = ok.body["id"].as_str().unwrap();
    assert_eq!(
        app.call(
            Method::GET,
            &format!("/api/v1/compensations/{cid}"),
            Some(&far_officer),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let list = app
        .call(
            Method::GET,
            &format!("/api/v1/compensations?appeal_id={a1}&currency=RUB"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1, "{}", list.text);
    let bad_filter = app
        .call(Method::GET, "/api/v1/compensations?currency=ZZZ", Some(&manager), None)
        .await;
    assert_eq!(field_of(&bad_filter), vec!["currency"]);
}
