#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Monitoring visits through the HTTP API: a visit with a Public Group member and
//! recommendations, an appeal received on site, a follow-up visit that checks a recommendation,
//! the facility's implementation rate, overdue recommendations, measures citing a visit; office
//! scope, validation, optimistic concurrency, idempotency, paging, attachments and the audit
//! trail.

use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn fields(reply: &Reply) -> Vec<String> {
    reply.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {}", reply.text))
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}")).to_owned()
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> Reply {
    app.call(Method::POST, path, Some(token), Some(body)).await
}

async fn get(app: &TestApp, token: &str, path: &str) -> Reply {
    app.call(Method::GET, path, Some(token), None).await
}

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let r = post(app, token, path, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "POST {path}: {}", r.text);
    r.body
}

async fn me(app: &TestApp, token: &str) -> String {
    s(&get(app, token, "/api/v1/users/me").await.body["id"])
}

async fn sizo(app: &TestApp) -> String {
    let admin = app.token(Role::Admin, "HQ").await;
    let f = created(
        app,
        &admin,
        "/api/v1/facilities",
        json!({"name": "Pre-trial detention centre No. 1", "kind": "pre_trial_detention_centre",
               "region": "tashkent_city", "operating_authority": "Ministry of Internal Affairs", "capacity": 900}),
    )
    .await;
    s(&f["id"])
}

fn visit(facility: &str, team: &[&str], started_on: &str, visit_type: &str) -> Value {
    json!({
        "facility_id": facility, "started_on": started_on, "ended_on": started_on, "visit_type": visit_type,
        "team_user_ids": team, "public_group_members": [], "people_interviewed": 3,
        "findings": "Cells clean; detainee A. reports no access to a lawyer."
    })
}

