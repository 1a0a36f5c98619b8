//! Protected identities, replayed as a hostile insider would try them: registration as an
//! oracle, switching protection off, protection per appeal instead of per person, other
//! offices' records cited in bodies, and the access log that records the attempts.

use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const NAME: &str = "Rustam Qodirov";
const NAME_CYRILLIC: &str = "Рустам Қодиров";
const EMAIL: &str = "r.qodirov.family@example.org";
const PHONE: &str = "+998 90 765-43-21";
const CELL: &str = "SIZO No.1, cell 12";

fn detainee_appeal(subject: &str) -> Value {
    json!({
        "received_on": "2025-03-14",
        "channel": "complaint_box",
        "applicant": {"kind": "citizen", "full_name": NAME, "email": EMAIL, "phone": PHONE,
                      "postal_address": CELL, "language": "uz-Latn", "citizenship": "UZ",
                      "vulnerabilities": ["detainee"]},
        "region": "samarkand",
        "subject": subject,
        "description": "Kaltaklangan.",
        "categories": ["prohibition_of_torture"],
        "reprisal_risk": true
    })
}

fn plain_appeal(subject: &str, applicant: Value) -> Value {
    json!({
        "received_on": "2025-04-02",
        "channel": "letter",
        "applicant": applicant,
        "region": "samarkand",
        "subject": subject,
        "categories": ["prohibition_of_torture"]
    })
}

