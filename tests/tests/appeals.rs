//! Appeals end to end: intake, numbering, search across scripts, lifecycle, timeline, deadline,
//! access rules, concurrency and the applicant's status lookup.

use std::collections::HashSet;

use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn appeal(subject: &str, email: &str) -> Value {
    json!({
        "received_on": "2025-03-14",
        "channel": "online_portal",
        "applicant": {"kind": "citizen", "full_name": "Dilnoza Karimova", "email": email,
                      "phone": "+998901234567", "language": "uz-Latn", "citizenship": "UZ"},
        "region": "tashkent_city",
        "subject": subject,
        "description": "Pensiya uch oydan beri to'lanmayapti.",
        "categories": ["social_security"],
        "respondent_bodies": ["Pension Fund"],
        "confidential": false
    })
}

async fn register(app: &TestApp, token: &str, body: Value) -> Reply {
    let reply = app.call(Method::POST, "/api/v1/appeals", Some(token), Some(body)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply
}

async fn add_office(app: &TestApp, code: &str) {
    let admin = app.token(Role::Admin, "HQ").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/offices",
            Some(&admin),
            Some(json!({"code": code, "name": format!("{code} office"), "region": "samarkand"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
}

async fn transition(app: &TestApp, token: &str, id: &str, body: Value) -> Reply {
    app.call(
        Method::POST,
        &format!("/api/v1/appeals/{id}/transitions"),
        Some(token),
        Some(body),
    )
    .await
}

#[actix_web::test]
async fn an_officer_carries_an_appeal_from_intake_to_decision() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let created = register(
        &app,
        &officer,
        appeal("Delay in pension payment", "d.karimova@example.org"),
    )
    .await;
    let a = &created.body;
    assert_eq!(a["number"], "HQ-2025-000001");
    assert_eq!(a["status"], "registered");
    assert_eq!(a["track"], "initial");
    // 5 working days from Friday 14 March 2025: 17, 18, 19, 20, 21 March.
    assert_eq!(a["due_on"], "2025-03-21");
    assert_eq!(a["applicant"]["full_name"], "Dilnoza Karimova");
    let code = a["access_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 10);
    let id = a["id"].as_str().unwrap().to_owned();
    let location = created.header("location").unwrap();
    assert_eq!(location, format!("/api/v1/appeals/{id}"));
    let fetched = app.call(Method::GET, &location, Some(&officer), None).await;
    assert!(
        fetched.body.get("access_code").is_none(),
        "the access code is shown only once"
    );

    // The acknowledgement is queued in the applicant's language with the number and the code.
    let mut conn = app.pool.get().unwrap();
    let queued = ombudsman_db::outbox::for_recipient(&mut conn, "d.karimova@example.org").unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].kind, "appeal_registered");
    assert_eq!(queued[0].language.as_str(), "uz-Latn");
    assert_eq!(queued[0].payload["access_code"], code.as_str());

    let accepted = transition(&app, &officer, &id, json!({"action": "accept"})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    assert_eq!(accepted.body["status"], "under_consideration");
    assert_eq!(accepted.body["track"], "standard");

    let note = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{id}/notes"),
            Some(&officer),
            Some(json!({"text": "Called the applicant; documents received."})),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED);
    let request = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{id}/requests"),
            Some(&officer),
            Some(
                json!({"body_name": "Pension Fund, Chilanzar district", "subject": "Explain the delay",
                          "sent_on": "2025-03-17", "due_on": "2025-03-27"}),
            ),
        )
        .await;
    assert_eq!(request.status, StatusCode::CREATED, "{}", request.text);
    let rid = request.body["id"].as_str().unwrap();
    let answer = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{id}/requests/{rid}/answer"),
            Some(&officer),
            Some(json!({"answered_on": "2025-03-25", "summary": "Payments restored from April."})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let again = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{id}/requests/{rid}/answer"),
            Some(&officer),
            Some(json!({"summary": "twice"})),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    let closed = transition(&app, &officer, &id, json!({"action": "close", "outcome": "satisfied"})).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.text);
    assert_eq!(closed.body["outcome"], "satisfied");

    let timeline = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{id}/events"),
            Some(&officer),
            None,
        )
        .await;
    let kinds: Vec<_> = timeline.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "registered",
            "accepted",
            "note",
            "request_sent",
            "answer_received",
            "closed"
        ]
    );
    assert_eq!(
        timeline.body["requests"][0]["answer_summary"],
        "Payments restored from April."
    );

    // The decision notice is queued too, and every move is in the audit trail.
    let queued = ombudsman_db::outbox::for_recipient(&mut conn, "d.karimova@example.org").unwrap();
    assert_eq!(
        queued.iter().map(|m| m.kind.as_str()).collect::<Vec<_>>(),
        ["appeal_registered", "appeal_closed"]
    );
    let events = ombudsman_db::audit::for_entity(&mut conn, Some("appeal"), id.parse().unwrap()).unwrap();
    let actions: Vec<_> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "appeal.register",
            "appeal.accept",
            "appeal.note",
            "appeal.request",
            "appeal.answer",
            "appeal.close"
        ]
    );

    // The applicant looks the status up with the code: status and dates, nothing personal.
    let public = app
        .call(
            Method::GET,
            &format!("/api/v1/public/appeals/HQ-2025-000001?access_code={code}"),
            None,
            None,
        )
        .await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text);
    assert_eq!(public.body["status"], "closed");
    assert_eq!(public.body["outcome"], "satisfied");
    for private in ["Dilnoza", "Karimova", "example.org", "Pension", "pension", "998"] {
        assert!(
            !public.text.contains(private),
            "the public answer leaks {private}: {}",
            public.text
        );
    }
}

