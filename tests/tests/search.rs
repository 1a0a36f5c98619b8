//! Finding a case by what an officer knows: part of the number, the applicant's name in either
//! script, the phone in any formatting, the e-mail — and never a protected person by who they are.

use ombudsman_domain::user::Role;
use ombudsman_e2e::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn appeal(name: &str, email: &str, phone: &str, subject: &str, protected: bool) -> Value {
    json!({
        "received_on": "2025-03-14",
        "channel": "letter",
        "applicant": {"kind": "citizen", "full_name": name, "email": email, "phone": phone,
                      "language": "uz-Latn", "citizenship": "UZ"},
        "region": "tashkent_city",
        "subject": subject,
        "description": "Ariza matni.",
        "categories": ["social_security"],
        "reprisal_risk": protected
    })
}

async fn numbers(app: &TestApp, token: &str, q: &str) -> Vec<String> {
    let path = format!("/api/v1/appeals?q={}", url_escape(q));
    let reply = app.call(Method::GET, &path, Some(token), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{q}: {}", reply.text);
    let mut found: Vec<String> = reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["number"].as_str().unwrap().to_owned())
        .collect();
    found.sort();
    found
}

fn url_escape(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[actix_web::test]
async fn an_officer_finds_a_case_by_number_name_phone_or_email_but_never_a_protected_person_by_who_they_are() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let mut registered = Vec::new();
    for body in [
        appeal(
            "Дилноза Каримова",
            "d.karimova@example.org",
            "+998 90 123-45-67",
            "Pensiya",
            false,
        ),
        appeal("Aziz Rahimov", "aziz@example.org", "+998 91 765 43 21", "Uy-joy", false),
        appeal(
            "Nodira Yusupova",
            "nodira@example.org",
            "+998 93 555 11 22",
            "Tergov hibsxonasi",
            true,
        ),
    ] {
        let r = app
            .call(Method::POST, "/api/v1/appeals", Some(&officer), Some(body))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        registered.push(r.body["number"].as_str().unwrap().to_owned());
    }
    let [karimova, rahimov, yusupova] = [&registered[0], &registered[1], &registered[2]];

    // The number, whole or in part.
    assert_eq!(numbers(&app, &officer, karimova).await, vec![karimova.clone()]);
    let tail = &rahimov[rahimov.len() - 6..];
    assert_eq!(numbers(&app, &officer, tail).await, vec![rahimov.clone()]);
    // The name, written in the other script.
    assert_eq!(
        numbers(&app, &officer, "Dilnoza Karimova").await,
        vec![karimova.clone()]
    );
    assert_eq!(numbers(&app, &officer, "Раҳимов").await, vec![rahimov.clone()]);
    // The phone in another formatting, and the e-mail.
    assert_eq!(numbers(&app, &officer, "901234567").await, vec![karimova.clone()]);
    assert_eq!(numbers(&app, &officer, "(91) 765-43-21").await, vec![rahimov.clone()]);
    assert_eq!(numbers(&app, &officer, "AZIZ@example.org").await, vec![rahimov.clone()]);
    // Subject words still work.
    assert_eq!(numbers(&app, &officer, "pensiya").await, vec![karimova.clone()]);

    // A person at reprisal risk is found by number and subject, never by name, phone or e-mail —
    // not even by the officer who registered the appeal (the list does not say why a row matched).
    assert_eq!(numbers(&app, &officer, yusupova).await, vec![yusupova.clone()]);
    assert_eq!(numbers(&app, &officer, "hibsxonasi").await, vec![yusupova.clone()]);
    for who in ["Nodira Yusupova", "Юсупова", "935551122", "nodira@example.org"] {
        assert!(
            numbers(&app, &officer, who).await.is_empty(),
            "{who} finds a protected person"
        );
    }
    // A later, unprotected appeal under the same name is its own record (registration does not
    // match a person whose identity is withheld): it is found by name, the protected one still
    // is not.
    let again = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(appeal(
                "Nodira Yusupova",
                "nodira@example.org",
                "+998 93 555 11 22",
                "Pensiya",
                false,
            )),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
    let later = again.body["number"].as_str().unwrap().to_owned();
    assert_eq!(numbers(&app, &officer, "Yusupova").await, vec![later]);
}