async fn add_office(app: &TestApp, admin: &str, code: &str, region: &str) -> String {
    let r = app
        .call(
            Method::POST,
            "/api/v1/offices",
            Some(admin),
            Some(json!({"code": code, "name": format!("{code} regional office"), "region": region})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> Reply {
    app.call(Method::POST, path, Some(token), Some(body)).await
}

async fn get(app: &TestApp, token: &str, path: &str) -> Reply {
    app.call(Method::GET, path, Some(token), None).await
}

async fn me(app: &TestApp, token: &str) -> String {
    get(app, token, "/api/v1/users/me").await.body["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Nothing of the stored person appears in the text.
fn leaks_nothing(r: &Reply, detainee_id: &str) {
    for secret in [
        NAME,
        EMAIL,
        "765-43-21",
        "907654321",
        CELL,
        detainee_id,
        "Qodirov",
        "Қодиров",
    ] {
        assert!(!r.text.contains(secret), "{secret} leaked: {}", r.text);
    }
}

struct World {
    app: TestApp,
    admin: String,
    sam_manager: String,
    sam_officer: String,
    tas_officer: String,
    auditor: String,
    detainee_id: String,
    protected_appeal: Value,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    add_office(&app, &admin, "SAM", "samarkand").await;
    add_office(&app, &admin, "TAS", "tashkent_region").await;
    let sam_manager = app.token(Role::Manager, "SAM").await;
    let sam_officer = app.token(Role::CaseOfficer, "SAM").await;
    let tas_officer = app.token(Role::CaseOfficer, "TAS").await;
    let auditor = app.token(Role::Auditor, "HQ").await;
    let created = post(&app, &sam_manager, "/api/v1/appeals", detainee_appeal("Beaten in SIZO")).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let detainee_id = created.body["applicant"]["id"].as_str().unwrap().to_owned();
    World {
        app,
        admin,
        sam_manager,
        sam_officer,
        tas_officer,
        auditor,
        detainee_id,
        protected_appeal: created.body,
    }
}

#[actix_web::test]
async fn registration_tells_another_office_nothing_about_a_stored_detainee() {
    let w = world().await;
    let app = &w.app;

    // Citing the detainee's id is the same as citing an id that does not exist.
    let mut by_id = plain_appeal("Probe by id", Value::Null);
    by_id.as_object_mut().unwrap().remove("applicant");
    by_id["applicant_id"] = json!(w.detainee_id);
    let cited = post(app, &w.tas_officer, "/api/v1/appeals", by_id.clone()).await;
    by_id["applicant_id"] = json!(uuid::Uuid::now_v7());
    let random = post(app, &w.tas_officer, "/api/v1/appeals", by_id).await;
    assert_eq!(cited.status, StatusCode::BAD_REQUEST, "{}", cited.text);
    assert_eq!(cited.body["errors"], random.body["errors"]);
    leaks_nothing(&cited, &w.detainee_id);

    // The e-mail in another case, and the name in the other script with the phone: the 201
    // echoes what was typed and links to a new person. (The second and third probes are one
    // person, the same name in two scripts with the same phone: each office links them to each
    // other, never to the detainee.)
    let mut probed: Vec<(String, Value)> = Vec::new();
    let probes = [
        json!({"kind": "citizen", "full_name": "Probe Person", "email": EMAIL.to_uppercase()}),
        json!({"kind": "citizen", "full_name": NAME_CYRILLIC, "phone": "998907654321"}),
        json!({"kind": "citizen", "full_name": NAME.to_lowercase(), "phone": PHONE}),
    ];
    for (i, applicant) in probes.into_iter().enumerate() {
        for token in [&w.tas_officer, &w.sam_officer] {
            let r = post(
                app,
                token,
                "/api/v1/appeals",
                plain_appeal(&format!("Probe {i}"), applicant.clone()),
            )
            .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            assert_ne!(r.body["applicant"]["id"], json!(w.detainee_id));
            assert_eq!(r.body["applicant"]["full_name"], applicant["full_name"]);
            assert!(r.body["applicant"].get("postal_address").is_none(), "{}", r.text);
            let own_probe = probed.iter().any(|(t, id)| t == token && *id == r.body["repeat_of"]);
            assert!(
                r.body["repeat_of"].is_null() || own_probe,
                "a repeat only of the caller's own probe: {}",
                r.text
            );
            probed.push((token.to_string(), r.body["id"].clone()));
            let id = r.body["id"].as_str().unwrap();
            let again = get(app, token, &format!("/api/v1/appeals/{id}")).await;
            assert_eq!(again.status, StatusCode::OK);
            assert!(!again.text.contains(CELL) && !again.text.contains(&w.detainee_id));
        }
    }

    // The office's manager, who sees the detainee, still links a new appeal to them.
    let linked = post(
        app,
        &w.sam_manager,
        "/api/v1/appeals",
        plain_appeal(
            "Second complaint",
            json!({"kind": "citizen", "full_name": NAME, "email": EMAIL}),
        ),
    )
    .await;
    assert_eq!(linked.status, StatusCode::CREATED, "{}", linked.text);
    assert_eq!(linked.body["applicant"]["id"], json!(w.detainee_id));
    assert_eq!(linked.body["repeat_of"], w.protected_appeal["id"]);
}

#[actix_web::test]
async fn protection_follows_the_person_to_every_appeal() {
    let w = world().await;
    let app = &w.app;
    // A second appeal of the same person, not flagged itself.
    let second = post(
        app,
        &w.sam_manager,
        "/api/v1/appeals",
        plain_appeal(
            "Family visit refused",
            json!({"kind": "citizen", "full_name": NAME, "email": EMAIL}),
        ),
    )
    .await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text);
    assert_eq!(second.body["reprisal_risk"], false);
    let second_id = second.body["id"].as_str().unwrap().to_owned();
    let first_id = w.protected_appeal["id"].as_str().unwrap().to_owned();

    for token in [&w.sam_officer, &w.auditor] {
        for id in [&first_id, &second_id] {
            let r = get(app, token, &format!("/api/v1/appeals/{id}")).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            assert_eq!(r.body["applicant"]["identity_withheld"], true);
            assert!(r.body["applicant"].get("id").is_none(), "{}", r.text);
            assert!(r.body["repeat_of"].is_null());
            leaks_nothing(&r, &w.detainee_id);
            let events = get(app, token, &format!("/api/v1/appeals/{id}/events")).await;
            assert_eq!(events.status, StatusCode::OK);
            leaks_nothing(&events, &w.detainee_id);
        }
        let list = get(app, token, "/api/v1/appeals?region=samarkand").await;
        assert_eq!(list.status, StatusCode::OK);
        leaks_nothing(&list, &w.detainee_id);
        // The person's page is hidden from whoever does not see the identity.
        let history = get(app, token, &format!("/api/v1/applicants/{}", w.detainee_id)).await;
        assert_eq!(history.status, StatusCode::NOT_FOUND);
    }
    // Another office does not see the appeals at all.
    let other = get(app, &w.tas_officer, &format!("/api/v1/appeals/{second_id}")).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);

    // The manager sees the person; so does the officer once assigned the protected appeal.
    let managers = get(app, &w.sam_manager, &format!("/api/v1/appeals/{second_id}")).await;
    assert_eq!(managers.body["applicant"]["full_name"], NAME);
    let officer_id = me(app, &w.sam_officer).await;
    let assigned = post(
        app,
        &w.sam_manager,
        &format!("/api/v1/appeals/{first_id}/assignment"),
        json!({"user_id": officer_id}),
    )
    .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text);
    let now = get(app, &w.sam_officer, &format!("/api/v1/appeals/{second_id}")).await;
    assert_eq!(now.body["applicant"]["full_name"], NAME);
    assert_eq!(now.body["applicant"]["id"], json!(w.detainee_id));

    // Every read of the protected identity is in the access log, with who read it.
    let log = get(
        app,
        &w.auditor,
        &format!("/api/v1/access-log?kind=identity_read&record_id={}", w.detainee_id),
    )
    .await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.text);
    let readers: Vec<&str> = log.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor_id"].as_str().unwrap())
        .collect();
    assert!(readers.contains(&officer_id.as_str()), "{}", log.text);
    assert!(readers.contains(&me(app, &w.sam_manager).await.as_str()));
}

#[actix_web::test]
async fn only_a_manager_or_the_assigned_officer_lifts_protection_and_gives_a_reason() {
    let w = world().await;
    let app = &w.app;
    let id = w.protected_appeal["id"].as_str().unwrap();
    let path = format!("/api/v1/appeals/{id}");
    let etag = |r: &Reply| r.header("etag").unwrap();
    let current = get(app, &w.sam_manager, &path).await;
    let lift = json!({"reprisal_risk": false, "reason": "Released; the family asked to be named"});

    let officer = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&w.sam_officer),
            Some(lift.clone()),
            &[("if-match", &etag(&current))],
        )
        .await;
    assert_eq!(officer.status, StatusCode::FORBIDDEN, "{}", officer.text);
    let other_office = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&w.tas_officer),
            Some(lift.clone()),
            &[("if-match", &etag(&current))],
        )
        .await;
    assert_eq!(other_office.status, StatusCode::NOT_FOUND);
    let unexplained = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&w.sam_manager),
            Some(json!({"reprisal_risk": false})),
            &[("if-match", &etag(&current))],
        )
        .await;
    assert_eq!(unexplained.status, StatusCode::BAD_REQUEST);
    assert_eq!(unexplained.body["errors"][0]["field"], "reason");
    // Still protected after the refusals.
    let still = get(app, &w.sam_officer, &path).await;
    assert_eq!(still.body["reprisal_risk"], true);
    assert_eq!(still.body["applicant"]["identity_withheld"], true);

    let lifted = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&w.sam_manager),
            Some(lift),
            &[("if-match", &etag(&current))],
        )
        .await;
    assert_eq!(lifted.status, StatusCode::OK, "{}", lifted.text);
    assert_eq!(lifted.body["reprisal_risk"], false);
    let trail = get(
        app,
        &w.admin,
        &format!("/api/v1/audit-events?entity_type=appeal&entity_id={id}"),
    )
    .await;
    let event = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "appeal.lift_protection")
        .cloned()
        .unwrap_or_else(|| panic!("no lift_protection event: {}", trail.text));
    assert_eq!(event["diff"]["reason"], "Released; the family asked to be named");
    assert_eq!(event["diff"]["reprisal_risk"], json!([true, false]));
    // The registration's audit event names no applicant.
    assert!(trail.body["items"][0]["diff"].get("applicant_id").is_none());
    // Anyone who may change the appeal may protect it again.
    let again = get(app, &w.sam_officer, &path).await;
    let protect = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&w.sam_officer),
            Some(json!({"reprisal_risk": true})),
            &[("if-match", &etag(&again))],
        )
        .await;
    assert_eq!(protect.status, StatusCode::OK, "{}", protect.text);
}

