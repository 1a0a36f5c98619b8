//! Role checks, optimistic concurrency, idempotent creation and problem+json validation.

use ombudsman_domain::user::Role;
use ombudsman_e2e::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[actix_web::test]
async fn only_admins_create_offices_and_users() {
    let app = TestApp::spawn().await;
    let office = json!({"code": "SAM", "name": "Samarkand regional office", "region": "samarkand"});
    let user = json!({"email": "new@example.org", "full_name": "New Officer", "role": "case_officer",
                      "office": "HQ", "password": "a long enough password"});
    for role in [Role::Manager, Role::CaseOfficer, Role::Monitor, Role::Auditor] {
        let token = app.token(role, "HQ").await;
        let a = app
            .call(Method::POST, "/api/v1/offices", Some(&token), Some(office.clone()))
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{role} created an office");
        let b = app
            .call(Method::POST, "/api/v1/users", Some(&token), Some(user.clone()))
            .await;
        assert_eq!(b.status, StatusCode::FORBIDDEN, "{role} created a user");
        assert_eq!(b.body["code"], "forbidden");
    }
    let admin = app.token(Role::Admin, "HQ").await;
    let created = app
        .call(Method::POST, "/api/v1/offices", Some(&admin), Some(office))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["code"], "SAM");
    let location = created.header("location").unwrap();
    assert_eq!(
        app.call(Method::GET, &location, Some(&admin), None).await.body["name"],
        "Samarkand regional office"
    );

    let mut in_sam = user.clone();
    in_sam["office"] = json!("SAM");
    let u = app
        .call(Method::POST, "/api/v1/users", Some(&admin), Some(in_sam))
        .await;
    assert_eq!(u.status, StatusCode::CREATED, "{}", u.text);
    assert_eq!(u.body["office_id"], created.body["id"]);
    assert!(u.body.get("password").is_none() && u.body.get("password_hash").is_none());
    // The new user can log in with the password the admin set.
    let login = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "new@example.org", "password": "a long enough password"})),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);
}

#[actix_web::test]
async fn bad_input_names_the_wrong_field() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let cases = [
        (
            json!({"code": "sam", "name": "X", "region": "samarkand"}),
            "code",
            "invalid_office_code",
        ),
        (
            json!({"code": "SAM", "name": "X", "region": "mars"}),
            "region",
            "invalid",
        ),
        (json!({"code": "SAM", "region": "samarkand"}), "name", "required"),
        (
            json!({"code": "SAM", "name": "X", "region": "samarkand", "boss": "me"}),
            "boss",
            "unknown_field",
        ),
    ];
    for (body, field, code) in cases {
        let reply = app
            .call(Method::POST, "/api/v1/offices", Some(&admin), Some(body.clone()))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}: {}", reply.text);
        assert_eq!(
            reply.header("content-type").as_deref(),
            Some("application/problem+json")
        );
        assert_eq!(reply.body["status"], 400);
        assert_eq!(reply.body["errors"][0]["field"], field, "{body}: {}", reply.text);
        assert_eq!(reply.body["errors"][0]["code"], code, "{body}: {}", reply.text);
    }
    // A duplicate is a conflict with what exists, as everywhere else: 409.
    let duplicate = app
        .call(
            Method::POST,
            "/api/v1/offices",
            Some(&admin),
            Some(json!({"code": "HQ", "name": "Second HQ", "region": "samarkand"})),
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT, "{}", duplicate.text);
    assert_eq!(duplicate.body["code"], "already_exists");
    assert!(duplicate.body["detail"].as_str().unwrap().starts_with("code:"));
    let users = app
        .call(
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            Some(json!({"email": "not-an-email", "full_name": " ", "role": "case_officer", "office": "HQ", "password": "short"})),
        )
        .await;
    let fields: Vec<_> = users.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "full_name", "password"]);

    let not_json = app
        .client
        .post(format!("{}/api/v1/offices", app.address))
        .bearer_auth(&admin)
        .header("content-type", "text/plain")
        .body("code=SAM")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = json!({"code": "SAM", "name": "x".repeat(100_000), "region": "samarkand"});
    let too_big = app
        .call(Method::POST, "/api/v1/offices", Some(&admin), Some(huge))
        .await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    let nowhere = app.call(Method::GET, "/api/v1/nothing-here", Some(&admin), None).await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert_eq!(nowhere.body["code"], "not_found");
    let bad_id = app
        .call(Method::GET, "/api/v1/users/not-a-uuid", Some(&admin), None)
        .await;
    assert_eq!(bad_id.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn updates_require_a_current_if_match() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let me = app.call(Method::GET, "/api/v1/users/me", Some(&admin), None).await;
    let path = format!("/api/v1/users/{}", me.body["id"].as_str().unwrap());
    let etag = me.header("etag").unwrap();
    let change = json!({"full_name": "Renamed Admin"});

    let without = app.call(Method::PATCH, &path, Some(&admin), Some(change.clone())).await;
    assert_eq!(without.status, StatusCode::PRECONDITION_REQUIRED);
    let ok = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&admin),
            Some(change.clone()),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.body["full_name"], "Renamed Admin");
    assert_ne!(ok.header("etag").unwrap(), etag);
    let stale = app
        .call_with(Method::PATCH, &path, Some(&admin), Some(change), &[("if-match", &etag)])
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.body["code"], "precondition_failed");
}

#[actix_web::test]
async fn a_replayed_create_returns_the_first_response() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let body = json!({"code": "BUX", "name": "Bukhara regional office", "region": "bukhara"});
    let key = [("idempotency-key", "3f1c-office-bux")];
    let first = app
        .call_with(Method::POST, "/api/v1/offices", Some(&admin), Some(body.clone()), &key)
        .await;
    let again = app
        .call_with(Method::POST, "/api/v1/offices", Some(&admin), Some(body), &key)
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(first.body, again.body);
    assert_eq!(first.header("location"), again.header("location"));
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
    let other = json!({"code": "NAV", "name": "Navoi regional office", "region": "navoi"});
    let reused = app
        .call_with(Method::POST, "/api/v1/offices", Some(&admin), Some(other), &key)
        .await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let list = app.call(Method::GET, "/api/v1/offices", Some(&admin), None).await;
    let codes: Vec<_> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["BUX", "HQ"]);

    // Ten concurrent requests with one key create one office.
    let body = json!({"code": "FER", "name": "Fergana regional office", "region": "fergana"});
    let replies = futures_join(&app, &admin, body).await;
    let ids: std::collections::HashSet<_> = replies.iter().map(|r| r.body["id"].to_string()).collect();
    assert!(
        replies.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        replies.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    assert_eq!(ids.len(), 1);
}

async fn futures_join(app: &TestApp, token: &str, body: serde_json::Value) -> Vec<ombudsman_e2e::Reply> {
    let mut handles = Vec::new();
    for _ in 0..10 {
        let (client, url, token, body) = (
            app.client.clone(),
            format!("{}/api/v1/offices", app.address),
            token.to_owned(),
            body.clone(),
        );
        handles.push(actix_web::rt::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .header("idempotency-key", "fer-key")
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = res.status();
            let headers = res.headers().clone();
            let text = res.text().await.unwrap();
            ombudsman_e2e::Reply {
                status,
                headers,
                body: serde_json::from_str(&text).unwrap_or_default(),
                text,
            }
        }));
    }
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}
