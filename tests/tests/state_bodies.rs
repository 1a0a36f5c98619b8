#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The directory of state bodies: the admin-kept directory with names in four languages, its
//! suggestions by folded name, the links of respondent bodies to it (by id, or by free text in
//! either Uzbek script, Russian or English), the report that counts each body once, and the
//! links that `migrate` sets on free text stored before the directory existed.

use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// The Ministry of Internal Affairs of the migration's starter directory.
const MIA: &str = "01a22ee6-b000-7000-8000-000000000001";
/// The Chilonzor district khokimiyat (Tashkent) of the starter directory.
const CHILONZOR: &str = "01a22ee6-b037-7000-8000-000000000038";
/// The Tashkent city khokimiyat, above it.
const TASHKENT_CITY: &str = "01a22ee6-b029-7000-8000-00000000002a";

fn fields(reply: &Reply) -> Vec<(String, String)> {
    reply.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {}", reply.text))
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn ids(page: &Reply) -> Vec<String> {
    page.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {}", page.text))
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect()
}

fn appeal(received_on: &str, bodies: Value) -> Value {
    let mut appeal = json!({
        "received_on": received_on, "channel": "letter", "anonymous": true, "region": "tashkent_city",
        "subject": "House demolished without compensation", "categories": ["housing"],
    });
    appeal
        .as_object_mut()
        .unwrap()
        .extend(bodies.as_object().unwrap().clone());
    appeal
}

async fn register(app: &TestApp, token: &str, body: Value) -> Value {
    let r = app.call(Method::POST, "/api/v1/appeals", Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body
}

#[actix_web::test]
async fn admins_keep_the_directory_and_every_role_reads_it() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let body = json!({
        "name_uz_latn": "  Yunusobod tumani hokimligi ", "name_uz_cyrl": "Юнусобод тумани ҳокимлиги",
        "name_ru": "Хокимият Юнусабадского района", "name_en": " ",
        "kind": "khokimiyat", "region": "tashkent_city", "parent_id": TASHKENT_CITY
    });
    // Case staff and managers read the directory but do not change it.
    for token in [&manager, &officer] {
        let r = app
            .call(Method::POST, "/api/v1/state-bodies", Some(token), Some(body.clone()))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
        let r = app
            .call_with(
                Method::PATCH,
                &format!("/api/v1/state-bodies/{MIA}"),
                Some(token),
                Some(json!({"is_active": false})),
                &[("if-match", "\"1\"")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    }
    let created = app
        .call(Method::POST, "/api/v1/state-bodies", Some(&admin), Some(body.clone()))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.header("etag").as_deref(), Some("\"1\""));
    let id = created.body["id"].as_str().unwrap().to_owned();
    let location = created.header("location").unwrap();
    assert_eq!(location, format!("/api/v1/state-bodies/{id}"));
    assert_eq!(created.body["name"], "Yunusobod tumani hokimligi");
    assert_eq!(
        created.body["names"],
        json!({"uz_latn": "Yunusobod tumani hokimligi", "uz_cyrl": "Юнусобод тумани ҳокимлиги",
               "ru": "Хокимият Юнусабадского района"})
    );
    for role in [Role::Auditor, Role::Monitor, Role::CaseOfficer] {
        let token = app.token(role, "HQ").await;
        let read = app
            .call_with(Method::GET, &location, Some(&token), None, &[("accept-language", "ru")])
            .await;
        assert_eq!(read.status, StatusCode::OK, "{role:?}: {}", read.text);
        assert_eq!(read.body["name"], "Хокимият Юнусабадского района");
    }
    let english = app
        .call_with(
            Method::GET,
            &location,
            Some(&officer),
            None,
            &[("accept-language", "en")],
        )
        .await;
    assert_eq!(
        english.body["name"], "Yunusobod tumani hokimligi",
        "no English name: Uzbek"
    );

    // Every wrong field is named at once.
    let r = app
        .call(
            Method::POST,
            "/api/v1/state-bodies",
            Some(&admin),
            Some(
                json!({"name_uz_latn": " ", "name_ru": "—", "kind": "court", "region": "abroad",
                        "parent_id": "01930000-0000-7000-8000-00000000ffff"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(
        fields(&r),
        [
            ("name_uz_latn".into(), "required".into()),
            ("name_ru".into(), "no_letters".into()),
            ("region".into(), "abroad_region".into())
        ]
    );
    let unknown_parent = app
        .call(
            Method::POST,
            "/api/v1/state-bodies",
            Some(&admin),
            Some(json!({"name_uz_latn": "Idora", "kind": "agency",
                        "parent_id": "01930000-0000-7000-8000-00000000ffff"})),
        )
        .await;
    assert_eq!(
        fields(&unknown_parent),
        [("parent_id".into(), "unknown_state_body".into())]
    );

    // Changes need the current ETag; a body cannot go under itself or a body below it.
    let rename = json!({"name_en": "Yunusabad District Khokimiyat"});
    let r = app
        .call(Method::PATCH, &location, Some(&admin), Some(rename.clone()))
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED, "{}", r.text);
    let r = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&admin),
            Some(json!({})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(fields(&r), [(String::new(), "empty_update".into())]);
    let renamed = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&admin),
            Some(rename.clone()),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text);
    assert_eq!(renamed.body["names"]["en"], "Yunusabad District Khokimiyat");
    assert_eq!(renamed.body["parent_id"], TASHKENT_CITY);
    let stale = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&admin),
            Some(rename),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "{}", stale.text);
    let city = format!("/api/v1/state-bodies/{TASHKENT_CITY}");
    let cycle = app
        .call_with(
            Method::PATCH,
            &city,
            Some(&admin),
            Some(json!({"parent_id": id})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(fields(&cycle), [("parent_id".into(), "parent_cycle".into())]);
    let itself = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&admin),
            Some(json!({"parent_id": id})),
            &[("if-match", "\"2\"")],
        )
        .await;
    assert_eq!(fields(&itself), [("parent_id".into(), "parent_cycle".into())]);
    let deactivated = app
        .call_with(
            Method::PATCH,
            &location,
            Some(&admin),
            Some(json!({"is_active": false, "name_ru": null, "parent_id": null})),
            &[("if-match", "\"2\"")],
        )
        .await;
    assert_eq!(deactivated.status, StatusCode::OK, "{}", deactivated.text);
    assert_eq!(deactivated.body["is_active"], false);
    assert!(deactivated.body["names"]["ru"].is_null());
    assert!(deactivated.body["parent_id"].is_null());

    // Every write is in the audit trail.
    let trail = app
        .call(
            Method::GET,
            &format!("/api/v1/audit-events?entity_type=state_body&entity_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.text);
    let items = trail.body["items"].as_array().unwrap();
    let actions: Vec<_> = items.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["state_body.create", "state_body.update", "state_body.update"]);
    assert_eq!(items[2]["diff"]["is_active"], json!([true, false]));
}

#[actix_web::test]
async fn the_directory_suggests_bodies_by_folded_name_in_any_script() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let list = |q: &str| format!("/api/v1/state-bodies?q={}", urlencoding(q));
    // The Ministry of Internal Affairs, typed in Cyrillic Uzbek, Latin Uzbek, Russian, English.
    for q in [
        "ички ишлар",
        "Ichki ishlar vazirligi",
        "министерство внутренних",
        "internal affairs",
    ] {
        let r = app.call(Method::GET, &list(q), Some(&officer), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(ids(&r).first().map(String::as_str), Some(MIA), "{q}: {}", r.text);
    }
    // A whole name ranks before names that only begin with it or contain its words.
    let r = app.call(Method::GET, &list("oliy sud"), Some(&officer), None).await;
    assert_eq!(r.body["items"][0]["names"]["en"], "Supreme Court", "{}", r.text);
    let r = app
        .call(Method::GET, &list("hokimligi toshkent"), Some(&officer), None)
        .await;
    let names: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["names"]["uz_latn"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Toshkent viloyati hokimligi", "Toshkent shahar hokimligi"]);
    // Text without a letter matches nothing.
    let r = app.call(Method::GET, &list("«»"), Some(&officer), None).await;
    assert_eq!(r.body["items"], json!([]));

    // Filters: the district khokimiyats under the Tashkent city khokimiyat; the courts.
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/state-bodies?parent_id={TASHKENT_CITY}"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(ids(&r), [CHILONZOR]);
    let r = app
        .call(
            Method::GET,
            "/api/v1/state-bodies?kind=court&region=samarkand",
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(r.body["items"], json!([]));
    let r = app
        .call(
            Method::GET,
            "/api/v1/state-bodies?kind=khokimiyat&region=samarkand",
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 2, "{}", r.text);

    // Pages follow one another without gaps or repeats, with or without `q`.
    for (filter, limit) in [("", 7), ("q=vazirligi&", 2)] {
        let mut seen: Vec<String> = Vec::new();
        let mut path = format!("/api/v1/state-bodies?{filter}limit={limit}");
        loop {
            let r = app.call(Method::GET, &path, Some(&officer), None).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            seen.extend(ids(&r));
            match r.body["next_cursor"].as_str() {
                Some(cursor) => path = format!("/api/v1/state-bodies?{filter}limit={limit}&cursor={cursor}"),
                None => break,
            }
        }
        let all = app
            .call(
                Method::GET,
                &format!("/api/v1/state-bodies?{filter}limit=200"),
                Some(&officer),
                None,
            )
            .await;
        assert_eq!(seen, ids(&all), "{filter}");
        assert!(seen.len() > limit, "{filter}");
    }
    let r = app
        .call(Method::GET, "/api/v1/state-bodies?cursor=nope", Some(&officer), None)
        .await;
    assert_eq!(fields(&r), [("cursor".into(), "invalid_cursor".into())]);
}

/// The query string form of `text`.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[actix_web::test]
async fn one_khokimiyat_in_three_spellings_is_one_line_of_the_report() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    // One district khokimiyat, written in Latin and Cyrillic Uzbek and in Russian.
    let spellings = [
        "Chilonzor tumani hokimligi",
        "Чилонзор тумани ҳокимлиги",
        "Хокимият Чиланзарского района",
    ];
    for (i, name) in spellings.iter().enumerate() {
        let day = format!("2025-03-1{i}");
        let a = register(&app, &officer, appeal(&day, json!({"respondent_bodies": [name]}))).await;
        assert_eq!(a["respondent_bodies"], json!([name]), "kept as written");
        assert_eq!(a["respondent_body_ids"], json!([CHILONZOR]), "{name}");
    }
    // By id, and twice in one appeal (by name and by id): counted once.
    let both = register(
        &app,
        &officer,
        appeal(
            "2025-04-01",
            json!({"respondent_bodies": ["chilonzor tumani  hokimligi", "Mahalla fuqarolar yig'ini"],
                   "respondent_body_ids": [CHILONZOR, MIA]}),
        ),
    )
    .await;
    assert_eq!(
        both["respondent_bodies"],
        json!([
            "chilonzor tumani  hokimligi",
            "Mahalla fuqarolar yig'ini",
            "Ichki ishlar vazirligi"
        ])
    );
    assert_eq!(both["respondent_body_ids"], json!([CHILONZOR, MIA]));
    // Free text that names no body stays free text; its spellings in both scripts count once.
    register(
        &app,
        &officer,
        appeal("2025-04-02", json!({"respondent_bodies": ["Маҳалла фуқаролар йиғини"]})),
    )
    .await;
    // The single-appeal view names the bodies in the caller's language.
    let one = app
        .call_with(
            Method::GET,
            &format!("/api/v1/appeals/{}", both["id"].as_str().unwrap()),
            Some(&officer),
            None,
            &[("accept-language", "ru")],
        )
        .await;
    assert_eq!(
        one.body["respondent_state_bodies"],
        json!([{"id": CHILONZOR, "name": "Хокимият Чиланзарского района", "kind": "khokimiyat"},
               {"id": MIA, "name": "Министерство внутренних дел", "kind": "police"}])
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
    let bodies = report.body["appeals"]["by_respondent_body"].as_array().unwrap().clone();
    assert_eq!(bodies.len(), 3, "{bodies:?}");
    assert_eq!(bodies[0]["state_body_id"], CHILONZOR);
    assert_eq!(bodies[0]["name"], "Chilonzor tumani hokimligi");
    assert_eq!(
        (bodies[0]["count"].clone(), bodies[0]["previous"].clone()),
        (json!(4), json!(0))
    );
    assert_eq!(bodies[0]["names"]["ru"], "Хокимият Чиланзарского района");
    assert_eq!(bodies[1]["name"], "Mahalla fuqarolar yig'ini");
    assert_eq!(bodies[1]["count"], 2, "both scripts of one free text");
    assert!(bodies[1].get("state_body_id").is_none());
    assert_eq!(bodies[2]["state_body_id"], MIA);

    // The exports name the body in their language, with its id as the code.
    let csv = app
        .client
        .get(format!("{}/api/v1/reports/half-year?year=2025&half=1", app.address))
        .bearer_auth(&manager)
        .header("accept", "text/csv")
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains(&format!(",Хокимият Чиланзарского района,{CHILONZOR},4,0,")),
        "{csv}"
    );
    let xlsx = app
        .client
        .get(format!(
            "{}/api/v1/reports/half-year?year=2025&half=1&format=xlsx",
            app.address
        ))
        .bearer_auth(&manager)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(!xlsx.bytes().await.unwrap().is_empty());
}

#[actix_web::test]
async fn appeals_name_bodies_by_id_and_unknown_ids_are_refused() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let unknown = "01930000-0000-7000-8000-00000000ffff";
    let r = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(appeal("2025-03-10", json!({"respondent_body_ids": [MIA, unknown]}))),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(
        fields(&r),
        [("respondent_body_ids[1]".into(), "unknown_state_body".into())]
    );

    let a = register(
        &app,
        &officer,
        appeal("2025-03-10", json!({"respondent_bodies": ["Tuman sudi"]})),
    )
    .await;
    assert_eq!(a["respondent_body_ids"], json!([]));
    let path = format!("/api/v1/appeals/{}", a["id"].as_str().unwrap());
    // A change of the bodies by id alone replaces the list.
    let changed = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&officer),
            Some(json!({"respondent_body_ids": [CHILONZOR]})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.body["respondent_bodies"], json!(["Chilonzor tumani hokimligi"]));
    assert_eq!(changed.body["respondent_body_ids"], json!([CHILONZOR]));
    let refused = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&officer),
            Some(json!({"respondent_body_ids": [unknown]})),
            &[("if-match", "\"2\"")],
        )
        .await;
    assert_eq!(
        fields(&refused),
        [("respondent_body_ids[0]".into(), "unknown_state_body".into())]
    );
}