#[actix_web::test]
async fn another_offices_records_cited_in_a_body_do_not_exist() {
    let w = world().await;
    let app = &w.app;
    let sam_appeal = w.protected_appeal["id"].as_str().unwrap();
    let tas_manager = app.token(Role::Manager, "TAS").await;
    let measure = post(
        app,
        &tas_manager,
        "/api/v1/impact-measures",
        json!({"kind": "demand", "addressee": "Penitentiary service", "issued_on": "2025-04-01",
               "appeal_ids": [sam_appeal], "summary": "Stop the beatings"}),
    )
    .await;
    assert_eq!(measure.status, StatusCode::BAD_REQUEST, "{}", measure.text);
    assert_eq!(measure.body["errors"][0]["code"], "unknown_appeal");
    let money = post(
        app,
        &w.tas_officer,
        "/api/v1/compensations",
        json!({"amount_minor": 100, "currency": "UZS", "kind": "damages", "paid_by": "Ministry",
               "recovered_on": "2025-05-20", "appeal_id": sam_appeal}),
    )
    .await;
    assert_eq!(money.status, StatusCode::BAD_REQUEST, "{}", money.text);
    assert_eq!(money.body["errors"][0]["field"], "appeal_id");
    for r in [&measure, &money] {
        leaks_nothing(r, &w.detainee_id);
    }

    // A measure the central office issues for the appeal is not shown to the regional officer,
    // who may not open it: neither on the appeal nor on its timeline.
    let hq_manager = app.token(Role::Manager, "HQ").await;
    let hq_measure = post(
        app,
        &hq_manager,
        "/api/v1/impact-measures",
        json!({"kind": "demand", "addressee": "Penitentiary service", "issued_on": "2025-04-01",
               "appeal_ids": [sam_appeal], "summary": "Stop the beatings"}),
    )
    .await;
    assert_eq!(hq_measure.status, StatusCode::CREATED, "{}", hq_measure.text);
    let hq_number = hq_measure.body["number"].as_str().unwrap().to_owned();
    let hq_id = hq_measure.body["id"].as_str().unwrap().to_owned();
    let seen = get(app, &w.sam_officer, &format!("/api/v1/appeals/{sam_appeal}")).await;
    assert_eq!(seen.body["impact_measures"], json!([]), "{}", seen.text);
    let events = get(app, &w.sam_officer, &format!("/api/v1/appeals/{sam_appeal}/events")).await;
    assert!(events.text.contains("impact_measure_issued"), "{}", events.text);
    assert!(
        !events.text.contains(&hq_number) && !events.text.contains(&hq_id),
        "{}",
        events.text
    );
    let managers = get(app, &hq_manager, &format!("/api/v1/appeals/{sam_appeal}")).await;
    assert_eq!(managers.body["impact_measures"][0]["number"], json!(hq_number));

    // A compensation recorded on the protected appeal names no beneficiary to whoever does not
    // see the person.
    let paid = post(
        app,
        &w.sam_manager,
        "/api/v1/compensations",
        json!({"amount_minor": 500000, "currency": "UZS", "kind": "damages", "paid_by": "Ministry",
               "recovered_on": "2025-05-20", "appeal_id": sam_appeal}),
    )
    .await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.text);
    assert_eq!(paid.body["applicant_id"], json!(w.detainee_id));
    let path = format!("/api/v1/compensations/{}", paid.body["id"].as_str().unwrap());
    for token in [&w.sam_officer, &w.auditor] {
        let seen = get(app, token, &path).await;
        assert_eq!(seen.status, StatusCode::OK, "{}", seen.text);
        assert!(seen.body["applicant_id"].is_null(), "{}", seen.text);
        let listed = get(app, token, "/api/v1/compensations").await;
        leaks_nothing(&listed, &w.detainee_id);
    }
    assert_eq!(get(app, &w.tas_officer, &path).await.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn a_regional_manager_changes_only_facilities_of_their_office() {
    let w = world().await;
    let app = &w.app;
    let offices = get(app, &w.admin, "/api/v1/offices").await;
    let office_id = |code: &str| {
        offices.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["code"] == code)
            .unwrap()["id"]
            .clone()
    };
    let facility = |name: &str, office: Value| {
        json!({"name": name, "kind": "pre_trial_detention_centre", "region": "samarkand",
               "operating_authority": "Ministry of Internal Affairs", "capacity": 900, "office_id": office})
    };
    let tas_facility = post(
        app,
        &w.admin,
        "/api/v1/facilities",
        facility("SIZO No.4", office_id("TAS")),
    )
    .await;
    assert_eq!(tas_facility.status, StatusCode::CREATED, "{}", tas_facility.text);
    let own = post(
        app,
        &w.sam_manager,
        "/api/v1/facilities",
        facility("SIZO No.1", office_id("SAM")),
    )
    .await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.text);
    let foreign = post(
        app,
        &w.sam_manager,
        "/api/v1/facilities",
        facility("SIZO No.9", office_id("TAS")),
    )
    .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN, "{}", foreign.text);

    let patch = |r: &Reply, body: Value, token: String| {
        let path = format!("/api/v1/facilities/{}", r.body["id"].as_str().unwrap());
        let etag = r.header("etag").unwrap_or_else(|| format!("\"{}\"", r.body["version"]));
        async move {
            app.call_with(Method::PATCH, &path, Some(&token), Some(body), &[("if-match", &etag)])
                .await
        }
    };
    let rename = patch(&tas_facility, json!({"name": "Renamed"}), w.sam_manager.clone()).await;
    assert_eq!(rename.status, StatusCode::FORBIDDEN, "{}", rename.text);
    let deactivate = patch(&tas_facility, json!({"is_active": false}), w.sam_manager.clone()).await;
    assert_eq!(deactivate.status, StatusCode::FORBIDDEN);
    let rehome = patch(&own, json!({"office_id": office_id("TAS")}), w.sam_manager.clone()).await;
    assert_eq!(rehome.status, StatusCode::FORBIDDEN, "{}", rehome.text);
    let fine = patch(&own, json!({"capacity": 950}), w.sam_manager.clone()).await;
    assert_eq!(fine.status, StatusCode::OK, "{}", fine.text);
    let hq_manager = app.token(Role::Manager, "HQ").await;
    let central = patch(&tas_facility, json!({"capacity": 1000}), hq_manager).await;
    assert_eq!(central.status, StatusCode::OK, "{}", central.text);
}

