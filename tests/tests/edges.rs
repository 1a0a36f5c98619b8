//! The edges every response shares: security headers, bounded metrics, token lifetimes.

use chrono::Utc;
use jsonwebtoken::{encode, EncodingKey, Header};
use ombudsman_domain::user::Role;
use ombudsman_e2e::{TestApp, JWT_AUDIENCE, JWT_ISSUER, JWT_SECRET};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[actix_web::test]
async fn every_answer_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let token = app.token(Role::CaseOfficer, "HQ").await;
    let ok = app.call(Method::GET, "/api/v1/users/me", Some(&token), None).await;
    let missing = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{}", uuid::Uuid::now_v7()),
            Some(&token),
            None,
        )
        .await;
    let anonymous = app.call(Method::GET, "/api/v1/appeals", None, None).await;
    let bad_json = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&token),
            Some(json!({"nonsense": true})),
        )
        .await;
    for (r, status) in [
        (&ok, StatusCode::OK),
        (&missing, StatusCode::NOT_FOUND),
        (&anonymous, StatusCode::UNAUTHORIZED),
        (&bad_json, StatusCode::BAD_REQUEST),
    ] {
        assert_eq!(r.status, status, "{}", r.text);
        assert_eq!(r.header("x-content-type-options").as_deref(), Some("nosniff"));
        assert_eq!(r.header("referrer-policy").as_deref(), Some("no-referrer"));
        assert_eq!(r.header("x-frame-options").as_deref(), Some("DENY"));
        assert_eq!(
            r.header("content-security-policy").as_deref(),
            Some("frame-ancestors 'none'")
        );
    }
}

#[actix_web::test]
async fn invented_methods_do_not_grow_the_metrics() {
    let app = TestApp::spawn().await;
    for i in 0..20 {
        let method = Method::from_bytes(format!("INVENTED{i}").as_bytes()).unwrap();
        let r = app.call(method, "/api/v1/appeals", None, None).await;
        assert!(r.status.is_client_error(), "{}", r.status);
    }
    let metrics = app.call(Method::GET, "/metrics", None, None).await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(!metrics.text.contains("INVENTED"), "{}", metrics.text);
    assert!(metrics.text.contains("method=\"OTHER\""));
}

#[actix_web::test]
async fn a_token_lives_no_longer_than_the_configured_lifetime_whatever_its_exp() {
    let app = TestApp::spawn().await;
    let token = app.token(Role::CaseOfficer, "HQ").await;
    let me = app.call(Method::GET, "/api/v1/users/me", Some(&token), None).await;
    let sub = me.body["id"].as_str().unwrap().to_owned();
    let now = Utc::now().timestamp();
    let sign = |iat: i64, exp: i64| {
        let claims = json!({"sub": sub, "iss": JWT_ISSUER, "aud": JWT_AUDIENCE, "exp": exp, "nbf": now, "iat": iat});
        encode(
            &Header::default(),
            &claims,
            &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
        )
        .unwrap()
    };
    // Properly signed, but valid for ten years, or issued in the future: refused.
    for forged in [sign(now, now + 10 * 365 * 86_400), sign(now + 3_600, now + 3_600 + 600)] {
        let r = app.call(Method::GET, "/api/v1/users/me", Some(&forged), None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
    }
    // Within the lifetime (900 s in the tests): accepted.
    let fine = sign(now, now + 600);
    let r = app.call(Method::GET, "/api/v1/users/me", Some(&fine), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[actix_web::test]
async fn failed_logins_are_throttled_in_the_database_for_a_minute_at_most() {
    let app = TestApp::spawn().await;
    let email = app.user(Role::CaseOfficer, "HQ");
    let other = app.user(Role::Manager, "HQ");
    let login = |email: String, password: &'static str| {
        let app = &app;
        async move {
            app.call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"email": email, "password": password})),
            )
            .await
        }
    };
    for _ in 0..5 {
        let r = login(email.clone(), "not the password at all").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
    }
    let throttled = login(email.clone(), "not the password at all").await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS, "{}", throttled.text);
    assert!(throttled.header("retry-after").is_some());
    // The wait is what is left of the minute, counted by the database.
    let wait: u64 = throttled.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(
        throttled.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    // Even the right password waits out the minute from this address…
    let right = login(email.clone(), ombudsman_e2e::PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    // …while another account from the same address is not held up.
    assert_eq!(login(other, ombudsman_e2e::PASSWORD).await.status, StatusCode::OK);
    // The count is in PostgreSQL, shared by every instance; once the minute is over the owner
    // gets in, and a success clears the count.
    app.sql("UPDATE login_throttle SET window_started_at = now() - interval '61 seconds'")
        .unwrap();
    assert_eq!(
        login(email.clone(), ombudsman_e2e::PASSWORD).await.status,
        StatusCode::OK
    );
    for _ in 0..4 {
        login(email.clone(), "not the password at all").await;
    }
    assert_eq!(login(email, ombudsman_e2e::PASSWORD).await.status, StatusCode::OK);
}

#[actix_web::test]
async fn one_request_with_many_wrong_fields_gets_every_one_named() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let wrong = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(json!({
                "received_on": "14 March", "channel": "pigeon", "anonymous": "maybe",
                "region": "atlantis", "categories": "fair_trial", "colour": "red"})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{}", wrong.text);
    let mut fields: Vec<&str> = wrong.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    for field in ["anonymous", "categories", "channel", "colour", "received_on", "region"] {
        assert!(fields.contains(&field), "{field} is not named: {}", wrong.text);
    }
    // Nothing was registered.
    let list = app.call(Method::GET, "/api/v1/appeals", Some(&officer), None).await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(0), "{}", list.text);
}

