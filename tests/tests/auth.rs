//! Login, token expiry and tampering, refresh rotation, deactivation.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use ombudsman_domain::user::Role;
use ombudsman_e2e::{TestApp, JWT_AUDIENCE, JWT_ISSUER, JWT_SECRET, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn login(app: &TestApp, email: &str, password: &str) -> ombudsman_e2e::Reply {
    app.call(
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(json!({"email": email, "password": password})),
    )
    .await
}

fn user_id(app: &TestApp, email: &str) -> String {
    let mut conn = app.pool.get().unwrap();
    ombudsman_db::users::find_by_email(&mut conn, email)
        .unwrap()
        .id
        .to_string()
}

fn forge(claims: Value, secret: &str, alg: Algorithm) -> String {
    encode(&Header::new(alg), &claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

#[actix_web::test]
async fn login_issues_a_bearer_pair_that_opens_the_api() {
    let app = TestApp::spawn().await;
    let email = app.user(Role::CaseOfficer, "HQ");
    let reply = login(&app, &email, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["token_type"], "Bearer");
    assert_eq!(reply.body["expires_in"], 900);
    assert!(reply.body["refresh_token"].as_str().unwrap().len() >= 40);
    let token = reply.body["access_token"].as_str().unwrap();
    let me = app.call(Method::GET, "/api/v1/users/me", Some(token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], email.as_str());
    assert_eq!(me.body["role"], "case_officer");
    assert!(me.body.get("password_hash").is_none());
    // The e-mail is matched case-insensitively.
    assert_eq!(
        login(&app, &email.to_uppercase(), PASSWORD).await.status,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let email = app.user(Role::Manager, "HQ");
    let wrong = login(&app, &email, "not the password at all").await;
    let unknown = login(&app, "nobody@example.org", PASSWORD).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(
        wrong.header("content-type").as_deref(),
        Some("application/problem+json")
    );
}

#[actix_web::test]
async fn requests_without_a_valid_token_are_refused() {
    let app = TestApp::spawn().await;
    let email = app.user(Role::Admin, "HQ");
    let sub = user_id(&app, &email);
    let now = chrono::Utc::now().timestamp();
    let good =
        json!({"sub": sub, "iss": JWT_ISSUER, "aud": JWT_AUDIENCE, "exp": now + 600, "nbf": now - 1, "iat": now});

    // The forged-but-correct token works, so each refusal below is due to the one thing changed.
    let valid = forge(good.clone(), JWT_SECRET, Algorithm::HS256);
    assert_eq!(
        app.call(Method::GET, "/api/v1/users/me", Some(&valid), None)
            .await
            .status,
        StatusCode::OK
    );

    let mut expired = good.clone();
    expired["exp"] = json!(now - 120);
    expired["nbf"] = json!(now - 1200);
    let mut wrong_audience = good.clone();
    wrong_audience["aud"] = json!("another-service");
    let mut wrong_issuer = good.clone();
    wrong_issuer["iss"] = json!("someone-else");
    let mut not_yet = good.clone();
    not_yet["nbf"] = json!(now + 600);
    let alg_none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(good.to_string())
    );
    let cases = [
        ("expired", forge(expired, JWT_SECRET, Algorithm::HS256)),
        (
            "wrong signature",
            forge(good.clone(), "another-secret-another-secret-0000", Algorithm::HS256),
        ),
        ("wrong audience", forge(wrong_audience, JWT_SECRET, Algorithm::HS256)),
        ("wrong issuer", forge(wrong_issuer, JWT_SECRET, Algorithm::HS256)),
        ("not yet valid", forge(not_yet, JWT_SECRET, Algorithm::HS256)),
        ("other algorithm", forge(good.clone(), JWT_SECRET, Algorithm::HS512)),
        ("alg none", alg_none),
        ("garbage", "not.a.token".to_owned()),
    ];
    for (what, token) in cases {
        let reply = app.call(Method::GET, "/api/v1/users/me", Some(&token), None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{what} token accepted");
        assert_eq!(reply.header("www-authenticate").as_deref(), Some("Bearer"));
    }
    let none = app.call(Method::GET, "/api/v1/users/me", None, None).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn a_refresh_token_works_once_and_its_reuse_revokes_the_login() {
    let app = TestApp::spawn().await;
    let email = app.user(Role::Monitor, "HQ");
    let first = login(&app, &email, PASSWORD).await.body;
    let refresh = |token: Value| {
        let app = &app;
        async move {
            app.call(
                Method::POST,
                "/api/v1/auth/refresh",
                None,
                Some(json!({"refresh_token": token})),
            )
            .await
        }
    };
    let second = refresh(first["refresh_token"].clone()).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_ne!(second.body["refresh_token"], first["refresh_token"]);
    let token = second.body["access_token"].as_str().unwrap();
    assert_eq!(
        app.call(Method::GET, "/api/v1/users/me", Some(token), None)
            .await
            .status,
        StatusCode::OK
    );

    // The first token again: refused, and the whole family is revoked, including the new one.
    assert_eq!(
        refresh(first["refresh_token"].clone()).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refresh(second.body["refresh_token"].clone()).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(refresh(json!("made-up")).await.status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn deactivating_a_user_takes_effect_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let email = app.user(Role::CaseOfficer, "HQ");
    let pair = login(&app, &email, PASSWORD).await.body;
    let officer = pair["access_token"].as_str().unwrap();
    let id = user_id(&app, &email);
    let path = format!("/api/v1/users/{id}");

    let current = app.call(Method::GET, &path, Some(&admin), None).await;
    let etag = current.header("etag").unwrap();
    let off = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&admin),
            Some(json!({"is_active": false})),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.text);
    assert_eq!(off.body["is_active"], false);

    assert_eq!(
        app.call(Method::GET, "/api/v1/users/me", Some(officer), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(login(&app, &email, PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    let refreshed = app
        .call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": pair["refresh_token"]})),
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::UNAUTHORIZED);
}