#[actix_web::test]
async fn migrate_links_the_free_text_stored_before_the_directory() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let a = register(
        &app,
        &officer,
        appeal(
            "2025-03-10",
            json!({"respondent_bodies": ["Пенсионный фонд", "Tuman sudi", "Ички ишлар вазирлиги"]}),
        ),
    )
    .await;
    let path = format!("/api/v1/appeals/{}", a["id"].as_str().unwrap());
    // As the rows stood before the directory: no links, and the directory's folds not yet made.
    app.sql(
        "UPDATE appeals SET respondent_body_ids = NULL; \
         UPDATE state_bodies SET folded_names = '{}'",
    )
    .unwrap();
    let before = app.call(Method::GET, &path, Some(&officer), None).await;
    assert_eq!(before.body["respondent_body_ids"], json!([]));
    let mut conn = app.db.conn();
    ombudsman_db::migrate(&mut conn).unwrap();
    let after = app.call(Method::GET, &path, Some(&officer), None).await;
    assert_eq!(
        after.body["respondent_body_ids"],
        json!(["01a22ee6-b011-7000-8000-000000000012", MIA]),
        "{}",
        after.text
    );
    assert_eq!(
        after.body["respondent_bodies"],
        json!(["Пенсионный фонд", "Tuman sudi", "Ички ишлар вазирлиги"])
    );
    // Done once: the next `migrate` leaves the links as they are.
    app.sql("UPDATE appeals SET respondent_body_ids = NULL").unwrap();
    ombudsman_db::migrate(&mut conn).unwrap();
    let again = app.call(Method::GET, &path, Some(&officer), None).await;
    assert_eq!(again.body["respondent_body_ids"], json!([]));
}