#[actix_web::test]
async fn the_public_lookup_limit_is_per_client_behind_trusted_proxies_and_shared_by_instances() {
    let app = TestApp::spawn_with(|state| {
        state.settings.trusted_proxies = ombudsman_api::client::TrustedProxies::parse("127.0.0.1").unwrap();
        state.settings.lookup_limit_per_minute = 3;
    })
    .await;
    let lookup = |base: String, forwarded: &'static str| {
        let client = app.client.clone();
        async move {
            client
                .get(format!("{base}/api/v1/public/appeals/HQ-2025-000001?access_code=NOPE"))
                .header("x-forwarded-for", forwarded)
                .send()
                .await
                .unwrap()
        }
    };
    // Two citizens behind the same proxy each get their own three lookups.
    for _ in 0..3 {
        assert_eq!(
            lookup(app.address.clone(), "198.51.100.1").await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            lookup(app.address.clone(), "198.51.100.2").await.status(),
            StatusCode::NOT_FOUND
        );
    }
    // A second replica over the same database shares the count: the fourth is refused there.
    let other = app.another_instance(|state| {
        state.settings.trusted_proxies = ombudsman_api::client::TrustedProxies::parse("127.0.0.1").unwrap();
        state.settings.lookup_limit_per_minute = 3;
    });
    let refused = lookup(other.clone(), "198.51.100.1").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // What a client writes to the left of the proxy's own entry is not believed.
    assert_eq!(
        lookup(app.address.clone(), "203.0.113.50, 198.51.100.1").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(lookup(other, "198.51.100.3").await.status(), StatusCode::NOT_FOUND);
    // Without trusted proxies the header is ignored: every request is the peer's.
    let direct = TestApp::spawn_with(|state| state.settings.lookup_limit_per_minute = 2).await;
    let statuses: Vec<StatusCode> = {
        let mut s = Vec::new();
        for forwarded in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
            let r = direct
                .call_with(
                    Method::GET,
                    "/api/v1/public/appeals/HQ-2025-000001?access_code=NOPE",
                    None,
                    None,
                    &[("x-forwarded-for", forwarded)],
                )
                .await;
            s.push(r.status);
        }
        s
    };
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
}