#[actix_web::test]
async fn the_access_log_records_failed_logins_and_denials_with_server_request_ids() {
    let w = world().await;
    let app = &w.app;
    let bad = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "Intruder@Example.org", "password": "not the password at all"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    let id = w.protected_appeal["id"].as_str().unwrap();
    let denied = app
        .call_with(
            Method::GET,
            &format!("/api/v1/appeals/{id}"),
            Some(&w.tas_officer),
            None,
            &[("x-request-id", "probe-42")],
        )
        .await;
    assert_eq!(denied.status, StatusCode::NOT_FOUND);
    let missing = get(
        app,
        &w.tas_officer,
        &format!("/api/v1/appeals/{}", uuid::Uuid::now_v7()),
    )
    .await;
    assert_eq!(missing.status, denied.status);
    assert_eq!(missing.body["code"], denied.body["code"]);
    assert_eq!(missing.body["detail"], denied.body["detail"]);
    let server_id = denied.header("x-request-id").unwrap();
    assert!(uuid::Uuid::parse_str(&server_id).is_ok());
    // A malformed client id is not kept at all.
    let forged = app
        .call_with(
            Method::GET,
            &format!("/api/v1/appeals/{id}"),
            Some(&w.tas_officer),
            None,
            &[("x-request-id", "a b c; drop table")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);

    let log = get(app, &w.auditor, "/api/v1/access-log?limit=200").await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.text);
    let items = log.body["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .any(|e| e["kind"] == "login_failed" && e["actor_label"] == "Intruder@Example.org"),
        "{}",
        log.text
    );
    let denials: Vec<&Value> = items
        .iter()
        .filter(|e| e["kind"] == "denied" && e["record_id"] == json!(id))
        .collect();
    assert_eq!(denials.len(), 2, "{}", log.text);
    let probe = denials.iter().find(|e| e["client_request_id"] == "probe-42").unwrap();
    assert_eq!(probe["request_id"], json!(server_id));
    assert_eq!(probe["actor_id"], json!(me(app, &w.tas_officer).await));
    assert!(denials.iter().any(|e| e["client_request_id"].is_null()));
    // The missing record is no denial.
    assert!(!log.text.contains(&missing.header("x-request-id").unwrap()));
    // Only admins and auditors read it; the trail cannot be rewritten.
    assert_eq!(
        get(app, &w.sam_manager, "/api/v1/access-log").await.status,
        StatusCode::FORBIDDEN
    );
    assert!(app.sql("UPDATE access_log SET actor_label = 'x'").is_err());
    assert!(app.sql("DELETE FROM access_log").is_err());
}

