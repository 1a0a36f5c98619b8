#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Partner institutions (foreign ombudsmen) and referrals of appeals to and from them: the
//! admin-kept registry, its validation, filters, pages and optimistic concurrency; referrals on
//! the appeal's timeline under the appeal's access rules; the partner's answer; the audit trail.

use std::collections::HashSet;

use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const RU_OMBUDSMAN: &str = "Commissioner for Human Rights in the Russian Federation";

/// The Russian ombudsman, partner under the Uzbekistan–Russia cooperation roadmap 2025–2026.
fn russian_ombudsman() -> Value {
    json!({
        "name": RU_OMBUDSMAN,
        "country": "RU",
        "kind": "national_ombudsman",
        "agreement": "Roadmap of cooperation between the Ombudsman of Uzbekistan and the Commissioner for Human Rights in the Russian Federation for 2025-2026",
        "agreement_from": "2025-01-01",
        "agreement_to": "2026-12-31",
        "email": "international@ombudsmanrf.org"
    })
}

fn partner_body(name: &str, country: Option<&str>) -> Value {
    json!({
        "name": name,
        "country": country,
        "agreement": "Memorandum of understanding",
        "agreement_from": "2024-05-01"
    })
}

async fn create_partner(app: &TestApp, admin: &str, body: Value) -> Value {
    let r = app
        .call(Method::POST, "/api/v1/partners", Some(admin), Some(body))
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

async fn add_office(app: &TestApp, admin: &str, code: &str) {
    let r = app
        .call(
            Method::POST,
            "/api/v1/offices",
            Some(admin),
            Some(json!({"code": code, "name": format!("{code} office"), "region": "samarkand"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
}

/// A migrant worker in Russia whose employer there withholds his wages.
fn migrant_workers_appeal() -> Value {
    json!({
        "received_on": "2025-03-14",
        "channel": "online_portal",
        "applicant": {"kind": "citizen", "full_name": "Sherzod Tursunov", "email": "s.tursunov@example.org",
                      "language": "ru", "citizenship": "UZ", "country_of_stay": "RU",
                      "vulnerabilities": ["migrant_worker"]},
        "region": "abroad",
        "abroad_country": "RU",
        "subject": "Wages withheld by an employer in Moscow",
        "description": "Работодатель в Москве не выплачивает зарплату три месяца.",
        "categories": ["migrants_rights"]
    })
}

fn tashkent_today() -> chrono::NaiveDate {
    ombudsman_domain::office::tashkent_date(chrono::Utc::now())
}

#[actix_web::test]
async fn admins_keep_the_partner_registry() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;

    // Only admins add partners.
    for role in [Role::Manager, Role::CaseOfficer, Role::Auditor] {
        let token = app.token(role, "HQ").await;
        let r = app
            .call(
                Method::POST,
                "/api/v1/partners",
                Some(&token),
                Some(russian_ombudsman()),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} added a partner");
    }
    let anonymous = app
        .call(Method::POST, "/api/v1/partners", None, Some(russian_ombudsman()))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let created = app
        .call_with(
            Method::POST,
            "/api/v1/partners",
            Some(&admin),
            Some(russian_ombudsman()),
            &[("idempotency-key", "partner-ru-1")],
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let p = &created.body;
    let id = str_of(&p["id"]);
    assert_eq!(p["name"], RU_OMBUDSMAN);
    assert_eq!(p["country"], "RU");
    assert_eq!(p["kind"], "national_ombudsman");
    assert_eq!(p["agreement_from"], "2025-01-01");
    assert_eq!(p["agreement_to"], "2026-12-31");
    assert_eq!(p["is_active"], true);
    assert_eq!(created.header("etag").as_deref(), Some("\"1\""));
    let location = created.header("location").unwrap();
    assert_eq!(location, format!("/api/v1/partners/{id}"));

    // A retry with the same key answers as the first time and creates nothing.
    let replay = app
        .call_with(
            Method::POST,
            "/api/v1/partners",
            Some(&admin),
            Some(russian_ombudsman()),
            &[("idempotency-key", "partner-ru-1")],
        )
        .await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(replay.body["id"], p["id"]);
    let mut other_body = russian_ombudsman();
    other_body["name"] = json!("Someone else");
    let reused = app
        .call_with(
            Method::POST,
            "/api/v1/partners",
            Some(&admin),
            Some(other_body),
            &[("idempotency-key", "partner-ru-1")],
        )
        .await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Every user reads the registry.
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let read = app.call(Method::GET, &location, Some(&officer), None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    assert_eq!(read.body["name"], RU_OMBUDSMAN);
    assert_eq!(read.header("etag").as_deref(), Some("\"1\""));
    let missing = app
        .call(
            Method::GET,
            "/api/v1/partners/0190b7a0-0000-7000-8000-000000000000",
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Wrong input names the fields.
    let mut bad = russian_ombudsman();
    bad["name"] = json!("Another");
    bad["country"] = json!("Russia");
    bad["agreement_to"] = json!("2024-12-31");
    let r = app
        .call(Method::POST, "/api/v1/partners", Some(&admin), Some(bad))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.header("content-type").as_deref(), Some("application/problem+json"));
    assert_eq!(fields(&r), ["country", "agreement_to"]);
    let cases = [
        (json!({"country": "R1"}), "country", "invalid_country"),
        (
            json!({"agreement_from": "2026-01-01", "agreement_to": "2025-12-31"}),
            "agreement_to",
            "before_agreement_from",
        ),
        (json!({"agreement": "  "}), "agreement", "required"),
        (json!({"email": "not-an-address"}), "email", "invalid_email"),
        (json!({"kind": "embassy"}), "kind", "invalid"),
        (json!({"agreement_from": "01.01.2025"}), "agreement_from", "invalid"),
        (
            json!({"website": "https://ombudsmanrf.org"}),
            "website",
            "unknown_field",
        ),
        (json!({"name": RU_OMBUDSMAN}), "name", "already_exists"),
    ];
    for (patch, field, code) in cases {
        let mut body = russian_ombudsman();
        body["name"] = json!("A new partner");
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = app
            .call(Method::POST, "/api/v1/partners", Some(&admin), Some(body.clone()))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.text);
        assert_eq!(r.body["errors"][0]["field"], field, "{body}: {}", r.text);
        assert_eq!(r.body["errors"][0]["code"], code, "{body}: {}", r.text);
    }
    let mut no_name = russian_ombudsman();
    no_name.as_object_mut().unwrap().remove("name");
    let r = app
        .call(Method::POST, "/api/v1/partners", Some(&admin), Some(no_name))
        .await;
    assert_eq!(fields(&r), ["name"]);

    // Changes need the current ETag.
    let end = json!({"agreement_to": "2025-06-30"});
    let no_etag = app
        .call(Method::PATCH, &location, Some(&admin), Some(end.clone()))
        .await;
    assert_eq!(no_etag.status, StatusCode::PRECONDITION_REQUIRED, "{}", no_etag.text);
    let by_officer = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&officer),
            Some(end.clone()),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(by_officer.status, StatusCode::FORBIDDEN);
    let backwards = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&admin),
            Some(json!({"agreement_to": "2024-06-30"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(backwards.status, StatusCode::BAD_REQUEST, "{}", backwards.text);
    assert_eq!(fields(&backwards), ["agreement_to"]);
    let empty = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&admin),
            Some(json!({})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);

    // The agreement ends early.
    let ended = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&admin),
            Some(end.clone()),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.text);
    assert_eq!(ended.body["agreement_to"], "2025-06-30");
    assert_eq!(ended.body["version"], 2);
    assert_eq!(ended.header("etag").as_deref(), Some("\"2\""));
    let stale = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&admin),
            Some(json!({"is_active": false})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "{}", stale.text);

    // Deactivated, and the e-mail cleared with null; the rest stays as it was.
    let deactivated = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&admin),
            Some(json!({"is_active": false, "email": null})),
            &[("if-match", "\"2\"")],
        )
        .await;
    assert_eq!(deactivated.status, StatusCode::OK, "{}", deactivated.text);
    assert_eq!(deactivated.body["is_active"], false);
    assert!(deactivated.body["email"].is_null());
    assert_eq!(deactivated.body["agreement_to"], "2025-06-30");
    assert_eq!(deactivated.body["country"], "RU");

    // Every write is in the audit trail, with what changed.
    let trail = app
        .call(
            Method::GET,
            &format!("/api/v1/audit-events?entity_type=partner&entity_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.text);
    let items = trail.body["items"].as_array().unwrap();
    let actions: Vec<_> = items.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["partner.create", "partner.update", "partner.update"]);
    assert_eq!(items[0]["diff"]["name"], RU_OMBUDSMAN);
    assert_eq!(items[1]["diff"]["agreement_to"], json!(["2026-12-31", "2025-06-30"]));
    assert_eq!(items[2]["diff"]["is_active"], json!([true, false]));
}

#[actix_web::test]
async fn partners_are_listed_with_filters_and_pages() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let ru = create_partner(&app, &admin, russian_ombudsman()).await;
    let kz = create_partner(
        &app,
        &admin,
        partner_body("Commissioner for Human Rights in Kazakhstan", Some("kz")),
    )
    .await;
    assert_eq!(kz["country"], "KZ", "country codes are stored in capitals");
    let kg = create_partner(
        &app,
        &admin,
        partner_body("Akyikatchy of the Kyrgyz Republic", Some("KG")),
    )
    .await;
    let tatar = create_partner(
        &app,
        &admin,
        json!({"name": "Commissioner for Human Rights in the Republic of Tatarstan", "country": "RU",
               "kind": "regional_ombudsman", "agreement": "Agreement on cooperation", "agreement_from": "2023-09-01"}),
    )
    .await;
    let ioi = create_partner(
        &app,
        &admin,
        json!({"name": "International Ombudsman Institute", "kind": "international_organization",
               "agreement": "Membership", "agreement_from": "2020-01-01"}),
    )
    .await;
    assert!(ioi["country"].is_null());
    let off = app
        .call_with(
            Method::PATCH,
            &format!("/api/v1/partners/{}", str_of(&kg["id"])),
            Some(&admin),
            Some(json!({"is_active": false})),
            &[("if-match", "\"1\"")],
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
                .call(Method::GET, &format!("/api/v1/partners{q}"), Some(monitor), None)
                .await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
            r
        }
    };

    // Newest first.
    let all = get(String::new()).await;
    assert_eq!(
        ids(&all),
        [&ioi, &tatar, &kg, &kz, &ru].map(|p| p["id"].clone()).to_vec()
    );
    assert!(all.body["next_cursor"].is_null());
    assert_eq!(
        ids(&get("?country=RU".into()).await),
        [tatar["id"].clone(), ru["id"].clone()]
    );
    assert_eq!(
        ids(&get("?country=ru&active=true".into()).await),
        [tatar["id"].clone(), ru["id"].clone()]
    );
    assert_eq!(ids(&get("?active=false".into()).await), [kg["id"].clone()]);
    assert_eq!(ids(&get("?active=true".into()).await).len(), 4);
    assert!(ids(&get("?country=TR".into()).await).is_empty());

    // Two at a time, through every partner exactly once.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let q = match &cursor {
            None => "?limit=2".to_owned(),
            Some(c) => format!("?limit=2&cursor={c}"),
        };
        let page = get(q).await;
        let items = ids(&page);
        assert!(items.len() <= 2);
        seen.extend(items);
        pages += 1;
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ids(&all));
    // Filters and pages combine.
    let first = get("?active=true&limit=3".into()).await;
    let next = str_of(&first.body["next_cursor"]);
    let rest = get(format!("?active=true&limit=3&cursor={next}")).await;
    let both: HashSet<_> = ids(&first).into_iter().chain(ids(&rest)).collect();
    assert_eq!(both.len(), 4);
    assert!(!both.contains(&kg["id"]));

    // Wrong parameters are named.
    for (q, field) in [
        ("?country=Russia", "country"),
        ("?active=maybe", "active"),
        ("?limit=0", "limit"),
        ("?cursor=nonsense", "cursor"),
        ("?colour=red", "colour"),
    ] {
        let r = app
            .call(Method::GET, &format!("/api/v1/partners{q}"), Some(&monitor), None)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}: {}", r.text);
        assert_eq!(r.body["errors"][0]["field"], field, "{q}: {}", r.text);
    }
    let anonymous = app.call(Method::GET, "/api/v1/partners", None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    // The OpenAPI document describes the endpoints under their own tag.
    let spec = app.call(Method::GET, "/api/openapi.json", None, None).await;
    for (path, method) in [
        ("/partners", "post"),
        ("/partners", "get"),
        ("/partners/{id}", "get"),
        ("/partners/{id}", "patch"),
        ("/appeals/{id}/referrals", "post"),
        ("/appeals/{id}/referrals", "get"),
        ("/referrals/{id}", "get"),
        ("/referrals/{id}", "patch"),
    ] {
        assert_eq!(
            spec.body["paths"][path][method]["tags"][0], "partners",
            "{method} {path} missing from the OpenAPI document"
        );
    }
    assert!(spec.body["components"]["schemas"].get("UpdatePartnerRequest").is_some());
}