#[actix_web::test]
async fn measures_requests_and_recommendations_link_their_addressee() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let admin = app.token(Role::Admin, "HQ").await;
    let a = register(
        &app,
        &officer,
        appeal("2025-03-10", json!({"respondent_bodies": ["Tuman sudi"]})),
    )
    .await;
    let appeal_id = a["id"].as_str().unwrap().to_owned();
    let measure = |addressee: &str, body_id: Option<&str>| {
        json!({"kind": "submission", "addressee": addressee, "addressee_body_id": body_id,
               "issued_on": "2025-04-01", "appeal_ids": [appeal_id], "summary": "Restore the house"})
    };
    // By name in Cyrillic, by id beside a generic name, and free text that names no body.
    let by_name = app
        .call(
            Method::POST,
            "/api/v1/impact-measures",
            Some(&manager),
            Some(measure("Ички ишлар вазирлиги", None)),
        )
        .await;
    assert_eq!(by_name.status, StatusCode::CREATED, "{}", by_name.text);
    assert_eq!(by_name.body["addressee_body_id"], MIA);
    assert_eq!(
        by_name.body["addressee_body"],
        json!({"id": MIA, "name": "Ichki ishlar vazirligi", "kind": "police"})
    );
    let in_russian = app
        .call_with(
            Method::GET,
            &format!("/api/v1/impact-measures/{}", by_name.body["id"].as_str().unwrap()),
            Some(&manager),
            None,
            &[("accept-language", "ru")],
        )
        .await;
    assert_eq!(in_russian.body["addressee_body"]["name"], "Министерство внутренних дел");
    let by_id = app
        .call(
            Method::POST,
            "/api/v1/impact-measures",
            Some(&manager),
            Some(measure("District khokimiyat", Some(CHILONZOR))),
        )
        .await;
    assert_eq!(by_id.status, StatusCode::CREATED, "{}", by_id.text);
    assert_eq!(by_id.body["addressee"], "District khokimiyat");
    assert_eq!(by_id.body["addressee_body_id"], CHILONZOR);
    let unknown = app
        .call(
            Method::POST,
            "/api/v1/impact-measures",
            Some(&manager),
            Some(measure("Somewhere", Some("01930000-0000-7000-8000-00000000ffff"))),
        )
        .await;
    assert_eq!(
        fields(&unknown),
        [("addressee_body_id".into(), "unknown_state_body".into())]
    );
    // A corrected addressee is matched again.
    let path = format!("/api/v1/impact-measures/{}", by_name.body["id"].as_str().unwrap());
    let corrected = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&manager),
            Some(json!({"addressee": "Tuman sudi"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.text);
    assert!(corrected.body["addressee_body_id"].is_null(), "{}", corrected.text);

    // A request for explanations to the Pension Fund, named in Russian.
    let request = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{appeal_id}/requests"),
            Some(&officer),
            Some(json!({"body_name": "Пенсионный фонд", "subject": "Explain the delay",
                        "sent_on": "2025-03-20", "due_on": "2025-04-14"})),
        )
        .await;
    assert_eq!(request.status, StatusCode::CREATED, "{}", request.text);
    assert_eq!(request.body["body_id"], "01a22ee6-b011-7000-8000-000000000012");

    // A visit's recommendation to the penitentiary department, named in Latin Uzbek.
    let sam = app.call(Method::GET, "/api/v1/offices", Some(&admin), None).await.body["items"][0]["id"].clone();
    let facility = app
        .call(
            Method::POST,
            "/api/v1/facilities",
            Some(&admin),
            Some(
                json!({"name": "Penal colony No. 7", "kind": "penal_institution", "region": "tashkent_region",
                        "operating_authority": "Jazoni ijro etish departamenti", "office_id": sam}),
            ),
        )
        .await;
    assert_eq!(facility.status, StatusCode::CREATED, "{}", facility.text);
    let visit = app
        .call(
            Method::POST,
            "/api/v1/visits",
            Some(&manager),
            Some(
                json!({"facility_id": facility.body["id"], "started_on": "2025-02-10", "ended_on": "2025-02-10",
                        "visit_type": "unannounced", "team_user_ids": [], "public_group_members": ["Nodira Yusupova"],
                        "people_interviewed": 3,
                        "findings": "Overcrowding",
                        "recommendations": [{"text": "Reduce occupancy", "addressee": "Jazoni ijro etish departamenti"},
                                            {"text": "Repair the roof", "addressee": "Colony administration"}]}),
            ),
        )
        .await;
    assert_eq!(visit.status, StatusCode::CREATED, "{}", visit.text);
    let recommendations = visit.body["recommendations"].as_array().unwrap();
    assert_eq!(
        recommendations[0]["addressee_body_id"],
        "01a22ee6-b001-7000-8000-000000000002"
    );
    assert!(recommendations[1]["addressee_body_id"].is_null());
    // Later ones by id; an unknown id is named; a corrected addressee is matched again.
    let visit_path = format!("/api/v1/visits/{}/recommendations", visit.body["id"].as_str().unwrap());
    let added = app
        .call(
            Method::POST,
            &visit_path,
            Some(&manager),
            Some(
                json!({"text": "Fix the heating", "addressee": "The regional administration",
                        "addressee_body_id": TASHKENT_CITY}),
            ),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    assert_eq!(added.body["addressee_body_id"], TASHKENT_CITY);
    let refused = app
        .call(
            Method::POST,
            &visit_path,
            Some(&manager),
            Some(json!({"text": "Fix the heating", "addressee": "Somebody",
                        "addressee_body_id": "01930000-0000-7000-8000-00000000ffff"})),
        )
        .await;
    assert_eq!(
        fields(&refused),
        [("addressee_body_id".into(), "unknown_state_body".into())]
    );
    let corrected = app
        .call_with(
            Method::PATCH,
            &format!("/api/v1/recommendations/{}", recommendations[1]["id"].as_str().unwrap()),
            Some(&manager),
            Some(json!({"addressee": "Ички ишлар вазирлиги"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.text);
    assert_eq!(corrected.body["addressee_body_id"], MIA, "{}", corrected.text);
}