#[actix_web::test]
async fn a_persons_page_counts_only_the_appeals_and_money_the_caller_may_see() {
    let w = world().await;
    let app = &w.app;
    let person = json!({"kind": "citizen", "full_name": "Malika Tursunova", "email": "m.tursunova@example.org"});
    let in_sam = post(
        app,
        &w.sam_manager,
        "/api/v1/appeals",
        plain_appeal("Wage arrears", person.clone()),
    )
    .await;
    assert_eq!(in_sam.status, StatusCode::CREATED, "{}", in_sam.text);
    let person_id = in_sam.body["applicant"]["id"].as_str().unwrap().to_owned();
    // The central office, which sees the SAM appeal, files a second one for the same person.
    let hq_manager = app.token(Role::Manager, "HQ").await;
    let mut second = plain_appeal("Pension", person);
    second["categories"] = json!(["social_security"]);
    let in_hq = post(app, &hq_manager, "/api/v1/appeals", second).await;
    assert_eq!(in_hq.status, StatusCode::CREATED, "{}", in_hq.text);
    assert_eq!(in_hq.body["applicant"]["id"], json!(person_id));
    for (token, appeal, amount) in [(&w.sam_manager, &in_sam, 1_000), (&hq_manager, &in_hq, 250_000)] {
        let paid = post(
            app,
            token,
            "/api/v1/compensations",
            json!({"amount_minor": amount, "currency": "UZS", "kind": "wage_arrears", "paid_by": "Employer",
                   "recovered_on": "2025-05-20", "appeal_id": appeal.body["id"]}),
        )
        .await;
        assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.text);
    }
    let path = format!("/api/v1/applicants/{person_id}");
    let regional = get(app, &w.sam_manager, &path).await;
    assert_eq!(regional.status, StatusCode::OK, "{}", regional.text);
    assert_eq!(regional.body["appeals"].as_array().unwrap().len(), 1);
    assert_eq!(regional.body["compensation_total_minor"], json!({"UZS": 1000}));
    assert!(!regional.text.contains(in_hq.body["id"].as_str().unwrap()));
    let central = get(app, &hq_manager, &path).await;
    assert_eq!(central.body["appeals"].as_array().unwrap().len(), 2);
    assert_eq!(central.body["compensation_total_minor"], json!({"UZS": 251000}));
    // The regional office does not see the central office's appeal as a repeat either.
    let tas_manager = app.token(Role::Manager, "TAS").await;
    assert_eq!(get(app, &tas_manager, &path).await.status, StatusCode::NOT_FOUND);
}
