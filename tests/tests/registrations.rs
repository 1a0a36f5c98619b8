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