#[actix_web::test]
async fn forbidden_moves_answer_409_with_the_allowed_ones_and_reopen_is_for_managers() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let id = register(&app, &officer, appeal("Housing", "a@example.org")).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let early = transition(&app, &officer, &id, json!({"action": "close", "outcome": "satisfied"})).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text);
    assert!(early.body["allowed"].as_array().unwrap().contains(&json!("accept")));
    let forwarded = transition(&app, &officer, &id, json!({"action": "close", "outcome": "forwarded"})).await;
    assert_eq!(forwarded.status, StatusCode::OK);
    let accept_closed = transition(&app, &officer, &id, json!({"action": "accept"})).await;
    assert_eq!(accept_closed.status, StatusCode::CONFLICT);
    assert_eq!(accept_closed.body["code"], "transition_not_allowed");
    let by_officer = transition(&app, &officer, &id, json!({"action": "reopen"})).await;
    assert_eq!(by_officer.status, StatusCode::FORBIDDEN);
    let reopened = transition(
        &app,
        &manager,
        &id,
        json!({"action": "reopen", "note": "New documents"}),
    )
    .await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.text);
    assert_eq!(reopened.body["status"], "under_consideration");
    assert!(reopened.body["outcome"].is_null());
    let no_outcome = transition(&app, &officer, &id, json!({"action": "close"})).await;
    assert_eq!(no_outcome.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_outcome.body["errors"][0]["field"], "outcome");
    let bogus = transition(&app, &officer, &id, json!({"action": "approve"})).await;
    assert_eq!(bogus.status, StatusCode::BAD_REQUEST);
    assert_eq!(bogus.body["errors"][0]["field"], "action");
}

#[actix_web::test]
async fn a_hundred_concurrent_registrations_get_a_hundred_consecutive_numbers() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let mut handles = Vec::new();
    for i in 0..100 {
        let (client, url, token) = (
            app.client.clone(),
            format!("{}/api/v1/appeals", app.address),
            officer.clone(),
        );
        let body = appeal(&format!("Appeal {i}"), &format!("person{i}@example.org"));
        handles.push(actix_web::rt::spawn(async move {
            let res = client.post(url).bearer_auth(token).json(&body).send().await.unwrap();
            let status = res.status();
            let body: Value = res.json().await.unwrap();
            (status, body)
        }));
    }
    let mut numbers = Vec::new();
    for h in handles {
        let (status, body) = h.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        numbers.push(body["number"].as_str().unwrap().to_owned());
    }
    numbers.sort();
    let expected: Vec<_> = (1..=100).map(|n| format!("HQ-2025-{n:06}")).collect();
    assert_eq!(numbers, expected);
}

