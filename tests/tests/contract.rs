//! The served OpenAPI document is a contract clients can generate code from: valid for the
//! reference validator (openapi-spec-validator), and describing the errors the server really sends.

use ombudsman_e2e::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// The Python that has openapi-spec-validator (`scripts/test` installs it and exports `PYTHON`).
fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

#[actix_web::test]
async fn the_served_document_passes_the_openapi_validator() {
    let app = TestApp::spawn().await;
    let spec = app.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(spec.status, StatusCode::OK);
    let file = std::env::temp_dir().join(format!("ombudsman-openapi-{}.json", uuid::Uuid::now_v7().simple()));
    std::fs::write(&file, &spec.text).expect("write the document");
    let output = std::process::Command::new(python())
        .args(["-m", "openapi_spec_validator", "--validation-errors", "all"])
        .arg(&file)
        .output()
        .expect("run python");
    std::fs::remove_file(&file).expect("remove the document");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named openapi_spec_validator"),
        "openapi-spec-validator is not installed for {}: run scripts/test, or \
         `{} -m pip install 'openapi-spec-validator>=0.7,<1'`",
        python(),
        python()
    );
    assert!(
        output.status.success(),
        "the OpenAPI document is invalid:\n{stdout}\n{stderr}"
    );
}

/// The path with each `{parameter}` filled in: a fresh UUID for ids, a date for `{day}`.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some("day") => "2025-03-14".to_owned(),
                Some("number") => "HQ-2025-000001".to_owned(),
                Some(_) => uuid::Uuid::now_v7().to_string(),
                None => segment.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

#[actix_web::test]
async fn every_secured_operation_refuses_a_missing_token_as_documented() {
    let app = TestApp::spawn().await;
    let spec = app.call(Method::GET, "/api/openapi.json", None, None).await.body;
    let base = spec["servers"][0]["url"].as_str().expect("server url").to_owned();
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            if !secured {
                continue;
            }
            let method: Method = method.to_uppercase().parse().expect("method");
            let body = op.get("requestBody").map(|_| Value::Object(Default::default()));
            let reply = app
                .call(method.clone(), &format!("{base}{}", concrete(path)), None, body)
                .await;
            let status = reply.status.as_str().to_owned();
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{method} {path}: {}",
                reply.text
            );
            assert!(
                op["responses"].get(&status).is_some(),
                "{method} {path} answers {status}, which it does not document"
            );
            assert_eq!(
                reply.header("content-type").as_deref(),
                Some("application/problem+json"),
                "{method} {path}"
            );
            assert_eq!(
                reply.header("www-authenticate").as_deref(),
                Some("Bearer"),
                "{method} {path}"
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} secured operations found");
}

/// A request can match its schema and still break a rule JSON Schema cannot state; the document
/// lists each such rule's code in `x-rules`, and the server answers with those codes.
#[actix_web::test]
async fn rules_beyond_the_schemas_are_documented_by_their_codes() {
    let app = TestApp::spawn().await;
    let spec = app.call(Method::GET, "/api/openapi.json", None, None).await.body;
    let rules: Vec<(String, Vec<String>)> = spec["x-rules"]
        .as_array()
        .expect("x-rules")
        .iter()
        .map(|r| {
            let fields = r["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_owned());
            (r["code"].as_str().unwrap().to_owned(), fields.collect())
        })
        .collect();
    let documented = |field: &str, code: &str| {
        rules
            .iter()
            .any(|(c, fields)| c == code && (fields.is_empty() || fields.iter().any(|f| f == field)))
    };
    let officer = app.token(ombudsman_domain::user::Role::CaseOfficer, "HQ").await;
    let manager = app.token(ombudsman_domain::user::Role::Manager, "HQ").await;
    // Schema-valid, each refused for a rule of the document.
    let both = serde_json::json!({
        "received_on": "2025-03-14", "channel": "in_person", "region": "tashkent_city",
        "subject": "Pension", "categories": ["social_security"],
        "applicant": {"kind": "citizen", "full_name": "Dilnoza Karimova"},
        "applicant_id": uuid::Uuid::now_v7(),
    });
    let nobody = serde_json::json!({
        "appeal_id": uuid::Uuid::now_v7(), "kind": "pension", "amount_minor": 100,
        "currency": "UZS", "recovered_on": "2025-03-14", "paid_by": "Pension Fund",
    });
    for (token, path, body) in [
        (&officer, "/api/v1/appeals", both),
        (&manager, "/api/v1/compensations", nobody),
    ] {
        let refused = app.call(Method::POST, path, Some(token), Some(body)).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{path}: {}", refused.text);
        for error in refused.body["errors"].as_array().unwrap() {
            let (field, code) = (error["field"].as_str().unwrap(), error["code"].as_str().unwrap());
            assert!(documented(field, code), "{path}: {field} {code} is not in x-rules");
        }
    }
    // A shape error is the schema's business, not a rule beyond it.
    assert!(!documented("channel", "invalid_choice"));
}
