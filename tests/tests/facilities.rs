#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The facility registry (places of detention the monitors visit): kept by admins and managers,
//! read by every user; validation that names every wrong field, unique names within a region,
//! filters and pages, optimistic concurrency, deactivation and the audit trail.

use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const SIZO_1: &str = "Pre-trial detention centre No. 1";

/// The Tashkent pre-trial detention centre.
fn sizo() -> Value {
    json!({
        "name": SIZO_1,
        "kind": "pre_trial_detention_centre",
        "region": "tashkent_city",
        "operating_authority": "Ministry of Internal Affairs",
        "capacity": 900
    })
}

fn facility(name: &str, kind: &str, region: &str) -> Value {
    json!({"name": name, "kind": kind, "region": region, "operating_authority": "Ministry of Internal Affairs"})
}

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let r = app
        .call(Method::POST, "/api/v1/facilities", Some(token), Some(body))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body
}

fn fields(reply: &Reply) -> Vec<String> {
    reply.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {}", reply.text))
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

fn str_of(v: &Value) -> String {
    v.as_str().unwrap().to_owned()
}

async fn patch(app: &TestApp, token: &str, location: &str, etag: Option<&str>, body: Value) -> Reply {
    let headers: Vec<(&str, &str)> = etag.map(|e| ("if-match", e)).into_iter().collect();
    app.call_with(Method::PATCH, location, Some(token), Some(body), &headers)
        .await
}

#[actix_web::test]
async fn admins_and_managers_keep_the_registry_and_everyone_reads_it() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;

    // Case officers, monitors and auditors do not add facilities; nobody does without a login.
    for role in [Role::CaseOfficer, Role::Monitor, Role::Auditor] {
        let token = app.token(role, "HQ").await;
        let r = app
            .call(Method::POST, "/api/v1/facilities", Some(&token), Some(sizo()))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} added a facility");
    }
    let anonymous = app.call(Method::POST, "/api/v1/facilities", None, Some(sizo())).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let anonymous = app.call(Method::GET, "/api/v1/facilities", None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let created = app
        .call_with(
            Method::POST,
            "/api/v1/facilities",
            Some(&admin),
            Some(sizo()),
            &[("idempotency-key", "sizo-1")],
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let f = &created.body;
    let id = str_of(&f["id"]);
    assert_eq!(f["name"], SIZO_1);
    assert_eq!(f["kind"], "pre_trial_detention_centre");
    assert_eq!(f["region"], "tashkent_city");
    assert_eq!(f["operating_authority"], "Ministry of Internal Affairs");
    assert_eq!(f["capacity"], 900);
    assert_eq!(f["is_active"], true);
    assert!(f["office_id"].is_null());
    assert_eq!(f["version"], 1);
    assert_eq!(created.header("etag").as_deref(), Some("\"1\""));
    let location = created.header("location").unwrap();
    assert_eq!(location, format!("/api/v1/facilities/{id}"));

    // A retry with the same key answers as the first time and creates nothing.
    let replay = app
        .call_with(
            Method::POST,
            "/api/v1/facilities",
            Some(&admin),
            Some(sizo()),
            &[("idempotency-key", "sizo-1")],
        )
        .await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(replay.body["id"], f["id"]);

    // A manager adds one too, covered by a regional office.
    let office = app
        .call(
            Method::POST,
            "/api/v1/offices",
            Some(&admin),
            Some(json!({"code": "SAM", "name": "Samarkand regional representative", "region": "samarkand"})),
        )
        .await;
    assert_eq!(office.status, StatusCode::CREATED, "{}", office.text);
    let mut colony = facility("Penal colony No. 4", "penal_institution", "samarkand");
    colony["office_id"] = office.body["id"].clone();
    colony["capacity"] = json!(1500);
    let colony = create(&app, &manager, colony).await;
    assert_eq!(colony["office_id"], office.body["id"]);

    // Every role reads the registry.
    for role in [Role::CaseOfficer, Role::Monitor, Role::Auditor, Role::Manager] {
        let token = app.token(role, "HQ").await;
        let read = app.call(Method::GET, &location, Some(&token), None).await;
        assert_eq!(read.status, StatusCode::OK, "{role}: {}", read.text);
        assert_eq!(read.body["name"], SIZO_1);
        assert_eq!(read.body["capacity"], 900);
        assert_eq!(read.header("etag").as_deref(), Some("\"1\""));
        let list = app.call(Method::GET, "/api/v1/facilities", Some(&token), None).await;
        assert_eq!(list.status, StatusCode::OK, "{role}: {}", list.text);
        assert_eq!(list.body["items"].as_array().unwrap().len(), 2);
    }
    let missing = app
        .call(
            Method::GET,
            "/api/v1/facilities/0190b7a0-0000-7000-8000-000000000000",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Every wrong field is named at once.
    let r = app
        .call(
            Method::POST,
            "/api/v1/facilities",
            Some(&admin),
            Some(
                json!({"name": " ", "kind": "prison", "region": "tashkent", "operating_authority": "",
                        "capacity": 0}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.header("content-type").as_deref(), Some("application/problem+json"));
    assert_eq!(
        fields(&r),
        ["name", "kind", "region", "operating_authority", "capacity"]
    );
    assert_eq!(r.body["errors"][1]["message"], "'prison' is not a valid facility kind");
    let cases = [
        (json!({"kind": "prison"}), "kind", "invalid_kind"),
        (json!({"region": "Tashkent"}), "region", "invalid_region"),
        (json!({"capacity": -10}), "capacity", "not_positive"),
        (json!({"capacity": 3_000_000_000_i64}), "capacity", "too_large"),
        (json!({"capacity": "many"}), "capacity", "invalid"),
        (json!({"name": "x".repeat(301)}), "name", "too_long"),
        (json!({"operating_authority": "  "}), "operating_authority", "required"),
        (
            json!({"office_id": "0190b7a0-0000-7000-8000-000000000000"}),
            "office_id",
            "unknown_office",
        ),
        (json!({"visits": 3}), "visits", "unknown_field"),
        (json!({"name": SIZO_1}), "name", "already_exists"),
    ];
    for (change, field, code) in cases {
        let mut body = sizo();
        body["name"] = json!("Temporary detention facility of the Yunusabad district");
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = app
            .call(Method::POST, "/api/v1/facilities", Some(&admin), Some(body.clone()))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.text);
        assert_eq!(r.body["errors"][0]["field"], field, "{body}: {}", r.text);
        assert_eq!(r.body["errors"][0]["code"], code, "{body}: {}", r.text);
    }
    let mut no_kind = sizo();
    no_kind.as_object_mut().unwrap().remove("kind");
    let r = app
        .call(Method::POST, "/api/v1/facilities", Some(&admin), Some(no_kind))
        .await;
    assert_eq!(fields(&r), ["kind"]);

    // The same name is fine in another region; the name is trimmed.
    let mut andijan = sizo();
    andijan["region"] = json!("andijan");
    andijan["name"] = json!(format!("  {SIZO_1}  "));
    let andijan = create(&app, &admin, andijan).await;
    assert_eq!(andijan["name"], SIZO_1);

    // Each creation is audited.
    let trail = app
        .call(
            Method::GET,
            &format!("/api/v1/audit-events?entity_type=facility&entity_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.text);
    let items = trail.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", trail.text);
    assert_eq!(items[0]["action"], "facility.create");
    assert_eq!(items[0]["diff"]["name"], SIZO_1);
    assert_eq!(items[0]["diff"]["capacity"], 900);
}

#[actix_web::test]
async fn changes_need_the_etag_and_are_audited() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let monitor = app.token(Role::Monitor, "HQ").await;
    let f = create(&app, &admin, sizo()).await;
    let id = str_of(&f["id"]);
    let location = format!("/api/v1/facilities/{id}");
    let other = create(
        &app,
        &admin,
        facility("Special reception centre", "special_reception_centre", "tashkent_city"),
    )
    .await;

    let change = json!({"capacity": 1100});
    let no_etag = patch(&app, &admin, &location, None, change.clone()).await;
    assert_eq!(no_etag.status, StatusCode::PRECONDITION_REQUIRED, "{}", no_etag.text);
    for token in [&monitor, &app.token(Role::CaseOfficer, "HQ").await] {
        let refused = patch(&app, token, &location, Some("\"1\""), change.clone()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    }
    let empty = patch(&app, &admin, &location, Some("\"1\""), json!({})).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    let wrong = patch(
        &app,
        &admin,
        &location,
        Some("\"1\""),
        json!({"kind": "jail", "capacity": 0}),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{}", wrong.text);
    assert_eq!(fields(&wrong), ["kind", "capacity"]);
    let taken = patch(
        &app,
        &admin,
        &location,
        Some("\"1\""),
        json!({"name": other["name"].clone()}),
    )
    .await;
    assert_eq!(taken.status, StatusCode::BAD_REQUEST, "{}", taken.text);
    assert_eq!(taken.body["errors"][0]["code"], "already_exists");
    let missing = patch(
        &app,
        &admin,
        "/api/v1/facilities/0190b7a0-0000-7000-8000-000000000000",
        Some("\"1\""),
        change.clone(),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // A manager changes the capacity.
    let changed = patch(&app, &manager, &location, Some("\"1\""), change.clone()).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.body["capacity"], 1100);
    assert_eq!(changed.body["version"], 2);
    assert_eq!(changed.header("etag").as_deref(), Some("\"2\""));
    let stale = patch(&app, &admin, &location, Some("\"1\""), json!({"is_active": false})).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "{}", stale.text);

    // Assigned to the central office, then the capacity cleared with null.
    let offices = app.call(Method::GET, "/api/v1/offices", Some(&admin), None).await;
    let hq = offices.body["items"][0]["id"].clone();
    let assigned = patch(
        &app,
        &admin,
        &location,
        Some("\"2\""),
        json!({"office_id": hq, "capacity": null}),
    )
    .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text);
    assert_eq!(assigned.body["office_id"], hq);
    assert!(assigned.body["capacity"].is_null());
    let unknown_office = patch(
        &app,
        &admin,
        &location,
        Some("\"3\""),
        json!({"office_id": "0190b7a0-0000-7000-8000-000000000000"}),
    )
    .await;
    assert_eq!(unknown_office.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&unknown_office), ["office_id"]);

    // Deactivated: it stays readable and listed under active=false; the rest is unchanged.
    let closed = patch(&app, &admin, &location, Some("\"3\""), json!({"is_active": false})).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.text);
    assert_eq!(closed.body["is_active"], false);
    assert_eq!(closed.body["name"], SIZO_1);
    assert_eq!(closed.body["office_id"], hq);
    let read = app.call(Method::GET, &location, Some(&monitor), None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["is_active"], false);
    assert_eq!(read.header("etag").as_deref(), Some("\"4\""));
    let inactive = app
        .call(Method::GET, "/api/v1/facilities?active=false", Some(&monitor), None)
        .await;
    assert_eq!(inactive.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(inactive.body["items"][0]["id"], f["id"]);

    let trail = app
        .call(
            Method::GET,
            &format!("/api/v1/audit-events?entity_type=facility&entity_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.text);
    let items = trail.body["items"].as_array().unwrap();
    let actions: Vec<_> = items.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "facility.create",
            "facility.update",
            "facility.update",
            "facility.update"
        ]
    );
    assert_eq!(items[1]["diff"]["capacity"], json!([900, 1100]));
    assert_eq!(items[2]["diff"]["office_id"], json!([null, hq]));
    assert_eq!(items[2]["diff"]["capacity"], json!([1100, null]));
    assert_eq!(items[3]["diff"]["is_active"], json!([true, false]));
    assert!(items[3]["diff"].get("name").is_none(), "{}", items[3]["diff"]);
}

#[actix_web::test]
async fn facilities_are_listed_with_filters_and_pages() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let office = app
        .call(
            Method::POST,
            "/api/v1/offices",
            Some(&admin),
            Some(json!({"code": "SAM", "name": "Samarkand regional representative", "region": "samarkand"})),
        )
        .await;
    let sam = office.body["id"].clone();
    let sizo = create(&app, &admin, sizo()).await;
    let mut colony = facility("Penal colony No. 4", "penal_institution", "samarkand");
    colony["office_id"] = sam.clone();
    let colony = create(&app, &admin, colony).await;
    let mut unit = facility("Military unit 12345", "military_unit", "samarkand");
    unit["operating_authority"] = json!("Ministry of Defence");
    unit["office_id"] = sam.clone();
    let unit = create(&app, &admin, unit).await;
    let ltp = create(
        &app,
        &admin,
        facility(
            "Narcological dispensary 100% closed ward",
            "compulsory_treatment_facility",
            "fergana",
        ),
    )
    .await;
    let reception = create(
        &app,
        &admin,
        facility("Special reception centre", "special_reception_centre", "tashkent_city"),
    )
    .await;
    let off = patch(
        &app,
        &admin,
        &format!("/api/v1/facilities/{}", str_of(&unit["id"])),
        Some("\"1\""),
        json!({"is_active": false}),
    )
    .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.text);

    let monitor = app.token(Role::Monitor, "HQ").await;
    let ids = |r: &Reply| -> Vec<Value> {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].clone())
            .collect()
    };
    let get = |q: String| {
        let (app, monitor) = (&app, &monitor);
        async move {
            let r = app
                .call(Method::GET, &format!("/api/v1/facilities{q}"), Some(monitor), None)
                .await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
            r
        }
    };
    let id_list = |fs: &[&Value]| fs.iter().map(|f| f["id"].clone()).collect::<Vec<_>>();

    // Newest first.
    let all = get(String::new()).await;
    assert_eq!(ids(&all), id_list(&[&reception, &ltp, &unit, &colony, &sizo]));
    assert!(all.body["next_cursor"].is_null());
    assert_eq!(ids(&get("?region=samarkand".into()).await), id_list(&[&unit, &colony]));
    assert_eq!(
        ids(&get("?region=samarkand&active=true".into()).await),
        id_list(&[&colony])
    );
    assert_eq!(ids(&get("?active=false".into()).await), id_list(&[&unit]));
    assert_eq!(
        ids(&get("?kind=pre_trial_detention_centre".into()).await),
        id_list(&[&sizo])
    );
    assert_eq!(
        ids(&get(format!("?office_id={}", str_of(&sam))).await),
        id_list(&[&unit, &colony])
    );
    // The name search ignores case and takes % literally.
    assert_eq!(ids(&get("?q=CENTRE".into()).await), id_list(&[&reception, &sizo]));
    assert_eq!(ids(&get("?q=100%25".into()).await), id_list(&[&ltp]));
    assert_eq!(ids(&get("?q=%25".into()).await), id_list(&[&ltp]));
    assert_eq!(
        ids(&get("?q=centre&region=tashkent_city&kind=special_reception_centre".into()).await),
        id_list(&[&reception])
    );
    assert!(ids(&get("?q=prison".into()).await).is_empty());

    // Pages of two, following the cursor.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let q = match &cursor {
            Some(c) => format!("?limit=2&cursor={c}"),
            None => "?limit=2".to_owned(),
        };
        let page = get(q).await;
        pages += 1;
        let items = ids(&page);
        assert!(items.len() <= 2);
        seen.extend(items);
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ids(&all));

    // Wrong parameters are named.
    for (q, field) in [
        ("?kind=prison", "kind"),
        ("?region=tashkent", "region"),
        ("?active=maybe", "active"),
        ("?limit=0", "limit"),
        ("?cursor=nonsense", "cursor"),
        ("?office_id=abc", "office_id"),
        ("?colour=red", "colour"),
    ] {
        let r = app
            .call(Method::GET, &format!("/api/v1/facilities{q}"), Some(&monitor), None)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}: {}", r.text);
        assert_eq!(fields(&r), [field], "{q}");
    }
}

#[actix_web::test]
async fn the_registry_is_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc = app.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(doc.status, StatusCode::OK);
    let paths = &doc.body["paths"];
    assert!(paths["/facilities"]["post"].is_object(), "{}", paths);
    assert!(paths["/facilities"]["get"].is_object());
    assert!(paths["/facilities/{id}"]["get"].is_object());
    assert!(paths["/facilities/{id}"]["patch"].is_object());
    let kinds = &doc.body["components"]["schemas"]["FacilityKind"]["enum"];
    assert_eq!(kinds.as_array().map(Vec::len), Some(7), "{kinds}");
}