#[actix_web::test]
async fn search_finds_words_across_scripts_and_suffixes() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let mut cyr = appeal("Пенсия тўланмаяпти", "c1@example.org");
    cyr["description"] = json!("Пенсия жамғармаси жавоб бермаяпти.");
    let cyr_id = register(&app, &officer, cyr).await.body["id"].clone();
    let mut lat = appeal("Qamoqxonada qiynoq", "c2@example.org");
    lat["description"] = json!("Akam qamoqxonada kaltaklangan.");
    lat["categories"] = json!(["prohibition_of_torture"]);
    let lat_id = register(&app, &officer, lat).await.body["id"].clone();
    let mut ru = appeal("Не выплачивают пенсию", "c3@example.org");
    ru["description"] = json!("Пенсионный фонд не отвечает.");
    let ru_id = register(&app, &officer, ru).await.body["id"].clone();

    let find = |q: &'static str| {
        let (app, officer) = (&app, &officer);
        async move {
            let r = app
                .call(Method::GET, &format!("/api/v1/appeals?q={q}"), Some(officer), None)
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].clone())
                .collect::<HashSet<_>>()
        }
    };
    assert_eq!(find("pensiya").await, HashSet::from([cyr_id.clone()]));
    assert!(find("пенсия").await.contains(&cyr_id));
    assert_eq!(find("pensi").await, HashSet::from([cyr_id.clone(), ru_id.clone()]));
    assert_eq!(find("qamoqxona").await, HashSet::from([lat_id.clone()]));
    assert_eq!(find("ҚАМОҚХОНА").await, HashSet::from([lat_id.clone()]));
    assert!(find("kaltaklangan%20qamoqxona").await.contains(&lat_id));
    assert!(find("nothinglikethis").await.is_empty());
    // Search combines with the other filters.
    let combined = app
        .call(
            Method::GET,
            "/api/v1/appeals?q=pensi&category=social_security&region=tashkent_city&status=registered",
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(combined.body["items"].as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn applicants_are_deduplicated_repeats_linked_and_anonymous_appeals_accepted() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let first = register(&app, &officer, appeal("First", "same@example.org")).await.body;
    let mut second_body = appeal("Second", "SAME@example.org");
    second_body["received_on"] = json!("2025-05-02");
    let second = register(&app, &officer, second_body).await.body;
    assert_eq!(first["applicant"]["id"], second["applicant"]["id"]);
    assert_eq!(second["repeat_of"], first["id"]);
    // Same name and phone, no e-mail: the same person.
    let mut by_phone = appeal("Third", "x@example.org");
    by_phone["applicant"].as_object_mut().unwrap().remove("email");
    by_phone["categories"] = json!(["housing"]);
    let third = register(&app, &officer, by_phone).await.body;
    assert_eq!(third["applicant"]["id"], first["applicant"]["id"]);
    assert!(third["repeat_of"].is_null(), "no overlapping category: not a repeat");

    let history = app
        .call(
            Method::GET,
            &format!("/api/v1/applicants/{}", first["applicant"]["id"].as_str().unwrap()),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    assert_eq!(history.body["appeals"].as_array().unwrap().len(), 3);

    let anonymous = register(
        &app,
        &officer,
        json!({
            "received_on": "2025-03-14", "channel": "complaint_box", "anonymous": true, "region": "navoi",
            "subject": "Conditions in colony 7", "categories": ["prisoners_rights"], "signatories": 12
        }),
    )
    .await
    .body;
    assert!(anonymous["applicant"].is_null());
    assert_eq!(anonymous["anonymous"], true);
    assert_eq!(anonymous["signatories"], 12);
    let listed = app
        .call(
            Method::GET,
            "/api/v1/appeals?channel=complaint_box",
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn registration_names_every_wrong_field_and_replays_with_an_idempotency_key() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let bad = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(json!({
                "received_on": "2099-01-01", "channel": "online_portal", "region": "abroad",
                "applicant": {"kind": "citizen", "full_name": "X", "email": "bad-email", "citizenship": "Uzbekistan"},
                "subject": "", "categories": []
            })),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let fields: HashSet<_> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    for f in [
        "received_on",
        "abroad_country",
        "subject",
        "categories",
        "applicant.email",
        "applicant.citizenship",
    ] {
        assert!(fields.contains(f), "{f} not named: {}", bad.text);
    }
    let unknown = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some({
                let mut b = appeal("X", "u@example.org");
                b["priority"] = json!("high");
                b
            }),
        )
        .await;
    assert_eq!(unknown.body["errors"][0]["field"], "priority");

    let key = [("idempotency-key", "portal-submission-77")];
    let body = appeal("Retried", "retry@example.org");
    let first = app
        .call_with(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(body.clone()),
            &key,
        )
        .await;
    let again = app
        .call_with(Method::POST, "/api/v1/appeals", Some(&officer), Some(body), &key)
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(first.body["id"], again.body["id"]);
    assert_eq!(first.body["number"], again.body["number"]);
    let all = app.call(Method::GET, "/api/v1/appeals", Some(&officer), None).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn access_follows_roles_offices_and_confidentiality() {
    let app = TestApp::spawn().await;
    add_office(&app, "SAM").await;
    let hq_officer_email = app.user(Role::CaseOfficer, "HQ");
    let hq_officer = app.login(&hq_officer_email).await;
    let hq_other = app.token(Role::CaseOfficer, "HQ").await;
    let sam_officer = app.token(Role::CaseOfficer, "SAM").await;
    let sam_manager = app.token(Role::Manager, "SAM").await;
    let hq_manager = app.token(Role::Manager, "HQ").await;
    let auditor = app.token(Role::Auditor, "SAM").await;
    let admin = app.token(Role::Admin, "HQ").await;
    let monitor = app.token(Role::Monitor, "HQ").await;

    let open = register(&app, &hq_officer, appeal("Open HQ appeal", "o@example.org"))
        .await
        .body;
    let mut conf = appeal("Confidential HQ appeal", "c@example.org");
    conf["confidential"] = json!(true);
    let confidential = register(&app, &hq_officer, conf).await.body;
    assert!(
        confidential["assigned_to"].is_string(),
        "the registering officer is assigned"
    );
    let sam = register(&app, &sam_officer, appeal("Samarkand appeal", "s@example.org"))
        .await
        .body;
    let mut visit = appeal("Received during a visit", "v@example.org");
    visit["channel"] = json!("monitoring_visit");
    let on_visit = register(&app, &monitor, visit).await.body;
    let not_visit = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&monitor),
            Some(appeal("Portal", "p@example.org")),
        )
        .await;
    assert_eq!(not_visit.status, StatusCode::BAD_REQUEST);

    let ids = [
        ("open", &open),
        ("confidential", &confidential),
        ("sam", &sam),
        ("visit", &on_visit),
    ];
    // Who sees what: (caller, the appeals it sees).
    let matrix: [(&str, &str, &[&str]); 8] = [
        ("hq officer (assigned)", &hq_officer, &["open", "confidential", "visit"]),
        ("hq officer (other)", &hq_other, &["open", "visit"]),
        ("sam officer", &sam_officer, &["sam"]),
        ("sam manager", &sam_manager, &["sam"]),
        (
            "hq manager (central)",
            &hq_manager,
            &["open", "confidential", "sam", "visit"],
        ),
        ("auditor", &auditor, &["open", "confidential", "sam", "visit"]),
        ("monitor", &monitor, &["visit"]),
        ("admin", &admin, &[]),
    ];
    for (who, token, visible) in matrix {
        let list = app.call(Method::GET, "/api/v1/appeals", Some(token), None).await;
        if who == "admin" {
            assert_eq!(list.status, StatusCode::FORBIDDEN);
        } else {
            let got: HashSet<_> = list.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].clone())
                .collect();
            let want: HashSet<_> = ids
                .iter()
                .filter(|(n, _)| visible.contains(n))
                .map(|(_, a)| a["id"].clone())
                .collect();
            assert_eq!(got, want, "{who} lists the wrong appeals");
        }
        for (name, a) in ids {
            let id = a["id"].as_str().unwrap();
            for path in [
                format!("/api/v1/appeals/{id}"),
                format!("/api/v1/appeals/{id}/events"),
                format!("/api/v1/appeals/{id}/deadline"),
            ] {
                let r = app.call(Method::GET, &path, Some(token), None).await;
                let expected = if who == "admin" {
                    StatusCode::FORBIDDEN
                } else if visible.contains(&name) {
                    StatusCode::OK
                } else {
                    StatusCode::NOT_FOUND
                };
                assert_eq!(r.status, expected, "{who} GET {path} ({name})");
            }
            let note = app
                .call(
                    Method::POST,
                    &format!("/api/v1/appeals/{id}/notes"),
                    Some(token),
                    Some(json!({"text": "x"})),
                )
                .await;
            let expected = if who == "admin" || who == "auditor" {
                StatusCode::FORBIDDEN
            } else if visible.contains(&name) {
                StatusCode::CREATED
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(note.status, expected, "{who} adds a note to {name}");
        }
    }
}