#[actix_web::test]
async fn hsts_and_the_metrics_token_apply_when_configured() {
    let app = TestApp::spawn().await;
    let plain = app.call(Method::GET, "/healthz", None, None).await;
    assert!(plain.header("strict-transport-security").is_none());
    assert_eq!(
        app.call(Method::GET, "/metrics", None, None).await.status,
        StatusCode::OK
    );

    let app = TestApp::spawn_with(|state| {
        state.settings.hsts_max_age_secs = Some(31_536_000);
        state.settings.metrics_token = Some(secrecy::SecretString::from("metrics-token-0123456789"));
    })
    .await;
    let healthz = app.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(
        healthz.header("strict-transport-security").as_deref(),
        Some("max-age=31536000; includeSubDomains")
    );
    let anonymous = app.call(Method::GET, "/metrics", None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert!(!anonymous.text.contains("http_requests"), "{}", anonymous.text);
    let wrong = app
        .call(Method::GET, "/metrics", Some("metrics-token-0123456788"), None)
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let right = app
        .call(Method::GET, "/metrics", Some("metrics-token-0123456789"), None)
        .await;
    assert_eq!(right.status, StatusCode::OK, "{}", right.text);

    // Metrics on their own listener: the API's listener does not serve them.
    let app = TestApp::spawn_with(|state| state.settings.metrics_elsewhere = true).await;
    assert_eq!(
        app.call(Method::GET, "/metrics", None, None).await.status,
        StatusCode::NOT_FOUND
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let mut state = ombudsman_e2e::state(app.pool.clone());
    state.settings.metrics_elsewhere = true;
    actix_web::rt::spawn(ombudsman_api::metrics_server(listener, state).unwrap());
    let metrics = app.client.get(format!("{address}/metrics")).send().await.unwrap();
    assert_eq!(metrics.status(), StatusCode::OK);
    assert!(metrics.text().await.unwrap().contains("outbox"));
    let other = app
        .client
        .get(format!("{address}/api/v1/users/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn an_unwritable_attachment_store_is_a_503_naming_it_and_readyz_says_so() {
    let dir = std::env::temp_dir().join(format!("omb-store-{}", uuid::Uuid::now_v7().simple()));
    let store_dir = dir.clone();
    let app = TestApp::spawn_with(move |state| {
        state.attachments = ombudsman_api::AttachmentStore::local(&store_dir, 64 * 1024).unwrap();
    })
    .await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let ready = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.text);
    assert_eq!(ready.body["attachments"], "ok");
    let created = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(json!({
            "received_on": "2025-03-14", "channel": "letter", "anonymous": true, "region": "navoi",
            "subject": "Scan of the court decision", "categories": ["fair_trial"]})),
        )
        .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    // The store's directory is replaced by a file: nothing can be written under it.
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::write(&dir, b"not a directory").unwrap();
    let upload = app
        .client
        .post(format!(
            "{}/api/v1/appeals/{id}/attachments?filename=decision.pdf",
            app.address
        ))
        .bearer_auth(&officer)
        .header("content-type", "application/pdf")
        .body([b"%PDF-1.7\n".as_slice(), &[b'x'; 1000]].concat())
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(upload.headers().get("retry-after").is_some());
    let problem: serde_json::Value = upload.json().await.unwrap();
    assert_eq!(problem["code"], "attachment_store_unavailable", "{problem}");
    assert!(
        !problem.to_string().contains(dir.to_str().unwrap()),
        "the problem leaks the path: {problem}"
    );
    let ready = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE, "{}", ready.text);
    assert_eq!(ready.body["attachments"], "unwritable");
    assert_eq!(ready.body["database"], "ok");
    let listed = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{id}/attachments"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(
        listed.body["items"].as_array().map(Vec::len),
        Some(0),
        "{}",
        listed.text
    );
    std::fs::remove_file(&dir).unwrap();
}

