//! One applicant under concurrency: the same new person registered by several requests at the
//! same moment (same e-mail, or same name and phone) gets every request its 201 and is stored
//! once.

use std::collections::HashSet;

use ombudsman_domain::user::Role;
use ombudsman_e2e::TestApp;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Sends `n` registrations at once, each with its own subject; returns (status, body) of each.
async fn at_once(app: &TestApp, token: &str, applicant: Value, n: usize) -> Vec<(StatusCode, Value)> {
    let mut handles = Vec::new();
    for i in 0..n {
        let (client, url, token) = (
            app.client.clone(),
            format!("{}/api/v1/appeals", app.address),
            token.to_owned(),
        );
        let body = json!({
            "received_on": "2025-03-14", "channel": "letter", "region": "navoi",
            "applicant": applicant.clone(),
            "subject": format!("Complaint {i}"), "categories": ["housing"]});
        handles.push(actix_web::rt::spawn(async move {
            let res = client.post(url).bearer_auth(token).json(&body).send().await.unwrap();
            let status = res.status();
            let body: Value = res.json().await.unwrap_or(Value::Null);
            (status, body)
        }));
    }
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

fn one_applicant(replies: &[(StatusCode, Value)]) -> String {
    assert!(replies.iter().all(|(s, _)| *s == StatusCode::CREATED), "{replies:?}");
    let ids: HashSet<String> = replies
        .iter()
        .map(|(_, b)| {
            b["applicant"]["id"]
                .as_str()
                .expect("the applicant is shown")
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 1, "one person, one applicant: {ids:?}");
    ids.into_iter().next().unwrap()
}

#[actix_web::test]
async fn the_same_new_applicant_registered_at_once_is_stored_once() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;

    let by_email = at_once(
        &app,
        &officer,
        json!({"kind": "citizen", "full_name": "Dilnoza Karimova", "email": "Dilnoza.K@example.org",
               "language": "uz-Latn"}),
        8,
    )
    .await;
    let first = one_applicant(&by_email);

    let by_phone = at_once(
        &app,
        &officer,
        json!({"kind": "citizen", "full_name": "Rustam Aliyev", "phone": "+998 90 123 45 67",
               "language": "uz-Latn"}),
        8,
    )
    .await;
    let second = one_applicant(&by_phone);
    assert_ne!(first, second);

    // Each holds its eight appeals.
    for id in [&first, &second] {
        let history = app
            .call(
                reqwest::Method::GET,
                &format!("/api/v1/applicants/{id}"),
                Some(&officer),
                None,
            )
            .await;
        assert_eq!(history.status, StatusCode::OK, "{}", history.text);
        assert_eq!(
            history.body["appeals"].as_array().map(Vec::len),
            Some(8),
            "{}",
            history.text
        );
    }
}

/// What a registration answers about the applicant and the appeal it repeats is decided before
/// the office's number is taken (so that nothing more is read while the office's other
/// registrations wait): it must be what reading the appeal back shows, and a read of a
/// protected identity is logged in the access log either way.
#[actix_web::test]
async fn a_registration_shows_and_logs_what_reading_the_appeal_back_does() {
    let app = TestApp::spawn().await;
    let manager = app.token(Role::Manager, "HQ").await;
    let auditor = app.token(Role::Auditor, "HQ").await;
    let me = app
        .call(reqwest::Method::GET, "/api/v1/users/me", Some(&manager), None)
        .await;
    let manager_id = me.body["id"].as_str().unwrap().to_owned();
    let body = |subject: &str, reprisal_risk: bool| {
        json!({
            "received_on": "2025-03-14", "channel": "letter", "region": "navoi",
            "applicant": {"kind": "citizen", "full_name": "Protected Person",
                          "email": "protected.person@example.org", "language": "uz-Latn"},
            "reprisal_risk": reprisal_risk, "subject": subject, "categories": ["housing"]})
    };
    let reads = |applicant: String| {
        let (app, auditor) = (&app, &auditor);
        async move {
            let log = app
                .call(
                    reqwest::Method::GET,
                    &format!("/api/v1/access-log?kind=identity_read&record_id={applicant}"),
                    Some(auditor),
                    None,
                )
                .await;
            assert_eq!(log.status, StatusCode::OK, "{}", log.text);
            log.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["actor_id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };

    // A new person whose first appeal is at reprisal risk: the manager sees them and the read
    // is logged.
    let first = app
        .call(
            reqwest::Method::POST,
            "/api/v1/appeals",
            Some(&manager),
            Some(body("First", true)),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let applicant = first.body["applicant"]["id"].as_str().unwrap().to_owned();
    assert!(first.body["repeat_of"].is_null());
    assert_eq!(reads(applicant.clone()).await, vec![manager_id.clone()]);

    // Their second appeal in the same category repeats the first: the link is shown, the same
    // person matched, and the (still protected) identity read twice: by the matching, and by
    // the answer.
    let second = app
        .call(
            reqwest::Method::POST,
            "/api/v1/appeals",
            Some(&manager),
            Some(body("Second", false)),
        )
        .await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text);
    assert_eq!(second.body["applicant"]["id"], json!(applicant));
    assert_eq!(second.body["repeat_of"], first.body["id"]);
    assert_eq!(reads(applicant.clone()).await.len(), 3);

    // Reading it back shows the same, and logs one more read.
    let back = app
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/appeals/{}", second.body["id"].as_str().unwrap()),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text);
    assert_eq!(back.body["repeat_of"], second.body["repeat_of"]);
    assert_eq!(back.body["applicant"]["id"], second.body["applicant"]["id"]);
    assert_eq!(reads(applicant).await.len(), 4);
}

/// The number the registration's one statement takes from the office's counter is the one the
/// appeal, its `registered` timeline entry, its audit event and its acknowledgement carry, in the
/// domain's format on both sides of six digits.
#[actix_web::test]
async fn the_number_taken_is_written_into_every_record_of_the_registration() {
    use diesel::sql_types::Text;
    use diesel::RunQueryDsl;

    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    app.sql(
        "INSERT INTO registration_counters (office_id, series, year, last_value) \
         SELECT id, 'appeal', 2025, 999998 FROM offices WHERE code = 'HQ' \
         ON CONFLICT (office_id, series, year) DO UPDATE SET last_value = 999998",
    )
    .unwrap();
    for (i, expected) in ["HQ-2025-999999", "HQ-2025-1000000"].into_iter().enumerate() {
        let r = app
            .call(
                reqwest::Method::POST,
                "/api/v1/appeals",
                Some(&officer),
                Some(json!({
                    "received_on": "2025-03-14", "channel": "letter", "region": "navoi",
                    "applicant": {"kind": "citizen", "full_name": format!("Numbered Person {i}"),
                                  "email": format!("numbered.{i}@example.org"), "language": "uz-Latn"},
                    "subject": "Pensiya", "categories": ["housing"]})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.body["number"], expected);
        let id = r.body["id"].as_str().unwrap();
        let written: String = diesel::select(diesel::dsl::sql::<Text>(&format!(
            "concat_ws(' ', \
               (SELECT number FROM appeals WHERE id = '{id}'), \
               (SELECT data->>'number' FROM appeal_events WHERE appeal_id = '{id}' AND kind = 'registered'), \
               (SELECT diff->>'number' FROM audit_events WHERE entity_id = '{id}' AND action = 'appeal.register'), \
               (SELECT payload->>'number' FROM outbox WHERE dedupe_key = 'appeal_registered:{id}'))"
        )))
        .get_result(&mut app.db.conn())
        .unwrap();
        assert_eq!(written, [expected; 4].join(" "));
    }
}