#[actix_web::test]
async fn reprisal_risk_withholds_the_identity_from_all_but_the_assigned_officer_and_managers() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let colleague = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let mut body = appeal("Beaten in detention", "detainee.family@example.org");
    body["reprisal_risk"] = json!(true);
    body["assigned_to"] = app
        .call(Method::GET, "/api/v1/users/me", Some(&officer), None)
        .await
        .body["id"]
        .clone();
    let a = register(&app, &officer, body).await.body;
    let path = format!("/api/v1/appeals/{}", a["id"].as_str().unwrap());
    let mine = app.call(Method::GET, &path, Some(&officer), None).await;
    assert_eq!(mine.body["applicant"]["full_name"], "Dilnoza Karimova");
    let theirs = app.call(Method::GET, &path, Some(&colleague), None).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert_eq!(theirs.body["applicant"]["identity_withheld"], true);
    assert!(!theirs.text.contains("Karimova") && !theirs.text.contains("detainee.family"));
    let managers = app.call(Method::GET, &path, Some(&manager), None).await;
    assert_eq!(managers.body["applicant"]["full_name"], "Dilnoza Karimova");
}

#[actix_web::test]
async fn edits_need_a_current_etag() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let created = register(&app, &officer, appeal("Typo in subjcet", "e@example.org")).await;
    let path = format!("/api/v1/appeals/{}", created.body["id"].as_str().unwrap());
    let etag = created.header("etag").unwrap();
    let change = json!({"subject": "Pensiya to'lovi kechikmoqda"});
    let without = app
        .call(Method::PATCH, &path, Some(&officer), Some(change.clone()))
        .await;
    assert_eq!(without.status, StatusCode::PRECONDITION_REQUIRED);
    let ok = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&officer),
            Some(change.clone()),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(ok.body["subject"], "Pensiya to'lovi kechikmoqda");
    let stale = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&officer),
            Some(change),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    // The edited subject is searchable, in the other script too.
    let found = app
        .call(Method::GET, "/api/v1/appeals?q=кечикмоқда", Some(&officer), None)
        .await;
    assert_eq!(found.body["items"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn due_dates_follow_the_calendar_extensions_and_explain_themselves() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    // Navruz: Friday 21 March 2025.
    let put = app
        .call(
            Method::PUT,
            "/api/v1/calendar/days/2025-03-21",
            Some(&admin),
            Some(json!({"kind": "holiday", "name": "Navruz"})),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    let refused = app
        .call(
            Method::PUT,
            "/api/v1/calendar/days/2025-03-22",
            Some(&officer),
            Some(json!({"kind": "holiday", "name": "x"})),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let a = register(&app, &officer, appeal("Deadline", "dl@example.org"))
        .await
        .body;
    // 5 working days from Friday 14 March: 17, 18, 19, 20 and (21 is Navruz) Monday 24.
    assert_eq!(a["due_on"], "2025-03-24");
    let id = a["id"].as_str().unwrap();
    let why = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{id}/deadline"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(why.status, StatusCode::OK);
    assert_eq!(why.body["rule"]["days"], 5);
    assert_eq!(why.body["rule"]["unit"], "working_days");
    assert_eq!(why.body["start"], "2025-03-14");
    let skipped: Vec<_> = why.body["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["date"].as_str().unwrap(), d["reason"].as_str().unwrap()))
        .collect();
    assert!(skipped.contains(&("2025-03-21", "holiday")), "{skipped:?}");
    assert!(skipped.contains(&("2025-03-15", "weekend")), "{skipped:?}");

    // Received in March 2025, still open: overdue today.
    let overdue = app
        .call(Method::GET, "/api/v1/appeals?overdue=true", Some(&officer), None)
        .await;
    assert_eq!(overdue.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(overdue.body["items"][0]["overdue"], true);

    let by_officer = transition(
        &app,
        &officer,
        id,
        json!({"action": "extend", "days": 10, "reason": "Expert opinion"}),
    )
    .await;
    assert_eq!(by_officer.status, StatusCode::FORBIDDEN);
    let no_reason = transition(&app, &manager, id, json!({"action": "extend", "days": 10})).await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_reason.body["errors"][0]["field"], "reason");
    let extended = transition(
        &app,
        &manager,
        id,
        json!({"action": "extend", "days": 10, "reason": "Expert opinion"}),
    )
    .await;
    assert_eq!(extended.status, StatusCode::OK, "{}", extended.text);
    // 24 March + 10 calendar days = Thursday 3 April.
    assert_eq!(extended.body["due_on"], "2025-04-03");
    let twice = transition(
        &app,
        &manager,
        id,
        json!({"action": "extend", "days": 5, "reason": "Again"}),
    )
    .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let too_long = transition(
        &app,
        &manager,
        id,
        json!({"action": "extend", "days": 31, "reason": "x"}),
    )
    .await;
    assert_ne!(too_long.status, StatusCode::OK);
}

#[actix_web::test]
async fn pages_stay_stable_when_appeals_arrive_between_them() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    for day in ["2025-03-10", "2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14"] {
        let mut b = appeal(&format!("On {day}"), &format!("{day}@example.org"));
        b["received_on"] = json!(day);
        register(&app, &officer, b).await;
    }
    let first = app
        .call(Method::GET, "/api/v1/appeals?limit=2", Some(&officer), None)
        .await;
    let subjects = |r: &Reply| {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["subject"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(subjects(&first), ["On 2025-03-14", "On 2025-03-13"]);
    let mut newer = appeal("Newest", "n@example.org");
    newer["received_on"] = json!("2025-03-20");
    register(&app, &officer, newer).await;
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals?limit=2&cursor={cursor}"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(subjects(&second), ["On 2025-03-12", "On 2025-03-11"]);
    let cursor = second.body["next_cursor"].as_str().unwrap();
    let third = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals?limit=2&cursor={cursor}"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(subjects(&third), ["On 2025-03-10"]);
    assert!(third.body["next_cursor"].is_null());
    let bad = app
        .call(Method::GET, "/api/v1/appeals?limit=500", Some(&officer), None)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let bad = app
        .call(Method::GET, "/api/v1/appeals?status=pending", Some(&officer), None)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["errors"][0]["field"], "status");
}

#[actix_web::test]
async fn the_public_lookup_gives_one_answer_to_wrong_numbers_and_codes_and_is_rate_limited() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let a = register(&app, &officer, appeal("Lookup", "l@example.org")).await.body;
    let code = a["access_code"].as_str().unwrap();
    let wrong_code = app
        .call(
            Method::GET,
            "/api/v1/public/appeals/HQ-2025-000001?access_code=AAAAAAAAAA",
            None,
            None,
        )
        .await;
    let wrong_number = app
        .call(
            Method::GET,
            &format!("/api/v1/public/appeals/HQ-2025-999999?access_code={code}"),
            None,
            None,
        )
        .await;
    assert_eq!(wrong_code.status, StatusCode::NOT_FOUND);
    assert_eq!(wrong_code.body, wrong_number.body);
    let ok = app
        .call(
            Method::GET,
            &format!(
                "/api/v1/public/appeals/HQ-2025-000001?access_code={}",
                code.to_lowercase()
            ),
            None,
            None,
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.body["status"], "registered");
    // The harness allows 10 lookups a minute per client; 3 were made.
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(
            app.call(
                Method::GET,
                &format!("/api/v1/public/appeals/HQ-2025-000001?access_code={code}"),
                None,
                None,
            )
            .await
            .status,
        );
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 7);
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS));
}