#[test]
fn a_full_disk_is_a_507() {
    let full = object_store::Error::Generic {
        store: "LocalFileSystem",
        source: Box::new(std::io::Error::from(std::io::ErrorKind::StorageFull)),
    };
    let err = ombudsman_api::AttachmentStore::error(full);
    assert_eq!(
        actix_web::ResponseError::status_code(&err),
        actix_web::http::StatusCode::INSUFFICIENT_STORAGE
    );
    let denied = object_store::Error::Generic {
        store: "LocalFileSystem",
        source: Box::new(std::io::Error::from(std::io::ErrorKind::PermissionDenied)),
    };
    assert_eq!(
        actix_web::ResponseError::status_code(&ombudsman_api::AttachmentStore::error(denied)),
        actix_web::http::StatusCode::SERVICE_UNAVAILABLE
    );
}

#[actix_web::test]
async fn with_the_database_gone_a_client_gets_503_and_retry_after_within_a_second_or_so() {
    let pool = ombudsman_db::pool("postgres://postgres@127.0.0.1:1/nowhere", 2);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    actix_web::rt::spawn(ombudsman_api::server(listener, ombudsman_e2e::state(pool), 1).unwrap());
    let client = reqwest::Client::new();
    let started = std::time::Instant::now();
    let login = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&json!({"email": "a@example.org", "password": "whatever-password"}))
        .send()
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(login.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(login.headers().get("retry-after").is_some());
    assert_eq!(
        login.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    // The pool gives up after ombudsman_db::POOL_TIMEOUT (1 s); allow for a loaded machine.
    assert!(waited < std::time::Duration::from_secs(3), "{waited:?}");
}

#[actix_web::test]
async fn the_docs_page_is_served_from_the_binary() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let redirect = client.get(format!("{}/docs", app.address)).send().await.unwrap();
    assert_eq!(redirect.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(redirect.headers()["location"], "/docs/");
    let page = app.call(Method::GET, "/docs/", None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("swagger-ui"), "{}", page.text);
    assert!(
        !page.text.contains("src=\"http") && !page.text.contains("href=\"http"),
        "the page loads something from another site: {}",
        page.text
    );
    let init = app.call(Method::GET, "/docs/swagger-initializer.js", None, None).await;
    assert_eq!(init.status, StatusCode::OK);
    assert!(init.text.contains("/api/openapi.json"), "{}", init.text);
    for asset in ["/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css"] {
        let got = app.call(Method::GET, asset, None, None).await;
        assert_eq!(got.status, StatusCode::OK, "{asset}");
        assert!(got.text.len() > 10_000, "{asset}");
    }
}

#[actix_web::test]
async fn a_method_a_known_path_does_not_have_is_405_with_allow() {
    let app = TestApp::spawn().await;
    let token = app.token(Role::CaseOfficer, "HQ").await;
    let appeal = format!("/api/v1/appeals/{}", uuid::Uuid::now_v7());
    for (method, path, allow) in [
        (Method::DELETE, "/api/v1/appeals", "GET, POST"),
        (Method::PUT, "/api/v1/appeals", "GET, POST"),
        (Method::TRACE, "/api/v1/auth/refresh", "POST"),
        (Method::POST, appeal.as_str(), "GET, PATCH"),
        (Method::POST, "/healthz", "GET"),
        // `PATCH /users/{id}` would take `me` for an id: the literal path still answers 405 (to a
        // signed-in caller; that route asks for the token first).
        (Method::PATCH, "/api/v1/users/me", "GET"),
    ] {
        let callers = if path.ends_with("/me") {
            vec![Some(token.as_str())]
        } else {
            vec![Some(token.as_str()), None]
        };
        for auth in callers {
            let r = app.call(method.clone(), path, auth, None).await;
            assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}: {}", r.text);
            assert_eq!(r.header("allow").as_deref(), Some(allow), "{method} {path}");
            assert_eq!(
                r.header("content-type").as_deref(),
                Some("application/problem+json"),
                "{method} {path}"
            );
            let problem: serde_json::Value = serde_json::from_str(&r.text).unwrap();
            assert_eq!(problem["status"], 405);
            assert_eq!(problem["code"], "method_not_allowed");
        }
    }
    // A path no route has stays 404, whatever the method.
    for method in [Method::GET, Method::DELETE] {
        let r = app.call(method, "/api/v1/no-such-thing", Some(&token), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
}