#[actix_web::test]
async fn a_case_officer_refers_a_migrant_workers_appeal_to_the_russian_ombudsman() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let partner = create_partner(&app, &admin, russian_ombudsman()).await;
    let partner_id = str_of(&partner["id"]);
    let inactive = create_partner(&app, &admin, partner_body("Former partner", Some("TR"))).await;
    let off = app
        .call_with(
            Method::PATCH,
            &format!("/api/v1/partners/{}", str_of(&inactive["id"])),
            Some(&admin),
            Some(json!({"is_active": false})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.text);

    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let registered = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(migrant_workers_appeal()),
        )
        .await;
    assert_eq!(registered.status, StatusCode::CREATED, "{}", registered.text);
    assert_eq!(registered.body["region"], "abroad");
    assert_eq!(registered.body["abroad_country"], "RU");
    let appeal_id = str_of(&registered.body["id"]);
    let referrals = format!("/api/v1/appeals/{appeal_id}/referrals");

    let outgoing = json!({
        "partner_id": partner_id, "direction": "outgoing", "referred_on": "2025-03-20",
        "partner_reference": "  ОМБ-2025/0417 ", "note": "Asked the Commissioner to contact the employer in Moscow."
    });

    // Officers of another office do not see the appeal: 404, not 403; nor may auditors or
    // admins refer it.
    add_office(&app, &admin, "SAM").await;
    let stranger = app.token(Role::CaseOfficer, "SAM").await;
    let r = app
        .call(Method::POST, &referrals, Some(&stranger), Some(outgoing.clone()))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
    let auditor = app.token(Role::Auditor, "HQ").await;
    for token in [&auditor, &admin] {
        let r = app
            .call(Method::POST, &referrals, Some(token), Some(outgoing.clone()))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    }

    // An unknown or inactive partner, and impossible dates, are named.
    let mut unknown = outgoing.clone();
    unknown["partner_id"] = json!("0190b7a0-0000-7000-8000-000000000000");
    let r = app.call(Method::POST, &referrals, Some(&officer), Some(unknown)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.body["errors"][0]["field"], "partner_id");
    assert_eq!(r.body["errors"][0]["code"], "unknown_partner");
    let mut to_inactive = outgoing.clone();
    to_inactive["partner_id"] = inactive["id"].clone();
    let r = app
        .call(Method::POST, &referrals, Some(&officer), Some(to_inactive))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.body["errors"][0]["field"], "partner_id");
    assert_eq!(r.body["errors"][0]["code"], "inactive_partner");
    let mut not_a_uuid = outgoing.clone();
    not_a_uuid["partner_id"] = json!("russia");
    let r = app
        .call(Method::POST, &referrals, Some(&officer), Some(not_a_uuid))
        .await;
    assert_eq!(fields(&r), ["partner_id"]);
    let mut too_early = outgoing.clone();
    too_early["referred_on"] = json!("2025-03-13");
    let r = app
        .call(Method::POST, &referrals, Some(&officer), Some(too_early))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.body["errors"][0]["field"], "referred_on");
    assert_eq!(r.body["errors"][0]["code"], "before_received_on");
    let mut future = outgoing.clone();
    future["referred_on"] = json!((tashkent_today() + chrono::Days::new(2)).to_string());
    let r = app.call(Method::POST, &referrals, Some(&officer), Some(future)).await;
    assert_eq!(r.body["errors"][0]["code"], "in_future", "{}", r.text);
    let mut sideways = outgoing.clone();
    sideways["direction"] = json!("sideways");
    let r = app.call(Method::POST, &referrals, Some(&officer), Some(sideways)).await;
    assert_eq!(fields(&r), ["direction"]);

    // The referral.
    let created = app
        .call_with(
            Method::POST,
            &referrals,
            Some(&officer),
            Some(outgoing.clone()),
            &[("idempotency-key", "referral-1")],
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let referral = &created.body;
    let referral_id = str_of(&referral["id"]);
    assert_eq!(referral["partner_id"], partner["id"]);
    assert_eq!(referral["partner_name"], RU_OMBUDSMAN);
    assert_eq!(referral["direction"], "outgoing");
    assert_eq!(referral["referred_on"], "2025-03-20");
    assert_eq!(referral["partner_reference"], "ОМБ-2025/0417");
    assert!(referral["answered_on"].is_null());
    assert_eq!(created.header("etag").as_deref(), Some("\"1\""));
    let location = created.header("location").unwrap();
    assert_eq!(location, format!("/api/v1/referrals/{referral_id}"));
    let replay = app
        .call_with(
            Method::POST,
            &referrals,
            Some(&officer),
            Some(outgoing.clone()),
            &[("idempotency-key", "referral-1")],
        )
        .await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.body["id"], referral["id"]);

    // The partner had referred the same worker's earlier complaint to us before we registered
    // this appeal: an incoming referral may predate it.
    let incoming = app
        .call(
            Method::POST,
            &referrals,
            Some(&officer),
            Some(json!({"partner_id": partner_id, "direction": "incoming", "referred_on": "2025-03-10"})),
        )
        .await;
    assert_eq!(incoming.status, StatusCode::CREATED, "{}", incoming.text);

    // On the timeline, and in the appeal's list of referrals, oldest first.
    let timeline = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{appeal_id}/events"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(timeline.status, StatusCode::OK, "{}", timeline.text);
    let items = timeline.body["items"].as_array().unwrap();
    let kinds: Vec<_> = items.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["registered", "referred_to_partner", "received_from_partner"]);
    let event = &items[1];
    assert_eq!(event["data"]["partner_name"], RU_OMBUDSMAN);
    assert_eq!(event["data"]["partner_reference"], "ОМБ-2025/0417");
    assert_eq!(event["data"]["referral_id"], referral["id"]);
    assert_eq!(
        event["note"],
        "Asked the Commissioner to contact the employer in Moscow."
    );
    let listed = app.call(Method::GET, &referrals, Some(&officer), None).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let listed: Vec<_> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (str_of(&r["direction"]), str_of(&r["partner_name"])))
        .collect();
    assert_eq!(
        listed,
        [
            ("incoming".to_owned(), RU_OMBUDSMAN.to_owned()),
            ("outgoing".to_owned(), RU_OMBUDSMAN.to_owned())
        ]
    );
    let manager = app.token(Role::Manager, "HQ").await;
    let as_manager = app.call(Method::GET, &location, Some(&manager), None).await;
    assert_eq!(as_manager.status, StatusCode::OK, "{}", as_manager.text);
    assert_eq!(as_manager.header("etag").as_deref(), Some("\"1\""));
    for path in [&referrals, &location] {
        let r = app.call(Method::GET, path, Some(&stranger), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.text);
    }

    // The partner answers.
    let answer = json!({"answered_on": "2025-04-10", "answer_summary": "The employer paid the wages in full."});
    let no_etag = app
        .call(Method::PATCH, &location, Some(&officer), Some(answer.clone()))
        .await;
    assert_eq!(no_etag.status, StatusCode::PRECONDITION_REQUIRED);
    let hidden = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&stranger),
            Some(answer.clone()),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let by_auditor = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&auditor),
            Some(answer.clone()),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(by_auditor.status, StatusCode::FORBIDDEN);
    let before_referral = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&officer),
            Some(json!({"answered_on": "2025-03-19", "answer_summary": "x"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(
        before_referral.status,
        StatusCode::BAD_REQUEST,
        "{}",
        before_referral.text
    );
    assert_eq!(fields(&before_referral), ["answered_on"]);
    let no_summary = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&officer),
            Some(json!({"answered_on": "2025-04-10"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(fields(&no_summary), ["answer_summary"]);
    let answered = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&officer),
            Some(answer.clone()),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.text);
    assert_eq!(answered.body["answered_on"], "2025-04-10");
    assert_eq!(answered.body["answer_summary"], "The employer paid the wages in full.");
    assert_eq!(answered.header("etag").as_deref(), Some("\"2\""));
    let stale = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&officer),
            Some(answer),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    // A correction keeps what it does not name.
    let corrected = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&officer),
            Some(json!({"answered_on": "2025-04-11"})),
            &[("if-match", "\"2\"")],
        )
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.text);
    assert_eq!(corrected.body["answer_summary"], "The employer paid the wages in full.");
    assert_eq!(corrected.body["answered_on"], "2025-04-11");

    let timeline = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{appeal_id}/events"),
            Some(&officer),
            None,
        )
        .await;
    let answers: Vec<_> = timeline.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "partner_answered")
        .collect();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0]["note"], "The employer paid the wages in full.");
    assert_eq!(answers[0]["data"]["partner_name"], RU_OMBUDSMAN);
    assert_eq!(answers[0]["data"]["corrected"], false);
    assert_eq!(answers[1]["data"]["corrected"], true);

    // The audit trail has every step.
    let trail = app
        .call(
            Method::GET,
            &format!("/api/v1/audit-events?entity_type=appeal&entity_id={appeal_id}"),
            Some(&auditor),
            None,
        )
        .await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.text);
    let actions: Vec<_> = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "appeal.register",
            "appeal.referral",
            "appeal.referral",
            "appeal.referral_answer",
            "appeal.referral_answer"
        ]
    );
}

#[actix_web::test]
async fn referrals_follow_the_confidentiality_of_their_appeal() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let partner = create_partner(&app, &admin, russian_ombudsman()).await;
    let assigned = app.token(Role::CaseOfficer, "HQ").await;
    let colleague = app.token(Role::CaseOfficer, "HQ").await;
    let mut body = migrant_workers_appeal();
    body["confidential"] = json!(true);
    let registered = app
        .call(Method::POST, "/api/v1/appeals", Some(&assigned), Some(body))
        .await;
    assert_eq!(registered.status, StatusCode::CREATED, "{}", registered.text);
    let referrals = format!("/api/v1/appeals/{}/referrals", str_of(&registered.body["id"]));
    let refer = json!({"partner_id": partner["id"], "direction": "outgoing", "referred_on": "2025-03-14"});
    let hidden = app
        .call(Method::POST, &referrals, Some(&colleague), Some(refer.clone()))
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "{}", hidden.text);
    let created = app.call(Method::POST, &referrals, Some(&assigned), Some(refer)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let location = created.header("location").unwrap();
    assert_eq!(
        app.call(Method::GET, &location, Some(&colleague), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(Method::GET, &referrals, Some(&colleague), None).await.status,
        StatusCode::NOT_FOUND
    );
}
