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