#[actix_web::test]
async fn an_unannounced_visit_with_recommendations_an_appeal_and_a_follow_up() {
    let app = TestApp::spawn().await;
    let facility = sizo(&app).await;
    let monitor = app.token(Role::Monitor, "HQ").await;
    let monitor_id = me(&app, &monitor).await;

    // The unannounced visit: office staff and a Public Group member, two recommendations.
    let v1 = created(
        &app,
        &monitor,
        "/api/v1/visits",
        json!({
            "facility_id": facility, "started_on": "2025-02-10", "ended_on": "2025-02-10",
            "visit_type": "unannounced", "team_user_ids": [monitor_id],
            "public_group_members": ["Nodira Yusupova"], "people_interviewed": 14,
            "people_interviewed_in_groups": 30,
            "findings": "Cell 12 holds 18 people for 8 places. Detainee \"B.\" reports no walks.",
            "recommendations": [
                {"text": "Reduce occupancy", "addressee": "Administration of SIZO No. 1", "due_on": "2025-06-01"},
                {"text": "Daily one-hour walks", "addressee": "Administration of SIZO No. 1", "due_on": "2025-04-01"}
            ]
        }),
    )
    .await;
    let v1_id = s(&v1["id"]);
    assert_eq!(v1["number"], "HQ-V-2025-0001");
    assert_eq!(v1["visit_type"], "unannounced");
    assert_eq!(v1["conducted_by"], "joint");
    assert_eq!(v1["facility"]["kind"], "pre_trial_detention_centre");
    assert_eq!(v1["team"][0]["user_id"], monitor_id.as_str());
    assert_eq!(v1["public_group_members"], json!(["Nodira Yusupova"]));
    assert_eq!(v1["people_interviewed"], 14);
    assert_eq!(v1["people_interviewed_in_groups"], 30);
    let recs = v1["recommendations"].as_array().unwrap();
    assert_eq!(recs.len(), 2);
    assert!(recs.iter().all(|r| r["status"] == "open" && r["id"].is_string()));
    assert_eq!(recs[0]["position"], 1);
    let (reduce, walks) = (s(&recs[0]["id"]), s(&recs[1]["id"]));

    // An appeal received on site: channel monitoring_visit, linked to the visit.
    let appeal = json!({
        "received_on": "2025-02-10", "channel": "monitoring_visit", "visit_id": v1_id,
        "applicant": {"kind": "citizen", "full_name": "Detainee B.", "language": "uz-Latn"},
        "region": "tashkent_city", "subject": "Sayr berilmayapti", "categories": ["prohibition_of_torture"],
        "reprisal_risk": true
    });
    let a = created(&app, &monitor, "/api/v1/appeals", appeal.clone()).await;
    assert_eq!(a["visit_id"], v1_id.as_str());
    assert_eq!(a["channel"], "monitoring_visit");
    // Another channel, a day outside the visit, or an unknown visit are refused by field.
    let mut wrong = appeal.clone();
    wrong["channel"] = json!("letter");
    let manager = app.token(Role::Manager, "HQ").await;
    let r = post(&app, &manager, "/api/v1/appeals", wrong).await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::BAD_REQUEST, vec!["visit_id".to_owned()])
    );
    let mut outside = appeal.clone();
    outside["received_on"] = json!("2025-02-11");
    let r = post(&app, &monitor, "/api/v1/appeals", outside).await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::BAD_REQUEST, vec!["received_on".to_owned()])
    );
    let mut unknown = appeal.clone();
    unknown["visit_id"] = json!(uuid::Uuid::now_v7());
    let r = post(&app, &monitor, "/api/v1/appeals", unknown).await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::BAD_REQUEST, vec!["visit_id".to_owned()])
    );

    // A measure cites the visit; an unknown visit is refused.
    let measure = json!({"kind": "submission", "addressee": "Ministry of Internal Affairs", "issued_on": "2025-02-20",
                         "visit_id": v1_id, "summary": "Overcrowding in SIZO No. 1"});
    let m = created(&app, &manager, "/api/v1/impact-measures", measure.clone()).await;
    let mut bad = measure.clone();
    bad["visit_id"] = json!(uuid::Uuid::now_v7());
    let r = post(&app, &manager, "/api/v1/impact-measures", bad).await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::BAD_REQUEST, vec!["visit_id".to_owned()])
    );

    let shown = get(&app, &monitor, &format!("/api/v1/visits/{v1_id}")).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.header("etag").as_deref(), Some("\"1\""));
    assert_eq!(shown.body["appeals"].as_array().unwrap().len(), 1);
    assert_eq!(shown.body["appeals"][0]["id"], a["id"]);
    assert_eq!(shown.body["impact_measures"][0]["number"], m["number"]);

    // Before any follow-up the facility implemented nothing.
    let page = get(&app, &monitor, &format!("/api/v1/facilities/{facility}")).await;
    assert_eq!(page.body["recommendations_implementation_rate"], 0.0);
    assert_eq!(page.body["visits"].as_array().unwrap().len(), 1);
    assert_eq!(page.body["visits"][0]["recommendation_count"], 2);

    // The follow-up visit checks both: one implemented, the other not.
    let v2 = created(
        &app,
        &monitor,
        "/api/v1/visits",
        visit(&facility, &[&monitor_id], "2025-07-15", "follow_up"),
    )
    .await;
    let v2_id = s(&v2["id"]);
    assert_eq!(v2["number"], "HQ-V-2025-0002");
    // Not on the visit that made it, and not without a status.
    let r = post(
        &app,
        &monitor,
        &format!("/api/v1/recommendations/{reduce}/follow-ups"),
        json!({"status": "implemented", "visit_id": v1_id}),
    )
    .await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::BAD_REQUEST, vec!["visit_id".to_owned()])
    );
    let r = post(
        &app,
        &monitor,
        &format!("/api/v1/recommendations/{reduce}/follow-ups"),
        json!({"status": "done", "visit_id": v2_id}),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);

    let done = created(
        &app,
        &monitor,
        &format!("/api/v1/recommendations/{reduce}/follow-ups"),
        json!({"status": "implemented", "visit_id": v2_id, "note": "Cell 12 now holds 8."}),
    )
    .await;
    assert_eq!(done["status"], "implemented");
    assert_eq!(done["overdue"], false);
    assert_eq!(done["history"].as_array().unwrap().len(), 1);
    assert_eq!(done["history"][0]["from_status"], "open");
    assert_eq!(done["history"][0]["visit_id"], v2_id.as_str());
    created(
        &app,
        &monitor,
        &format!("/api/v1/recommendations/{walks}/follow-ups"),
        json!({"status": "not_implemented", "visit_id": v2_id}),
    )
    .await;

    let page = get(&app, &monitor, &format!("/api/v1/facilities/{facility}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body["recommendations_implementation_rate"], 0.5);
    assert_eq!(page.body["recommendations_by_status"]["implemented"], 1);
    assert_eq!(page.body["recommendations_by_status"]["not_implemented"], 1);
    assert_eq!(page.body["visits"].as_array().unwrap().len(), 2);
    assert_eq!(page.body["visits"][0]["id"], v2_id.as_str(), "latest first");

    // The follow-up visit shows what it checked; the history shows every change.
    let v2_shown = get(&app, &monitor, &format!("/api/v1/visits/{v2_id}")).await;
    let checked = v2_shown.body["checked_recommendations"].as_array().unwrap();
    assert_eq!(checked.len(), 2);
    assert_eq!(checked[0]["recommended_at_visit"], "HQ-V-2025-0001");
    let detail = get(&app, &monitor, &format!("/api/v1/recommendations/{walks}")).await;
    assert_eq!(detail.body["visit_number"], "HQ-V-2025-0001");
    assert_eq!(detail.body["history"][0]["status"], "not_implemented");

    // Overdue: past due and not implemented.
    let overdue = get(&app, &monitor, "/api/v1/recommendations?overdue=true").await;
    let ids: Vec<String> = overdue.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| s(&r["id"]))
        .collect();
    assert_eq!(ids, vec![walks.clone()]);
    let implemented = get(&app, &monitor, "/api/v1/recommendations?status=implemented").await;
    assert_eq!(implemented.body["items"][0]["id"], reduce.as_str());

    // The audit trail has the visit, the follow-ups.
    let auditor = app.token(Role::Auditor, "HQ").await;
    let trail = get(
        &app,
        &auditor,
        &format!("/api/v1/audit-events?entity_type=visit&entity_id={v1_id}"),
    )
    .await;
    assert!(trail.text.contains("visit.create"), "{}", trail.text);
    let trail = get(
        &app,
        &auditor,
        &format!("/api/v1/audit-events?entity_type=recommendation&entity_id={reduce}"),
    )
    .await;
    assert!(trail.text.contains("recommendation.follow_up"), "{}", trail.text);

    // What hangs on the visit holds it: new dates must keep the appeal received on site and the
    // recommendations' due dates, and follow-ups tie it to its facility.
    let v1_path = format!("/api/v1/visits/{v1_id}");
    let r = app
        .call_with(
            Method::PATCH,
            &v1_path,
            Some(&monitor),
            Some(json!({"started_on": "2025-05-01", "ended_on": "2025-05-02"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    let codes: Vec<String> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| s(&e["code"]))
        .collect();
    assert_eq!(codes, ["after_recommendation_due", "outside_linked_appeals"]);
    let other = created(
        &app,
        &manager,
        "/api/v1/facilities",
        json!({"name": "Penal colony No. 4", "kind": "penal_institution", "region": "samarkand",
               "operating_authority": "Department for the Execution of Punishments"}),
    )
    .await;
    let r = app
        .call_with(
            Method::PATCH,
            &v1_path,
            Some(&monitor),
            Some(json!({"facility_id": other["id"]})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::BAD_REQUEST, vec!["facility_id".to_owned()])
    );
    let r = app
        .call_with(
            Method::PATCH,
            &v1_path,
            Some(&monitor),
            Some(json!({"ended_on": "2025-02-11"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[actix_web::test]
async fn visits_are_scoped_validated_versioned_and_paged() {
    let app = TestApp::spawn().await;
    let facility = sizo(&app).await;
    let admin = app.token(Role::Admin, "HQ").await;
    created(
        &app,
        &admin,
        "/api/v1/offices",
        json!({"code": "SAM", "name": "Samarkand regional office", "region": "samarkand"}),
    )
    .await;
    let monitor = app.token(Role::Monitor, "SAM").await;
    let monitor_id = me(&app, &monitor).await;
    let hq_monitor = app.token(Role::Monitor, "HQ").await;
    let hq_monitor_id = me(&app, &hq_monitor).await;

    // Every wrong field is named.
    let r = post(
        &app,
        &monitor,
        "/api/v1/visits",
        json!({"facility_id": facility, "started_on": "2099-01-01", "ended_on": "2098-12-31",
               "visit_type": "planned", "people_interviewed": -2,
               "recommendations": [{"text": " ", "addressee": "Administration", "due_on": "2098-01-01"}]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    let mut got = fields(&r);
    got.sort();
    assert_eq!(
        got,
        [
            "ended_on",
            "people_interviewed",
            "recommendations[0].due_on",
            "recommendations[0].text",
            "started_on",
            "team_user_ids"
        ]
    );
    let r = post(&app, &monitor, "/api/v1/visits", json!({"facility_id": facility, "started_on": "2025-01-01", "visit_type": "surprise", "team_user_ids": [monitor_id]})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    let r = post(
        &app,
        &monitor,
        "/api/v1/visits",
        visit(
            &uuid::Uuid::now_v7().to_string(),
            &[&monitor_id],
            "2025-03-01",
            "planned",
        ),
    )
    .await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::BAD_REQUEST, vec!["facility_id".to_owned()])
    );
    let r = post(
        &app,
        &monitor,
        "/api/v1/visits",
        visit(&facility, &[&hq_monitor_id], "2025-03-01", "planned"),
    )
    .await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::BAD_REQUEST, vec!["team_user_ids[0]".to_owned()])
    );

    // Who records and who reads.
    let officer = app.token(Role::CaseOfficer, "SAM").await;
    let r = post(
        &app,
        &officer,
        "/api/v1/visits",
        visit(&facility, &[&monitor_id], "2025-03-01", "planned"),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(get(&app, &admin, "/api/v1/visits").await.status, StatusCode::FORBIDDEN);

    // Idempotent creation.
    let body = visit(&facility, &[&monitor_id], "2025-03-01", "planned");
    let first = app
        .call_with(
            Method::POST,
            "/api/v1/visits",
            Some(&monitor),
            Some(body.clone()),
            &[("idempotency-key", "v-1")],
        )
        .await;
    let again = app
        .call_with(
            Method::POST,
            "/api/v1/visits",
            Some(&monitor),
            Some(body),
            &[("idempotency-key", "v-1")],
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.body["id"], again.body["id"]);
    assert_eq!(first.body["number"], "SAM-V-2025-0001");
    assert_eq!(first.body["conducted_by"], "office_staff");
    let id = s(&first.body["id"]);
    let path = format!("/api/v1/visits/{id}");
    for (month, kind) in [("04", "reactive"), ("05", "unannounced")] {
        created(
            &app,
            &monitor,
            "/api/v1/visits",
            visit(&facility, &[&monitor_id], &format!("2025-{month}-02"), kind),
        )
        .await;
    }

    // The office's staff read it; another office's monitor does not see it at all.
    assert_eq!(get(&app, &officer, &path).await.status, StatusCode::OK);
    assert_eq!(
        get(&app, &app.token(Role::Auditor, "HQ").await, &path).await.status,
        StatusCode::OK
    );
    assert_eq!(get(&app, &hq_monitor, &path).await.status, StatusCode::NOT_FOUND);
    let hq_list = get(&app, &hq_monitor, "/api/v1/visits").await;
    assert_eq!(hq_list.body["items"], json!([]));
    let hq_manager = app.token(Role::Manager, "HQ").await;
    let all = get(&app, &hq_manager, "/api/v1/visits").await;
    assert_eq!(
        all.body["items"].as_array().unwrap().len(),
        3,
        "the central office sees every office"
    );

    // Pages and filters.
    let p1 = get(&app, &monitor, "/api/v1/visits?limit=2").await;
    assert_eq!(p1.body["items"].as_array().unwrap().len(), 2);
    let cursor = s(&p1.body["next_cursor"]);
    let p2 = get(&app, &monitor, &format!("/api/v1/visits?limit=2&cursor={cursor}")).await;
    assert_eq!(p2.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(p2.body["items"][0]["id"], id.as_str());
    let reactive = get(&app, &monitor, "/api/v1/visits?visit_type=reactive").await;
    assert_eq!(reactive.body["items"].as_array().unwrap().len(), 1);
    let spring = get(
        &app,
        &monitor,
        "/api/v1/visits?started_from=2025-03-15&started_to=2025-04-30",
    )
    .await;
    assert_eq!(spring.body["items"].as_array().unwrap().len(), 1);
    let r = get(
        &app,
        &monitor,
        "/api/v1/visits?started_from=2025-05-01&started_to=2025-04-01",
    )
    .await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::BAD_REQUEST, vec!["started_to".to_owned()])
    );

    // Changes need the current version.
    let change = json!({"findings": "Revised: cell 12 holds 16.", "public_group_members": ["Aziz Karimov"]});
    let r = app
        .call(Method::PATCH, &path, Some(&monitor), Some(change.clone()))
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED);
    let r = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&monitor),
            Some(change.clone()),
            &[("if-match", "\"7\"")],
        )
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    let r = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&hq_monitor),
            Some(change.clone()),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&monitor),
            Some(change),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["version"], 2);
    assert_eq!(r.body["findings"], "Revised: cell 12 holds 16.");
    assert_eq!(r.body["conducted_by"], "joint");
    let r = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&monitor),
            Some(json!({"ended_on": "2025-02-01"})),
            &[("if-match", "\"2\"")],
        )
        .await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::BAD_REQUEST, vec!["ended_on".to_owned()])
    );

    // A recommendation added later, corrected with If-Match.
    let rec = created(
        &app,
        &monitor,
        &format!("{path}/recommendations"),
        json!({"text": "Repair the ventilation", "addressee": "Administration", "due_on": "2025-09-01"}),
    )
    .await;
    assert_eq!(rec["position"], 1);
    let rec_path = format!("/api/v1/recommendations/{}", s(&rec["id"]));
    let r = app
        .call_with(
            Method::PATCH,
            &rec_path,
            Some(&monitor),
            Some(json!({"due_on": "2025-10-01"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["due_on"], "2025-10-01");
    assert_eq!(get(&app, &hq_monitor, &rec_path).await.status, StatusCode::NOT_FOUND);

    // Photos from the visit: same storage and checks as appeal attachments, same scope as the visit.
    let png: Vec<u8> = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0u8; 100]].concat();
    let upload = app
        .client
        .post(format!("{}{path}/attachments?filename=cell-12.png", app.address))
        .bearer_auth(&monitor)
        .header("content-type", "image/png")
        .body(png.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), StatusCode::CREATED);
    let stored: Value = upload.json().await.unwrap();
    assert_eq!(stored["visit_id"], id.as_str());
    let listed = get(&app, &officer, &format!("{path}/attachments")).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    let content = format!("/api/v1/attachments/{}/content", s(&stored["id"]));
    let download = app
        .client
        .get(format!("{}{content}", app.address))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().to_vec(), png);
    assert_eq!(get(&app, &hq_monitor, &content).await.status, StatusCode::NOT_FOUND);
    let fake = app
        .client
        .post(format!("{}{path}/attachments?filename=cell.png", app.address))
        .bearer_auth(&monitor)
        .header("content-type", "image/png")
        .body(b"not a png".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(fake.status(), StatusCode::BAD_REQUEST);
    assert_eq!(get(&app, &monitor, &path).await.body["attachment_count"], 1);
}