#[actix_web::test]
async fn an_office_configures_its_deadline_policy() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let hq = app.call(Method::GET, "/api/v1/offices", Some(&admin), None).await.body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/offices/{hq}/deadline-policy");
    let defaults = app.call(Method::GET, &path, Some(&officer), None).await;
    assert_eq!(defaults.body["initial"], json!({"days": 5, "unit": "working_days"}));
    let mut policy = defaults.body.clone();
    policy["initial"] = json!({"days": 3, "unit": "working_days"});
    let refused = app.call(Method::PUT, &path, Some(&officer), Some(policy.clone())).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let mut bad = policy.clone();
    bad["standard"] = json!({"days": 0, "unit": "calendar_days"});
    assert_eq!(
        app.call(Method::PUT, &path, Some(&admin), Some(bad)).await.status,
        StatusCode::BAD_REQUEST
    );
    let mut endless = policy.clone();
    endless["max_extensions"] = json!(2_147_483_648_u64);
    let refused = app.call(Method::PUT, &path, Some(&admin), Some(endless)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    assert_eq!(refused.body["errors"][0]["field"], "max_extensions");
    let saved = app.call(Method::PUT, &path, Some(&admin), Some(policy)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    // 3 working days from Friday 14 March 2025: 17, 18, 19 March.
    let a = register(&app, &officer, appeal("Short policy", "p@example.org"))
        .await
        .body;
    assert_eq!(a["due_on"], "2025-03-19");
}
